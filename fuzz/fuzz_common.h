
/*
 * ngx_postflow: what the parser harnesses share.
 */


#ifndef _FUZZ_COMMON_H_INCLUDED_
#define _FUZZ_COMMON_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_http_postflow_module.h"
#include "ngx_shim.h"
#include "ngx_fuzz_shim.h"


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


/* the quiet log every harness uses, set by fuzz_init() */
extern ngx_log_t  *fuzz_log;

void fuzz_init(void);

/* the analyser with its built-in words, built once */
ngx_http_postflow_review_t *fuzz_review(void);

/* the input in a block of its own size, so that ASan sees past its end */
u_char *fuzz_copy(const uint8_t *data, size_t size);

/* abort() unless p is one JSON document; utf8: check strings as well */
void fuzz_check_json(const char *what, u_char *p, size_t len,
    ngx_uint_t utf8);

/* abort() unless s is a NUL-terminated string of at most max bytes */
void fuzz_check_str(const char *what, ngx_str_t *s, size_t max);

void fuzz_fail(const char *fmt, ...) __attribute__((noreturn));


#endif /* _FUZZ_COMMON_H_INCLUDED_ */
