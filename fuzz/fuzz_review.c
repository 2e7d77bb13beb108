
/*
 * ngx_postflow: the review analyser the harnesses of the API and of
 * the journal run, with its built-in words, as nginx builds it from a
 * configuration without postflow_review_keywords.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include "fuzz_common.h"


ngx_http_postflow_review_t *
fuzz_review(void)
{
    ngx_str_t                           err;
    ngx_pool_t                         *pool;
    static ngx_http_postflow_review_t  *review;

    if (review) {
        return review;
    }

    fuzz_init();

    /* lives as long as the process, as the configuration's would */
    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    if (pool == NULL) {
        fuzz_fail("no memory for the analyser");
    }

    review = ngx_http_postflow_review_create(pool, fuzz_log);

    if (review == NULL
        || ngx_http_postflow_review_compile(review, &err) != NGX_OK)
    {
        fuzz_fail("the analyser does not build");
    }

    return review;
}
