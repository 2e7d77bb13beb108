
/*
 * A zone's tracks, waiting files and queued notifications copied into
 * process memory, for a snapshot to be written from without the zone
 * locked.
 *
 * The other workers wait for the copy, so the locked moment does only
 * memcpy(): the memory is reserved before, with the zone unlocked, as
 * much as the zone's used pages (a track's copy never takes more than
 * its slab allocations), and touched then, so that the copy takes no
 * page fault; and the snapshot's records are formatted after, from
 * the copy.  What the estimate missed is taken from the pool.
 */


#include "ngx_http_postflow_store.h"


/* the pointer arrays' room for tracks made between reserve and copy */
#define NGX_HTTP_POSTFLOW_COPY_SLACK  64


static void *ngx_http_postflow_copy_alloc(ngx_http_postflow_zone_copy_t *copy,
    size_t size);
static ngx_http_postflow_track_t *ngx_http_postflow_copy_track(
    ngx_http_postflow_zone_copy_t *copy, ngx_http_postflow_track_t *t);
static ngx_http_postflow_pending_t *ngx_http_postflow_copy_pending(
    ngx_http_postflow_zone_copy_t *copy, ngx_http_postflow_pending_t *pe);


/*
 * With the zone unlocked: its counters and its slab's free pages are
 * read without the mutex, as an estimate only.  NULL when out of memory.
 */

ngx_http_postflow_zone_copy_t *
ngx_http_postflow_zone_copy_reserve(ngx_http_postflow_zone_t *zone,
    ngx_log_t *log)
{
    size_t                          size;
    ngx_uint_t                      n, pages;
    ngx_pool_t                     *pool;
    ngx_slab_pool_t                *shpool;
    ngx_http_postflow_zone_copy_t  *copy;

    shpool = zone->shpool;

    pages = (shpool->end - shpool->start) / ngx_pagesize;
    n = *(volatile ngx_uint_t *) &shpool->pfree;
    size = (pages > n ? pages - n : 0) * ngx_pagesize;

    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, log);
    if (pool == NULL) {
        return NULL;
    }

    copy = ngx_pcalloc(pool, sizeof(ngx_http_postflow_zone_copy_t));
    if (copy == NULL) {
        goto failed;
    }

    copy->zone = zone;
    copy->pool = pool;

    n = *(volatile ngx_uint_t *) &zone->sh->ntracks;

    if (ngx_array_init(&copy->tracks, pool,
                       n + n / 8 + NGX_HTTP_POSTFLOW_COPY_SLACK,
                       sizeof(ngx_http_postflow_track_t *))
        != NGX_OK)
    {
        goto failed;
    }

    n = *(volatile ngx_uint_t *) &zone->sh->outbox.nqueued;

    if (ngx_array_init(&copy->notices, pool,
                       n + n / 8 + NGX_HTTP_POSTFLOW_COPY_SLACK,
                       sizeof(ngx_http_postflow_notice_t *))
        != NGX_OK)
    {
        goto failed;
    }

    n = *(volatile ngx_uint_t *) &zone->sh->npending;

    if (ngx_array_init(&copy->pending, pool,
                       n + n / 8 + NGX_HTTP_POSTFLOW_COPY_SLACK,
                       sizeof(ngx_http_postflow_pending_t *))
        != NGX_OK)
    {
        goto failed;
    }

    if (size) {
        copy->pos = ngx_palloc(pool, size);
        if (copy->pos == NULL) {
            goto failed;
        }

        copy->end = copy->pos + size;

        /* the page faults now, not with the zone locked */

        ngx_memzero(copy->pos, size);
        ngx_memzero(copy->tracks.elts,
                    copy->tracks.nalloc * copy->tracks.size);
        ngx_memzero(copy->pending.elts,
                    copy->pending.nalloc * copy->pending.size);
        ngx_memzero(copy->notices.elts,
                    copy->notices.nalloc * copy->notices.size);
    }

    return copy;

failed:

    ngx_destroy_pool(pool);

    return NULL;
}


/* with the zone locked */

ngx_int_t
ngx_http_postflow_zone_copy(ngx_http_postflow_zone_copy_t *copy)
{
    size_t                         len;
    ngx_queue_t                   *q;
    ngx_http_postflow_shctx_t     *sh;
    ngx_http_postflow_track_t    **tp;
    ngx_http_postflow_notice_t    *n, **np;
    ngx_http_postflow_pending_t  **pp;

    sh = copy->zone->sh;
    copy->position = sh->stream.applied;

    /* the least recently active first, so that a replay rebuilds the LRU */

    for (q = ngx_queue_last(&sh->lru);
         q != ngx_queue_sentinel(&sh->lru);
         q = ngx_queue_prev(q))
    {
        tp = ngx_array_push(&copy->tracks);
        if (tp == NULL) {
            return NGX_ERROR;
        }

        *tp = ngx_http_postflow_copy_track(copy,
                          ngx_queue_data(q, ngx_http_postflow_track_t, queue));
        if (*tp == NULL) {
            return NGX_ERROR;
        }
    }

    for (q = ngx_queue_last(&sh->pending_queue);
         q != ngx_queue_sentinel(&sh->pending_queue);
         q = ngx_queue_prev(q))
    {
        pp = ngx_array_push(&copy->pending);
        if (pp == NULL) {
            return NGX_ERROR;
        }

        *pp = ngx_http_postflow_copy_pending(copy,
                       ngx_queue_data(q, ngx_http_postflow_pending_t, queue));
        if (*pp == NULL) {
            return NGX_ERROR;
        }
    }

    /* the outbox in its order, which is the order of delivery */

    if (!sh->outbox.init) {
        return NGX_OK;
    }

    for (q = ngx_queue_head(&sh->outbox.notices);
         q != ngx_queue_sentinel(&sh->outbox.notices);
         q = ngx_queue_next(q))
    {
        n = ngx_queue_data(q, ngx_http_postflow_notice_t, queue);
        len = sizeof(ngx_http_postflow_notice_t) + n->url_len + n->body_len;

        np = ngx_array_push(&copy->notices);
        if (np == NULL) {
            return NGX_ERROR;
        }

        *np = ngx_http_postflow_copy_alloc(copy, len);
        if (*np == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(*np, n, len);
    }

    return NGX_OK;
}


void
ngx_http_postflow_zone_copy_free(ngx_http_postflow_zone_copy_t *copy)
{
    ngx_destroy_pool(copy->pool);
}


static void *
ngx_http_postflow_copy_alloc(ngx_http_postflow_zone_copy_t *copy,
    size_t size)
{
    u_char  *p;

    p = ngx_align_ptr(copy->pos, NGX_ALIGNMENT);

    if (p && (size_t) (copy->end - p) >= size) {
        copy->pos = p + size;
        return p;
    }

    return ngx_palloc(copy->pool, size);
}


static ngx_http_postflow_track_t *
ngx_http_postflow_copy_track(ngx_http_postflow_zone_copy_t *copy,
    ngx_http_postflow_track_t *t)
{
    size_t                      len;
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t                  i;
    ngx_http_postflow_track_t  *c;

    ngx_http_postflow_track_strings(t, s);

    for (len = 0, i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        len += s[i].len;
    }

    c = ngx_http_postflow_copy_alloc(copy, sizeof(ngx_http_postflow_track_t)
                                 + t->nentries
                                   * sizeof(ngx_http_postflow_entry_t)
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
ngx_http_postflow_copy_pending(ngx_http_postflow_zone_copy_t *copy,
    ngx_http_postflow_pending_t *pe)
{
    size_t                        len;
    ngx_uint_t                    i;
    ngx_http_postflow_pending_t  *c;

    len = sizeof(ngx_http_postflow_pending_t) + pe->file_id_len;

    for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {
        len += pe->ids_len[i];
    }

    c = ngx_http_postflow_copy_alloc(copy, len);
    if (c == NULL) {
        return NULL;
    }

    ngx_memcpy(c, pe, len);

    return c;
}
