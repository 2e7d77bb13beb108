
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


#define NGX_HTTP_POSTFLOW_CUES_MAX       128
#define NGX_HTTP_POSTFLOW_SENTENCES_MAX  64
#define NGX_HTTP_POSTFLOW_KEYWORD_MAX    64
#define NGX_HTTP_POSTFLOW_MATCH_LIMIT    100000
#define NGX_HTTP_POSTFLOW_DEPTH_LIMIT    1000
#define NGX_HTTP_POSTFLOW_HEAP_LIMIT     256     /* KiB */

/* words between a negator and what it negates, inclusive */
#define NGX_HTTP_POSTFLOW_NEG_SCOPE      4

#define NGX_HTTP_POSTFLOW_INVALID        0xffffffff

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
static uint32_t ngx_http_postflow_review_decode(u_char **pp, u_char *last);
static size_t ngx_http_postflow_review_fold(u_char *dst, uint16_t *map,
    u_char *text, size_t len);
static u_char *ngx_http_postflow_review_fold_char(u_char *d, uint32_t c);
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
 * Verb lists shared by several lexemes.  The text is folded before
 * matching, so everything here is lowercase and without accents.
 */

/* English verbs that ask for a change to the video */
#define NGX_EN_CHANGE                                                        \
    "fix|correct|remove|delete|trim|tighten|shorten|lengthen|extend|"        \
    "replace|swap|reduce|increase|boost|brighten|darken|desaturate|"         \
    "saturate|reframe|recrop|crop|blur|stabili[sz]e|re-?record|re-?export|"  \
    "re-?render|redo|adjust|tweak|cent(?:er|re)|align|re-?sync|mute|"        \
    "rework|re-?cut|re-?time|re-?grade|soften|sharpen|smooth|rebalance|"     \
    "enlarge|revert|restore|resize|rename|rewrite|proofread|lower|raise|"    \
    "nudge|shift|move|bring|pull|push|add|hold|cut|drop|fade|change|paint|"  \
    "clean up|warm|slow (?:it )?down|speed (?:it )?up|lift|lose|kill|fill|"  \
    "level|mask|hide|flip|zoom|scale|update|touch|tone|punch|spell|lighten|" \
    "clean|"                                                                 \
    "shave|re-?mix|re-?edit|double-check"

/* more imperatives, too common to be read after "to" */
#define NGX_EN_IMPERATIVE                                                    \
    NGX_EN_CHANGE "|make|put|use|try|take out|get rid|swap out|cut out"

/* French verbs (stems of the infinitive and of the -ez imperative) */
#define NGX_FR_CHANGE_STEM                                                   \
    "corrig|modifi|chang|enlev|retir|supprim|coup|recoup|rallong|allong|"    \
    "resserr|ajout|rajout|remplac|deplac|decal|recal|baiss|remont|augment|"  \
    "diminu|rechauff|refroid|desatur|resatur|recadr|flout|nettoy|stabilis|"  \
    "re-?enregistr|retravaill|ajust|centr|recentr|align|acceler|dynamis|"    \
    "recuper|resynchronis|synchronis|etalonn|reetalonn|remix|rehauss|"       \
    "attenu|renforc|retouch|effac|masqu|invers|simplifi|harmonis|uniformis|" \
    "liss|equilibr|reequilibr|peaufin|rectifi|integr|reintegr|gomm|degag|"   \
    "relev|essay|prolong|raccord|rattrap|decoup|repositionn|agrand|"         \
    "eclairc|assombr|raccourc|ralent|adouc|gross|retrec|rajeun|epur|allege"

#define NGX_FR_CHANGE_IRREGULAR                                              \
    "refaire|refaites|reduire|reduisez|reprendre|reprenez|revoir|revoyez|"   \
    "remettre|remettez|mettre a jour|mettez a jour|reecrire|reecrivez|"      \
    "retoucher|virer|virez"

#define NGX_FR_CHANGE                                                        \
    "(?:(?:" NGX_FR_CHANGE_STEM ")(?:er|ez|ir|issez)|"                       \
    NGX_FR_CHANGE_IRREGULAR ")"

/* adjectives that describe a defect after "too", "un peu", "feels" */
#define NGX_EN_FLAW                                                          \
    "long|short|dark|bright|loud|quiet|low|high|fast|quick|slow|soft|hard|"  \
    "harsh|cold|warm|hot|cool|saturated|desaturated|flat|small|big|large|"   \
    "tiny|busy|loose|late|early|abrupt|sudden|weak|"     \
    "heavy|thin|thick|noisy|blurry|green|red|yellow|magenta|blue|orange|"    \
    "pink|cyan|contrasty|muddy|boomy|tinny|washed out|faded|crushed|cheap|"  \
    "fake|grainy|compressed|choppy|off|rushed|cramped|crowded|empty|dull|"   \
    "boring|sterile|clinical|cluttered|muted|dim|murky|grey|gray|pale|"      \
    "jumpy|distracting|aggressive|shrill|hollow|echoey|sluggish|wordy|"      \
    "static|unbalanced|uneven|inconsistent|wrong|odd|weird"

#define NGX_FR_FLAW                                                          \
    "longs?|longues?|courte?s?|sombres?|claire?s?|foncee?s?|lumineux|"       \
    "lumineuses?|forte?s?|faibles?|bass?e?s?|haute?s?|vite|rapides?|"        \
    "lente?s?|lentement|mou|molles?|mous|dure?s?|froide?s?|chaude?s?|"       \
    "saturee?s?|desaturee?s?|plate?s?|petite?s?|grande?s?|gros|grosses?|"    \
    "chargee?s?|serree?s?|laches?|tard|tot|brusques?|brutale?s?|violente?s?|" \
    "legere?s?|lourde?s?|epaisse?s?|fine?s?|bruyante?s?|verte?s?|rouges?|"   \
    "jaunes?|bleue?s?|roses?|oranges?|violette?s?|grise?s?|"                 \
    "contrastee?s?|ternes?|delavee?s?|proches?|"                             \
    "loin(?! d'?e? ?(?:la |l')?(?:date|deadline|livraison|delai))|"          \
    "larges?|etroite?s?|floue?s?|piquee?s?|brillante?s?|discrete?s?|"        \
    "presente?s?|vides?|fades?|seche?s?|agressi(?:f|ve)s?|criarde?s?|"       \
    "decalee?s?|ennuyeux|poussi(?:f|ve)s?|statiques?|bizarres?|justes?|"     \
    "limites?|cheap|chargee?s?|sature"

/* participles of a change made, as an editor reports it */
#define NGX_EN_DONE                                                          \
    "fixed|corrected|changed|updated|removed|added|enlarged|reduced|"        \
    "lowered|raised|pulled|painted out|replaced|moved|shifted|tightened|"    \
    "shortened|trimmed|extended|recut|re-?graded|re-?recorded|re-?synced|"   \
    "synced|adjusted|brightened|darkened|warmed|cooled|cleaned up|cleaned|"  \
    "addressed|sorted|swapped|blurred|reframed|cropped|tweaked|redone|"      \
    "re-?rendered|re-?exported|muted|boosted|nudged|cent(?:er|re)d|aligned|" \
    "reworked|retimed|handled|implemented|applied|incorporated|integrated|"  \
    "burnt in|burned in|slowed down|sped up|lengthened|toned down|taken out|" \
    "done|resolved|amended|corrected|rebalanced|remixed|re-?edited|"     \
    "bumped|brought (?:up|down)|pulled down|knocked down|"              \
    "dialed (?:back|down|up)|dialled (?:back|down|up)"

#define NGX_FR_DONE                                                          \
    "(?:corrig|modifi|chang|enlev|retir|supprim|recal|deplac|rechauff|"      \
    "remplac|ajout|rajout|baiss|remont|nettoy|ajust|integr|flout|recadr|"    \
    "allong|rallong|synchronis|resynchronis|etalonn|remix|re-?export|"       \
    "rectifi|trait|regl|resserr|desatur|augment|diminu|centr|recentr|" \
    "align|raccord|retouch|effac|masqu|agrand|eclairc|raccourc|ralent|"      \
    "adouc|assombr|refroid|re-?enregistr)(?:e|i)e?s?|"              \
    "repris|reprise?s?|refaite?s?|mise? a jour|fait|faite?s?|pris en compte"

/* a meeting moved, not a shot: "can we push the call to Friday?" */
#define NGX_MEETING_MOVE                                                     \
    "(?:move|push|reschedule|postpone|shift|decaler|deplacer|avancer|"       \
    "repousser) (?:the |our |my |la |le |notre |l')?(?:[a-z-]+ )?"           \
    "(?:call|meeting|screening|session|reunion|projection|point|"            \
    "rendez-vous|rdv|deadline)s?\\b"

/* nouns of a video element that can be missing */
#define NGX_ELEMENT                                                          \
    "subtitles?|sous-titres?|captions?|logo|music|musique|son|sound|audio|"  \
    "vo|voice ?-?over|voix off|credits?|generique|packshot|titles?|titre|"   \
    "legals?|mentions|disclaimer|end ?card|carton|sfx|jingle|sting"


static ngx_http_postflow_lexeme_t  ngx_http_postflow_lexemes[] = {

    /*
     * Praise that opens a comment about a defect is irony: "Lovely,
     * the flash frame is back."  "Great, now it's fixed" is not.
     */
    { NGX_HTTP_POSTFLOW_CUE_IRONY, 0,
      "^(?:oh |ah |ah ben |eh ben |eh bien |well |wow,? )?"
      "(?:great|lovely|perfect|brilliant|amazing|wonderful|fantastic|"
      "super|cool(?: cool)?|nice|bravo|genial|parfait|formidable|"
      "magnifique|excellent|top|chapeau|merveilleux|sublime|splendid|"
      "fabulous|awesome|fantastique|extra)(?= ?[,!.:;] )"
      "(?![^.!?\\n]*\\b(?:approv|valid|sign|thank|merci|good|fine|ok\\b|"
      "ship|better|mieux|fixed|corrig|bon\\b|bien\\b|works|marche|resolu|"
      "solved|sorted|regle|export|render|upload|send|envoi|on it))"
      "(?=[^.!?\\n]*\\b(?:again|still|now|back|once more|encore|toujours|"
      "de nouveau|a nouveau|revenue?s?|revient|reviennent|comme une?|"
      "maintenant|"
      "upside down|two different|different|au lieu)\\b)" },

    { NGX_HTTP_POSTFLOW_CUE_IRONY, 1,
      "(?:amazing|incredible|impressive|love|fascinating|incroyable|"
      "j'adore) (?:how|comme|comment)(?=[^.!?\\n]*\\b(?:turns?|goes|becomes|"
      "vire|devient|disappears?|jumps?|changes?|switches|stops|ends|cuts|"
      "drops|freezes|flickers|breaks|vanishes)\\b)|"
      "love that for us|so glad we (?:paid|spent)|"
      "quel plaisir de (?:retrouver|revoir|reentendre)" },

    /* a disappearance: of a defect, fixed; of an element, a problem */
    { NGX_HTTP_POSTFLOW_CUE_GONE, 1,
      "(?<!'d |would |could |might |should )"
      "(?:is|are|has|have|'s) (?:now |completely |totally |finally |all )?"
      "(?:gone|disappeared|vanished)|disappear(?:s|ed|ing)?|"
      "gone(?= ?(?:[,.!;]|$| now\\b))|"
      "vanish(?:es|ed)?|got (?:cut|lost|dropped)|"
      "(?:a|ont) (?:bien |completement |enfin |totalement )?disparu|"
      "disparai(?:s|t)|disparaissent|"
      "(?:n'est|ne sont) plus (?:la|visibles?|audibles?)|"
      "(?:est|sont) partie?s?" },

    /* logistics that borrow a problem's or a request's words */
    { NGX_HTTP_POSTFLOW_CUE_THANKS, 1,
      "appreciated?(?: (?:the|your|all the|all your) (?:[a-z]+ )?(?:notes|"
      "feedback|comments|help|review|input|patience|work))?|"
      "(?:^|(?<=[.!?] ))(?:any|en cas de) (?:problems?|issues?|questions?|"
      "soucis?|problemes?)(?= ?[,:])|"
      /* "no need to rush", "pas besoin de les renvoyer": no change meant */
      "(?:no need|pas besoin) (?:to|de|d') (?:(?:le|la|les|l'|it|them) )?"
      "(?:rush|hurry|worry|repeat|resend|re-?upload|send|reply|answer|wait|"
      "apologi[sz]e|panic|stress|ping|chase|se (?:presser|depecher|"
      "precipiter|stresser|inquieter)|renvoyer|repeter|repondre|attendre|"
      "s'excuser|paniquer|stresser|relancer|envoyer)|"
      /* moving a meeting is not moving a shot */
      NGX_MEETING_MOVE "|"
      "(?:pas de|aucun|no|any|un|is there (?:an?|any)|y a-t-il un) "
      "(?:soucis?|problemes?|problems?|issues?|objections?|worries) "
      "(?:pour|to|with|if|si) (?:(?:we|on|i|je|nous|you|tu|vous) )?"
      "(?:decal|deplac|repouss|avanc|boug|mov|push|shift|resched|"
      "the call|the meeting|la reunion|la projection|le call|monday|"
      "lundi|demain|tomorrow)[a-z]*|"
      "(?:absente?s?|off|out of (?:the )?office|ooo|en conges?|"
      "en vacances|away|on leave|en tournage|on set) (?:jusqu'(?:a|au) |"
      "until |a partir de |from |starting |des )?(?:demain|"
      "aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi|cette semaine|"
      "la semaine prochaine|tomorrow|today|monday|tuesday|wednesday|"
      "thursday|friday|this week|next week|until)|"
      "a ma place|in my place|on my behalf|covering for me|"
      "thanks for (?:flagging|spotting|catching|pointing out|noticing)"
      "(?: (?:the|that|this|an?))?(?: [a-z]+){0,2}?(?: (?:problem|issue|"
      "typo|error|glitch|mistake))?|"
      "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|"
      "mardi|mercredi|jeudi|vendredi|tomorrow|demain|the date|la date|"
      "that time|ce creneau|the slot|[0-9]+ ?(?:h|pm|am))"
      "(?: night| morning| afternoon| evening| soir| matin| midi)?"
      "(?: delivery| livraison| call| screening| projection)? (?:works|"
      "marche|me va|nous va|convient|is fine|is ok)"
      "(?: for (?:me|us)| pour (?:moi|nous))?|"
      "(?:happy|glad|ready) to (?:jump on|hop on|get on|have|set up|"
      "schedule|talk|chat|discuss|go through|walk you through|help|"
      "answer)" },

    /* status and deadlines that borrow an approval's words */
    { NGX_HTTP_POSTFLOW_CUE_STATUS, 1,
      "(?:(?:the|our|their|la|le|notre|leur|final) )*"
      "(?:approval|validation|go|sign-?off)(?: finale?)? "
      "(?:should|will|is (?:expected|due)|est (?:attendue?|prevue?)|doit|"
      "devrait|sera (?:donnee?|attendue?)|comes|arrive)|"
      "(?:on aura|we'll have|we will have|we'll get|we will get|on attend|"
      "aura|attend) (?:le|la|the|our|leur|their|son|sa) (?:go|validation|"
      "approval|sign-?off)|"
      "(?:les |the |vos |your |all )?(?:retours|notes|feedback|comments|"
      "commentaires|remarques) (?:doivent|doit|should|must|need to|"
      "have to|are due|sont attendue?s|are expected)|"
      "(?:on|vous|tu) preferez? (?:laquelle|lequel|lesquel)|"
      "(?:the |final |latest )*approved (?:script|version|file|cut|master|"
      "edit|copy|music|track|logo|text|voice|brief|font|typo|palette|"
      "colou?rs?)|"
      "qui (?:doit |va |peut |devra |pourra )?(?:valide|validera|valider|"
      "approuve|approuvera|approuver|signe|signera|signer|"
      "(?:donne|donnera|donner) (?:le|son|sa|la) (?:go|feu vert|validation|"
      "accord))|who (?:will |should |needs to |is going to |can |gets to )?"
      "(?:sign|signs|approve|approves|give|gives)|"
      "en mon absence|in my absence|"
      /* the approval as a step of the process: "call d'approbation" */
      "(?:deadline|date limite|date|call|reunion|meeting|session|seance|"
      "projection|screening|rendez-vous|rdv|pass|round|process|processus|"
      "circuit|etape|step|e?-?mail|formulaire|form|workflow|point) "
      "(?:de |d'|for |"
      "of )?(?:validation|approbation|approval|sign-?off)|"
      "(?:validation|approval|sign-?off) (?:deadline|pass|call|meeting|"
      "session|round|screening|process|step|e?-?mail|form|chain|workflow)|"
      /* the approved version named as a reference */
      "(?:version|montage|cut|edit|master|script|musique|music|logo|typo|"
      "maquette|mix|etalonnage|grade)s? (?:validee?s?|approuvee?s?|approved)"
      "(?: (?:by|par) (?:the |le |la |l')?[a-z]+)? "
      "(?:est|sont|etait|is|was|are|c'est|reste|remains)\\b|"
      "(?:c'est|ce sont|c'etait) (?:bien |toujours |encore )?(?:la |le |les |"
      "l')[a-z-]+ (?:validee?s?|approuvee?s?)|"
      "(?:qu'on a|que (?:nous avons|j'ai|vous avez|tu as|le client a|"
      "l'agence a)) (?:validee?s?|approuvee?s?)|"
      "(?:which|what) (?:[a-z0-9]+ ){0,3}(?:do|does|would|should) (?:we|you|"
      "they|the client) (?:prefer|like|want|pick|choose|go with)|"
      "(?:laquelle|lequel|quelle version|quel montage|which one) "
      "(?:on |vous |tu )?"
      "(?:prefere|garde|choisit)|"
      "(?:demande|demandent|asks|asked|wonders|wondering|veut savoir|"
      "wants to know) (?:si|s'il|s'ils|if|whether)[^.!?\\n]*" },

    /* sign-off without an approval word: "that's a wrap", "c'est BAD" */
    { NGX_HTTP_POSTFLOW_CUE_APPROVE, 1,
      "that's a wrap|it's a wrap|(?:this|that|it)(?:'s| is) the one|"
      "release it|send it (?:out|off|over|to (?:the )?(?:broadcaster|"
      "network|client|lab|channel|diffuseur|chaine|air))|"
      "send it(?= ?(?:[.!]|$))|c'est (?:le )?bad|"
      "exactly what (?:we|i|the client) (?:wanted|asked for|needed|"
      "had in mind)|exactement ce (?:qu'on|que (?:je|nous|le client)) "
      "(?:voulai(?:s|t|ent)|voulions|attendai(?:s|t|ent)|attendions)|"
      "(?:tu peux|vous pouvez|on peut) (?:exporter|sortir|envoyer) "
      "(?:le pad|le master|en pad)|nailed it|signing off|"
      "exactly what (?:the |our )?[a-z]+ (?:wanted|asked for|needed|"
      "had in mind)|pret pour (?:l'antenne|la diffusion|diffusion|"
      "la livraison|livraison)|on fige(?: le montage)?|montage fige|"
      "lock picture|picture locked|(?:on )?n'y touche(?:z)? plus|"
      "(?:this is|c'est) (?:the|le) master|let's wrap|wrap it(?: up)?|"
      "(?:happy|glad|pleased) to (?:approve|sign (?:this |it )?off)"
      "(?! (?:once|when|if|after|as soon)\\b)" },

    /*
     * An approval for one's own part ("de mon côté", "Director: the
     * cut works for me", "Sound approved") leaves the others' requests
     * open.
     */
    { NGX_HTTP_POSTFLOW_CUE_SCOPE, 1,
      "(?:de|from|on|du) (?:mon|my|notre|our) (?:cote|side|end|part)|"
      "pour (?:ma|notre) part|for my part|(?:pour|for) (?:moi|me)\\b|"
      "^(?:director|realisateur|realisatrice|real|client|cliente|producer|"
      "productrice|producteur|prod|legal|juridique|agency|agence|brand|"
      "marque)(?= ?:)|"
      "(?:sound|audio|grade|colou?r|mix|music|vfx|legal|son|etalonnage|"
      "musique|juridique|subtitles?|sous-titres)(?: side)?"
      "(?= (?:is |est )?(?:approved|valide|ok|signed off))" },

    /* moving on after a lock is a step of the process, not a change */
    { NGX_HTTP_POSTFLOW_CUE_EDITOR, 1,
      "(?:ca |ce |il |elle )?devrai(?:t|ent) (?:etre|arriver) (?:en ligne|"
      "la|dispo|pret|prete|uploade)|should be (?:up|online|ready|there|"
      "live|done) (?:in|by|within|tonight|soon)|"
      "let's (?:move|go) (?:on|to (?:the )?(?:online|next|grade|mix|"
      "conform|delivery|final))|try (?:it )?(?:now|again)|"
      "(?:re)?essaie(?:z)? (?:maintenant|encore|a nouveau)|ressaye(?:z)?" },

    /* a deliverable asked about: "il faut aussi une version 9:16 ?" */
    { NGX_HTTP_POSTFLOW_CUE_STATUS, 1,
      "(?:il faut|faut-il|do we need|do you need|est-ce qu'il faut|"
      "on a besoin d'|should we (?:also )?(?:send|deliver|do)|"
      "(?:veut|veulent|voudrait|voudraient|souhaite|souhaitent)-(?:t-)?"
      "(?:il|elle|ils|elles|on)|(?:does|do|would) (?:the client|they|he|"
      "she|the agency|the brand) (?:also )?(?:want|need))"
      "(?: aussi| encore| also)? (?:une?|des|d'autres|la|le|les|an?|the)? ?"
      "(?:version|declinaison|format|export|master|fichier|file|copy|"
      "cutdown|sous-titrage|vertical|square)s?(?=[^.!\\n]*\\?)" },

    /* polite French requests with a common verb */
    { NGX_HTTP_POSTFLOW_CUE_REQUEST, 1,
      "(?:^|(?<=[,.;:!?] ))on (?:" NGX_FR_CHANGE_STEM ")e\\b|"
      "(?:has|have|needs?) to go\\b|must go\\b|"
      "doi(?:t|vent) (?:partir|disparaitre|sauter)|"
      "(?:si|if) (?:on|tu|vous|you|we) (?:" NGX_FR_CHANGE_STEM ")"
      "(?:e|it|issait|ait)\\b|"
      "merci de (?!(?:regarder|valider|confirmer|verifier|me |nous |"
      "revenir|repondre|checker|jeter|faire (?:un retour|suivre|passer|"
      "(?:vos|tes|leurs|les|des) (?:retours|remarques|commentaires|notes))|"
      "transmettre|envoyer|partager|prevenir|patienter|votre|ton|ta|vos|"
      "tes|la |le |les |l'|ce |cette |m'|t'|vous|avoir)\\b)"
      "[a-z]+(?:er|ir|re)\\b|"
      "(?:please|pls|plz) (?:" NGX_FR_CHANGE_STEM ")e\\b|"
      "(?:can|could|would) you (?:please )?(?:mettre|passer|faire|"
      NGX_FR_CHANGE ")\\b" },

    /* a leading "no problem," answers someone: an acknowledgement */
    { NGX_HTTP_POSTFLOW_CUE_NO_WORRIES, 0,
      "^(?:no problems?|no worries|no prob|pas de (?:soucis?|problemes?)|"
      "aucun (?:souci|probleme)|sans (?:souci|probleme)|"
      "pas de probleme)(?= ?[,.!;:])" },

    /* a sentence-initial "ok" followed by thanks or an action */
    { NGX_HTTP_POSTFLOW_CUE_THANKS, 0,
      "(?:^|(?<=[.!?] ))(?:ok|okay|oki|okey|d'accord|dac|alright|"
      "all right|sure|roger|entendu|compris|yep|yes|oui|ouais)\\b"
      "(?= ?(?:$|[,.!:;\\-]| (?:merci|"
      "thanks|thank|thx|je|j'|i|i'll|i'm|we|we'll|on|noted|note|cool|super|"
      "parfait|got|bien|c'est|ca|will|doing|let|sounds|no|pas|please|"
      "recutting|exporting|rendering|uploading)\\b))" },

    /* approval in the future or under a condition */
    { NGX_HTTP_POSTFLOW_CUE_FUTURE, 1,
      "(?:you'll|you will|they'll|they will|will) (?:get|have) "
      "(?:my|our|the|their) (?:approval|sign-?off|go|validation|"
      "green ?light)|(?:we'll|we will|i'll|i will) give (?:you |them )?"
      "(?:my|our|the|their) (?:approval|sign-?off|go|validation|"
      "green ?light)|(?:je |on )?signer(?:ai|a|ons)|approvable|"
      /* "je vous donne mon go demain": a present that means later */
      "donne(?:r(?:ai|a|ons)|(?= (?:mon|ma|"
      "notre|le|la) (?:feu vert|go|accord|validation) (?:demain|ce soir|"
      "plus tard|apres|lundi|mardi|mercredi|jeudi|vendredi|dans|d'ici|"
      "en fin|cet|cette)\\b)) (?:mon|ma|notre|le|la) (?:feu vert|go|accord|"
      "validation|ok)|"
      "sign(?: it| this)? off (?=(?:demain|tomorrow|tonight|ce soir|later|"
      "plus tard|after|apres|on (?:monday|tuesday|wednesday|thursday|"
      "friday))\\b)|"
      "(?:je |on )?valide(?:rai)? (?=(?:demain|ce soir|plus tard|apres|"
      "lundi|mardi|mercredi|jeudi|vendredi)\\b)|"
      "(?:we'll|we will|it'll|it will|you'll|you will) be (?:good|fine|ok|"
      "there|done|set|golden)|"
      "(?:tu |vous |on )?pourr(?:as|ez|a|ons) (?:livrer|valider|envoyer|"
      "exporter|diffuser)|on partira (?:sur|avec)|ca passera|ca ira|"
      "ce sera bon|that'll work|on ship|we(?:'ll)? ship|"
      "(?:can|could|will|i'll|we'll) sign (?:this|it|that)(?: one)? off|"
      "(?:i'll|i will|we'll|we will|will|i'd|i would|we'd|we would|"
      "happy to|glad to|ready to|then i'll|can|could) "
      "(?:be (?:happy|glad|ready|able) to |gladly |then |happily |only )?"
      "(?:approve|sign off|sign it off|sign-off|validate|greenlight|"
      "give (?:it )?the go|lock(?= [^.!?\\n]*\\b(?:once|when|as soon as|"
      "after|if|until)\\b))|j'approuverai|approuverai|approuverons|"
      "approuvera|je validerai|validerai|validerons|validera|"
      "(?:ce |ca |c' ?)?sera (?:bon|ok|valide|approuve|parfait|nickel|go)|"
      "serai (?:ok|bon)|(?:would|will) be (?:good to go|approved|fine|ok|"
      "signed off|good)|(?:je|on) (?:pourra|pourrai|pourrons) valider" },

    /* approval words that only name a step of the process */
    { NGX_HTTP_POSTFLOW_CUE_STATUS, 1,
      "(?:awaiting|waiting for|waiting on|pending|up for|for|needs?|pour|"
      "en attente de|en attente d'|attend|attendons|attends|sent for|"
      "submitted for|envoye pour|soumis pour|ask for|asking for|get|got|"
      "give|donne|donner|a eu) (?:your |the |client |client's |final |"
      "la |sa |leur |ta |votre |son |le |their |his |her |an? )?"
      "(?:approval|validation|sign-?off|final go|go final)|"
      "a valider|to be (?:approved|validated|signed off)|"
      "(?:avant de|before) (?:valider|approuver|signer|donner le go|"
      "approving|signing off|(?:i|we|they|the client) (?:can )?(?:approve|"
      "sign off|sign it off|validate))|"
      "(?:do|does|did) (?:we|you|they|it|the client) (?:also |still |"
      "really )?need|"
      "(?:demande|request) (?:de |d'|for )?(?:validation|approval)" },

    /* a suggestion marked optional or left for later */
    { NGX_HTTP_POSTFLOW_CUE_OPTIONAL, 1,
      "not blocking|non[ -]bloquante?s?|pas bloquante?s?|nothing blocking|"
      "optional|optionnel(?:le)?s?|nice[ -]to[ -]have|"
      "if you (?:have|get) (?:the |a )?(?:time|minute|chance)|"
      "si (?:tu as|vous avez|t'as|on a) le temps|"
      "for (?:the |a )?(?:next|future) (?:[a-z]+'s )?(?:time|one|project|"
      "spot|campaign|film|job|shoot|episode|video|edition|season|year)|"
      "next time|(?:nothing|rien) (?:changes|ne change) (?:for|pour) "
      "(?:this|cette|ce)|"
      "(?:pour )?la prochaine fois|pour (?:le|un) (?:prochain|futur) "
      "(?:projet|film|spot|clip|tournage|episode)|pour les prochaine?s|"
      "later|plus tard|ideas?|idees?|suggestions?|just a thought|"
      "food for thought|up to you|your call|a toi de voir|"
      "a vous de voir|comme tu veux|comme vous voulez|if you want|"
      "si tu veux|si vous voulez|no pressure|sans pression|"
      "not worth holding|(?:don't|do not|no need to|won't) hold "
      "(?:the |up )?(?:delivery|release|master|it|things|anything)|"
      "(?:on ne|ne|n') ?(?:bloque(?:ra)?|retient|retiendra) pas|"
      "purely (?:a )?(?:taste|personal)|(?:that's|it's|c'est) (?:just |"
      "only |juste |purement )?(?:taste|personal|subjecti(?:f|ve)|du gout)|"
      "(?:une )?question de gout|"
      "matter of taste|keep it(?= ?(?:[.!,;]|$))|"
      "on garde (?:tel quel|comme ca|ca)|ici on (?:garde|ne touche)|"
      "part comme ca|pour la (?:declinaison|version (?:longue|courte|"
      "cinema|tv|web)|prochaine)|for the (?:long|short|cinema|tv|web|"
      "cutdown|cut-down|next) version|eventuellement|"
      "not for this (?:delivery|one|version|master|cut)|"
      "pas pour (?:cette|ce) (?:livraison|version|master)|"
      "if (?:you have|there's|there is) (?:spare |some |any )?time|"
      "otherwise leave it|sinon on laisse|someday|un jour|"
      "(?:don't|do not) change anything|rien d'obligatoire|"
      "facultati(?:f|ve)s?|ne (?:retarde|bloque|gene) (?:pas|personne)|"
      "(?:doesn't|does not|won't) (?:delay|hold)|small thought|"
      "petite idee|en bonus|as a bonus|s'il reste du temps|"
      "no obligation|could be fun|ne concerne pas (?:cet|cette|ce)|"
      "sinon tant pis|(?:you can|feel free to) ignore|"
      "pas besoin (?:de|d'y) toucher|no need to touch" },

    /* sarcasm and reminders: "still no subtitles" */
    { NGX_HTTP_POSTFLOW_CUE_STILL, 1,
      "still (?:no|not|missing|nothing|none|the same (?:issue|problem))"
      "(?! (?:news|word|reply|response|answer|feedback|update|idea|rush|"
      "hurry|decision|approval|sign-?off|go)\\b)|"
      "toujours pas(?! (?:de |d')?(?:nouvelles?|reponses?|retours?|news|"
      "idee|urgence|decision|validation|go)\\b)|"
      "(?:still|toujours) (?:there|here|visible|present|audible|wrong|"
      "broken|happening|an issue|a problem|la|presente?|faux|fausse|"
      "decalee?)|(?:the )?same (?:issue|problem)|"
      "(?:le )?meme (?:probleme|souci)|"
      "toujours (?:rien|aucune?|le meme (?:probleme|souci))"
      "(?! (?:de |d')?(?:nouvelles?|reponses?|retours?|news)\\b)" },

    /* a fix that is only partly done or only announced */
    { NGX_HTTP_POSTFLOW_CUE_PARTIAL, 1,
      "still (?:chasing|waiting|working|looking|to come|pending|on it|in "
      "progress|investigating|checking|missing)|"
      "toujours en (?:attente|cours)|en attente|reste a(?! peine)|"
      "remaining|en cours|"
      "to follow|a suivre|coming|incoming|on its way|arrive(?:nt)?|arriving|"
      "tomorrow|demain|"
      "tonight|ce soir|soon|bientot|next week|la semaine prochaine|"
      "in (?:an|one|a few|[0-9]+) (?:hours?|minutes?|mins?|h)|"
      "dans (?:une|[0-9]+|quelques) ?(?:heures?|h|min|minutes)|"
      "waiting on|waiting for|still (?:with|at) (?:the |our )?"
      "(?:agency|client|legal|lab|mixer|colou?rist|studio|vendor|team)|"
      "toujours chez (?:le|la|l'|les)|attend(?:s|ons)? (?:le|la|les|"
      "l'|un|une|des|encore|toujours)" },

    /* what is left to do: "only thing left", "deux retours" */
    { NGX_HTTP_POSTFLOW_CUE_REMAINING, 1,
      "(?:the )?(?:only|one|just one|one last|last|one more|one small|"
      "small|quick|minor|tiny|single) (?:thing|note|issue|point|detail|"
      "request|change|fix|tweak|comment|remark|nitpick|nit|adjustment)s?"
      "(?: left| remaining)?|"
      "(?:une? |la |le )?(?:derniere?|petite?|seule?|juste une?|encore une?|"
      "une? dernier|une? petit|une? seul) (?:chose|remarque|point|detail|"
      "retour|modif|correction|demande|souci|truc|ajustement|retouche|"
      "reglage|modification)s?(?: restante?s?)?|"
      "il (?:ne )?reste|(?:ne|n') ?reste (?:qu'|que|plus qu'|plus que)|"
      "(?:^|(?<=[,;:.] ))reste(?:nt)? (?:le|la|les|l'|un|une|des|deux|"
      "trois)\\b|"
      "reste (?:juste|encore|seulement)|"
      "(?:deux|trois|quatre|cinq|quelques|plusieurs|two|three|four|five|"
      "a few|a couple of|several|some|[0-9]+) (?:small |petits? |quick |"
      "minor )?(?:notes|retours|remarques|points|changes|tweaks|fixes|"
      "corrections|modifs|modifications|petites choses|things|details|"
      "issues|problemes|soucis|requests|demandes|comments)" },

    /* an editor's announcement of a new version */
    { NGX_HTTP_POSTFLOW_CUE_VERSION_UP, 1,
      "(?:v ?[0-9]+|version [0-9]+|(?:new|updated|corrected|fixed|revised|"
      "final|nouvelle|derniere|premiere|first|latest) (?:version|cut|edit|"
      "export|render|master|mix|v ?[0-9]+)(?: [a-z0-9]+){0,2}|"
      "(?:first|rough|new|final) (?:cut|edit|draft|mix)|"
      "(?:cut|version|edit|mix|master|export))(?:'s)? "
      "(?:is |est |now |maintenant |are |sont )?(?:now )?"
      "(?:up|online|live|ready|uploaded|available|posted|en ligne|dispo|"
      "disponible|uploadee|postee|prete|a dispo|sur frame(?:\\.io)?)\\b|"
      "(?:up|ready|uploaded|online|posted) for (?:review|re-?review|"
      "approval|(?:a |your )?(?:final |last |quick )?(?:look|check|review)|"
      "another look|your review)|"
      "(?:nouvelle version|new version|v ?[0-9]+) (?:uploadee|en ligne|dispo)|"
      "(?:here(?:'s| is)|voici|voila) (?:the |la |le |an? )?(?:v ?[0-9]+|"
      "new version|new cut|updated (?:version|cut|export)|nouvelle version|"
      "nouveau montage|rough cut|first cut|premier montage|pre-?montage)|"
      "(?:just )?(?:uploaded|posted|exported|pushed|put up|sent) (?:the |an? )?"
      "(?:v ?[0-9]+|new version|new cut|updated (?:version|cut|export))|"
      "(?:j'ai )?(?:uploade|poste|mis en ligne|envoye|exporte) "
      "(?:la |une )?(?:v ?[0-9]+|nouvelle version)" },

    { NGX_HTTP_POSTFLOW_CUE_VERSION_UP, 1,
      "(?:v ?[0-9]+|version|nouvelle version|new version|new cut|it|"
      "fix|update)(?:'s| is| are| est)? (?:now )?(?:in|on|dans) (?:the |la )?"
      "(?:stack|pile)" },

    { NGX_HTTP_POSTFLOW_CUE_VERSION, 1,
      "(?:in|on|into|dans|sur|with) (?:la |the |this |cette )?"
      "(?:v ?[0-9]+|new version|nouvelle version|latest version|"
      "derniere version|new cut|new export|nouvel export)|"
      "v ?[0-9]+ (?:avec|with|:)" },

    { NGX_HTTP_POSTFLOW_CUE_CHECK, 1,
      "please (?:check|review|have a look|take a look|look|confirm)|"
      "dites-moi|dis-moi|dites moi|dis moi|tell me what you think|"
      "let me know|have a look|take a look|jette(?:z)? un oeil|"
      "ready for (?:a |your )?(?:final |last )?(?:look|review|check)|"
      "pour validation|for (?:your )?(?:review|approval)|"
      "(?:tu peux|vous pouvez|can you|could you) (?:re)?(?:regarder|checker|"
      "verifier|jeter un oeil|check|have a look|take a look|review)" },

    /* approval: sign-off words and unreserved acceptance */
    { NGX_HTTP_POSTFLOW_CUE_APPROVE, 1,
      "approv(?:e|ed|es|ing)|pre-?approved|signed off|sign(?:s|ing)? off|"
      "sign(?:s|ing|ed)? (?:this|it|that)(?: one)? off|"
      "sign-?off|je signe|lgtm|validate|good to go|good to publish|"
      "good for (?:upload|delivery|release|air|broadcast|online|"
      "publishing|export|master|mastering|me|us)|"
      "ship it|ship this|let's ship|ok to ship|shipping it|"
      "ready to (?:ship|go|deliver|air|publish|release|go live)|"
      "ready for (?:delivery|release|air|broadcast|upload|mastering)|"
      "push (?:it |this )?live|push (?:it|this) (?:out|to (?:the )?"
      "(?:client|portal|broadcaster|network|channel|platform))|go live|"
      "go ahead|"
      "deliver when ready|deliver it|deliver(?= ?(?:[.!]|$))|"
      "can deliver|ok to deliver|good to deliver|"
      "works for (?:me|us)|fine (?:by|for|with) (?:me|us)|"
      "ok(?:ay)? (?:by|for|with) (?:me|us)|all good|all set|"
      "(?:we're|we are|i'm|i am) (?:good|happy|fine|set)(?: with)?|"
      "looks (?:good|great|perfect|fine|spot on|perfect|solid)|spot on|"
      "(?:happy|pleased|satisfied) with (?:this|it|that|the|everything)|"
      "(?:we're|we are) done|done here|locked|locking|lock it|"
      "picture lock|green ?light|greenlit|thumbs up|accepted|"
      "(?:final|my|full|formal|our) approval|approval from|"
      "validated|as is|leave it(?: as is)?|keep it as is|"
      "(?:don't|do not) (?:touch|change) (?:it|a thing|anything)|"
      "valid(?:e|es|ee|ees|er|ons|ez|able|ation)|"
      "approuv(?:e|es|ee|ees|er|ons|ez|able)|approbation|feu vert|"
      "bon pour (?:la )?(?:diffusion|diff|livraison|l'antenne|antenne|"
      "export|le pad|pad|mise en ligne|publication|moi|nous)|"
      "bon a (?:livrer|diffuser|partir)|"
      "pret a (?:livrer|diffuser|partir)|"
      "on livre|on peut livrer|tu peux livrer|vous pouvez livrer|livrez|"
      "(?:lance|lancer|caler) la livraison|"
      "c'est (?:tout )?bon|c'est ok|tout bon|tout est bon|"
      "ok (?:pour|de) (?:moi|nous|mon cote|notre cote|la|le|les|l')|"
      "on est bons?|on y va|c'est parti|c'est go|go pour|"
      "ca me va|ca me convient|ca nous va|"
      "rien a redire|accepte|tel quel(?:le)?|all clear|"
      "(?:clear|cleared) (?:to|for) (?:go|air|ship|release|broadcast|"
      "delivery)|"
      "(?:let's|we'll|we will|i'd|we can) go with (?:this|that|it|v ?[0-9]+|"
      "the (?:new|latest|last|current))|going with (?:this|that|v ?[0-9]+)|"
      "on part (?:la-dessus|la dessus|sur (?:cette|celle|ca|la))|"
      "(?:ca|cela) (?:marche|fonctionne|colle) pour (?:moi|nous)|"
      "(?:ne |n')?touche(?:r|z)? (?:plus |a )?(?:a )?rien|"
      "(?:ne |n')?(?:change|modifie|corrige|retouche)(?:r|z)? (?:plus )?rien|"
      "ne (?:rien|plus rien) (?:changer|toucher|modifier|retoucher)|"
      "ca roule|verrouille|"
      "dans la boite|en boite|c'est plie|banco|we're golden|print it|"
      "(?:it's |this one's |a )keeper|put (?:this|it)(?: one)? to bed|"
      "(?:this|that|it|picture|cut|edit|mix)(?:'s| is) final|"
      "off to the (?:broadcaster|client|"
      "lab|network|channel) it goes|off it goes|we're there|on y est|"
      "c'est la bonne(?! (?:question|idee)\\b)|"
      "(?:on |j')?envoie(?:z)? (?:(?:le|la|les) (?:master|pad|fichiers?|"
      "version|v ?[0-9]+) )?(?:au|a la|chez (?:le|la)) (?:labo|chaine|"
      "client|diffuseur|diffusion)|c'est (?:celle|celui)(?:-ci|-la)? "
      "qu'on (?:garde|retient|prend|livre)|"
      "lance(?:r|z)? (?:l'export|les exports) (?:pad|final|master)|"
      "go(?! (?:through|over|back|to|on|with|check|see|look|into|in|for a|"
      "get|green|red|blue|orange|yellow|purple|magenta|pink|grey|gray|dark|"
      "black|white|flat|soft|off|out|missing|wrong|down|up|away|quiet|"
      "silent|mute|crazy|nuts)\\b)" },

    /* exceptions and contrasts */
    { NGX_HTTP_POSTFLOW_CUE_EXCEPT, 1,
      "(?:except|apart from|aside from|other than|besides|sauf|"
      "excepte|hormis|a part|mis a part|a l'exception (?:de|du|des))"
      "(?! (?:ca|cela|that|this|ceci|for that|de ca|de cela|erreur)\\b)" },

    { NGX_HTTP_POSTFLOW_CUE_CONTRAST, 1,
      "but|mais|par contre|however|though|although|cependant|"
      "en revanche|neanmoins|pourtant|toutefois|whereas|alors que" },

    /* conditions on an approval */
    { NGX_HTTP_POSTFLOW_CUE_CONDITION, 1,
      "if(?<!know if)(?<!tell me if)(?<!see if)(?<!check if)"
      "(?<!wonder if)(?<!ask if)(?<!even if)(?<!as if)|"
      "once(?! (?:again|more)\\b)|as soon as|until|unless|the moment|"
      "du moment que|"
      "provided(?: that)?|pending|subject to|on condition|as long as|"
      "assuming|si(?<!savoir si)(?<!voir si)(?<!dire si)(?<!moi si)"
      "(?= (?:on|tu|vous|nous|le|la|les|l'|un|une|des|c'|ca|cela|je|j'|"
      "il|elle|ils|elles|ce|cette|ces|quelqu'un)\\b)|s'ils?|des que|"
      "une fois (?:que|qu'|le|la|les|l')|sous reserve|a condition|"
      "tant que|pourvu que|"
      "quand(?! (?:c'est|ce sera|ca sera|tu seras|vous serez|t'es|"
      "tu es|vous etes) prete?s?)|lorsque|"
      "when(?! (?:it's |you're |you are |it is |you )?(?:ready|done|"
      "possible|can|have))" },

    /* "after the fix", "après remplacement": a change to wait for */
    { NGX_HTTP_POSTFLOW_CUE_DONE, 1,
      "(?:apres|after) (?:la |le |l'|the )?(?:suppression|correction|"
      "modification|changement|remplacement|ajout|retrait|replacement|"
      "removal|fix|swap|change)" },

    { NGX_HTTP_POSTFLOW_CUE_AFTER, 1,
      "after|apres" },

    /* "cut 2s, v2 is up": a past tense, an editor's report */
    { NGX_HTTP_POSTFLOW_CUE_DONE, 1,
      "(?:cut|put|recut|re-cut|set|split|trimmed|(?:bigg|small|loud|quiet|"
      "short|long|bright|dark|tight|warm|cool|slow|fast|sharp|clean)er)"
      "(?=[^.;!?\\n]{0,60}\\b"
      "(?:v ?[0-9]+|new version|nouvelle version)\\b)" },

    /* requests: imperatives at the start of a clause, "but" opens one */
    { NGX_HTTP_POSTFLOW_CUE_REQUEST, 0,
      "(?:^|(?<=[,.;:!?(\\n] )|(?<=[,.;:!?(\\n])"
      "|(?<=\\bbut )|(?<=\\byet ))"
      "(?:(?:just|also|then|and|maybe|perhaps|pls|plz|please) )?"
      "(?:" NGX_EN_IMPERATIVE ")\\b"
      "(?= (?!(?:is|are|was|were|has|have|had|looks?|sounds?|seems?|feels?|"
      "will|would|should|could|can|might|at|of|and|from|by|with|needs?|"
      "works?|fine|good|ok|okay|'s|s|in|on|for|to|here|there|thirds?)\\b)"
      "[a-z0-9'\"])" },

    { NGX_HTTP_POSTFLOW_CUE_REQUEST, 0,
      "(?:^|(?<=[,.;:!?(\\n] )|(?<=[,.;:!?(\\n]))"
      "(?:(?:" NGX_FR_CHANGE_STEM ")e|refais|reprends|remets|reduis|"
      "revois|enleve|vire)"
      "(?= (?:le|la|les|l'|un|une|des|ce|cette|ces|moi|nous|ca|un peu|"
      "plus|moins|mon|ma|mes|ton|ta|tes|son|sa|ses)\\b)" },

    /* requests: polite, modal and obligation forms */
    { NGX_HTTP_POSTFLOW_CUE_REQUEST, 1,
      "(?:please|pls|plz|kindly|let's|let us|you need to|you have to|"
      "you must|you should|merci de|svp|stp) (?:just |also |could you |"
      "can you |now |quickly |de )?"
      "(?:" NGX_EN_IMPERATIVE "|" NGX_FR_CHANGE ")|"
      "(?:can|could|would|will|may) (?:you|we|u|someone|somebody|one) "
      "(?:please |pls |just |also |maybe |quickly )*"
      "(?!" NGX_MEETING_MOVE ")(?:" NGX_EN_IMPERATIVE ")|"
      "to(?<!going to)(?<!about to)(?<!used to) (?:" NGX_EN_CHANGE ")"
      "(?! (?:the client|you|us|them|me)\\b)|"
      NGX_FR_CHANGE "|"
      "(?:i'd|i would|we'd|we would|would) (?:[a-z0-9]+ )?"
      "(?:" NGX_EN_CHANGE ")|"
      "(?:would|do) you mind|would it be possible|is it possible to|"
      "any chance (?:you|we) could|"
      "(?:il )?(?<!qu')(?<!qu'il )(?:faut|faudrait|faudra)|"
      "doi(?:t|vent)|devrai(?:t|ent)|devra|devront|"
      "(?:gagnerait|gagneraient) a|serait (?:mieux|bien|top|plus)|"
      "pourrait etre|"
      "(?:(?:client|clients|cliente|il|elle|ils|elles|on|je|agence|marque|"
      "chaine|realisatrice|"
      "annonceur|prod|production|realisateur|real|they|he|she|we|i|"
      "brand|agency|network|legal|director|producer|team) "
      "(?:[a-z0-9]+ )?|j')(?:veut|veulent|voudrait|voudraient|souhaite|"
      "souhaitent|"
      "souhaiterait|aimerait|aimeraient|prefere|preferent|prefererait|"
      "prefererais|voudrais|aimerais|souhaiterais|want|wants|"
      "would like|'d like|would prefer|'d prefer|prefer|prefers|"
      "asked for|requested|need|needs)(?! (?:bien|to check|to see|to know|"
      "to confirm|to ask|to talk|to think|to wait|to thank|to say)\\b)"
      /* "le client veut-il ...?" asks what they want */
      "(?!-(?:t-)?(?:il|elle|ils|elles|on)\\b)|"
      "(?:on |j' ?)?(?:avait|avais|a|ai) demande|asked for|"
      "would (?:really )?(?:like|prefer) (?:the|a|an|more|less|it|this|that)"
      "\\b|(?:i|we|they|he|she)'d (?:really |much |rather )?"
      "(?:like|love|prefer)"
      "(?! (?:to (?:check|see|know|confirm|ask|talk|think|wait|thank|say|"
      "share|discuss|hear|watch|review)|we wait)\\b)|"
      "needs(?! to (?:check|see|know|confirm|ask|talk|think|wait)\\b)|"
      "need(?<!you need)(?<!do we need)(?<!if we need) "
      "(?:to|a|an|some|more|less|another|fixing|work|changing|tweaking)\\b"
      "(?! (?:check|see|know|confirm|ask|talk|speak|look|think|wait|get|"
      "send|review|watch|hear|be (?:approved|signed|validated))\\b)|"
      "should(?:n't)?(?! (?:i|we|be (?:fine|ok|okay|good|great|ready|there|"
      "up|online|all good))\\b)|must|(?:have|has) to"
      "(?! (?:check|wait|ask|see|confirm|say|admit|go)\\b)|"
      "could (?:be|use)|would be (?:better|nicer|good|great|nice|cleaner)|"
      "might be (?:better|nicer|worth)|"
      "back to (?:the )?(?:edit|drawing board|editing)|"
      "(?:a (?:touch|tad|hair)|slightly) (?:earlier|later)|"
      "(?:a (?:touch|bit|little|tad|hair)|slightly) (?:more|less|"
      "(?!(?:later|better|ever|never|over|under|other|rather|together|"
      "whether|either|neither|after|earlier)\\b)[a-z]+er)\\b|"
      "un (?:peu|poil|chouia|brin|tout petit peu) (?:plus|moins)"
      "(?! (?:tard|tot)\\b)|"
      "n'oubliez pas|n'oublie pas|don't forget|do not forget|"
      /* a duration to change: "two more seconds", "deux images de moins" */
      "(?:a few|a couple of|one|two|three|[0-9]+|half a) (?:more|extra|less|"
      "fewer) (?:seconds?|frames?|beats?)|(?:une|deux|trois|quelques|[0-9]+) "
      "(?:secondes?|images?) de (?:plus|moins)|"
      "(?:is |are )?(?:needed|required)|(?:est |sont )?necessaires?|"
      "(?:retour|on retourne) (?:au|en) montage" },

    /*
     * Work an editor promises is work still to do: "Super fixed, v2 is
     * up. The VO sync I'll handle with the mixer" is a partial fix.
     */
    { NGX_HTTP_POSTFLOW_CUE_LATER, 1,
      "(?:i'll|i will|we'll|we will|je vais|on va|i'm going to|"
      "we're going to|je m'occuperai) (?:(?:le|la|les|l'|it|them|that|this|"
      "still|also|aussi) )?(?:handle|fix|sort|tackle|deal with|take care|"
      "redo|rework|finish|work on|get to|look into|traiter|corriger|"
      "reprendre|gerer|refaire|finir|terminer|revoir|m'occuper|"
      "m'en occuper)" },

    /* editors, logistics: announcing what they do, not judging */
    { NGX_HTTP_POSTFLOW_CUE_EDITOR, 1,
      "(?:je vais|on va|je compte|i'll|i will|we'll|we will|i'm going to|"
      "we're going to|gonna|je m'occupe de|let me|i'm about to) "
      "(?:(?:le|la|les|l'|lui|leur|y|en|it|them|the|a|just|also) )?[a-z0-9]+|"
      "j'exporte|exporting|uploading|re-?rendering|rendering|"
      "je relance|relance le rendu|je m'en occupe|je m'occupe|doing it|"
      "on it|je reprends|je corrige|je modifie|je change|je refais|"
      "je recale|recutting|re-?cutting|working on it|je t'envoie|"
      "je vous envoie|sending|je reviens|get back to you|"
      "will get back|je vous fais un retour|je regarde|having a look|"
      "watching now|en cours d'export|je previens|i'll send|"
      "je lance|attaching|je joins|ci-joint|attached" },

    /* thanks and acknowledgements */
    { NGX_HTTP_POSTFLOW_CUE_THANKS, 1,
      "merci|thanks|thank you|thx|ty|cheers|noted|note|bien note|"
      "c'est note|got it|good to know|bon a savoir|good news|"
      "sounds (?:good|great|perfect|fine)|ca marche|entendu|compris|"
      "d'accord|dac|ack|roger|will do|je note|on note|good morning|"
      "good evening|good afternoon|good night|good luck|good question|"
      "good point|good catch|good call|bien vu|de rien|you're welcome|"
      "no worries|pas d'urgence|no rush|no hurry|agree|agreed|"
      "d'accord avec|fair enough|bonne journee|bonne soiree|hello|hi|"
      "bonjour|salut|goodbye|bye" },

    /* a wrong file or link is the platform's problem, not the video's */
    { NGX_HTTP_POSTFLOW_CUE_PLATFORM, 1,
      "wrong (?:file|link|upload|url|thread|comment|project|video|post|"
      "asset|person)|mauvais (?:fichier|lien|fil|projet)" },

    /* reported problems: intensifiers */
    { NGX_HTTP_POSTFLOW_CUE_PROBLEM, 1,
      "(?:way |much |far |a little |a bit |bit )?too "
      "(?!(?:good|great|nice|cool|kind|many thanks|bad)\\b)[a-z0-9]+|"
      "(?:a bit|a little|a tad|slightly|somewhat|rather|kind of|kinda|"
      "overly|quite|so|still|very|really|feels|feel|looks|look|sounds|"
      "went|turned|turns|goes|"
      "seems|seem|reads|is getting|getting|came out|comes across as) "
      "(?:a bit |a little |too |kind of )?(?:" NGX_EN_FLAW ")|"
      "(?:beaucoup |bien |vraiment |un peu |un poil |largement )?trop "
      "(?!(?:bien|beau|belle|beaux|belles|cool|top|mignon|mignonne|classe|"
      "style|genial|bon|bonne|hate|content|contente|contents|fort pour)\\b)"
      "[a-z0-9]+|"
      "(?:is|are|was|it's|its|est|sont|c'est|reste|restent|semble|"
      "seems|feel|feels) (?:a bit |un peu |vraiment |really |very |tres |"
      "bien |assez |plutot |kind of |still |encore |toujours )?"
      "(?:long|longue|longs|lente?s?|sombres?|dark|loud|quiet|slow|flat|"
      "dull|boring|faibles?|mou|molle|floue?s?|blurry|noisy|bruyante?s?|"
      "ternes?|fades?|ennuyeux|ennuyeuse|plate?s?|vides?|empty|cheap|ugly|"
      "moches?|lourde?s?|confuse?|confusing|messy|brouillon|crowded|"
      "abrupt|brutale?|brusque|rushed|precipitee?|laggy|choppy|soft|"
      "muddy|harsh|stiff|rigide|statique|static)|"
      "(?:un peu|un poil|legerement|assez|plutot|tellement|vraiment|"
      "si(?<!fait si)|"
      "encore|reste|semble|parait|fait) (?:un peu |trop )?"
      "(?:" NGX_FR_FLAW ")|"
      /* a flaw "toujours" there: a colour, a blur, an offset */
      "toujours (?:trop |un peu )?(?:verte?s?|rouges?|jaunes?|bleue?s?|"
      "roses?|oranges?|violette?s?|grise?s?|magenta|sombres?|floue?s?|"
      "decalee?s?|saturee?s?|baveu(?:x|se)|sales?)" },

    /* reported problems: dislike and doubt */
    { NGX_HTTP_POSTFLOW_CUE_PROBLEM, 1,
      "(?:don't|do not|didn't|did not) (?:really |quite )?(?:like|love|get|"
      "buy|feel)|not (?:a (?:big )?fan|sure about|convinced|keen on|"
      "feeling|loving|crazy about|great|quite (?:there|right)|there yet)|"
      "(?:je |j')?n'aime pas|j'aime pas|aime pas|n'adore pas|pas fan|"
      "pas sure? (?:de|du|des|pour|que)|pas convaincue?s?|pas emballee?s?|"
      "pas encore ca|pas tout a fait (?:ca|juste|raccord|ok)|meh|bof|"
      "hmm+|ugh|pas terrible|pas top|pas fou|pas folichon|not working|"
      "pas (?:tres )?(?:heureux|heureuse|content|contente|satisfaite?) "
      "(?:de|du|des|avec)|(?:un |des |quelques |gros )?doutes? (?:sur|sur le|"
      "quant)|i have (?:some )?doubts|(?:i'm |je suis )?(?:hesitant|mitige|"
      "mitigee|partage|partagee|perplexe|puzzled|confused)|je doute|"
      "drags?|dragging|forgot|forgotten|oubliee?s?|"
      "satur(?:e|ent)|clippe|clippent|"
      /* a distance from what was wanted: "nowhere near", "loin de" */
      "nowhere near(?! (?:as|so) (?:bad|much|many|long)\\b)"
      "(?: (?:done|finished|ready|there|right|good|final))?|"
      "(?<!not )far from(?! (?:bad|it|over)\\b)"
      "(?: (?:done|finished|ready|there|right|good|final))?|"
      "a long way (?:from|off)|(?:a )?far cry from|not even close|"
      "light-?years (?:away )?from|a des annees-lumiere (?:de|du|des|d')|"
      "miles (?:away|off|from)|"
      "all over the place|"
      "(?<!pas )loin (?:d'etre|du|des|de (?:la|l'|ce|notre|nos|ce que))"
      "(?! ?(?:date|deadline|livraison|diffusion|rendu|delai)\\b)"
      "(?: (?:fini|finie|pret|prete|termine|terminee|bon|bonne|ok))?|"
      "on est loin|loin du compte|pas du tout (?:celui|celle|ceux|ca|le |"
      "la |les |ce |convaincue?s?|juste|raccord|bon|bonne|lisible|clair|"
      "claire|homogenes?|coherente?s?|fidele?s?|au niveau|aboutie?s?)" },

    /* reported problems: defects named */
    { NGX_HTTP_POSTFLOW_CUE_PROBLEM, 1,
      "(?:je ne suis )?pas d'accord|(?:i )?(?:disagree|don't agree)|"
      "almost (?:there|perfect|good|done)|nearly there|not quite|"
      "presque (?:bon|bonne|parfait|parfaite|ok|fini|finie|ca|la)|"
      "delavee?s?|ternes?|surexposee?s?|sous-exposee?s?|"
      "(?:isn't|is not|aren't|are not|wasn't|n'est pas|ne sont pas) "
      "(?:the|le|la|les|l'|our|notre|nos) (?:brand|right|correct|same|"
      "approved|good|bonne?s?|official|officielle?|new|nouvelle?|final|"
      "latest|licensed|cleared|valide)|"
      "(?:n'est pas|ne sont pas|isn't|is not|aren't|are not) (?:celui|celle|"
      "ceux|celles|the one|the ones) (?:du|de|des|d'|qu|on|in|from|of|we)\\b|"
      "why(?! not\\b) (?:does|do|is|are|did|has|have|was|were|would|"
      "can't|isn't|doesn't)|pourquoi (?:le|la|les|l'|on|il|elle|ca|"
      "est-ce|c'est)|"
      "(?:is|are|looks|est|sont) (?:too |very |really |quite |a bit |trop |"
      "tres |vraiment |un peu )?(?:obvious|noticeable|distracting|"
      "apparent|flagrante?|voyante?)|se voit|on (?:la |le |les )?voit trop|"
      "(?:est|sont|is|are|gets?|got) (?:un peu |legerement |slightly |"
      "partly |partially )?(?:coupee?s?|cut off|cropped|croppee?s?|"
      "rognee?s?|tronquee?s?|truncated|masquee?s?)|"
      "wrongly|badly|poorly|incorrectly|improperly|wrong|incorrect|"
      "inaccurate|errors?|mistakes?|"
      "(?<!la )(?<!cette )(?<!autre )(?<!meme )(?<!nouvelle )typos?|"
      "(?:s'appelle|s'ecrit|se prononce|is called|'s called|is spel(?:led|t)|"
      "'s spel(?:led|t)|is named|'s named) [^,.;!?\\n]{1,40}, (?:pas|not) |"
      "misspell(?:ed|t|ing)?|spelling|grammar|grammatical|missing|lacks|"
      "lacking|off by|out of sync|out-of-sync|off-sync|desync(?:ed)?|"
      "(?:is|are|was|still|slightly|a bit|feels|looks|sounds|seems) off|"
      "late(?! (?:note|notes|reply|replies|response|answer|feedback|notice|"
      "delivery|night|afternoon|morning|evening|one|comment)\\b)|"
      "abrupt(?:ly)?|cuts? off|cut-off|clipp(?:ed|ing)|clips|"
      "distort(?:ed|ion)|crackl(?:e|es|ing)|hiss(?:ing)?|buzz(?:ing)?|"
      "(?:an? |the |some |audio |little )(?:click|pop|clic)s?|"
      "(?:click|pop|clic)s? (?:at|on|in|a|au|sur)|popping|"
      "glitch(?:es|y)?|artefacts?|artifacts?|noise|noisy|banding|aliasing|"
      "(?:an? |the |some |low |audible )hum|humming|drops? out|dropping out|"
      "halos?|(?:green |blue )?spill|"
      "(?:le |un |the |a )(?:black |white )?flash\\b|"
      "buried|noyee?s?|enterree?s?|(?:on a|a ete|j'ai|we've|we) (?:perdu|lost)|"
      "got lost|applied twice|twice|deux fois|en double|doubled|"
      "sunburn(?:t|ed)?|flashe(?:nt)?|s'est effondree?|a la va-vite|"
      "baclee?s?|hard cut|(?:frames?|images?) (?:of|de) (?:black|noir)|"
      "moins d'une seconde|less than (?:a|one) second|"
      /* on screen too briefly to be read */
      "(?:barely|hardly|only|just) (?:half a|a|one|two|[0-9]+) "
      "(?:seconds?|frames?)|a peine (?:une demi-seconde|une seconde|"
      "[0-9]+ (?:secondes?|images?))|boom (?:mic|pole|operator)s?|"
      "depasse(?:nt)?(?= ?(?:[.!,;]|$))|ne raccorde(?:nt)? pas|"
      "raccorde(?:nt)? mal|(?:n'est|ne sont) pas livree?s?|not delivered|"
      "(?:musique|music|vo|voix|voice|track|logo|titre|title)s? "
      "(?:temporaire|temp|provisoire|de travail|placeholder)|"
      "temp (?:music|track|vo|voice|titles?|logo)|placeholder|"
      "drift(?:s|ing|ed)?|(?:a couple of |a few |[0-9]+ |two |one )?frames? "
      "(?:ahead|behind|early|late|off)|(?:cuts?|stops?|ends?) dead|"
      "mid-(?:note|word|sentence|phrase)|mispronounc(?:e|es|ed|ing)|"
      "mal prononcee?|(?:sort|sortent) (?:de la|du|des) (?:zone|cadre|"
      "safe|marges?)|hors (?:zone|cadre|safe|marges?)|sautes? d'image|"
      "un saut|crache(?:nt)?|passe(?:nt)? (?:derriere|sous)|"
      "(?:hidden|is|are) behind the|dans le champ|in (?:the )?shot|"
      "instead of|plutot qu|au lieu de|rather than|ghosting|fringing|"
      "stretched|squashed|"
      "(?:says|dit|reads|shows|affiche) [^.!?\\n]{1,40} (?:but|mais|alors que|"
      "whereas) [^.!?\\n]{1,40} (?:says|dit|reads|shows|affiche)|"
      "cuts? out(?! (?:the|that|this|a|an)\\b)|upside down|"
      "(?:outside|out of|past) (?:the )?(?:title|action|safe)(?: safe)?|"
      "still (?:says?|shows?|reads?|has the|have the|uses?|on the|the old)|"
      "(?:the |an? )?old (?:logo|version|music|track|slate|end ?card|price|"
      "date|super|title|grade|mix|ones?|packshot|lut|voice|vo|take|"
      "branding|font|supers|titles)|"
      "(?:is|are|came|comes) back(?! (?:to (?:you|me|us)|from|on|with|"
      "tomorrow|monday|later)\\b)|burnt? in(?:to)?|burned in(?:to)?|"
      "watermark(?:ed)?|two different|says (?:[^.!?\\n]{1,40}) but "
      "(?:[^.!?\\n]{1,40}) says|only (?:plays |comes |is )?(?:in|on|from) "
      "the (?:left|right)|"
      "moire|flicker(?:s|ing)?|stutter(?:s|ing)?|judder(?:s|ing)?|jitter|"
      "freezes|frozen|dropped frames?|flash frames?|black frames?|"
      "dropouts?|drop-outs?|dust|scratch(?:es)?|smudges?|"
      "boom shadow|shadow of|crushed|blown(?: out)?|overexposed|"
      "underexposed|washed out|muddy|blurry|out of focus|pixell?ated|"
      "pixelized|jumpy|shaky|wobbly|jarring|bugs?|buggy|blocks|hides|"
      "obscures?|overlaps?|overlapping|clash(?:es)?|unreadable|illegible|"
      "inaudible|hard to (?:read|hear|see|follow|understand)|problems?|"
      "issues?|concerns?|mismatch(?:ed)?|inconsistent|ugly|unusable|"
      "jumps|bleeds?|sloppy|weird|strange|awkward|muffled|etouffee?s?|"
      "peaking|"
      "swallow(?:s|ed)|eats|truncated|stretched|squashed|letterboxed|"
      "(?:(?:boom|mic|crew|reflection|tripod|shadow) (?:[a-z0-9]+ )?"
      "(?:is |are )?visible)|(?:is|are) visible (?:on|in|at)|"
      "not cleared|uncleared|(?:doesn't|don't|does not|do not) "
      "(?:work|match|fit|sync|line up|read|land)|throws? off|"
      "(?:i|we|you) (?:can )?hear (?:an?|some|the) |"
      "(?:i|we|you) (?:can )?(?:see|notice|spot) (?:an?|some) |nul|nulle|"
      "(?:no|(?<!with or )without|missing) (?:the )?(?:" NGX_ELEMENT ")|"
      "faux|fausses?|erreurs?|erronee?s?|fautes?|coquilles?|manquent|"
      "manquante?s?|il manque|manque (?:le|la|les|l'|un|une|des|du|de|d')|"
      "absente?s?|decalee?s?(?! (?:a|au|a la|jusqu'a) (?:[0-9]|(?:demain|lundi|"
      "mardi|mercredi|jeudi|vendredi|samedi|dimanche|la semaine|"
      "plus tard)\\b))|"
      "desynchro(?:nisee?s?)?|hors synchro|"
      "en retard(?<!on est en retard)(?<!suis en retard)"
      "(?<!sommes en retard)|"
      "crame(?:e|s|es)?|bouchee?s?|brulee?s?|floue?s?|pixell?isee?s?|"
      "bave|baveux|bavures?|poussieres?|rayures?|saccadee?s?|saccades?|"
      "figee?s?|gresille|souffle|clics?|claquements?|craquements?|"
      "parasites?|bruits?|larsen|ombre (?:de|du|sur)|reflets?|tremblee?|"
      "tremblements?|instables?|illisibles?|inaudibles?|"
      "difficile a (?:lire|entendre|comprendre|voir)|cache(?:nt)? (?:le|la|"
      "les|l')|couvre(?:nt)? (?:(?:completement|totalement|presque|un peu) )?"
      "(?:le|la|les|l')|drown(?:s|ed|ing)? out|"
      "masque(?:nt)? (?:le|la|les|l')|chevauchen?t?|debordent?|"
      "mangen?t?|cassen?t?|deborde(?:nt)?|"
      "depasse(?:nt)? (?:du|de la|des|le|la|les|l')|"
      "clignote(?:nt)?|scintille(?:nt)?|gresillen?t?|bourdonn(?:e|ent|ement)|"
      "craque(?:nt)?|s'arrete(?:nt)? net|coupee?s? net|a l'envers|"
      "vire(?:nt)? (?:au|a l'|a la|sur le|vers le)|tire(?:nt)? (?:sur|vers) le|"
      "(?:beaucoup |bien |nettement |un peu )?(?:plus|moins) "
      "(?:forte?s?|faibles?|sombres?|claire?s?|saturee?s?|rapides?|lente?s?|"
      "basse?s?|haute?s?) que|pas (?:du tout )?fidele?s?|"
      "(?:toujours|encore) (?:l'ancien(?:ne)?|le meme|la meme|celle|celui)|"
      "l'ancien(?:ne)? (?:version|logo|musique|carton|prix|date|generique|"
      "mix|etalonnage|lut|voix|vo|packshot|titre|charte)|faux raccords?|"
      "(?:de nouveau|a nouveau|est revenue?|sont revenue?s|revient|"
      "reviennent|reapparai(?:t|ssent)|est de retour)(?! (?:demain|lundi|"
      "vers|sur|a|de|en)\\b)|"
      "on (?:n'|ne )?(?:entend|voit|lit) (?:pas|plus|rien|mal)|"
      "deformee?s?|etiree?s?|ecrasee?s?|ca fait (?:un|une) (?:blanc|trou|"
      "saut|creux)|"
      "coupen?t? (?:un|le|la|les|l') ?(?:mot|phrase|"
      "fin|dialogue|debut|son)|mal (?!a\\b)[a-z0-9]+|mauvaise?s?|problemes?|"
      "soucis?|defauts?|ne va pas|ca va pas|trainen?t?|moches?|bizarres?|"
      "etranges?|genante?s?|genent?|derangen?t?|choquen?t?|loupee?s?|"
      "on (?:entend|voit) (?:le|la|les|l'|un|une|des|encore)|"
      "(?:pas|plus) de (?:" NGX_ELEMENT ")|"
      "(?:^|(?<=[.!?] ))(?:pas|not) (?:cette|ce|cet|ces|this|that|these) "
      "(?:" NGX_ELEMENT ")|"
      "(?<!avec ou )sans (?:" NGX_ELEMENT ")|"
      "(?:ne |n')(?:correspond|colle|marche|fonctionne|match)(?:ent)? pas|"
      "(?:ne |n')(?:me |nous )?(?:va|convient|plait) pas|"
      "pas (?:raccord|synchro|lisible|conforme|propre|net|nette|terrible|"
      "top|fou|folichon|ouf)" },

    /* feedback nouns: only their negation means something */
    { NGX_HTTP_POSTFLOW_CUE_NOTES, 1,
      "notes|remarques?|retours?|comments|commentaires?|feedback|changes|"
      "passes|rounds|"
      "changements?|corrections?|modifs?|modifications?|revisions?|tweaks?|"
      "edits|to (?:say|report|flag|mention|do|add)|"
      "a (?:signaler|dire|redire|reprocher|toucher)|"
      "more from me|de plus|left|(?:blocking )?points? bloquants?|"
      "blocking points?|reserves?|objections?|complaints?|plaintes?|"
      "further|d'autres" },

    { NGX_HTTP_POSTFLOW_CUE_REJECT, 1,
      "reject(?:ed|s|ing)?|refus(?:e|es|ee|ees|er)?|declined?|nope|"
      "no go|no-go|not approved|non valide" },

    /* praise: approves when nothing else is said */
    { NGX_HTTP_POSTFLOW_CUE_PRAISE, 1,
      "great|perfect|perfection|parfaite?|excellente?|superbes?|"
      "super(?<!the super)(?! (?:is|are|was|reads|says|stays|sits|comes|"
      "appears|on screen)\\b)|geniale?|bravo|nice|lovely|"
      "love(?:d|s)? (?:it|this|the|that)|loving|j'adore|j'aime|adore|"
      "beautiful|beautifully|"
      "beau (?:travail|boulot)|belle|magnifique|nickel|nikel|"
      "top(?! (?:left|right|of|corner|edge|third|frame|bottom)\\b)|"
      "impeccable|awesome|amazing|fantastic|brilliant|well done|"
      "(?:good|great|nice) (?:job|work)|nailed it|sharp|"
      "(?:much|way|so much) better|beaucoup mieux|bien mieux|tres bien|"
      "tres beau|trop (?:bien|beau|belle|cool|top|bon)|"
      "c'est bien(?! (?:la|le|les|l'|un|une|ca|ce|cette|ces|moi|toi|lui|"
      "nous|vous|eux|elle|ici|celle|celui)\\b)|"
      "stunning|wonderful|incroyable|bien joue|chapeau|felicitations|"
      "congrats|sublime|splendide|rend (?:tres |super )?bien|"
      "happy|ravie?s?|contente?s?|cool|love it|gorgeous|solid|"
      "pile poil|better|(?:much|way|really|hugely) improved|"
      "(?:the )?best|(?:la |le )?meilleure?|(?:c'est|est|sont) (?:beaucoup |"
      "bien |vraiment )?mieux|spot-on|on point|clean(?:er)?|"
      "crisp|smooth|tight|punchy|pas mal|fab|fabulous|looking (?:good|"
      "great|sharp|fantastic)" },

    { NGX_HTTP_POSTFLOW_CUE_FINE, 1,
      "fine|good|ok|okay|oki|conforme|within spec|in spec|"
      "dans les clous|propre" },

    /* "right" as an adverb ("right before the end card") judges nothing */
    { NGX_HTTP_POSTFLOW_CUE_RIGHT, 1,
      "right(?! (?:before|after|at|on|in|under|over|behind|next|there|here|"
      "away|when|where|as|from|into|through|around|up|down|off|out|"
      "between|by|to)\\b)|correct|bonn?e?s?|raccord|in sync|synchro|sync|"
      "match(?:es)?|"
      "correspond(?:s|ent)?|colle|works|working|marche|fonctionne|"
      "lisible|readable|legible|audible|clear|clair|net|nette|"
      "the one|la bonne|le bon|ready|prete?|lines? up|lined up|"
      "respecte(?:e|s|es)?|respected|followed|cleared|licensed" },

    { NGX_HTTP_POSTFLOW_CUE_DONE, 1,
      NGX_EN_DONE "|" NGX_FR_DONE "|(?:is|are) in(?= ?(?:[.!,;]|$))|"
      "(?:is|are) (?:now )?in(?= v ?[0-9]| the (?:new|latest) "
      "(?:version|cut))|"
      "(?:sera|seront) (?:la|en place|integree?s?|posee?s?|calee?s?)" },

    /* a problem looked for and not found */
    { NGX_HTTP_POSTFLOW_CUE_NEGATOR, 0,
      "^plus (?:de|d'|aucune?)|\\b(?:il n'y a|n'y a|y a) plus (?:de|d'|"
      "aucune?)" },

    { NGX_HTTP_POSTFLOW_CUE_NEGATOR, 1,
      "(?:couldn't|could not|can't|cannot|didn't|did not) (?:find|see|"
      "hear|spot|notice|detect)(?: a single| any| one)?|"
      "not (?:a single|one)|no (?:more|longer)|"
      "je ne (?:vois|trouve|remarque|entends) plus" },

    /* the video's elements: an approval waiting for one waits for a change */
    { NGX_HTTP_POSTFLOW_CUE_ELEMENT, 1,
      NGX_ELEMENT "|end ?slate|slate|supers?|synthe|hero shot|shots?|"
      "takes?|grade|etalonnage|mix|watermark|lut|fonts?|typo|prix|price|"
      "vf|vost|voix|mention|"
      "plans?|voix off definitive|track" },

    /* negation */
    { NGX_HTTP_POSTFLOW_CUE_NEGATOR, 1,
      "not|no|never|nothing|none|nobody|zero|nor|neither|without|cannot|"
      "can't|won't|don't|doesn't|isn't|aren't|wasn't|weren't|haven't|"
      "hasn't|hadn't|shouldn't|wouldn't|couldn't|didn't|ain't|"
      "pas|rien|aucune?s?|jamais|sans|ni|impossible|unable|non|"
      "personne|plus aucune?" },

    { NGX_HTTP_POSTFLOW_CUE_NE, 0,
      "\\b(?:ne\\b|n'(?=[a-z0-9]))" },

    { NGX_HTTP_POSTFLOW_CUE_PLUS, 1,
      "plus" },

    /* "not approved yet" reports a status, it refuses nothing */
    { NGX_HTTP_POSTFLOW_CUE_YET, 1,
      "yet|encore(?! (?:merci|bravo|une fois|un grand merci|felicitations|"
      "super|top)\\b)|so far|pour l'instant|pour le moment|as of now|for now|"
      "jusqu'ici|at the moment|right now" },

    /* a change of state: after "but", something a fix broke */
    { NGX_HTTP_POSTFLOW_CUE_NOW, 1,
      "now|maintenant|desormais|dorenavant|anymore|any more" },

    /* problems with the review platform rather than the video */
    { NGX_HTTP_POSTFLOW_CUE_PLATFORM, 1,
      "links?|liens?|download(?:s|ing)?|telechargement|telecharger|"
      "player|lecteur|login|log in|password|mot de passe|access|acces|"
      "the page|la page|app|frame\\.?io|buffering|loading|"
      "chargement|plateforme|platform|browser|navigateur|wetransfer|"
      "dropbox|drive|slack|whatsapp|upload (?:failed|fails|error)" },

    /* timecodes: "0:45", "00:01:05", "@00:42", "frame 880" */
    { NGX_HTTP_POSTFLOW_CUE_TIMECODE, 0,
      "(?<![0-9:.,])(?:(?:[0-9]{1,2}:){2}[0-9]{2}(?::[0-9]{2})?|"
      "(?![12][0-9]:)[0-9]{1,2}:[0-5][0-9])(?![0-9:])|@ ?[0-9]+|"
      "\\b(?:frames?|images?|tc|timecode) ?[0-9]+" },

    /* emoji, after folding (skin tones and variation selectors gone) */
    { NGX_HTTP_POSTFLOW_CUE_EMOJI_OK, 0,
      "[\\x{1F44D}\\x{2705}\\x{2714}\\x{2611}\\x{1F44C}\\x{1F4AF}"
      "\\x{1F525}\\x{1F44F}\\x{1F64C}\\x{1F60D}\\x{1F929}\\x{1F389}"
      "\\x{1F973}\\x{2764}\\x{1F4AA}\\x{1F680}\\x{2B50}\\x{1F31F}"
      "\\x{1F600}-\\x{1F604}\\x{1F60A}\\x{1F642}\\x{1F970}"
      "\\x{1F499}-\\x{1F49C}\\x{1F9E1}\\x{1F197}\\x{1F3C6}\\x{1F60E}"
      "\\x{1F918}\\x{2728}\\x{1F38A}\\x{1F496}\\x{1F60B}\\x{1F63B}"
      "\\x{1F44A}\\x{1F91D}\\x{1F387}\\x{1F388}\\x{1F48E}]" },

    { NGX_HTTP_POSTFLOW_CUE_EMOJI_NO, 0,
      "[\\x{1F44E}\\x{274C}\\x{26D4}\\x{1F6AB}\\x{2716}\\x{274E}"
      "\\x{1F6D1}\\x{1F621}\\x{1F92E}\\x{1F645}\\x{26A0}\\x{1F620}"
      "\\x{1F4A9}\\x{1F922}"
      /* rolling eyes, unamused, facepalm, upside down: irony */
      "\\x{1F644}\\x{1F612}\\x{1F926}\\x{1F643}]" },

    { 0, 0, NULL }
};


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


ngx_int_t
ngx_http_postflow_review_compile(ngx_http_postflow_review_t *review,
    ngx_str_t *err)
{
    ngx_uint_t                   i;
    ngx_array_t                 *tops, *nodes;
    ngx_http_postflow_top_t     *top;
    ngx_http_postflow_node_t    *node;
    ngx_http_postflow_lexeme_t  *lx;

    review->jit = 1;

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

    for (lx = ngx_http_postflow_lexemes; lx->pattern; lx++) {
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
    ngx_uint_t                 i, k;
    ngx_http_postflow_node_t  *child;

    ngx_memzero(node, sizeof(ngx_http_postflow_node_t));

    node->start = p;
    node->end = last;

    close = NULL;

    if (last - p > 3 && ngx_strncmp(p, "(?:", 3) == 0) {
        close = ngx_http_postflow_review_pattern_end(p, last, ')');
    }

    /* a quantified group cannot be cut: "(?:the )?only" is a leaf */
    if (close == NULL || close == last || close + 1 == last
        || ngx_strchr("?*+{", close[1]) != NULL)
    {
        return ngx_http_postflow_review_first(review, p, last - p, 0,
                                              node->first, NULL, err);
    }

    if (ngx_http_postflow_review_assertions(p + 3, close)) {
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

    } else if (type == 1 && unit < 0x80) {
        first[unit >> 5] |= 1u << (unit & 31);

        if ((options & PCRE2_CASELESS)
            && ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z'))
        {
            unit ^= 0x20;
            first[unit >> 5] |= 1u << (unit & 31);
        }

    } else {
        /* anything, or any UTF-8 lead byte: try it everywhere */
        for (i = 0; i < 8; i++) {
            first[i] = 0xffffffff;
        }
    }

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
    u_char                   *p, *e;
    ngx_uint_t                i;
    pcre2_code               *re;
    ngx_http_postflow_top_t  *top;

    top = tops->elts;

    for (i = 0; i < tops->nelts; i++) {
        next[i] = 0;

        p = ngx_pnalloc(review->pool, (top[i].node->end - top[i].node->start)
                                      + sizeof("(?:)\\b") - 1);
        if (p == NULL) {
            ngx_str_set(err, "no memory for the review patterns");
            return NGX_ERROR;
        }

        e = ngx_http_postflow_review_emit(top[i].node, b, p + 3);

        if (e == p + 3) {
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
 * Strict UTF-8: shortest forms only, no surrogates, nothing above
 * U+10FFFF.  An invalid byte is consumed alone so that the next one
 * gets its chance.
 */
static uint32_t
ngx_http_postflow_review_decode(u_char **pp, u_char *last)
{
    u_char    *p;
    size_t     n, i;
    uint32_t   c, min;

    p = *pp;
    c = *p;

    *pp = p + 1;

    if (c < 0x80) {
        return c;
    }

    if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        c &= 0x1f;
        min = 0x80;

    } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        c &= 0x0f;
        min = 0x800;

    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        c &= 0x07;
        min = 0x10000;

    } else {
        return NGX_HTTP_POSTFLOW_INVALID;
    }

    if ((size_t) (last - p) <= n) {
        return NGX_HTTP_POSTFLOW_INVALID;
    }

    for (i = 1; i <= n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return NGX_HTTP_POSTFLOW_INVALID;
        }

        c = (c << 6) | (p[i] & 0x3f);
    }

    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        return NGX_HTTP_POSTFLOW_INVALID;
    }

    *pp = p + n + 1;

    return c;
}


/*
 * Latin-1 Supplement and Latin Extended-A (U+00C0..U+017F) without
 * their accents: '#' marks the letters that fold to two, '=' those
 * kept as they are (multiplication and division signs).
 */
static const char  ngx_http_postflow_latin[] =
    "aaaaaa#ceeeeiiiidnooooo=ouuuuy##aaaaaa#ceeeeiiiidnooooo=ouuuuy#y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkkllllllllll"
    "nnnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";


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
        c = ngx_http_postflow_review_decode(&p, last);

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

        q = ngx_http_postflow_review_fold_char(d, c);

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


static u_char *
ngx_http_postflow_review_fold_char(u_char *d, uint32_t c)
{
    char  f;

    if (c < 0x80) {
        *d++ = (u_char) ((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
        return d;
    }

    if (c >= 0xc0 && c <= 0x17f) {
        f = ngx_http_postflow_latin[c - 0xc0];

        if (f != '#' && f != '=') {
            *d++ = (u_char) f;
            return d;
        }

        if (f == '#') {
            switch (c) {
            case 0xc6: case 0xe6: *d++ = 'a'; *d++ = 'e'; return d;
            case 0xde: case 0xfe: *d++ = 't'; *d++ = 'h'; return d;
            case 0xdf: *d++ = 's'; *d++ = 's'; return d;
            case 0x132: case 0x133: *d++ = 'i'; *d++ = 'j'; return d;
            default: *d++ = 'o'; *d++ = 'e'; return d;  /* oe ligature */
            }
        }
    }

    /* combining marks, variation selectors, skin tones, joiners */
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff)
        || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff)
        || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xfe20 && c <= 0xfe2f)
        || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0x200b && c <= 0x200d)
        || c == 0xfeff || c == 0xad || (c >= 0xe0100 && c <= 0xe01ef))
    {
        return d;
    }

    switch (c) {

    case 0x2018: case 0x2019: case 0x201b: case 0x2032: case 0x02bc:
    case 0xb4: case 0x60:
        *d++ = '\'';
        return d;

    case 0x201c: case 0x201d: case 0x201e: case 0xab: case 0xbb:
    case 0x2039: case 0x203a:
        *d++ = '"';
        return d;

    case 0x2010: case 0x2011:
        *d++ = '-';
        return d;

    /* a dash between words separates clauses like a comma */
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        *d++ = ',';
        return d;

    case 0x2026:
        *d++ = '.';
        return d;

    case 0xff1f:
        *d++ = '?';
        return d;
    }

    if (c < 0x800) {
        *d++ = (u_char) (0xc0 | (c >> 6));
        *d++ = (u_char) (0x80 | (c & 0x3f));

    } else if (c < 0x10000) {
        *d++ = (u_char) (0xe0 | (c >> 12));
        *d++ = (u_char) (0x80 | ((c >> 6) & 0x3f));
        *d++ = (u_char) (0x80 | (c & 0x3f));

    } else {
        *d++ = (u_char) (0xf0 | (c >> 18));
        *d++ = (u_char) (0x80 | ((c >> 12) & 0x3f));
        *d++ = (u_char) (0x80 | ((c >> 6) & 0x3f));
        *d++ = (u_char) (0x80 | (c & 0x3f));
    }

    return d;
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

            if ((j < i && cue[i].word <= cue[j].word_end + 2)
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
 *     know");
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

    if (t->lean_approve && !chatter) {
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
