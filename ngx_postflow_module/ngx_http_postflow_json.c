
/*
 * JSON in and out: request bodies and headers, bounded yajl parsing of
 * flat documents, and the small writers the handlers share.
 */


#include "ngx_http_postflow_json.h"

#include <yajl/yajl_parse.h>


#define NGX_HTTP_POSTFLOW_PATH_MAX  128

#define NGX_HTTP_POSTFLOW_LONE_SURROGATE                                     \
    "invalid JSON at byte %uz: a \\u escape is a lone surrogate"


typedef struct {
    ngx_http_postflow_json_field_t  *fields;
    ngx_pool_t                      *pool;
    ngx_str_t                       *err;
    ngx_uint_t                       depth;
    ngx_uint_t                       max_depth;
    ngx_uint_t                       in_array;   /* depth of the array */
    ngx_uint_t                       in_item;    /* of an item's object */
    ngx_http_postflow_json_field_t  *items;      /* the item's field */
    ngx_str_t                       *item;       /* its members */
    size_t                           path_len[NGX_HTTP_POSTFLOW_JSON_DEPTH];
    size_t                           len;        /* of path */
    u_char                           path[NGX_HTTP_POSTFLOW_PATH_MAX];
} ngx_http_postflow_json_ctx_t;


static u_char *ngx_http_postflow_json_bad_escape(u_char *p, size_t len);
static ngx_int_t ngx_http_postflow_json_hex4(u_char *p, u_char *last,
    uint32_t *c);
static void ngx_http_postflow_json_yajl_error(yajl_handle h, u_char *p,
    size_t len, ngx_pool_t *pool, ngx_str_t *err);
static ngx_http_postflow_json_field_t *ngx_http_postflow_json_field(
    ngx_http_postflow_json_ctx_t *ctx);
static int ngx_http_postflow_json_on_null(void *data);
static int ngx_http_postflow_json_on_boolean(void *data, int value);
static int ngx_http_postflow_json_on_number(void *data, const char *s,
    size_t len);
static int ngx_http_postflow_json_on_string(void *data,
    const unsigned char *s, size_t len);
static int ngx_http_postflow_json_on_start_map(void *data);
static int ngx_http_postflow_json_on_map_key(void *data, const unsigned char *s,
    size_t len);
static int ngx_http_postflow_json_on_end_map(void *data);
static int ngx_http_postflow_json_on_start_array(void *data);
static int ngx_http_postflow_json_on_end_array(void *data);
static int ngx_http_postflow_json_error(ngx_http_postflow_json_ctx_t *ctx,
    const char *what);
static int ngx_http_postflow_json_open(ngx_http_postflow_json_ctx_t *ctx);
static int ngx_http_postflow_json_scalar(ngx_http_postflow_json_ctx_t *ctx);
static ngx_str_t *ngx_http_postflow_json_member(
    ngx_http_postflow_json_ctx_t *ctx);
static ngx_str_t *ngx_http_postflow_json_push(
    ngx_http_postflow_json_ctx_t *ctx, ngx_http_postflow_json_field_t *f);
static int ngx_http_postflow_json_keep(ngx_http_postflow_json_ctx_t *ctx,
    ngx_http_postflow_json_field_t *f, ngx_str_t *value,
    const unsigned char *s, size_t len);
static void *ngx_http_postflow_json_malloc(void *pool, size_t size);
static void *ngx_http_postflow_json_realloc(void *pool, void *old,
    size_t size);
static void ngx_http_postflow_json_free(void *pool, void *p);


static yajl_callbacks  ngx_http_postflow_json_callbacks = {
    ngx_http_postflow_json_on_null,
    ngx_http_postflow_json_on_boolean,
    NULL,
    NULL,
    ngx_http_postflow_json_on_number,
    ngx_http_postflow_json_on_string,
    ngx_http_postflow_json_on_start_map,
    ngx_http_postflow_json_on_map_key,
    ngx_http_postflow_json_on_end_map,
    ngx_http_postflow_json_on_start_array,
    ngx_http_postflow_json_on_end_array
};


/*
 * yajl allocates from the request's pool: a parse is short-lived and
 * its memory goes with the request, which saves a malloc() and free()
 * for each of yajl's buffers on every webhook.
 */

static yajl_alloc_funcs  ngx_http_postflow_json_alloc_funcs = {
    ngx_http_postflow_json_malloc,
    ngx_http_postflow_json_realloc,
    ngx_http_postflow_json_free,
    NULL
};


/*
 * Parses a document whose interesting values sit at fixed dotted paths
 * ("resource.id", "comments").  Values at other paths are validated by
 * yajl and skipped; nesting is bounded by max_depth.
 */

ngx_int_t
ngx_http_postflow_json_parse(u_char *p, size_t len,
    ngx_http_postflow_json_field_t *fields, ngx_uint_t max_depth,
    ngx_pool_t *pool, ngx_str_t *err)
{
    yajl_handle                    h;
    yajl_status                    rc;
    yajl_alloc_funcs               alloc;
    ngx_http_postflow_json_ctx_t   ctx;

    ngx_memzero(&ctx, sizeof(ngx_http_postflow_json_ctx_t));

    ctx.fields = fields;
    ctx.pool = pool;
    ctx.err = err;
    ctx.max_depth = ngx_min(max_depth, NGX_HTTP_POSTFLOW_JSON_DEPTH);

    ngx_str_null(err);

    if (ngx_http_postflow_json_check_escapes(p, len, pool, err) != NGX_OK) {
        return NGX_ERROR;
    }

    alloc = ngx_http_postflow_json_alloc_funcs;
    alloc.ctx = pool;

    h = yajl_alloc(&ngx_http_postflow_json_callbacks, &alloc, &ctx);
    if (h == NULL) {
        ngx_str_set(err, "out of memory");
        return NGX_ERROR;
    }

    rc = yajl_parse(h, p, len);

    if (rc == yajl_status_ok) {
        rc = yajl_complete_parse(h);
    }

    if (rc != yajl_status_ok && err->len == 0) {
        ngx_http_postflow_json_yajl_error(h, p, len, pool, err);
    }

    yajl_free(h);

    if (rc == yajl_status_ok && ctx.depth == 0) {
        return NGX_OK;
    }

    if (err->len == 0) {
        ngx_str_set(err, "invalid JSON");
    }

    return NGX_ERROR;
}


/*
 * Every parser of this module runs it before yajl: request bodies,
 * journal lines and Frame.io's answers.
 */

ngx_int_t
ngx_http_postflow_json_check_escapes(u_char *p, size_t len, ngx_pool_t *pool,
    ngx_str_t *err)
{
    u_char  *bad;

    bad = ngx_http_postflow_json_bad_escape(p, len);

    if (bad == NULL) {
        return NGX_OK;
    }

    err->data = ngx_pnalloc(pool, sizeof(NGX_HTTP_POSTFLOW_LONE_SURROGATE)
                                  + NGX_SIZE_T_LEN);
    if (err->data == NULL) {
        ngx_str_set(err, "out of memory");
        return NGX_ERROR;
    }

    err->len = ngx_sprintf(err->data, NGX_HTTP_POSTFLOW_LONE_SURROGATE,
                           (size_t) (bad - p))
               - err->data;

    return NGX_ERROR;
}


/*
 * yajl turns "\udc00" into the bytes of a surrogate and "\ud800\u0041"
 * into U+10041: neither is text, so a high surrogate must be followed
 * by a low one and a low one may not stand alone.  A backslash outside
 * a string is a syntax error that yajl reports, so no string state is
 * needed here.
 */

static u_char *
ngx_http_postflow_json_bad_escape(u_char *p, size_t len)
{
    u_char    *last;
    uint32_t   c, low;

    last = p + len;

    /* most bodies have few escapes: jump from one backslash to the next */

    for ( /* void */ ; p + 1 < last; p++) {

        p = ngx_strlchr(p, last - 1, '\\');

        if (p == NULL) {
            return NULL;
        }

        if (*++p != 'u' || ngx_http_postflow_json_hex4(p + 1, last, &c)
                           != NGX_OK)
        {
            continue;
        }

        p += 4;

        if (c >= 0xdc00 && c <= 0xdfff) {
            return p;
        }

        if (c < 0xd800 || c > 0xdbff) {
            continue;
        }

        if (last - p < 7 || p[1] != '\\' || p[2] != 'u'
            || ngx_http_postflow_json_hex4(p + 3, last, &low) != NGX_OK
            || low < 0xdc00 || low > 0xdfff)
        {
            return p;
        }

        p += 6;
    }

    return NULL;
}


static ngx_int_t
ngx_http_postflow_json_hex4(u_char *p, u_char *last, uint32_t *c)
{
    ngx_int_t  n;

    if (last - p < 4) {
        return NGX_ERROR;
    }

    n = ngx_hextoi(p, 4);

    if (n == NGX_ERROR) {
        return NGX_ERROR;
    }

    *c = (uint32_t) n;

    return NGX_OK;
}


/* "invalid JSON at byte 41: lexical error: invalid bytes in UTF8 string." */

/* each block starts with its size, for realloc() to copy */

static void *
ngx_http_postflow_json_malloc(void *pool, size_t size)
{
    size_t  *p;

    p = ngx_palloc(pool, sizeof(size_t) + size);
    if (p == NULL) {
        return NULL;
    }

    *p = size;

    return p + 1;
}


static void *
ngx_http_postflow_json_realloc(void *pool, void *old, size_t size)
{
    void  *p;

    p = ngx_http_postflow_json_malloc(pool, size);

    if (p && old) {
        ngx_memcpy(p, old, ngx_min(((size_t *) old)[-1], size));
    }

    return p;
}


static void
ngx_http_postflow_json_free(void *pool, void *p)
{
    /* void: the pool is freed with the request */
}


static void
ngx_http_postflow_json_yajl_error(yajl_handle h, u_char *p, size_t len,
    ngx_pool_t *pool, ngx_str_t *err)
{
    u_char  *yerr, *msg, *last;
    size_t   n;

    yerr = yajl_get_error(h, 0, p, len);

    n = yerr ? ngx_strlen(yerr) : 0;
    last = yerr ? ngx_strlchr(yerr, yerr + n, '\n') : NULL;

    if (last) {
        n = last - yerr;
    }

    msg = ngx_pnalloc(pool, sizeof("invalid JSON at byte : ") + NGX_SIZE_T_LEN
                            + n);
    if (msg == NULL) {
        ngx_str_set(err, "invalid JSON");

    } else {
        err->data = msg;
        err->len = ngx_sprintf(msg, "invalid JSON at byte %uz%s%*s",
                               yajl_get_bytes_consumed(h), n ? ": " : "",
                               n, yerr)
                   - msg;
    }

    if (yerr) {
        yajl_free_error(h, yerr);
    }
}


static ngx_http_postflow_json_field_t *
ngx_http_postflow_json_field(ngx_http_postflow_json_ctx_t *ctx)
{
    ngx_http_postflow_json_field_t  *f;

    for (f = ctx->fields; f->path.len; f++) {
        if (f->path.len == ctx->len
            && ngx_memcmp(f->path.data, ctx->path, ctx->len) == 0)
        {
            return f;
        }
    }

    return NULL;
}


static int
ngx_http_postflow_json_error(ngx_http_postflow_json_ctx_t *ctx,
    const char *what)
{
    u_char  *p;
    size_t   len;

    len = sizeof("\"\" ") - 1 + ctx->len + ngx_strlen(what);

    p = ngx_pnalloc(ctx->pool, len);
    if (p == NULL) {
        ngx_str_set(ctx->err, "out of memory");
        return 0;
    }

    ctx->err->data = p;
    ctx->err->len = ngx_sprintf(p, "\"%*s\" %s", ctx->len, ctx->path, what)
                    - p;
    return 0;
}


/* a scalar other than a string: fine where no string is expected */

static int
ngx_http_postflow_json_scalar(ngx_http_postflow_json_ctx_t *ctx)
{
    ngx_http_postflow_json_field_t  *f;

    if (ctx->depth == 0) {
        ngx_str_set(ctx->err, "a JSON object is expected");
        return 0;
    }

    if (ctx->in_item && ctx->in_item == ctx->depth) {
        return ngx_http_postflow_json_member(ctx)
               ? ngx_http_postflow_json_error(ctx, "must be a string")
               : 1;
    }

    f = ngx_http_postflow_json_field(ctx);

    if (f == NULL) {
        return 1;
    }

    if (f->type == NGX_HTTP_POSTFLOW_JSON_STRINGS) {
        return ngx_http_postflow_json_error(ctx, "must be an array of strings");
    }

    if (f->type == NGX_HTTP_POSTFLOW_JSON_ITEMS) {
        return ngx_http_postflow_json_error(ctx, "must be an array of strings"
                                                 " or objects");
    }

    return ngx_http_postflow_json_error(ctx, "must be a string");
}


/* in an item's object, the member the current key names, if any */

static ngx_str_t *
ngx_http_postflow_json_member(ngx_http_postflow_json_ctx_t *ctx)
{
    u_char      *key;
    size_t       len;
    ngx_str_t   *name;
    ngx_uint_t   i;

    len = ctx->path_len[ctx->depth - 1] + 1;

    if (ctx->len <= len || ctx->len > NGX_HTTP_POSTFLOW_PATH_MAX) {
        return NULL;
    }

    key = ctx->path + len;
    len = ctx->len - len;

    for (name = ctx->items->value, i = 0; name[i].len; i++) {
        if (name[i].len == len && ngx_memcmp(name[i].data, key, len) == 0) {
            return &ctx->item[i];
        }
    }

    return NULL;
}


/* a new item of an ITEMS field, its members empty */

static ngx_str_t *
ngx_http_postflow_json_push(ngx_http_postflow_json_ctx_t *ctx,
    ngx_http_postflow_json_field_t *f)
{
    ngx_str_t  *item;

    if (f->values->nelts == f->max_values) {
        (void) ngx_http_postflow_json_error(ctx, "has too many elements");
        return NULL;
    }

    item = ngx_array_push(f->values);

    if (item == NULL) {
        ngx_str_set(ctx->err, "out of memory");
        return NULL;
    }

    ngx_memzero(item, f->values->size);

    return item;
}


static int
ngx_http_postflow_json_on_null(void *data)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    ngx_http_postflow_json_field_t  *f;

    /* null stands for "not given" at the top of a field or a member */

    if (ctx->in_item && ctx->in_item == ctx->depth) {
        return 1;
    }

    f = ngx_http_postflow_json_field(ctx);

    if (f && ctx->in_array == 0) {
        return 1;
    }

    return ngx_http_postflow_json_scalar(ctx);
}


static int
ngx_http_postflow_json_on_boolean(void *data, int value)
{
    return ngx_http_postflow_json_scalar(data);
}


static int
ngx_http_postflow_json_on_number(void *data, const char *s, size_t len)
{
    return ngx_http_postflow_json_scalar(data);
}


static int
ngx_http_postflow_json_on_string(void *data, const unsigned char *s,
    size_t len)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    ngx_str_t                       *value;
    ngx_http_postflow_json_field_t  *f;

    if (ctx->depth == 0) {
        ngx_str_set(ctx->err, "a JSON object is expected");
        return 0;
    }

    if (ctx->in_item && ctx->in_item == ctx->depth) {
        value = ngx_http_postflow_json_member(ctx);

        if (value == NULL) {
            return 1;
        }

        if (value->data) {
            return ngx_http_postflow_json_error(ctx, "is given twice");
        }

        return ngx_http_postflow_json_keep(ctx, ctx->items, value, s, len);
    }

    f = ngx_http_postflow_json_field(ctx);

    if (f == NULL) {
        return 1;
    }

    if (f->type != NGX_HTTP_POSTFLOW_JSON_STRING && ctx->in_array == 0) {
        return ngx_http_postflow_json_scalar(ctx);
    }

    if (f->type == NGX_HTTP_POSTFLOW_JSON_ITEMS) {
        value = ngx_http_postflow_json_push(ctx, f);

        if (value == NULL) {
            return 0;
        }

        return ngx_http_postflow_json_keep(ctx, f, value, s, len);
    }

    if (f->seen && f->type == NGX_HTTP_POSTFLOW_JSON_STRING) {
        return ngx_http_postflow_json_error(ctx, "is given twice");
    }

    if (f->type == NGX_HTTP_POSTFLOW_JSON_STRINGS) {
        if (f->values->nelts == f->max_values) {
            return ngx_http_postflow_json_error(ctx, "has too many elements");
        }

        value = ngx_array_push(f->values);

    } else {
        value = f->value;
    }

    if (value == NULL) {
        ngx_str_set(ctx->err, "out of memory");
        return 0;
    }

    f->seen = 1;

    return ngx_http_postflow_json_keep(ctx, f, value, s, len);
}


/* a string kept: bounded, valid UTF-8, a copy ending with a NUL */

static int
ngx_http_postflow_json_keep(ngx_http_postflow_json_ctx_t *ctx,
    ngx_http_postflow_json_field_t *f, ngx_str_t *value,
    const unsigned char *s, size_t len)
{
    if (len > f->max_len) {
        return ngx_http_postflow_json_error(ctx, "is too long");
    }

    /*
     * yajl lets lone surrogates through; what is kept must be what the
     * journal's replay will read back
     */

    if (ngx_http_postflow_utf8_valid((u_char *) s, len) != NGX_OK) {
        return ngx_http_postflow_json_error(ctx, "is not valid UTF-8");
    }

    value->data = ngx_pnalloc(ctx->pool, len + 1);
    if (value->data == NULL) {
        ngx_str_set(ctx->err, "out of memory");
        return 0;
    }

    ngx_memcpy(value->data, s, len);
    value->data[len] = '\0';
    value->len = len;

    return 1;
}


static int
ngx_http_postflow_json_open(ngx_http_postflow_json_ctx_t *ctx)
{
    if (ctx->depth == ctx->max_depth) {
        ngx_str_set(ctx->err, "JSON is nested too deeply");
        return 0;
    }

    ctx->path_len[ctx->depth++] = ctx->len;

    return 1;
}


static int
ngx_http_postflow_json_on_start_map(void *data)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    ngx_http_postflow_json_field_t  *f;

    if (ctx->depth == 0) {
        return ngx_http_postflow_json_open(ctx);
    }

    if (ctx->in_item && ctx->in_item == ctx->depth
        && ngx_http_postflow_json_member(ctx))
    {
        return ngx_http_postflow_json_error(ctx, "must be a string");
    }

    f = ngx_http_postflow_json_field(ctx);

    if (f == NULL) {
        return ngx_http_postflow_json_open(ctx);
    }

    /* an item's object, right in the array */

    if (f->type == NGX_HTTP_POSTFLOW_JSON_ITEMS && ctx->in_array
        && ctx->in_array == ctx->depth)
    {
        ctx->item = ngx_http_postflow_json_push(ctx, f);

        if (ctx->item == NULL || ngx_http_postflow_json_open(ctx) == 0) {
            return 0;
        }

        ctx->items = f;
        ctx->in_item = ctx->depth;

        return 1;
    }

    return ngx_http_postflow_json_scalar(ctx);
}


static int
ngx_http_postflow_json_on_map_key(void *data, const unsigned char *s,
    size_t len)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    size_t  base;

    /* the path of the enclosing map, then ".key" */

    base = ctx->path_len[ctx->depth - 1];

    if (base + 1 + len > NGX_HTTP_POSTFLOW_PATH_MAX
        || ngx_strlchr((u_char *) s, (u_char *) s + len, '.'))
    {
        /*
         * too long to be one of ours, or a flat "resource.id" that is
         * not the nested one: make it match nothing
         */
        ctx->len = NGX_HTTP_POSTFLOW_PATH_MAX;
        ngx_memset(ctx->path, '\0', NGX_HTTP_POSTFLOW_PATH_MAX);
        return 1;
    }

    ctx->len = base;

    if (base) {
        ctx->path[ctx->len++] = '.';
    }

    ngx_memcpy(ctx->path + ctx->len, s, len);
    ctx->len += len;

    return 1;
}


static int
ngx_http_postflow_json_on_end_map(void *data)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    if (ctx->in_item == ctx->depth) {
        ctx->in_item = 0;
    }

    ctx->len = ctx->path_len[--ctx->depth];

    return 1;
}


static int
ngx_http_postflow_json_on_start_array(void *data)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    ngx_http_postflow_json_field_t  *f;

    if (ctx->depth == 0) {
        ngx_str_set(ctx->err, "a JSON object is expected");
        return 0;
    }

    if (ctx->in_item && ctx->in_item == ctx->depth
        && ngx_http_postflow_json_member(ctx))
    {
        return ngx_http_postflow_json_error(ctx, "must be a string");
    }

    f = ngx_http_postflow_json_field(ctx);

    if (f && (f->type == NGX_HTTP_POSTFLOW_JSON_STRING || ctx->in_array)) {
        return ngx_http_postflow_json_scalar(ctx);
    }

    if (f && f->seen) {
        return ngx_http_postflow_json_error(ctx, "is given twice");
    }

    if (ngx_http_postflow_json_open(ctx) == 0) {
        return 0;
    }

    if (f) {
        ctx->in_array = ctx->depth;
        f->seen = 1;
    }

    return 1;
}


static int
ngx_http_postflow_json_on_end_array(void *data)
{
    ngx_http_postflow_json_ctx_t *ctx = data;

    if (ctx->in_array == ctx->depth) {
        ctx->in_array = 0;
    }

    ctx->len = ctx->path_len[--ctx->depth];

    return 1;
}


/* the whole request body in one piece of memory, read from its file */

ngx_int_t
ngx_http_postflow_read_body(ngx_http_request_t *r, ngx_str_t *body)
{
    u_char       *p;
    off_t         len;
    ssize_t       n;
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    body->len = 0;
    body->data = (u_char *) "";

    if (r->request_body == NULL || r->request_body->bufs == NULL) {
        return NGX_OK;
    }

    len = 0;

    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        b = cl->buf;
        len += b->in_file ? b->file_last - b->file_pos : b->last - b->pos;
    }

    p = ngx_pnalloc(r->pool, len + 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    body->data = p;

    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        b = cl->buf;

        if (!b->in_file) {
            if (b->last != b->pos) {
                p = ngx_cpymem(p, b->pos, b->last - b->pos);
            }

            continue;
        }

        n = ngx_read_file(b->file, p, b->file_last - b->file_pos,
                          b->file_pos);

        if (n != b->file_last - b->file_pos) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "postflow: cannot read the request body back"
                          " from \"%V\"", &b->file->name);
            return NGX_ERROR;
        }

        p += n;
    }

    *p = '\0';
    body->len = p - body->data;

    return NGX_OK;
}


ngx_int_t
ngx_http_postflow_send_json(ngx_http_request_t *r, ngx_uint_t status,
    ngx_str_t *json)
{
    return ngx_http_postflow_send_text(r, status, json, "application/json");
}


ngx_int_t
ngx_http_postflow_send_text(ngx_http_request_t *r, ngx_uint_t status,
    ngx_str_t *text, const char *type)
{
    ngx_int_t    rc;
    ngx_buf_t   *b;
    ngx_chain_t  out;

    r->headers_out.status = status;
    r->headers_out.content_length_n = text->len;
    r->headers_out.content_type.data = (u_char *) type;
    r->headers_out.content_type.len = ngx_strlen(type);
    r->headers_out.content_type_len = r->headers_out.content_type.len;
    r->headers_out.content_type_lowcase = NULL;

    if (text->len == 0 || r->method == NGX_HTTP_HEAD) {
        r->header_only = 1;
        return ngx_http_send_header(r);
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->pos = text->data;
    b->last = text->data + text->len;
    b->memory = 1;
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    out.buf = b;
    out.next = NULL;

    rc = ngx_http_send_header(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    return ngx_http_output_filter(r, &out);
}


ngx_int_t
ngx_http_postflow_send_error(ngx_http_request_t *r, ngx_uint_t status,
    const char *message)
{
    ngx_str_t  msg;

    msg.data = (u_char *) message;
    msg.len = ngx_strlen(message);

    return ngx_http_postflow_send_error_str(r, status, &msg);
}


/* 405 with the methods that are allowed, as RFC 9110 asks */

ngx_int_t
ngx_http_postflow_send_not_allowed(ngx_http_request_t *r, const char *allow,
    const char *message)
{
    if (ngx_http_postflow_header_out(r, "Allow", allow) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_postflow_send_error(r, NGX_HTTP_NOT_ALLOWED, message);
}


/* a response header; name and value are static strings */

ngx_int_t
ngx_http_postflow_header_out(ngx_http_request_t *r, const char *name,
    const char *value)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    h->key.data = (u_char *) name;
    h->key.len = ngx_strlen(name);
    h->value.data = (u_char *) value;
    h->value.len = ngx_strlen(value);

    return NGX_OK;
}


ngx_int_t
ngx_http_postflow_send_error_str(ngx_http_request_t *r, ngx_uint_t status,
    ngx_str_t *message)
{
    u_char     *p;
    ngx_str_t   json;

    p = ngx_pnalloc(r->pool, sizeof("{\"error\":}\n") - 1
                             + ngx_http_postflow_json_string_size(
                                   message->data, message->len));
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    json.data = p;
    p = ngx_cpymem(p, "{\"error\":", sizeof("{\"error\":") - 1);
    p = ngx_http_postflow_json_string(p, message->data, message->len);
    *p++ = '}';
    *p++ = '\n';
    json.len = p - json.data;

    return ngx_http_postflow_send_json(r, status, &json);
}


/*
 * The most a string can take once escaped ("\u001f" for a control
 * byte): sizing without scanning halves the work of every answer.
 */

size_t
ngx_http_postflow_json_string_size(u_char *s, size_t len)
{
    return sizeof("\"\"") - 1 + 6 * len;
}


/*
 * Ids and names seldom need escaping: eight bytes at a time are tested
 * for a control byte, '"' or '\\', and copied as they are when there is
 * none; ngx_escape_json() takes over from the first word that has one.
 */

#define NGX_HTTP_POSTFLOW_ONES   0x0101010101010101ULL
#define NGX_HTTP_POSTFLOW_HIGHS  0x8080808080808080ULL

#define ngx_http_postflow_has_zero(v)                                        \
    (((v) - NGX_HTTP_POSTFLOW_ONES) & ~(v) & NGX_HTTP_POSTFLOW_HIGHS)
#define ngx_http_postflow_has_below(v, n)                                    \
    (((v) - NGX_HTTP_POSTFLOW_ONES * (n)) & ~(v) & NGX_HTTP_POSTFLOW_HIGHS)

u_char *
ngx_http_postflow_json_string(u_char *p, u_char *s, size_t len)
{
    uint64_t   v;
    u_char    *end;

    *p++ = '"';
    end = s + len;

    while (end - s >= 8) {
        ngx_memcpy(&v, s, 8);

        if (ngx_http_postflow_has_below(v, 0x20)
            || ngx_http_postflow_has_zero(v ^ (NGX_HTTP_POSTFLOW_ONES * '"'))
            || ngx_http_postflow_has_zero(v ^ (NGX_HTTP_POSTFLOW_ONES * '\\')))
        {
            break;
        }

        ngx_memcpy(p, &v, 8);
        p += 8;
        s += 8;
    }

    if (s < end) {
        p = (u_char *) ngx_escape_json(p, s, end - s);
    }

    *p++ = '"';

    return p;
}


/* exactly "width" decimal digits of n, the highest ones dropped */

static u_char *
ngx_http_postflow_json_digits(u_char *p, ngx_uint_t n, ngx_uint_t width)
{
    u_char  *q;

    for (q = p + width; q > p; n /= 10) {
        *--q = (u_char) ('0' + n % 10);
    }

    return p + width;
}


/* ISO 8601 UTC, "2025-01-31T10:05:00Z": NGX_HTTP_POSTFLOW_TIME_LEN bytes */

u_char *
ngx_http_postflow_json_time(u_char *p, time_t t)
{
    ngx_tm_t  tm;

    ngx_gmtime(t, &tm);

    p = ngx_http_postflow_json_digits(p, tm.ngx_tm_year, 4);
    *p++ = '-';
    p = ngx_http_postflow_json_digits(p, tm.ngx_tm_mon, 2);
    *p++ = '-';
    p = ngx_http_postflow_json_digits(p, tm.ngx_tm_mday, 2);
    *p++ = 'T';
    p = ngx_http_postflow_json_digits(p, tm.ngx_tm_hour, 2);
    *p++ = ':';
    p = ngx_http_postflow_json_digits(p, tm.ngx_tm_min, 2);
    *p++ = ':';
    p = ngx_http_postflow_json_digits(p, tm.ngx_tm_sec, 2);
    *p++ = 'Z';

    return p;
}


ngx_int_t
ngx_http_postflow_utf8_valid(u_char *p, size_t len)
{
    u_char    *last;
    uint32_t   c;

    last = p + len;

    while (p < last) {
        if (*p < 0x80) {
            p++;
            continue;
        }

        c = ngx_utf8_decode(&p, last - p);

        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


ngx_str_t *
ngx_http_postflow_header_in(ngx_http_request_t *r, const char *name,
    size_t len)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_in.headers.part;
    h = part->elts;

    for (i = 0; /* void */ ; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].key.len == len
            && ngx_strncasecmp(h[i].key.data, (u_char *) name, len) == 0)
        {
            return &h[i].value;
        }
    }
}


/* ,"name":{"A":1,"B":2}: counts by the names they are kept under */

u_char *
ngx_http_postflow_json_counts(u_char *p, const char *name,
    ngx_uint_t *counts, ngx_str_t *names, ngx_uint_t n)
{
    ngx_uint_t  i;

    p = ngx_sprintf(p, ",\"%s\":{", name);

    for (i = 0; i < n; i++) {
        p = ngx_sprintf(p, "%s\"%V\":%ui", i ? "," : "", &names[i], counts[i]);
    }

    *p++ = '}';

    return p;
}
