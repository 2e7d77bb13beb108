
/*
 * ngx_postflow: libFuzzer harness for the review analyser.
 *
 * The first byte chooses what the rest feeds:
 *
 *   0xff  a keyword for postflow_review_keywords: validated, folded
 *         and, when accepted, compiled into a fresh analyser;
 *   0xfe  a thread: every 3 bytes make an entry (verdict, flags,
 *         keyword counts), then a label;
 *   else  the whole input is a comment, analysed by the analyser
 *         built once at start (with user keywords, as nginx would).
 *
 * Every analysis is checked: a verdict and status in range, a score
 * in [-1, 1], at most NGX_HTTP_POSTFLOW_MATCHES_MAX matches, each
 * inside the input.  A failed check aborts, which libFuzzer reports.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_http_postflow_review.h"
#include "ngx_shim.h"


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static ngx_log_t                    fuzz_log;
static ngx_pool_t                  *fuzz_pool;
static ngx_http_postflow_review_t  *fuzz_review;


static ngx_http_postflow_review_t *
build(ngx_pool_t *pool, ngx_str_t *extra)
{
    ngx_str_t                    w, err;
    ngx_uint_t                   i;
    ngx_http_postflow_review_t  *review;
    static char                 *words[] = {
        "banger", "nickel chrome", "\xc3\xa0 revoir", "naze", NULL
    };

    review = ngx_http_postflow_review_create(pool, &fuzz_log);
    if (review == NULL) {
        abort();
    }

    for (i = 0; words[i]; i++) {
        w.data = (u_char *) words[i];
        w.len = strlen(words[i]);

        if (ngx_http_postflow_review_add_keyword(review, i & 1, &w, &err)
            != NGX_OK)
        {
            abort();
        }
    }

    if (extra
        && ngx_http_postflow_review_add_keyword(review, 1, extra, &err)
           != NGX_OK)
    {
        if (err.len == 0) {
            abort();
        }

        return NULL;
    }

    if (ngx_http_postflow_review_compile(review, &err) != NGX_OK) {
        abort();
    }

    return review;
}


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_log.log_level = NGX_LOG_WARN;

    fuzz_pool = ngx_shim_create_pool(&fuzz_log);
    fuzz_review = build(fuzz_pool, NULL);

    return 0;
}


static void
fuzz_comment(const uint8_t *data, size_t size)
{
    ngx_uint_t                     i;
    ngx_http_postflow_analysis_t   an;

    if (ngx_http_postflow_review_comment(fuzz_review, (u_char *) data, size,
                                         &an)
        != NGX_OK)
    {
        abort();
    }

    if (an.verdict > NGX_HTTP_POSTFLOW_VERDICT_CHANGES
        || !(an.score >= -1.0 && an.score <= 1.0)
        || an.nmatches > NGX_HTTP_POSTFLOW_MATCHES_MAX
        || (an.flags & ~NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED))
    {
        abort();
    }

    for (i = 0; i < an.nmatches; i++) {
        if (an.matches[i].rule == NULL
            || an.matches[i].offset + an.matches[i].len > size
            || an.matches[i].len == 0)
        {
            abort();
        }
    }
}


static void
fuzz_thread(const uint8_t *data, size_t size)
{
    double                      score;
    ngx_uint_t                  n, i;
    ngx_http_postflow_entry_t   entries[64];
    ngx_http_postflow_review_e  status;

    n = 0;

    for (i = 0; i + 3 <= size && n < 64; i += 3, n++) {
        ngx_memzero(&entries[n], sizeof(ngx_http_postflow_entry_t));
        entries[n].verdict = data[i] % 3;
        entries[n].flags = data[i + 1] & 0x0f;
        entries[n].positives = data[i + 2] & 0x0f;
        entries[n].negatives = data[i + 2] >> 4;
    }

    status = ngx_http_postflow_review_thread(fuzz_review, entries, n,
                                             size % 4, &score);

    if (status >= NGX_HTTP_POSTFLOW_NREVIEW
        || !(score >= -1.0 && score <= 1.0))
    {
        abort();
    }
}


static void
fuzz_keyword(const uint8_t *data, size_t size)
{
    ngx_str_t                    w;
    ngx_pool_t                  *pool;
    ngx_http_postflow_review_t  *review;

    /* compiling is slow: keep it for words that can be keywords */
    if (size > 64) {
        return;
    }

    pool = ngx_shim_create_pool(&fuzz_log);

    w.data = malloc(size ? size : 1);
    memcpy(w.data, data, size);
    w.len = size;

    review = build(pool, &w);

    if (review) {
        ngx_http_postflow_review_comment(review, w.data, w.len,
                                         &(ngx_http_postflow_analysis_t){0});
    }

    free(w.data);
    ngx_shim_destroy_pool(pool);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size && data[0] == 0xff) {
        fuzz_keyword(data + 1, size - 1);

    } else if (size && data[0] == 0xfe) {
        fuzz_thread(data + 1, size - 1);

    } else {
        fuzz_comment(data, size);
    }

    return 0;
}
