
/*
 * Which tracks the poller lists the comments of, round after round.
 *
 * A round takes the tracks that are due, the most in need first:
 * those under review with activity since they were last polled, then
 * the rest under review, then completed tracks (ready and approved)
 * that were active within postflow_poll_completed, less often, since a
 * late change request is the costliest message a webhook may lose.
 * Within a class, the longest unpolled first; at most what the call
 * budget allows, and those left over lead the next round.  When a
 * track was last polled is kept in the zone, not in the journal: after
 * a restart every track is due.
 */


#include "ngx_http_postflow_store.h"


#define NGX_HTTP_POSTFLOW_DUE_ACTIVE     0   /* under review, activity */
#define NGX_HTTP_POSTFLOW_DUE_REVIEW     1   /* under review */
#define NGX_HTTP_POSTFLOW_DUE_COMPLETED  2


typedef struct {
    ngx_uint_t                   class;
    time_t                       polled;
    ngx_http_postflow_track_t   *track;
} ngx_http_postflow_due_t;


static ngx_int_t ngx_http_postflow_poll_class(ngx_http_postflow_track_t *t,
    ngx_http_postflow_poll_round_t *round);
static int ngx_libc_cdecl ngx_http_postflow_due_cmp(const void *one,
    const void *two);


/*
 * The round's tracks into refs, and what the round saw: the tracks
 * due and the poll lag, the longest a track under review has gone
 * unpolled (since its registration when never polled).
 */

ngx_int_t
ngx_http_postflow_store_poll_targets(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_http_postflow_poll_round_t *round)
{
    ngx_int_t                       class;
    ngx_uint_t                      i;
    ngx_array_t                     due;
    ngx_queue_t                    *q;
    ngx_http_postflow_due_t        *d;
    ngx_http_postflow_track_t      *t;
    ngx_http_postflow_track_ref_t  *ref;

    round->lag = 0;
    round->due = 0;

    if (ngx_array_init(&due, pool, 64, sizeof(ngx_http_postflow_due_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_shmtx_lock(&zone->shpool->mutex);

    for (q = ngx_queue_head(&zone->sh->lru);
         q != ngx_queue_sentinel(&zone->sh->lru);
         q = ngx_queue_next(q))
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        class = ngx_http_postflow_poll_class(t, round);

        if (class == NGX_DECLINED) {
            continue;
        }

        d = ngx_array_push(&due);
        if (d == NULL) {
            goto failed;
        }

        d->class = (ngx_uint_t) class;
        d->polled = t->polled_at;
        d->track = t;
    }

    round->due = due.nelts;

    ngx_qsort(due.elts, due.nelts, sizeof(ngx_http_postflow_due_t),
              ngx_http_postflow_due_cmp);

    d = due.elts;

    for (i = 0; i < due.nelts && i < round->max; i++) {
        ref = ngx_array_push(refs);

        if (ref == NULL
            || ngx_http_postflow_track_ref(d[i].track, pool, ref) != NGX_OK)
        {
            goto failed;
        }
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return NGX_OK;

failed:

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return NGX_ERROR;
}


/* a track's class in the round, NGX_DECLINED when it is not due */

static ngx_int_t
ngx_http_postflow_poll_class(ngx_http_postflow_track_t *t,
    ngx_http_postflow_poll_round_t *round)
{
    time_t  since;

    if (!t->in_files || t->status == NGX_HTTP_POSTFLOW_DELETED) {
        return NGX_DECLINED;
    }

    since = round->now - (t->polled_at ? (time_t) t->polled_at
                                       : t->created_at);

    if (t->status == NGX_HTTP_POSTFLOW_COMPLETED) {

        if (round->now - t->updated_at >= round->completed_for
            || since < round->completed_every)
        {
            return NGX_DECLINED;
        }

        return NGX_HTTP_POSTFLOW_DUE_COMPLETED;
    }

    round->lag = ngx_max(round->lag, since);

    if (t->polled_at && since < round->review_every) {
        return NGX_DECLINED;
    }

    return (t->polled_at == 0 || t->updated_at > (time_t) t->polled_at)
           ? NGX_HTTP_POSTFLOW_DUE_ACTIVE : NGX_HTTP_POSTFLOW_DUE_REVIEW;
}


static int ngx_libc_cdecl
ngx_http_postflow_due_cmp(const void *one, const void *two)
{
    ngx_http_postflow_due_t  *a, *b;

    a = (ngx_http_postflow_due_t *) one;
    b = (ngx_http_postflow_due_t *) two;

    if (a->class != b->class) {
        return (a->class < b->class) ? -1 : 1;
    }

    if (a->polled != b->polled) {
        return (a->polled < b->polled) ? -1 : 1;
    }

    return 0;
}


/* a track's comments were listed: not due again for a while */

void
ngx_http_postflow_store_polled(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, time_t now)
{
    ngx_http_postflow_track_t  *t;

    ngx_shmtx_lock(&zone->shpool->mutex);

    t = ngx_http_postflow_lookup(zone->sh, upload_id);

    if (t) {
        t->polled_at = (uint32_t) now;
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);
}
