
/*
 * ngx_postflow: the review analyser's lexicon compiler.
 *
 * The vocabulary is data: files of lines "CUE: phrase", in a grammar
 * a linguist can read, that this file turns into the PCRE2 patterns
 * the analyser matches folded text with.  A rules table names the
 * cues a file may use, in the order they are tried, with the analyser
 * cue each one gives and where its phrases may end.
 *
 *     a b         words, spelt as people spell them: folded here as
 *                 the analyser folds text (lowercase, no accents)
 *     (a|b)       alternatives          [le] cut   an optional word
 *     valid*      a stem                *          any one word
 *     s?          an optional letter    (...)?     an optional part
 *     @name       a named group, "@name = a|b" defined earlier
 *     (=a) (!a)   followed, not followed by     (<=a) (<!a) preceded
 *     ^ $         the comment's start and end   \b  a word's edge
 *     <sentence>  a sentence's start    <clause>   a clause's start
 *     <end>       a clause's end        ...        the rest of the
 *                                                  sentence
 *     `re`        PCRE2 itself, for what words cannot say
 *     \x          the character x itself
 *
 * A line that starts with a blank continues the one before it; "#"
 * starts a comment, and "# e.g. "text"" an example that must match
 * the entry above it, checked whenever the file is read.
 */


#define PCRE2_CODE_UNIT_WIDTH  8

#include <ngx_config.h>
#include <ngx_core.h>
#include <pcre2.h>

#include "ngx_http_postflow_fold.h"
#include "ngx_http_postflow_lexicon.h"


#define NGX_HTTP_POSTFLOW_LEXICON_EXAMPLE  1024

#define ngx_lex_put(ctx, s)                                                  \
    ngx_http_postflow_lexicon_put((ctx)->out, (u_char *) s, sizeof(s) - 1)


typedef struct {
    ngx_str_t                    name;
    ngx_str_t                    source;      /* the phrase after "=" */
    ngx_str_t                    body;        /* PCRE2: an alternation */
    ngx_str_t                    file;
    ngx_uint_t                   line;
    ngx_uint_t                   state;       /* 0, 1 compiling, 2 done */
} ngx_http_postflow_lexicon_group_t;


/* a pattern being written */
typedef struct {
    u_char                      *data;
    size_t                       len;
    size_t                       size;
    ngx_pool_t                  *pool;
} ngx_http_postflow_lexicon_buf_t;


typedef struct {
    ngx_http_postflow_lexicon_t      *lex;
    u_char                           *p;
    u_char                           *last;
    ngx_http_postflow_lexicon_buf_t  *out;
    const char                       *error;
    ngx_uint_t                        depth;
} ngx_http_postflow_lexicon_ctx_t;


static ngx_int_t ngx_http_postflow_lexicon_line(
    ngx_http_postflow_lexicon_t *lex, u_char *p, u_char *last,
    ngx_uint_t builtin, ngx_http_postflow_lexicon_entry_t *entry,
    pcre2_code **code, ngx_str_t *msg);
static ngx_int_t ngx_http_postflow_lexicon_group(
    ngx_http_postflow_lexicon_t *lex, ngx_str_t *file, ngx_uint_t line,
    u_char *p, u_char *last, ngx_str_t *msg);
static ngx_int_t ngx_http_postflow_lexicon_compile_group(
    ngx_http_postflow_lexicon_t *lex, ngx_http_postflow_lexicon_group_t *g,
    ngx_str_t *msg);
static ngx_int_t ngx_http_postflow_lexicon_example(u_char *p, u_char *last,
    pcre2_code *code, ngx_str_t *msg);
static ngx_int_t ngx_http_postflow_lexicon_alts(
    ngx_http_postflow_lexicon_ctx_t *ctx, u_char close);
static ngx_int_t ngx_http_postflow_lexicon_seq(
    ngx_http_postflow_lexicon_ctx_t *ctx, ngx_uint_t splice);
static ngx_int_t ngx_http_postflow_lexicon_optional(
    ngx_http_postflow_lexicon_ctx_t *ctx, ngx_uint_t after_space);
static ngx_int_t ngx_http_postflow_lexicon_ref(
    ngx_http_postflow_lexicon_ctx_t *ctx, ngx_uint_t splice);
static const char *ngx_http_postflow_lexicon_raw(u_char *p, u_char *last);
static ngx_int_t ngx_http_postflow_lexicon_literal(
    ngx_http_postflow_lexicon_ctx_t *ctx, ngx_uint_t *space,
    ngx_uint_t *alnum);
static ngx_int_t ngx_http_postflow_lexicon_put(
    ngx_http_postflow_lexicon_buf_t *b, u_char *p, size_t len);
static u_char *ngx_http_postflow_lexicon_logical(u_char *p, u_char *last,
    ngx_http_postflow_lexicon_buf_t *b, ngx_uint_t *lines);
static ngx_int_t ngx_http_postflow_lexicon_error(
    ngx_http_postflow_lexicon_t *lex, ngx_str_t *file, ngx_uint_t line,
    ngx_str_t *msg, ngx_str_t *err);


/* in the order of ngx_http_postflow_cue_e */
const char  *ngx_http_postflow_lexicon_cues[] = {
    "approve", "praise", "fine", "right", "request", "problem", "notes",
    "except", "contrast", "remaining", "still", "reject", "condition",
    "after", "future", "optional", "status", "negator", "ne", "plus",
    "thanks", "no-worries", "editor", "done", "version-up", "version",
    "check", "partial", "platform", "timecode", "emoji-ok", "emoji-no",
    "yet", "irony", "gone", "scope", "element", "now", "later",
    NULL
};


/* the named anchors and what they stand for */
static struct {
    ngx_str_t                    name;
    ngx_str_t                    pattern;
} ngx_http_postflow_lexicon_anchors[] = {
    { ngx_string("<sentence>"), ngx_string("(?:^|(?<=[.!?] ))") },
    { ngx_string("<clause>"), ngx_string("(?:^|(?<=[,.;:!?] ))") },
    { ngx_string("<end>"), ngx_string("(?= ?(?:[.!,;]|$))") },
    { ngx_string("..."), ngx_string("[^.!?\\n]*") },
    { ngx_null_string, ngx_null_string }
};


ngx_http_postflow_lexicon_t *
ngx_http_postflow_lexicon_create(ngx_pool_t *pool)
{
    ngx_http_postflow_lexicon_t  *lex;

    lex = ngx_pcalloc(pool, sizeof(ngx_http_postflow_lexicon_t));
    if (lex == NULL) {
        return NULL;
    }

    lex->pool = pool;

    if (ngx_array_init(&lex->sections, pool, 64,
                       sizeof(ngx_http_postflow_lexicon_section_t))
        != NGX_OK
        || ngx_array_init(&lex->groups, pool, 16,
                          sizeof(ngx_http_postflow_lexicon_group_t))
           != NGX_OK)
    {
        return NULL;
    }

    return lex;
}


static ngx_inline ngx_uint_t
ngx_http_postflow_lexicon_name_char(u_char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
           || c == '_';
}


static ngx_inline u_char *
ngx_http_postflow_lexicon_blanks(u_char *p, u_char *last)
{
    while (p < last && (*p == ' ' || *p == '\t')) {
        p++;
    }

    return p;
}


/* the end of p without its last blanks, but for an escaped one */
static u_char *
ngx_http_postflow_lexicon_trim(u_char *p, u_char *last)
{
    while (last > p && (last[-1] == ' ' || last[-1] == '\t')
           && !(last - 1 > p && last[-2] == '\\'))
    {
        last--;
    }

    return last;
}


/* a word of a rules line: [a-z0-9_-]+ */
static u_char *
ngx_http_postflow_lexicon_word(u_char *p, u_char *last, ngx_str_t *word)
{
    p = ngx_http_postflow_lexicon_blanks(p, last);

    word->data = p;

    while (p < last && ngx_http_postflow_lexicon_name_char(*p)) {
        p++;
    }

    word->len = p - word->data;

    return p;
}


/*
 * The rules table: "SECTION CUE word|anywhere" a line, in the order
 * the sections are tried.
 */
ngx_int_t
ngx_http_postflow_lexicon_rules(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_file_t *file, ngx_str_t *err)
{
    u_char                               *p, *last, *eol;
    ngx_str_t                             name, cue, end, msg;
    ngx_uint_t                            line, i, k;
    ngx_http_postflow_lexicon_section_t  *sec;

    p = file->text.data;
    last = p + file->text.len;

    for (line = 1; p < last; line++, p = eol + 1) {
        eol = ngx_strlchr(p, last, '\n');
        if (eol == NULL) {
            eol = last;
        }

        p = ngx_http_postflow_lexicon_blanks(p, eol);

        if (p == eol || *p == '#' || *p == '\r') {
            continue;
        }

        p = ngx_http_postflow_lexicon_word(p, eol, &name);
        p = ngx_http_postflow_lexicon_word(p, eol, &cue);
        p = ngx_http_postflow_lexicon_word(p, eol, &end);
        p = ngx_http_postflow_lexicon_blanks(p, eol);

        if (name.len == 0 || cue.len == 0 || end.len == 0
            || (p < eol && *p != '#' && *p != '\r'))
        {
            ngx_str_set(&msg, "expected \"SECTION CUE word|anywhere\"");
            goto failed;
        }

        for (k = 0; ngx_http_postflow_lexicon_cues[k]; k++) {
            if (ngx_strlen(ngx_http_postflow_lexicon_cues[k]) == cue.len
                && ngx_strncmp(ngx_http_postflow_lexicon_cues[k], cue.data,
                               cue.len)
                   == 0)
            {
                break;
            }
        }

        if (ngx_http_postflow_lexicon_cues[k] == NULL) {
            ngx_str_set(&msg, "unknown cue");
            goto failed;
        }

        sec = lex->sections.elts;

        for (i = 0; i < lex->sections.nelts; i++) {
            if (sec[i].name.len == name.len
                && ngx_strncmp(sec[i].name.data, name.data, name.len) == 0)
            {
                ngx_str_set(&msg, "section defined twice");
                goto failed;
            }
        }

        sec = ngx_array_push(&lex->sections);
        if (sec == NULL) {
            return NGX_ERROR;
        }

        sec->name = name;
        sec->cue = k;

        if (end.len == 4 && ngx_strncmp(end.data, "word", 4) == 0) {
            sec->word = 1;

        } else if (end.len == 8 && ngx_strncmp(end.data, "anywhere", 8) == 0)
        {
            sec->word = 0;

        } else {
            ngx_str_set(&msg, "a section ends at a \"word\" or \"anywhere\"");
            goto failed;
        }

        if (ngx_array_init(&sec->entries[0], lex->pool, 4,
                           sizeof(ngx_http_postflow_lexicon_entry_t))
            != NGX_OK
            || ngx_array_init(&sec->entries[1], lex->pool, 16,
                              sizeof(ngx_http_postflow_lexicon_entry_t))
               != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    return NGX_OK;

failed:

    return ngx_http_postflow_lexicon_error(lex, &file->name, line, &msg, err);
}


/*
 * A vocabulary file: entries, group definitions, comments and
 * examples.  On an error, err says "FILE:LINE: what".
 */
ngx_int_t
ngx_http_postflow_lexicon_add(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_file_t *file, ngx_uint_t builtin,
    ngx_str_t *err)
{
    u_char                             *p, *last, *next, *q;
    ngx_int_t                           rc;
    ngx_str_t                           msg;
    ngx_uint_t                          line, lines, have;
    pcre2_code                         *code;
    ngx_http_postflow_lexicon_buf_t     b;
    ngx_http_postflow_lexicon_entry_t   entry;

    p = file->text.data;
    last = p + file->text.len;
    code = NULL;
    have = 0;
    rc = NGX_OK;

    b.pool = lex->pool;
    b.size = 256;
    b.data = ngx_pnalloc(lex->pool, b.size);
    if (b.data == NULL) {
        return NGX_ERROR;
    }

    ngx_str_set(&msg, "");

    for (line = 1; p < last; line += lines, p = next) {
        b.len = 0;

        next = ngx_http_postflow_lexicon_logical(p, last, &b, &lines);
        if (next == NULL) {
            rc = NGX_ERROR;
            break;
        }

        q = ngx_http_postflow_lexicon_blanks(b.data, b.data + b.len);

        if (q == b.data + b.len) {
            continue;
        }

        if (*q == '#') {
            if (b.data + b.len - q < 7 || ngx_strncmp(q, "# e.g. ", 7) != 0)
            {
                continue;
            }

            if (!have) {
                ngx_str_set(&msg, "an example with no entry above it");
                rc = NGX_DECLINED;
                break;
            }

            rc = ngx_http_postflow_lexicon_example(q + 7, b.data + b.len,
                                                   code, &msg);
            if (rc != NGX_OK) {
                break;
            }

            lex->examples++;
            continue;
        }

        if (q != b.data) {
            ngx_str_set(&msg, "a continuation line with nothing to continue");
            rc = NGX_DECLINED;
            break;
        }

        if (code) {
            pcre2_code_free(code);
            code = NULL;
        }

        have = 0;

        /* read by ngx_http_postflow_lexicon_groups() */
        if (*q == '@') {
            continue;
        }

        entry.file = file->name;
        entry.line = line;

        rc = ngx_http_postflow_lexicon_line(lex, q, b.data + b.len, builtin,
                                            &entry, &code, &msg);
        if (rc != NGX_OK) {
            break;
        }

        have = 1;
    }

    if (code) {
        pcre2_code_free(code);
    }

    if (rc == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (rc != NGX_OK) {
        return ngx_http_postflow_lexicon_error(lex, &file->name, line, &msg,
                                               err);
    }

    return NGX_OK;
}


/*
 * One logical line into b: the line at p and those that continue it
 * (they start with a blank and are no comment), blanks that start
 * them dropped.  Returns where the next logical line starts.
 */
static u_char *
ngx_http_postflow_lexicon_logical(u_char *p, u_char *last,
    ngx_http_postflow_lexicon_buf_t *b, ngx_uint_t *lines)
{
    u_char  *eol, *end, *q;

    *lines = 0;

    do {
        eol = ngx_strlchr(p, last, '\n');
        end = eol ? eol : last;

        if (end > p && end[-1] == '\r') {
            end--;
        }

        if (*lines > 0) {
            p = ngx_http_postflow_lexicon_blanks(p, end);
        }

        if (ngx_http_postflow_lexicon_put(b, p, end - p) != NGX_OK) {
            return NULL;
        }

        (*lines)++;
        p = eol ? eol + 1 : last;

        /* the next line continues this one? */
        if (b->len == 0 || b->data[0] == '#' || b->data[0] == ' '
            || b->data[0] == '\t' || p >= last || (*p != ' ' && *p != '\t'))
        {
            break;
        }

        q = ngx_http_postflow_lexicon_blanks(p, last);

    } while (q < last && *q != '#' && *q != '\n' && *q != '\r');

    return p;
}


/* "@name = alternatives", kept to be compiled once all are known */
static ngx_int_t
ngx_http_postflow_lexicon_group(ngx_http_postflow_lexicon_t *lex,
    ngx_str_t *file, ngx_uint_t line, u_char *p, u_char *last,
    ngx_str_t *msg)
{
    ngx_str_t                           name;
    ngx_uint_t                          i;
    ngx_http_postflow_lexicon_group_t  *g;

    name.data = p;

    while (p < last && ngx_http_postflow_lexicon_name_char(*p) && *p != '-') {
        p++;
    }

    name.len = p - name.data;

    p = ngx_http_postflow_lexicon_blanks(p, last);

    if (name.len == 0 || p == last || *p != '=') {
        ngx_str_set(msg, "expected \"@name = alternatives\"");
        return NGX_DECLINED;
    }

    g = lex->groups.elts;

    for (i = 0; i < lex->groups.nelts; i++) {
        if (g[i].name.len == name.len
            && ngx_strncmp(g[i].name.data, name.data, name.len) == 0)
        {
            ngx_str_set(msg, "group defined twice");
            return NGX_DECLINED;
        }
    }

    p = ngx_http_postflow_lexicon_blanks(p + 1, last);

    last = ngx_http_postflow_lexicon_trim(p, last);

    if (p == last) {
        ngx_str_set(msg, "empty group");
        return NGX_DECLINED;
    }

    g = ngx_array_push(&lex->groups);
    if (g == NULL) {
        return NGX_ERROR;
    }

    ngx_memzero(g, sizeof(ngx_http_postflow_lexicon_group_t));

    g->name.data = ngx_pnalloc(lex->pool, name.len + (last - p));
    if (g->name.data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(g->name.data, name.data, name.len);
    g->name.len = name.len;

    g->source.data = g->name.data + name.len;
    g->source.len = last - p;
    ngx_memcpy(g->source.data, p, last - p);

    g->file = *file;
    g->line = line;

    return NGX_OK;
}


/*
 * The groups of a file, before its entries: groups may be used in any
 * file read after the one that defines them, and in any order.
 */
ngx_int_t
ngx_http_postflow_lexicon_groups(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_file_t *file, ngx_str_t *err)
{
    u_char                           *p, *last, *next;
    ngx_int_t                         rc;
    ngx_str_t                         msg;
    ngx_uint_t                        line, lines;
    ngx_http_postflow_lexicon_buf_t   b;

    p = file->text.data;
    last = p + file->text.len;

    b.pool = lex->pool;
    b.size = 256;
    b.data = ngx_pnalloc(lex->pool, b.size);
    if (b.data == NULL) {
        return NGX_ERROR;
    }

    for (line = 1; p < last; line += lines, p = next) {
        b.len = 0;

        next = ngx_http_postflow_lexicon_logical(p, last, &b, &lines);
        if (next == NULL) {
            return NGX_ERROR;
        }

        if (b.len == 0 || b.data[0] != '@') {
            continue;
        }

        rc = ngx_http_postflow_lexicon_group(lex, &file->name, line,
                                             b.data + 1, b.data + b.len, &msg);
        if (rc == NGX_ERROR) {
            return NGX_ERROR;
        }

        if (rc != NGX_OK) {
            return ngx_http_postflow_lexicon_error(lex, &file->name, line,
                                                   &msg, err);
        }
    }

    return NGX_OK;
}


/* every group known so far compiled, each error at its group's line */
ngx_int_t
ngx_http_postflow_lexicon_resolve(ngx_http_postflow_lexicon_t *lex,
    ngx_str_t *err)
{
    ngx_int_t                           rc;
    ngx_str_t                           msg;
    ngx_uint_t                          i;
    ngx_http_postflow_lexicon_group_t  *g;

    g = lex->groups.elts;

    for (i = 0; i < lex->groups.nelts; i++) {
        if (g[i].state == 2) {
            continue;
        }

        rc = ngx_http_postflow_lexicon_compile_group(lex, &g[i], &msg);
        if (rc == NGX_ERROR) {
            return NGX_ERROR;
        }

        if (rc != NGX_OK) {
            return ngx_http_postflow_lexicon_error(lex, &g[i].file,
                                                   g[i].line, &msg, err);
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_lexicon_compile_group(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_group_t *g, ngx_str_t *msg)
{
    if (g->state == 1) {
        ngx_str_set(msg, "a group that contains itself");
        return NGX_DECLINED;
    }

    g->state = 1;

    if (ngx_http_postflow_lexicon_phrase(lex, g->source.data, g->source.len,
                                         &g->body, msg)
        != NGX_OK)
    {
        return msg->len ? NGX_DECLINED : NGX_ERROR;
    }

    g->state = 2;

    return NGX_OK;
}


/* "CUE: phrase": compiled once here, so that a bad one names its line */
static ngx_int_t
ngx_http_postflow_lexicon_line(ngx_http_postflow_lexicon_t *lex, u_char *p,
    u_char *last, ngx_uint_t builtin, ngx_http_postflow_lexicon_entry_t *entry,
    pcre2_code **code, ngx_str_t *msg)
{
    int                                   rc;
    u_char                               *s, *pat;
    size_t                                len;
    uint32_t                              minlen;
    ngx_str_t                             name;
    ngx_uint_t                            i, raw;
    PCRE2_SIZE                            off;
    ngx_http_postflow_lexicon_entry_t    *e;
    ngx_http_postflow_lexicon_section_t  *sec;
    static u_char                         errmsg[128];

    name.data = p;

    while (p < last && ngx_http_postflow_lexicon_name_char(*p)) {
        p++;
    }

    name.len = p - name.data;

    if (name.len == 0 || p == last || *p != ':') {
        ngx_str_set(msg, "expected \"CUE: phrase\" or \"@name = ...\"");
        return NGX_DECLINED;
    }

    sec = lex->sections.elts;

    for (i = 0; i < lex->sections.nelts; i++) {
        if (sec[i].name.len == name.len
            && ngx_strncmp(sec[i].name.data, name.data, name.len) == 0)
        {
            break;
        }
    }

    if (i == lex->sections.nelts) {
        ngx_str_set(msg, "unknown cue: not a section of the rules table");
        return NGX_DECLINED;
    }

    sec = &sec[i];

    p = ngx_http_postflow_lexicon_blanks(p + 1, last);

    /* a blank and "#" start a comment, outside "`...`" */
    for (s = p, raw = 0; s < last; s++) {
        if (*s == '`') {
            raw = !raw;

        } else if (*s == '#' && !raw && s > p
                   && (s[-1] == ' ' || s[-1] == '\t'))
        {
            last = s;
            break;
        }
    }

    last = ngx_http_postflow_lexicon_trim(p, last);

    if (p == last) {
        ngx_str_set(msg, "empty phrase");
        return NGX_DECLINED;
    }

    if (ngx_http_postflow_lexicon_phrase(lex, p, last - p, &entry->pattern,
                                         msg)
        != NGX_OK)
    {
        return msg->len ? NGX_DECLINED : NGX_ERROR;
    }

    /* "(?:P)\b" as the analyser will match it */
    len = entry->pattern.len + 6;

    pat = ngx_pnalloc(lex->pool, len);
    if (pat == NULL) {
        return NGX_ERROR;
    }

    s = ngx_cpymem(pat, "(?:", 3);
    s = ngx_cpymem(s, entry->pattern.data, entry->pattern.len);
    s = ngx_cpymem(s, sec->word ? ")\\b" : ")", sec->word ? 3 : 1);

    *code = pcre2_compile(pat, s - pat, PCRE2_UTF, &rc, &off, NULL);

    if (*code == NULL) {
        pcre2_get_error_message(rc, errmsg, sizeof(errmsg));
        msg->data = errmsg;
        msg->len = ngx_strlen(errmsg);
        return NGX_DECLINED;
    }

    /*
     * a cue found in empty text would be found everywhere, and the
     * matcher only tries an entry where its first character is
     */
    if (pcre2_pattern_info(*code, PCRE2_INFO_MINLENGTH, &minlen) != 0
        || minlen == 0)
    {
        ngx_str_set(msg, "the phrase can match empty text");
        return NGX_DECLINED;
    }

    e = ngx_array_push(&sec->entries[builtin ? 1 : 0]);
    if (e == NULL) {
        return NGX_ERROR;
    }

    *e = *entry;
    lex->nentries++;

    return NGX_OK;
}


/* "# e.g. "text"": the text, folded, must match the entry */
static ngx_int_t
ngx_http_postflow_lexicon_example(u_char *p, u_char *last, pcre2_code *code,
    ngx_str_t *msg)
{
    int                rc;
    u_char            *d, *q;
    uint32_t           c;
    pcre2_match_data  *md;
    u_char             text[NGX_HTTP_POSTFLOW_LEXICON_EXAMPLE];

    last = ngx_http_postflow_lexicon_trim(p, last);

    if (last - p < 2 || *p != '"' || last[-1] != '"') {
        ngx_str_set(msg, "an example is written \"# e.g. \"text\"\"");
        return NGX_DECLINED;
    }

    p++;
    last--;

    if (last - p >= NGX_HTTP_POSTFLOW_LEXICON_EXAMPLE / 2) {
        ngx_str_set(msg, "example too long");
        return NGX_DECLINED;
    }

    /* folded as the analyser folds a comment, blanks made one space */
    d = text;

    while (p < last) {
        c = ngx_http_postflow_fold_decode(&p, last);

        if (c == NGX_HTTP_POSTFLOW_INVALID) {
            ngx_str_set(msg, "example is not valid UTF-8");
            return NGX_DECLINED;
        }

        if (c == ' ' || c == '\t' || c == 0xa0) {
            if (d > text && d[-1] != ' ') {
                *d++ = ' ';
            }

            continue;
        }

        q = ngx_http_postflow_fold_char(d, c);
        d = q;
    }

    md = pcre2_match_data_create(1, NULL);
    if (md == NULL) {
        return NGX_ERROR;
    }

    rc = pcre2_match(code, text, d - text, 0, 0, md, NULL);

    pcre2_match_data_free(md);

    if (rc < 0) {
        ngx_str_set(msg, "the example does not match the entry above it");
        return NGX_DECLINED;
    }

    return NGX_OK;
}


/* a phrase into a PCRE2 alternation; msg is empty when out of memory */
ngx_int_t
ngx_http_postflow_lexicon_phrase(ngx_http_postflow_lexicon_t *lex, u_char *p,
    size_t len, ngx_str_t *pattern, ngx_str_t *msg)
{
    ngx_int_t                         rc;
    ngx_http_postflow_lexicon_buf_t   b;
    ngx_http_postflow_lexicon_ctx_t   ctx;

    b.pool = lex->pool;
    b.size = len * 2 + 16;
    b.len = 0;
    b.data = ngx_pnalloc(lex->pool, b.size);
    if (b.data == NULL) {
        msg->len = 0;
        return NGX_ERROR;
    }

    ctx.lex = lex;
    ctx.p = p;
    ctx.last = p + len;
    ctx.out = &b;
    ctx.error = NULL;
    ctx.depth = 0;

    rc = ngx_http_postflow_lexicon_alts(&ctx, 0);

    if (rc == NGX_OK && ctx.p != ctx.last) {
        ctx.error = (*ctx.p == ')') ? "unbalanced \")\""
                                    : "unbalanced \"]\"";
        rc = NGX_DECLINED;
    }

    if (rc == NGX_OK) {
        rc = ngx_http_postflow_lexicon_put(&b, (u_char *) "", 1);
    }

    if (rc != NGX_OK) {
        if (ctx.error) {
            msg->data = (u_char *) ctx.error;
            msg->len = ngx_strlen(ctx.error);

        } else {
            msg->len = 0;
        }

        return NGX_ERROR;
    }

    pattern->data = b.data;
    pattern->len = b.len - 1;

    return NGX_OK;
}


/* alternatives up to "close" (or the end, when it is 0) */
static ngx_int_t
ngx_http_postflow_lexicon_alts(ngx_http_postflow_lexicon_ctx_t *ctx,
    u_char close)
{
    if (++ctx->depth > 32) {
        ctx->error = "groups nested too deep";
        return NGX_DECLINED;
    }

    for ( ;; ) {
        if (ngx_http_postflow_lexicon_seq(ctx, 1) != NGX_OK) {
            return NGX_ERROR;
        }

        if (ctx->p < ctx->last && *ctx->p == '|') {
            if (ngx_http_postflow_lexicon_put(ctx->out, ctx->p, 1)
                != NGX_OK)
            {
                return NGX_ERROR;
            }

            ctx->p++;
            continue;
        }

        break;
    }

    ctx->depth--;

    if (close == 0) {
        return NGX_OK;
    }

    if (ctx->p == ctx->last || *ctx->p != close) {
        ctx->error = (close == ')') ? "unbalanced \"(\"" : "unbalanced \"[\"";
        return NGX_ERROR;
    }

    ctx->p++;

    return NGX_OK;
}


/* one alternative: a sequence of items, up to "|", ")", "]" or the end */
static ngx_int_t
ngx_http_postflow_lexicon_seq(ngx_http_postflow_lexicon_ctx_t *ctx,
    ngx_uint_t splice)
{
    u_char      c, *q;
    ngx_int_t   rc;
    ngx_uint_t  first, space, alnum, i, plain;

    first = 1;
    space = 0;
    alnum = 0;

    while (ctx->p < ctx->last) {
        c = *ctx->p;

        if (c == '|' || c == ')' || c == ']') {
            break;
        }

        rc = NGX_OK;

        for (i = 0; ngx_http_postflow_lexicon_anchors[i].name.len; i++) {
            if ((size_t) (ctx->last - ctx->p)
                    >= ngx_http_postflow_lexicon_anchors[i].name.len
                && ngx_strncmp(ctx->p,
                               ngx_http_postflow_lexicon_anchors[i].name.data,
                               ngx_http_postflow_lexicon_anchors[i].name.len)
                   == 0)
            {
                break;
            }
        }

        if (ngx_http_postflow_lexicon_anchors[i].name.len) {
            ctx->p += ngx_http_postflow_lexicon_anchors[i].name.len;
            rc = ngx_http_postflow_lexicon_put(ctx->out,
                          ngx_http_postflow_lexicon_anchors[i].pattern.data,
                          ngx_http_postflow_lexicon_anchors[i].pattern.len);
            space = 0;
            alnum = 0;

        } else if (c == '`') {
            q = ngx_strlchr(ctx->p + 1, ctx->last, '`');
            if (q == NULL || q == ctx->p + 1) {
                ctx->error = "\"`\" not closed, or nothing between";
                return NGX_ERROR;
            }

            ctx->error = ngx_http_postflow_lexicon_raw(ctx->p + 1, q);
            if (ctx->error) {
                return NGX_ERROR;
            }

            rc = ngx_http_postflow_lexicon_put(ctx->out, ctx->p + 1,
                                               q - ctx->p - 1);
            ctx->p = q + 1;
            space = 0;
            alnum = 0;

        } else if (c == '\\') {
            if (ctx->p + 1 == ctx->last || ctx->p[1] >= 0x80
                || ngx_http_postflow_lexicon_name_char(ctx->p[1]))
            {
                if (ctx->p + 1 < ctx->last && ctx->p[1] == 'b') {
                    ctx->p += 2;
                    rc = ngx_lex_put(ctx, "\\b");
                    space = 0;
                    alnum = 0;
                    goto next;
                }

                ctx->error = "\"\\\" stands before a punctuation mark";
                return NGX_ERROR;
            }

            ctx->p++;
            rc = ngx_http_postflow_lexicon_literal(ctx, &space, &alnum);

        } else if (c == '@') {
            ctx->p++;
            rc = ngx_http_postflow_lexicon_ref(ctx, splice && first);
            space = 0;
            alnum = 0;

        } else if (c == '(') {
            ctx->p++;
            plain = 0;

            if (ctx->p < ctx->last && (*ctx->p == '=' || *ctx->p == '!')) {
                rc = ngx_lex_put(ctx, "(?");
                if (rc == NGX_OK) {
                    rc = ngx_http_postflow_lexicon_put(ctx->out, ctx->p, 1);
                }

                ctx->p++;

            } else if (ctx->last - ctx->p >= 2 && ctx->p[0] == '<'
                       && (ctx->p[1] == '=' || ctx->p[1] == '!'))
            {
                rc = ngx_lex_put(ctx, "(?");
                if (rc == NGX_OK) {
                    rc = ngx_http_postflow_lexicon_put(ctx->out, ctx->p, 2);
                }

                ctx->p += 2;

            } else {
                rc = ngx_lex_put(ctx, "(?:");
                plain = 1;
            }

            if (rc != NGX_OK
                || ngx_http_postflow_lexicon_alts(ctx, ')') != NGX_OK
                || ngx_lex_put(ctx, ")") != NGX_OK)
            {
                return NGX_ERROR;
            }

            if (plain && ctx->p < ctx->last
                && (*ctx->p == '?' || *ctx->p == '*' || *ctx->p == '+'))
            {
                rc = ngx_http_postflow_lexicon_put(ctx->out, ctx->p, 1);
                ctx->p++;
            }

            space = 0;
            alnum = 0;

        } else if (c == '[') {
            ctx->p++;
            rc = ngx_http_postflow_lexicon_optional(ctx, space);
            space = 0;
            alnum = 0;

        } else if (c == '^' || c == '$') {
            rc = ngx_http_postflow_lexicon_put(ctx->out, ctx->p, 1);
            ctx->p++;
            space = 0;
            alnum = 0;

        } else if (c == '*') {
            ctx->p++;
            rc = alnum ? ngx_lex_put(ctx, "[a-z]*")
                       : ngx_lex_put(ctx, "[a-z]+");
            space = 0;
            alnum = 0;

        } else if (c == '?') {
            if (first) {
                ctx->error = "\"?\" with nothing before it to make optional";
                return NGX_ERROR;
            }

            ctx->p++;
            rc = ngx_lex_put(ctx, "?");
            space = 0;
            alnum = 0;

        } else {
            rc = ngx_http_postflow_lexicon_literal(ctx, &space, &alnum);
        }

    next:

        if (rc != NGX_OK) {
            return NGX_ERROR;
        }

        first = 0;
    }

    /* "(|a)" would match before any text the matcher looks at */

    if (first) {
        ctx->error = "an empty alternative: \"[a]\" is an optional part";
        return NGX_ERROR;
    }

    return NGX_OK;
}


/*
 * "[x]": an optional part.  "[the] cut" keeps the space with the
 * word ("(?:the )?cut"), as does "slow [it]" ("slow(?: it)?"); "[a|b] "
 * gives the space to each alternative that does not end with "'".
 */
static ngx_int_t
ngx_http_postflow_lexicon_optional(ngx_http_postflow_lexicon_ctx_t *ctx,
    ngx_uint_t after_space)
{
    u_char                           *s;
    size_t                            start, end;
    ngx_uint_t                        n, i, absorb;
    ngx_http_postflow_lexicon_buf_t   b, *out;
    size_t                            ends[64];

    out = ctx->out;

    b.pool = out->pool;
    b.size = 64;
    b.len = 0;
    b.data = ngx_pnalloc(b.pool, b.size);
    if (b.data == NULL) {
        return NGX_ERROR;
    }

    ctx->out = &b;
    n = 0;

    if (++ctx->depth > 32) {
        ctx->error = "groups nested too deep";
        ctx->out = out;
        return NGX_ERROR;
    }

    for ( ;; ) {
        if (ngx_http_postflow_lexicon_seq(ctx, 0) != NGX_OK) {
            ctx->out = out;
            return NGX_ERROR;
        }

        if (n == 64) {
            ctx->error = "more than 64 alternatives in \"[...]\"";
            ctx->out = out;
            return NGX_ERROR;
        }

        ends[n++] = b.len;

        if (ctx->p < ctx->last && *ctx->p == '|') {
            if (ngx_http_postflow_lexicon_put(&b, ctx->p, 1) != NGX_OK) {
                ctx->out = out;
                return NGX_ERROR;
            }

            ctx->p++;
            continue;
        }

        break;
    }

    ctx->depth--;
    ctx->out = out;

    if (ctx->p == ctx->last || *ctx->p != ']') {
        ctx->error = "unbalanced \"[\"";
        return NGX_ERROR;
    }

    ctx->p++;

    absorb = (ctx->p < ctx->last && *ctx->p == ' ');

    if (!absorb && after_space && n == 1 && out->len
        && out->data[out->len - 1] == ' ')
    {
        out->len--;

        return ngx_lex_put(ctx, "(?: ") == NGX_OK
               && ngx_http_postflow_lexicon_put(out, b.data, b.len) == NGX_OK
               && ngx_lex_put(ctx, ")?") == NGX_OK
               ? NGX_OK : NGX_ERROR;
    }

    if (ngx_lex_put(ctx, "(?:") != NGX_OK) {
        return NGX_ERROR;
    }

    if (!absorb) {
        if (ngx_http_postflow_lexicon_put(out, b.data, b.len) != NGX_OK) {
            return NGX_ERROR;
        }

    } else {
        ctx->p++;
        start = 0;

        for (i = 0; i < n; i++) {
            end = ends[i];
            s = b.data + start;

            if (i > 0 && ngx_lex_put(ctx, "|") != NGX_OK) {
                return NGX_ERROR;
            }

            if (ngx_http_postflow_lexicon_put(out, s, end - start) != NGX_OK)
            {
                return NGX_ERROR;
            }

            if ((end == start || b.data[end - 1] != '\'')
                && ngx_lex_put(ctx, " ") != NGX_OK)
            {
                return NGX_ERROR;
            }

            start = end + 1;
        }
    }

    return ngx_lex_put(ctx, ")?");
}


/* "@name" or "@{name}": the group, spliced when it is an alternative */
static ngx_int_t
ngx_http_postflow_lexicon_ref(ngx_http_postflow_lexicon_ctx_t *ctx,
    ngx_uint_t splice)
{
    u_char                             *p;
    ngx_int_t                           rc;
    ngx_str_t                           name, msg;
    ngx_uint_t                          i, braced;
    ngx_http_postflow_lexicon_group_t  *g;

    p = ctx->p;
    braced = (p < ctx->last && *p == '{');

    if (braced) {
        p++;
    }

    name.data = p;

    while (p < ctx->last && ngx_http_postflow_lexicon_name_char(*p)
           && *p != '-')
    {
        p++;
    }

    name.len = p - name.data;

    if (braced) {
        if (p == ctx->last || *p != '}') {
            ctx->error = "\"@{\" not closed";
            return NGX_ERROR;
        }

        p++;
    }

    ctx->p = p;

    g = ctx->lex->groups.elts;

    for (i = 0; i < ctx->lex->groups.nelts; i++) {
        if (g[i].name.len == name.len
            && ngx_strncmp(g[i].name.data, name.data, name.len) == 0)
        {
            break;
        }
    }

    if (name.len == 0 || i == ctx->lex->groups.nelts) {
        ctx->error = "unknown group";
        return NGX_ERROR;
    }

    if (g[i].state != 2) {
        rc = ngx_http_postflow_lexicon_compile_group(ctx->lex, &g[i], &msg);

        if (rc != NGX_OK) {
            ctx->error = (rc == NGX_ERROR) ? NULL : (const char *) msg.data;
            return NGX_ERROR;
        }

        g = ctx->lex->groups.elts;
    }

    if (splice
        && (p == ctx->last || *p == '|' || *p == ')' || *p == ']'))
    {
        return ngx_http_postflow_lexicon_put(ctx->out, g[i].body.data,
                                             g[i].body.len);
    }

    return ngx_lex_put(ctx, "(?:") == NGX_OK
           && ngx_http_postflow_lexicon_put(ctx->out, g[i].body.data,
                                            g[i].body.len) == NGX_OK
           && ngx_lex_put(ctx, ")") == NGX_OK
           ? NGX_OK : NGX_ERROR;
}


/*
 * PCRE2 between backquotes, limited to what the matcher's dispatch by
 * first byte reads as PCRE2 does: classes, escapes, quantifiers,
 * non-capturing groups and lookarounds; no \Q...\E, \K, back-
 * references, captures, verbs, options, comments or POSIX classes.
 */
static const char *
ngx_http_postflow_lexicon_raw(u_char *p, u_char *last)
{
    for ( /* void */ ; p < last; p++) {

        if (*p == '\\') {
            if (++p == last) {
                return "\"\\\" ends the PCRE2 between \"`\"";
            }

            if (ngx_strchr("QEKgkN0123456789", *p) != NULL) {
                return "\\Q, \\E, \\K, \\N or a back-reference"
                       " between \"`\"";
            }

            continue;
        }

        if (*p == '[') {
            p++;

            if (p < last && *p == '^') {
                p++;
            }

            if (p < last && *p == ']') {
                p++;
            }

            while (p < last && *p != ']') {
                if (*p == '[' && p + 1 < last && ngx_strchr(":.=", p[1])) {
                    return "a POSIX class between \"`\"";
                }

                if (*p == '\\') {
                    p++;
                }

                p++;
            }

            if (p >= last) {
                return "\"[\" not closed between \"`\"";
            }

            continue;
        }

        if (*p == '(') {
            if (last - p >= 3 && p[1] == '?'
                && (p[2] == ':' || p[2] == '=' || p[2] == '!'))
            {
                continue;
            }

            if (last - p >= 4 && p[1] == '?' && p[2] == '<'
                && (p[3] == '=' || p[3] == '!'))
            {
                continue;
            }

            return "only (?:...) groups and lookarounds between \"`\"";
        }
    }

    return NULL;
}


/* a character as the analyser folds it, escaped where PCRE2 would not
 * read it as itself */
static ngx_int_t
ngx_http_postflow_lexicon_literal(ngx_http_postflow_lexicon_ctx_t *ctx,
    ngx_uint_t *space, ngx_uint_t *alnum)
{
    u_char    *d, *s;
    uint32_t   c;
    u_char     folded[8], escaped[16];

    c = ngx_http_postflow_fold_decode(&ctx->p, ctx->last);

    if (c == NGX_HTTP_POSTFLOW_INVALID || c < 0x20 || c == 0x7f) {
        ctx->error = "not valid UTF-8, or a control character";
        return NGX_ERROR;
    }

    s = ngx_http_postflow_fold_char(folded, c);
    d = escaped;

    for (c = 0; folded + c < s; c++) {
        if (ngx_strchr("\\^$.|?*+()[]{}", folded[c]) != NULL) {
            *d++ = '\\';
        }

        *d++ = folded[c];
    }

    *space = (s - folded == 1 && folded[0] == ' ');
    *alnum = (s - folded == 1
              && ((folded[0] >= 'a' && folded[0] <= 'z')
                  || (folded[0] >= '0' && folded[0] <= '9')));

    return ngx_http_postflow_lexicon_put(ctx->out, escaped, d - escaped);
}


static ngx_int_t
ngx_http_postflow_lexicon_put(ngx_http_postflow_lexicon_buf_t *b, u_char *p,
    size_t len)
{
    u_char  *n;
    size_t   size;

    if (b->len + len > b->size) {
        size = ngx_max(b->size * 2, b->len + len);

        n = ngx_pnalloc(b->pool, size);
        if (n == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(n, b->data, b->len);
        b->data = n;
        b->size = size;
    }

    ngx_memcpy(b->data + b->len, p, len);
    b->len += len;

    return NGX_OK;
}


/* err = "FILE:LINE: msg" */
static ngx_int_t
ngx_http_postflow_lexicon_error(ngx_http_postflow_lexicon_t *lex,
    ngx_str_t *file, ngx_uint_t line, ngx_str_t *msg, ngx_str_t *err)
{
    u_char      *p, num[NGX_INT_T_LEN];
    size_t       n;
    ngx_uint_t   v;

    n = 0;
    v = line;

    do {
        num[sizeof(num) - 1 - n++] = (u_char) ('0' + v % 10);
        v /= 10;
    } while (v && n < sizeof(num));

    p = ngx_pnalloc(lex->pool, file->len + n + msg->len + 4);
    if (p == NULL) {
        return NGX_ERROR;
    }

    err->data = p;

    p = ngx_cpymem(p, file->data, file->len);
    *p++ = ':';
    p = ngx_cpymem(p, num + sizeof(num) - n, n);
    *p++ = ':';
    *p++ = ' ';
    p = ngx_cpymem(p, msg->data, msg->len);

    err->len = p - err->data;

    return NGX_DECLINED;
}
