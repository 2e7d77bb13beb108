
/*
 * The one way a change reaches a zone.  A request, the poller and the
 * journal's replay all hand ngx_http_postflow_store_apply() a change
 * (ngx_http_postflow_op_t); it writes the change's record, unless it
 * is being replayed, and applies it with the zone locked.  So a replay
 * does what the live request did by construction: the same function
 * with the same change.
 *
 * Each operation appends the record itself, once it knows the change
 * will be made and before it makes it: a change the zone refuses (full,
 * a conflict) leaves no record, and one the journal refuses is not made.
 *
 * With postflow_replicate, a worker's change goes to the Redis stream
 * instead (zone->submit) and comes back from it with its stream id, in
 * stream order: applied here only then, once per zone, whichever
 * process reads it first.
 *
 * Here too, as a zone is set up: its journal is opened and replayed.
 */


#include "ngx_http_postflow_store.h"


static ngx_int_t ngx_http_postflow_store_journal(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_zone_t *ozone,
    ngx_log_t *log);
static ngx_int_t ngx_http_postflow_store_replay(ngx_http_postflow_zone_t *zone,
    ngx_log_t *log);
static ngx_int_t ngx_http_postflow_store_replay_line(void *data, u_char *p,
    size_t len, ngx_pool_t *pool);
static ngx_int_t ngx_http_postflow_store_submit(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_stream_begin(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_stream_id_t *id);
static void ngx_http_postflow_stream_end(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_stream_id_t *id, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans, ngx_uint_t journaled);


/* by ngx_http_postflow_op_type_e */

static ngx_http_postflow_op_pt  ngx_http_postflow_store_ops[] = {
    ngx_http_postflow_op_register,
    ngx_http_postflow_op_event,
    ngx_http_postflow_op_comment,
    ngx_http_postflow_op_delete,
    ngx_http_postflow_op_label,
    ngx_http_postflow_op_route,
    ngx_http_postflow_op_thread,
    ngx_http_postflow_op_pending,
    ngx_http_postflow_op_track,
    ngx_http_postflow_op_version,
    ngx_http_postflow_op_notify,
    ngx_http_postflow_op_notified,
    ngx_http_postflow_op_position
};


/* the changes requests make, which postflow_replicate shares */
#define ngx_http_postflow_op_shared(type)                                    \
    ((type) <= NGX_HTTP_POSTFLOW_OP_DELETE)


ngx_int_t
ngx_http_postflow_store_apply(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans)
{
    off_t                          size;
    ngx_int_t                      rc;
    ngx_str_t                      line;
    ngx_http_postflow_stream_id_t  id;

    ngx_str_null(&line);

    if (zone->submit && op->stream.len == 0
        && ngx_http_postflow_op_shared(op->type))
    {
        return ngx_http_postflow_store_submit(zone, op, ans);
    }

    /* the record is made before the lock is taken, and written under it */

    if (!zone->replaying) {
        if (op->stream.len == 0) {
            op->time = ngx_time();
        }

        if (zone->journal.path.len
            && ngx_http_postflow_record_encode(op, ans->pool, &line)
               != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    ngx_shmtx_lock(&zone->shpool->mutex);

    zone->changing = NULL;

    if (op->stream.len == 0) {
        rc = ngx_http_postflow_store_ops[op->type](zone, op, ans, &line);

    } else {
        rc = ngx_http_postflow_stream_begin(zone, op, &id);

        if (rc == NGX_OK) {
            size = zone->sh->journal.size;
            rc = ngx_http_postflow_store_ops[op->type](zone, op, ans, &line);
            ngx_http_postflow_stream_end(zone, &id, rc, ans,
                                         zone->replaying
                                         || zone->sh->journal.size != size);
        }
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return rc;
}


/* a live change of a replicated zone: its record goes to the stream */

static ngx_int_t
ngx_http_postflow_store_submit(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans)
{
    ngx_str_t  line;

    op->time = ngx_time();

    if (ngx_http_postflow_record_encode(op, ans->pool, &line) != NGX_OK) {
        return NGX_ERROR;
    }

    line.len--;     /* the newline is the journal's */

    return zone->submit(zone, &line, ans);
}


/*
 * A stream entry, zone locked: applied once, in stream order, with the
 * time its node made it at.  NGX_HTTP_POSTFLOW_STALE: applied already.
 */

static ngx_int_t
ngx_http_postflow_stream_begin(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_stream_id_t *id)
{
    if (ngx_http_postflow_stream_id(op->stream.data, op->stream.len, id)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (ngx_http_postflow_stream_cmp(id, &zone->sh->stream.applied) <= 0) {
        return NGX_HTTP_POSTFLOW_STALE;
    }

    zone->streaming = 1;
    zone->replay_time = op->time;
    zone->peer_change = op->peer;

    return NGX_OK;
}


/*
 * The zone is there in the stream now, unless its journal refused the
 * change: then the entry is read again, rather than skipped.  Where its
 * journal is in the stream is told apart: a restart resumes from there,
 * as entries that changed nothing leave no record.
 */

static void
ngx_http_postflow_stream_end(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_stream_id_t *id, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans, ngx_uint_t journaled)
{
    size_t                          len;
    uint64_t                        now;
    ngx_time_t                     *tp;
    ngx_http_postflow_outcome_t    *oc;
    ngx_http_postflow_stream_sh_t  *st;

    zone->streaming = 0;
    zone->peer_change = 0;

    if (rc == NGX_ERROR || rc == NGX_HTTP_POSTFLOW_NO_STATE) {
        return;
    }

    st = &zone->sh->stream;
    st->applied = *id;

    if (journaled && zone->journal.path.len) {
        st->durable = *id;
    }

    if (zone->replaying || st->outcomes == NULL) {
        return;
    }

    /* from its node's clock to this one's: both run NTP, say */

    tp = ngx_timeofday();
    now = (uint64_t) tp->sec * 1000 + tp->msec;
    st->lag = (now > id->ms) ? (ngx_msec_t) (now - id->ms) : 0;

    oc = &st->outcomes[st->next_outcome++ % NGX_HTTP_POSTFLOW_OUTCOMES];

    len = ngx_min(ans->upload_id.len, NGX_HTTP_POSTFLOW_ID_MAX);

    oc->id = *id;
    oc->rc = (int32_t) rc;
    oc->upload_id_len = len;
    ngx_memcpy(oc->upload_id, ans->upload_id.data, len);
}


ngx_int_t
ngx_http_postflow_store_register(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, ngx_http_postflow_answer_t *ans)
{
    ngx_int_t               rc;
    ngx_http_postflow_op_t  op;

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_REGISTER;
    op.in = *in;

    rc = ngx_http_postflow_store_apply(zone, &op, ans);

    if (rc == NGX_HTTP_POSTFLOW_FULL) {
        ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0,
                      "postflow_zone \"%V\" is full: upload \"%V\" is not"
                      " registered and no finished track can be evicted",
                      &zone->name, &in->upload_id);
    }

    return rc;
}


/*
 * A verified event.  Comment events need the comment's file, which
 * only Frame.io's API tells: the poller's, not the zone's.
 */

ngx_int_t
ngx_http_postflow_store_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_op_t  op;

    if (!ngx_http_postflow_event_changes_track(ev)) {
        return NGX_HTTP_POSTFLOW_IGNORED;
    }

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_EVENT;
    op.event = *ev;
    op.in.file_id = ev->resource_id;
    op.in.project_id = ev->project_id;
    op.in.workspace_id = ev->workspace_id;
    op.in.account_id = ev->account_id;

    return ngx_http_postflow_store_apply(zone, &op, ans);
}


ngx_int_t
ngx_http_postflow_store_comment(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_comment_input_t *in, ngx_http_postflow_analysis_t *an,
    ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_op_t  op;

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_COMMENT;
    op.in.upload_id = in->upload_id;
    op.comment_id = in->comment_id;
    op.author = in->author;
    op.role = in->role;
    op.in.excerpt = in->excerpt;
    op.analysis = *an;

    return ngx_http_postflow_store_apply(zone, &op, ans);
}


ngx_int_t
ngx_http_postflow_store_delete(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_op_t  op;

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_DELETE;
    op.in.upload_id = *upload_id;

    return ngx_http_postflow_store_apply(zone, &op, ans);
}


/*
 * A place in the stream: a snapshot's, or an entry that is no change
 * this version knows.  The position itself is kept by the caller.
 */

ngx_int_t
ngx_http_postflow_op_position(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    if (op->stream.len == 0) {
        return NGX_ERROR;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        return NGX_HTTP_POSTFLOW_NO_STATE;
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_postflow_store_label(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id, ngx_str_t *label, ngx_pool_t *pool)
{
    ngx_http_postflow_op_t      op;
    ngx_http_postflow_answer_t  ans;

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_LABEL;
    op.in.file_id = *file_id;
    op.label = *label;

    ngx_http_postflow_answer_init(&ans, pool);

    return ngx_http_postflow_store_apply(zone, &op, &ans);
}


/* file_id stacked on earlier, a file some track has */

ngx_int_t
ngx_http_postflow_store_version(ngx_http_postflow_zone_t *zone,
    ngx_str_t *earlier, ngx_str_t *file_id, ngx_pool_t *pool)
{
    ngx_http_postflow_op_t      op;
    ngx_http_postflow_answer_t  ans;

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_VERSION;
    op.in.file_id = *file_id;
    op.in.versions = *earlier;

    ngx_http_postflow_answer_init(&ans, pool);

    return ngx_http_postflow_store_apply(zone, &op, &ans);
}


ngx_int_t
ngx_http_postflow_store_fio_file(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id, ngx_http_postflow_track_ref_t *ref,
    ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_op_t  op;

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_ROUTE;
    op.in.upload_id = ref->upload_id;
    op.in.filename = ref->filename;
    op.in.file_id = *file_id;
    op.in.account_id = ref->account_id;

    return ngx_http_postflow_store_apply(zone, &op, ans);
}


ngx_int_t
ngx_http_postflow_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_postflow_zone_t  *ozone = data;

    ngx_int_t                  rc;
    ngx_http_postflow_zone_t  *zone;

    zone = shm_zone->data;

    rc = ngx_http_postflow_store_init(shm_zone, ozone);

    if (rc != NGX_OK) {
        return (rc == NGX_DONE) ? NGX_OK : NGX_ERROR;
    }

    zone->journal.sh = &zone->sh->journal;
    zone->journal.mutex = &zone->shpool->mutex;
    ngx_http_postflow_record_source(zone, &zone->journal.source);

    if (zone->journal.path.len == 0) {
        return NGX_OK;
    }

    if (ozone == NULL) {
        /* a zone whose size changed: the old one holds the tracks */
        ozone = ngx_http_postflow_store_old_zone(zone);
    }

    return ngx_http_postflow_store_journal(zone, ozone, shm_zone->shm.log);
}


/*
 * In the master: a new zone replays its journal; a journal that moved
 * (another path, another zone's file) gets a snapshot of the tracks the
 * old configuration's zone holds, before a new zone replays it.  nginx
 * -t checks the directory only.
 */

static ngx_int_t
ngx_http_postflow_store_journal(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_zone_t *ozone, ngx_log_t *log)
{
    ngx_http_postflow_snapshot_source_t  from;

    if (ngx_http_postflow_journal_init(&zone->journal, log) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_test_config) {
        return NGX_OK;
    }

    if (ozone
        && (ozone->journal.path.len != zone->journal.path.len
            || ngx_strncmp(ozone->journal.path.data, zone->journal.path.data,
                           zone->journal.path.len) != 0))
    {
        ngx_http_postflow_record_source(ozone, &from);

        if (ngx_http_postflow_journal_rewrite(&zone->journal, &from, log)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        ngx_log_error(NGX_LOG_NOTICE, log, 0,
                      "postflow_state \"%V\": %ui tracks of postflow_zone"
                      " \"%V\" written to the new journal",
                      &zone->journal.path, ozone->sh->ntracks, &zone->name);

        if (ozone->sh == zone->sh) {
            return NGX_OK;
        }

    } else if (ozone && ozone->sh == zone->sh) {
        /* the same zone, the same file: nothing moved */
        return NGX_OK;
    }

    return ngx_http_postflow_store_replay(zone, log);
}


static ngx_int_t
ngx_http_postflow_store_replay(ngx_http_postflow_zone_t *zone,
    ngx_log_t *log)
{
    ngx_int_t                     rc;
    ngx_http_postflow_shctx_t    *sh;
    ngx_http_postflow_replayed_t  replayed;

    sh = zone->sh;

    zone->replaying = 1;

    rc = ngx_http_postflow_journal_replay(&zone->journal,
                                          ngx_http_postflow_store_replay_line,
                                          zone, &replayed, log);

    zone->replaying = 0;

    if (rc != NGX_OK) {
        return NGX_ERROR;
    }

    ngx_log_error(NGX_LOG_NOTICE, log, 0,
                  "postflow_state \"%V\": %ui records replayed, %ui skipped,"
                  " %ui tracks", &zone->journal.path, replayed.applied,
                  replayed.skipped, sh->ntracks);

    /*
     * Start from a snapshot when the history is long: past the size to
     * compact at, and with more than two records per thing it describes.
     */

    if (sh->journal.size > zone->journal.compact_size
        && replayed.applied > 2 * (sh->ntracks + sh->npending))
    {
        (void) ngx_http_postflow_journal_compact(&zone->journal, 1, log);
    }

    return NGX_OK;
}


/* a line the zone cannot take is skipped by the journal, with a message */

static ngx_int_t
ngx_http_postflow_store_replay_line(void *data, u_char *p, size_t len,
    ngx_pool_t *pool)
{
    ngx_http_postflow_zone_t  *zone = data;

    ngx_int_t                   rc;
    ngx_http_postflow_op_t      op;
    ngx_http_postflow_answer_t  ans;

    if (ngx_http_postflow_record_decode(p, len, pool, &op) != NGX_OK) {
        return NGX_ERROR;
    }

    zone->replay_time = op.time;

    ngx_http_postflow_answer_init(&ans, pool);

    rc = ngx_http_postflow_store_apply(zone, &op, &ans);

    return (rc == NGX_ERROR || rc == NGX_DECLINED) ? NGX_ERROR : NGX_OK;
}
