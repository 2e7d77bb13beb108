
/*
 * A zone's memory, with the zone locked: allocation in a zone that may
 * be full, and the freeing of tracks and waiting files, expired or not.
 * The tracks' own functions allocate here too, so this file knows the
 * zone's lists and indexes but nothing of what a track means.
 */


#include "ngx_http_postflow_store.h"


/* expired entries removed per allocation, and evictions tried per miss */
#define NGX_HTTP_POSTFLOW_EXPIRE_BATCH  4
#define NGX_HTTP_POSTFLOW_EVICT_SCAN    1024


static ngx_uint_t ngx_http_postflow_evict(ngx_http_postflow_zone_t *zone);
static void ngx_http_postflow_store_free_versions(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_track_t *t);


/*
 * Allocation in a zone that may be full: waiting events go first (they
 * can be delivered again), then finished tracks, least recently active
 * first.  An active track is never evicted.
 */

void *
ngx_http_postflow_store_alloc(ngx_http_postflow_zone_t *zone, size_t size)
{
    void  *p;

    for ( ;; ) {
        p = ngx_slab_alloc_locked(zone->shpool, size);

        if (p || ngx_http_postflow_evict(zone) == 0) {
            return p;
        }
    }
}


static ngx_uint_t
ngx_http_postflow_evict(ngx_http_postflow_zone_t *zone)
{
    ngx_uint_t                   n;
    ngx_queue_t                 *q;
    ngx_http_postflow_track_t   *t;
    ngx_http_postflow_shctx_t   *sh;

    sh = zone->sh;

    if (!ngx_queue_empty(&sh->pending_queue)) {
        q = ngx_queue_last(&sh->pending_queue);
        ngx_http_postflow_store_free_pending(zone,
                  ngx_queue_data(q, ngx_http_postflow_pending_t, queue));
        ngx_atomic_fetch_add(&sh->counters.unmatched_dropped, 1);
        return 1;
    }

    n = 0;

    for (q = ngx_queue_last(&sh->lru);
         q != ngx_queue_sentinel(&sh->lru) && n < NGX_HTTP_POSTFLOW_EVICT_SCAN;
         q = ngx_queue_prev(q), n++)
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        /* the track being changed is never the one to make room */

        if ((t->status == NGX_HTTP_POSTFLOW_COMPLETED
             || t->status == NGX_HTTP_POSTFLOW_DELETED)
            && t != zone->pinned)
        {
            ngx_http_postflow_store_free_track(zone, t);
            ngx_atomic_fetch_add(&sh->counters.evictions, 1);
            return 1;
        }
    }

    return 0;
}


void
ngx_http_postflow_store_expire(ngx_http_postflow_zone_t *zone, time_t now)
{
    ngx_uint_t                    n;
    ngx_queue_t                  *q;
    ngx_http_postflow_shctx_t    *sh;
    ngx_http_postflow_track_t    *t;
    ngx_http_postflow_pending_t  *pe;

    sh = zone->sh;

    for (n = 0; n < NGX_HTTP_POSTFLOW_EXPIRE_BATCH; n++) {
        if (ngx_queue_empty(&sh->lru)) {
            break;
        }

        q = ngx_queue_last(&sh->lru);
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        if (!ngx_http_postflow_expired(zone, t)) {
            break;
        }

        ngx_http_postflow_store_free_track(zone, t);
        ngx_atomic_fetch_add(&sh->counters.expired, 1);
    }

    for (n = 0; n < NGX_HTTP_POSTFLOW_EXPIRE_BATCH; n++) {
        if (ngx_queue_empty(&sh->pending_queue)) {
            break;
        }

        q = ngx_queue_last(&sh->pending_queue);
        pe = ngx_queue_data(q, ngx_http_postflow_pending_t, queue);

        if (now - pe->first_seen < NGX_HTTP_POSTFLOW_PENDING_TTL) {
            break;
        }

        ngx_http_postflow_store_free_pending(zone, pe);
    }
}



void
ngx_http_postflow_store_free_track(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t)
{
    ngx_http_postflow_shctx_t  *sh;

    sh = zone->sh;

    /* as counted when it last changed */

    sh->status_count[t->status]--;
    sh->review_count[t->review_status]--;
    sh->generation++;
    sh->ntracks--;

    ngx_rbtree_delete(&sh->tracks, &t->node);
    ngx_http_postflow_index_delete(&sh->uploads, t);

    if (t->in_files) {
        ngx_http_postflow_index_delete(&sh->files, t);
    }

    ngx_http_postflow_store_free_versions(zone, t);

    ngx_queue_remove(&t->queue);

    if (t->entries) {
        ngx_slab_free_locked(zone->shpool, t->entries);
    }

    ngx_slab_free_locked(zone->shpool, t->strings);
    ngx_slab_free_locked(zone->shpool, t);
}



/* a track's earlier versions out of the versions tree */

static void
ngx_http_postflow_store_free_versions(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t)
{
    u_char                       *p, *last;
    ngx_str_t                     s[NGX_HTTP_POSTFLOW_NSTRINGS], id;
    ngx_http_postflow_version_t  *v;

    ngx_http_postflow_track_strings(t, s);

    p = s[NGX_HTTP_POSTFLOW_S_VERSIONS].data;
    last = p + s[NGX_HTTP_POSTFLOW_S_VERSIONS].len;

    while (ngx_http_postflow_version_next(&p, last, &id)) {
        v = (ngx_http_postflow_version_t *)
                ngx_str_rbtree_lookup(&zone->sh->versions, &id,
                                      ngx_crc32_short(id.data, id.len));

        if (v && v->track == t) {
            ngx_rbtree_delete(&zone->sh->versions, &v->sn.node);
            ngx_slab_free_locked(zone->shpool, v);
        }
    }
}


void
ngx_http_postflow_store_free_pending(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_pending_t *pe)
{
    ngx_rbtree_delete(&zone->sh->pending, &pe->node);
    ngx_queue_remove(&pe->queue);
    zone->sh->npending--;

    ngx_slab_free_locked(zone->shpool, pe);
}
