
/*
 * postflow_webhook: Frame.io's signed event deliveries.
 *
 * An event is answered 2xx only once its effect is in the zone: Frame.io
 * retries anything else (5 attempts), so a refusal loses nothing.
 * Deliveries are at-least-once and unordered; the store makes both
 * harmless.
 */


#include "ngx_http_postflow_module.h"


static ngx_int_t ngx_http_postflow_webhook_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_webhook_process(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_webhook_stored(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_webhook_verify(ngx_http_request_t *r,
    ngx_http_postflow_loc_conf_t *plcf, ngx_str_t *body,
    ngx_http_postflow_reject_e *reason, const char **message);
static ngx_int_t ngx_http_postflow_webhook_reject(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_reject_e reason,
    ngx_uint_t status, const char *message);
static ngx_int_t ngx_http_postflow_webhook_answer(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_event_t *ev,
    ngx_int_t outcome, ngx_str_t *upload_id);
static void ngx_http_postflow_webhook_log(ngx_http_postflow_ctx_t *ctx,
    ngx_http_postflow_event_t *ev, ngx_http_postflow_answer_t *ans);


#define ngx_http_postflow_count(ctx, field)                                  \
    (void) ngx_atomic_fetch_add(                                             \
        &((ngx_http_postflow_zone_t *) (ctx)->lcf->webhook_zone->data)       \
            ->sh->counters.field, 1)


const ngx_http_postflow_handler_t  ngx_http_postflow_webhook_handler = {
    ngx_http_postflow_webhook_start,
    ngx_http_postflow_webhook_process
};


static ngx_int_t
ngx_http_postflow_webhook_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    ngx_int_t                      rc;
    ngx_http_postflow_loc_conf_t  *plcf;

    plcf = ctx->lcf;

    ngx_http_postflow_count(ctx, webhooks_received);

    if (r->method != NGX_HTTP_POST) {
        rc = ngx_http_discard_request_body(r);

        if (rc != NGX_OK) {
            return rc;
        }

        return ngx_http_postflow_webhook_reject(r, ctx,
                                        NGX_HTTP_POSTFLOW_REJECT_METHOD,
                                        NGX_HTTP_NOT_ALLOWED,
                                        "only POST is accepted");
    }

    if (r->headers_in.content_length_n > (off_t) plcf->max_body) {
        rc = ngx_http_discard_request_body(r);

        if (rc != NGX_OK) {
            return rc;
        }

        return ngx_http_postflow_webhook_reject(r, ctx,
                                        NGX_HTTP_POSTFLOW_REJECT_TOO_LARGE,
                                        NGX_HTTP_REQUEST_ENTITY_TOO_LARGE,
                                        "body is larger than"
                                        " postflow_webhook_max_body");
    }

    return NGX_AGAIN;
}


static ngx_int_t
ngx_http_postflow_webhook_process(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    ngx_int_t                      rc;
    ngx_str_t                      body, err;
    const char                    *message;
    ngx_http_postflow_zone_t      *zone;
    ngx_http_postflow_answer_t    *ans;
    ngx_http_postflow_reject_e     reason;
    ngx_http_postflow_event_t     *ev;
    ngx_http_postflow_loc_conf_t  *plcf;

    plcf = ctx->lcf;
    zone = plcf->webhook_zone->data;

    if (ngx_http_postflow_read_body(r, &body) != NGX_OK) {
        return ngx_http_postflow_webhook_reject(r, ctx,
                                        NGX_HTTP_POSTFLOW_REJECT_NO_MEMORY,
                                        NGX_HTTP_INTERNAL_SERVER_ERROR,
                                        "cannot read the body");
    }

    /* a chunked body has no Content-Length to refuse early */

    if (body.len > plcf->max_body) {
        return ngx_http_postflow_webhook_reject(r, ctx,
                                        NGX_HTTP_POSTFLOW_REJECT_TOO_LARGE,
                                        NGX_HTTP_REQUEST_ENTITY_TOO_LARGE,
                                        "body is larger than"
                                        " postflow_webhook_max_body");
    }

    rc = ngx_http_postflow_webhook_verify(r, plcf, &body, &reason, &message);

    if (rc != NGX_OK) {
        return ngx_http_postflow_webhook_reject(r, ctx, reason, rc, message);
    }

    ev = ngx_pcalloc(r->pool, sizeof(ngx_http_postflow_event_t));
    ans = ngx_http_postflow_request_answer(r, ctx,
                                           ngx_http_postflow_webhook_stored);

    if (ev == NULL || ans == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_postflow_event_parse(ev, &body, r->pool, &err) != NGX_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "postflow webhook: rejected, %V", &err);

        ngx_http_postflow_count(ctx,
                    webhooks_rejected[NGX_HTTP_POSTFLOW_REJECT_JSON]);

        return ngx_http_postflow_send_error_str(r, NGX_HTTP_BAD_REQUEST,
                                                &err);
    }

    /* only a new version is not idempotent by itself: see the store */

    if (ev->type_index >= 0
        && ngx_http_postflow_event_types[ev->type_index].effect
           == NGX_HTTP_POSTFLOW_EFFECT_VERSION)
    {
        ev->delivery = ngx_crc32_long(body.data, body.len);
    }

    ctx->change = ev;

    rc = ngx_http_postflow_store_event(zone, ev, ans);

    return ngx_http_postflow_request_stored(r, ctx, rc, ans);
}


/* the event is in the zone, or refused: what it leaves, the answer */

static ngx_int_t
ngx_http_postflow_webhook_stored(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_event_t  *ev;

    ev = ctx->change;

    /* what the event leaves to the Frame.io poller, if there is one */

    rc = ngx_http_postflow_poller_event(r, ctx->frameio,
                                        ctx->lcf->webhook_zone->data, ev, rc);

    ngx_http_postflow_webhook_log(ctx, ev, ans);

    return ngx_http_postflow_webhook_answer(r, ctx, ev, rc, &ans->upload_id);
}


static void
ngx_http_postflow_webhook_log(ngx_http_postflow_ctx_t *ctx,
    ngx_http_postflow_event_t *ev, ngx_http_postflow_answer_t *ans)
{
    ctx->event = ev->type;
    ctx->upload_id = ans->upload_id;
    ctx->review_status = ans->review_status;
}


/*
 * NGX_OK, or the status to refuse the event with and why.  The
 * signature covers the timestamp, so the timestamp is judged only once
 * the signature holds: an unsigned request learns nothing.
 */

static ngx_int_t
ngx_http_postflow_webhook_verify(ngx_http_request_t *r,
    ngx_http_postflow_loc_conf_t *plcf, ngx_str_t *body,
    ngx_http_postflow_reject_e *reason, const char **message)
{
    time_t      ts, now;
    ngx_int_t   rc;
    ngx_str_t  *signature, *timestamp;

    if (plcf->secrets == NULL) {
        return NGX_OK;
    }

    signature = ngx_http_postflow_header_in(r, "X-Frameio-Signature",
                                    sizeof("X-Frameio-Signature") - 1);
    timestamp = ngx_http_postflow_header_in(r, "X-Frameio-Request-Timestamp",
                                    sizeof("X-Frameio-Request-Timestamp") - 1);

    *reason = NGX_HTTP_POSTFLOW_REJECT_SIGNATURE;

    if (signature == NULL || timestamp == NULL) {
        *message = "missing X-Frameio-Signature or"
                   " X-Frameio-Request-Timestamp";
        return NGX_HTTP_UNAUTHORIZED;
    }

    rc = ngx_http_postflow_signature_verify(plcf->secrets, timestamp,
                                            signature, body);

    if (rc == NGX_ERROR) {
        *reason = NGX_HTTP_POSTFLOW_REJECT_NO_MEMORY;
        *message = "cannot compute the signature";
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rc != NGX_OK) {
        *message = "signature does not match";
        return NGX_HTTP_UNAUTHORIZED;
    }

    *reason = NGX_HTTP_POSTFLOW_REJECT_TIMESTAMP;

    ts = ngx_atotm(timestamp->data, timestamp->len);
    now = ngx_time();

    if (ts == NGX_ERROR) {
        *message = "X-Frameio-Request-Timestamp is not a number of seconds";
        return NGX_HTTP_BAD_REQUEST;
    }

    if (ts < now - plcf->tolerance) {
        *message = "timestamp is older than postflow_webhook_tolerance";
        return NGX_HTTP_BAD_REQUEST;
    }

    if (ts > now + plcf->tolerance) {
        *message = "timestamp is further in the future than"
                   " postflow_webhook_tolerance";
        return NGX_HTTP_BAD_REQUEST;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_webhook_reject(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_reject_e reason,
    ngx_uint_t status, const char *message)
{
    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "postflow webhook: rejected, %s", message);

    ngx_http_postflow_count(ctx, webhooks_rejected[reason]);

    if (status == NGX_HTTP_NOT_ALLOWED) {
        return ngx_http_postflow_send_not_allowed(r, "POST", message);
    }

    return ngx_http_postflow_send_error(r, status, message);
}


static ngx_int_t
ngx_http_postflow_webhook_answer(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_event_t *ev,
    ngx_int_t outcome, ngx_str_t *upload_id)
{
    u_char      *p;
    ngx_str_t    json;
    ngx_uint_t   status;
    const char  *name;

    status = NGX_HTTP_OK;

    switch (outcome) {

    case NGX_HTTP_POSTFLOW_APPLIED:
        name = "applied";
        break;

    case NGX_HTTP_POSTFLOW_LATE:
        ngx_http_postflow_count(ctx, out_of_order);
        name = "out_of_order";
        break;

    case NGX_HTTP_POSTFLOW_DUPLICATE:
        ngx_http_postflow_count(ctx, duplicates);
        name = "duplicate";
        break;

    case NGX_HTTP_POSTFLOW_QUEUED:
        ngx_http_postflow_count(ctx, unmatched);
        status = NGX_HTTP_ACCEPTED;
        name = "unmatched";
        break;

    case NGX_HTTP_POSTFLOW_IGNORED:
        ngx_http_postflow_count(ctx, ignored);
        name = "ignored";
        break;

    case NGX_HTTP_POSTFLOW_FETCH:

        /* a comment: the poller reads it from Frame.io's API */

        status = NGX_HTTP_ACCEPTED;
        name = "queued";
        break;

    case NGX_HTTP_POSTFLOW_FETCH_FULL:
        return ngx_http_postflow_send_error(r, NGX_HTTP_SERVICE_UNAVAILABLE,
                                            "the Frame.io job queue is full,"
                                            " retry later");

    case NGX_HTTP_POSTFLOW_UNAVAILABLE:
        ngx_http_postflow_count(ctx,
                    webhooks_rejected[NGX_HTTP_POSTFLOW_REJECT_JOURNAL]);

        return ngx_http_postflow_request_unavailable(r);

    case NGX_HTTP_POSTFLOW_NO_STATE:

        /* not in the journal, not in the zone: Frame.io retries */

        ngx_http_postflow_count(ctx,
                    webhooks_rejected[NGX_HTTP_POSTFLOW_REJECT_JOURNAL]);

        return ngx_http_postflow_send_error(r, NGX_HTTP_SERVICE_UNAVAILABLE,
                                            "postflow_state cannot be"
                                            " written, retry later");

    case NGX_HTTP_POSTFLOW_FULL:

        /* not remembered: a later retry by Frame.io may find room */

        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "postflow webhook: %V for file \"%V\" not kept,"
                      " the zone is full", &ev->type, &ev->resource_id);

        ngx_http_postflow_count(ctx, unmatched_dropped);

        return ngx_http_postflow_send_error(r,
                                            NGX_HTTP_SERVICE_UNAVAILABLE,
                                            "zone is full, retry later");

    default:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_http_postflow_count(ctx, webhooks_accepted);
    ngx_http_postflow_count(ctx, events_processed);

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "postflow webhook: %V %V: %s",
                   &ev->type, &ev->resource_id, name);

    json.data = ngx_pnalloc(r->pool, sizeof("{\"outcome\":\"\",\"event\":,"
                                            "\"upload_id\":null}\n")
                                     + sizeof("out_of_order")
                                     + ngx_http_postflow_json_string_size(
                                           ev->type.data, ev->type.len)
                                     + ngx_http_postflow_json_string_size(
                                           upload_id->data, upload_id->len));
    if (json.data == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = ngx_sprintf(json.data, "{\"outcome\":\"%s\",\"event\":", name);
    p = ngx_http_postflow_json_string(p, ev->type.data, ev->type.len);
    p = ngx_cpymem(p, ",\"upload_id\":", sizeof(",\"upload_id\":") - 1);

    if (upload_id->len) {
        p = ngx_http_postflow_json_string(p, upload_id->data, upload_id->len);

    } else {
        p = ngx_cpymem(p, "null", 4);
    }

    *p++ = '}';
    *p++ = '\n';
    json.len = p - json.data;

    return ngx_http_postflow_send_json(r, status, &json);
}
