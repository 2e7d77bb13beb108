
/*
 * ngx_postflow: libFuzzer harness for the analyser's lexicon compiler
 * and for the matcher it feeds.
 *
 * The first byte chooses what the rest feeds:
 *
 *   < 0x80  a comment, matched with the built-in lexicon: at every
 *           place a match may start, the bucket the first bytes choose
 *           must answer as every alternative of the lexicon, tried in
 *           order, does (the whole lexicon is too large for PCRE2 to
 *           compile as one pattern);
 *   else    a lexicon file, up to a NUL, then a comment: the file
 *           replaces the built-in vocabulary as postflow_review_lexicon
 *           does; refused, it must say why; accepted, the comment is
 *           analysed, and the buckets must answer as one plain PCRE2
 *           alternation of its entries, in order, does.
 *
 * A failed check aborts, which libFuzzer reports.
 */


#include <ngx_config.h>
#include <ngx_core.h>

/* the analyser itself, for its buckets to be checked against */
#include "ngx_http_postflow_review.c"
#include "ngx_shim.h"


#define FUZZ_PLAIN_MAX  (1024 * 1024)


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static ngx_log_t                    fuzz_log;
static ngx_http_postflow_review_t  *fuzz_builtin;
static ngx_array_t                 *fuzz_plain;     /* pcre2_code * */


/*
 * Every top-level alternative of the analyser's lexicon, each as
 * "(?:ALT)\b(*:m)": into "codes" one pattern each, or, with "one",
 * a single pattern of them all, joined by "|".
 */
static ngx_int_t
plain(ngx_http_postflow_review_t *review, ngx_pool_t *pool,
    ngx_array_t *codes, ngx_uint_t one)
{
    u_char                      *buf, *p, *e;
    ngx_str_t                    err;
    ngx_uint_t                   i;
    ngx_array_t                 *nodes;
    pcre2_code                 **code;
    ngx_http_postflow_node_t    *node;
    ngx_http_postflow_lexeme_t  *lx;

    buf = malloc(FUZZ_PLAIN_MAX);
    if (buf == NULL) {
        abort();
    }

    e = buf;

    for (lx = review->lexemes; lx->pattern; lx++) {
        nodes = ngx_http_postflow_review_parse(review, (u_char *) lx->pattern,
                        (u_char *) lx->pattern + ngx_strlen(lx->pattern),
                        &err);
        if (nodes == NULL) {
            abort();
        }

        node = nodes->elts;

        for (i = 0; i < nodes->nelts; i++) {
            if ((size_t) (node[i].end - node[i].start) + 16
                > (size_t) (buf + FUZZ_PLAIN_MAX - e))
            {
                free(buf);
                return NGX_DECLINED;
            }

            p = e;

            if (one && e > buf) {
                *e++ = '|';
            }

            if (!one) {
                p = e = buf;
            }

            e = ngx_cpymem(e, "(?:", 3);
            e = ngx_cpymem(e, node[i].start, node[i].end - node[i].start);
            e = ngx_cpymem(e, lx->word ? ")\\b(*:" : ")(*:", lx->word ? 6 : 4);
            *e++ = (u_char) ('A' + lx->type);
            *e++ = ')';

            if (one) {
                continue;
            }

            code = ngx_array_push(codes);
            if (code == NULL) {
                abort();
            }

            *code = ngx_http_postflow_review_regex(review, p, e - p,
                                                   PCRE2_ANCHORED, 1, &err);
            if (*code == NULL) {
                abort();
            }
        }
    }

    if (one) {
        code = ngx_array_push(codes);
        if (code == NULL) {
            abort();
        }

        /* too large for PCRE2 is no finding: nothing to compare with */
        *code = NULL;

        if (e > buf) {
            *code = ngx_http_postflow_review_regex(review, buf, e - buf,
                                                   PCRE2_ANCHORED, 1, &err);
        }

        if (*code == NULL) {
            codes->nelts--;
            free(buf);
            return NGX_DECLINED;
        }
    }

    free(buf);

    return NGX_OK;
}


/* what the plain alternation matches at "off": NOMATCH, a limit or 0 */
static int
plain_match(ngx_http_postflow_review_t *review, ngx_array_t *codes,
    size_t off)
{
    int          rc;
    ngx_uint_t   i;
    pcre2_code **code;

    code = codes->elts;

    for (i = 0; i < codes->nelts; i++) {
        rc = ngx_http_postflow_review_match(review, code[i], off);

        if (rc != PCRE2_ERROR_NOMATCH) {
            return rc;
        }
    }

    return PCRE2_ERROR_NOMATCH;
}


/* with the comment just analysed, folded in the analyser */
static void
buckets(ngx_http_postflow_review_t *review, ngx_array_t *codes)
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

        plain_rc = plain_match(review, codes, off);

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


static void
analyse(ngx_http_postflow_review_t *review, u_char *text, size_t len,
    ngx_array_t *codes)
{
    ngx_uint_t                     i;
    ngx_http_postflow_analysis_t   an;

    if (ngx_http_postflow_review_comment(review, text, len, &an) != NGX_OK) {
        abort();
    }

    if (an.verdict > NGX_HTTP_POSTFLOW_VERDICT_CHANGES
        || !(an.score >= -1.0 && an.score <= 1.0)
        || an.nmatches > NGX_HTTP_POSTFLOW_MATCHES_MAX)
    {
        abort();
    }

    for (i = 0; i < an.nmatches; i++) {
        if (an.matches[i].rule == NULL
            || an.matches[i].offset + an.matches[i].len > len)
        {
            abort();
        }
    }

    buckets(review, codes);
}


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ngx_str_t    err;
    ngx_pool_t  *pool;

    fuzz_log.log_level = NGX_LOG_EMERG;

    pool = ngx_shim_create_pool(&fuzz_log);
    fuzz_builtin = ngx_http_postflow_review_create(pool, &fuzz_log);

    if (fuzz_builtin == NULL
        || ngx_http_postflow_review_compile(fuzz_builtin, &err) != NGX_OK)
    {
        abort();
    }

    fuzz_plain = ngx_array_create(pool, 1024, sizeof(pcre2_code *));
    if (fuzz_plain == NULL
        || plain(fuzz_builtin, pool, fuzz_plain, 0) != NGX_OK)
    {
        abort();
    }

    return 0;
}


static void
fuzz_lexicon(const uint8_t *data, size_t size)
{
    u_char                            *copy, *nul, *text;
    size_t                             tlen;
    ngx_int_t                          rc;
    ngx_str_t                          err;
    ngx_pool_t                        *pool;
    ngx_array_t                        codes;
    pcre2_code                        *one;
    ngx_http_postflow_review_t        *review;
    ngx_http_postflow_lexicon_file_t   file;

    copy = malloc(size + 1);
    if (copy == NULL) {
        abort();
    }

    ngx_memcpy(copy, data, size);

    nul = memchr(copy, '\0', size);

    file.text.data = copy;
    file.text.len = nul ? (size_t) (nul - copy) : size;
    ngx_str_set(&file.name, "fuzz.lex");

    text = nul ? nul + 1 : copy;
    tlen = nul ? size - (nul + 1 - copy) : size;

    pool = ngx_shim_create_pool(&fuzz_log);

    review = ngx_http_postflow_review_create(pool, &fuzz_log);
    if (review == NULL) {
        abort();
    }

    ngx_str_null(&err);

    rc = ngx_http_postflow_review_add_lexicon(review, &file, 1, &err);

    if (rc != NGX_OK) {
        /* a refusal says which line, and why */
        if (err.len < sizeof("fuzz.lex:1: ") - 1
            || ngx_strncmp(err.data, "fuzz.lex:", 9) != 0)
        {
            abort();
        }

        goto done;
    }

    if (ngx_http_postflow_review_compile(review, &err) != NGX_OK) {
        if (err.len == 0) {
            abort();
        }

        goto done;
    }

    if (ngx_array_init(&codes, pool, 1, sizeof(pcre2_code *)) != NGX_OK) {
        abort();
    }

    if (plain(review, pool, &codes, 1) == NGX_OK) {
        one = ((pcre2_code **) codes.elts)[0];

        analyse(review, text, tlen, &codes);

        pcre2_code_free(one);
    }

done:

    ngx_shim_destroy_pool(pool);
    free(copy);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size && data[0] >= 0x80) {
        fuzz_lexicon(data + 1, size - 1);

    } else {
        analyse(fuzz_builtin, (u_char *) data, size, fuzz_plain);
    }

    return 0;
}
