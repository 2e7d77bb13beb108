
/*
 * ngx_postflow: what the parser harnesses share, and the few things of
 * ngx_http_postflow_module.c the fuzzed files refer to.  That file is
 * the nginx module itself (directives, handlers, variables) and is not
 * linked: the tables below are copies of its names, which appear in
 * the JSON the harnesses check.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include <yajl/yajl_parse.h>

#include "fuzz_common.h"


ngx_module_t  ngx_http_postflow_module;      /* ctx_index 0 */


ngx_log_t  *fuzz_log;


/* 2024-11-22T10:00:00Z: "now" for every harness */

void
fuzz_init(void)
{
    if (fuzz_log == NULL) {
        fuzz_log = ngx_shim_init(1732269600);
    }
}


u_char *
fuzz_copy(const uint8_t *data, size_t size)
{
    u_char  *p;

    p = malloc(size ? size : 1);
    if (p == NULL) {
        fuzz_fail("no memory for the input");
    }

    if (size) {
        ngx_memcpy(p, data, size);
    }

    return p;
}


void
fuzz_check_json(const char *what, u_char *p, size_t len, ngx_uint_t utf8)
{
    u_char       *msg;
    yajl_handle   h;
    yajl_status   rc;

    h = yajl_alloc(NULL, NULL, NULL);
    if (h == NULL) {
        fuzz_fail("no memory for yajl");
    }

    yajl_config(h, yajl_dont_validate_strings, utf8 ? 0 : 1);

    rc = yajl_parse(h, p, len);

    if (rc == yajl_status_ok) {
        rc = yajl_complete_parse(h);
    }

    if (rc != yajl_status_ok) {
        msg = yajl_get_error(h, 1, p, len);
        fprintf(stderr, "%s is not JSON: %s\n%.*s\n", what,
                msg ? (char *) msg : "?", (int) len, p);
        fuzz_fail("bad JSON");
    }

    yajl_free(h);
}


void
fuzz_check_str(const char *what, ngx_str_t *s, size_t max)
{
    if (s->len == 0) {
        return;
    }

    if (s->data == NULL || s->len > max || s->data[s->len] != '\0') {
        fuzz_fail("%s: %uz bytes, at most %uz, NUL-terminated", what,
                  s->len, max);
    }
}


void
fuzz_fail(const char *fmt, ...)
{
    u_char   buf[1024], *p;
    va_list  args;

    va_start(args, fmt);
    p = ngx_vslprintf(buf, buf + sizeof(buf) - 1, fmt, args);
    va_end(args);

    fprintf(stderr, "fuzz: %.*s\n", (int) (p - buf), buf);
    abort();
}
