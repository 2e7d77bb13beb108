
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
 * inside the input.  And the buckets, an optimisation, are checked
 * against what they optimise: at every word start of the folded
 * comment, the bucket its first two bytes choose must match as one
 * pattern of every alternative of the lexicon, in order, does.  A
 * failed check aborts, which libFuzzer reports.
 */


#include <ngx_config.h>
#include <ngx_core.h>

/* the analyser itself, for its buckets to be checked against */
#include "ngx_http_postflow_review.c"
#include "ngx_shim.h"


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static ngx_log_t                    fuzz_log;
static ngx_pool_t                  *fuzz_pool;
static ngx_http_postflow_review_t  *fuzz_review;
static ngx_array_t                 *fuzz_plain;   /* pcre2_code * */


/*
 * Every top-level alternative of the lexicon, in order, each its own
 * pattern: the first that matches is what one pattern of them all
 * would match (too large for PCRE2 to compile as one).
 */
static void
plain(ngx_http_postflow_review_t *review)
{
    u_char                      *p, *e;
    ngx_str_t                    err;
    ngx_uint_t                   i;
    ngx_array_t                 *nodes;
    pcre2_code                 **code;
    ngx_http_postflow_node_t    *node;
    ngx_http_postflow_lexeme_t  *lx;

    fuzz_plain = ngx_array_create(fuzz_pool, 512, sizeof(pcre2_code *));
    if (fuzz_plain == NULL) {
        abort();
    }

    for (lx = review->lexemes; lx->pattern; lx++) {
        nodes = ngx_http_postflow_review_parse(review, (u_char *) lx->pattern,
                        (u_char *) lx->pattern + ngx_strlen(lx->pattern),
                        &err);
        if (nodes == NULL) {
            abort();
        }

        node = nodes->elts;

        for (i = 0; i < nodes->nelts; i++) {
            p = malloc(node[i].end - node[i].start + 16);
            code = ngx_array_push(fuzz_plain);

            if (p == NULL || code == NULL) {
                abort();
            }

            *code = NULL;

            e = ngx_cpymem(p, "(?:", 3);
            e = ngx_cpymem(e, node[i].start, node[i].end - node[i].start);
            e = ngx_cpymem(e, lx->word ? ")\\b(*:" : ")(*:", lx->word ? 6 : 4);
            *e++ = (u_char) ('A' + lx->type);
            *e++ = ')';

            *code = ngx_http_postflow_review_regex(review, p, e - p,
                                                   PCRE2_ANCHORED, 1, &err);
            if (*code == NULL) {
                abort();
            }

            free(p);
        }
    }
}


/* what the plain alternation matches at "off": NOMATCH, a limit or 0 */
static int
plain_match(ngx_http_postflow_review_t *review, size_t off)
{
    int          rc;
    ngx_uint_t   i;
    pcre2_code **code;

    code = fuzz_plain->elts;

    for (i = 0; i < fuzz_plain->nelts; i++) {
        rc = ngx_http_postflow_review_match(review, code[i], off);

        if (rc != PCRE2_ERROR_NOMATCH) {
            return rc;
        }
    }

    return PCRE2_ERROR_NOMATCH;
}


/* with the comment just analysed, folded in the analyser */
static void
fuzz_buckets(ngx_http_postflow_review_t *review)
{
    int           rc, plain_rc;
    u_char        mark;
    size_t        off, start, end;
    PCRE2_SIZE   *ov;
    PCRE2_SPTR    m;
    pcre2_code   *re;

    ov = pcre2_get_ovector_pointer(review->match_data);

    for (off = 0; off < review->len; off++) {

        if (off > 0 && ngx_http_postflow_review_alnum(review->text[off])
            && ngx_http_postflow_review_alnum(review->text[off - 1]))
        {
            continue;
        }

        /* no match may start inside a character */
        if ((review->text[off] & 0xc0) == 0x80) {
            if (ngx_http_postflow_review_bucket_at(review, off)) {
                abort();
            }

            continue;
        }

        plain_rc = plain_match(review, off);

        if (plain_rc < 0 && plain_rc != PCRE2_ERROR_NOMATCH) {
            continue;     /* a limit: the scan reads nothing here either */
        }

        start = ov[0];
        end = ov[1];
        m = pcre2_get_mark(review->match_data);
        mark = m ? m[0] : 0;

        re = ngx_http_postflow_review_bucket_at(review, off);
        rc = re ? ngx_http_postflow_review_match(review, re, off)
                : PCRE2_ERROR_NOMATCH;

        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
            continue;
        }

        if ((rc < 0) != (plain_rc < 0)) {
            abort();
        }

        m = pcre2_get_mark(review->match_data);

        if (rc >= 0
            && (ov[0] != start || ov[1] != end || (m ? m[0] : 0) != mark))
        {
            abort();
        }
    }
}


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
    plain(fuzz_review);

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
        || (an.flags & ~(NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED
                         |NGX_HTTP_POSTFLOW_ENTRY_OWN_PART
                         |NGX_HTTP_POSTFLOW_ENTRY_NEW_VERSION)))
    {
        abort();
    }

    fuzz_buckets(fuzz_review);

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
