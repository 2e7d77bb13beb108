
/*
 * Frame.io's API answers, parsed with yajl into the resources the
 * poller applies.
 */


#include "ngx_http_postflow_frameio.h"
#include "ngx_http_postflow_json.h"

#include <yajl/yajl_parse.h>


/*
 * The answers, V4 and legacy, reduced to the resources they carry:
 *
 *     {"data":{...}}                       V4, one resource
 *     {"data":[{...,"replies":[...]}],     V4, a page, replies inline,
 *      "links":{"next":"/v4/...?after=..."}, "meta":{"page","total_pages"}}
 *     {...}                                legacy, one resource
 *     [{...}, ...]                         legacy, a page
 *
 * Of each resource: id, name, text, its file (file_id or asset_id),
 * parent_id, inserted_at, completed and a comment's owner_id (its
 * author, which the thread analysis weighs).  Nested objects other than
 * replies (owner, creator, project) are skipped so that their ids never
 * stand for the resource's.
 */

#define NGX_HTTP_POSTFLOW_FIO_DEPTH     16
#define NGX_HTTP_POSTFLOW_FIO_KEY_MAX   32
#define NGX_HTTP_POSTFLOW_FIO_NEXT_MAX  2048


typedef enum {
    NGX_HTTP_POSTFLOW_FIO_NONE = 0,
    NGX_HTTP_POSTFLOW_FIO_ROOT,       /* the top object: envelope or not */
    NGX_HTTP_POSTFLOW_FIO_RESOURCE,
    NGX_HTTP_POSTFLOW_FIO_LIST,       /* an array of resources */
    NGX_HTTP_POSTFLOW_FIO_LINKS,
    NGX_HTTP_POSTFLOW_FIO_META
} ngx_http_postflow_fio_role_e;


typedef struct {
    ngx_uint_t                         role;
    ngx_uint_t                         map;
    ngx_int_t                          resource;  /* index, -1: root */
    size_t                             key_len;
    u_char                             key[NGX_HTTP_POSTFLOW_FIO_KEY_MAX];
} ngx_http_postflow_fio_frame_t;


typedef struct {
    ngx_http_postflow_fio_doc_t       *doc;
    ngx_pool_t                        *pool;
    ngx_str_t                         *err;
    ngx_uint_t                         max;
    ngx_uint_t                         depth;
    ngx_uint_t                         has_data;
    ngx_http_postflow_fio_resource_t   root;
    ngx_http_postflow_fio_frame_t      stack[NGX_HTTP_POSTFLOW_FIO_DEPTH];
} ngx_http_postflow_fio_parser_t;


static ngx_http_postflow_fio_frame_t *ngx_http_postflow_fio_top(
    ngx_http_postflow_fio_parser_t *ps);
static ngx_uint_t ngx_http_postflow_fio_key_is(
    ngx_http_postflow_fio_frame_t *f, const char *key);
static ngx_http_postflow_fio_resource_t *ngx_http_postflow_fio_resource(
    ngx_http_postflow_fio_parser_t *ps, ngx_http_postflow_fio_frame_t *f);
static int ngx_http_postflow_fio_push(ngx_http_postflow_fio_parser_t *ps,
    ngx_uint_t map);
static int ngx_http_postflow_fio_scalar(ngx_http_postflow_fio_parser_t *ps,
    ngx_uint_t null);
static int ngx_http_postflow_fio_on_null(void *data);
static int ngx_http_postflow_fio_on_boolean(void *data, int value);
static int ngx_http_postflow_fio_on_number(void *data, const char *s,
    size_t len);
static int ngx_http_postflow_fio_on_string(void *data,
    const unsigned char *s, size_t len);
static int ngx_http_postflow_fio_on_start_map(void *data);
static int ngx_http_postflow_fio_on_map_key(void *data,
    const unsigned char *s, size_t len);
static int ngx_http_postflow_fio_on_end(void *data);
static int ngx_http_postflow_fio_on_start_array(void *data);
static ngx_int_t ngx_http_postflow_fio_copy(ngx_pool_t *pool, ngx_str_t *to,
    const unsigned char *s, size_t len, size_t max, ngx_uint_t cut);


static yajl_callbacks  ngx_http_postflow_fio_callbacks = {
    ngx_http_postflow_fio_on_null,
    ngx_http_postflow_fio_on_boolean,
    NULL,
    NULL,
    ngx_http_postflow_fio_on_number,
    ngx_http_postflow_fio_on_string,
    ngx_http_postflow_fio_on_start_map,
    ngx_http_postflow_fio_on_map_key,
    ngx_http_postflow_fio_on_end,
    ngx_http_postflow_fio_on_start_array,
    ngx_http_postflow_fio_on_end
};


ngx_int_t
ngx_http_postflow_fio_parse(ngx_pool_t *pool, ngx_str_t *body,
    ngx_uint_t max, ngx_http_postflow_fio_doc_t *doc, ngx_str_t *err)
{
    yajl_handle                        h;
    yajl_status                        rc;
    ngx_http_postflow_fio_parser_t    *ps;
    ngx_http_postflow_fio_resource_t  *res;

    ngx_memzero(doc, sizeof(ngx_http_postflow_fio_doc_t));
    ngx_str_null(err);

    doc->page = -1;
    doc->total_pages = -1;

    if (ngx_array_init(&doc->resources, pool, 4,
                       sizeof(ngx_http_postflow_fio_resource_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ps = ngx_pcalloc(pool, sizeof(ngx_http_postflow_fio_parser_t));
    if (ps == NULL) {
        return NGX_ERROR;
    }

    ps->doc = doc;
    ps->pool = pool;
    ps->err = err;
    ps->max = max;
    ps->root.completed = -1;

    if (ngx_http_postflow_json_check_escapes(body->data, body->len, pool, err)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    h = yajl_alloc(&ngx_http_postflow_fio_callbacks, NULL, ps);
    if (h == NULL) {
        return NGX_ERROR;
    }

    rc = yajl_parse(h, body->data, body->len);

    if (rc == yajl_status_ok) {
        rc = yajl_complete_parse(h);
    }

    yajl_free(h);

    if (rc != yajl_status_ok) {
        if (err->len == 0) {
            ngx_str_set(err, "invalid JSON");
        }

        return NGX_ERROR;
    }

    /* a top object without "data" is a legacy resource itself */

    if (!ps->has_data && !doc->list) {
        res = ngx_array_push(&doc->resources);
        if (res == NULL) {
            return NGX_ERROR;
        }

        *res = ps->root;
    }

    return NGX_OK;
}


static ngx_http_postflow_fio_frame_t *
ngx_http_postflow_fio_top(ngx_http_postflow_fio_parser_t *ps)
{
    return ps->depth ? &ps->stack[ps->depth - 1] : NULL;
}


static ngx_uint_t
ngx_http_postflow_fio_key_is(ngx_http_postflow_fio_frame_t *f,
    const char *key)
{
    size_t  len;

    len = ngx_strlen(key);

    return f->key_len == len && ngx_memcmp(f->key, key, len) == 0;
}


static ngx_http_postflow_fio_resource_t *
ngx_http_postflow_fio_resource(ngx_http_postflow_fio_parser_t *ps,
    ngx_http_postflow_fio_frame_t *f)
{
    ngx_http_postflow_fio_resource_t  *res;

    if (f->role == NGX_HTTP_POSTFLOW_FIO_ROOT) {
        return &ps->root;
    }

    if (f->role != NGX_HTTP_POSTFLOW_FIO_RESOURCE) {
        return NULL;
    }

    res = ps->doc->resources.elts;

    return &res[f->resource];
}


/* a new frame, its role decided by its parent and the parent's key */

static int
ngx_http_postflow_fio_push(ngx_http_postflow_fio_parser_t *ps,
    ngx_uint_t map)
{
    ngx_uint_t                         role;
    ngx_http_postflow_fio_frame_t     *parent, *f;
    ngx_http_postflow_fio_resource_t  *res;

    if (ps->depth == NGX_HTTP_POSTFLOW_FIO_DEPTH) {
        ngx_str_set(ps->err, "JSON is nested too deeply");
        return 0;
    }

    parent = ngx_http_postflow_fio_top(ps);
    role = NGX_HTTP_POSTFLOW_FIO_NONE;

    if (parent == NULL) {
        role = map ? NGX_HTTP_POSTFLOW_FIO_ROOT : NGX_HTTP_POSTFLOW_FIO_LIST;

        if (!map) {
            ps->doc->list = 1;
        }

    } else if (parent->role == NGX_HTTP_POSTFLOW_FIO_ROOT) {

        if (ngx_http_postflow_fio_key_is(parent, "data")) {
            ps->has_data = 1;
            role = map ? NGX_HTTP_POSTFLOW_FIO_RESOURCE
                       : NGX_HTTP_POSTFLOW_FIO_LIST;

            if (!map) {
                ps->doc->list = 1;
            }

        } else if (map && ngx_http_postflow_fio_key_is(parent, "links")) {
            role = NGX_HTTP_POSTFLOW_FIO_LINKS;

        } else if (map && ngx_http_postflow_fio_key_is(parent, "meta")) {
            role = NGX_HTTP_POSTFLOW_FIO_META;
        }

    } else if (parent->role == NGX_HTTP_POSTFLOW_FIO_LIST && !parent->map) {

        if (!map) {
            ngx_str_set(ps->err, "a listed element is not an object");
            return 0;
        }

        role = NGX_HTTP_POSTFLOW_FIO_RESOURCE;

    } else if (parent->role == NGX_HTTP_POSTFLOW_FIO_RESOURCE && !map
               && ngx_http_postflow_fio_key_is(parent, "replies"))
    {
        role = NGX_HTTP_POSTFLOW_FIO_LIST;
    }

    f = &ps->stack[ps->depth++];
    ngx_memzero(f, sizeof(ngx_http_postflow_fio_frame_t));

    f->role = role;
    f->map = map;
    f->resource = -1;

    if (role == NGX_HTTP_POSTFLOW_FIO_RESOURCE) {
        if (ps->doc->resources.nelts == ps->max) {
            ngx_str_set(ps->err, "too many resources");
            return 0;
        }

        res = ngx_array_push(&ps->doc->resources);
        if (res == NULL) {
            ngx_str_set(ps->err, "out of memory");
            return 0;
        }

        ngx_memzero(res, sizeof(ngx_http_postflow_fio_resource_t));
        res->completed = -1;

        f->resource = ps->doc->resources.nelts - 1;
    }

    return 1;
}


static int
ngx_http_postflow_fio_on_start_map(void *data)
{
    return ngx_http_postflow_fio_push(data, 1);
}


static int
ngx_http_postflow_fio_on_start_array(void *data)
{
    return ngx_http_postflow_fio_push(data, 0);
}


static int
ngx_http_postflow_fio_on_end(void *data)
{
    ngx_http_postflow_fio_parser_t *ps = data;

    ps->depth--;

    return 1;
}


static int
ngx_http_postflow_fio_on_map_key(void *data, const unsigned char *s,
    size_t len)
{
    ngx_http_postflow_fio_parser_t *ps = data;

    ngx_http_postflow_fio_frame_t  *f;

    f = ngx_http_postflow_fio_top(ps);

    /* a key too long to be one of ours matches nothing */

    if (len > NGX_HTTP_POSTFLOW_FIO_KEY_MAX) {
        f->key_len = 0;
        return 1;
    }

    ngx_memcpy(f->key, s, len);
    f->key_len = len;

    return 1;
}


/*
 * A page is applied whole, deletions included, so a part of it that
 * is not what a listing holds makes all of it an error rather than
 * a shorter list.
 */

static int
ngx_http_postflow_fio_scalar(ngx_http_postflow_fio_parser_t *ps,
    ngx_uint_t null)
{
    ngx_http_postflow_fio_frame_t  *f;

    f = ngx_http_postflow_fio_top(ps);

    if (f == NULL) {
        return 1;
    }

    if (f->role == NGX_HTTP_POSTFLOW_FIO_LIST && !f->map) {
        ngx_str_set(ps->err, "a listed element is not an object");
        return 0;
    }

    if (!null && f->role == NGX_HTTP_POSTFLOW_FIO_LINKS
        && ngx_http_postflow_fio_key_is(f, "next"))
    {
        ngx_str_set(ps->err, "links.next is not a string");
        return 0;
    }

    return 1;
}


static int
ngx_http_postflow_fio_on_null(void *data)
{
    return ngx_http_postflow_fio_scalar(data, 1);
}


static int
ngx_http_postflow_fio_on_boolean(void *data, int value)
{
    ngx_http_postflow_fio_parser_t *ps = data;

    ngx_http_postflow_fio_frame_t     *f;
    ngx_http_postflow_fio_resource_t  *res;

    if (!ngx_http_postflow_fio_scalar(ps, 0)) {
        return 0;
    }

    f = ngx_http_postflow_fio_top(ps);

    if (f == NULL || !f->map) {
        return 1;
    }

    res = ngx_http_postflow_fio_resource(ps, f);

    if (res && ngx_http_postflow_fio_key_is(f, "completed")) {
        res->completed = value ? 1 : 0;
    }

    return 1;
}


static int
ngx_http_postflow_fio_on_number(void *data, const char *s, size_t len)
{
    ngx_http_postflow_fio_parser_t *ps = data;

    ngx_int_t                       n;
    ngx_http_postflow_fio_frame_t  *f;

    if (!ngx_http_postflow_fio_scalar(ps, 0)) {
        return 0;
    }

    f = ngx_http_postflow_fio_top(ps);

    if (f == NULL || f->role != NGX_HTTP_POSTFLOW_FIO_META) {
        return 1;
    }

    n = ngx_atoi((u_char *) s, len);

    if (ngx_http_postflow_fio_key_is(f, "page")) {
        ps->doc->page = n;

    } else if (ngx_http_postflow_fio_key_is(f, "total_pages")) {
        ps->doc->total_pages = n;
    }

    return 1;
}


static int
ngx_http_postflow_fio_on_string(void *data, const unsigned char *s,
    size_t len)
{
    ngx_http_postflow_fio_parser_t *ps = data;

    ngx_int_t                          rc;
    ngx_http_postflow_fio_frame_t     *f;
    ngx_http_postflow_fio_resource_t  *res;

    f = ngx_http_postflow_fio_top(ps);

    if (f == NULL || !f->map) {
        return ngx_http_postflow_fio_scalar(ps, 0);
    }

    if (f->role == NGX_HTTP_POSTFLOW_FIO_LINKS) {
        if (ngx_http_postflow_fio_key_is(f, "next")) {
            rc = ngx_http_postflow_fio_copy(ps->pool, &ps->doc->next, s, len,
                                            NGX_HTTP_POSTFLOW_FIO_NEXT_MAX, 0);
            return rc == NGX_ERROR ? 0 : 1;
        }

        return 1;
    }

    res = ngx_http_postflow_fio_resource(ps, f);

    if (res == NULL) {
        return 1;
    }

    if (ngx_http_postflow_fio_key_is(f, "id")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->id, s, len,
                                        NGX_HTTP_POSTFLOW_ID_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "name")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->name, s, len,
                                        NGX_HTTP_POSTFLOW_NAME_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "text")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->text, s, len,
                                        NGX_HTTP_POSTFLOW_TEXT_MAX, 1);

    } else if (ngx_http_postflow_fio_key_is(f, "file_id")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->file_id, s, len,
                                        NGX_HTTP_POSTFLOW_ID_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "asset_id")) {

        /* the V4 draft and legacy name; "file_id" wins if both exist */

        rc = res->file_id.len ? NGX_OK
                              : ngx_http_postflow_fio_copy(ps->pool,
                                        &res->file_id, s, len,
                                        NGX_HTTP_POSTFLOW_ID_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "label")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->label, s, len,
                                        NGX_HTTP_POSTFLOW_ID_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "parent_id")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->parent_id, s, len,
                                        NGX_HTTP_POSTFLOW_ID_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "owner_id")) {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->owner_id, s, len,
                                        NGX_HTTP_POSTFLOW_ID_MAX, 0);

    } else if (ngx_http_postflow_fio_key_is(f, "inserted_at")
               || (ngx_http_postflow_fio_key_is(f, "created_at")
                   && res->inserted_at.len == 0))
    {
        rc = ngx_http_postflow_fio_copy(ps->pool, &res->inserted_at, s, len,
                                        64, 0);

    } else {
        rc = NGX_OK;
    }

    if (rc == NGX_ERROR) {
        ngx_str_set(ps->err, "out of memory");
        return 0;
    }

    return 1;
}


/*
 * A bounded copy.  Over "max": texts are cut at a character boundary
 * ("cut"), other values are dropped (NGX_DECLINED): a truncated id or
 * name would name something else.
 */

static ngx_int_t
ngx_http_postflow_fio_copy(ngx_pool_t *pool, ngx_str_t *to,
    const unsigned char *s, size_t len, size_t max, ngx_uint_t cut)
{
    if (len > max) {
        if (!cut) {
            ngx_str_null(to);
            return NGX_DECLINED;
        }

        len = max;

        while (len && (s[len] & 0xc0) == 0x80) {
            len--;
        }
    }

    to->data = ngx_pnalloc(pool, len + 1);
    if (to->data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(to->data, s, len);
    to->data[len] = '\0';
    to->len = len;

    return NGX_OK;
}
