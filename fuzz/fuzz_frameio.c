
/*
 * ngx_postflow: libFuzzer harness for the parsers of Frame.io's API
 * answers, ngx_http_postflow_fio_parse() and, for a file's metadata,
 * ngx_http_postflow_fio_parse_status(), on the input as a response
 * body.  The first byte, when there is one, sets how many resources
 * the caller takes (1 to 64).
 *
 * Checks: a parsed answer has no more resources than asked for, every
 * string NUL-terminated within its bound, a comment's text cut at a
 * character boundary (valid UTF-8 when the whole answer is: yajl lets
 * some invalid sequences through, which the analyser's folding
 * replaces), and links.next within its bound; a refused answer has a
 * message.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include "fuzz_common.h"


static void fuzz_doc_check(ngx_http_postflow_fio_doc_t *doc, ngx_uint_t max,
    ngx_uint_t utf8);
static void fuzz_resource_check(ngx_http_postflow_fio_resource_t *res,
    ngx_uint_t utf8);
static void fuzz_status_check(ngx_pool_t *pool, ngx_str_t *body);


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();

    return 0;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ngx_int_t                    rc;
    ngx_str_t                    body, err;
    ngx_uint_t                   max;
    ngx_pool_t                  *pool;
    ngx_http_postflow_fio_doc_t  doc;

    if (size == 0) {
        return 0;
    }

    max = data[0] % 64 + 1;

    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    if (pool == NULL) {
        fuzz_fail("no memory");
    }

    body.data = fuzz_copy(data + 1, size - 1);
    body.len = size - 1;

    fuzz_status_check(pool, &body);

    rc = ngx_http_postflow_fio_parse(pool, &body, max, &doc, &err);

    if (rc == NGX_OK) {
        fuzz_doc_check(&doc, max,
                       body.len == 0
                       || ngx_http_postflow_utf8_valid(body.data, body.len)
                          == NGX_OK);

    } else if (rc != NGX_ERROR || err.len == 0) {
        fuzz_fail("fio_parse() returned %i without a message", rc);
    }

    free(body.data);
    ngx_destroy_pool(pool);

    return 0;
}


/* a status value is a bounded string; a refusal says why */

static void
fuzz_status_check(ngx_pool_t *pool, ngx_str_t *body)
{
    ngx_int_t  rc;
    ngx_str_t  field, value, err;

    ngx_str_set(&field, "Status");

    rc = ngx_http_postflow_fio_parse_status(pool, body, &field, &value,
                                            &err);

    if (rc == NGX_OK) {
        if (value.len == 0) {
            fuzz_fail("an empty status value found");
        }

        fuzz_check_str("status", &value, 256);

    } else if (rc == NGX_ERROR && err.len == 0) {
        fuzz_fail("fio_parse_status() failed without a message");

    } else if (rc != NGX_ERROR && rc != NGX_DECLINED) {
        fuzz_fail("fio_parse_status() returned %i", rc);
    }
}


static void
fuzz_doc_check(ngx_http_postflow_fio_doc_t *doc, ngx_uint_t max,
    ngx_uint_t utf8)
{
    ngx_uint_t                         i;
    ngx_http_postflow_fio_resource_t  *res;

    if (doc->resources.nelts > max) {
        fuzz_fail("%ui resources for at most %ui", doc->resources.nelts,
                  max);
    }

    if (doc->next.len) {
        fuzz_check_str("links.next", &doc->next, 2048);
    }

    res = doc->resources.elts;

    for (i = 0; i < doc->resources.nelts; i++) {
        fuzz_resource_check(&res[i], utf8);
    }
}


static void
fuzz_resource_check(ngx_http_postflow_fio_resource_t *res, ngx_uint_t utf8)
{
    ngx_str_t  *s;

    struct {
        const char  *name;
        ngx_str_t   *value;
        size_t       max;
    } strings[] = {
        { "id", &res->id, NGX_HTTP_POSTFLOW_ID_MAX },
        { "name", &res->name, NGX_HTTP_POSTFLOW_NAME_MAX },
        { "text", &res->text, NGX_HTTP_POSTFLOW_TEXT_MAX },
        { "file_id", &res->file_id, NGX_HTTP_POSTFLOW_ID_MAX },
        { "parent_id", &res->parent_id, NGX_HTTP_POSTFLOW_ID_MAX },
        { "inserted_at", &res->inserted_at, 64 },
        { "label", &res->label, NGX_HTTP_POSTFLOW_ID_MAX },
        { NULL, NULL, 0 }
    }, *str;

    for (str = strings; str->name; str++) {
        s = str->value;

        if (s->len || s->data) {
            fuzz_check_str(str->name, s, str->max);
        }
    }

    if (utf8 && res->text.len
        && ngx_http_postflow_utf8_valid(res->text.data, res->text.len)
           != NGX_OK)
    {
        fuzz_fail("a text cut inside a character: \"%V\"", &res->text);
    }

    if (res->completed < -1 || res->completed > 1) {
        fuzz_fail("completed is %i", res->completed);
    }
}
