
/*
 * ngx_postflow: comments analysed per second, on one core.
 *
 *   postflow_bench review-comments-dev.jsonl [SECONDS]
 *
 * Analyses every comment of the file in turn, again and again, for
 * SECONDS (3 by default) of this process's CPU time, and prints the
 * rate.  The compiled patterns are built once, as at configuration.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <yajl/yajl_tree.h>

#include "ngx_http_postflow_review.h"
#include "ngx_shim.h"


#define BENCH_TEXTS_MAX  4096


static double
cpu_seconds(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);

    return ts.tv_sec + ts.tv_nsec / 1e9;
}


static ngx_uint_t
load(const char *path, char **texts, size_t *lens)
{
    FILE        *f;
    char        *line, err[256];
    size_t       cap;
    ssize_t      n;
    yajl_val     v, t;
    ngx_uint_t   count;
    const char  *text, *key[] = { "text", NULL };

    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }

    line = NULL;
    cap = 0;
    count = 0;

    while ((n = getline(&line, &cap, f)) > 0 && count < BENCH_TEXTS_MAX) {
        v = yajl_tree_parse(line, err, sizeof(err));
        if (v == NULL) {
            continue;
        }

        t = yajl_tree_get(v, key, yajl_t_string);
        text = t ? YAJL_GET_STRING(t) : NULL;

        if (text) {
            lens[count] = strlen(text);
            texts[count++] = strdup(text);
        }

        yajl_tree_free(v);
    }

    free(line);
    fclose(f);

    return count;
}


int
main(int argc, char **argv)
{
    char                          *texts[BENCH_TEXTS_MAX];
    size_t                         lens[BENCH_TEXTS_MAX], bytes;
    double                         start, elapsed, seconds;
    ngx_str_t                      err;
    ngx_log_t                      log;
    ngx_uint_t                     n, i, done, verdicts[3];
    ngx_pool_t                    *pool;
    ngx_http_postflow_review_t    *review;
    ngx_http_postflow_analysis_t   an;

    if (argc < 2) {
        fprintf(stderr, "usage: %s comments.jsonl [seconds]\n", argv[0]);
        return 2;
    }

    seconds = argc > 2 ? atof(argv[2]) : 3.0;

    n = load(argv[1], texts, lens);
    if (n == 0) {
        return 2;
    }

    ngx_memzero(&log, sizeof(ngx_log_t));
    log.log_level = NGX_LOG_WARN;

    pool = ngx_shim_create_pool(&log);
    review = ngx_http_postflow_review_create(pool, &log);

    start = cpu_seconds();

    if (review == NULL
        || ngx_http_postflow_review_compile(review, &err) != NGX_OK)
    {
        fprintf(stderr, "cannot build the analyser\n");
        return 2;
    }

    printf("compile: %.1f ms\n", (cpu_seconds() - start) * 1000);

    bytes = 0;
    for (i = 0; i < n; i++) {
        bytes += lens[i];
    }

    done = 0;
    ngx_memzero(verdicts, sizeof(verdicts));
    start = cpu_seconds();

    do {
        for (i = 0; i < n; i++) {
            ngx_http_postflow_review_comment(review, (u_char *) texts[i],
                                             lens[i], &an);
            verdicts[an.verdict]++;
        }

        done += n;
        elapsed = cpu_seconds() - start;

    } while (elapsed < seconds);

    printf("%u comments (%u distinct, %.0f bytes on average) in %.2f s "
           "of CPU\n", (unsigned) done, (unsigned) n, (double) bytes / n,
           elapsed);
    printf("comments/s: %.0f\n", done / elapsed);

    for (i = 0; i < n; i++) {
        free(texts[i]);
    }

    ngx_shim_destroy_pool(pool);

    return 0;
}
