
/*
 * ngx_postflow: measures the review analyser on the labelled corpus.
 *
 *   postflow_eval [-v] [--corpus DIR] [--cases FILE] [--text TEXT...]
 *   postflow_eval --corpus DIR --seeds OUTDIR [CASES...]
 *
 * Reads DIR/review-comments-dev.jsonl and DIR/review-threads-dev.jsonl,
 * prints the accuracy on comments (overall, per label, per language)
 * and on threads (overall, per expected status), and with -v every
 * confusion with the matches that explain it.  --cases checks focused
 * cases, one a line:
 *
 *   approve|changes|neutral|fix <TAB> comment text
 *   APPROVED|NEEDS_CHANGES|PENDING|... <TAB> comment <TAB> comment ...
 *
 * ("fix" is a neutral comment that delivers a fix; "\n", "\t", "\\"
 * and "\xHH" escapes give exact bytes).  Built-in checks cover the
 * directives' validation and the thread rules for signals.  Exits 1
 * below 0.90 on comments or threads, or when a case or check fails.
 * --seeds writes every comment of the corpus and of the case files
 * into OUTDIR, one file each, as the fuzzer's seed corpus.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <yajl/yajl_tree.h>

#include "ngx_http_postflow_review.h"
#include "ngx_shim.h"


#define EVAL_MIN_ACCURACY  0.90
#define EVAL_LINE_MAX      65536
#define EVAL_THREAD_MAX    64


typedef struct {
    ngx_uint_t   total;
    ngx_uint_t   ok;
} eval_count_t;


static const char  *verdict_names[] = { "neutral", "approve", "changes" };

static const char  *status_names[] = {
    "PENDING", "APPROVED", "NEEDS_CHANGES", "LEANING_APPROVED",
    "LEANING_REJECTED"
};

static ngx_uint_t   verbose;
static ngx_uint_t   failures;


static ngx_int_t
name_index(const char **names, ngx_uint_t n, const char *name)
{
    ngx_uint_t  i;

    for (i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return i;
        }
    }

    return -1;
}


static void
print_matches(u_char *text, ngx_http_postflow_analysis_t *an)
{
    ngx_uint_t  i;

    for (i = 0; i < an->nmatches; i++) {
        printf("        %s: \"%.*s\"\n", an->matches[i].rule,
               (int) an->matches[i].len, text + an->matches[i].offset);
    }
}


static void
analyse(ngx_http_postflow_review_t *review, const char *text,
    ngx_http_postflow_analysis_t *an, ngx_http_postflow_entry_t *e)
{
    ngx_http_postflow_review_comment(review, (u_char *) text, strlen(text),
                                     an);

    if (e) {
        ngx_memzero(e, sizeof(ngx_http_postflow_entry_t));
        e->verdict = (uint8_t) an->verdict;
        e->flags = (uint8_t) an->flags;
        e->positives = (uint16_t) an->positives;
        e->negatives = (uint16_t) an->negatives;
    }
}


static char *
read_file(const char *path, size_t *size)
{
    FILE    *f;
    char    *buf;
    long     n;

    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }

    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);

    buf = malloc(n + 1);
    if (buf == NULL || fread(buf, 1, n, f) != (size_t) n) {
        fclose(f);
        free(buf);
        return NULL;
    }

    buf[n] = '\0';
    *size = n;
    fclose(f);

    return buf;
}


static const char *
json_string(yajl_val v, const char *key)
{
    const char  *path[] = { key, NULL };

    v = yajl_tree_get(v, path, yajl_t_string);

    return v ? YAJL_GET_STRING(v) : NULL;
}


static void
print_rate(const char *name, eval_count_t *c)
{
    if (c->total == 0) {
        return;
    }

    printf("  %-17s %3u/%-3u = %.3f\n", name, (unsigned) c->ok,
           (unsigned) c->total, (double) c->ok / c->total);
}


static double
eval_comments(ngx_http_postflow_review_t *review, const char *path)
{
    char                          *buf, *line, *next, err[256];
    size_t                         size;
    yajl_val                       v;
    ngx_int_t                      label, lang, conf[3][3];
    ngx_uint_t                     i, j;
    const char                    *text, *l;
    eval_count_t                   all, per_label[3], per_lang[3];
    ngx_http_postflow_analysis_t   an;
    static const char             *langs[] = { "fr", "en", "mixed" };

    buf = read_file(path, &size);
    if (buf == NULL) {
        return 0;
    }

    ngx_memzero(&all, sizeof(all));
    ngx_memzero(per_label, sizeof(per_label));
    ngx_memzero(per_lang, sizeof(per_lang));
    ngx_memzero(conf, sizeof(conf));

    for (line = buf; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }

        v = yajl_tree_parse(line, err, sizeof(err));
        if (v == NULL) {
            continue;
        }

        text = json_string(v, "text");
        l = json_string(v, "label");
        label = l ? name_index(verdict_names, 3, l) : -1;
        l = json_string(v, "lang");
        lang = l ? name_index(langs, 3, l) : -1;

        if (text == NULL || label < 0 || lang < 0) {
            yajl_tree_free(v);
            continue;
        }

        analyse(review, text, &an, NULL);

        all.total++;
        per_label[label].total++;
        per_lang[lang].total++;
        conf[label][an.verdict]++;

        if ((ngx_int_t) an.verdict == label) {
            all.ok++;
            per_label[label].ok++;
            per_lang[lang].ok++;

        } else if (verbose) {
            printf("    expected %s, got %s: %s\n", verdict_names[label],
                   verdict_names[an.verdict], text);
            print_matches((u_char *) text, &an);
        }

        yajl_tree_free(v);
    }

    free(buf);

    printf("comments: %u/%u = %.3f\n", (unsigned) all.ok,
           (unsigned) all.total,
           all.total ? (double) all.ok / all.total : 0.0);

    for (i = 0; i < 3; i++) {
        print_rate(verdict_names[i], &per_label[i]);
    }

    for (i = 0; i < 3; i++) {
        print_rate(langs[i], &per_lang[i]);
    }

    printf("  confusion (rows expected, columns got: neutral approve "
           "changes)\n");

    for (i = 0; i < 3; i++) {
        printf("  %-8s", verdict_names[i]);
        for (j = 0; j < 3; j++) {
            printf(" %4d", (int) conf[i][j]);
        }
        printf("\n");
    }

    return all.total ? (double) all.ok / all.total : 0.0;
}


static const char *
fix_mark(ngx_http_postflow_analysis_t *an)
{
    return (an->flags & NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED) ? "+fix" : "";
}


static ngx_http_postflow_review_e
thread_status(ngx_http_postflow_review_t *review, const char **texts,
    const u_char *editor, ngx_uint_t n, ngx_uint_t show)
{
    double                         score;
    ngx_uint_t                     i;
    ngx_http_postflow_entry_t      entries[EVAL_THREAD_MAX];
    ngx_http_postflow_analysis_t   an;

    for (i = 0; i < n && i < EVAL_THREAD_MAX; i++) {
        analyse(review, texts[i], &an, &entries[i]);

        if (editor && editor[i]) {
            entries[i].flags |= NGX_HTTP_POSTFLOW_ENTRY_EDITOR;
        }

        if (show) {
            printf("      %s%s%s: %s\n", verdict_names[an.verdict],
                   fix_mark(&an), (editor && editor[i]) ? " (editor)" : "",
                   texts[i]);
            print_matches((u_char *) texts[i], &an);
        }
    }

    return ngx_http_postflow_review_thread(review, entries, i,
                                           NGX_HTTP_POSTFLOW_LABEL_NONE,
                                           &score);
}


static double
eval_threads(ngx_http_postflow_review_t *review, const char *path)
{
    char                        *buf, *line, *next, err[256];
    size_t                       size;
    yajl_val                     v, list;
    ngx_int_t                    expected;
    ngx_uint_t                   i, n;
    u_char                       editor[EVAL_THREAD_MAX];
    yajl_val                     c;
    const char                  *texts[EVAL_THREAD_MAX], *e;
    const char                  *comments_path[] = { "comments", NULL };
    eval_count_t                 all, per[NGX_HTTP_POSTFLOW_NREVIEW];
    ngx_http_postflow_review_e   got;

    buf = read_file(path, &size);
    if (buf == NULL) {
        return 0;
    }

    ngx_memzero(&all, sizeof(all));
    ngx_memzero(per, sizeof(per));

    for (line = buf; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }

        v = yajl_tree_parse(line, err, sizeof(err));
        if (v == NULL) {
            continue;
        }

        list = yajl_tree_get(v, comments_path, yajl_t_array);
        e = json_string(v, "expected");
        expected = e ? name_index(status_names, NGX_HTTP_POSTFLOW_NREVIEW, e)
                     : -1;

        if (list == NULL || expected < 0) {
            yajl_tree_free(v);
            continue;
        }

        n = 0;

        /* a comment is a string, or {"text", "role": editor|reviewer} */
        for (i = 0; i < YAJL_GET_ARRAY(list)->len && n < EVAL_THREAD_MAX; i++)
        {
            c = YAJL_GET_ARRAY(list)->values[i];

            if (YAJL_IS_STRING(c)) {
                editor[n] = 0;
                texts[n++] = YAJL_GET_STRING(c);

            } else if (YAJL_IS_OBJECT(c) && json_string(c, "text")) {
                e = json_string(c, "role");
                editor[n] = (e && strcmp(e, "editor") == 0);
                texts[n++] = json_string(c, "text");
            }
        }

        got = thread_status(review, texts, editor, n, 0);

        all.total++;
        per[expected].total++;

        if ((ngx_int_t) got == expected) {
            all.ok++;
            per[expected].ok++;

        } else if (verbose) {
            printf("    thread expected %s, got %s:\n",
                   status_names[expected], status_names[got]);
            (void) thread_status(review, texts, editor, n, 1);
        }

        yajl_tree_free(v);
    }

    free(buf);

    printf("threads: %u/%u = %.3f\n", (unsigned) all.ok,
           (unsigned) all.total,
           all.total ? (double) all.ok / all.total : 0.0);

    for (i = 0; i < NGX_HTTP_POSTFLOW_NREVIEW; i++) {
        print_rate(status_names[i], &per[i]);
    }

    return all.total ? (double) all.ok / all.total : 0.0;
}


/* "\n", "\t", "\\" and "\xHH" in place */
static void
unescape(char *s)
{
    char          *d;
    unsigned int   x;

    for (d = s; *s; s++) {
        if (*s != '\\' || s[1] == '\0') {
            *d++ = *s;
            continue;
        }

        s++;

        switch (*s) {
        case 'n':
            *d++ = '\n';
            break;
        case 't':
            *d++ = '\t';
            break;
        case 'x':
            if (sscanf(s + 1, "%2x", &x) == 1) {
                *d++ = (char) x;
                s += 2;
            }
            break;
        default:
            *d++ = *s;
            break;
        }
    }

    *d = '\0';
}


static ngx_uint_t
check_case(ngx_http_postflow_review_t *review, char *line)
{
    char                          *fields[EVAL_THREAD_MAX + 1], *p;
    ngx_int_t                      want;
    ngx_uint_t                     n, fix, got;
    ngx_http_postflow_analysis_t   an;

    n = 0;

    for (p = strtok(line, "\t"); p && n <= EVAL_THREAD_MAX;
         p = strtok(NULL, "\t"))
    {
        fields[n++] = p;
    }

    if (n < 2) {
        return 1;
    }

    for (p = fields[0]; *p; p++) {
        if (*p != '_' && (*p < 'A' || *p > 'Z')) {
            break;
        }
    }

    if (*p == '\0') {
        want = name_index(status_names, NGX_HTTP_POSTFLOW_NREVIEW, fields[0]);
        if (want < 0) {
            printf("  bad case label: %s\n", fields[0]);
            return 0;
        }

        for (p = NULL, got = 1; got < n; got++) {
            unescape(fields[got]);
        }

        got = thread_status(review, (const char **) &fields[1], NULL, n - 1, 0);

        if ((ngx_int_t) got != want) {
            printf("  FAIL thread: expected %s, got %s\n", fields[0],
                   status_names[got]);
            (void) thread_status(review, (const char **) &fields[1], NULL,
                                 n - 1, 1);
            return 0;
        }

        return 1;
    }

    fix = strcmp(fields[0], "fix") == 0;
    want = fix ? NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL
               : name_index(verdict_names, 3, fields[0]);

    if (want < 0) {
        printf("  bad case label: %s\n", fields[0]);
        return 0;
    }

    unescape(fields[1]);
    analyse(review, fields[1], &an, NULL);

    if ((ngx_int_t) an.verdict != want
        || (fix != 0) != ((an.flags & NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED)
                          != 0))
    {
        printf("  FAIL: expected %s, got %s%s: %s\n", fields[0],
               verdict_names[an.verdict], fix_mark(&an), fields[1]);
        print_matches((u_char *) fields[1], &an);
        return 0;
    }

    return 1;
}


static ngx_uint_t
eval_cases(ngx_http_postflow_review_t *review, const char *path)
{
    char        *buf, *line, *next;
    size_t       size;
    ngx_uint_t   total, ok;

    buf = read_file(path, &size);
    if (buf == NULL) {
        return 1;
    }

    total = 0;
    ok = 0;

    for (line = buf; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }

        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }

        total++;
        ok += check_case(review, line);
    }

    free(buf);

    printf("cases: %u/%u passed\n", (unsigned) ok, (unsigned) total);

    return total - ok;
}


#define CHECK(cond, what)                                                    \
    do {                                                                     \
        checks++;                                                            \
        if (!(cond)) {                                                       \
            printf("  FAIL check: %s\n", what);                              \
            failed++;                                                        \
        }                                                                    \
    } while (0)


static ngx_http_postflow_review_e
signals(ngx_http_postflow_review_t *review, const char *spec,
    ngx_uint_t label)
{
    /* a: approve, c: changes, C: completed changes, n: neutral,
     * f: fix delivered, d: deleted approval, A: approval signal,
     * V: new version signal, N: neutral signal (label reset) */
    double                      score;
    ngx_uint_t                  n;
    ngx_http_postflow_entry_t   e[32];

    for (n = 0; spec[n] && n < 32; n++) {
        ngx_memzero(&e[n], sizeof(e[n]));

        switch (spec[n]) {
        case 'a':
            e[n].verdict = NGX_HTTP_POSTFLOW_VERDICT_APPROVE;
            e[n].positives = 1;
            break;
        case 'c':
            e[n].verdict = NGX_HTTP_POSTFLOW_VERDICT_CHANGES;
            e[n].negatives = 1;
            break;
        case 'C':
            e[n].verdict = NGX_HTTP_POSTFLOW_VERDICT_CHANGES;
            e[n].flags = NGX_HTTP_POSTFLOW_ENTRY_COMPLETED;
            break;
        case 'f':
            e[n].flags = NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED;
            break;
        case 'd':
            e[n].verdict = NGX_HTTP_POSTFLOW_VERDICT_APPROVE;
            e[n].flags = NGX_HTTP_POSTFLOW_ENTRY_DELETED;
            e[n].positives = 5;
            break;
        case 'A':
            e[n].verdict = NGX_HTTP_POSTFLOW_VERDICT_APPROVE;
            e[n].flags = NGX_HTTP_POSTFLOW_ENTRY_SIGNAL;
            break;
        case 'V':
            e[n].flags = NGX_HTTP_POSTFLOW_ENTRY_SIGNAL
                         |NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED;
            break;
        case 'N':
            e[n].flags = NGX_HTTP_POSTFLOW_ENTRY_SIGNAL;
            break;
        case 'p':
            e[n].positives = 1;
            break;
        case 'm':
            e[n].negatives = 2;
            break;
        }
    }

    return ngx_http_postflow_review_thread(review, e, n, label, &score);
}


/* a text of "unit" repeated to "size" bytes: fast, and the verdict */
static ngx_uint_t
long_input(ngx_http_postflow_review_t *review, const char *unit, size_t size,
    ngx_uint_t verdict)
{
    u_char                        *text;
    size_t                         i, n;
    clock_t                        start;
    double                         seconds;
    ngx_http_postflow_analysis_t   an;

    text = malloc(size);
    n = strlen(unit);

    for (i = 0; i < size; i++) {
        text[i] = unit[i % n];
    }

    start = clock();
    ngx_http_postflow_review_comment(review, text, size, &an);
    seconds = (double) (clock() - start) / CLOCKS_PER_SEC;

    free(text);

    /* generous enough for valgrind; a runaway match takes far longer */
    if (seconds > 0.5 || an.verdict != verdict) {
        printf("  %s x %zu: %s in %.3f s\n", unit, size / n,
               verdict_names[an.verdict], seconds);
        return 0;
    }

    return 1;
}


static ngx_uint_t
beyond_max(ngx_http_postflow_review_t *review)
{
    u_char                         text[NGX_HTTP_POSTFLOW_TEXT_MAX + 16];
    ngx_http_postflow_analysis_t   an;

    memset(text, ' ', sizeof(text));
    memcpy(text + NGX_HTTP_POSTFLOW_TEXT_MAX, "rejected", 8);

    ngx_http_postflow_review_comment(review, text, sizeof(text), &an);

    return an.verdict == NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL;
}


static ngx_uint_t
self_checks(ngx_http_postflow_review_t *review)
{
    double                         score;
    ngx_str_t                      w, err;
    ngx_uint_t                     checks, failed;
    ngx_pool_t                    *pool;
    ngx_log_t                      log;
    ngx_http_postflow_review_t    *rv;
    ngx_http_postflow_analysis_t   an;
    ngx_http_postflow_entry_t      e[2];

    checks = 0;
    failed = 0;

    ngx_memzero(&log, sizeof(ngx_log_t));
    log.log_level = NGX_LOG_WARN;

    pool = ngx_shim_create_pool(&log);
    rv = ngx_http_postflow_review_create(pool, &log);

#define KW(approve, s, ok)                                                   \
    w.data = (u_char *) s; w.len = sizeof(s) - 1;                            \
    CHECK((ngx_http_postflow_review_add_keyword(rv, approve, &w, &err)       \
           == NGX_OK) == ok, "keyword " s)

    KW(1, "banger", 1);
    KW(1, "nickel chrome", 1);
    KW(1, "\xc3\xa0 la perfection", 1);
    KW(0, "NAZE", 1);
    KW(0, "d\xc3\xa9gueu", 1);
    KW(0, "de\xcc\x81gueulasse", 1);
    KW(0, "", 0);
    KW(0, "a.*b", 0);
    KW(0, "bad word!", 0);
    KW(0, "two  spaces", 0);
    KW(0, " lead", 0);
    KW(0, "trail-", 0);
    KW(0, "\xc3\x28", 0);
    KW(0, "\xff\xfe", 0);
    KW(0, "(?i)x", 0);
    KW(0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
       0);
    KW(1, "\xf0\x9f\x91\x8d", 0);

    CHECK(ngx_http_postflow_review_set_thresholds(rv, 0.5, -0.5, &err)
          == NGX_OK, "thresholds 0.5 -0.5");
    CHECK(ngx_http_postflow_review_set_thresholds(rv, 0.5, 0.5, &err)
          == NGX_ERROR, "thresholds 0.5 0.5");
    CHECK(ngx_http_postflow_review_set_thresholds(rv, 1.5, 0, &err)
          == NGX_ERROR, "thresholds 1.5 0");
    CHECK(ngx_http_postflow_review_set_thresholds(rv, 0, -1.01, &err)
          == NGX_ERROR, "thresholds 0 -1.01");
    CHECK(ngx_http_postflow_review_set_thresholds(rv, 0.0 / 0.0, 0, &err)
          == NGX_ERROR, "thresholds NaN");
    CHECK(ngx_http_postflow_review_set_thresholds(rv, 1, -1, &err)
          == NGX_OK, "thresholds 1 -1");

    ngx_http_postflow_review_clear_keywords(rv, 0);

    CHECK(ngx_http_postflow_review_compile(rv, &err) == NGX_OK,
          "compile with keywords");

#define VERDICT(r, s, v)                                                     \
    ngx_http_postflow_review_comment(r, (u_char *) s, sizeof(s) - 1, &an);   \
    CHECK(an.verdict == NGX_HTTP_POSTFLOW_VERDICT_ ## v, "verdict: " s)

    VERDICT(rv, "Total banger.", APPROVE);
    VERDICT(rv, "Nickel Chrome !", APPROVE);
    VERDICT(rv, "\xc3\x80 LA PERFECTION", APPROVE);
    VERDICT(rv, "C'est naze.", CHANGES);
    VERDICT(rv, "Pas naze du tout.", APPROVE);
    VERDICT(rv, "un peu de\xcc\x81gueu ce plan", CHANGES);
    VERDICT(rv, "degueulasse", CHANGES);
    VERDICT(rv, "Is it a banger?", NEUTRAL);

    /* the reject list was cleared: "wrong" no longer counts */
    ngx_http_postflow_review_comment(rv, (u_char *) "wrong, not great", 16,
                                     &an);
    CHECK(an.negatives == 0 && an.positives == 1, "cleared seed list");

    ngx_http_postflow_review_comment(rv, (u_char *) "banger naze", 11, &an);
    CHECK(an.positives == 1 && an.negatives == 1, "user keyword counts");

    ngx_shim_destroy_pool(pool);

    /* matches point into the original bytes, combining marks included */
    ngx_http_postflow_review_comment(review,
        (u_char *) "Ok, valide\xcc\x81 !", 17, &an);
    CHECK(an.verdict == NGX_HTTP_POSTFLOW_VERDICT_APPROVE && an.nmatches == 1
          && an.matches[0].offset == 4 && an.matches[0].len == 8,
          "match offsets in NFD text");

    /* nothing, and nothing at all */
    ngx_http_postflow_review_comment(review, (u_char *) "", 0, &an);
    CHECK(an.verdict == NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL && an.nmatches == 0,
          "empty comment");
    ngx_http_postflow_review_comment(review, NULL, 0, &an);
    CHECK(an.verdict == NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL, "NULL comment");

    /* long and pathological inputs: bounded work, sane answers */
    CHECK(long_input(review, "pas ", 100000, NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "100 KB of negators");
    CHECK(long_input(review, "approved ", 100000,
                     NGX_HTTP_POSTFLOW_VERDICT_APPROVE),
          "100 KB of approvals");
    CHECK(long_input(review, "\xc3\xa9", 100000,
                     NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "100 KB of one accented letter");
    CHECK(long_input(review, "\xff", 100000, NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "100 KB of invalid bytes");
    CHECK(long_input(review, "e\xcc\x81", 100000,
                     NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "100 KB of combining marks");
    CHECK(long_input(review, "a", 100000, NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "one 100 KB word");
    CHECK(long_input(review, "client veut ", 100000,
                     NGX_HTTP_POSTFLOW_VERDICT_CHANGES),
          "100 KB of backtracking bait");
    CHECK(long_input(review, "v2 v2 is ", 100000,
                     NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "100 KB of version bait");
    CHECK(long_input(review, "0:", 100000, NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL),
          "100 KB of timecode bait");
    CHECK(long_input(review, "cut ", 100000,
                     NGX_HTTP_POSTFLOW_VERDICT_CHANGES),
          "100 KB of lookahead bait");

    /* only the first NGX_HTTP_POSTFLOW_TEXT_MAX bytes count */
    CHECK(beyond_max(review), "text beyond the limit is ignored");

    /* seed counts and the score */
    ngx_http_postflow_review_comment(review,
        (u_char *) "Approved, great, no issue", 25, &an);
    CHECK(an.positives == 2 && an.negatives == 1, "seed counts");

    ngx_memzero(e, sizeof(e));
    e[0].positives = 3;
    e[0].negatives = 1;
    e[1].flags = NGX_HTTP_POSTFLOW_ENTRY_DELETED;
    e[1].negatives = 7;
    ngx_http_postflow_review_thread(review, e, 2, 0, &score);
    CHECK(score == 0.5, "seed score skips deleted comments");
    ngx_http_postflow_review_thread(review, e, 0, 0, &score);
    CHECK(score == 0.0, "seed score of nothing");

    /* thread rules on signals and flags */
    CHECK(signals(review, "", 0) == NGX_HTTP_POSTFLOW_PENDING, "empty");
    CHECK(signals(review, "ac", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "latest decision stands");
    CHECK(signals(review, "ca", 0) == NGX_HTTP_POSTFLOW_APPROVED,
          "approval after changes");
    CHECK(signals(review, "cf", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "fix delivered");
    CHECK(signals(review, "cfc", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "more changes after a fix");
    CHECK(signals(review, "cn", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "neutral changes nothing");
    CHECK(signals(review, "cd", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "deleted approval skipped");
    CHECK(signals(review, "C", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "completed request resolved");
    CHECK(signals(review, "cC", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "one request still open");
    CHECK(signals(review, "aC", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "completed request after approval: re-review");
    CHECK(signals(review, "cA", 0) == NGX_HTTP_POSTFLOW_APPROVED,
          "approval signal");
    CHECK(signals(review, "Ac", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "changes after the approval signal");
    CHECK(signals(review, "cV", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "new version signal");
    CHECK(signals(review, "AN", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "label reset withdraws approval");
    CHECK(signals(review, "cN", 0) == NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
          "label reset keeps requests");
    CHECK(signals(review, "c", NGX_HTTP_POSTFLOW_LABEL_APPROVED)
          == NGX_HTTP_POSTFLOW_APPROVED, "label approved wins");
    CHECK(signals(review, "c", NGX_HTTP_POSTFLOW_LABEL_NEEDS_REVIEW)
          == NGX_HTTP_POSTFLOW_NEEDS_CHANGES, "label needs_review");
    CHECK(signals(review, "ppp", 0) == NGX_HTTP_POSTFLOW_LEANING_APPROVED,
          "leaning approved");
    CHECK(signals(review, "mmm", 0) == NGX_HTTP_POSTFLOW_LEANING_REJECTED,
          "leaning rejected");
    CHECK(signals(review, "pp", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "two comments are no trend");
    CHECK(signals(review, "pppm", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "no trend against a dissent");
    CHECK(signals(review, "pppf", 0) == NGX_HTTP_POSTFLOW_PENDING,
          "no leaning once something was decided");

    printf("checks: %u/%u passed\n", (unsigned) (checks - failed),
           (unsigned) checks);

    return failed;
}


static ngx_uint_t  nseeds;
static char        all_seeds[9000];
static size_t      all_len;


static void
write_file(const char *dir, const char *text, size_t len)
{
    FILE  *f;
    char   path[4096];

    snprintf(path, sizeof(path), "%s/seed-%04u", dir, (unsigned) nseeds++);

    f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}


/* each comment, and all of them together: a long thread-like text */
static void
write_seed(const char *dir, const char *text)
{
    size_t  len;

    len = strlen(text);
    write_file(dir, text, len);

    if (all_len + len + 1 < sizeof(all_seeds)) {
        memcpy(all_seeds + all_len, text, len);
        all_len += len;
        all_seeds[all_len++] = '\n';
    }
}


static void
seeds_from_jsonl(const char *dir, const char *path)
{
    char        *buf, *line, *next, err[256];
    size_t       size, i;
    yajl_val     v, list;
    const char  *text;
    const char  *comments_path[] = { "comments", NULL };

    buf = read_file(path, &size);
    if (buf == NULL) {
        return;
    }

    for (line = buf; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }

        v = yajl_tree_parse(line, err, sizeof(err));
        if (v == NULL) {
            continue;
        }

        text = json_string(v, "text");
        if (text) {
            write_seed(dir, text);
        }

        list = yajl_tree_get(v, comments_path, yajl_t_array);

        for (i = 0; list && i < YAJL_GET_ARRAY(list)->len; i++) {
            if (YAJL_IS_STRING(YAJL_GET_ARRAY(list)->values[i])) {
                write_seed(dir,
                           YAJL_GET_STRING(YAJL_GET_ARRAY(list)->values[i]));
            }
        }

        yajl_tree_free(v);
    }

    free(buf);
}


static void
seeds_from_cases(const char *dir, const char *path)
{
    char    *buf, *line, *next, *p;
    size_t   size;

    buf = read_file(path, &size);
    if (buf == NULL) {
        return;
    }

    for (line = buf; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }

        if (line[0] == '#' || strtok(line, "\t") == NULL) {
            continue;
        }

        while ((p = strtok(NULL, "\t")) != NULL) {
            unescape(p);
            write_seed(dir, p);
        }
    }

    free(buf);
}


int
main(int argc, char **argv)
{
    int                            i;
    char                           path[4096];
    double                         comments, threads;
    ngx_str_t                      err;
    ngx_log_t                      log;
    ngx_pool_t                    *pool;
    const char                    *corpus, *cases;
    ngx_http_postflow_review_t    *review;
    ngx_http_postflow_analysis_t   an;

    corpus = NULL;
    cases = NULL;

    ngx_memzero(&log, sizeof(ngx_log_t));
    log.log_level = NGX_LOG_WARN;

    pool = ngx_shim_create_pool(&log);
    review = ngx_http_postflow_review_create(pool, &log);

    if (review == NULL
        || ngx_http_postflow_review_compile(review, &err) != NGX_OK)
    {
        fprintf(stderr, "cannot build the analyser\n");
        return 2;
    }

    for (i = 1; i < argc; i++) {

        if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;

        } else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
            corpus = argv[++i];

        } else if (strcmp(argv[i], "--cases") == 0 && i + 1 < argc) {
            cases = argv[++i];

        } else if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc) {
            const char  *dir = argv[++i];

            if (corpus) {
                snprintf(path, sizeof(path), "%s/review-comments-dev.jsonl",
                         corpus);
                seeds_from_jsonl(dir, path);
                snprintf(path, sizeof(path), "%s/review-threads-dev.jsonl",
                         corpus);
                seeds_from_jsonl(dir, path);
            }

            for (i++; i < argc; i++) {
                seeds_from_cases(dir, argv[i]);
            }

            write_file(dir, all_seeds, all_len);

            printf("%u seeds written to %s\n", (unsigned) nseeds, dir);
            ngx_shim_destroy_pool(pool);
            return 0;

        } else if (strcmp(argv[i], "--text") == 0) {
            for (i++; i < argc; i++) {
                analyse(review, argv[i], &an, NULL);
                printf("%s%s %+.2f (+%u -%u): %s\n",
                       verdict_names[an.verdict], fix_mark(&an),
                       an.score, (unsigned) an.positives,
                       (unsigned) an.negatives, argv[i]);
                print_matches((u_char *) argv[i], &an);
            }

            ngx_shim_destroy_pool(pool);
            return 0;

        } else {
            fprintf(stderr, "usage: %s [-v] [--corpus DIR] [--cases FILE] "
                    "[--text TEXT...]\n", argv[0]);
            return 2;
        }
    }

    comments = 1.0;
    threads = 1.0;

    if (corpus) {
        snprintf(path, sizeof(path), "%s/review-comments-dev.jsonl", corpus);
        comments = eval_comments(review, path);

        snprintf(path, sizeof(path), "%s/review-threads-dev.jsonl", corpus);
        threads = eval_threads(review, path);
    }

    if (cases) {
        failures += eval_cases(review, cases);
    }

    failures += self_checks(review);

    ngx_shim_destroy_pool(pool);

    if (comments < EVAL_MIN_ACCURACY || threads < EVAL_MIN_ACCURACY) {
        printf("FAIL: accuracy below %.2f\n", EVAL_MIN_ACCURACY);
        return 1;
    }

    if (failures) {
        printf("FAIL: %u failures\n", (unsigned) failures);
        return 1;
    }

    printf("OK\n");

    return 0;
}
