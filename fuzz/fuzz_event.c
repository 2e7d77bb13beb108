
/*
 * ngx_postflow: libFuzzer harness for the webhook payload parser,
 * ngx_http_postflow_event_parse() (ngx_http_postflow_event.c and the
 * bounded yajl parsing of ngx_http_postflow_json.c), on the input as a
 * request body.
 *
 * Checks: a parsed event has a type and a resource id within their
 * bounds, every string NUL-terminated, the type's index right; a
 * refused one has a message, which the error answer turns into valid
 * JSON within the size ngx_http_postflow_json_string_size() gives.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include "fuzz_common.h"


static void fuzz_event_check(ngx_http_postflow_event_t *ev);
static void fuzz_error_check(ngx_pool_t *pool, ngx_str_t *err);


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();

    return 0;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ngx_int_t                  rc;
    ngx_str_t                  body, err;
    ngx_pool_t                *pool;
    ngx_http_postflow_event_t  ev;

    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    if (pool == NULL) {
        fuzz_fail("no memory");
    }

    body.data = fuzz_copy(data, size);
    body.len = size;

    ngx_memzero(&ev, sizeof(ngx_http_postflow_event_t));

    rc = ngx_http_postflow_event_parse(&ev, &body, pool, &err);

    if (rc == NGX_OK) {
        fuzz_event_check(&ev);

    } else if (rc == NGX_ERROR) {
        fuzz_error_check(pool, &err);

    } else {
        fuzz_fail("event_parse() returned %i", rc);
    }

    free(body.data);
    ngx_destroy_pool(pool);

    return 0;
}


static void
fuzz_event_check(ngx_http_postflow_event_t *ev)
{
    ngx_int_t  n;

    if (ev->type.len == 0 || ev->resource_id.len == 0) {
        fuzz_fail("an event without a type or a resource id");
    }

    fuzz_check_str("type", &ev->type, NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("resource.type", &ev->resource_type,
                   NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("resource.id", &ev->resource_id, NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("account.id", &ev->account_id, NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("workspace.id", &ev->workspace_id,
                   NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("project.id", &ev->project_id, NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("user.id", &ev->user_id, NGX_HTTP_POSTFLOW_ID_MAX);

    n = ev->type_index;

    if (n == -1) {
        return;
    }

    if (n < 0
        || ngx_http_postflow_event_types[n].name.len != ev->type.len
        || ngx_memcmp(ngx_http_postflow_event_types[n].name.data,
                      ev->type.data, ev->type.len)
           != 0)
    {
        fuzz_fail("type_index %i for \"%V\"", n, &ev->type);
    }
}


/* what ngx_http_postflow_send_error_str() sends */

static void
fuzz_error_check(ngx_pool_t *pool, ngx_str_t *err)
{
    u_char  *json, *p;
    size_t   size;

    if (err->len == 0 || err->data == NULL) {
        fuzz_fail("refused without a message");
    }

    size = sizeof("{\"error\":}") - 1
           + ngx_http_postflow_json_string_size(err->data, err->len);

    json = ngx_pnalloc(pool, size);
    if (json == NULL) {
        fuzz_fail("no memory");
    }

    p = ngx_cpymem(json, "{\"error\":", sizeof("{\"error\":") - 1);
    p = ngx_http_postflow_json_string(p, err->data, err->len);
    *p++ = '}';

    /* the size is a bound (6 bytes a byte at most), not the length */

    if ((size_t) (p - json) > size) {
        fuzz_fail("error JSON of %uz bytes, %uz computed", p - json, size);
    }

    fuzz_check_json("the error answer", json, p - json, 1);
}
