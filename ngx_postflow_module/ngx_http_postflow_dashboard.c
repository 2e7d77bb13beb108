
/*
 * postflow_dashboard: the page, its script and its style, embedded in
 * the module (tools/embed-dashboard writes them from dashboard/), and
 * "data", the JSON the script reads every few seconds.
 *
 * The page loads nothing from elsewhere and runs under a strict
 * Content-Security-Policy: no inline script or style, no other origin.
 */


#include "ngx_http_postflow_module.h"
#include "ngx_http_postflow_dashboard.h"
#include "ngx_http_postflow_dashboard_assets.h"


#define NGX_HTTP_POSTFLOW_DASHBOARD_LIMIT      100
#define NGX_HTTP_POSTFLOW_DASHBOARD_LIMIT_MAX  500


static ngx_int_t ngx_http_postflow_dashboard_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_dashboard_asset(ngx_http_request_t *r,
    ngx_str_t *name);
static ngx_int_t ngx_http_postflow_dashboard_json(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_dashboard_query(ngx_http_request_t *r,
    ngx_http_postflow_dashboard_query_t *q, const char **err);
static ngx_int_t ngx_http_postflow_dashboard_number(ngx_http_request_t *r,
    const char *arg, ngx_int_t *n);
static ngx_int_t ngx_http_postflow_dashboard_name(ngx_http_request_t *r,
    const char *arg, ngx_str_t *names, ngx_uint_t n, ngx_int_t *index);
static ngx_int_t ngx_http_postflow_dashboard_search(ngx_http_request_t *r,
    ngx_str_t *search);
static ngx_int_t ngx_http_postflow_dashboard_webhook_url(
    ngx_http_request_t *r, ngx_http_postflow_ctx_t *ctx, ngx_str_t *url);
static ngx_int_t ngx_http_postflow_dashboard_headers(ngx_http_request_t *r);


const ngx_http_postflow_handler_t  ngx_http_postflow_dashboard_handler = {
    ngx_http_postflow_dashboard_start,
    NULL
};


static ngx_int_t
ngx_http_postflow_dashboard_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    u_char     *p, *last;
    ngx_int_t   rc;
    ngx_str_t   name;

    rc = ngx_http_discard_request_body(r);

    if (rc != NGX_OK) {
        return rc;
    }

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return ngx_http_postflow_send_not_allowed(r, "GET, HEAD",
                                            "the dashboard is read with GET");
    }

    /* the last part of the path names the file, whatever the location */

    last = r->uri.data + r->uri.len;

    for (p = last; p > r->uri.data && p[-1] != '/'; p--) {
        /* void */
    }

    name.data = p;
    name.len = last - p;

    if (name.len == 4 && ngx_strncmp(name.data, "data", 4) == 0) {
        return ngx_http_postflow_dashboard_json(r, ctx);
    }

    if (name.len == 0) {
        ngx_str_set(&name, "index.html");
    }

    return ngx_http_postflow_dashboard_asset(r, &name);
}


static ngx_int_t
ngx_http_postflow_dashboard_asset(ngx_http_request_t *r, ngx_str_t *name)
{
    ngx_str_t                  *match;
    ngx_uint_t                  i;
    ngx_http_postflow_asset_t  *a;

    a = NULL;

    for (i = 0; i < sizeof(ngx_http_postflow_dashboard_assets)
                    / sizeof(ngx_http_postflow_asset_t); i++)
    {
        if (ngx_http_postflow_dashboard_assets[i].name.len == name->len
            && ngx_strncmp(ngx_http_postflow_dashboard_assets[i].name.data,
                           name->data, name->len) == 0)
        {
            a = &ngx_http_postflow_dashboard_assets[i];
            break;
        }
    }

    if (a == NULL) {
        return ngx_http_postflow_send_error(r, NGX_HTTP_NOT_FOUND,
                                            "no such file in the dashboard");
    }

    if (ngx_http_postflow_dashboard_headers(r) != NGX_OK
        || ngx_http_postflow_header_out(r, "Cache-Control", "no-cache")
           != NGX_OK
        || ngx_http_postflow_header_out(r, "ETag", (char *) a->etag.data)
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* the page changes with the module only: its build is its version */

    match = ngx_http_postflow_header_in(r, "If-None-Match", 13);

    if (match && match->len == a->etag.len
        && ngx_strncmp(match->data, a->etag.data, a->etag.len) == 0)
    {
        r->headers_out.status = NGX_HTTP_NOT_MODIFIED;
        r->header_only = 1;
        return ngx_http_send_header(r);
    }

    return ngx_http_postflow_send_text(r, NGX_HTTP_OK, &a->body,
                                       (char *) a->type.data);
}


static ngx_int_t
ngx_http_postflow_dashboard_json(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    ngx_str_t                            json, err;
    const char                          *message;
    ngx_uint_t                           used;
    ngx_http_postflow_dashboard_query_t  q;

    ngx_memzero(&q, sizeof(ngx_http_postflow_dashboard_query_t));

    if (ngx_http_postflow_dashboard_query(r, &q, &message) != NGX_OK) {
        err.data = (u_char *) message;
        err.len = ngx_strlen(message);
        return ngx_http_postflow_send_error_str(r, NGX_HTTP_BAD_REQUEST,
                                                &err);
    }

    if (ngx_http_postflow_dashboard_webhook_url(r, ctx, &q.webhook_url)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    q.poller = (ngx_http_postflow_poller_stats_size(ctx->frameio) != 0);

    if (q.poller) {
        q.poll_interval = ctx->frameio->poll_interval;
        ngx_http_postflow_budget_read(ctx->frameio, &q.calls_per_minute,
                                      &used);
    }

    if (ngx_http_postflow_dashboard_data(&q, ctx->lcf->dashboard_zone->data,
                                         r->pool, &json)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_postflow_dashboard_headers(r) != NGX_OK
        || ngx_http_postflow_header_out(r, "Cache-Control", "no-store")
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_postflow_send_json(r, NGX_HTTP_OK, &json);
}


/* ?status=&review_status=&q=&offset=&limit=&since= */

static ngx_int_t
ngx_http_postflow_dashboard_query(ngx_http_request_t *r,
    ngx_http_postflow_dashboard_query_t *q, const char **err)
{
    ngx_int_t  offset, limit;

    if (ngx_http_postflow_dashboard_name(r, "status",
                                         ngx_http_postflow_status_names,
                                         NGX_HTTP_POSTFLOW_NSTATUS,
                                         &q->status)
        != NGX_OK)
    {
        *err = "status is not one of the track statuses";
        return NGX_ERROR;
    }

    if (ngx_http_postflow_dashboard_name(r, "review_status",
                                         ngx_http_postflow_review_names,
                                         NGX_HTTP_POSTFLOW_NREVIEW,
                                         &q->review_status)
        != NGX_OK)
    {
        *err = "review_status is not one of the review statuses";
        return NGX_ERROR;
    }

    if (ngx_http_postflow_dashboard_number(r, "offset", &offset) != NGX_OK
        || ngx_http_postflow_dashboard_number(r, "limit", &limit) != NGX_OK
        || ngx_http_postflow_dashboard_number(r, "since", &q->since)
           != NGX_OK)
    {
        *err = "offset, limit and since are numbers";
        return NGX_ERROR;
    }

    if (limit == 0 || limit > NGX_HTTP_POSTFLOW_DASHBOARD_LIMIT_MAX) {
        *err = "limit is from 1 to 500";
        return NGX_ERROR;
    }

    q->offset = (offset < 0) ? 0 : offset;
    q->limit = (limit < 0) ? NGX_HTTP_POSTFLOW_DASHBOARD_LIMIT : limit;

    if (ngx_http_postflow_dashboard_search(r, &q->search) != NGX_OK) {
        *err = "q is not valid UTF-8 text";
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* a number argument, -1 when absent */

static ngx_int_t
ngx_http_postflow_dashboard_number(ngx_http_request_t *r, const char *arg,
    ngx_int_t *n)
{
    ngx_str_t  value;

    *n = -1;

    if (ngx_http_arg(r, (u_char *) arg, ngx_strlen(arg), &value) != NGX_OK
        || value.len == 0)
    {
        return NGX_OK;
    }

    *n = ngx_atoi(value.data, value.len);

    return (*n == NGX_ERROR) ? NGX_ERROR : NGX_OK;
}


/* a status argument as its index in names, -1 when absent */

static ngx_int_t
ngx_http_postflow_dashboard_name(ngx_http_request_t *r, const char *arg,
    ngx_str_t *names, ngx_uint_t n, ngx_int_t *index)
{
    ngx_str_t   value;
    ngx_uint_t  i;

    *index = -1;

    if (ngx_http_arg(r, (u_char *) arg, ngx_strlen(arg), &value) != NGX_OK
        || value.len == 0)
    {
        return NGX_OK;
    }

    for (i = 0; i < n; i++) {
        if (names[i].len == value.len
            && ngx_strncmp(names[i].data, value.data, value.len) == 0)
        {
            *index = i;
            return NGX_OK;
        }
    }

    return NGX_ERROR;
}


/* q, decoded as a form encodes it ("+" for a space) */

static ngx_int_t
ngx_http_postflow_dashboard_search(ngx_http_request_t *r, ngx_str_t *search)
{
    u_char     *src, *dst;
    ngx_str_t   value;
    ngx_uint_t  i;

    ngx_str_null(search);

    if (ngx_http_arg(r, (u_char *) "q", 1, &value) != NGX_OK
        || value.len == 0)
    {
        return NGX_OK;
    }

    dst = ngx_pnalloc(r->pool, value.len);
    if (dst == NULL) {
        return NGX_ERROR;
    }

    search->data = dst;

    for (i = 0; i < value.len; i++) {
        if (value.data[i] == '+') {
            value.data[i] = ' ';
        }
    }

    src = value.data;
    ngx_unescape_uri(&dst, &src, value.len, 0);
    search->len = dst - search->data;

    return ngx_http_postflow_utf8_valid(search->data, search->len);
}


/*
 * postflow_public_url, else this request's scheme and host with the
 * first postflow_webhook location, else none: the page says to set it.
 */

static ngx_int_t
ngx_http_postflow_dashboard_webhook_url(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_str_t *url)
{
    u_char     *p;
    ngx_str_t  *path;

    if (ctx->lcf->public_url.len) {
        *url = ctx->lcf->public_url;
        return NGX_OK;
    }

    path = &ctx->lcf->webhook_path;

    if (path->len == 0 || r->headers_in.host == NULL) {
        ngx_str_null(url);
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, sizeof("https://") - 1
                             + r->headers_in.host->value.len + path->len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    url->data = p;

#if (NGX_HTTP_SSL)
    if (r->connection->ssl) {
        p = ngx_cpymem(p, "https://", sizeof("https://") - 1);

    } else
#endif
    {
        p = ngx_cpymem(p, "http://", sizeof("http://") - 1);
    }

    p = ngx_cpymem(p, r->headers_in.host->value.data,
                   r->headers_in.host->value.len);
    p = ngx_cpymem(p, path->data, path->len);

    url->len = p - url->data;

    return NGX_OK;
}


/* what every answer of the dashboard says about itself */

static ngx_int_t
ngx_http_postflow_dashboard_headers(ngx_http_request_t *r)
{
    if (ngx_http_postflow_header_out(r, "Content-Security-Policy",
                                     "default-src 'none'; "
                                     "script-src 'self'; "
                                     "style-src 'self'; "
                                     "img-src 'self' data:; "
                                     "connect-src 'self'; "
                                     "base-uri 'none'; "
                                     "form-action 'none'; "
                                     "frame-ancestors 'none'")
        != NGX_OK
        || ngx_http_postflow_header_out(r, "X-Content-Type-Options",
                                        "nosniff")
           != NGX_OK
        || ngx_http_postflow_header_out(r, "Referrer-Policy", "no-referrer")
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    return NGX_OK;
}
