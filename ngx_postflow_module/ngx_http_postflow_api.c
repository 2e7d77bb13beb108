
/*
 * postflow_api: the REST API, with paths relative to the location.
 *
 *     POST   /uploads                    register
 *     GET    /uploads?status=&review_status=&limit=&after=
 *     GET    /uploads/{upload_id}
 *     DELETE /uploads/{upload_id}
 *     POST   /uploads/{upload_id}/comments
 *     POST   /analyze                    analysis only, nothing stored
 */


#include "ngx_http_postflow_module.h"


#define NGX_HTTP_POSTFLOW_LIST_DEFAULT     100
#define NGX_HTTP_POSTFLOW_LIST_MAX         1000
#define NGX_HTTP_POSTFLOW_ANALYZE_MAX      1000


typedef enum {
    NGX_HTTP_POSTFLOW_API_REGISTER = 0,
    NGX_HTTP_POSTFLOW_API_LIST,
    NGX_HTTP_POSTFLOW_API_GET,
    NGX_HTTP_POSTFLOW_API_DELETE,
    NGX_HTTP_POSTFLOW_API_COMMENT,
    NGX_HTTP_POSTFLOW_API_ANALYZE
} ngx_http_postflow_api_route_e;


static ngx_int_t ngx_http_postflow_api_route(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_api_refuse(ngx_http_request_t *r,
    ngx_int_t status, ngx_uint_t allowed);
static ngx_int_t ngx_http_postflow_api_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_api_process(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx);
static ngx_int_t ngx_http_postflow_api_register(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *body);
static ngx_int_t ngx_http_postflow_api_list(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone);
static ngx_int_t ngx_http_postflow_api_get(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id);
static ngx_int_t ngx_http_postflow_api_delete(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id);
static ngx_int_t ngx_http_postflow_api_comment(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_str_t *body);
static ngx_int_t ngx_http_postflow_api_editors(ngx_pool_t *pool,
    ngx_array_t *editors, ngx_str_t *list, ngx_str_t *err);
static ngx_int_t ngx_http_postflow_api_analyze(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_str_t *body);
static ngx_int_t ngx_http_postflow_api_outcome(ngx_http_request_t *r,
    ngx_int_t rc, ngx_str_t *json);
static ngx_int_t ngx_http_postflow_api_registered(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_api_deleted(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_api_commented(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_api_track(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
static ngx_int_t ngx_http_postflow_api_bad(ngx_http_request_t *r,
    ngx_str_t *err);
static ngx_int_t ngx_http_postflow_api_id_valid(ngx_str_t *id);
static ngx_int_t ngx_http_postflow_api_name_index(ngx_str_t *value,
    ngx_str_t *names, ngx_uint_t n);
static u_char *ngx_http_postflow_api_analysis(u_char *p, u_char *text,
    ngx_http_postflow_analysis_t *an);
static size_t ngx_http_postflow_api_analysis_size(u_char *text,
    ngx_http_postflow_analysis_t *an);


static ngx_str_t  ngx_http_postflow_verdict_names[] = {
    ngx_string("neutral"),
    ngx_string("approve"),
    ngx_string("changes")
};


const ngx_http_postflow_handler_t  ngx_http_postflow_api_handler = {
    ngx_http_postflow_api_start,
    ngx_http_postflow_api_process
};


static ngx_int_t
ngx_http_postflow_api_start(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    ngx_int_t  rc;

    rc = ngx_http_postflow_api_route(r, ctx);

    if (rc != NGX_OK) {
        if (ngx_http_discard_request_body(r) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_postflow_api_refuse(r, rc, ctx->allowed);
    }

    if (r->method != NGX_HTTP_POST) {
        rc = ngx_http_discard_request_body(r);

        if (rc != NGX_OK) {
            return rc;
        }

        return ngx_http_postflow_api_process(r, ctx);
    }

    return NGX_AGAIN;
}


/*
 * The path below the location, then the method: NGX_OK, or the status
 * of the error to answer once the body is discarded.
 */

static ngx_int_t
ngx_http_postflow_api_route(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    u_char                    *p, *last, *slash;
    ngx_uint_t                 allowed;
    ngx_http_core_loc_conf_t  *clcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

    /*
     * The path is routed decoded: "a%2Fcomments" would be the comments
     * of "a".  No id holds a "/", so an encoded one is refused.
     */

    if (r->quoted_uri
        && ngx_strlcasestrn(r->unparsed_uri.data,
                            r->unparsed_uri.data + r->unparsed_uri.len
                            - r->args.len, (u_char *) "%2f", 3 - 1)
           != NULL)
    {
        return NGX_HTTP_BAD_REQUEST;
    }

    p = r->uri.data;
    last = r->uri.data + r->uri.len;

    if (r->uri.len >= clcf->name.len
        && ngx_strncmp(p, clcf->name.data, clcf->name.len) == 0)
    {
        p += clcf->name.len;
    }

    while (p < last && *p == '/') {
        p++;
    }

    allowed = NGX_HTTP_POST;

    if (last - p == 7 && ngx_strncmp(p, "analyze", 7) == 0) {
        ctx->route = NGX_HTTP_POSTFLOW_API_ANALYZE;

    } else if (last - p >= 7 && ngx_strncmp(p, "uploads", 7) == 0
               && (last - p == 7 || p[7] == '/'))
    {
        /* "uploads", "uploads/" and "uploads/{id}[/comments]" */

        p = (last - p == 7) ? last : p + 8;

        if (p == last) {
            allowed = NGX_HTTP_POST|NGX_HTTP_GET|NGX_HTTP_HEAD;
            ctx->route = (r->method == NGX_HTTP_POST)
                         ? NGX_HTTP_POSTFLOW_API_REGISTER
                         : NGX_HTTP_POSTFLOW_API_LIST;

        } else {
            slash = ngx_strlchr(p, last, '/');

            ctx->upload_id.data = p;
            ctx->upload_id.len = (slash ? slash : last) - p;

            if (slash == NULL) {
                allowed = NGX_HTTP_GET|NGX_HTTP_HEAD|NGX_HTTP_DELETE;
                ctx->route = (r->method == NGX_HTTP_DELETE)
                             ? NGX_HTTP_POSTFLOW_API_DELETE
                             : NGX_HTTP_POSTFLOW_API_GET;

            } else if (last - slash == 9
                       && ngx_strncmp(slash, "/comments", 9) == 0)
            {
                ctx->route = NGX_HTTP_POSTFLOW_API_COMMENT;

            } else {
                return NGX_HTTP_NOT_FOUND;
            }
        }

    } else {
        return NGX_HTTP_NOT_FOUND;
    }

    if (!(r->method & allowed)) {
        ctx->allowed = allowed;
        return NGX_HTTP_NOT_ALLOWED;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_api_refuse(ngx_http_request_t *r, ngx_int_t status,
    ngx_uint_t allowed)
{
    if (status == NGX_HTTP_BAD_REQUEST) {
        return ngx_http_postflow_send_error(r, status, "an encoded \"/\" is"
                                            " not allowed in the path");
    }

    if (status == NGX_HTTP_NOT_FOUND) {
        return ngx_http_postflow_send_error(r, status, "no such endpoint");
    }

    return ngx_http_postflow_send_not_allowed(r,
                                    (allowed & NGX_HTTP_DELETE)
                                    ? "GET, HEAD, DELETE"
                                    : (allowed & NGX_HTTP_GET)
                                      ? "GET, HEAD, POST" : "POST",
                                    "method not allowed here");
}


static ngx_int_t
ngx_http_postflow_api_process(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx)
{
    ngx_str_t                  body;
    ngx_http_postflow_zone_t  *zone;

    zone = ctx->lcf->api_zone->data;

    if (ngx_http_postflow_read_body(r, &body) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    switch (ctx->route) {

    case NGX_HTTP_POSTFLOW_API_REGISTER:
        return ngx_http_postflow_api_register(r, ctx, zone, &body);

    case NGX_HTTP_POSTFLOW_API_LIST:
        return ngx_http_postflow_api_list(r, zone);

    case NGX_HTTP_POSTFLOW_API_GET:
        return ngx_http_postflow_api_get(r, ctx, zone, &ctx->upload_id);

    case NGX_HTTP_POSTFLOW_API_DELETE:
        return ngx_http_postflow_api_delete(r, ctx, zone, &ctx->upload_id);

    case NGX_HTTP_POSTFLOW_API_COMMENT:
        return ngx_http_postflow_api_comment(r, ctx, zone, &ctx->upload_id,
                                             &body);

    default: /* NGX_HTTP_POSTFLOW_API_ANALYZE */
        return ngx_http_postflow_api_analyze(r, zone, &body);
    }
}


static ngx_int_t
ngx_http_postflow_api_register(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *body)
{
    ngx_int_t                         rc;
    ngx_str_t                         err;
    ngx_array_t                       editors;
    ngx_http_postflow_answer_t       *ans;
    ngx_http_postflow_track_input_t   in;
    ngx_http_postflow_json_field_t   *f;
    ngx_http_postflow_json_field_t    fields[] = {
        { ngx_string("upload_id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &in.upload_id, NULL, 0, 0 },
        { ngx_string("filename"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_NAME_MAX, &in.filename, NULL, 0, 0 },
        { ngx_string("file_id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &in.file_id, NULL, 0, 0 },
        { ngx_string("project_id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &in.project_id, NULL, 0, 0 },
        { ngx_string("workspace_id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &in.workspace_id, NULL, 0, 0 },
        { ngx_string("account_id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &in.account_id, NULL, 0, 0 },
        { ngx_string("review_link"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_LINK_MAX, &in.review_link, NULL, 0, 0 },
        { ngx_string("editors"), NGX_HTTP_POSTFLOW_JSON_STRINGS,
          NGX_HTTP_POSTFLOW_ID_MAX, NULL, &editors,
          NGX_HTTP_POSTFLOW_EDITORS_MAX, 0 },
        { ngx_null_string, 0, 0, NULL, NULL, 0, 0 }
    };

    ngx_memzero(&in, sizeof(ngx_http_postflow_track_input_t));

    if (ngx_array_init(&editors, r->pool, 4, sizeof(ngx_str_t)) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_postflow_json_parse(body->data, body->len, fields,
                                     NGX_HTTP_POSTFLOW_JSON_DEPTH, r->pool,
                                     &err)
        != NGX_OK)
    {
        return ngx_http_postflow_api_bad(r, &err);
    }

    if (in.upload_id.len == 0) {
        ngx_str_set(&err, "\"upload_id\" is required and must not be empty");
        return ngx_http_postflow_api_bad(r, &err);
    }

    if (in.filename.len == 0) {
        ngx_str_set(&err, "\"filename\" is required and must not be empty");
        return ngx_http_postflow_api_bad(r, &err);
    }

    /*
     * ids appear in URLs: no slashes, spaces or control characters (the
     * fields up to "editors", which is checked as a list)
     */

    for (f = fields; f->value; f++) {
        if (f->value != &in.filename && f->value != &in.review_link
            && ngx_http_postflow_api_id_valid(f->value) != NGX_OK)
        {
            err.data = ngx_pnalloc(r->pool, f->path.len + 64);
            if (err.data == NULL) {
                return NGX_HTTP_INTERNAL_SERVER_ERROR;
            }

            err.len = ngx_sprintf(err.data, "\"%V\" must not contain '/',"
                                  " spaces or control characters", &f->path)
                      - err.data;

            return ngx_http_postflow_api_bad(r, &err);
        }
    }

    if (ngx_http_postflow_api_editors(r->pool, &editors, &in.editors, &err)
        != NGX_OK)
    {
        return ngx_http_postflow_api_bad(r, &err);
    }

    ans = ngx_http_postflow_request_answer(r, ctx,
                                           ngx_http_postflow_api_registered);
    if (ans == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->change = zone;

    rc = ngx_http_postflow_store_register(zone, &in, ans);

    return ngx_http_postflow_request_stored(r, ctx, rc, ans);
}


static ngx_int_t
ngx_http_postflow_api_registered(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_zone_t  *zone;

    zone = ctx->change;

    if (rc == NGX_HTTP_POSTFLOW_CREATED) {
        ngx_atomic_fetch_add(&zone->sh->counters.registrations, 1);

    } else if (rc == NGX_HTTP_POSTFLOW_FULL) {
        ngx_atomic_fetch_add(&zone->sh->counters.registrations_failed, 1);
    }

    return ngx_http_postflow_api_track(r, ctx, rc, ans);
}


/* "editors": Frame.io user ids, kept as "a,b" */

static ngx_int_t
ngx_http_postflow_api_editors(ngx_pool_t *pool, ngx_array_t *editors,
    ngx_str_t *list, ngx_str_t *err)
{
    u_char      *p;
    size_t       size;
    ngx_str_t   *id;
    ngx_uint_t   i;

    id = editors->elts;
    size = 0;

    for (i = 0; i < editors->nelts; i++) {
        if (id[i].len == 0
            || ngx_http_postflow_api_id_valid(&id[i]) != NGX_OK
            || ngx_strlchr(id[i].data, id[i].data + id[i].len, ',') != NULL)
        {
            ngx_str_set(err, "\"editors\" must be user ids: not empty, no"
                             " ',', '/', spaces or control characters");
            return NGX_ERROR;
        }

        size += id[i].len + 1;
    }

    if (size == 0) {
        return NGX_OK;
    }

    p = ngx_pnalloc(pool, size);
    if (p == NULL) {
        ngx_str_set(err, "out of memory");
        return NGX_ERROR;
    }

    list->data = p;

    for (i = 0; i < editors->nelts; i++) {
        if (i) {
            *p++ = ',';
        }

        p = ngx_cpymem(p, id[i].data, id[i].len);
    }

    list->len = p - list->data;

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_api_id_valid(ngx_str_t *id)
{
    u_char  *p, *last;

    if (id->len == 0) {
        return NGX_OK;
    }

    last = id->data + id->len;

    for (p = id->data; p < last; p++) {
        if (*p <= ' ' || *p == '/' || *p == 0x7f) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_api_outcome(ngx_http_request_t *r, ngx_int_t rc,
    ngx_str_t *json)
{
    switch (rc) {

    case NGX_HTTP_POSTFLOW_CREATED:
        return ngx_http_postflow_send_json(r, NGX_HTTP_CREATED, json);

    case NGX_OK:
    case NGX_HTTP_POSTFLOW_UNCHANGED:
    case NGX_HTTP_POSTFLOW_DUPLICATE:
        return ngx_http_postflow_send_json(r, NGX_HTTP_OK, json);

    case NGX_HTTP_POSTFLOW_NOT_FOUND:
        return ngx_http_postflow_send_error(r, NGX_HTTP_NOT_FOUND,
                                            "no such upload");

    case NGX_HTTP_POSTFLOW_CONFLICT:
        return ngx_http_postflow_send_error(r, NGX_HTTP_CONFLICT,
                                            "upload_id or file_id is already"
                                            " registered with other data");

    case NGX_HTTP_POSTFLOW_FULL:
        return ngx_http_postflow_send_error(r, NGX_HTTP_INSUFFICIENT_STORAGE,
                                            "postflow_zone is full and no"
                                            " finished track can be evicted");

    case NGX_HTTP_POSTFLOW_NO_STATE:
        return ngx_http_postflow_send_error(r, NGX_HTTP_SERVICE_UNAVAILABLE,
                                            "postflow_state cannot be"
                                            " written, retry later");

    case NGX_HTTP_POSTFLOW_UNAVAILABLE:
        return ngx_http_postflow_request_unavailable(r);

    default:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}


/* an answer about one track, which the access log variables show */

static ngx_int_t
ngx_http_postflow_api_track(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans)
{
    if (ans->review_status >= 0) {
        ctx->upload_id = ans->upload_id;
        ctx->review_status = ans->review_status;
    }

    return ngx_http_postflow_api_outcome(r, rc, &ans->json);
}


static ngx_int_t
ngx_http_postflow_api_bad(ngx_http_request_t *r, ngx_str_t *err)
{
    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "postflow api: bad request, %V", err);

    return ngx_http_postflow_send_error_str(r, NGX_HTTP_BAD_REQUEST, err);
}


static ngx_int_t
ngx_http_postflow_api_name_index(ngx_str_t *value, ngx_str_t *names,
    ngx_uint_t n)
{
    ngx_uint_t  i;

    for (i = 0; i < n; i++) {
        if (names[i].len == value->len
            && ngx_strncasecmp(names[i].data, value->data, value->len) == 0)
        {
            return i;
        }
    }

    return NGX_ERROR;
}


static ngx_int_t
ngx_http_postflow_api_list(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone)
{
    u_char     *dst, *src;
    ngx_int_t   status, review, limit, rc;
    ngx_str_t   value, after, json, err;

    status = -1;
    review = -1;
    limit = NGX_HTTP_POSTFLOW_LIST_DEFAULT;
    ngx_str_null(&after);

    if (ngx_http_arg(r, (u_char *) "status", 6, &value) == NGX_OK) {
        status = ngx_http_postflow_api_name_index(&value,
                                            ngx_http_postflow_status_names,
                                            NGX_HTTP_POSTFLOW_NSTATUS);
        if (status == NGX_ERROR) {
            ngx_str_set(&err, "unknown \"status\"");
            return ngx_http_postflow_api_bad(r, &err);
        }
    }

    if (ngx_http_arg(r, (u_char *) "review_status", 13, &value) == NGX_OK) {
        review = ngx_http_postflow_api_name_index(&value,
                                            ngx_http_postflow_review_names,
                                            NGX_HTTP_POSTFLOW_NREVIEW);
        if (review == NGX_ERROR) {
            ngx_str_set(&err, "unknown \"review_status\"");
            return ngx_http_postflow_api_bad(r, &err);
        }
    }

    if (ngx_http_arg(r, (u_char *) "limit", 5, &value) == NGX_OK) {
        limit = ngx_atoi(value.data, value.len);

        if (limit < 1 || limit > NGX_HTTP_POSTFLOW_LIST_MAX) {
            ngx_str_set(&err, "\"limit\" must be a number from 1 to 1000");
            return ngx_http_postflow_api_bad(r, &err);
        }
    }

    if (ngx_http_arg(r, (u_char *) "after", 5, &value) == NGX_OK) {
        dst = ngx_pnalloc(r->pool, value.len);
        if (dst == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        after.data = dst;
        src = value.data;
        ngx_unescape_uri(&dst, &src, value.len, 0);
        after.len = dst - after.data;
    }

    rc = ngx_http_postflow_store_list(zone, status, review, limit, &after,
                                      r->pool, &json);

    return ngx_http_postflow_api_outcome(r, rc, &json);
}


static ngx_int_t
ngx_http_postflow_api_get(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id)
{
    ngx_int_t                   rc;
    ngx_str_t                   wait;
    ngx_http_postflow_answer_t  ans;

    if (ngx_http_arg(r, (u_char *) "wait", 4, &wait) == NGX_OK) {
        return ngx_http_postflow_wait(r, zone, upload_id);
    }

    ngx_http_postflow_answer_init(&ans, r->pool);

    rc = ngx_http_postflow_store_get(zone, upload_id, &ans);

    return ngx_http_postflow_api_track(r, ctx, rc, &ans);
}


static ngx_int_t
ngx_http_postflow_api_delete(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id)
{
    ngx_int_t                    rc;
    ngx_http_postflow_answer_t  *ans;

    ans = ngx_http_postflow_request_answer(r, ctx,
                                           ngx_http_postflow_api_deleted);
    if (ans == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->change = zone;

    rc = ngx_http_postflow_store_delete(zone, upload_id, ans);

    return ngx_http_postflow_request_stored(r, ctx, rc, ans);
}


static ngx_int_t
ngx_http_postflow_api_deleted(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans)
{
    ngx_str_t                  empty;
    ngx_http_postflow_zone_t  *zone;

    if (rc != NGX_OK) {
        return ngx_http_postflow_api_outcome(r, rc, NULL);
    }

    zone = ctx->change;
    ngx_atomic_fetch_add(&zone->sh->counters.deletions, 1);

    ngx_str_null(&empty);

    return ngx_http_postflow_send_json(r, NGX_HTTP_NO_CONTENT, &empty);
}


static ngx_int_t
ngx_http_postflow_api_comment(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_str_t *body)
{
    ngx_int_t                           rc;
    ngx_str_t                           text, err;
    ngx_http_postflow_answer_t         *ans;
    ngx_http_postflow_analysis_t        an;
    ngx_http_postflow_comment_input_t   in;
    ngx_http_postflow_json_field_t      fields[] = {
        { ngx_string("text"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_TEXT_MAX, &text, NULL, 0, 0 },
        { ngx_string("author"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_NAME_MAX, &in.author, NULL, 0, 0 },
        { ngx_string("role"), NGX_HTTP_POSTFLOW_JSON_STRING,
          16, &in.role, NULL, 0, 0 },
        { ngx_string("comment_id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &in.comment_id, NULL, 0, 0 },
        { ngx_null_string, 0, 0, NULL, NULL, 0, 0 }
    };

    ngx_str_null(&text);
    ngx_memzero(&in, sizeof(ngx_http_postflow_comment_input_t));
    in.upload_id = *upload_id;

    if (ngx_http_postflow_json_parse(body->data, body->len, fields,
                                     NGX_HTTP_POSTFLOW_JSON_DEPTH, r->pool,
                                     &err)
        != NGX_OK)
    {
        return ngx_http_postflow_api_bad(r, &err);
    }

    if (text.len == 0) {
        ngx_str_set(&err, "\"text\" is required and must not be empty");
        return ngx_http_postflow_api_bad(r, &err);
    }

    if (!ngx_http_postflow_role_valid(&in.role)) {
        ngx_str_set(&err, "\"role\" is \"editor\" or \"reviewer\"");
        return ngx_http_postflow_api_bad(r, &err);
    }

    ngx_http_postflow_review_comment(zone->review, text.data, text.len, &an);

    if (ngx_http_postflow_excerpt(r->pool, text.data, text.len, &in.excerpt)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ans = ngx_http_postflow_request_answer(r, ctx,
                                           ngx_http_postflow_api_commented);
    if (ans == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->change = zone;

    rc = ngx_http_postflow_store_comment(zone, &in, &an, ans);

    return ngx_http_postflow_request_stored(r, ctx, rc, ans);
}


static ngx_int_t
ngx_http_postflow_api_commented(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_zone_t  *zone;

    zone = ctx->change;

    if (rc == NGX_HTTP_POSTFLOW_APPLIED) {
        ngx_atomic_fetch_add(&zone->sh->counters.comments_analyzed, 1);
        rc = NGX_HTTP_POSTFLOW_CREATED;
    }

    return ngx_http_postflow_api_track(r, ctx, rc, ans);
}


/*
 * POST /analyze {"comments":[...]}: each comment's analysis and the
 * thread's decision, as a track with these comments would get them.
 * A comment is its text, or {"text","author","role"}: the editors'
 * comments ("role":"editor") deliver fixes and never approve.
 */

/* an /analyze comment's members, text first, as the parser keeps them */
#define NGX_HTTP_POSTFLOW_ITEM_ROLE    2
#define NGX_HTTP_POSTFLOW_ITEM_SIZE    3

static ngx_int_t
ngx_http_postflow_api_analyze(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_str_t *body)
{
    u_char                          *p;
    size_t                           size;
    double                           score;
    ngx_str_t                        err, json, *item, *text, *role;
    ngx_uint_t                       i, n;
    ngx_array_t                      comments;
    ngx_http_postflow_entry_t       *entries;
    ngx_http_postflow_review_e       status;
    ngx_http_postflow_analysis_t    *an;

    static ngx_str_t  members[] = {
        ngx_string("text"), ngx_string("author"), ngx_string("role"),
        ngx_null_string
    };

    ngx_http_postflow_json_field_t   fields[] = {
        { ngx_string("comments"), NGX_HTTP_POSTFLOW_JSON_ITEMS,
          NGX_HTTP_POSTFLOW_TEXT_MAX, members, &comments,
          NGX_HTTP_POSTFLOW_ANALYZE_MAX, 0 },
        { ngx_null_string, 0, 0, NULL, NULL, 0, 0 }
    };

    if (ngx_array_init(&comments, r->pool, 16,
                       NGX_HTTP_POSTFLOW_ITEM_SIZE * sizeof(ngx_str_t))
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_postflow_json_parse(body->data, body->len, fields,
                                     NGX_HTTP_POSTFLOW_JSON_DEPTH, r->pool,
                                     &err)
        != NGX_OK)
    {
        return ngx_http_postflow_api_bad(r, &err);
    }

    if (!fields[0].seen) {
        ngx_str_set(&err, "\"comments\" is required");
        return ngx_http_postflow_api_bad(r, &err);
    }

    n = comments.nelts;
    item = comments.elts;

    for (i = 0; i < n; i++) {
        text = &item[i * NGX_HTTP_POSTFLOW_ITEM_SIZE];
        role = &text[NGX_HTTP_POSTFLOW_ITEM_ROLE];

        if (text->data == NULL) {
            ngx_str_set(&err, "a comment object needs its \"text\"");
            return ngx_http_postflow_api_bad(r, &err);
        }

        if (!ngx_http_postflow_role_valid(role)) {
            ngx_str_set(&err, "\"role\" is \"editor\" or \"reviewer\"");
            return ngx_http_postflow_api_bad(r, &err);
        }
    }

    an = ngx_palloc(r->pool, (n + 1) * sizeof(ngx_http_postflow_analysis_t));
    entries = ngx_pcalloc(r->pool, (n + 1) * sizeof(ngx_http_postflow_entry_t));
    if (an == NULL || entries == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    size = sizeof("{\"review_status\":\"LEANING_REJECTED\","
                  "\"review_score\":-0.000,\"comments\":[]}\n");

    for (i = 0; i < n; i++) {
        text = &item[i * NGX_HTTP_POSTFLOW_ITEM_SIZE];
        role = &text[NGX_HTTP_POSTFLOW_ITEM_ROLE];

        ngx_http_postflow_review_comment(zone->review, text->data, text->len,
                                         &an[i]);
        ngx_http_postflow_entry_from_analysis(&entries[i], &an[i], 0);

        if (ngx_http_postflow_role_editor(role)) {
            entries[i].flags |= NGX_HTTP_POSTFLOW_ENTRY_EDITOR;
        }

        size += ngx_http_postflow_api_analysis_size(text->data, &an[i]);
    }

    status = ngx_http_postflow_review_thread(zone->review, entries, n,
                                             NGX_HTTP_POSTFLOW_LABEL_NONE,
                                             &score);

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    json.data = p;
    p = ngx_sprintf(p, "{\"review_status\":\"%V\",\"review_score\":%.3f,"
                    "\"comments\":[",
                    &ngx_http_postflow_review_names[status], score);

    for (i = 0; i < n; i++) {
        if (i) {
            *p++ = ',';
        }

        text = &item[i * NGX_HTTP_POSTFLOW_ITEM_SIZE];
        p = ngx_http_postflow_api_analysis(p, text->data, &an[i]);
    }

    p = ngx_cpymem(p, "]}\n", 3);
    json.len = p - json.data;

    return ngx_http_postflow_send_json(r, NGX_HTTP_OK, &json);
}


static size_t
ngx_http_postflow_api_analysis_size(u_char *text,
    ngx_http_postflow_analysis_t *an)
{
    size_t      size;
    ngx_uint_t  i;

    size = sizeof("{\"verdict\":\"neutral\",\"score\":-0.000,"
                  "\"matches\":[]}");

    for (i = 0; i < an->nmatches; i++) {
        size += sizeof("{\"rule\":\"\",\"text\":},")
                + ngx_strlen(an->matches[i].rule)
                + ngx_http_postflow_json_string_size(
                      text + an->matches[i].offset, an->matches[i].len);
    }

    return size;
}


static u_char *
ngx_http_postflow_api_analysis(u_char *p, u_char *text,
    ngx_http_postflow_analysis_t *an)
{
    ngx_uint_t                  i;
    ngx_http_postflow_match_t  *m;

    p = ngx_sprintf(p, "{\"verdict\":\"%V\",\"score\":%.3f,\"matches\":[",
                    &ngx_http_postflow_verdict_names[an->verdict],
                    an->score);

    for (i = 0; i < an->nmatches; i++) {
        m = &an->matches[i];

        p = ngx_sprintf(p, "%s{\"rule\":\"%s\",\"text\":", i ? "," : "",
                        m->rule);
        p = ngx_http_postflow_json_string(p, text + m->offset, m->len);
        *p++ = '}';
    }

    *p++ = ']';
    *p++ = '}';

    return p;
}
