
/*
 * ngx_postflow: review-comment analysis.
 *
 * A comment is first folded into a bounded scratch buffer: lowercase,
 * accents and combining marks dropped (NFC and NFD spell the same),
 * typographic apostrophes, quotes, dashes and spaces made plain, and
 * invalid UTF-8 turned into spaces.  An offset map leads back to the
 * original bytes for the matches reported to the user.
 *
 * A lexicon of PCRE2 patterns, alternatives each tagged with a
 * (*MARK), then cuts the folded text into cues: approvals, praise,
 * requests, reported problems, negators, conditions, exceptions,
 * timecodes, emoji, editors' announcements...  The verdict is decided
 * in C from the cues and their scope (clause, sentence, question,
 * negation), so that the phenomena of review language are rules
 * rather than sentences.  A second pattern counts the seed method's
 * keywords for review_score, plus the words added by the
 * postflow_review_keywords directive, which also act as cues.
 *
 * Everything is compiled once at configuration time (UTF, JIT when
 * available; the lexicon needs no CASELESS as the text is folded to
 * lowercase, nor UCP as its words are ASCII once folded: its "\b" is
 * ASCII, which costs less on every word; the keywords have both for
 * the scripts the fold leaves alone); analysing a comment allocates
 * nothing.  The scratch buffers live in the analyser: nginx workers
 * are single-threaded, one analysis runs at a time per process.
 */


#define PCRE2_CODE_UNIT_WIDTH  8

#include <ngx_config.h>
#include <ngx_core.h>
#include <pcre2.h>

#include "ngx_http_postflow_review.h"
#include "ngx_http_postflow_fold.h"
#include "ngx_http_postflow_lexicon.h"


#define NGX_HTTP_POSTFLOW_CUES_MAX       128
#define NGX_HTTP_POSTFLOW_SENTENCES_MAX  64
#define NGX_HTTP_POSTFLOW_KEYWORD_MAX    64
#define NGX_HTTP_POSTFLOW_MATCH_LIMIT    100000
#define NGX_HTTP_POSTFLOW_DEPTH_LIMIT    1000
#define NGX_HTTP_POSTFLOW_HEAP_LIMIT     256     /* KiB */

/* words between a negator and what it negates, inclusive */
#define NGX_HTTP_POSTFLOW_NEG_SCOPE      4

/* bytes that start a word, bytes that may follow: see "cls" */
#define NGX_HTTP_POSTFLOW_FIRST          36
#define NGX_HTTP_POSTFLOW_NEXT           39
#define NGX_HTTP_POSTFLOW_OTHER          0xff


/* what a lexeme means; the order is the order of the marks */
typedef enum {
    NGX_HTTP_POSTFLOW_CUE_APPROVE = 0,   /* approved, validé, ship it */
    NGX_HTTP_POSTFLOW_CUE_PRAISE,        /* great, parfait, bravo */
    NGX_HTTP_POSTFLOW_CUE_FINE,          /* fine, ok, clean: weak, negatable */
    NGX_HTTP_POSTFLOW_CUE_RIGHT,         /* right, bon, in sync: negatable */
    NGX_HTTP_POSTFLOW_CUE_REQUEST,       /* please fix, à corriger */
    NGX_HTTP_POSTFLOW_CUE_PROBLEM,       /* wrong, trop long, typo */
    NGX_HTTP_POSTFLOW_CUE_NOTES,         /* notes, retours: negatable */
    NGX_HTTP_POSTFLOW_CUE_EXCEPT,        /* sauf, except, apart from */
    NGX_HTTP_POSTFLOW_CUE_CONTRAST,      /* but, mais, par contre */
    NGX_HTTP_POSTFLOW_CUE_REMAINING,     /* only thing left, one note */
    NGX_HTTP_POSTFLOW_CUE_STILL,         /* still no, toujours pas */
    NGX_HTTP_POSTFLOW_CUE_REJECT,        /* rejected, refusé */
    NGX_HTTP_POSTFLOW_CUE_CONDITION,     /* if, once, sous réserve */
    NGX_HTTP_POSTFLOW_CUE_AFTER,         /* after, après */
    NGX_HTTP_POSTFLOW_CUE_FUTURE,        /* will sign off, validerai */
    NGX_HTTP_POSTFLOW_CUE_OPTIONAL,      /* not blocking, next time */
    NGX_HTTP_POSTFLOW_CUE_STATUS,        /* waiting for approval */
    NGX_HTTP_POSTFLOW_CUE_NEGATOR,       /* not, pas, aucun, no */
    NGX_HTTP_POSTFLOW_CUE_NE,            /* ne, n' */
    NGX_HTTP_POSTFLOW_CUE_PLUS,          /* plus (after ne) */
    NGX_HTTP_POSTFLOW_CUE_THANKS,        /* merci, noted, ok merci */
    NGX_HTTP_POSTFLOW_CUE_NO_WORRIES,    /* leading "no problem," */
    NGX_HTTP_POSTFLOW_CUE_EDITOR,        /* I'll, je relance, exporting */
    NGX_HTTP_POSTFLOW_CUE_DONE,          /* fixed, corrigé */
    NGX_HTTP_POSTFLOW_CUE_VERSION_UP,    /* v2 is up, nouvelle version dispo */
    NGX_HTTP_POSTFLOW_CUE_VERSION,       /* in v2, dans la V2 */
    NGX_HTTP_POSTFLOW_CUE_CHECK,         /* please check, dites-moi */
    NGX_HTTP_POSTFLOW_CUE_PARTIAL,       /* still chasing, tomorrow */
    NGX_HTTP_POSTFLOW_CUE_PLATFORM,      /* link, download, player */
    NGX_HTTP_POSTFLOW_CUE_TIMECODE,      /* 0:45, @00:42, frame 880 */
    NGX_HTTP_POSTFLOW_CUE_EMOJI_OK,      /* thumbs up and friends */
    NGX_HTTP_POSTFLOW_CUE_EMOJI_NO,      /* thumbs down, no entry */
    NGX_HTTP_POSTFLOW_CUE_YET,           /* yet, encore, so far */
    NGX_HTTP_POSTFLOW_CUE_IRONY,         /* "Lovely, the flash is back." */
    NGX_HTTP_POSTFLOW_CUE_GONE,          /* is gone, a disparu */
    NGX_HTTP_POSTFLOW_CUE_SCOPE,         /* de mon côté, Sound approved */
    NGX_HTTP_POSTFLOW_CUE_ELEMENT,       /* logo, packshot, VO */
    NGX_HTTP_POSTFLOW_CUE_NOW,           /* now, maintenant, no longer */
    NGX_HTTP_POSTFLOW_CUE_LATER,         /* I'll handle the VO on Monday */
    NGX_HTTP_POSTFLOW_NCUES
} ngx_http_postflow_cue_e;


/* the keyword pattern's marks */
#define NGX_HTTP_POSTFLOW_MARK_SEED_OK   'p'
#define NGX_HTTP_POSTFLOW_MARK_SEED_NO   'n'
#define NGX_HTTP_POSTFLOW_MARK_USER_OK   'P'
#define NGX_HTTP_POSTFLOW_MARK_USER_NO   'N'


/* cue flags */
#define NGX_HTTP_POSTFLOW_CUE_NEGATED    0x01
#define NGX_HTTP_POSTFLOW_CUE_QUESTION   0x02
#define NGX_HTTP_POSTFLOW_CUE_MOOT       0x04  /* optional, platform, fixed */
#define NGX_HTTP_POSTFLOW_CUE_USER       0x08
#define NGX_HTTP_POSTFLOW_CUE_WORSE      0x10  /* "but now ...": a new flaw */


/* sentence flags */
#define NGX_HTTP_POSTFLOW_SENT_QUESTION  0x01
#define NGX_HTTP_POSTFLOW_SENT_OPTIONAL  0x02
#define NGX_HTTP_POSTFLOW_SENT_PLATFORM  0x04
#define NGX_HTTP_POSTFLOW_SENT_CONDITION 0x08
#define NGX_HTTP_POSTFLOW_SENT_AFTER     0x10
#define NGX_HTTP_POSTFLOW_SENT_YET       0x20
#define NGX_HTTP_POSTFLOW_SENT_ASKS      0x40  /* asks about a status */
#define NGX_HTTP_POSTFLOW_SENT_DONE      0x80  /* names a change to make */


/* what a cue contributed to the verdict */
typedef enum {
    NGX_HTTP_POSTFLOW_ROLE_NONE = 0,
    NGX_HTTP_POSTFLOW_ROLE_APPROVE,      /* strong */
    NGX_HTTP_POSTFLOW_ROLE_LEAN_APPROVE, /* weak: praise, emoji */
    NGX_HTTP_POSTFLOW_ROLE_CHANGES,      /* strong */
    NGX_HTTP_POSTFLOW_ROLE_LEAN_CHANGES, /* weak: a bare timecode */
    NGX_HTTP_POSTFLOW_ROLE_NEUTRAL       /* explains a neutral verdict */
} ngx_http_postflow_role_e;


typedef struct {
    uint16_t                     start;       /* in the folded text */
    uint16_t                     end;
    uint16_t                     word;        /* index of its first word */
    uint16_t                     word_end;    /* index of its last word */
    uint16_t                     clause;
    uint8_t                      sentence;
    uint8_t                      type;        /* ngx_http_postflow_cue_e */
    uint8_t                      flags;
    uint8_t                      role;        /* ngx_http_postflow_role_e */
    const char                  *rule;
} ngx_http_postflow_cue_t;


typedef struct {
    ngx_uint_t                   approve;
    ngx_uint_t                   lean_approve;
    ngx_uint_t                   changes;
    ngx_uint_t                   lean_changes;
    ngx_uint_t                   thanks;
    ngx_uint_t                   editor;
    ngx_uint_t                   no_worries;
    ngx_uint_t                   done;
    ngx_uint_t                   version_up;
    ngx_uint_t                   version;
    ngx_uint_t                   check;
    ngx_uint_t                   partial;
    ngx_uint_t                   explicit;    /* approval words */
    ngx_uint_t                   scope;       /* for one's own part */
    ngx_uint_t                   reserved;    /* praise before a "but" */
} ngx_http_postflow_tally_t;


typedef struct {
    ngx_uint_t                   type;
    ngx_uint_t                   word;        /* ends at a word boundary */
    const char                  *pattern;
} ngx_http_postflow_lexeme_t;


/*
 * A lexeme alternative as the dispatch by first byte sees it: a leaf,
 * taken whole where it can start; a leading group whose alternatives
 * are kept only where they can start ("children", then "rest"); or
 * leading assertions, kept, before the "next" node.
 */
typedef struct ngx_http_postflow_node_s  ngx_http_postflow_node_t;

struct ngx_http_postflow_node_s {
    u_char                      *start;
    u_char                      *end;
    u_char                      *rest;
    ngx_array_t                 *children;    /* ngx_http_postflow_node_t */
    ngx_http_postflow_node_t    *next;
    uint32_t                     first[8];    /* bytes it can start with */
};


/* a lexeme's top-level alternative */
typedef struct {
    ngx_http_postflow_lexeme_t  *lexeme;
    ngx_http_postflow_node_t    *node;
} ngx_http_postflow_top_t;


/* a bucket's pattern, compiled once for every bucket that has it */
typedef struct {
    ngx_str_t                    pattern;
    pcre2_code                  *code;
} ngx_http_postflow_bucket_t;


struct ngx_http_postflow_review_s {
    ngx_pool_t                  *pool;
    ngx_log_t                   *log;

    ngx_array_t                 *user[2];     /* ngx_str_t, folded */
    ngx_uint_t                   builtin[2];  /* seed list in use */

    ngx_http_postflow_lexicon_t *lexicon;
    ngx_http_postflow_lexeme_t  *lexemes;     /* compiled, in order */
    ngx_uint_t                   vocabulary;  /* the built-in one read */
    ngx_uint_t                   replaced;    /* or not to be */
    ngx_uint_t                   lexicons;    /* files added */

    double                       approve;
    double                       reject;

    /*
     * The lexicon, one anchored pattern by the byte a match starts
     * with, and by a word's first two bytes (its first byte, the class
     * of the second): see ngx_http_postflow_review_buckets()
     */
    pcre2_code                  *bucket[256];
    pcre2_code                  *pair[NGX_HTTP_POSTFLOW_FIRST]
                                     [NGX_HTTP_POSTFLOW_NEXT];
    ngx_array_t                 *codes;       /* pcre2_code * */
    ngx_uint_t                   jit;         /* every pattern has JIT */
    ngx_uint_t                   compiled;
    u_char                       cls[256];    /* class of a byte */

    pcre2_code                  *seed;
    uint32_t                     seed_first[8];
    uint64_t                     seed_next[NGX_HTTP_POSTFLOW_FIRST];

    pcre2_code                  *validator;
    pcre2_match_data            *match_data;
    pcre2_match_context         *match_ctx;

    /* scratch for one analysis */
    size_t                       len;
    ngx_uint_t                   ncues;
    ngx_http_postflow_cue_t      cues[NGX_HTTP_POSTFLOW_CUES_MAX];
    u_char                       sent[NGX_HTTP_POSTFLOW_SENTENCES_MAX];
    u_char                       text[NGX_HTTP_POSTFLOW_TEXT_MAX + 1];
    uint16_t                     map[NGX_HTTP_POSTFLOW_TEXT_MAX + 1];
};


static void ngx_http_postflow_review_cleanup(void *data);
static ngx_int_t ngx_http_postflow_review_builtin(
    ngx_http_postflow_review_t *review, ngx_uint_t vocabulary,
    ngx_str_t *err);
static ngx_http_postflow_lexeme_t *ngx_http_postflow_review_lexemes(
    ngx_http_postflow_review_t *review, ngx_str_t *err);
static ngx_int_t ngx_http_postflow_review_validate(
    ngx_http_postflow_review_t *review, ngx_str_t *word, ngx_str_t *err);
static ngx_array_t *ngx_http_postflow_review_parse(
    ngx_http_postflow_review_t *review, u_char *p, u_char *last,
    ngx_str_t *err);
static ngx_int_t ngx_http_postflow_review_node(
    ngx_http_postflow_review_t *review, ngx_http_postflow_node_t *node,
    u_char *p, u_char *last, ngx_str_t *err);
static u_char *ngx_http_postflow_review_pattern_end(u_char *p,
    u_char *last, u_char stop);
static u_char *ngx_http_postflow_review_skip(u_char *p, u_char *last);
static ngx_uint_t ngx_http_postflow_review_assertions(u_char *p,
    u_char *last);
static ngx_int_t ngx_http_postflow_review_first(
    ngx_http_postflow_review_t *review, u_char *p, size_t len,
    uint32_t options, uint32_t *first, pcre2_code **probe, ngx_str_t *err);
static u_char *ngx_http_postflow_review_emit(ngx_http_postflow_node_t *node,
    ngx_uint_t b, u_char *d);
static ngx_int_t ngx_http_postflow_review_buckets(
    ngx_http_postflow_review_t *review, ngx_array_t *tops, ngx_str_t *err);
static ngx_int_t ngx_http_postflow_review_nexts(
    ngx_http_postflow_review_t *review, ngx_array_t *tops, ngx_uint_t b,
    uint64_t *next, ngx_str_t *err);
static ngx_int_t ngx_http_postflow_review_bucket(
    ngx_http_postflow_review_t *review, ngx_array_t *tops, ngx_uint_t b,
    uint64_t *next, ngx_uint_t c, size_t size, ngx_array_t *done,
    pcre2_code **bucket, ngx_str_t *err);
static uint64_t ngx_http_postflow_review_probe(
    ngx_http_postflow_review_t *review, pcre2_code *re, u_char first);
static ngx_int_t ngx_http_postflow_review_seed(
    ngx_http_postflow_review_t *review, ngx_str_t *err);
static void ngx_http_postflow_review_free(ngx_array_t *codes);
static u_char *ngx_http_postflow_review_build_seed(
    ngx_http_postflow_review_t *review, size_t *len);
static u_char *ngx_http_postflow_review_add_list(u_char *p,
    const char **words, ngx_array_t *user, u_char mark);
static size_t ngx_http_postflow_review_list_size(const char **words,
    ngx_array_t *user);
static pcre2_code *ngx_http_postflow_review_regex(
    ngx_http_postflow_review_t *review, u_char *pattern, size_t len,
    uint32_t options, ngx_uint_t jit, ngx_str_t *err);
static size_t ngx_http_postflow_review_fold(u_char *dst, uint16_t *map,
    u_char *text, size_t len);
static void ngx_http_postflow_review_scan(ngx_http_postflow_review_t *review);
static void ngx_http_postflow_review_keywords(
    ngx_http_postflow_review_t *review, ngx_http_postflow_analysis_t *an);
static void ngx_http_postflow_review_insert(ngx_http_postflow_review_t *review,
    ngx_uint_t type, size_t start, size_t end);
static void ngx_http_postflow_review_locate(
    ngx_http_postflow_review_t *review);
static void ngx_http_postflow_review_sentences(
    ngx_http_postflow_review_t *review);
static void ngx_http_postflow_review_negate(
    ngx_http_postflow_review_t *review);
static ngx_uint_t ngx_http_postflow_review_modifier(
    ngx_http_postflow_review_t *review, ngx_uint_t i);
static void ngx_http_postflow_review_concede(
    ngx_http_postflow_review_t *review);
static void ngx_http_postflow_review_worse(ngx_http_postflow_review_t *review);
static ngx_uint_t ngx_http_postflow_review_settles(
    ngx_http_postflow_cue_t *cue);
static ngx_uint_t ngx_http_postflow_review_negated(
    ngx_http_postflow_review_t *review, ngx_uint_t i);
static void ngx_http_postflow_review_resolve(
    ngx_http_postflow_review_t *review);
static void ngx_http_postflow_review_weigh(ngx_http_postflow_review_t *review,
    ngx_http_postflow_tally_t *t);
static ngx_uint_t ngx_http_postflow_review_conditional(u_char sent,
    ngx_uint_t weak);
static void ngx_http_postflow_review_weigh_cue(ngx_http_postflow_cue_t *cue,
    u_char sent, ngx_http_postflow_tally_t *t);
static void ngx_http_postflow_review_verdict(ngx_http_postflow_review_t *review,
    ngx_http_postflow_tally_t *t, ngx_http_postflow_analysis_t *an);
static void ngx_http_postflow_review_explain(ngx_http_postflow_review_t *review,
    ngx_uint_t role, ngx_uint_t alt, ngx_http_postflow_analysis_t *an);


static ngx_inline ngx_uint_t
ngx_http_postflow_review_alnum(u_char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
           || (c >= 'A' && c <= 'Z') || c == '_';
}


/*
 * pcre2_jit_match() skips the checks pcre2_match() makes on every
 * call; the folded text is valid UTF-8 by construction.
 */
static ngx_inline int
ngx_http_postflow_review_match(ngx_http_postflow_review_t *review,
    pcre2_code *re, size_t off)
{
    if (review->jit) {
        return pcre2_jit_match(re, review->text, review->len, off, 0,
                               review->match_data, review->match_ctx);
    }

    return pcre2_match(re, review->text, review->len, off,
                       PCRE2_NO_UTF_CHECK, review->match_data,
                       review->match_ctx);
}


/* the lexicon's pattern for a word that starts at "off", or NULL */

static ngx_inline pcre2_code *
ngx_http_postflow_review_bucket_at(ngx_http_postflow_review_t *review,
    size_t off)
{
    u_char      *text;
    ngx_uint_t   f, c;

    text = review->text;

    if (review->bucket[text[off]] == NULL) {
        return NULL;
    }

    f = review->cls[text[off]];

    if (f < NGX_HTTP_POSTFLOW_FIRST && off + 1 < review->len
        && review->cls[text[off + 1]] != NGX_HTTP_POSTFLOW_OTHER)
    {
        c = review->cls[text[off + 1]];
        return review->pair[f][c];
    }

    return review->bucket[text[off]];
}


static ngx_inline ngx_uint_t
ngx_http_postflow_review_seed_may(ngx_http_postflow_review_t *review,
    size_t off)
{
    u_char      *text;
    ngx_uint_t   f, c;

    text = review->text;

    if (off > 0 && ngx_http_postflow_review_alnum(text[off])
        && ngx_http_postflow_review_alnum(text[off - 1]))
    {
        return 0;
    }

    f = review->cls[text[off]];

    if (f < NGX_HTTP_POSTFLOW_FIRST && off + 1 < review->len
        && review->cls[text[off + 1]] != NGX_HTTP_POSTFLOW_OTHER)
    {
        c = review->cls[text[off + 1]];
        return (review->seed_next[f] >> c) & 1;
    }

    return (review->seed_first[text[off] >> 5] >> (text[off] & 31)) & 1;
}


static ngx_inline ngx_uint_t
ngx_http_postflow_review_wordchar(u_char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}


/* a cue that says what is wrong or what to change */
static ngx_inline ngx_uint_t
ngx_http_postflow_review_content(ngx_uint_t type)
{
    switch (type) {

    case NGX_HTTP_POSTFLOW_CUE_REQUEST:
    case NGX_HTTP_POSTFLOW_CUE_PROBLEM:
    case NGX_HTTP_POSTFLOW_CUE_REMAINING:
    case NGX_HTTP_POSTFLOW_CUE_STILL:
    case NGX_HTTP_POSTFLOW_CUE_EXCEPT:
    case NGX_HTTP_POSTFLOW_CUE_ELEMENT:
    case NGX_HTTP_POSTFLOW_CUE_TIMECODE:
    case NGX_HTTP_POSTFLOW_CUE_REJECT:
    case NGX_HTTP_POSTFLOW_CUE_EMOJI_NO:
    case NGX_HTTP_POSTFLOW_CUE_IRONY:
        return 1;
    }

    return 0;
}


static ngx_inline ngx_uint_t
ngx_http_postflow_review_clause_end(u_char *text, size_t i, size_t len)
{
    switch (text[i]) {

    case ',': case ';': case ':': case '!': case '?': case '(': case ')':
    case '\n': case '"':
        return 1;

    case '.':
        /* not in "19.99", "5.1" or "frame.io" */
        return i + 1 >= len || !ngx_http_postflow_review_wordchar(text[i + 1]);

    case '-':
        /* a dash between spaces, not a hyphen */
        return i > 0 && text[i - 1] == ' ' && i + 1 < len
               && text[i + 1] == ' ';
    }

    return 0;
}


/*
 * The built-in lexicon, generated from the files of lexicon/: the rules table
 * first, then the vocabulary files.
 */
#include "ngx_http_postflow_lexicon_builtin.h"


/*
 * The seed method's kind of lists, whole words after folding:
 * "validé" counts as "valide".  They only feed review_score and the
 * LEANING_* states.  Function words that carry no opinion in ordinary
 * chatter ("ok", "go", "no", "pas") are left out.
 */

static const char  *ngx_http_postflow_seed_approve[] = {
    "approved", "approve", "approuve", "valide", "lgtm", "looks good",
    "good", "great", "perfect", "parfait", "excellent", "super", "bravo",
    "nickel", "signed off", "sign off", "love it",
    NULL
};

static const char  *ngx_http_postflow_seed_reject[] = {
    "rejected", "reject", "refuse", "change", "changes", "changer",
    "modifier", "fix", "corriger", "correction", "wrong", "faux", "issue",
    "problem", "probleme", "error", "erreur", "redo", "refaire", "revoir",
    NULL
};


/* the classes of "cls": the first 36 start a word */
static u_char  ngx_http_postflow_next[] =
    "abcdefghijklmnopqrstuvwxyz0123456789 '-";


static const char  *ngx_http_postflow_rule_names[] = {
    "approval", "praise", "fine", "right", "request", "problem", "notes",
    "exception", "contrast", "remaining", "still-missing", "rejection",
    "condition", "after", "future-approval", "optional", "status",
    "negation", "negation", "negation", "thanks", "no-problem", "editor",
    "fix-done", "version-up", "version", "check", "partial", "platform",
    "timecode", "emoji-approve", "emoji-changes", "yet", "irony", "gone",
    "own-part", "element", "now", "later"
};


ngx_http_postflow_review_t *
ngx_http_postflow_review_create(ngx_pool_t *pool, ngx_log_t *log)
{
    ngx_pool_cleanup_t          *cln;
    ngx_http_postflow_review_t  *review;

    review = ngx_pcalloc(pool, sizeof(ngx_http_postflow_review_t));
    if (review == NULL) {
        return NULL;
    }

    cln = ngx_pool_cleanup_add(pool, 0);
    if (cln == NULL) {
        return NULL;
    }

    cln->handler = ngx_http_postflow_review_cleanup;
    cln->data = review;

    review->pool = pool;
    review->log = log;
    review->builtin[0] = 1;
    review->builtin[1] = 1;
    review->approve = 0.5;
    review->reject = -0.5;

    review->user[0] = ngx_array_create(pool, 4, sizeof(ngx_str_t));
    review->user[1] = ngx_array_create(pool, 4, sizeof(ngx_str_t));
    if (review->user[0] == NULL || review->user[1] == NULL) {
        return NULL;
    }

    return review;
}


static void
ngx_http_postflow_review_cleanup(void *data)
{
    ngx_http_postflow_review_t  *review = data;

    ngx_http_postflow_review_free(review->codes);

    pcre2_code_free(review->seed);
    pcre2_code_free(review->validator);
    pcre2_match_data_free(review->match_data);
    pcre2_match_context_free(review->match_ctx);

    review->seed = NULL;
    review->validator = NULL;
    review->match_data = NULL;
    review->match_ctx = NULL;
}


ngx_int_t
ngx_http_postflow_review_add_keyword(ngx_http_postflow_review_t *review,
    ngx_uint_t approve, ngx_str_t *word, ngx_str_t *err)
{
    u_char     *p;
    size_t      n;
    ngx_str_t  *kw;
    uint16_t    map[NGX_HTTP_POSTFLOW_KEYWORD_MAX + 1];
    u_char      folded[NGX_HTTP_POSTFLOW_KEYWORD_MAX + 1];

    if (ngx_http_postflow_review_validate(review, word, err) != NGX_OK) {
        return NGX_ERROR;
    }

    n = ngx_http_postflow_review_fold(folded, map, word->data, word->len);

    /* a word made only of marks folds to nothing */
    if (n == 0) {
        ngx_str_set(err, "keyword has no letter");
        return NGX_ERROR;
    }

    p = ngx_pnalloc(review->pool, n);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(p, folded, n);

    kw = ngx_array_push(review->user[approve ? 1 : 0]);
    if (kw == NULL) {
        return NGX_ERROR;
    }

    kw->data = p;
    kw->len = n;

    return NGX_OK;
}


/*
 * A keyword is letters and digits, possibly joined by single
 * apostrophes, hyphens or spaces: whatever else would either never
 * match as a whole word or be read as regular-expression syntax.
 */
static ngx_int_t
ngx_http_postflow_review_validate(ngx_http_postflow_review_t *review,
    ngx_str_t *word, ngx_str_t *err)
{
    int             rc;
    ngx_str_t       e;
    static u_char   pattern[] =
        "^[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*+"
        "(?:['\\x{2019}\\- ][\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*+)*+$";

    if (word->len == 0) {
        ngx_str_set(err, "empty keyword");
        return NGX_ERROR;
    }

    if (word->len > NGX_HTTP_POSTFLOW_KEYWORD_MAX) {
        ngx_str_set(err, "keyword is longer than 64 bytes");
        return NGX_ERROR;
    }

    if (review->validator == NULL) {
        review->validator = ngx_http_postflow_review_regex(review, pattern,
                                                    sizeof(pattern) - 1,
                                                    PCRE2_CASELESS|PCRE2_UCP,
                                                    0, &e);
        if (review->validator == NULL) {
            *err = e;
            return NGX_ERROR;
        }
    }

    if (review->match_data == NULL) {
        review->match_data = pcre2_match_data_create(1, NULL);
        if (review->match_data == NULL) {
            ngx_str_set(err, "pcre2_match_data_create() failed");
            return NGX_ERROR;
        }
    }

    rc = pcre2_match(review->validator, word->data, word->len, 0, 0,
                     review->match_data, NULL);

    if (rc >= 0) {
        return NGX_OK;
    }

    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
        ngx_str_set(err, "keyword is not valid UTF-8");

    } else {
        ngx_str_set(err, "keyword must be letters and digits, joined by "
                         "single apostrophes, hyphens or spaces");
    }

    return NGX_ERROR;
}


ngx_int_t
ngx_http_postflow_review_clear_keywords(ngx_http_postflow_review_t *review,
    ngx_uint_t approve)
{
    review->builtin[approve ? 1 : 0] = 0;

    return NGX_OK;
}


ngx_int_t
ngx_http_postflow_review_set_thresholds(ngx_http_postflow_review_t *review,
    double approve, double reject, ngx_str_t *err)
{
    /* written so that NaN fails every comparison */
    if (!(reject >= -1.0 && reject < approve && approve <= 1.0)) {
        ngx_str_set(err, "thresholds must satisfy "
                         "-1 <= REJECT < APPROVE <= 1");
        return NGX_ERROR;
    }

    review->approve = approve;
    review->reject = reject;

    return NGX_OK;
}


/*
 * A lexicon file read by the postflow_review_lexicon directive: its
 * entries come before the built-in ones of their section, so that they
 * win where both match; "replace" leaves the built-in vocabulary out
 * (the rules table stays), and can only be the first file.
 */
ngx_int_t
ngx_http_postflow_review_add_lexicon(ngx_http_postflow_review_t *review,
    ngx_http_postflow_lexicon_file_t *file, ngx_uint_t replace,
    ngx_str_t *err)
{
    ngx_int_t  rc;

    if (replace) {
        if (review->lexicons) {
            ngx_str_set(err, "\"replace\" must be on the first lexicon");
            return NGX_DECLINED;
        }

        review->replaced = 1;
    }

    if (ngx_http_postflow_review_builtin(review, !review->replaced, err)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    review->lexicons++;

    ngx_str_null(err);

    rc = ngx_http_postflow_lexicon_groups(review->lexicon, file, err);

    if (rc == NGX_OK) {
        rc = ngx_http_postflow_lexicon_resolve(review->lexicon, err);
    }

    if (rc == NGX_OK) {
        rc = ngx_http_postflow_lexicon_add(review->lexicon, file, 0, err);
    }

    if (rc != NGX_OK && err->data == NULL) {
        ngx_str_set(err, "no memory for the lexicon");
    }

    return rc;
}


/* the rules table, and the built-in vocabulary if it is to be used */
static ngx_int_t
ngx_http_postflow_review_builtin(ngx_http_postflow_review_t *review,
    ngx_uint_t vocabulary, ngx_str_t *err)
{
    ngx_int_t                          rc;
    ngx_uint_t                         i;
    ngx_http_postflow_lexicon_file_t  *f;

    f = ngx_http_postflow_lexicon_builtin;

    ngx_str_null(err);

    if (review->lexicon == NULL) {
        review->lexicon = ngx_http_postflow_lexicon_create(review->pool);
        if (review->lexicon == NULL) {
            goto nomem;
        }

        if (ngx_http_postflow_lexicon_rules(review->lexicon, &f[0], err)
            != NGX_OK)
        {
            goto failed;
        }
    }

    if (!vocabulary || review->vocabulary) {
        return NGX_OK;
    }

    review->vocabulary = 1;

    for (i = 1; f[i].name.len; i++) {
        if (ngx_http_postflow_lexicon_groups(review->lexicon, &f[i], err)
            != NGX_OK)
        {
            goto failed;
        }
    }

    rc = ngx_http_postflow_lexicon_resolve(review->lexicon, err);

    for (i = 1; rc == NGX_OK && f[i].name.len; i++) {
        rc = ngx_http_postflow_lexicon_add(review->lexicon, &f[i], 1, err);
    }

    if (rc == NGX_OK) {
        return NGX_OK;
    }

failed:

    if (err->data) {
        return NGX_ERROR;
    }

nomem:

    ngx_str_set(err, "no memory for the lexicon");
    return NGX_ERROR;
}


/*
 * The lexicon as the matcher takes it: section by section in the rules
 * table's order, each one's added entries before its built-in ones.
 */
static ngx_http_postflow_lexeme_t *
ngx_http_postflow_review_lexemes(ngx_http_postflow_review_t *review,
    ngx_str_t *err)
{
    ngx_uint_t                            i, k, n;
    ngx_http_postflow_lexeme_t           *lx, *lexemes;
    ngx_http_postflow_lexicon_entry_t    *e;
    ngx_http_postflow_lexicon_section_t  *sec;

    if (ngx_http_postflow_review_builtin(review, !review->replaced, err)
        != NGX_OK)
    {
        return NULL;
    }

    lexemes = ngx_palloc(review->pool, (review->lexicon->nentries + 1)
                                       * sizeof(ngx_http_postflow_lexeme_t));
    if (lexemes == NULL) {
        ngx_str_set(err, "no memory for the lexicon");
        return NULL;
    }

    lx = lexemes;
    sec = review->lexicon->sections.elts;

    for (i = 0; i < review->lexicon->sections.nelts; i++) {
        for (k = 0; k < 2; k++) {
            e = sec[i].entries[k].elts;

            for (n = 0; n < sec[i].entries[k].nelts; n++) {
                lx->type = sec[i].cue;
                lx->word = sec[i].word;
                lx->pattern = (const char *) e[n].pattern.data;
                lx++;
            }
        }
    }

    lx->pattern = NULL;

    return lexemes;
}


ngx_int_t
ngx_http_postflow_review_compile(ngx_http_postflow_review_t *review,
    ngx_str_t *err)
{
    ngx_uint_t                   i;
    ngx_array_t                 *tops, *nodes;
    ngx_http_postflow_top_t     *top;
    ngx_http_postflow_node_t    *node;
    ngx_http_postflow_lexeme_t  *lx, *lexemes;

    review->jit = 1;

    lexemes = ngx_http_postflow_review_lexemes(review, err);
    if (lexemes == NULL) {
        return NGX_ERROR;
    }

    review->lexemes = lexemes;

    review->codes = ngx_array_create(review->pool, 64, sizeof(pcre2_code *));
    tops = ngx_array_create(review->pool, 512,
                            sizeof(ngx_http_postflow_top_t));

    if (review->match_data == NULL) {
        review->match_data = pcre2_match_data_create(1, NULL);
    }

    review->match_ctx = pcre2_match_context_create(NULL);

    if (review->codes == NULL || tops == NULL
        || review->match_data == NULL || review->match_ctx == NULL)
    {
        ngx_str_set(err, "no memory for the review patterns");
        return NGX_ERROR;
    }

    /* no input may make a match run away, whatever the patterns become */
    pcre2_set_match_limit(review->match_ctx, NGX_HTTP_POSTFLOW_MATCH_LIMIT);
    pcre2_set_depth_limit(review->match_ctx, NGX_HTTP_POSTFLOW_DEPTH_LIMIT);
    pcre2_set_heap_limit(review->match_ctx, NGX_HTTP_POSTFLOW_HEAP_LIMIT);

    ngx_memset(review->cls, NGX_HTTP_POSTFLOW_OTHER, sizeof(review->cls));

    for (i = 0; i < NGX_HTTP_POSTFLOW_NEXT; i++) {
        review->cls[ngx_http_postflow_next[i]] = (u_char) i;
    }

    for (lx = lexemes; lx->pattern; lx++) {
        nodes = ngx_http_postflow_review_parse(review, (u_char *) lx->pattern,
                        (u_char *) lx->pattern + ngx_strlen(lx->pattern),
                        err);
        if (nodes == NULL) {
            return NGX_ERROR;
        }

        node = nodes->elts;

        for (i = 0; i < nodes->nelts; i++) {
            top = ngx_array_push(tops);
            if (top == NULL) {
                ngx_str_set(err, "no memory for the review patterns");
                return NGX_ERROR;
            }

            top->lexeme = lx;
            top->node = &node[i];
        }
    }

    if (ngx_http_postflow_review_buckets(review, tops, err) != NGX_OK
        || ngx_http_postflow_review_seed(review, err) != NGX_OK)
    {
        return NGX_ERROR;
    }

    review->compiled = 1;

    return NGX_OK;
}


static void
ngx_http_postflow_review_free(ngx_array_t *codes)
{
    ngx_uint_t    i;
    pcre2_code  **re;

    if (codes == NULL) {
        return;
    }

    re = codes->elts;

    for (i = 0; i < codes->nelts; i++) {
        pcre2_code_free(re[i]);
    }

    codes->nelts = 0;
}


static pcre2_code *
ngx_http_postflow_review_regex(ngx_http_postflow_review_t *review,
    u_char *pattern, size_t len, uint32_t options, ngx_uint_t jit,
    ngx_str_t *err)
{
    int          rc;
    u_char       msg[128];
    PCRE2_SIZE   off;
    pcre2_code  *re;

    re = pcre2_compile(pattern, len, PCRE2_UTF | options,
                       &rc, &off, NULL);
    if (re == NULL) {
        pcre2_get_error_message(rc, msg, sizeof(msg));
        ngx_log_error(NGX_LOG_EMERG, review->log, 0,
                      "postflow review: pcre2_compile() failed: %s "
                      "at offset %uz", msg, (size_t) off);
        ngx_str_set(err, "cannot compile the review patterns");
        return NULL;
    }

    if (!jit) {
        return re;
    }

    /* JIT is an optimisation: without it pcre2_match() interprets */
    rc = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);

    if (rc < 0) {
        review->jit = 0;

        if (rc != PCRE2_ERROR_JIT_BADOPTION) {
            pcre2_get_error_message(rc, msg, sizeof(msg));
            ngx_log_error(NGX_LOG_WARN, review->log, 0,
                          "postflow review: pcre2_jit_compile() failed: %s",
                          msg);
        }
    }

    return re;
}


/*
 * The lexicon is compiled as one anchored pattern per byte a match can
 * start with, tried only where words start: hundreds of alternatives
 * at every position would be slow.  Each lexeme's alternatives are
 * parsed into nodes, and a bucket keeps of each alternative only what
 * can start with its byte, down into leading groups: the "c" bucket
 * holds the verbs of a list that begin with "c", not the whole list.
 * PCRE2 itself tells which bytes a leaf can start with.  Alternatives
 * stay in the lexicon's order, so at a given position the first one
 * that matches wins, exactly as in one big alternation.  Every
 * alternative is wrapped as "(?:ALT)\b(*:m)" ("(?:ALT)(*:m)" for raw
 * lexemes): the mark, 'A' + the cue type (any byte but ')' is a valid
 * mark name), tells which lexeme matched.
 */
static ngx_array_t *
ngx_http_postflow_review_parse(ngx_http_postflow_review_t *review,
    u_char *p, u_char *last, ngx_str_t *err)
{
    u_char                    *end;
    ngx_array_t               *nodes;
    ngx_http_postflow_node_t  *node;

    nodes = ngx_array_create(review->pool, 4,
                             sizeof(ngx_http_postflow_node_t));
    if (nodes == NULL) {
        goto nomem;
    }

    for ( ;; ) {
        end = ngx_http_postflow_review_pattern_end(p, last, '|');

        node = ngx_array_push(nodes);
        if (node == NULL) {
            goto nomem;
        }

        if (ngx_http_postflow_review_node(review, node, p, end, err)
            != NGX_OK)
        {
            return NULL;
        }

        if (end == last) {
            return nodes;
        }

        p = end + 1;
    }

nomem:

    ngx_str_set(err, "no memory for the review patterns");
    return NULL;
}


static ngx_int_t
ngx_http_postflow_review_node(ngx_http_postflow_review_t *review,
    ngx_http_postflow_node_t *node, u_char *p, u_char *last, ngx_str_t *err)
{
    u_char                    *close;
    ngx_uint_t                 i, k, assertion;
    ngx_http_postflow_node_t  *child;

    ngx_memzero(node, sizeof(ngx_http_postflow_node_t));

    node->start = p;
    node->end = last;

    close = NULL;
    assertion = 0;

    /* a lookaround that opens the alternative: "(?<=merci )beaucoup" */
    if ((last - p > 3
         && (ngx_strncmp(p, "(?=", 3) == 0 || ngx_strncmp(p, "(?!", 3) == 0))
        || (last - p > 4
            && (ngx_strncmp(p, "(?<=", 4) == 0
                || ngx_strncmp(p, "(?<!", 4) == 0)))
    {
        close = ngx_http_postflow_review_pattern_end(p, last, ')');
        assertion = 1;

    } else if (last - p > 3 && ngx_strncmp(p, "(?:", 3) == 0) {
        close = ngx_http_postflow_review_pattern_end(p, last, ')');
    }

    /* a quantified group cannot be cut: "(?:the )?only" is a leaf */
    if (close == NULL || close == last || close + 1 == last
        || ngx_strchr("?*+{", close[1]) != NULL)
    {
        return ngx_http_postflow_review_first(review, p, last - p, 0,
                                              node->first, NULL, err);
    }

    if (assertion || ngx_http_postflow_review_assertions(p + 3, close)) {
        node->next = ngx_palloc(review->pool,
                                sizeof(ngx_http_postflow_node_t));
        if (node->next == NULL) {
            ngx_str_set(err, "no memory for the review patterns");
            return NGX_ERROR;
        }

        if (ngx_http_postflow_review_node(review, node->next, close + 1,
                                          last, err)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        ngx_memcpy(node->first, node->next->first, sizeof(node->first));

        return NGX_OK;
    }

    node->children = ngx_http_postflow_review_parse(review, p + 3, close,
                                                    err);
    if (node->children == NULL) {
        return NGX_ERROR;
    }

    node->rest = close + 1;
    child = node->children->elts;

    for (i = 0; i < node->children->nelts; i++) {
        for (k = 0; k < 8; k++) {
            node->first[k] |= child[i].first[k];
        }
    }

    return NGX_OK;
}


/*
 * The first "stop" at depth 0 from p, or last: with '|' the end of the
 * alternative that starts at p, with ')' the end of the group opened at
 * p.  Escapes and classes are skipped.
 */
static u_char *
ngx_http_postflow_review_pattern_end(u_char *p, u_char *last,
    u_char stop)
{
    ngx_int_t  depth;

    depth = 0;

    for ( /* void */ ; p < last; p++) {

        switch (*p) {

        case '\\':
        case '[':
            p = ngx_http_postflow_review_skip(p, last);
            break;

        case '(':
            depth++;
            break;

        case ')':
            if (--depth == 0 && stop == ')') {
                return p;
            }

            break;

        case '|':
            if (depth == 0 && stop == '|') {
                return p;
            }

            break;
        }
    }

    return last;
}


/*
 * The last byte of an escape or of a character class ("]" first is a
 * member, escapes hide "]"): nothing in them opens, closes or splits.
 */
static u_char *
ngx_http_postflow_review_skip(u_char *p, u_char *last)
{
    if (*p == '\\') {
        return p + 1;
    }

    p++;

    if (p < last && *p == '^') {
        p++;
    }

    if (p < last && *p == ']') {
        p++;
    }

    while (p < last && *p != ']') {
        p += (*p == '\\') ? 2 : 1;
    }

    return p;
}


/*
 * Whether every alternative of a group only asserts ("^", "\b",
 * lookarounds): such a group consumes nothing, what follows it starts
 * the match.
 */
static ngx_uint_t
ngx_http_postflow_review_assertions(u_char *p, u_char *last)
{
    u_char  *end, *close;

    for ( ;; ) {
        end = ngx_http_postflow_review_pattern_end(p, last, '|');

        if (p == end) {
            return 0;
        }

        while (p < end) {

            if (*p == '^') {
                p++;

            } else if (end - p >= 2 && p[0] == '\\' && p[1] == 'b') {
                p += 2;

            } else if (end - p > 3
                       && (ngx_strncmp(p, "(?=", 3) == 0
                           || ngx_strncmp(p, "(?!", 3) == 0
                           || ngx_strncmp(p, "(?<=", 4) == 0
                           || ngx_strncmp(p, "(?<!", 4) == 0))
            {
                close = ngx_http_postflow_review_pattern_end(p, end, ')');
                if (close == end) {
                    return 0;
                }

                p = close + 1;

            } else {
                return 0;
            }
        }

        if (end == last) {
            return 1;
        }

        p = end + 1;
    }
}


/*
 * The bytes a piece of pattern can start with, from the start bitmap
 * or first code unit PCRE2 computes; every byte when it cannot tell.
 * The interpreted code is handed back in "probe" when asked for.
 */
static ngx_int_t
ngx_http_postflow_review_first(ngx_http_postflow_review_t *review,
    u_char *p, size_t len, uint32_t options, uint32_t *first,
    pcre2_code **probe, ngx_str_t *err)
{
    uint8_t      *bitmap;
    uint32_t      type, unit;
    ngx_uint_t    i;
    pcre2_code   *re;

    re = ngx_http_postflow_review_regex(review, p, len, options, 0, err);
    if (re == NULL) {
        return NGX_ERROR;
    }

    bitmap = NULL;
    type = 0;
    unit = 0;

    (void) pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bitmap);
    (void) pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type);
    (void) pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit);

    ngx_memzero(first, 8 * sizeof(uint32_t));

    if (bitmap) {
        ngx_memcpy(first, bitmap, 8 * sizeof(uint32_t));

    } else if (type == 1
               && (unit < 0x80
                   || (unit < 0x100 && !(options & PCRE2_CASELESS))))
    {
        /* a byte: ASCII, or the lead byte of a character (an emoji) */
        first[unit >> 5] |= 1u << (unit & 31);

        if ((options & PCRE2_CASELESS)
            && ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z'))
        {
            unit ^= 0x20;
            first[unit >> 5] |= 1u << (unit & 31);
        }

    } else {
        /* anything: try it everywhere */
        for (i = 0; i < 8; i++) {
            first[i] = 0xffffffff;
        }
    }

    /*
     * the folded text is UTF-8, and a match tried inside a character
     * would read it with the check PCRE2 was told to skip: the
     * continuation bytes 0x80-0xbf start nothing
     */
    first[4] = 0;
    first[5] = 0;

    if (probe) {
        *probe = re;

    } else {
        pcre2_code_free(re);
    }

    return NGX_OK;
}


/* writes at d what of the node can start with byte b; d when nothing */
static u_char *
ngx_http_postflow_review_emit(ngx_http_postflow_node_t *node, ngx_uint_t b,
    u_char *d)
{
    u_char                    *p, *start, *sep, *e;
    ngx_uint_t                 i;
    ngx_http_postflow_node_t  *child;

    if (!((node->first[b >> 5] >> (b & 31)) & 1)) {
        return d;
    }

    if (node->next) {
        p = ngx_cpymem(d, node->start, node->next->start - node->start);
        e = ngx_http_postflow_review_emit(node->next, b, p);

        return (e == p) ? d : e;
    }

    if (node->children == NULL) {
        return ngx_cpymem(d, node->start, node->end - node->start);
    }

    start = ngx_cpymem(d, "(?:", 3);
    p = start;
    child = node->children->elts;

    for (i = 0; i < node->children->nelts; i++) {
        sep = p;

        if (p != start) {
            *p++ = '|';
        }

        e = ngx_http_postflow_review_emit(&child[i], b, p);
        p = (e == p) ? sep : e;
    }

    if (p == start) {
        return d;
    }

    *p++ = ')';

    return ngx_cpymem(p, node->rest, node->end - node->rest);
}


/*
 * One pattern per byte; bytes whose patterns come out the same share
 * the compiled code.
 */
/*
 * One anchored pattern per byte a match may start with, of the
 * alternatives that may start with it; and for a word's first byte,
 * one per class of the byte after it, of the alternatives that may go
 * on with it ("le" and "la" try different ones).  A word start then
 * runs only the alternatives its first two bytes allow.
 */
static ngx_int_t
ngx_http_postflow_review_buckets(ngx_http_postflow_review_t *review,
    ngx_array_t *tops, ngx_str_t *err)
{
    size_t                    size;
    uint64_t                 *next;
    ngx_uint_t                b, c, f, i;
    ngx_array_t               done;
    ngx_http_postflow_top_t  *top;

    top = tops->elts;
    size = 0;

    for (i = 0; i < tops->nelts; i++) {
        size += (top[i].node->end - top[i].node->start)
                + sizeof("|(?:)\\b(*:A)") - 1;
    }

    next = ngx_palloc(review->pool, tops->nelts * sizeof(uint64_t));

    if (next == NULL
        || ngx_array_init(&done, review->pool, 256,
                          sizeof(ngx_http_postflow_bucket_t))
           != NGX_OK)
    {
        ngx_str_set(err, "no memory for the review patterns");
        return NGX_ERROR;
    }

    for (b = 0; b < 256; b++) {

        if (ngx_http_postflow_review_bucket(review, tops, b, NULL, 0, size,
                                            &done, &review->bucket[b], err)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        f = review->cls[b];

        if (f >= NGX_HTTP_POSTFLOW_FIRST || review->bucket[b] == NULL) {
            continue;
        }

        if (ngx_http_postflow_review_nexts(review, tops, b, next, err)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        for (c = 0; c < NGX_HTTP_POSTFLOW_NEXT; c++) {
            if (ngx_http_postflow_review_bucket(review, tops, b, next, c,
                                                size, &done,
                                                &review->pair[f][c], err)
                != NGX_OK)
            {
                return NGX_ERROR;
            }
        }
    }

    return NGX_OK;
}


/* the classes of byte each alternative may go on with after "b" */

static ngx_int_t
ngx_http_postflow_review_nexts(ngx_http_postflow_review_t *review,
    ngx_array_t *tops, ngx_uint_t b, uint64_t *next, ngx_str_t *err)
{
    u_char                    *p, *e, *q;
    ngx_uint_t                 i;
    pcre2_code                *re;
    ngx_http_postflow_top_t   *top;
    ngx_http_postflow_node_t  *node;

    top = tops->elts;

    for (i = 0; i < tops->nelts; i++) {
        next[i] = 0;

        p = ngx_pnalloc(review->pool, (top[i].node->end - top[i].node->start)
                                      + sizeof("(?:)\\b") - 1);
        if (p == NULL) {
            ngx_str_set(err, "no memory for the review patterns");
            return NGX_ERROR;
        }

        /*
         * Probed without its leading assertions, which only ever narrow
         * what matches; a lookbehind further on may look before the
         * match: such an alternative is kept for every next byte.
         */
        for (node = top[i].node; node->next; node = node->next) {
            /* void */
        }

        e = ngx_http_postflow_review_emit(node, b, p + 3);

        if (e == p + 3) {
            continue;
        }

        for (q = p + 3; q + 4 <= e; q++) {
            if (ngx_strncmp(q, "(?<=", 4) == 0) {
                break;
            }
        }

        if (q + 4 <= e) {
            next[i] = ((uint64_t) 1 << NGX_HTTP_POSTFLOW_NEXT) - 1;
            continue;
        }

        ngx_memcpy(p, "(?:", 3);
        e = ngx_cpymem(e, top[i].lexeme->word ? ")\\b" : ")",
                       top[i].lexeme->word ? 3 : 1);

        re = ngx_http_postflow_review_regex(review, p, e - p, PCRE2_ANCHORED,
                                            0, err);
        if (re == NULL) {
            return NGX_ERROR;
        }

        next[i] = ngx_http_postflow_review_probe(review, re, (u_char) b);

        pcre2_code_free(re);
    }

    return NGX_OK;
}


/*
 * The pattern of the alternatives that may start with "b" (and, with
 * "next", go on with class "c"), compiled once for every bucket that
 * has the same: NULL when there is none.
 */

static ngx_int_t
ngx_http_postflow_review_bucket(ngx_http_postflow_review_t *review,
    ngx_array_t *tops, ngx_uint_t b, uint64_t *next, ngx_uint_t c,
    size_t size, ngx_array_t *done, pcre2_code **bucket, ngx_str_t *err)
{
    u_char                      *scratch, *p, *e, *sep;
    ngx_uint_t                   i;
    pcre2_code                  *re, **code;
    ngx_http_postflow_top_t     *top;
    ngx_http_postflow_bucket_t  *d;

    top = tops->elts;
    *bucket = NULL;

    scratch = ngx_pnalloc(review->pool, size);
    if (scratch == NULL) {
        ngx_str_set(err, "no memory for the review patterns");
        return NGX_ERROR;
    }

    p = scratch;

    for (i = 0; i < tops->nelts; i++) {

        if (next && !((next[i] >> c) & 1)) {
            continue;
        }

        sep = p;

        if (p != scratch) {
            *p++ = '|';
        }

        p = ngx_cpymem(p, "(?:", 3);
        e = ngx_http_postflow_review_emit(top[i].node, b, p);

        if (e == p) {
            p = sep;
            continue;
        }

        p = e;
        p = ngx_cpymem(p, top[i].lexeme->word ? ")\\b(*:" : ")(*:",
                       top[i].lexeme->word ? 6 : 4);
        *p++ = (u_char) ('A' + top[i].lexeme->type);
        *p++ = ')';
    }

    if (p == scratch) {
        return NGX_OK;
    }

    d = done->elts;

    for (i = 0; i < done->nelts; i++) {
        if (d[i].pattern.len == (size_t) (p - scratch)
            && ngx_memcmp(d[i].pattern.data, scratch, p - scratch) == 0)
        {
            *bucket = d[i].code;
            return NGX_OK;
        }
    }

    re = ngx_http_postflow_review_regex(review, scratch, p - scratch,
                                        PCRE2_ANCHORED, 1, err);
    if (re == NULL) {
        return NGX_ERROR;
    }

    code = ngx_array_push(review->codes);
    d = ngx_array_push(done);

    if (code == NULL || d == NULL) {
        pcre2_code_free(re);
        ngx_str_set(err, "no memory for the review patterns");
        return NGX_ERROR;
    }

    *code = re;
    d->pattern.data = scratch;
    d->pattern.len = p - scratch;
    d->code = re;
    *bucket = re;

    return NGX_OK;
}


static uint64_t
ngx_http_postflow_review_probe(ngx_http_postflow_review_t *review,
    pcre2_code *re, u_char first)
{
    int         rc;
    u_char      subject[4];
    uint64_t    mask;
    ngx_uint_t  c, off;

    mask = 0;

    subject[0] = '.';
    subject[1] = ' ';
    subject[2] = first;

    for (c = 0; c < NGX_HTTP_POSTFLOW_NEXT; c++) {
        subject[3] = ngx_http_postflow_next[c];

        for (off = 0; off <= 2; off += 2) {
            rc = pcre2_match(re, subject + 2 - off, 2 + off, off,
                             PCRE2_PARTIAL_SOFT, review->match_data, NULL);

            if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL) {
                mask |= (uint64_t) 1 << c;
                break;
            }
        }
    }

    return mask;
}


/*
 * The keyword pattern (seed lists and the directive's words), tried
 * only where a word starts whose first two bytes may begin a keyword.
 */
static ngx_int_t
ngx_http_postflow_review_seed(ngx_http_postflow_review_t *review,
    ngx_str_t *err)
{
    size_t       len;
    u_char      *pattern;
    uint32_t     options;
    ngx_uint_t   f;
    pcre2_code  *probe;

    pattern = ngx_http_postflow_review_build_seed(review, &len);
    if (pattern == NULL) {
        ngx_str_set(err, "no memory for the review patterns");
        return NGX_ERROR;
    }

    if (len == 0) {
        return NGX_OK;
    }

    /*
     * The built-in words are lowercase ASCII, as the folded text is:
     * only the directive's words, which may be in any script, need
     * CASELESS, which costs on every word of every comment
     */
    options = (review->user[0]->nelts || review->user[1]->nelts)
              ? PCRE2_CASELESS : 0;

    /* the directive's words may be in any script: "\b" by Unicode */
    options |= PCRE2_UCP;

    if (ngx_http_postflow_review_first(review, pattern, len, options,
                                       review->seed_first, &probe, err)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    for (f = 0; f < NGX_HTTP_POSTFLOW_FIRST; f++) {
        review->seed_next[f] = ngx_http_postflow_review_probe(review, probe,
                                                ngx_http_postflow_next[f]);
    }

    pcre2_code_free(probe);

    review->seed = ngx_http_postflow_review_regex(review, pattern, len,
                                                  options|PCRE2_ANCHORED,
                                                  1, err);

    return review->seed ? NGX_OK : NGX_ERROR;
}


/*
 * "(?:(?:user)(*:P)|(?:user)(*:N)|(?:seed)(*:p)|(?:seed)(*:n))\b",
 * tried where words start, as the lexicon is.
 */
static u_char *
ngx_http_postflow_review_build_seed(ngx_http_postflow_review_t *review,
    size_t *len)
{
    u_char       *pattern, *p, *start;
    size_t        size;
    ngx_array_t   none;

    ngx_memzero(&none, sizeof(ngx_array_t));

    size = sizeof("(?:)\\b") - 1
           + ngx_http_postflow_review_list_size(NULL, review->user[1])
           + ngx_http_postflow_review_list_size(NULL, review->user[0])
           + ngx_http_postflow_review_list_size(
                 ngx_http_postflow_seed_approve, &none)
           + ngx_http_postflow_review_list_size(
                 ngx_http_postflow_seed_reject, &none);

    pattern = ngx_pnalloc(review->pool, size);
    if (pattern == NULL) {
        return NULL;
    }

    p = ngx_cpymem(pattern, "(?:", sizeof("(?:") - 1);
    start = p;

    p = ngx_http_postflow_review_add_list(p, NULL, review->user[1],
                                          NGX_HTTP_POSTFLOW_MARK_USER_OK);
    p = ngx_http_postflow_review_add_list(p, NULL, review->user[0],
                                          NGX_HTTP_POSTFLOW_MARK_USER_NO);

    if (review->builtin[1]) {
        p = ngx_http_postflow_review_add_list(p,
                                          ngx_http_postflow_seed_approve,
                                          &none,
                                          NGX_HTTP_POSTFLOW_MARK_SEED_OK);
    }

    if (review->builtin[0]) {
        p = ngx_http_postflow_review_add_list(p,
                                          ngx_http_postflow_seed_reject,
                                          &none,
                                          NGX_HTTP_POSTFLOW_MARK_SEED_NO);
    }

    if (p == start) {
        *len = 0;
        return pattern;
    }

    /* the last alternative left a '|' behind */
    p--;

    p = ngx_cpymem(p, ")\\b", sizeof(")\\b") - 1);

    *len = p - pattern;

    return pattern;
}


static size_t
ngx_http_postflow_review_list_size(const char **words, ngx_array_t *user)
{
    size_t       size;
    ngx_str_t   *w;
    ngx_uint_t   i;

    size = sizeof("(?:)(*:x)|") - 1;

    /* a word, its '|', and at most its first byte's "(?:)" */
    for (i = 0; words && words[i]; i++) {
        size += ngx_strlen(words[i]) + 1 + sizeof("(?:)") - 1;
    }

    w = user->elts;

    for (i = 0; i < user->nelts; i++) {
        size += w[i].len + 1;
    }

    return size;
}


/*
 * The built-in words are grouped by their first byte, in their order
 * otherwise: "a(?:pproved|pprove|pprouve)|g(?:ood|reat)|...".  Words
 * that start differently never match at the same place, so the first
 * match is the same, but a word is tried against one group instead of
 * every alternative.
 */
static u_char *
ngx_http_postflow_review_add_list(u_char *p, const char **words,
    ngx_array_t *user, u_char mark)
{
    u_char      *start, c;
    ngx_str_t   *w;
    ngx_uint_t   i, j, first;

    if ((words == NULL || words[0] == NULL) && user->nelts == 0) {
        return p;
    }

    p = ngx_cpymem(p, "(?:", sizeof("(?:") - 1);
    start = p;

    for (i = 0; words && words[i]; i++) {
        c = (u_char) words[i][0];

        for (j = 0; j < i; j++) {
            if ((u_char) words[j][0] == c) {
                break;
            }
        }

        /* the group was written with its first word */
        if (j < i) {
            continue;
        }

        if (p != start) {
            *p++ = '|';
        }

        *p++ = c;
        p = ngx_cpymem(p, "(?:", sizeof("(?:") - 1);
        first = 1;

        for (j = i; words[j]; j++) {
            if ((u_char) words[j][0] != c) {
                continue;
            }

            if (!first) {
                *p++ = '|';
            }

            first = 0;
            p = ngx_cpymem(p, words[j] + 1, ngx_strlen(words[j]) - 1);
        }

        *p++ = ')';
    }

    w = user->elts;

    /* validated words: letters, digits, ' - and space need no escaping */
    for (i = 0; i < user->nelts; i++) {
        if (p != start) {
            *p++ = '|';
        }

        p = ngx_cpymem(p, w[i].data, w[i].len);
    }

    p = ngx_cpymem(p, ")(*:", sizeof(")(*:") - 1);
    *p++ = mark;
    *p++ = ')';
    *p++ = '|';

    return p;
}


ngx_int_t
ngx_http_postflow_review_comment(ngx_http_postflow_review_t *review,
    u_char *text, size_t len, ngx_http_postflow_analysis_t *an)
{
    ngx_http_postflow_tally_t  t;

    ngx_memzero(an, sizeof(ngx_http_postflow_analysis_t));

    if (review == NULL || !review->compiled) {
        return NGX_ERROR;
    }

    if (text == NULL) {
        len = 0;
    }

    review->len = ngx_http_postflow_review_fold(review->text, review->map,
                                                text, len);
    review->ncues = 0;

    ngx_http_postflow_review_scan(review);
    ngx_http_postflow_review_keywords(review, an);

    ngx_http_postflow_review_locate(review);
    ngx_http_postflow_review_sentences(review);
    ngx_http_postflow_review_negate(review);
    ngx_http_postflow_review_resolve(review);
    ngx_http_postflow_review_concede(review);
    ngx_http_postflow_review_worse(review);

    ngx_memzero(&t, sizeof(ngx_http_postflow_tally_t));

    ngx_http_postflow_review_weigh(review, &t);
    ngx_http_postflow_review_verdict(review, &t, an);

    return NGX_OK;
}


/*
 * Folds at most NGX_HTTP_POSTFLOW_TEXT_MAX bytes of text into dst.
 * Every character folds to at most as many bytes as it had, so dst
 * never needs more room than the input.  Runs of blanks become one
 * space, or one newline when they hold a line break; map[i] is the
 * offset in text of the character that produced dst[i], and map[n]
 * the offset just past the last character kept.
 */
static size_t
ngx_http_postflow_review_fold(u_char *dst, uint16_t *map, u_char *text,
    size_t len)
{
    u_char    *p, *last, *start, *d, *q;
    size_t     keep;
    uint32_t   c;

    if (len > NGX_HTTP_POSTFLOW_TEXT_MAX) {
        len = NGX_HTTP_POSTFLOW_TEXT_MAX;
    }

    p = text;
    last = text + len;
    d = dst;
    keep = 0;

    while (p < last) {

        /* printable ASCII, most of any comment: lowercased as it is */
        if (*p >= 0x20 && *p < 0x7f) {
            c = *p;
            *d = (u_char) ((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
            map[d - dst] = (uint16_t) (p - text);
            d++;
            p++;

            if (c != ' ') {
                keep = p - text;
            }

            continue;
        }

        start = p;
        c = ngx_http_postflow_fold_decode(&p, last);

        if (c == NGX_HTTP_POSTFLOW_INVALID || c < 0x20 || c == 0x7f
            || c == 0x85 || c == 0xa0 || c == 0x1680
            || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
            || c == 0x202f || c == 0x205f || c == 0x3000)
        {
            c = (c == '\n' || c == 0x2028 || c == 0x2029) ? '\n' : ' ';

            if (d == dst) {
                continue;
            }

            if (d[-1] == ' ' || d[-1] == '\n') {
                if (c == '\n') {
                    d[-1] = '\n';
                }

                continue;
            }
        }

        q = ngx_http_postflow_fold_char(d, c);

        while (d < q) {
            map[d - dst] = (uint16_t) (start - text);
            d++;
        }

        /* marks dropped after a letter stay with it */
        if (d > dst && d[-1] != ' ' && d[-1] != '\n') {
            keep = p - text;
        }
    }

    while (d > dst && (d[-1] == ' ' || d[-1] == '\n')) {
        d--;
    }

    map[d - dst] = (uint16_t) keep;
    *d = '\0';

    return d - dst;
}




/*
 * Cuts the folded text into cues, in order, without overlaps.  Only
 * where a match may start: not inside an ASCII word (the lexemes that
 * can match there begin with \b) nor on a UTF-8 continuation byte.
 */
static void
ngx_http_postflow_review_scan(ngx_http_postflow_review_t *review)
{
    int                       rc;
    u_char                   *text;
    size_t                    off;
    PCRE2_SIZE               *ov;
    PCRE2_SPTR                mark;
    pcre2_code               *re;
    ngx_http_postflow_cue_t  *cue;

    text = review->text;
    ov = pcre2_get_ovector_pointer(review->match_data);

    for (off = 0;
         off < review->len && review->ncues < NGX_HTTP_POSTFLOW_CUES_MAX;
         off++)
    {
        if (off > 0 && ngx_http_postflow_review_alnum(text[off])
            && ngx_http_postflow_review_alnum(text[off - 1]))
        {
            continue;
        }

        re = ngx_http_postflow_review_bucket_at(review, off);
        if (re == NULL) {
            continue;
        }

        rc = ngx_http_postflow_review_match(review, re, off);

        /* no match here, or a limit reached: nothing at this position */
        if (rc < 0) {
            continue;
        }

        mark = pcre2_get_mark(review->match_data);

        if (ov[1] <= ov[0] || mark == NULL
            || mark[0] < 'A' || mark[0] >= 'A' + NGX_HTTP_POSTFLOW_NCUES)
        {
            continue;
        }

        cue = &review->cues[review->ncues++];

        cue->start = (uint16_t) ov[0];
        cue->end = (uint16_t) ov[1];
        cue->type = (uint8_t) (mark[0] - 'A');
        cue->flags = 0;
        cue->role = NGX_HTTP_POSTFLOW_ROLE_NONE;
        cue->rule = ngx_http_postflow_rule_names[cue->type];

        off = ov[1] - 1;
    }
}


/*
 * The seed method's counts, and the directive's keywords: an approve
 * keyword is an approval cue, a reject keyword a reported problem, so
 * that negation and questions apply to them as to the built-in words.
 */
static void
ngx_http_postflow_review_keywords(ngx_http_postflow_review_t *review,
    ngx_http_postflow_analysis_t *an)
{
    int          rc;
    size_t       off;
    PCRE2_SIZE  *ov;
    PCRE2_SPTR   mark;

    if (review->seed == NULL) {
        return;
    }

    ov = pcre2_get_ovector_pointer(review->match_data);

    for (off = 0; off < review->len; off++) {

        if (!ngx_http_postflow_review_seed_may(review, off)) {
            continue;
        }

        rc = ngx_http_postflow_review_match(review, review->seed, off);
        if (rc < 0 || ov[1] <= ov[0]) {
            continue;
        }

        mark = pcre2_get_mark(review->match_data);
        off = ov[1] - 1;

        if (mark == NULL) {
            continue;
        }

        switch (mark[0]) {

        case NGX_HTTP_POSTFLOW_MARK_USER_OK:
            ngx_http_postflow_review_insert(review,
                                            NGX_HTTP_POSTFLOW_CUE_APPROVE,
                                            ov[0], ov[1]);
            /* fall through */

        case NGX_HTTP_POSTFLOW_MARK_SEED_OK:
            an->positives++;
            break;

        case NGX_HTTP_POSTFLOW_MARK_USER_NO:
            ngx_http_postflow_review_insert(review,
                                            NGX_HTTP_POSTFLOW_CUE_PROBLEM,
                                            ov[0], ov[1]);
            /* fall through */

        default:
            an->negatives++;
            break;
        }
    }
}


/*
 * Adds a user keyword's cue in text order.  A keyword that overlaps a
 * built-in cue takes its place: the configuration has the last word.
 */
static void
ngx_http_postflow_review_insert(ngx_http_postflow_review_t *review,
    ngx_uint_t type, size_t start, size_t end)
{
    ngx_uint_t                i, j;
    ngx_http_postflow_cue_t  *cue;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {
        if (cue[i].end > start) {
            break;
        }
    }

    if (i < review->ncues && cue[i].start < end) {
        cue[i].type = (uint8_t) type;
        cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_USER;
        cue[i].rule = "keyword";
        return;
    }

    if (review->ncues == NGX_HTTP_POSTFLOW_CUES_MAX) {
        return;
    }

    for (j = review->ncues; j > i; j--) {
        cue[j] = cue[j - 1];
    }

    review->ncues++;

    cue[i].start = (uint16_t) start;
    cue[i].end = (uint16_t) end;
    cue[i].type = (uint8_t) type;
    cue[i].flags = NGX_HTTP_POSTFLOW_CUE_USER;
    cue[i].role = NGX_HTTP_POSTFLOW_ROLE_NONE;
    cue[i].rule = "keyword";
}


/*
 * Numbers each cue's words and clause in one pass over the text.
 * Contrasts and exceptions ("but", "sauf") open a clause as well.
 */
static void
ngx_http_postflow_review_locate(ngx_http_postflow_review_t *review)
{
    u_char                   *text;
    size_t                    i;
    ngx_uint_t                k, word, clause, in_word;
    ngx_http_postflow_cue_t  *cue;

    text = review->text;
    cue = review->cues;
    word = 0;
    clause = 0;
    in_word = 0;
    k = 0;

    for (i = 0; i <= review->len && k < review->ncues; i++) {

        while (k < review->ncues && cue[k].start == i) {
            if (cue[k].type == NGX_HTTP_POSTFLOW_CUE_CONTRAST
                || cue[k].type == NGX_HTTP_POSTFLOW_CUE_EXCEPT)
            {
                clause++;
            }

            cue[k].word = (uint16_t) (word + (i < review->len
                              && ngx_http_postflow_review_wordchar(text[i])
                              && !in_word));
            cue[k].clause = (uint16_t) clause;
            k++;
        }

        if (i == review->len) {
            break;
        }

        if (ngx_http_postflow_review_wordchar(text[i])) {
            if (!in_word) {
                word++;
                in_word = 1;
            }

        } else {
            in_word = 0;

            if (ngx_http_postflow_review_clause_end(text, i, review->len)) {
                clause++;
            }
        }
    }

    /* a cue's last word: count the words it spans */
    for (k = 0; k < review->ncues; k++) {
        word = 0;
        in_word = 0;

        for (i = cue[k].start; i < cue[k].end; i++) {
            if (ngx_http_postflow_review_wordchar(text[i])) {
                word += !in_word;
                in_word = 1;

            } else {
                in_word = 0;
            }
        }

        cue[k].word_end = (uint16_t) (cue[k].word + (word ? word - 1 : 0));
    }
}


/*
 * Sentences end at ". ! ? ;" and line breaks.  A sentence is a
 * question when its last mark is '?'; it is optional, about the
 * platform, or conditional when it holds such a cue.
 */
static void
ngx_http_postflow_review_sentences(ngx_http_postflow_review_t *review)
{
    u_char                   *text, c;
    size_t                    i;
    ngx_uint_t                j, k, s, last;
    ngx_http_postflow_cue_t  *cue;

    text = review->text;
    cue = review->cues;
    s = 0;
    k = 0;
    last = NGX_HTTP_POSTFLOW_SENTENCES_MAX - 1;

    ngx_memzero(review->sent, NGX_HTTP_POSTFLOW_SENTENCES_MAX);

    for (i = 0; i <= review->len; i++) {

        while (k < review->ncues && cue[k].start <= i) {
            cue[k++].sentence = (uint8_t) s;
        }

        if (i == review->len) {
            break;
        }

        c = text[i];

        if (c == '?') {
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_QUESTION;
        }

        if ((c == '.' || c == '!' || c == '?' || c == ';' || c == '\n')
            && ngx_http_postflow_review_clause_end(text, i, review->len)
            && s < last)
        {
            /* "?!" and "..." end one sentence */
            while (i + 1 < review->len
                   && (text[i + 1] == '.' || text[i + 1] == '!'
                       || text[i + 1] == '?'))
            {
                i++;
            }

            if (text[i] == '?') {
                review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_QUESTION;
            }

            s++;
        }
    }

    for (k = 0; k < review->ncues; k++) {
        s = cue[k].sentence;

        switch (cue[k].type) {

        case NGX_HTTP_POSTFLOW_CUE_OPTIONAL:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_OPTIONAL;
            break;

        case NGX_HTTP_POSTFLOW_CUE_PLATFORM:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_PLATFORM;
            break;

        case NGX_HTTP_POSTFLOW_CUE_CONDITION:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_CONDITION;
            break;

        case NGX_HTTP_POSTFLOW_CUE_AFTER:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_AFTER;
            break;

        case NGX_HTTP_POSTFLOW_CUE_YET:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_YET;
            break;

        /* what an approval may wait for: "fixed", "matches", "the logo" */
        case NGX_HTTP_POSTFLOW_CUE_DONE:

            /* "validable après remplacement de la photo" waits for it */
            if (cue[k].end - cue[k].start > 6
                && (ngx_strncmp(text + cue[k].start, "after ", 6) == 0
                    || ngx_strncmp(text + cue[k].start, "apres ", 6) == 0))
            {
                review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_AFTER;
            }

            /* fall through */

        case NGX_HTTP_POSTFLOW_CUE_RIGHT:
        case NGX_HTTP_POSTFLOW_CUE_NOTES:
        case NGX_HTTP_POSTFLOW_CUE_ELEMENT:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_DONE;
            break;

        case NGX_HTTP_POSTFLOW_CUE_APPROVE:
        case NGX_HTTP_POSTFLOW_CUE_FUTURE:
        case NGX_HTTP_POSTFLOW_CUE_STATUS:
            review->sent[s] |= NGX_HTTP_POSTFLOW_SENT_ASKS;
            break;
        }
    }

    /*
     * A sentence that only says "optional" qualifies the one before:
     * "I'd love the longer shot back. Not for this delivery."
     */
    for (k = 0; k < review->ncues; k++) {
        s = cue[k].sentence;

        if (cue[k].type != NGX_HTTP_POSTFLOW_CUE_OPTIONAL || s == 0) {
            continue;
        }

        for (j = 0; j < review->ncues; j++) {
            if (cue[j].sentence == s
                && ngx_http_postflow_review_content(cue[j].type))
            {
                break;
            }
        }

        if (j == review->ncues) {
            review->sent[s - 1] |= NGX_HTTP_POSTFLOW_SENT_OPTIONAL;
        }
    }

    for (k = 0; k < review->ncues; k++) {
        s = cue[k].sentence;

        if (!(review->sent[s] & NGX_HTTP_POSTFLOW_SENT_QUESTION)) {
            review->sent[s] &= ~NGX_HTTP_POSTFLOW_SENT_ASKS;
            continue;
        }

        cue[k].flags |= NGX_HTTP_POSTFLOW_CUE_QUESTION;
    }
}


static void
ngx_http_postflow_review_negate(ngx_http_postflow_review_t *review)
{
    ngx_uint_t                i;
    ngx_http_postflow_cue_t  *cue;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {

        switch (cue[i].type) {

        case NGX_HTTP_POSTFLOW_CUE_APPROVE:
        case NGX_HTTP_POSTFLOW_CUE_PRAISE:
        case NGX_HTTP_POSTFLOW_CUE_FINE:
        case NGX_HTTP_POSTFLOW_CUE_RIGHT:
        case NGX_HTTP_POSTFLOW_CUE_REQUEST:
        case NGX_HTTP_POSTFLOW_CUE_PROBLEM:
        case NGX_HTTP_POSTFLOW_CUE_NOTES:
        case NGX_HTTP_POSTFLOW_CUE_REMAINING:
        case NGX_HTTP_POSTFLOW_CUE_FUTURE:
        case NGX_HTTP_POSTFLOW_CUE_REJECT:
        case NGX_HTTP_POSTFLOW_CUE_DONE:
        case NGX_HTTP_POSTFLOW_CUE_EXCEPT:
            if (ngx_http_postflow_review_negated(review, i)
                && !ngx_http_postflow_review_modifier(review, i))
            {
                cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_NEGATED;
            }

            break;
        }
    }
}


/*
 * "right" and "sync" next to a problem's noun only say which problem
 * ("not a single sync issue", "plus aucun souci de synchro"): the
 * negation is the noun's, not theirs.
 */
static ngx_uint_t
ngx_http_postflow_review_modifier(ngx_http_postflow_review_t *review,
    ngx_uint_t i)
{
    ngx_http_postflow_cue_t  *cue, *c;

    cue = &review->cues[i];

    if (cue->type != NGX_HTTP_POSTFLOW_CUE_RIGHT) {
        return 0;
    }

    if (i > 0) {
        c = &review->cues[i - 1];

        if (c->type == NGX_HTTP_POSTFLOW_CUE_PROBLEM
            && c->clause == cue->clause && cue->word <= c->word_end + 2)
        {
            return 1;
        }
    }

    if (i + 1 < review->ncues) {
        c = &review->cues[i + 1];

        if (c->type == NGX_HTTP_POSTFLOW_CUE_PROBLEM
            && c->clause == cue->clause && c->word <= cue->word_end + 1)
        {
            return 1;
        }
    }

    return 0;
}


/*
 * A flaw conceded before an approval ("not perfect, but fine for the
 * teaser: approved", "pas parfait, mais je valide") refuses nothing.
 */
static void
ngx_http_postflow_review_concede(ngx_http_postflow_review_t *review)
{
    ngx_uint_t                i, j, contrast;
    ngx_http_postflow_cue_t  *cue;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {

        if ((cue[i].type != NGX_HTTP_POSTFLOW_CUE_PRAISE
             && cue[i].type != NGX_HTTP_POSTFLOW_CUE_FINE)
            || !(cue[i].flags & NGX_HTTP_POSTFLOW_CUE_NEGATED))
        {
            continue;
        }

        contrast = 0;

        for (j = i + 1; j < review->ncues; j++) {

            if (cue[j].type == NGX_HTTP_POSTFLOW_CUE_CONTRAST) {
                contrast = 1;

            } else if (contrast
                       && cue[j].type == NGX_HTTP_POSTFLOW_CUE_APPROVE
                       && !(cue[j].flags & (NGX_HTTP_POSTFLOW_CUE_NEGATED
                                            |NGX_HTTP_POSTFLOW_CUE_QUESTION)))
            {
                cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
                break;
            }
        }
    }
}


/*
 * A contrast followed by a change of state reports what a fix broke:
 * "Logo's smooth now. But the music no longer lines up", "en revanche
 * le titre arrive maintenant avant la musique", "although there's now
 * a black flash", "par contre le logo n'apparaît plus".  The defect
 * itself may have no word we know; the turn says it.  Anything after
 * the contrast that praises, settles or announces ("but now it's
 * perfect", "but v3 is now up") undoes it.
 */
static void
ngx_http_postflow_review_worse(ngx_http_postflow_review_t *review)
{
    ngx_uint_t                i, j, turn;
    ngx_http_postflow_cue_t  *cue;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {

        if (cue[i].type != NGX_HTTP_POSTFLOW_CUE_CONTRAST
            || (cue[i].flags & NGX_HTTP_POSTFLOW_CUE_QUESTION))
        {
            continue;
        }

        turn = 0;

        for (j = i + 1;
             j < review->ncues && cue[j].sentence == cue[i].sentence;
             j++)
        {
            if (ngx_http_postflow_review_settles(&cue[j])) {
                turn = 0;
                break;
            }

            /* "now", "no longer", "ne ... plus" */
            if (cue[j].type == NGX_HTTP_POSTFLOW_CUE_NOW
                || (cue[j].type == NGX_HTTP_POSTFLOW_CUE_NEGATOR
                    && cue[j].end - cue[j].start == 9
                    && ngx_strncmp(review->text + cue[j].start, "no longer",
                                   9) == 0)
                || (cue[j].type == NGX_HTTP_POSTFLOW_CUE_PLUS
                    && cue[j - 1].type == NGX_HTTP_POSTFLOW_CUE_NE
                    && cue[j - 1].clause == cue[j].clause))
            {
                turn = 1;
            }
        }

        if (turn) {
            cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_WORSE;
        }
    }
}


/* a cue that reads as good news, an answer or an announcement */
static ngx_uint_t
ngx_http_postflow_review_settles(ngx_http_postflow_cue_t *cue)
{
    ngx_uint_t  neg;

    neg = cue->flags & NGX_HTTP_POSTFLOW_CUE_NEGATED;

    switch (cue->type) {

    case NGX_HTTP_POSTFLOW_CUE_APPROVE:
    case NGX_HTTP_POSTFLOW_CUE_PRAISE:
    case NGX_HTTP_POSTFLOW_CUE_FINE:
    case NGX_HTTP_POSTFLOW_CUE_RIGHT:
    case NGX_HTTP_POSTFLOW_CUE_DONE:
        return !neg;

    case NGX_HTTP_POSTFLOW_CUE_PROBLEM:
    case NGX_HTTP_POSTFLOW_CUE_REQUEST:
    case NGX_HTTP_POSTFLOW_CUE_NOTES:
    case NGX_HTTP_POSTFLOW_CUE_REMAINING:
        return neg;

    case NGX_HTTP_POSTFLOW_CUE_EMOJI_OK:
    case NGX_HTTP_POSTFLOW_CUE_GONE:
    case NGX_HTTP_POSTFLOW_CUE_VERSION_UP:
    case NGX_HTTP_POSTFLOW_CUE_VERSION:
    case NGX_HTTP_POSTFLOW_CUE_CHECK:
    case NGX_HTTP_POSTFLOW_CUE_THANKS:
    case NGX_HTTP_POSTFLOW_CUE_EDITOR:
    case NGX_HTTP_POSTFLOW_CUE_NO_WORRIES:
    case NGX_HTTP_POSTFLOW_CUE_OPTIONAL:
    case NGX_HTTP_POSTFLOW_CUE_PLATFORM:
    case NGX_HTTP_POSTFLOW_CUE_STATUS:
        return 1;
    }

    return 0;
}


/*
 * A cue is negated by a negator a few words before it in the same
 * clause ("not approved", "pas de souci", "nothing to fix"), by
 * "ne ... plus" before it ("je n'ai plus de remarque"), or by French
 * negation around it ("je ne valide pas").  "ne" alone negates
 * nothing: "il ne reste qu'un détail" is a request.
 */
static ngx_uint_t
ngx_http_postflow_review_negated(ngx_http_postflow_review_t *review,
    ngx_uint_t i)
{
    ngx_uint_t                j, ne;
    ngx_http_postflow_cue_t  *cue, *c;

    cue = &review->cues[i];
    ne = 0;

    for (j = i; j-- > 0; ) {
        c = &review->cues[j];

        if (c->clause != cue->clause
            || cue->word > c->word_end + NGX_HTTP_POSTFLOW_NEG_SCOPE)
        {
            break;
        }

        if (c->type == NGX_HTTP_POSTFLOW_CUE_NEGATOR) {
            return 1;
        }

        if (c->type == NGX_HTTP_POSTFLOW_CUE_PLUS && j > 0
            && review->cues[j - 1].type == NGX_HTTP_POSTFLOW_CUE_NE
            && review->cues[j - 1].clause == cue->clause
            && c->word <= review->cues[j - 1].word_end + 3)
        {
            return 1;
        }

        if (c->type == NGX_HTTP_POSTFLOW_CUE_NE
            && cue->word <= c->word_end + 2)
        {
            ne = 1;
        }
    }

    if (!ne || i + 1 >= review->ncues) {
        return 0;
    }

    c = &review->cues[i + 1];

    return (c->type == NGX_HTTP_POSTFLOW_CUE_NEGATOR
            || c->type == NGX_HTTP_POSTFLOW_CUE_PLUS)
           && c->clause == cue->clause
           && c->word <= cue->word_end + 2;
}


/*
 * A problem named next to a change made ("typo fixed", "fixed the
 * pop") is reported as solved, not as a defect; so is a defect that
 * has gone ("the flicker on the logo is gone"), while an element that
 * has gone ("the end card is gone") stays a problem.
 */
static void
ngx_http_postflow_review_resolve(ngx_http_postflow_review_t *review)
{
    ngx_uint_t                i, j, opens;
    ngx_http_postflow_cue_t  *cue;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {

        if (cue[i].type == NGX_HTTP_POSTFLOW_CUE_GONE) {
            for (j = i; j-- > 0; ) {
                if (cue[j].clause != cue[i].clause) {
                    break;
                }

                if (cue[j].type == NGX_HTTP_POSTFLOW_CUE_PROBLEM) {
                    cue[j].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
                    cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
                }
            }

            continue;
        }

        /*
         * "typo ok", "the pop is fine now": the defect, one word, is
         * settled; "far from great", "not quite right" are not
         */
        if ((cue[i].type == NGX_HTTP_POSTFLOW_CUE_FINE
             || cue[i].type == NGX_HTTP_POSTFLOW_CUE_RIGHT
             || cue[i].type == NGX_HTTP_POSTFLOW_CUE_PRAISE)
            && !(cue[i].flags & (NGX_HTTP_POSTFLOW_CUE_NEGATED
                                 |NGX_HTTP_POSTFLOW_CUE_QUESTION))
            && i > 0
            && cue[i - 1].type == NGX_HTTP_POSTFLOW_CUE_PROBLEM
            && cue[i - 1].word == cue[i - 1].word_end
            && cue[i - 1].clause == cue[i].clause
            && cue[i].word <= cue[i - 1].word_end + 2)
        {
            cue[i - 1].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
            continue;
        }

        if (cue[i].type != NGX_HTTP_POSTFLOW_CUE_DONE
            || (cue[i].flags & NGX_HTTP_POSTFLOW_CUE_NEGATED))
        {
            continue;
        }

        /* "Render glitch. Fixed in v5": the fix opens the sentence */
        opens = (i == 0 || cue[i - 1].sentence != cue[i].sentence);

        for (j = 0; j < review->ncues; j++) {
            if (cue[j].type != NGX_HTTP_POSTFLOW_CUE_PROBLEM) {
                continue;
            }

            if (opens && cue[i].sentence > 0
                && cue[j].sentence == cue[i].sentence - 1)
            {
                cue[j].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
                continue;
            }

            /* "is the music issue from last week fixed in this one?" */
            if ((cue[i].flags & NGX_HTTP_POSTFLOW_CUE_QUESTION)
                && cue[j].sentence == cue[i].sentence)
            {
                cue[j].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
                continue;
            }

            if (cue[j].clause != cue[i].clause) {
                continue;
            }

            /*
             * "the typo has been fixed", "la faute du carton 2 a été
             * corrigée": the fix that follows the defect, nothing between
             */
            if ((j < i && cue[i].word <= cue[j].word_end + 2)
                || (j + 1 == i && cue[i].word <= cue[j].word_end + 6)
                || (j > i && cue[j].word <= cue[i].word_end + 3))
            {
                cue[j].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
            }
        }
    }
}


static void
ngx_http_postflow_review_weigh(ngx_http_postflow_review_t *review,
    ngx_http_postflow_tally_t *t)
{
    u_char                    sent;
    ngx_uint_t                i;
    ngx_http_postflow_cue_t  *cue;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {
        sent = review->sent[cue[i].sentence];

        if ((sent & (NGX_HTTP_POSTFLOW_SENT_OPTIONAL
                     |NGX_HTTP_POSTFLOW_SENT_PLATFORM))
            && (cue[i].type == NGX_HTTP_POSTFLOW_CUE_PROBLEM
                || cue[i].type == NGX_HTTP_POSTFLOW_CUE_REQUEST
                || cue[i].type == NGX_HTTP_POSTFLOW_CUE_REMAINING
                || cue[i].type == NGX_HTTP_POSTFLOW_CUE_EXCEPT
                || cue[i].type == NGX_HTTP_POSTFLOW_CUE_STILL
                || cue[i].type == NGX_HTTP_POSTFLOW_CUE_TIMECODE)
            && !(cue[i].flags & NGX_HTTP_POSTFLOW_CUE_USER))
        {
            cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
        }

        /* "c'est validé, ou toujours rien ?" asks about a status */
        if (cue[i].type == NGX_HTTP_POSTFLOW_CUE_STILL
            && (sent & NGX_HTTP_POSTFLOW_SENT_ASKS))
        {
            cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
        }

        /*
         * "the client hasn't signed off yet" reports a status; "pas
         * encore validable" is still a judgement
         */
        if (cue[i].type == NGX_HTTP_POSTFLOW_CUE_APPROVE
            && (sent & NGX_HTTP_POSTFLOW_SENT_YET)
            && !(cue[i].end - cue[i].start > 4
                 && ngx_strncmp(review->text + cue[i].end - 4, "able", 4)
                    == 0))
        {
            cue[i].flags |= NGX_HTTP_POSTFLOW_CUE_MOOT;
        }

        ngx_http_postflow_review_weigh_cue(&cue[i], sent, t);
    }
}


/*
 * An approval under a condition ("approved once the logo is fixed",
 * "ready to ship after you swap the hero shot") asks for that change;
 * praise only when the condition names one ("fine provided the VO
 * comes up"); neither when the condition is marked optional.
 */
static ngx_uint_t
ngx_http_postflow_review_conditional(u_char sent, ngx_uint_t weak)
{
    if (sent & NGX_HTTP_POSTFLOW_SENT_OPTIONAL) {
        return 0;
    }

    if (sent & NGX_HTTP_POSTFLOW_SENT_CONDITION) {
        return !weak || (sent & NGX_HTTP_POSTFLOW_SENT_DONE);
    }

    return !weak && (sent & NGX_HTTP_POSTFLOW_SENT_AFTER)
           && (sent & NGX_HTTP_POSTFLOW_SENT_DONE);
}


static void
ngx_http_postflow_review_weigh_cue(ngx_http_postflow_cue_t *cue, u_char sent,
    ngx_http_postflow_tally_t *t)
{
    ngx_uint_t  neg, question, moot, role;

    neg = cue->flags & NGX_HTTP_POSTFLOW_CUE_NEGATED;
    question = cue->flags & NGX_HTTP_POSTFLOW_CUE_QUESTION;
    moot = cue->flags & NGX_HTTP_POSTFLOW_CUE_MOOT;
    role = NGX_HTTP_POSTFLOW_ROLE_NONE;

    switch (cue->type) {

    case NGX_HTTP_POSTFLOW_CUE_APPROVE:
        if (neg && moot) {
            role = NGX_HTTP_POSTFLOW_ROLE_NEUTRAL;
            cue->rule = "not-yet";

        } else if (neg) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "negated-approval";

        } else if (question) {
            role = NGX_HTTP_POSTFLOW_ROLE_NEUTRAL;
            cue->rule = "status-question";

        } else if (ngx_http_postflow_review_conditional(sent, 0)) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "conditional-approval";

        } else {
            role = NGX_HTTP_POSTFLOW_ROLE_APPROVE;
            t->explicit++;
        }

        break;

    /*
     * "I'll approve once the logo is fixed" waits for a change; "I'll
     * approve it tonight after the screening" only for a moment
     */
    case NGX_HTTP_POSTFLOW_CUE_FUTURE:
        if (!neg && !question
            && (sent & (NGX_HTTP_POSTFLOW_SENT_CONDITION
                        |NGX_HTTP_POSTFLOW_SENT_AFTER))
            && (sent & NGX_HTTP_POSTFLOW_SENT_DONE))
        {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "conditional-approval";
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_PRAISE:
    case NGX_HTTP_POSTFLOW_CUE_FINE:
    case NGX_HTTP_POSTFLOW_CUE_EMOJI_OK:
        if (neg && moot) {
            cue->rule = "conceded";

        } else if (neg) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "negated-approval";

        } else if (!question
                   && ngx_http_postflow_review_conditional(sent, 1))
        {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "conditional-approval";

        } else if (!question) {
            role = NGX_HTTP_POSTFLOW_ROLE_LEAN_APPROVE;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_RIGHT:
        if (neg) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "problem";
        }

        break;

    /*
     * "no issues so far", "pas encore de retour": nothing found yet
     * is a status, not a sign-off
     */
    case NGX_HTTP_POSTFLOW_CUE_REQUEST:
    case NGX_HTTP_POSTFLOW_CUE_PROBLEM:
    case NGX_HTTP_POSTFLOW_CUE_REMAINING:
    case NGX_HTTP_POSTFLOW_CUE_NOTES:
        if (neg && (sent & NGX_HTTP_POSTFLOW_SENT_YET)) {
            role = NGX_HTTP_POSTFLOW_ROLE_NEUTRAL;
            cue->rule = "not-yet";

        } else if (neg) {
            role = NGX_HTTP_POSTFLOW_ROLE_APPROVE;
            cue->rule = "nothing-to-change";

        } else if (!moot && cue->type != NGX_HTTP_POSTFLOW_CUE_NOTES) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_EXCEPT:
    case NGX_HTTP_POSTFLOW_CUE_STILL:
    case NGX_HTTP_POSTFLOW_CUE_GONE:
        if (!neg && !moot) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_CONTRAST:
        if ((cue->flags & NGX_HTTP_POSTFLOW_CUE_WORSE) && !moot) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
            cue->rule = "new-problem";
        }

        t->reserved = t->lean_approve;
        break;

    case NGX_HTTP_POSTFLOW_CUE_REJECT:
        /* "not approved yet, the client hasn't opened the link" */
        if (sent & NGX_HTTP_POSTFLOW_SENT_YET) {
            cue->rule = "not-yet";
            break;
        }

        /* fall through */

    case NGX_HTTP_POSTFLOW_CUE_EMOJI_NO:
    case NGX_HTTP_POSTFLOW_CUE_IRONY:
        if (!neg && !question) {
            role = NGX_HTTP_POSTFLOW_ROLE_CHANGES;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_TIMECODE:
        if (!moot && !question) {
            role = NGX_HTTP_POSTFLOW_ROLE_LEAN_CHANGES;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_THANKS:
        t->thanks++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_EDITOR:
        t->editor++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_LATER:
        t->editor++;
        t->partial++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_NO_WORRIES:
        t->no_worries++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_DONE:
        if (neg) {
            t->partial++;

        } else {
            t->done++;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_VERSION_UP:
        /* "is v2 up?" asks, it announces nothing */
        if (!question) {
            t->version_up++;
        }

        break;

    case NGX_HTTP_POSTFLOW_CUE_VERSION:
        t->version++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_CHECK:
        t->check++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_PARTIAL:
        t->partial++;
        break;

    case NGX_HTTP_POSTFLOW_CUE_SCOPE:
        t->scope++;
        break;
    }

    cue->role = (uint8_t) role;

    switch (role) {

    case NGX_HTTP_POSTFLOW_ROLE_APPROVE:
        t->approve++;
        break;

    case NGX_HTTP_POSTFLOW_ROLE_LEAN_APPROVE:
        t->lean_approve++;
        break;

    case NGX_HTTP_POSTFLOW_ROLE_CHANGES:
        t->changes++;
        break;

    case NGX_HTTP_POSTFLOW_ROLE_LEAN_CHANGES:
        t->lean_changes++;
        break;
    }
}


/*
 * The verdict, strongest evidence first:
 *
 *   - any change request or reported problem that is not negated,
 *     optional or about the platform: CHANGES, whatever praise or
 *     approval surrounds it ("great cut, but fix the typo");
 *   - an editor announcing that the fixes are in a new version:
 *     NEUTRAL with ENTRY_FIX_DELIVERED, unless a partial or future
 *     marker says otherwise ("logo still waiting", "coming tomorrow");
 *   - an approval, or a negated problem ("no issues", "rien à
 *     corriger"): APPROVE; a leading "no problem," from someone who
 *     then announces what they do is an acknowledgement;
 *   - praise, "fine" or an approving emoji alone: APPROVE, unless the
 *     comment is thanks or logistics ("Perfect, thanks for letting me
 *     know"), names a moment, or a "but" follows it with what the
 *     analyser cannot read;
 *   - a bare timecode ("0:42 logo"): CHANGES, a note about a moment;
 *   - otherwise NEUTRAL.
 *
 * The score follows the verdict: +-1 for strong evidence, +-0.5 for
 * weak, -0.75 for changes asked amid praise.
 */
static void
ngx_http_postflow_review_verdict(ngx_http_postflow_review_t *review,
    ngx_http_postflow_tally_t *t, ngx_http_postflow_analysis_t *an)
{
    ngx_uint_t  chatter;

    chatter = t->thanks + t->editor;

    /* what an editor's comment means whatever else it says */
    if ((t->version_up || (t->done && (t->version || t->check)))
        && !t->partial)
    {
        an->flags |= NGX_HTTP_POSTFLOW_ENTRY_NEW_VERSION;
    }

    if (t->changes) {
        an->verdict = NGX_HTTP_POSTFLOW_VERDICT_CHANGES;
        an->score = (t->approve + t->lean_approve) ? -0.75 : -1.0;
        ngx_http_postflow_review_explain(review,
                                         NGX_HTTP_POSTFLOW_ROLE_CHANGES,
                                         NGX_HTTP_POSTFLOW_ROLE_CHANGES, an);
        return;
    }

    if ((t->version_up || (t->done && (t->version || t->check))
         || (t->no_worries && t->version && t->check))
        && !t->partial && !t->explicit)
    {
        an->flags |= NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED;
        an->verdict = NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL;
        an->score = 0.0;
        ngx_http_postflow_review_explain(review, NGX_HTTP_POSTFLOW_NCUES,
                                         NGX_HTTP_POSTFLOW_NCUES, an);
        return;
    }

    if (t->approve || (t->no_worries && !chatter && !t->partial)) {
        if (t->scope) {
            an->flags |= NGX_HTTP_POSTFLOW_ENTRY_OWN_PART;
        }

        an->verdict = NGX_HTTP_POSTFLOW_VERDICT_APPROVE;
        an->score = 1.0;
        ngx_http_postflow_review_explain(review,
                                         NGX_HTTP_POSTFLOW_ROLE_APPROVE,
                                         NGX_HTTP_POSTFLOW_ROLE_LEAN_APPROVE,
                                         an);
        return;
    }

    /*
     * praise for a moment ("Nice touch, the cut at 00:33") signs nothing,
     * nor praise a "but" takes back ("Top la V2, mais the end card...")
     */

    if (t->lean_approve > t->reserved && !chatter && !t->lean_changes) {
        an->verdict = NGX_HTTP_POSTFLOW_VERDICT_APPROVE;
        an->score = 0.5;
        ngx_http_postflow_review_explain(review,
                                         NGX_HTTP_POSTFLOW_ROLE_LEAN_APPROVE,
                                         NGX_HTTP_POSTFLOW_ROLE_LEAN_APPROVE,
                                         an);
        return;
    }

    if (t->lean_changes && !chatter && !t->lean_approve) {
        an->verdict = NGX_HTTP_POSTFLOW_VERDICT_CHANGES;
        an->score = -0.5;
        ngx_http_postflow_review_explain(review,
                                         NGX_HTTP_POSTFLOW_ROLE_LEAN_CHANGES,
                                         NGX_HTTP_POSTFLOW_ROLE_LEAN_CHANGES,
                                         an);
        return;
    }

    an->verdict = NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL;
    an->score = 0.0;
    ngx_http_postflow_review_explain(review, NGX_HTTP_POSTFLOW_ROLE_NEUTRAL,
                                     NGX_HTTP_POSTFLOW_NCUES, an);
}


/*
 * Reports, in text order, the cues that carried the verdict: those of
 * role "role" or "alt"; for a neutral verdict, those that made it
 * neutral (a status question, thanks, an editor's announcement).
 */
static void
ngx_http_postflow_review_explain(ngx_http_postflow_review_t *review,
    ngx_uint_t role, ngx_uint_t alt, ngx_http_postflow_analysis_t *an)
{
    ngx_uint_t                 i, pick;
    ngx_http_postflow_cue_t   *cue;
    ngx_http_postflow_match_t *m;

    cue = review->cues;

    for (i = 0; i < review->ncues; i++) {

        if (an->nmatches == NGX_HTTP_POSTFLOW_MATCHES_MAX) {
            return;
        }

        if (role == NGX_HTTP_POSTFLOW_NCUES) {
            /* a delivered fix: what was done and where it is */
            pick = cue[i].type == NGX_HTTP_POSTFLOW_CUE_DONE
                   || cue[i].type == NGX_HTTP_POSTFLOW_CUE_VERSION_UP
                   || cue[i].type == NGX_HTTP_POSTFLOW_CUE_VERSION
                   || cue[i].type == NGX_HTTP_POSTFLOW_CUE_CHECK;

        } else if (role == NGX_HTTP_POSTFLOW_ROLE_NEUTRAL) {
            pick = cue[i].role == NGX_HTTP_POSTFLOW_ROLE_NEUTRAL
                   || cue[i].type == NGX_HTTP_POSTFLOW_CUE_THANKS
                   || cue[i].type == NGX_HTTP_POSTFLOW_CUE_EDITOR
                   || cue[i].type == NGX_HTTP_POSTFLOW_CUE_NO_WORRIES;

        } else {
            pick = cue[i].role == role || cue[i].role == alt
                   || (role == NGX_HTTP_POSTFLOW_ROLE_APPROVE
                       && cue[i].type == NGX_HTTP_POSTFLOW_CUE_NO_WORRIES);
        }

        if (!pick) {
            continue;
        }

        m = &an->matches[an->nmatches++];

        m->rule = cue[i].rule;
        m->offset = review->map[cue[i].start];
        m->len = review->map[cue[i].end] - m->offset;
    }
}


/*
 * The thread's status, reading entries in order (corpus rules):
 *
 *   - start PENDING; deleted entries are skipped;
 *   - an approval (a comment, or a signal: the legacy label
 *     "approved") makes it APPROVED and settles every earlier request;
 *   - a change request makes it NEEDS_CHANGES; a signal with verdict
 *     CHANGES does too;
 *   - a fix delivered (an editor's comment, or a new version signal)
 *     makes it PENDING: the upload awaits re-review;
 *   - a change request flagged COMPLETED (comment.completed) is
 *     resolved: while every request since the last approval or fix is
 *     completed, the status is PENDING, awaiting re-review; one open
 *     request keeps it NEEDS_CHANGES;
 *   - a signal with verdict NEUTRAL and no flag (a label set back to
 *     "needs_review" or "in_progress") withdraws an approval: PENDING;
 *   - an approval for one's own part ("de mon côté") while requests
 *     are open leaves them open;
 *   - a comment by the uploader (ENTRY_EDITOR) decides nothing but a
 *     fix delivered, which a new version it announces is ("partner
 *     logos added, V2 en ligne, je valide de mon côté"): "looks good to
 *     me" from the editor is no approval;
 *   - neutral comments change nothing.
 *
 * The legacy label given by the caller wins over text when it is
 * "approved": that is an explicit decision.  Other labels decide
 * nothing by themselves; their changes arrive as signal entries.
 *
 * LEANING_*: the text analysis decides; in a thread where it found
 * nothing decisive (no approval, request, fix or signal), every
 * comment was judged neutral, so the seed's keywords there are mostly
 * status questions and acknowledgements.  The seed score speaks only
 * when it crosses a threshold and at least three comments lean that
 * way with none against it: a trend, never a word or two.
 *
 * *score is the seed formula (pos - neg) / (pos + neg) over the
 * comments that are not deleted, 0 when there are no keywords.
 */
ngx_http_postflow_review_e
ngx_http_postflow_review_thread(ngx_http_postflow_review_t *review,
    ngx_http_postflow_entry_t *entries, ngx_uint_t n, ngx_uint_t label,
    double *score)
{
    double                      s, approve, reject;
    ngx_uint_t                  i, pos, neg, open, decided, ups, downs;
    ngx_http_postflow_entry_t  *e;
    ngx_http_postflow_review_e  status;

    status = NGX_HTTP_POSTFLOW_PENDING;
    pos = 0;
    neg = 0;
    open = 0;
    decided = 0;
    ups = 0;
    downs = 0;

    for (i = 0; i < n; i++) {
        e = &entries[i];

        if (e->flags & NGX_HTTP_POSTFLOW_ENTRY_DELETED) {
            continue;
        }

        if (!(e->flags & NGX_HTTP_POSTFLOW_ENTRY_SIGNAL)) {
            pos += e->positives;
            neg += e->negatives;
            ups += e->positives > e->negatives;
            downs += e->negatives > e->positives;
        }

        if ((e->flags & NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED)
            || (e->flags & (NGX_HTTP_POSTFLOW_ENTRY_EDITOR
                            |NGX_HTTP_POSTFLOW_ENTRY_NEW_VERSION))
               == (NGX_HTTP_POSTFLOW_ENTRY_EDITOR
                   |NGX_HTTP_POSTFLOW_ENTRY_NEW_VERSION))
        {
            status = NGX_HTTP_POSTFLOW_PENDING;
            open = 0;
            decided = 1;
            continue;
        }

        /* an editor neither approves their own upload nor asks for more */
        if (e->flags & NGX_HTTP_POSTFLOW_ENTRY_EDITOR) {
            continue;
        }

        switch (e->verdict) {

        case NGX_HTTP_POSTFLOW_VERDICT_APPROVE:

            /* one reviewer's part approved: the others' requests stand */
            if ((e->flags & NGX_HTTP_POSTFLOW_ENTRY_OWN_PART) && open) {
                break;
            }

            status = NGX_HTTP_POSTFLOW_APPROVED;
            open = 0;
            decided = 1;
            break;

        case NGX_HTTP_POSTFLOW_VERDICT_CHANGES:
            if (!(e->flags & NGX_HTTP_POSTFLOW_ENTRY_COMPLETED)) {
                open++;
            }

            status = open ? NGX_HTTP_POSTFLOW_NEEDS_CHANGES
                          : NGX_HTTP_POSTFLOW_PENDING;
            decided = 1;
            break;

        default:
            if ((e->flags & NGX_HTTP_POSTFLOW_ENTRY_SIGNAL)
                && status == NGX_HTTP_POSTFLOW_APPROVED)
            {
                status = NGX_HTTP_POSTFLOW_PENDING;
                decided = 1;
            }

            break;
        }
    }

    s = (pos + neg) ? ((double) pos - (double) neg) / (pos + neg) : 0.0;

    if (score) {
        *score = s;
    }

    if (label == NGX_HTTP_POSTFLOW_LABEL_APPROVED) {
        return NGX_HTTP_POSTFLOW_APPROVED;
    }

    if (decided) {
        return status;
    }

    approve = review ? review->approve : 0.5;
    reject = review ? review->reject : -0.5;

    if (s >= approve && ups >= 3 && downs == 0) {
        return NGX_HTTP_POSTFLOW_LEANING_APPROVED;
    }

    if (s <= reject && downs >= 3 && ups == 0) {
        return NGX_HTTP_POSTFLOW_LEANING_REJECTED;
    }

    return NGX_HTTP_POSTFLOW_PENDING;
}
