
/*
 * A request whose change is answered once it is stored.  Without
 * postflow_replicate that is at once; with it the change goes to the
 * Redis stream first, and the request waits, with no timer of its own
 * (the replication bounds the wait), for its change to come back from
 * the stream and be applied: the store then calls the answer's "done".
 * Meanwhile the request is blocked, as for aio: a body still being
 * discarded cannot free it under the pending command.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_module.h"
#include "ngx_http_postflow_json.h"


static void ngx_http_postflow_request_resume(ngx_http_postflow_answer_t *ans,
    ngx_int_t rc);


/* the answer a handler hands the store, in the request's pool */

ngx_http_postflow_answer_t *
ngx_http_postflow_request_answer(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_stored_pt stored)
{
    ngx_http_postflow_answer_t  *ans;

    ans = ngx_palloc(r->pool, sizeof(ngx_http_postflow_answer_t));
    if (ans == NULL) {
        return NULL;
    }

    ngx_http_postflow_answer_init(ans, r->pool);

    ans->done = ngx_http_postflow_request_resume;
    ans->data = ctx;
    ctx->request = r;
    ctx->stored = stored;

    return ans;
}


/* what the store said: the answer, or NGX_DONE until it is applied */

ngx_int_t
ngx_http_postflow_request_stored(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans)
{
    if (rc == NGX_AGAIN) {
        r->main->count++;
        r->main->blocked++;
        return NGX_DONE;
    }

    return ctx->stored(r, ctx, rc, ans);
}


static void
ngx_http_postflow_request_resume(ngx_http_postflow_answer_t *ans,
    ngx_int_t rc)
{
    ngx_connection_t         *c;
    ngx_http_request_t       *r;
    ngx_http_postflow_ctx_t  *ctx;

    ctx = ans->data;
    r = ctx->request;
    c = r->connection;

    r->main->blocked--;

    ngx_http_finalize_request(r, ctx->stored(r, ctx, rc, ans));
    ngx_http_run_posted_requests(c);
}


/* the change was not made: the client, Frame.io too, retries */

ngx_int_t
ngx_http_postflow_request_unavailable(ngx_http_request_t *r)
{
    return ngx_http_postflow_send_error(r, NGX_HTTP_SERVICE_UNAVAILABLE,
                                        "postflow_replicate: Redis is"
                                        " unavailable, retry later");
}
