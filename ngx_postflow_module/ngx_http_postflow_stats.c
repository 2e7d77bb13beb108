
/*
 * postflow_stats: the zone's counters and distributions as JSON.
 *
 * Distributions are kept up to date on every change, so answering never
 * walks the tracks; active_uploads lists a bounded number of the most
 * recently active ones.
 */


#include "ngx_http_postflow_module.h"


#define NGX_HTTP_POSTFLOW_ACTIVE_SCAN  1000


static ngx_int_t ngx_http_postflow_stats_snapshot(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_snapshot_t *snap,
    ngx_pool_t *pool);
static ngx_int_t ngx_http_postflow_stats_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_stats_json(ngx_http_request_t *r,
    ngx_http_postflow_fio_conf_t *frameio, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_snapshot_t *snap, ngx_str_t *json);
static ngx_int_t ngx_http_postflow_stats_want_text(ngx_http_request_t *r);
static u_char *ngx_http_postflow_stats_journal(u_char *p,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_journal_sh_t *j);


const ngx_http_postflow_handler_t  ngx_http_postflow_stats_handler = {
    ngx_http_postflow_stats_start,
    NULL
};


static ngx_int_t
ngx_http_postflow_stats_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    ngx_int_t                      rc, text;
    ngx_str_t                      json;
    ngx_http_postflow_zone_t      *zone;
    ngx_http_postflow_snapshot_t  *snap;

    rc = ngx_http_discard_request_body(r);

    if (rc != NGX_OK) {
        return rc;
    }

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return ngx_http_postflow_send_not_allowed(r, "GET, HEAD",
                                            "statistics are read with GET");
    }

    text = ngx_http_postflow_stats_want_text(r);

    if (text == NGX_ERROR) {
        return ngx_http_postflow_send_error(r, NGX_HTTP_BAD_REQUEST,
                                            "format is json or prometheus");
    }

    zone = ctx->lcf->stats_zone->data;

    snap = ngx_pcalloc(r->pool, sizeof(ngx_http_postflow_snapshot_t));
    if (snap == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_postflow_stats_snapshot(zone, snap, r->pool) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (text) {
        return ngx_http_postflow_prometheus(r, zone, snap,
                             ngx_http_postflow_poller_stats_size(ctx->frameio)
                             ? ctx->frameio : NULL);
    }

    if (ngx_http_postflow_stats_json(r, ctx->frameio, zone, snap, &json)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_postflow_send_json(r, NGX_HTTP_OK, &json);
}


/*
 * ?format=prometheus, or what a Prometheus server asks for:
 * "Accept: text/plain;version=0.0.4".  ?format=json wins over Accept;
 * another format is NGX_ERROR rather than JSON it did not ask for.
 */

static ngx_int_t
ngx_http_postflow_stats_want_text(ngx_http_request_t *r)
{
    ngx_str_t   format, *accept;

    if (ngx_http_arg(r, (u_char *) "format", 6, &format) == NGX_OK) {
        if (format.len == 10
            && ngx_strncmp(format.data, "prometheus", 10) == 0)
        {
            return 1;
        }

        if (format.len == 4 && ngx_strncmp(format.data, "json", 4) == 0) {
            return 0;
        }

        return NGX_ERROR;
    }

    accept = ngx_http_postflow_header_in(r, "Accept", 6);

    return accept
           && ngx_strlcasestrn(accept->data, accept->data + accept->len,
                               (u_char *) "version=0.0.4", 13 - 1)
              != NULL;
}


/* what needs the lock is copied out, the rest is rendered after */

static ngx_int_t
ngx_http_postflow_stats_snapshot(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_snapshot_t *snap, ngx_pool_t *pool)
{
    u_char                     *p;
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t                  n;
    ngx_queue_t                *q;
    ngx_slab_pool_t            *shpool;
    ngx_http_postflow_shctx_t  *sh;
    ngx_http_postflow_track_t  *t;

    sh = zone->sh;
    shpool = zone->shpool;

    ngx_shmtx_lock(&shpool->mutex);

    snap->ntracks = sh->ntracks;
    snap->npending = sh->npending;
    ngx_memcpy(snap->status_count, sh->status_count,
               sizeof(snap->status_count));
    ngx_memcpy(snap->review_count, sh->review_count,
               sizeof(snap->review_count));

    snap->journal = sh->journal;
    snap->zone_size = shpool->end - (u_char *) shpool;
    snap->zone_used = snap->zone_size - shpool->pfree * ngx_pagesize;

    n = 0;

    for (q = ngx_queue_head(&sh->lru);
         q != ngx_queue_sentinel(&sh->lru)
         && snap->nactive < NGX_HTTP_POSTFLOW_ACTIVE_MAX
         && n < NGX_HTTP_POSTFLOW_ACTIVE_SCAN;
         q = ngx_queue_next(q), n++)
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        if (t->status == NGX_HTTP_POSTFLOW_COMPLETED
            || t->status == NGX_HTTP_POSTFLOW_DELETED)
        {
            continue;
        }

        ngx_http_postflow_track_strings(t, s);

        p = ngx_pnalloc(pool, s[0].len);
        if (p == NULL) {
            ngx_shmtx_unlock(&shpool->mutex);
            return NGX_ERROR;
        }

        snap->active[snap->nactive].data = p;
        snap->active[snap->nactive].len = s[0].len;
        ngx_memcpy(p, s[0].data, s[0].len);
        snap->nactive++;
    }

    ngx_shmtx_unlock(&shpool->mutex);

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_stats_json(ngx_http_request_t *r,
    ngx_http_postflow_fio_conf_t *frameio, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_snapshot_t *snap, ngx_str_t *json)
{
    u_char                        *p;
    size_t                         size;
    ngx_uint_t                     i, active;
    ngx_http_postflow_counters_t  *c;

    c = &zone->sh->counters;

    active = snap->ntracks
             - snap->status_count[NGX_HTTP_POSTFLOW_COMPLETED]
             - snap->status_count[NGX_HTTP_POSTFLOW_DELETED];

    /* names, numbers and the active ids, each bounded */

    size = 4096 + 2 * NGX_HTTP_POSTFLOW_ERROR_MAX + zone->journal.path.len
           + (NGX_HTTP_POSTFLOW_NSTATUS + NGX_HTTP_POSTFLOW_NREVIEW
                   + NGX_HTTP_POSTFLOW_NREJECT + 32) * NGX_ATOMIC_T_LEN
           + ngx_http_postflow_poller_stats_size(frameio)
           + ngx_http_postflow_notify_stats_size(zone)
           + ngx_http_postflow_replicate_stats_size(zone);

    for (i = 0; i < snap->nactive; i++) {
        size += ngx_http_postflow_json_string_size(snap->active[i].data,
                                                   snap->active[i].len) + 1;
    }

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return NGX_ERROR;
    }

    json->data = p;

    p = ngx_sprintf(p, "{\"zone\":\"%V\",\"total_tracked\":%ui,"
                    "\"active_tracks\":%ui,\"events_processed\":%uA,"
                    "\"comments_analyzed\":%uA",
                    &zone->name, snap->ntracks, active,
                    c->events_processed, c->comments_analyzed);

    p = ngx_http_postflow_json_counts(p, "status_distribution",
                                      snap->status_count,
                                      ngx_http_postflow_status_names,
                                      NGX_HTTP_POSTFLOW_NSTATUS);
    p = ngx_http_postflow_json_counts(p, "review_status_distribution",
                                      snap->review_count,
                                      ngx_http_postflow_review_names,
                                      NGX_HTTP_POSTFLOW_NREVIEW);

    p = ngx_cpymem(p, ",\"active_uploads\":[",
                   sizeof(",\"active_uploads\":[") - 1);

    for (i = 0; i < snap->nactive; i++) {
        if (i) {
            *p++ = ',';
        }

        p = ngx_http_postflow_json_string(p, snap->active[i].data,
                                          snap->active[i].len);
    }

    p = ngx_sprintf(p, "],\"webhooks\":{\"received\":%uA,\"accepted\":%uA,"
                    "\"duplicates\":%uA,\"out_of_order\":%uA,"
                    "\"unmatched\":%uA,\"unmatched_claimed\":%uA,"
                    "\"unmatched_dropped\":%uA,\"ignored\":%uA,"
                    "\"unmatched_waiting\":%ui,\"rejected\":{",
                    c->webhooks_received, c->webhooks_accepted,
                    c->duplicates, c->out_of_order, c->unmatched,
                    c->unmatched_claimed, c->unmatched_dropped, c->ignored,
                    snap->npending);

    for (i = 0; i < NGX_HTTP_POSTFLOW_NREJECT; i++) {
        p = ngx_sprintf(p, "%s\"%V\":%uA", i ? "," : "",
                        &ngx_http_postflow_reject_names[i],
                        c->webhooks_rejected[i]);
    }

    p = ngx_sprintf(p, "}},\"tracks\":{\"registered\":%uA,"
                    "\"registrations_failed\":%uA,\"deleted\":%uA,"
                    "\"expired\":%uA,\"evicted\":%uA},"
                    "\"zone_usage\":{\"bytes\":%uz,\"size\":%uz,"
                    "\"tracks\":%ui}",
                    c->registrations, c->registrations_failed, c->deletions,
                    c->expired, c->evictions, snap->zone_used,
                    snap->zone_size, snap->ntracks);

    p = ngx_http_postflow_stats_journal(p, zone, &snap->journal);

    /* with postflow_frameio_token only */

    p = ngx_http_postflow_poller_stats(frameio, p, zone);

    /* with postflow_notify only */

    p = ngx_http_postflow_notify_stats(p, zone);

    /* with postflow_replicate only */

    p = ngx_http_postflow_replicate_stats(p, zone);

    *p++ = '}';
    *p++ = '\n';

    json->len = p - json->data;

    return NGX_OK;
}


/* with postflow_state only: what a full disk or a failed rename did */

static u_char *
ngx_http_postflow_stats_journal(u_char *p, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_journal_sh_t *j)
{
    if (zone->journal.path.len == 0) {
        return p;
    }

    p = ngx_sprintf(p, ",\"journal\":{\"path\":");
    p = ngx_http_postflow_json_string(p, zone->journal.path.data,
                                      zone->journal.path.len);

    p = ngx_sprintf(p, ",\"bytes\":%O,\"write_errors\":%ui,\"last_error\":",
                    j->size, j->write_errors);

    if (j->error_len) {
        p = ngx_http_postflow_json_string(p, j->error, j->error_len);
        p = ngx_sprintf(p, ",\"last_error_at\":\"");
        p = ngx_http_postflow_json_time(p, j->error_at);
        *p++ = '"';

    } else {
        p = ngx_sprintf(p, "null,\"last_error_at\":null");
    }

    p = ngx_sprintf(p, ",\"compactions\":%ui,\"compaction_errors\":%ui,"
                    "\"last_compaction_at\":", j->compactions,
                    j->compaction_errors);

    if (j->compactions) {
        *p++ = '"';
        p = ngx_http_postflow_json_time(p, j->compacted_at);
        p = ngx_sprintf(p, "\",\"last_compaction_ms\":%M}",
                        j->compaction_msec);

    } else {
        p = ngx_sprintf(p, "null,\"last_compaction_ms\":null}");
    }

    return p;
}
