
/*
 * Long-poll waits: GET /uploads/{id}?wait=ready|approved|reviewed
 * &timeout=60s answers as soon as the condition holds, or at the timeout
 * with the track as it is and "X-Postflow-Wait: timeout".
 *
 * Any worker may make the condition true, so waiters do not wait for a
 * notification: each worker checks its waiters on a short timer, and
 * only when the zone's generation (bumped on every change) moved.  The
 * timer exists only while the worker has waiters.
 */


#include "ngx_http_postflow_module.h"


#define NGX_HTTP_POSTFLOW_WAIT_STEP     50         /* ms between checks */
#define NGX_HTTP_POSTFLOW_WAIT_DEFAULT  60         /* s */
#define NGX_HTTP_POSTFLOW_WAIT_MAX      3600       /* s */
#define NGX_HTTP_POSTFLOW_WAITERS_MAX   1024       /* per worker */


typedef enum {
    NGX_HTTP_POSTFLOW_WAIT_READY = 0,
    NGX_HTTP_POSTFLOW_WAIT_APPROVED,
    NGX_HTTP_POSTFLOW_WAIT_REVIEWED
} ngx_http_postflow_wait_e;


typedef struct {
    ngx_queue_t                   queue;
    ngx_http_request_t           *request;
    ngx_http_postflow_zone_t     *zone;
    ngx_str_t                     upload_id;
    ngx_http_postflow_wait_e      condition;
    ngx_msec_t                    deadline;
    ngx_atomic_uint_t             generation;  /* of the last check */
} ngx_http_postflow_waiter_t;


static ngx_int_t ngx_http_postflow_wait_parse(ngx_http_request_t *r,
    ngx_http_postflow_wait_e *condition, ngx_msec_t *timeout);
static const char *ngx_http_postflow_wait_outcome(
    ngx_http_postflow_wait_e condition, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_wait_answer(ngx_http_request_t *r,
    ngx_int_t rc, ngx_http_postflow_answer_t *ans, const char *outcome);
static void ngx_http_postflow_wait_check(ngx_event_t *ev);
static void ngx_http_postflow_wait_finish(ngx_http_postflow_waiter_t *w,
    ngx_int_t rc, ngx_http_postflow_answer_t *ans, const char *outcome);
static void ngx_http_postflow_wait_cleanup(void *data);
static void ngx_http_postflow_wait_arm(void);


static ngx_str_t  ngx_http_postflow_wait_names[] = {
    ngx_string("ready"),
    ngx_string("approved"),
    ngx_string("reviewed")
};


/* this worker's waiters and the timer that checks them */
static ngx_queue_t       ngx_http_postflow_waiters;
static ngx_uint_t        ngx_http_postflow_nwaiters;
static ngx_event_t       ngx_http_postflow_wait_event;
static ngx_connection_t  ngx_http_postflow_wait_dummy;


ngx_int_t
ngx_http_postflow_wait(ngx_http_request_t *r, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id)
{
    ngx_int_t                    rc;
    ngx_msec_t                   timeout;
    const char                  *outcome;
    ngx_pool_cleanup_t          *cln;
    ngx_http_postflow_answer_t   ans;
    ngx_http_postflow_waiter_t  *w;
    ngx_http_postflow_wait_e     condition;

    if (ngx_http_postflow_wait_parse(r, &condition, &timeout) != NGX_OK) {
        return ngx_http_postflow_send_error(r, NGX_HTTP_BAD_REQUEST,
                                            "\"wait\" must be ready, approved"
                                            " or reviewed, and \"timeout\" a"
                                            " time of at most 3600s");
    }

    w = ngx_pcalloc(r->pool, sizeof(ngx_http_postflow_waiter_t));
    if (w == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* read the generation first: a change after it is seen next time */

    w->generation = zone->sh->generation;

    ngx_http_postflow_answer_init(&ans, r->pool);

    rc = ngx_http_postflow_store_get(zone, upload_id, &ans);

    if (rc == NGX_HTTP_POSTFLOW_NOT_FOUND) {
        return ngx_http_postflow_send_error(r, NGX_HTTP_NOT_FOUND,
                                            "no such upload");
    }

    outcome = ngx_http_postflow_wait_outcome(condition, rc, &ans);

    if (outcome || timeout == 0) {
        return ngx_http_postflow_wait_answer(r, rc, &ans,
                                             outcome ? outcome : "timeout");
    }

    if (ngx_http_postflow_nwaiters == NGX_HTTP_POSTFLOW_WAITERS_MAX) {
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "postflow api: %d requests wait already",
                      NGX_HTTP_POSTFLOW_WAITERS_MAX);
        return ngx_http_postflow_send_error(r, NGX_HTTP_SERVICE_UNAVAILABLE,
                                            "too many requests are waiting,"
                                            " retry later");
    }

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    w->request = r;
    w->zone = zone;
    w->upload_id = *upload_id;
    w->condition = condition;
    w->deadline = ngx_current_msec + timeout;

    cln->handler = ngx_http_postflow_wait_cleanup;
    cln->data = w;

    if (ngx_http_postflow_nwaiters++ == 0) {
        ngx_queue_init(&ngx_http_postflow_waiters);
    }

    ngx_queue_insert_tail(&ngx_http_postflow_waiters, &w->queue);

    ngx_http_postflow_wait_arm();

    /* a client that goes away ends the request, and the cleanup the wait */

    r->read_event_handler = ngx_http_test_reading;
    r->main->count++;

    return NGX_DONE;
}


static ngx_int_t
ngx_http_postflow_wait_parse(ngx_http_request_t *r,
    ngx_http_postflow_wait_e *condition, ngx_msec_t *timeout)
{
    ngx_int_t   t;
    ngx_str_t   value;
    ngx_uint_t  i;

    if (ngx_http_arg(r, (u_char *) "wait", 4, &value) != NGX_OK) {
        return NGX_ERROR;
    }

    for (i = 0; i < 3; i++) {
        if (value.len == ngx_http_postflow_wait_names[i].len
            && ngx_strncmp(value.data, ngx_http_postflow_wait_names[i].data,
                           value.len)
               == 0)
        {
            break;
        }
    }

    if (i == 3) {
        return NGX_ERROR;
    }

    *condition = i;
    t = NGX_HTTP_POSTFLOW_WAIT_DEFAULT;

    if (ngx_http_arg(r, (u_char *) "timeout", 7, &value) == NGX_OK) {
        t = ngx_parse_time(&value, 1);

        if (t == NGX_ERROR || t > NGX_HTTP_POSTFLOW_WAIT_MAX) {
            return NGX_ERROR;
        }
    }

    *timeout = (ngx_msec_t) t * 1000;

    return NGX_OK;
}


/* why the wait is over, or NULL while it goes on */

static const char *
ngx_http_postflow_wait_outcome(ngx_http_postflow_wait_e condition,
    ngx_int_t rc, ngx_http_postflow_answer_t *ans)
{
    if (rc != NGX_OK || ans->status == NGX_HTTP_POSTFLOW_DELETED) {
        return "deleted";
    }

    switch (condition) {

    case NGX_HTTP_POSTFLOW_WAIT_READY:
        if (ans->status == NGX_HTTP_POSTFLOW_READY
            || ans->status == NGX_HTTP_POSTFLOW_COMPLETED)
        {
            return "satisfied";
        }

        break;

    case NGX_HTTP_POSTFLOW_WAIT_APPROVED:
        if (ans->review_status == NGX_HTTP_POSTFLOW_APPROVED) {
            return "satisfied";
        }

        break;

    default: /* NGX_HTTP_POSTFLOW_WAIT_REVIEWED */
        if (ans->review_status == NGX_HTTP_POSTFLOW_APPROVED
            || ans->review_status == NGX_HTTP_POSTFLOW_NEEDS_CHANGES)
        {
            return "satisfied";
        }

        break;
    }

    return NULL;
}


static ngx_int_t
ngx_http_postflow_wait_answer(ngx_http_request_t *r, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans, const char *outcome)
{
    if ((rc != NGX_OK && rc != NGX_HTTP_POSTFLOW_NOT_FOUND)
        || ngx_http_postflow_header_out(r, "X-Postflow-Wait", outcome)
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* DELETE took the track away while it was waited for: no body left */

    if (rc == NGX_HTTP_POSTFLOW_NOT_FOUND) {
        return ngx_http_postflow_send_error(r, NGX_HTTP_NOT_FOUND,
                                            "the upload was deleted");
    }

    return ngx_http_postflow_send_json(r, NGX_HTTP_OK, &ans->json);
}


/*
 * The timer keeps an exiting worker alive while it has waiters, so that
 * a reload answers them (with their current track) instead of dropping
 * their connections.
 */

static void
ngx_http_postflow_wait_arm(void)
{
    ngx_event_t  *ev;

    ev = &ngx_http_postflow_wait_event;

    if (ev->timer_set) {
        return;
    }

    /* timers' debug lines name ev->data's descriptor: a fake one */

    ngx_http_postflow_wait_dummy.fd = (ngx_socket_t) -1;

    ev->handler = ngx_http_postflow_wait_check;
    ev->log = ngx_cycle->log;
    ev->data = &ngx_http_postflow_wait_dummy;

    ngx_add_timer(ev, NGX_HTTP_POSTFLOW_WAIT_STEP);
}


static void
ngx_http_postflow_wait_check(ngx_event_t *ev)
{
    ngx_int_t                    rc;
    ngx_queue_t                 *q, *next;
    const char                  *outcome;
    ngx_atomic_uint_t            generation;
    ngx_http_postflow_answer_t   ans;
    ngx_http_postflow_waiter_t  *w;

    for (q = ngx_queue_head(&ngx_http_postflow_waiters);
         q != ngx_queue_sentinel(&ngx_http_postflow_waiters);
         q = next)
    {
        next = ngx_queue_next(q);
        w = ngx_queue_data(q, ngx_http_postflow_waiter_t, queue);

        generation = w->zone->sh->generation;

        if (generation == w->generation
            && (ngx_msec_int_t) (w->deadline - ngx_current_msec) > 0
            && !ngx_exiting)
        {
            continue;
        }

        w->generation = generation;

        ngx_http_postflow_answer_init(&ans, w->request->pool);

        rc = ngx_http_postflow_store_get(w->zone, &w->upload_id, &ans);
        outcome = ngx_http_postflow_wait_outcome(w->condition, rc, &ans);

        if (outcome == NULL
            && (ngx_msec_int_t) (w->deadline - ngx_current_msec) > 0
            && !ngx_exiting)
        {
            continue;
        }

        ngx_http_postflow_wait_finish(w, rc, &ans,
                                      outcome ? outcome : "timeout");
    }

    if (ngx_http_postflow_nwaiters) {
        ngx_http_postflow_wait_arm();
    }
}


static void
ngx_http_postflow_wait_finish(ngx_http_postflow_waiter_t *w, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans, const char *outcome)
{
    ngx_connection_t    *c;
    ngx_http_request_t  *r;

    r = w->request;
    c = r->connection;

    /* the waiter lives in the request's pool: unlink it first */

    ngx_http_postflow_wait_cleanup(w);

    ngx_http_finalize_request(r, ngx_http_postflow_wait_answer(r, rc, ans,
                                                               outcome));
    ngx_http_run_posted_requests(c);
}


static void
ngx_http_postflow_wait_cleanup(void *data)
{
    ngx_http_postflow_waiter_t *w = data;

    if (w->request == NULL) {
        return;
    }

    ngx_queue_remove(&w->queue);
    ngx_http_postflow_nwaiters--;
    w->request = NULL;
}
