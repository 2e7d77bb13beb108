
/*
 * The zone's outbox: the notifications postflow_notify asks for, from
 * the change of a track to their delivery.
 *
 * A change that moves a track's status or review status to an event a
 * target listens to queues one notification per target, with the zone
 * locked, and journals it ("notify") under the same lock, after the
 * change's own record: a change that was acknowledged has its
 * notifications on disk too.  A delivery, or giving up, removes it and
 * journals that ("notified").  A replay queues nothing from the changes
 * themselves: it rebuilds the outbox from those two records.
 *
 * The outbox is bounded: when it is full, or the zone is, the
 * notification is dropped and counted; the change is never refused.
 */


#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_json.h"


static ngx_int_t ngx_http_postflow_outbox_body(ngx_pool_t *pool,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_track_t *t,
    ngx_str_t *json, ngx_http_postflow_target_t *target, ngx_uint_t review,
    ngx_int_t from, ngx_uint_t to, uint64_t id, ngx_str_t *body);
static ngx_int_t ngx_http_postflow_outbox_slack(ngx_pool_t *pool,
    ngx_http_postflow_track_t *t, ngx_uint_t review, ngx_uint_t to,
    ngx_str_t *body);
static ngx_http_postflow_notice_t *ngx_http_postflow_outbox_add(
    ngx_http_postflow_zone_t *zone, ngx_str_t *url, ngx_str_t *body,
    uint64_t id, ngx_uint_t event, time_t created);
static ngx_http_postflow_notice_t *ngx_http_postflow_outbox_find(
    ngx_http_postflow_outbox_sh_t *ob, uint64_t id);
static void ngx_http_postflow_outbox_remove(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_notice_t *n);
static ngx_int_t ngx_http_postflow_outbox_event(ngx_str_t *name);
static uint64_t ngx_http_postflow_outbox_id(ngx_http_postflow_outbox_sh_t *ob);


/*
 * A track's status (review 0) or review status (review 1) moved from
 * "from" (-1: the track is new) to "to": one notification per target
 * that listens to that event, with the track's JSON as it is now.
 */

void
ngx_http_postflow_outbox_change(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *json, ngx_pool_t *pool,
    ngx_uint_t review, ngx_int_t from, ngx_uint_t to)
{
    uint64_t                        id;
    ngx_str_t                       body;
    ngx_uint_t                      i, event;
    ngx_http_postflow_notice_t     *n;
    ngx_http_postflow_target_t     *target;
    ngx_http_postflow_outbox_sh_t  *ob;

    event = review ? NGX_HTTP_POSTFLOW_NOTIFY_REVIEW + to : to;
    target = zone->targets->elts;

    ob = ngx_http_postflow_outbox_sh(zone);

    for (i = 0; i < zone->targets->nelts; i++) {

        if (!(target[i].events & (1 << event))) {
            continue;
        }

        if (ob->nqueued >= NGX_HTTP_POSTFLOW_OUTBOX_MAX) {
            (void) ngx_atomic_fetch_add(&ob->dropped, 1);
            continue;
        }

        id = ngx_http_postflow_outbox_id(ob);

        if (ngx_http_postflow_outbox_body(pool, zone, t, json, &target[i],
                                          review, from, to, id, &body)
            != NGX_OK)
        {
            (void) ngx_atomic_fetch_add(&ob->dropped, 1);
            continue;
        }

        n = ngx_http_postflow_outbox_add(zone, &target[i].url, &body, id,
                                         event, ngx_time());
        if (n == NULL) {
            (void) ngx_atomic_fetch_add(&ob->dropped, 1);
            continue;
        }

        /* a notification the journal refused would not survive a restart */

        if (zone->journal.path.len
            && ngx_http_postflow_record_notice(zone, n, pool) != NGX_OK)
        {
            ngx_http_postflow_outbox_remove(zone, n);
            (void) ngx_atomic_fetch_add(&ob->dropped, 1);
            continue;
        }

        (void) ngx_atomic_fetch_add(&ob->queued, 1);
    }
}


/* the body a target gets: its format, with the change and the track */

static ngx_int_t
ngx_http_postflow_outbox_body(ngx_pool_t *pool,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_track_t *t,
    ngx_str_t *json, ngx_http_postflow_target_t *target, ngx_uint_t review,
    ngx_int_t from, ngx_uint_t to, uint64_t id, ngx_str_t *body)
{
    u_char     *p;
    size_t      size, len;
    ngx_str_t  *names, s[NGX_HTTP_POSTFLOW_NSTRINGS], *excerpt, *author;

    if (target->format == NGX_HTTP_POSTFLOW_NOTIFY_SLACK) {
        return ngx_http_postflow_outbox_slack(pool, t, review, to, body);
    }

    len = json->len;

    ngx_http_postflow_track_strings(t, s);
    excerpt = &s[NGX_HTTP_POSTFLOW_S_EXCERPT];
    author = &s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR];
    names = review ? ngx_http_postflow_review_names
                   : ngx_http_postflow_status_names;

    size = sizeof("{\"id\":\"\",\"event\":\"\",\"zone\":,\"change\":{"
                  "\"field\":\"review_status\",\"from\":,\"to\":\"\"},"
                  "\"track\":,\"comment\":{\"excerpt\":,\"author\":null,"
                  "\"verdict\":\"changes\"},\"at\":\"\"}")
           + NGX_INT64_LEN + sizeof("leaning_rejected")
           + ngx_http_postflow_json_string_size(zone->name.data,
                                                zone->name.len)
           + 2 * sizeof("LEANING_REJECTED") + len
           + ngx_http_postflow_json_string_size(excerpt->data, excerpt->len)
           + ngx_http_postflow_json_string_size(author->data, author->len)
           + NGX_HTTP_POSTFLOW_TIME_LEN;

    if (size > NGX_HTTP_POSTFLOW_NOTICE_BODY_MAX) {
        return NGX_ERROR;
    }

    p = ngx_pnalloc(pool, size);
    if (p == NULL) {
        return NGX_ERROR;
    }

    body->data = p;

    p = ngx_sprintf(p, "{\"id\":\"%uL\",\"event\":\"%V\",\"zone\":", id,
                    ngx_http_postflow_notify_event_name(
                        review ? NGX_HTTP_POSTFLOW_NOTIFY_REVIEW + to : to));
    p = ngx_http_postflow_json_string(p, zone->name.data, zone->name.len);
    p = ngx_sprintf(p, ",\"change\":{\"field\":\"%s\",\"from\":",
                    review ? "review_status" : "status");

    if (from < 0) {
        p = ngx_cpymem(p, "null", 4);

    } else {
        p = ngx_sprintf(p, "\"%V\"", &names[from]);
    }

    p = ngx_sprintf(p, ",\"to\":\"%V\"},\"track\":", &names[to]);
    p = ngx_cpymem(p, json->data, len);
    p = ngx_cpymem(p, ",\"comment\":", sizeof(",\"comment\":") - 1);

    if (excerpt->len == 0) {
        p = ngx_cpymem(p, "null", 4);

    } else {
        p = ngx_cpymem(p, "{\"excerpt\":", sizeof("{\"excerpt\":") - 1);
        p = ngx_http_postflow_json_string(p, excerpt->data, excerpt->len);
        p = ngx_cpymem(p, ",\"author\":", sizeof(",\"author\":") - 1);

        if (author->len) {
            p = ngx_http_postflow_json_string(p, author->data, author->len);

        } else {
            p = ngx_cpymem(p, "null", 4);
        }

        p = ngx_sprintf(p, ",\"verdict\":\"%s\"}",
                        t->excerpt_verdict == NGX_HTTP_POSTFLOW_VERDICT_APPROVE
                        ? "approve"
                        : t->excerpt_verdict
                          == NGX_HTTP_POSTFLOW_VERDICT_CHANGES
                          ? "changes" : "neutral");
    }

    p = ngx_cpymem(p, ",\"at\":\"", sizeof(",\"at\":\"") - 1);
    p = ngx_http_postflow_json_time(p, ngx_time());
    *p++ = '"';
    *p++ = '}';

    body->len = p - body->data;

    return NGX_OK;
}


/* Slack's and Mattermost's incoming webhooks: one line of text */

static ngx_int_t
ngx_http_postflow_outbox_slack(ngx_pool_t *pool,
    ngx_http_postflow_track_t *t, ngx_uint_t review, ngx_uint_t to,
    ngx_str_t *body)
{
    u_char     *p, *text;
    size_t      size;
    ngx_str_t   s[NGX_HTTP_POSTFLOW_NSTRINGS], *name, *excerpt, *state;

    ngx_http_postflow_track_strings(t, s);
    name = &s[NGX_HTTP_POSTFLOW_S_FILENAME];
    excerpt = &s[NGX_HTTP_POSTFLOW_S_EXCERPT];
    state = review ? &ngx_http_postflow_review_names[to]
                   : &ngx_http_postflow_status_names[to];

    size = name->len + state->len + excerpt->len
           + sizeof(": " " \xe2\x80\x94 \xe2\x80\x9c\xe2\x80\x9d");

    text = ngx_pnalloc(pool, size);
    if (text == NULL) {
        return NGX_ERROR;
    }

    p = ngx_sprintf(text, "%V: %V", name, state);

    if (excerpt->len) {
        p = ngx_sprintf(p, " \xe2\x80\x94 \xe2\x80\x9c%V\xe2\x80\x9d",
                        excerpt);
    }

    size = sizeof("{\"text\":}")
           + ngx_http_postflow_json_string_size(text, p - text);

    body->data = ngx_pnalloc(pool, size);
    if (body->data == NULL) {
        return NGX_ERROR;
    }

    body->len = ngx_sprintf(
                    ngx_http_postflow_json_string(
                        ngx_cpymem(body->data, "{\"text\":", 8),
                        text, p - text),
                    "}")
                - body->data;

    return NGX_OK;
}


static ngx_http_postflow_notice_t *
ngx_http_postflow_outbox_add(ngx_http_postflow_zone_t *zone, ngx_str_t *url,
    ngx_str_t *body, uint64_t id, ngx_uint_t event, time_t created)
{
    ngx_http_postflow_notice_t     *n;
    ngx_http_postflow_target_sh_t  *ts;
    ngx_http_postflow_outbox_sh_t  *ob;

    ob = ngx_http_postflow_outbox_sh(zone);

    if (url->len > 0xffff || body->len > NGX_HTTP_POSTFLOW_NOTICE_BODY_MAX) {
        return NULL;
    }

    /* not ngx_http_postflow_store_alloc(): no track is evicted for it */

    n = ngx_slab_alloc_locked(zone->shpool,
                              sizeof(ngx_http_postflow_notice_t)
                              + url->len + body->len);
    if (n == NULL) {
        return NULL;
    }

    n->id = id;
    n->next_msec = 0;
    n->created = created;
    n->attempts = 0;
    n->hash = ngx_crc32_short(url->data, url->len);
    n->url_len = (uint16_t) url->len;
    n->body_len = (uint32_t) body->len;
    n->event = (uint8_t) event;

    ngx_memcpy(n->data, url->data, url->len);
    ngx_memcpy(n->data + url->len, body->data, body->len);

    ngx_queue_insert_tail(&ob->notices, &n->queue);
    ob->nqueued++;

    ts = ngx_http_postflow_outbox_target(ob, n->hash, 1);

    if (ts) {
        ts->queued++;
    }

    return n;
}


static void
ngx_http_postflow_outbox_remove(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_notice_t *n)
{
    ngx_http_postflow_target_sh_t  *ts;
    ngx_http_postflow_outbox_sh_t  *ob;

    ob = &zone->sh->outbox;

    ngx_queue_remove(&n->queue);
    ob->nqueued--;

    ts = ngx_http_postflow_outbox_target(ob, n->hash, 0);

    if (ts && ts->queued) {
        ts->queued--;
    }

    ngx_slab_free_locked(zone->shpool, n);
}


/*
 * A "notify" record replayed, or a snapshot's entry: queued again, its
 * id kept.  Live, notifications are queued by the change itself.
 */

ngx_int_t
ngx_http_postflow_op_notify(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    uint64_t                        id;
    ngx_int_t                       event;
    ngx_http_postflow_outbox_sh_t  *ob;

    if (!zone->replaying) {
        return NGX_ERROR;
    }

    ob = ngx_http_postflow_outbox_sh(zone);

    id = (uint64_t) ngx_atoof(op->notice_id.data, op->notice_id.len);
    event = ngx_http_postflow_outbox_event(&op->event.type);

    if ((off_t) id == NGX_ERROR || event < 0 || op->target.len == 0
        || op->body.len == 0)
    {
        return NGX_ERROR;
    }

    if (id > ob->last_id) {
        ob->last_id = id;
    }

    /* a peer's, in a copy of its journal: the peer sends it */

    if (op->node.len
        && (op->node.len != zone->node.len
            || ngx_strncmp(op->node.data, zone->node.data, op->node.len)
               != 0))
    {
        return NGX_OK;
    }

    if (ngx_http_postflow_outbox_find(ob, id)) {
        return NGX_OK;
    }

    if (ob->nqueued >= NGX_HTTP_POSTFLOW_OUTBOX_MAX
        || ngx_http_postflow_outbox_add(zone, &op->target, &op->body, id,
                                        event, op->created)
           == NULL)
    {
        (void) ngx_atomic_fetch_add(&ob->dropped, 1);
    }

    return NGX_OK;
}


/* a notification delivered or given up: gone, and journaled */

ngx_int_t
ngx_http_postflow_op_notified(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    uint64_t                        id;
    ngx_http_postflow_notice_t     *n;
    ngx_http_postflow_target_sh_t  *ts;
    ngx_http_postflow_outbox_sh_t  *ob;

    ob = ngx_http_postflow_outbox_sh(zone);

    id = (uint64_t) ngx_atoof(op->notice_id.data, op->notice_id.len);

    if ((off_t) id == NGX_ERROR) {
        return NGX_ERROR;
    }

    n = ngx_http_postflow_outbox_find(ob, id);

    if (n == NULL) {
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    /* a delivery the journal missed is sent again after a restart */

    (void) ngx_http_postflow_journal_append(&zone->journal, line);

    if (!zone->replaying) {
        ts = ngx_http_postflow_outbox_target(ob, n->hash, 0);

        if (op->given_up) {
            (void) ngx_atomic_fetch_add(&ob->given_up, 1);

            if (ts) {
                (void) ngx_atomic_fetch_add(&ts->given_up, 1);
            }

        } else {
            (void) ngx_atomic_fetch_add(&ob->sent, 1);

            if (ts) {
                (void) ngx_atomic_fetch_add(&ts->sent, 1);
            }
        }
    }

    ngx_http_postflow_outbox_remove(zone, n);

    return NGX_OK;
}


static ngx_http_postflow_notice_t *
ngx_http_postflow_outbox_find(ngx_http_postflow_outbox_sh_t *ob, uint64_t id)
{
    ngx_queue_t                 *q;
    ngx_http_postflow_notice_t  *n;

    /* the oldest are delivered first: they are at the head */

    for (q = ngx_queue_head(&ob->notices);
         q != ngx_queue_sentinel(&ob->notices);
         q = ngx_queue_next(q))
    {
        n = ngx_queue_data(q, ngx_http_postflow_notice_t, queue);

        if (n->id == id) {
            return n;
        }
    }

    return NULL;
}


/* the zone's outbox; the zone is locked */

ngx_http_postflow_outbox_sh_t *
ngx_http_postflow_outbox_sh(ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_outbox_sh_t  *ob;

    ob = &zone->sh->outbox;

    if (!ob->init) {
        ngx_queue_init(&ob->notices);
        ob->init = 1;
    }

    return ob;
}


/* a target's counters, by the hash of its url; "add" takes a free slot */

ngx_http_postflow_target_sh_t *
ngx_http_postflow_outbox_target(ngx_http_postflow_outbox_sh_t *ob,
    uint32_t hash, ngx_uint_t add)
{
    ngx_uint_t  i;

    for (i = 0; i < NGX_HTTP_POSTFLOW_TARGETS_MAX; i++) {
        if (ob->targets[i].hash == hash) {
            return &ob->targets[i];
        }
    }

    if (!add) {
        return NULL;
    }

    for (i = 0; i < NGX_HTTP_POSTFLOW_TARGETS_MAX; i++) {
        if (ob->targets[i].hash == 0) {
            ob->targets[i].hash = hash;
            return &ob->targets[i];
        }
    }

    return NULL;
}


static ngx_int_t
ngx_http_postflow_outbox_event(ngx_str_t *name)
{
    ngx_str_t   *event;
    ngx_uint_t   i;

    for (i = 0; i < NGX_HTTP_POSTFLOW_NOTIFY_NEVENTS; i++) {
        event = ngx_http_postflow_notify_event_name(i);

        if (event->len == name->len
            && ngx_strncmp(event->data, name->data, name->len) == 0)
        {
            return i;
        }
    }

    return -1;
}


/*
 * Unique across restarts: the milliseconds of the wall clock, and more
 * than the last one given (or replayed) when the clock is not ahead.
 */

static uint64_t
ngx_http_postflow_outbox_id(ngx_http_postflow_outbox_sh_t *ob)
{
    uint64_t     id;
    ngx_time_t  *tp;

    tp = ngx_timeofday();

    id = ((uint64_t) tp->sec * 1000 + tp->msec) * 1000;

    if (id <= ob->last_id) {
        id = ob->last_id + 1;
    }

    ob->last_id = id;

    return id;
}


/*
 * For the sender, with the zone unlocked: the oldest notification of
 * each target it wants (want[i], by hashes[i]), copied into pool, if it
 * is due (due[i], else NULL); the oldest ones to give up, older than
 * max_age or for no target any more, in expired
 * (ngx_http_postflow_expired_t).
 * Only the oldest of a target is ever sent: a target gets its
 * notifications in the order of the changes.
 */

ngx_int_t
ngx_http_postflow_store_outbox_due(ngx_http_postflow_zone_t *zone,
    uint32_t *hashes, ngx_uint_t *want, ngx_uint_t n, time_t max_age,
    ngx_pool_t *pool, ngx_http_postflow_notice_t **due, ngx_array_t *expired)
{
    size_t                          len;
    uint64_t                        now_msec;
    ngx_int_t                       rc;
    ngx_uint_t                      i, left;
    ngx_uint_t                      seen[NGX_HTTP_POSTFLOW_TARGETS_MAX];
    ngx_queue_t                    *q;
    ngx_time_t                     *tp;
    ngx_http_postflow_notice_t     *nt;
    ngx_http_postflow_expired_t    *ex;
    ngx_http_postflow_outbox_sh_t  *ob;

    tp = ngx_timeofday();
    now_msec = (uint64_t) tp->sec * 1000 + tp->msec;

    rc = NGX_OK;
    left = 0;

    for (i = 0; i < n; i++) {
        due[i] = NULL;
        seen[i] = !want[i];
        left += want[i];
    }

    ngx_shmtx_lock(&zone->shpool->mutex);

    ob = ngx_http_postflow_outbox_sh(zone);

    for (q = ngx_queue_head(&ob->notices);
         q != ngx_queue_sentinel(&ob->notices) && left;
         q = ngx_queue_next(q))
    {
        nt = ngx_queue_data(q, ngx_http_postflow_notice_t, queue);

        for (i = 0; i < n; i++) {
            if (hashes[i] == nt->hash) {
                break;
            }
        }

        if (i < n && seen[i]) {
            continue;
        }

        if (i == n || tp->sec - nt->created >= max_age) {
            ex = ngx_array_push(expired);
            if (ex == NULL) {
                rc = NGX_ERROR;
                break;
            }

            ex->id = nt->id;
            ex->target = i;

            if (i == n) {
                continue;
            }
        }

        seen[i] = 1;
        left--;

        if (tp->sec - nt->created >= max_age || nt->next_msec > now_msec) {
            continue;
        }

        len = sizeof(ngx_http_postflow_notice_t) + nt->url_len + nt->body_len;

        due[i] = ngx_palloc(pool, len);
        if (due[i] == NULL) {
            rc = NGX_ERROR;
            break;
        }

        ngx_memcpy(due[i], nt, len);
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return rc;
}


/*
 * A failed attempt: the next one after a jittered exponential delay, 1 s
 * doubling up to max_delay ms.  NGX_DECLINED: the notification is older
 * than max_age, to be given up.  Zone unlocked.
 */

ngx_int_t
ngx_http_postflow_store_outbox_retry(ngx_http_postflow_zone_t *zone,
    uint64_t id, time_t max_age, ngx_msec_t max_delay, ngx_msec_t *delay)
{
    ngx_int_t                       rc;
    ngx_msec_t                      d;
    ngx_time_t                     *tp;
    ngx_http_postflow_notice_t     *nt;
    ngx_http_postflow_target_sh_t  *ts;
    ngx_http_postflow_outbox_sh_t  *ob;

    tp = ngx_timeofday();

    ngx_shmtx_lock(&zone->shpool->mutex);

    ob = ngx_http_postflow_outbox_sh(zone);
    nt = ngx_http_postflow_outbox_find(ob, id);

    if (nt == NULL) {
        rc = NGX_HTTP_POSTFLOW_NOT_FOUND;

    } else if (tp->sec - nt->created >= max_age) {
        rc = NGX_DECLINED;

    } else {
        d = 1000 << ngx_min(nt->attempts, 16);
        d = ngx_min(d, max_delay);
        d = d / 2 + (ngx_msec_t) ngx_random() % (d / 2 + 1);

        nt->attempts++;
        nt->next_msec = (uint64_t) tp->sec * 1000 + tp->msec + d;
        *delay = d;

        (void) ngx_atomic_fetch_add(&ob->retried, 1);

        ts = ngx_http_postflow_outbox_target(ob, nt->hash, 0);

        if (ts) {
            (void) ngx_atomic_fetch_add(&ts->retried, 1);
        }

        rc = NGX_OK;
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return rc;
}


/* the outbox's figures, for statistics; zone unlocked */

void
ngx_http_postflow_store_outbox_stats(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_outbox_stats_t *st)
{
    ngx_queue_t                    *q;
    ngx_http_postflow_notice_t     *nt;
    ngx_http_postflow_outbox_sh_t  *ob;

    ngx_shmtx_lock(&zone->shpool->mutex);

    ob = ngx_http_postflow_outbox_sh(zone);

    st->nqueued = ob->nqueued;
    st->oldest = 0;

    if (!ngx_queue_empty(&ob->notices)) {
        q = ngx_queue_head(&ob->notices);
        nt = ngx_queue_data(q, ngx_http_postflow_notice_t, queue);
        st->oldest = nt->created;
    }

    st->queued = ob->queued;
    st->sent = ob->sent;
    st->retried = ob->retried;
    st->given_up = ob->given_up;
    st->dropped = ob->dropped;

    ngx_memcpy(st->targets, ob->targets, sizeof(ob->targets));

    ngx_shmtx_unlock(&zone->shpool->mutex);
}
