
/*
 * Routing a Frame.io file to a registered upload by its name.
 *
 * Exact: the names are equal once case, accents (NFC or NFD), the
 * separators "_", "-", "." and spaces and the extension are ignored:
 * "SC03_SH010_v2.mov", "sc03-sh010 v2.mp4" and "SC03SH010V2.mxf" are one
 * upload.  Version numbers stay: "_v1" and "_v2" are two uploads.
 *
 * Similar: names are cut into tokens (words, numbers, versions, dates)
 * and compared as token sequences.  A different or missing number or
 * date is a different shot and vetoes the match; a different version
 * ("_v3" of a registered "_v2") costs a quarter of a word; a word costs
 * its edit distance; a copy marker ("(1)", "copy") costs a little.  A
 * date matches the same date written another way (2025-01-31,
 * 31.01.2025, 20250131).  The score is 1 - cost / weight of the longer
 * name.  The best name above the threshold wins only if no other name
 * scores as much: a tie is ambiguous and routes nothing.
 */


#include "ngx_http_postflow_frameio.h"


#define NGX_HTTP_POSTFLOW_MATCH_TOKENS   64
#define NGX_HTTP_POSTFLOW_MATCH_WORD     64   /* longer words: equal or not */
#define NGX_HTTP_POSTFLOW_MATCH_VETO     1000.0
#define NGX_HTTP_POSTFLOW_MATCH_VERSION  0.25
#define NGX_HTTP_POSTFLOW_MATCH_NOISE    0.05
#define NGX_HTTP_POSTFLOW_MATCH_EPSILON  1e-9


#define ngx_http_postflow_isalnum(c)                                         \
    (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z')              \
     || ((c) >= 'A' && (c) <= 'Z'))


typedef enum {
    NGX_HTTP_POSTFLOW_TOKEN_WORD = 0,
    NGX_HTTP_POSTFLOW_TOKEN_NUMBER,
    NGX_HTTP_POSTFLOW_TOKEN_VERSION,
    NGX_HTTP_POSTFLOW_TOKEN_DATE
} ngx_http_postflow_token_e;


typedef struct {
    ngx_uint_t                   kind;
    u_char                      *data;      /* words, numbers */
    size_t                       len;
    uint32_t                     dates[3];  /* YYYYMMDD readings, 0: none */
    ngx_uint_t                   bracket;   /* inside () or [] */
} ngx_http_postflow_token_t;


struct ngx_http_postflow_name_s {
    ngx_str_t                    key;       /* for the exact comparison */
    ngx_uint_t                   ntokens;
    ngx_uint_t                   noise;     /* copy markers dropped */
    double                       weight;
    ngx_http_postflow_token_t    tokens[NGX_HTTP_POSTFLOW_MATCH_TOKENS];
};


static ngx_int_t ngx_http_postflow_match_prepare(ngx_pool_t *pool,
    ngx_str_t *name, ngx_http_postflow_name_t *nm);
static size_t ngx_http_postflow_match_strip_ext(u_char *p, size_t len);
static u_char *ngx_http_postflow_match_fold(u_char *p, size_t len,
    u_char *out);
static void ngx_http_postflow_match_tokenize(ngx_http_postflow_name_t *nm,
    u_char *p, u_char *last);
static void ngx_http_postflow_match_classify(ngx_http_postflow_name_t *nm);
static ngx_uint_t ngx_http_postflow_match_date(
    ngx_http_postflow_token_t *t, ngx_uint_t n, uint32_t *dates);
static void ngx_http_postflow_match_date_add(uint32_t *dates, ngx_uint_t y,
    ngx_uint_t m, ngx_uint_t d);
static ngx_uint_t ngx_http_postflow_match_num(u_char *p, size_t len);
static ngx_uint_t ngx_http_postflow_match_is(ngx_http_postflow_token_t *t,
    const char *word);
static double ngx_http_postflow_match_weight(ngx_http_postflow_token_t *t);
static double ngx_http_postflow_match_sub(ngx_http_postflow_token_t *a,
    ngx_http_postflow_token_t *b);
static double ngx_http_postflow_match_words(u_char *a, size_t na, u_char *b,
    size_t nb);
static ngx_uint_t ngx_http_postflow_match_same_number(
    ngx_http_postflow_token_t *a, ngx_http_postflow_token_t *b);


/* U+00C0 to U+017F without their accents; "" is a separator */

static const char  *ngx_http_postflow_match_latin[] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",   /* U+00C0 */
    "e", "e", "e", "e", "i", "i", "i", "i",   /* U+00C8 */
    "d", "n", "o", "o", "o", "o", "o", "",   /* U+00D0 */
    "o", "u", "u", "u", "u", "y", "th", "ss",   /* U+00D8 */
    "a", "a", "a", "a", "a", "a", "ae", "c",   /* U+00E0 */
    "e", "e", "e", "e", "i", "i", "i", "i",   /* U+00E8 */
    "d", "n", "o", "o", "o", "o", "o", "",   /* U+00F0 */
    "o", "u", "u", "u", "u", "y", "th", "y",   /* U+00F8 */
    "a", "a", "a", "a", "a", "a", "c", "c",   /* U+0100 */
    "c", "c", "c", "c", "c", "c", "d", "d",   /* U+0108 */
    "d", "d", "e", "e", "e", "e", "e", "e",   /* U+0110 */
    "e", "e", "e", "e", "g", "g", "g", "g",   /* U+0118 */
    "g", "g", "g", "g", "h", "h", "h", "h",   /* U+0120 */
    "i", "i", "i", "i", "i", "i", "i", "i",   /* U+0128 */
    "i", "i", "ij", "ij", "j", "j", "k", "k",   /* U+0130 */
    "k", "l", "l", "l", "l", "l", "l", "l",   /* U+0138 */
    "l", "l", "l", "n", "n", "n", "n", "n",   /* U+0140 */
    "n", "n", "n", "n", "o", "o", "o", "o",   /* U+0148 */
    "o", "o", "oe", "oe", "r", "r", "r", "r",   /* U+0150 */
    "r", "r", "s", "s", "s", "s", "s", "s",   /* U+0158 */
    "s", "s", "t", "t", "t", "t", "t", "t",   /* U+0160 */
    "u", "u", "u", "u", "u", "u", "u", "u",   /* U+0168 */
    "u", "u", "u", "u", "w", "w", "y", "y",   /* U+0170 */
    "y", "z", "z", "z", "z", "z", "z", "s",   /* U+0178 */
};


ngx_http_postflow_name_t *
ngx_http_postflow_match_name(ngx_pool_t *pool, ngx_str_t *name)
{
    ngx_http_postflow_name_t  *nm;

    nm = ngx_palloc(pool, sizeof(ngx_http_postflow_name_t));
    if (nm == NULL) {
        return NULL;
    }

    if (ngx_http_postflow_match_prepare(pool, name, nm) != NGX_OK) {
        return NULL;
    }

    return nm;
}


static ngx_int_t
ngx_http_postflow_match_prepare(ngx_pool_t *pool, ngx_str_t *name,
    ngx_http_postflow_name_t *nm)
{
    u_char  *folded, *last, *k, *p;
    size_t   len;

    nm->ntokens = 0;
    nm->noise = 0;

    len = ngx_http_postflow_match_strip_ext(name->data, name->len);

    /*
     * Folding never grows a name: a 2-byte letter becomes at most two
     * ASCII letters, a combining mark nothing.
     */

    folded = ngx_pnalloc(pool, 2 * len + 1);
    if (folded == NULL) {
        return NGX_ERROR;
    }

    last = ngx_http_postflow_match_fold(name->data, len, folded);

    nm->key.data = ngx_pnalloc(pool, last - folded + 1);
    if (nm->key.data == NULL) {
        return NGX_ERROR;
    }

    for (k = nm->key.data, p = folded; p < last; p++) {
        if (*p != ' ') {
            *k++ = *p;
        }
    }

    nm->key.len = k - nm->key.data;

    ngx_http_postflow_match_tokenize(nm, folded, last);
    ngx_http_postflow_match_classify(nm);

    return NGX_OK;
}


/*
 * ".mov", ".mp4", ".mxf": a last dot followed by 2 to 5 letters and
 * digits, starting with a letter, and not a version (".v2").
 */

static size_t
ngx_http_postflow_match_strip_ext(u_char *p, size_t len)
{
    u_char      c;
    size_t      i, dot;
    ngx_uint_t  digits_only_after_v;

    for (dot = len; dot > 0 && p[dot - 1] != '.'; dot--) {
        /* void */
    }

    if (dot < 2 || len - dot < 2 || len - dot > 5) {
        return len;
    }

    c = ngx_tolower(p[dot]);

    if (c < 'a' || c > 'z') {
        return len;
    }

    digits_only_after_v = (c == 'v');

    for (i = dot; i < len; i++) {
        c = ngx_tolower(p[i]);

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return len;
        }

        if (i > dot && (c < '0' || c > '9')) {
            digits_only_after_v = 0;
        }
    }

    return digits_only_after_v ? len : dot - 1;
}


/*
 * Lower case, accents removed (precomposed letters through the table,
 * combining marks dropped), the four separators as one space.  Other
 * characters are kept as they are.
 */

static u_char *
ngx_http_postflow_match_fold(u_char *p, size_t len, u_char *out)
{
    u_char      *last, *start;
    uint32_t     cp;
    const char  *s;

    last = p + len;

    while (p < last) {

        if (*p < 0x80) {
            if (*p == '_' || *p == '-' || *p == '.' || *p == ' ') {
                *out++ = ' ';

            } else {
                *out++ = ngx_tolower(*p);
            }

            p++;
            continue;
        }

        start = p;
        cp = ngx_utf8_decode(&p, last - p);

        if (cp > 0x10ffff) {
            /* not UTF-8: the byte as it is */
            p = start + 1;
            *out++ = *start;
            continue;
        }

        if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff)
            || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff)
            || (cp >= 0xfe20 && cp <= 0xfe2f))
        {
            continue;
        }

        if (cp >= 0xc0 && cp <= 0x17f) {
            s = ngx_http_postflow_match_latin[cp - 0xc0];

            if (*s == '\0') {
                *out++ = ' ';
            }

            while (*s) {
                *out++ = *s++;
            }

            continue;
        }

        out = ngx_cpymem(out, start, p - start);
    }

    return out;
}


/* runs of digits, runs of other characters; ASCII punctuation separates */

static void
ngx_http_postflow_match_tokenize(ngx_http_postflow_name_t *nm, u_char *p,
    u_char *last)
{
    u_char                     *start;
    ngx_uint_t                  digit, bracket;
    ngx_http_postflow_token_t  *t;

    bracket = 0;

    while (p < last && nm->ntokens < NGX_HTTP_POSTFLOW_MATCH_TOKENS) {

        if (*p < 0x80 && !ngx_http_postflow_isalnum(*p)) {
            if (*p == '(' || *p == '[') {
                bracket++;

            } else if ((*p == ')' || *p == ']') && bracket) {
                bracket--;
            }

            p++;
            continue;
        }

        start = p;
        digit = (*p >= '0' && *p <= '9');

        while (p < last
               && (*p >= 0x80 || ngx_http_postflow_isalnum(*p))
               && (*p >= '0' && *p <= '9') == digit)
        {
            p++;
        }

        t = &nm->tokens[nm->ntokens++];
        t->kind = digit ? NGX_HTTP_POSTFLOW_TOKEN_NUMBER
                        : NGX_HTTP_POSTFLOW_TOKEN_WORD;
        t->data = start;
        t->len = p - start;
        t->bracket = bracket;
    }
}


/*
 * Versions ("v2", "V02", "version3"), dates, and copy markers, which
 * are dropped: "(1)", "[2]", "copy", "copie", "kopie", "copy 2".
 */

static void
ngx_http_postflow_match_classify(ngx_http_postflow_name_t *nm)
{
    ngx_uint_t                  i, j, n;
    uint32_t                    dates[3];
    ngx_http_postflow_token_t  *t, *out;

    t = nm->tokens;
    out = nm->tokens;
    n = nm->ntokens;

    for (i = 0; i < n; /* void */ ) {

        if (t[i].kind == NGX_HTTP_POSTFLOW_TOKEN_NUMBER && t[i].bracket) {
            nm->noise++;
            i++;
            continue;
        }

        if (ngx_http_postflow_match_is(&t[i], "copy")
            || ngx_http_postflow_match_is(&t[i], "copie")
            || ngx_http_postflow_match_is(&t[i], "kopie"))
        {
            nm->noise++;
            i++;

            if (i < n && t[i].kind == NGX_HTTP_POSTFLOW_TOKEN_NUMBER) {
                i++;
            }

            continue;
        }

        if (i + 1 < n && t[i + 1].kind == NGX_HTTP_POSTFLOW_TOKEN_NUMBER
            && t[i].data + t[i].len == t[i + 1].data
            && (ngx_http_postflow_match_is(&t[i], "v")
                || ngx_http_postflow_match_is(&t[i], "ver")
                || ngx_http_postflow_match_is(&t[i], "vers")
                || ngx_http_postflow_match_is(&t[i], "version")))
        {
            *out = t[i + 1];
            out->kind = NGX_HTTP_POSTFLOW_TOKEN_VERSION;
            out++;
            i += 2;
            continue;
        }

        if (t[i].kind == NGX_HTTP_POSTFLOW_TOKEN_NUMBER) {
            j = ngx_http_postflow_match_date(&t[i], n - i, dates);

            if (j) {
                *out = t[i];
                out->kind = NGX_HTTP_POSTFLOW_TOKEN_DATE;
                ngx_memcpy(out->dates, dates, sizeof(dates));
                out++;
                i += j;
                continue;
            }
        }

        *out++ = t[i++];
    }

    nm->ntokens = out - nm->tokens;
    nm->weight = 0;

    for (i = 0; i < nm->ntokens; i++) {
        nm->weight += ngx_http_postflow_match_weight(&nm->tokens[i]);
    }
}


/*
 * The tokens a date takes at t (0: none), and its readings:
 * YYYY MM DD, DD MM YYYY or MM DD YYYY, YYYYMMDD or DDMMYYYY.
 */

static ngx_uint_t
ngx_http_postflow_match_date(ngx_http_postflow_token_t *t, ngx_uint_t n,
    uint32_t *dates)
{
    u_char      *p;
    ngx_uint_t   a, b, c;

    ngx_memzero(dates, 3 * sizeof(uint32_t));

    if (n >= 3 && t[1].kind == NGX_HTTP_POSTFLOW_TOKEN_NUMBER
        && t[2].kind == NGX_HTTP_POSTFLOW_TOKEN_NUMBER
        && t[1].len == 2 && !t[1].bracket && !t[2].bracket)
    {
        a = ngx_http_postflow_match_num(t[0].data, t[0].len);
        b = ngx_http_postflow_match_num(t[1].data, t[1].len);
        c = ngx_http_postflow_match_num(t[2].data, t[2].len);

        if (t[0].len == 4 && t[2].len == 2) {
            ngx_http_postflow_match_date_add(dates, a, b, c);

        } else if (t[0].len == 2 && t[2].len == 4) {
            ngx_http_postflow_match_date_add(dates, c, b, a);
            ngx_http_postflow_match_date_add(dates, c, a, b);
        }

        if (dates[0]) {
            return 3;
        }
    }

    if (t[0].len == 8) {
        p = t[0].data;

        ngx_http_postflow_match_date_add(dates,
                                         ngx_http_postflow_match_num(p, 4),
                                         ngx_http_postflow_match_num(p + 4, 2),
                                         ngx_http_postflow_match_num(p + 6, 2));
        ngx_http_postflow_match_date_add(dates,
                                         ngx_http_postflow_match_num(p + 4, 4),
                                         ngx_http_postflow_match_num(p + 2, 2),
                                         ngx_http_postflow_match_num(p, 2));

        if (dates[0]) {
            return 1;
        }
    }

    return 0;
}


static void
ngx_http_postflow_match_date_add(uint32_t *dates, ngx_uint_t y,
    ngx_uint_t m, ngx_uint_t d)
{
    ngx_uint_t  i;

    if (y < 1970 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31) {
        return;
    }

    for (i = 0; i < 3; i++) {
        if (dates[i] == 0) {
            dates[i] = (uint32_t) (y * 10000 + m * 100 + d);
            return;
        }
    }
}


static ngx_uint_t
ngx_http_postflow_match_num(u_char *p, size_t len)
{
    ngx_uint_t  n;

    for (n = 0; len--; p++) {
        n = n * 10 + (*p - '0');
    }

    return n;
}


static ngx_uint_t
ngx_http_postflow_match_is(ngx_http_postflow_token_t *t, const char *word)
{
    size_t  len;

    len = ngx_strlen(word);

    return t->kind == NGX_HTTP_POSTFLOW_TOKEN_WORD && t->len == len
           && ngx_memcmp(t->data, word, len) == 0;
}


static double
ngx_http_postflow_match_weight(ngx_http_postflow_token_t *t)
{
    return (t->kind == NGX_HTTP_POSTFLOW_TOKEN_VERSION)
           ? NGX_HTTP_POSTFLOW_MATCH_VERSION : 1.0;
}


/* 1 for the same name, 0 for nothing alike, never above 1 */

double
ngx_http_postflow_match_similarity(ngx_pool_t *pool,
    ngx_http_postflow_name_t *a, ngx_http_postflow_name_t *b)
{
    double       *prev, *cur, *tmp, cost, best, w;
    ngx_uint_t    i, j;

    if (a->key.len == b->key.len
        && ngx_memcmp(a->key.data, b->key.data, a->key.len) == 0)
    {
        return 1.0;
    }

    w = ngx_max(a->weight, b->weight);

    if (w == 0) {
        return 0.0;
    }

    prev = ngx_palloc(pool, 2 * (b->ntokens + 1) * sizeof(double));
    if (prev == NULL) {
        return 0.0;
    }

    cur = prev + b->ntokens + 1;

    /* edit distance over tokens: insertions and deletions weigh a token */

    prev[0] = 0;

    for (j = 1; j <= b->ntokens; j++) {
        prev[j] = prev[j - 1]
                  + ngx_http_postflow_match_sub(NULL, &b->tokens[j - 1]);
    }

    for (i = 1; i <= a->ntokens; i++) {
        cur[0] = prev[0] + ngx_http_postflow_match_sub(&a->tokens[i - 1],
                                                       NULL);

        for (j = 1; j <= b->ntokens; j++) {
            best = prev[j - 1]
                   + ngx_http_postflow_match_sub(&a->tokens[i - 1],
                                                 &b->tokens[j - 1]);

            cost = prev[j] + ngx_http_postflow_match_sub(&a->tokens[i - 1],
                                                         NULL);
            best = ngx_min(best, cost);

            cost = cur[j - 1]
                   + ngx_http_postflow_match_sub(NULL, &b->tokens[j - 1]);
            best = ngx_min(best, cost);

            cur[j] = best;
        }

        tmp = prev;
        prev = cur;
        cur = tmp;
    }

    cost = prev[b->ntokens]
           + NGX_HTTP_POSTFLOW_MATCH_NOISE * (a->noise + b->noise);

    return (cost >= w) ? 0.0 : 1.0 - cost / w;
}


/* the cost of a substitution, or of an insertion when a or b is NULL */

static double
ngx_http_postflow_match_sub(ngx_http_postflow_token_t *a,
    ngx_http_postflow_token_t *b)
{
    ngx_uint_t                  i, j;
    ngx_http_postflow_token_t  *t;

    if (a == NULL || b == NULL) {
        t = a ? a : b;

        switch (t->kind) {

        case NGX_HTTP_POSTFLOW_TOKEN_NUMBER:
        case NGX_HTTP_POSTFLOW_TOKEN_DATE:
            return NGX_HTTP_POSTFLOW_MATCH_VETO;

        default:
            return ngx_http_postflow_match_weight(t);
        }
    }

    if (a->kind != b->kind) {
        return NGX_HTTP_POSTFLOW_MATCH_VETO;
    }

    switch (a->kind) {

    case NGX_HTTP_POSTFLOW_TOKEN_WORD:
        return ngx_http_postflow_match_words(a->data, a->len, b->data,
                                             b->len);

    case NGX_HTTP_POSTFLOW_TOKEN_NUMBER:
        return ngx_http_postflow_match_same_number(a, b)
               ? 0.0 : NGX_HTTP_POSTFLOW_MATCH_VETO;

    case NGX_HTTP_POSTFLOW_TOKEN_VERSION:
        return ngx_http_postflow_match_same_number(a, b)
               ? 0.0 : NGX_HTTP_POSTFLOW_MATCH_VERSION;

    default: /* NGX_HTTP_POSTFLOW_TOKEN_DATE */

        for (i = 0; i < 3 && a->dates[i]; i++) {
            for (j = 0; j < 3 && b->dates[j]; j++) {
                if (a->dates[i] == b->dates[j]) {
                    return 0.0;
                }
            }
        }

        return NGX_HTTP_POSTFLOW_MATCH_VETO;
    }
}


/* "010" and "10" are the same number */

static ngx_uint_t
ngx_http_postflow_match_same_number(ngx_http_postflow_token_t *a,
    ngx_http_postflow_token_t *b)
{
    u_char  *pa, *pb, *la, *lb;

    pa = a->data;
    la = pa + a->len;
    pb = b->data;
    lb = pb + b->len;

    while (pa < la - 1 && *pa == '0') {
        pa++;
    }

    while (pb < lb - 1 && *pb == '0') {
        pb++;
    }

    return la - pa == lb - pb && ngx_memcmp(pa, pb, la - pa) == 0;
}


/* Levenshtein distance over bytes, relative to the longer word */

static double
ngx_http_postflow_match_words(u_char *a, size_t na, u_char *b, size_t nb)
{
    size_t      i, j, m;
    ngx_uint_t  row[2][NGX_HTTP_POSTFLOW_MATCH_WORD + 1], *prev, *cur, *tmp;

    if (na == nb && ngx_memcmp(a, b, na) == 0) {
        return 0.0;
    }

    if (na > NGX_HTTP_POSTFLOW_MATCH_WORD || nb > NGX_HTTP_POSTFLOW_MATCH_WORD)
    {
        return 1.0;
    }

    prev = row[0];
    cur = row[1];

    for (j = 0; j <= nb; j++) {
        prev[j] = j;
    }

    for (i = 1; i <= na; i++) {
        cur[0] = i;

        for (j = 1; j <= nb; j++) {
            m = prev[j - 1] + (a[i - 1] != b[j - 1]);
            m = ngx_min(m, prev[j] + 1);
            m = ngx_min(m, cur[j - 1] + 1);
            cur[j] = m;
        }

        tmp = prev;
        prev = cur;
        cur = tmp;
    }

    return (double) prev[nb] / ngx_max(na, nb);
}


/*
 * The registered name a Frame.io file name routes to: *index and
 * NGX_HTTP_POSTFLOW_MATCH_EXACT or _SIMILAR, or _AMBIGUOUS (two names
 * as close), or _NONE.  "threshold" is per mille.
 */

ngx_int_t
ngx_http_postflow_match_best(ngx_pool_t *pool, ngx_str_t *name,
    ngx_str_t *names, ngx_uint_t n, ngx_int_t threshold, ngx_uint_t *index,
    double *score)
{
    double                     s, best, second;
    ngx_uint_t                 i, exact, similar;
    ngx_http_postflow_name_t  *nm, *cand;

    *score = 0;

    nm = ngx_http_postflow_match_name(pool, name);
    if (nm == NULL) {
        return NGX_ERROR;
    }

    cand = ngx_palloc(pool, sizeof(ngx_http_postflow_name_t));
    if (cand == NULL) {
        return NGX_ERROR;
    }

    exact = 0;
    similar = 0;
    best = -1;
    second = -1;

    for (i = 0; i < n; i++) {
        if (ngx_http_postflow_match_prepare(pool, &names[i], cand) != NGX_OK) {
            return NGX_ERROR;
        }

        if (cand->key.len == nm->key.len
            && ngx_memcmp(cand->key.data, nm->key.data, nm->key.len) == 0)
        {
            if (exact++ == 0) {
                *index = i;
            }

            continue;
        }

        if (exact) {
            continue;
        }

        s = ngx_http_postflow_match_similarity(pool, nm, cand);

        if (s > best) {
            second = best;
            best = s;
            similar = i;

        } else if (s > second) {
            second = s;
        }
    }

    if (exact) {
        *score = 1.0;
        return (exact == 1) ? NGX_HTTP_POSTFLOW_MATCH_EXACT
                            : NGX_HTTP_POSTFLOW_MATCH_AMBIGUOUS;
    }

    *score = ngx_max(best, 0);

    if (n == 0 || best * 1000 < threshold) {
        return NGX_HTTP_POSTFLOW_MATCH_NONE;
    }

    if (second >= best - NGX_HTTP_POSTFLOW_MATCH_EPSILON) {
        return NGX_HTTP_POSTFLOW_MATCH_AMBIGUOUS;
    }

    *index = similar;

    return NGX_HTTP_POSTFLOW_MATCH_SIMILAR;
}
