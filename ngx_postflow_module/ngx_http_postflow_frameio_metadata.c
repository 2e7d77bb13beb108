
/*
 * A V4 file's metadata (GET .../files/ID/metadata), read for one field:
 * the review status that V4 keeps in a metadata field where legacy had
 * a label.  The answer's shape is not pinned down by Frame.io's
 * reference (MetadataWithDefinition); the integrations seen so far
 * read a list of fields, each with its name and value, a select's value
 * being a list of options:
 *
 *     {"data":{"metadata":[{"field_definition_name":"Status",
 *       "field_type":"select","value":[{"display_name":"Approved",
 *       "id":"..."}]}, ...]}}
 *
 * so any object that names a field ("field_definition_name", "name", or
 * a nested "field_definition" with a "name") and has a "value" is a
 * field; its value is a string, or the first string or "display_name"
 * found inside it.
 */


#include "ngx_http_postflow_frameio.h"
#include "ngx_http_postflow_json.h"

#include <yajl/yajl_parse.h>


#define NGX_HTTP_POSTFLOW_META_DEPTH    32
#define NGX_HTTP_POSTFLOW_META_KEY_MAX  32
#define NGX_HTTP_POSTFLOW_META_STR_MAX  256




typedef struct {
    ngx_uint_t                   map;
    ngx_int_t                    owner;       /* the field a value is of */
    ngx_uint_t                   definition;  /* "field_definition": {} */
    size_t                       key_len;
    u_char                       key[NGX_HTTP_POSTFLOW_META_KEY_MAX];
    ngx_str_t                    name;
    ngx_str_t                    value;
} ngx_http_postflow_meta_frame_t;


typedef struct {
    ngx_pool_t                  *pool;
    ngx_str_t                   *field;
    ngx_str_t                   *value;       /* found: its value */
    ngx_uint_t                   found;
    ngx_uint_t                   depth;
    ngx_http_postflow_meta_frame_t  stack[NGX_HTTP_POSTFLOW_META_DEPTH];
} ngx_http_postflow_meta_parser_t;


static int ngx_http_postflow_meta_on_string(void *data,
    const unsigned char *s, size_t len);
static int ngx_http_postflow_meta_on_scalar(void *data);
static int ngx_http_postflow_meta_on_boolean(void *data, int value);
static int ngx_http_postflow_meta_on_number(void *data, const char *s,
    size_t len);
static int ngx_http_postflow_meta_on_start_map(void *data);
static int ngx_http_postflow_meta_on_start_array(void *data);
static int ngx_http_postflow_meta_push(ngx_http_postflow_meta_parser_t *ps,
    ngx_uint_t map);
static int ngx_http_postflow_meta_on_map_key(void *data,
    const unsigned char *s, size_t len);
static int ngx_http_postflow_meta_on_end(void *data);
static ngx_uint_t ngx_http_postflow_meta_key_is(
    ngx_http_postflow_meta_frame_t *f, const char *key);
static ngx_int_t ngx_http_postflow_meta_copy(ngx_pool_t *pool,
    ngx_str_t *to, const unsigned char *s, size_t len);


static yajl_callbacks  ngx_http_postflow_meta_callbacks = {
    ngx_http_postflow_meta_on_scalar,
    ngx_http_postflow_meta_on_boolean,
    NULL,
    NULL,
    ngx_http_postflow_meta_on_number,
    ngx_http_postflow_meta_on_string,
    ngx_http_postflow_meta_on_start_map,
    ngx_http_postflow_meta_on_map_key,
    ngx_http_postflow_meta_on_end,
    ngx_http_postflow_meta_on_start_array,
    ngx_http_postflow_meta_on_end
};


/*
 * The value of the field named "field" (case-insensitively): NGX_OK and
 * the value; NGX_DECLINED, no such field or no value; NGX_ERROR and a
 * message, not JSON.
 */

ngx_int_t
ngx_http_postflow_fio_parse_status(ngx_pool_t *pool, ngx_str_t *body,
    ngx_str_t *field, ngx_str_t *value, ngx_str_t *err)
{
    yajl_handle                       h;
    yajl_status                       rc;
    ngx_http_postflow_meta_parser_t  *ps;

    ngx_str_null(err);
    ngx_str_null(value);

    if (ngx_http_postflow_json_check_escapes(body->data, body->len, pool, err)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ps = ngx_pcalloc(pool, sizeof(ngx_http_postflow_meta_parser_t));
    if (ps == NULL) {
        return NGX_ERROR;
    }

    ps->pool = pool;
    ps->field = field;
    ps->value = value;

    h = yajl_alloc(&ngx_http_postflow_meta_callbacks, NULL, ps);
    if (h == NULL) {
        return NGX_ERROR;
    }

    rc = yajl_parse(h, body->data, body->len);

    if (rc == yajl_status_ok) {
        rc = yajl_complete_parse(h);
    }

    yajl_free(h);

    if (ps->found) {
        return NGX_OK;
    }

    if (rc != yajl_status_ok) {
        if (err->len == 0) {
            ngx_str_set(err, "invalid JSON");
        }

        return NGX_ERROR;
    }

    return NGX_DECLINED;
}


static int
ngx_http_postflow_meta_on_string(void *data, const unsigned char *s,
    size_t len)
{
    ngx_http_postflow_meta_parser_t *ps = data;

    ngx_str_t                       *to;
    ngx_http_postflow_meta_frame_t  *f, *owner;

    if (ps->depth == 0) {
        return 1;
    }

    f = &ps->stack[ps->depth - 1];
    to = NULL;

    if (f->owner >= 0) {

        /* inside a field's value: its first string, or display_name */

        owner = &ps->stack[f->owner];

        if (owner->value.len == 0
            && (!f->map || ngx_http_postflow_meta_key_is(f, "display_name")))
        {
            to = &owner->value;
        }

    } else if (f->map) {

        if (ngx_http_postflow_meta_key_is(f, "field_definition_name")
            || ngx_http_postflow_meta_key_is(f, "name"))
        {
            to = (f->definition && ps->depth > 1)
                 ? &ps->stack[ps->depth - 2].name : &f->name;

        } else if (ngx_http_postflow_meta_key_is(f, "value")) {
            to = &f->value;
        }
    }

    if (to == NULL || to->len) {
        return 1;
    }

    return ngx_http_postflow_meta_copy(ps->pool, to, s, len) == NGX_OK;
}


static int
ngx_http_postflow_meta_on_scalar(void *data)
{
    return 1;
}


static int
ngx_http_postflow_meta_on_boolean(void *data, int value)
{
    return 1;
}


static int
ngx_http_postflow_meta_on_number(void *data, const char *s, size_t len)
{
    return 1;
}


static int
ngx_http_postflow_meta_on_start_map(void *data)
{
    return ngx_http_postflow_meta_push(data, 1);
}


static int
ngx_http_postflow_meta_on_start_array(void *data)
{
    return ngx_http_postflow_meta_push(data, 0);
}


/* a nested value: what it is part of, its field's value or a field's */

static int
ngx_http_postflow_meta_push(ngx_http_postflow_meta_parser_t *ps,
    ngx_uint_t map)
{
    ngx_http_postflow_meta_frame_t  *f, *parent;

    if (ps->depth == NGX_HTTP_POSTFLOW_META_DEPTH) {
        return 0;
    }

    f = &ps->stack[ps->depth];
    ngx_memzero(f, sizeof(ngx_http_postflow_meta_frame_t));

    f->map = map;
    f->owner = -1;

    if (ps->depth) {
        parent = &ps->stack[ps->depth - 1];

        if (parent->owner >= 0) {
            f->owner = parent->owner;

        } else if (parent->map
                   && ngx_http_postflow_meta_key_is(parent, "value"))
        {
            f->owner = ps->depth - 1;

        } else if (parent->map
                   && ngx_http_postflow_meta_key_is(parent,
                                                    "field_definition"))
        {
            f->definition = 1;
        }
    }

    ps->depth++;

    return 1;
}


static int
ngx_http_postflow_meta_on_map_key(void *data, const unsigned char *s,
    size_t len)
{
    ngx_http_postflow_meta_parser_t *ps = data;

    ngx_http_postflow_meta_frame_t  *f;

    f = &ps->stack[ps->depth - 1];

    /* a key too long to be one of ours matches none */

    f->key_len = ngx_min(len, NGX_HTTP_POSTFLOW_META_KEY_MAX);
    ngx_memcpy(f->key, s, f->key_len);

    if (len > NGX_HTTP_POSTFLOW_META_KEY_MAX) {
        f->key_len = 0;
    }

    return 1;
}


/* a field ends: the one looked for stops the parse */

static int
ngx_http_postflow_meta_on_end(void *data)
{
    ngx_http_postflow_meta_parser_t *ps = data;

    ngx_http_postflow_meta_frame_t  *f;

    f = &ps->stack[--ps->depth];

    if (f->map && f->owner < 0 && f->value.len
        && f->name.len == ps->field->len
        && ngx_strncasecmp(f->name.data, ps->field->data, f->name.len) == 0)
    {
        *ps->value = f->value;
        ps->found = 1;
        return 0;
    }

    return 1;
}


static ngx_uint_t
ngx_http_postflow_meta_key_is(ngx_http_postflow_meta_frame_t *f,
    const char *key)
{
    size_t  len;

    len = ngx_strlen(key);

    return f->key_len == len && ngx_memcmp(f->key, key, len) == 0;
}


/* NUL-terminated, at most NGX_HTTP_POSTFLOW_META_STR_MAX bytes */

static ngx_int_t
ngx_http_postflow_meta_copy(ngx_pool_t *pool, ngx_str_t *to,
    const unsigned char *s, size_t len)
{
    len = ngx_min(len, NGX_HTTP_POSTFLOW_META_STR_MAX);

    to->data = ngx_pnalloc(pool, len + 1);
    if (to->data == NULL) {
        return NGX_ERROR;
    }

    *ngx_cpymem(to->data, s, len) = '\0';
    to->len = len;

    return NGX_OK;
}
