
/*
 * A zone's tracks and waiting files copied into process memory, with
 * the zone locked, for a snapshot to be written from without it: a
 * memcpy() of each track, its strings and its thread costs a fraction
 * of formatting them as journal records, and the other workers wait
 * only for the copy.
 */


#include "ngx_http_postflow_store.h"


#define NGX_HTTP_POSTFLOW_COPY_BLOCK  (1024 * 1024)


static ngx_http_postflow_track_t *ngx_http_postflow_copy_track(
    ngx_pool_t *pool, ngx_http_postflow_track_t *t);
static ngx_http_postflow_pending_t *ngx_http_postflow_copy_pending(
    ngx_pool_t *pool, ngx_http_postflow_pending_t *pe);


/* with the zone locked; NULL when out of memory */

ngx_http_postflow_zone_copy_t *
ngx_http_postflow_zone_copy(ngx_http_postflow_zone_t *zone, ngx_log_t *log)
{
    ngx_pool_t                     *pool;
    ngx_queue_t                    *q;
    ngx_http_postflow_shctx_t      *sh;
    ngx_http_postflow_track_t     **tp;
    ngx_http_postflow_pending_t   **pp;
    ngx_http_postflow_zone_copy_t  *copy;

    sh = zone->sh;

    pool = ngx_create_pool(NGX_HTTP_POSTFLOW_COPY_BLOCK, log);
    if (pool == NULL) {
        return NULL;
    }

    copy = ngx_palloc(pool, sizeof(ngx_http_postflow_zone_copy_t));
    if (copy == NULL
        || ngx_array_init(&copy->tracks, pool, ngx_max(sh->ntracks, 1),
                          sizeof(ngx_http_postflow_track_t *))
           != NGX_OK
        || ngx_array_init(&copy->pending, pool, ngx_max(sh->npending, 1),
                          sizeof(ngx_http_postflow_pending_t *))
           != NGX_OK)
    {
        goto failed;
    }

    copy->pool = pool;

    /* the least recently active first, so that a replay rebuilds the LRU */

    for (q = ngx_queue_last(&sh->lru);
         q != ngx_queue_sentinel(&sh->lru);
         q = ngx_queue_prev(q))
    {
        tp = ngx_array_push(&copy->tracks);
        if (tp == NULL) {
            goto failed;
        }

        *tp = ngx_http_postflow_copy_track(pool,
                          ngx_queue_data(q, ngx_http_postflow_track_t, queue));
        if (*tp == NULL) {
            goto failed;
        }
    }

    for (q = ngx_queue_last(&sh->pending_queue);
         q != ngx_queue_sentinel(&sh->pending_queue);
         q = ngx_queue_prev(q))
    {
        pp = ngx_array_push(&copy->pending);
        if (pp == NULL) {
            goto failed;
        }

        *pp = ngx_http_postflow_copy_pending(pool,
                       ngx_queue_data(q, ngx_http_postflow_pending_t, queue));
        if (*pp == NULL) {
            goto failed;
        }
    }

    return copy;

failed:

    ngx_destroy_pool(pool);

    return NULL;
}


static ngx_http_postflow_track_t *
ngx_http_postflow_copy_track(ngx_pool_t *pool, ngx_http_postflow_track_t *t)
{
    size_t                      len;
    ngx_http_postflow_track_t  *c;

    len = t->upload_id_len + t->filename_len + t->file_id_len
          + t->project_id_len + t->workspace_id_len + t->account_id_len
          + t->review_link_len;

    c = ngx_palloc(pool, sizeof(ngx_http_postflow_track_t)
                         + t->nentries * sizeof(ngx_http_postflow_entry_t)
                         + len);
    if (c == NULL) {
        return NULL;
    }

    ngx_memcpy(c, t, sizeof(ngx_http_postflow_track_t));

    /* the entries right after the track keep their alignment */

    c->entries = (ngx_http_postflow_entry_t *) (c + 1);
    c->strings = (u_char *) (c->entries + t->nentries);

    if (t->nentries) {
        ngx_memcpy(c->entries, t->entries,
                   t->nentries * sizeof(ngx_http_postflow_entry_t));
    }

    if (len) {
        ngx_memcpy(c->strings, t->strings, len);
    }

    return c;
}


static ngx_http_postflow_pending_t *
ngx_http_postflow_copy_pending(ngx_pool_t *pool,
    ngx_http_postflow_pending_t *pe)
{
    size_t                        len;
    ngx_uint_t                    i;
    ngx_http_postflow_pending_t  *c;

    len = sizeof(ngx_http_postflow_pending_t) + pe->file_id_len;

    for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {
        len += pe->ids_len[i];
    }

    c = ngx_palloc(pool, len);
    if (c == NULL) {
        return NULL;
    }

    ngx_memcpy(c, pe, len);

    return c;
}
