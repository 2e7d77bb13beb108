
/*
 * The review analyser: a comment read into a verdict, a thread of them
 * into the track's review state.
 */


#ifndef _NGX_HTTP_POSTFLOW_REVIEW_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_REVIEW_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_http_postflow_event.h"
#include "ngx_http_postflow_lexicon.h"

/*
 * Review analysis.  A comment is reduced to a verdict and the seed
 * method's keyword counts; a thread is the ordered list of those plus
 * explicit signals (labels, completions, new versions).
 */

typedef enum {
    NGX_HTTP_POSTFLOW_VERDICT_NEUTRAL = 0,
    NGX_HTTP_POSTFLOW_VERDICT_APPROVE,
    NGX_HTTP_POSTFLOW_VERDICT_CHANGES
} ngx_http_postflow_verdict_e;


/* legacy asset labels (asset.label.updated), as stored on a track */
typedef enum {
    NGX_HTTP_POSTFLOW_LABEL_NONE = 0,
    NGX_HTTP_POSTFLOW_LABEL_IN_PROGRESS,
    NGX_HTTP_POSTFLOW_LABEL_NEEDS_REVIEW,
    NGX_HTTP_POSTFLOW_LABEL_APPROVED
} ngx_http_postflow_label_e;


/* flags of a thread entry */
#define NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED  0x01  /* "fixed in v2" */
#define NGX_HTTP_POSTFLOW_ENTRY_COMPLETED      0x02  /* comment.completed */
#define NGX_HTTP_POSTFLOW_ENTRY_DELETED        0x04  /* comment.deleted */
#define NGX_HTTP_POSTFLOW_ENTRY_SIGNAL         0x08  /* not a comment */
#define NGX_HTTP_POSTFLOW_ENTRY_FRAMEIO        0x10  /* read from the API */
#define NGX_HTTP_POSTFLOW_ENTRY_OWN_PART       0x20  /* "de mon côté" */
#define NGX_HTTP_POSTFLOW_ENTRY_EDITOR         0x40  /* by the uploader */
#define NGX_HTTP_POSTFLOW_ENTRY_NEW_VERSION    0x80  /* "fixed, v2 is up" */

/* the flags a comment's analysis gives, read again when its text is */
#define NGX_HTTP_POSTFLOW_ENTRY_ANALYSIS                                      \
    (NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED|NGX_HTTP_POSTFLOW_ENTRY_OWN_PART  \
     |NGX_HTTP_POSTFLOW_ENTRY_NEW_VERSION)


/* what the thread analysis needs of each comment or signal, in order */
typedef struct {
    uint32_t                     id_hash;     /* crc32 of comment_id */
    uint8_t                      verdict;     /* ngx_http_postflow_verdict_e */
    uint8_t                      flags;
    uint16_t                     positives;   /* seed keyword counts */
    uint16_t                     negatives;
} ngx_http_postflow_entry_t;


#define NGX_HTTP_POSTFLOW_MATCHES_MAX     8

typedef struct {
    const char                  *rule;        /* "approve", "negation", ... */
    size_t                       offset;      /* into the comment text */
    size_t                       len;
} ngx_http_postflow_match_t;


typedef struct {
    ngx_http_postflow_verdict_e  verdict;
    ngx_uint_t                   flags;       /* ENTRY_FIX_DELIVERED */
    double                       score;       /* in [-1, 1] */
    ngx_uint_t                   positives;
    ngx_uint_t                   negatives;
    ngx_uint_t                   nmatches;
    ngx_http_postflow_match_t    matches[NGX_HTTP_POSTFLOW_MATCHES_MAX];
} ngx_http_postflow_analysis_t;


/* opaque: compiled patterns and keywords, built at configuration time */
typedef struct ngx_http_postflow_review_s  ngx_http_postflow_review_t;


/* ngx_http_postflow_review.c */
ngx_http_postflow_review_t *ngx_http_postflow_review_create(ngx_pool_t *pool,
    ngx_log_t *log);
ngx_int_t ngx_http_postflow_review_add_keyword(
    ngx_http_postflow_review_t *review, ngx_uint_t approve, ngx_str_t *word,
    ngx_str_t *err);
ngx_int_t ngx_http_postflow_review_clear_keywords(
    ngx_http_postflow_review_t *review, ngx_uint_t approve);
ngx_int_t ngx_http_postflow_review_set_thresholds(
    ngx_http_postflow_review_t *review, double approve, double reject,
    ngx_str_t *err);
ngx_int_t ngx_http_postflow_review_add_lexicon(
    ngx_http_postflow_review_t *review, ngx_http_postflow_lexicon_file_t *file,
    ngx_uint_t replace, ngx_str_t *err);
ngx_int_t ngx_http_postflow_review_compile(ngx_http_postflow_review_t *review,
    ngx_str_t *err);
ngx_int_t ngx_http_postflow_review_comment(ngx_http_postflow_review_t *review,
    u_char *text, size_t len, ngx_http_postflow_analysis_t *an);
ngx_http_postflow_review_e ngx_http_postflow_review_thread(
    ngx_http_postflow_review_t *review, ngx_http_postflow_entry_t *entries,
    ngx_uint_t n, ngx_uint_t label, double *score);


#endif /* _NGX_HTTP_POSTFLOW_REVIEW_H_INCLUDED_ */
