
/*
 * ngx_postflow: Frame.io review tracking inside nginx.
 *
 * Types shared by the module's files: the shared-memory zone and its
 * tracks, the configuration, parsed events and the review analyser.
 */


#ifndef _NGX_HTTP_POSTFLOW_MODULE_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_journal.h"


/* bounds on every input */
#define NGX_HTTP_POSTFLOW_ID_MAX          128
#define NGX_HTTP_POSTFLOW_NAME_MAX        512
#define NGX_HTTP_POSTFLOW_LINK_MAX        1024
#define NGX_HTTP_POSTFLOW_TEXT_MAX        8192
#define NGX_HTTP_POSTFLOW_JSON_DEPTH      8

/* latest events kept per track, and per unmatched file */
#define NGX_HTTP_POSTFLOW_EVENTS_MAX      16
#define NGX_HTTP_POSTFLOW_PENDING_MAX     8

/* comments kept per track for the thread analysis */
#define NGX_HTTP_POSTFLOW_COMMENTS_MAX    512

/* how long an event for an unknown file waits for its registration */
#define NGX_HTTP_POSTFLOW_PENDING_TTL     86400


typedef enum {
    NGX_HTTP_POSTFLOW_REGISTERED = 0,
    NGX_HTTP_POSTFLOW_UPLOADING,
    NGX_HTTP_POSTFLOW_PROCESSING,
    NGX_HTTP_POSTFLOW_READY,
    NGX_HTTP_POSTFLOW_COMPLETED,
    NGX_HTTP_POSTFLOW_DELETED,
    NGX_HTTP_POSTFLOW_NSTATUS
} ngx_http_postflow_status_e;


typedef enum {
    NGX_HTTP_POSTFLOW_PENDING = 0,
    NGX_HTTP_POSTFLOW_APPROVED,
    NGX_HTTP_POSTFLOW_NEEDS_CHANGES,
    NGX_HTTP_POSTFLOW_LEANING_APPROVED,
    NGX_HTTP_POSTFLOW_LEANING_REJECTED,
    NGX_HTTP_POSTFLOW_NREVIEW
} ngx_http_postflow_review_e;


/* why a webhook was refused; the statistics count each one */
typedef enum {
    NGX_HTTP_POSTFLOW_REJECT_METHOD = 0,
    NGX_HTTP_POSTFLOW_REJECT_SIGNATURE,
    NGX_HTTP_POSTFLOW_REJECT_TIMESTAMP,
    NGX_HTTP_POSTFLOW_REJECT_JSON,
    NGX_HTTP_POSTFLOW_REJECT_TOO_LARGE,
    NGX_HTTP_POSTFLOW_REJECT_NO_MEMORY,
    NGX_HTTP_POSTFLOW_REJECT_JOURNAL,
    NGX_HTTP_POSTFLOW_NREJECT
} ngx_http_postflow_reject_e;


/*
 * What a known event type does.  Event types are stored as an index
 * into ngx_http_postflow_event_types[] so that a track's event ring
 * costs a few bytes per entry.
 */
typedef enum {
    NGX_HTTP_POSTFLOW_EFFECT_NONE = 0,
    NGX_HTTP_POSTFLOW_EFFECT_STATUS,          /* moves status forward */
    NGX_HTTP_POSTFLOW_EFFECT_DELETE,
    NGX_HTTP_POSTFLOW_EFFECT_VERSION,         /* new version: re-review */
    NGX_HTTP_POSTFLOW_EFFECT_LABEL,           /* legacy status label */
    NGX_HTTP_POSTFLOW_EFFECT_COMMENT,         /* needs the comment text */
    NGX_HTTP_POSTFLOW_EFFECT_COMMENT_COMPLETE,
    NGX_HTTP_POSTFLOW_EFFECT_COMMENT_REOPEN,
    NGX_HTTP_POSTFLOW_EFFECT_COMMENT_DELETE
} ngx_http_postflow_effect_e;


typedef struct {
    ngx_str_t                    name;
    ngx_http_postflow_effect_e   effect;
    ngx_http_postflow_status_e   status;      /* for EFFECT_STATUS */
} ngx_http_postflow_event_type_t;


/* a webhook payload, as parsed: pointers into the request pool */
typedef struct {
    ngx_str_t                    type;
    ngx_str_t                    resource_type;
    ngx_str_t                    resource_id;
    ngx_str_t                    account_id;
    ngx_str_t                    workspace_id;
    ngx_str_t                    project_id;
    ngx_str_t                    user_id;
    ngx_int_t                    type_index;  /* -1 when unknown */
    time_t                       time;        /* delivery timestamp */
    uint32_t                     delivery;    /* crc32 of the body */
} ngx_http_postflow_event_t;


/* an event the zone applies itself rather than leave to the poller */
#define ngx_http_postflow_event_changes_track(ev)                            \
    ((ev)->type_index >= 0                                                   \
     && ngx_http_postflow_event_types[(ev)->type_index].effect               \
        < NGX_HTTP_POSTFLOW_EFFECT_COMMENT)


/* an event as a journal snapshot lists it */
typedef struct {
    uint32_t                     time;
    uint16_t                     type;
} ngx_http_postflow_event_rec_t;


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


/* a track's place in a hash chain (ngx_http_postflow_index.c) */

typedef struct ngx_http_postflow_link_s  ngx_http_postflow_link_t;

struct ngx_http_postflow_link_s {
    ngx_http_postflow_link_t    *next;
    uint32_t                     hash;        /* crc32 of the key */
};


typedef struct {
    ngx_http_postflow_link_t   **buckets;
    ngx_uint_t                   mask;        /* buckets - 1, a power of 2 */
    ngx_uint_t                   string;      /* NGX_HTTP_POSTFLOW_S_* key */
    size_t                       offset;      /* of the link in a track */
} ngx_http_postflow_index_t;


/*
 * The shared zone.  Tracks are found through two hash indexes, by
 * upload_id (upload_link) and by file_id (file_link, once the file is
 * known), and listed in the order of a tree by upload_id (the node
 * itself).  Strings live in one separately allocated blob so that
 * learning a file_id or a project id only reallocates the blob.
 */

typedef struct {
    ngx_rbtree_node_t            node;        /* key: crc32(upload_id) */
    ngx_http_postflow_link_t     upload_link;
    ngx_http_postflow_link_t     file_link;   /* when in_files */
    ngx_queue_t                  queue;       /* LRU, most recent first */

    time_t                       created_at;
    time_t                       updated_at;

    uint8_t                      stage;       /* as file events say */
    uint8_t                      status;      /* stage, or COMPLETED */
    uint8_t                      review_status;
    uint8_t                      label;       /* legacy label, 0 = none */
    uint8_t                      nevents;     /* entries used in events[] */
    uint8_t                      event_next;  /* ring position */
    uint8_t                      in_files;    /* in the file_id index */

    uint16_t                     upload_id_len;
    uint16_t                     filename_len;
    uint16_t                     file_id_len;
    uint16_t                     project_id_len;
    uint16_t                     workspace_id_len;
    uint16_t                     account_id_len;
    uint16_t                     review_link_len;

    uint32_t                     comments_count;

    /* the latest new version's delivery, which Frame.io may send again */
    uint32_t                     version_delivery;
    uint32_t                     version_time;

    uint32_t                     nentries;
    uint32_t                     entries_cap;
    float                        review_score;

    u_char                      *strings;     /* upload_id, filename, ... */
    ngx_http_postflow_entry_t   *entries;     /* thread, in order */

    /* the event ring, in two arrays so that a track fits 256 bytes */
    uint32_t                     event_time[NGX_HTTP_POSTFLOW_EVENTS_MAX];
    uint8_t                      event_type[NGX_HTTP_POSTFLOW_EVENTS_MAX];
} ngx_http_postflow_track_t;


/* a track's strings, in the order of its blob */
#define NGX_HTTP_POSTFLOW_S_UPLOAD_ID      0
#define NGX_HTTP_POSTFLOW_S_FILENAME       1
#define NGX_HTTP_POSTFLOW_S_FILE_ID        2
#define NGX_HTTP_POSTFLOW_S_PROJECT_ID     3
#define NGX_HTTP_POSTFLOW_S_WORKSPACE_ID   4
#define NGX_HTTP_POSTFLOW_S_ACCOUNT_ID     5
#define NGX_HTTP_POSTFLOW_S_REVIEW_LINK    6
#define NGX_HTTP_POSTFLOW_NSTRINGS         7


/*
 * The strings of a track, in blob order.  Inline: the indexes key
 * tracks by them, below every file that knows what a track means.
 */

static ngx_inline void
ngx_http_postflow_track_strings(ngx_http_postflow_track_t *t, ngx_str_t *s)
{
    u_char      *p;
    ngx_uint_t   i;

    s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID].len = t->upload_id_len;
    s[NGX_HTTP_POSTFLOW_S_FILENAME].len = t->filename_len;
    s[NGX_HTTP_POSTFLOW_S_FILE_ID].len = t->file_id_len;
    s[NGX_HTTP_POSTFLOW_S_PROJECT_ID].len = t->project_id_len;
    s[NGX_HTTP_POSTFLOW_S_WORKSPACE_ID].len = t->workspace_id_len;
    s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].len = t->account_id_len;
    s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK].len = t->review_link_len;

    for (p = t->strings, i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        s[i].data = p;
        p += s[i].len;
    }
}


/*
 * Events for a file no track knows yet, and the ids the first of them
 * carried (project, workspace, account), which a registration that
 * lacks them learns.  file_id is followed by those ids.
 */
#define NGX_HTTP_POSTFLOW_PENDING_IDS  3

typedef struct {
    ngx_rbtree_node_t            node;        /* key: crc32(file_id) */
    ngx_queue_t                  queue;       /* oldest last */
    time_t                       first_seen;
    uint16_t                     file_id_len;
    uint8_t                      nevents;
    uint8_t                      ids_len[NGX_HTTP_POSTFLOW_PENDING_IDS];
    uint8_t                      event_type[NGX_HTTP_POSTFLOW_PENDING_MAX];
    uint32_t                     event_time[NGX_HTTP_POSTFLOW_PENDING_MAX];
    u_char                       file_id[1];
} ngx_http_postflow_pending_t;


/*
 * Counters are updated with atomic adds so that rejections and reads
 * never take the zone lock.
 */
typedef struct {
    ngx_atomic_t                 webhooks_received;
    ngx_atomic_t                 webhooks_accepted;
    ngx_atomic_t                 webhooks_rejected[NGX_HTTP_POSTFLOW_NREJECT];
    ngx_atomic_t                 duplicates;
    ngx_atomic_t                 out_of_order;
    ngx_atomic_t                 unmatched;
    ngx_atomic_t                 unmatched_claimed;
    ngx_atomic_t                 unmatched_dropped;
    ngx_atomic_t                 ignored;
    ngx_atomic_t                 events_processed;
    ngx_atomic_t                 comments_analyzed;
    ngx_atomic_t                 registrations;
    ngx_atomic_t                 registrations_failed;
    ngx_atomic_t                 deletions;
    ngx_atomic_t                 expired;
    ngx_atomic_t                 evictions;
} ngx_http_postflow_counters_t;


/*
 * The Frame.io poller's part of a zone: the lease that lets one worker
 * call the API at a time, the jobs webhooks leave for it, its counters.
 */
typedef struct {
    ngx_atomic_t                 runs;
    ngx_atomic_t                 api_ok;
    ngx_atomic_t                 api_4xx;
    ngx_atomic_t                 api_5xx;
    ngx_atomic_t                 api_timeout;
    ngx_atomic_t                 api_rate_limited;
    ngx_atomic_t                 api_error;
    ngx_atomic_t                 retries;
    ngx_atomic_t                 jobs_queued;
    ngx_atomic_t                 jobs_done;
    ngx_atomic_t                 jobs_failed;
    ngx_atomic_t                 jobs_dropped;
    ngx_atomic_t                 comments_added;
    ngx_atomic_t                 comments_edited;
    ngx_atomic_t                 comments_deleted;
    ngx_atomic_t                 routed_by_name;
    ngx_atomic_t                 routed_by_similarity;
    ngx_atomic_t                 routing_ambiguous;
    ngx_atomic_t                 routing_unmatched;
} ngx_http_postflow_poll_counters_t;


typedef struct {
    ngx_pid_t                    owner;       /* lease: 0 when free */
    time_t                       expires;
    time_t                       last_run;
    ngx_uint_t                   init;        /* the jobs' indexes are */

    /*
     * The jobs, waiting or taken, each oldest first; the waiting ones by
     * their resource, for a webhook to find its duplicate; all by their
     * number, for the worker that took one to find it again.
     */
    ngx_queue_t                  waiting;
    ngx_queue_t                  taken;
    ngx_rbtree_t                 waiting_ids;
    ngx_rbtree_node_t            waiting_sentinel;
    ngx_rbtree_t                 numbers;
    ngx_rbtree_node_t            numbers_sentinel;
    ngx_rbtree_key_t             last_number;
    ngx_uint_t                   njobs;
    ngx_http_postflow_poll_counters_t  counters;
} ngx_http_postflow_poll_sh_t;


typedef struct {
    ngx_rbtree_t                 tracks;
    ngx_rbtree_node_t            tracks_sentinel;
    ngx_http_postflow_index_t    uploads;
    ngx_http_postflow_index_t    files;
    ngx_rbtree_t                 pending;
    ngx_rbtree_node_t            pending_sentinel;
    ngx_queue_t                  lru;
    ngx_queue_t                  pending_queue;

    /* kept on every change so that statistics never walk the tree */
    ngx_uint_t                   ntracks;
    ngx_uint_t                   npending;
    ngx_uint_t                   status_count[NGX_HTTP_POSTFLOW_NSTATUS];
    ngx_uint_t                   review_count[NGX_HTTP_POSTFLOW_NREVIEW];

    /* bumped on every change, so that waiters re-check only then */
    ngx_atomic_t                 generation;

    ngx_http_postflow_journal_sh_t  journal;

    ngx_http_postflow_counters_t counters;

    ngx_http_postflow_poll_sh_t  poll;
} ngx_http_postflow_shctx_t;


typedef struct ngx_http_postflow_zone_s    ngx_http_postflow_zone_t;


/* ngx_http_postflow_zone_copy.c: what a snapshot is written from */
typedef struct {
    ngx_pool_t                  *pool;        /* holds it all */
    ngx_array_t                  tracks;      /* of track *, oldest first */
    ngx_array_t                  pending;     /* of pending *, oldest first */
    ngx_uint_t                   next;        /* the next to write */
} ngx_http_postflow_zone_copy_t;


struct ngx_http_postflow_zone_s {
    ngx_http_postflow_shctx_t   *sh;
    ngx_slab_pool_t             *shpool;
    ngx_shm_zone_t              *shm_zone;
    ngx_str_t                    name;
    ngx_cycle_t                 *cycle;
    time_t                       track_ttl;
    ngx_http_postflow_review_t  *review;

    /* the track an allocation is for, with the zone locked: not evicted */
    ngx_http_postflow_track_t   *pinned;

    /* postflow_state; replayed changes keep the time they were made at */
    ngx_http_postflow_journal_t  journal;
    ngx_uint_t                   replaying;
    time_t                       replay_time;
};


/* replayed records keep the time they happened at */
#define ngx_http_postflow_now(zone)                                          \
    ((zone)->replaying ? (zone)->replay_time : ngx_time())

/*
 * Past postflow_track_ttl: freed by the next write, and not shown by
 * a read before it
 */
#define ngx_http_postflow_expired(zone, t)                                   \
    (ngx_http_postflow_now(zone) - (t)->updated_at >= (zone)->track_ttl)


/* the Frame.io API client and poller, http level */
typedef struct {
    ngx_str_t                    api;         /* no trailing slash */
    ngx_str_t                    token;       /* a literal token, or */
    ngx_str_t                    token_file;  /* re-read when it changes */
    ngx_str_t                    ca_file;
    ngx_msec_t                   poll_interval;   /* 0: off */
    ngx_msec_t                   timeout;
    ngx_uint_t                   concurrency;
    ngx_uint_t                   retries;
    size_t                       max_response;
    ngx_uint_t                   queue;
    ngx_int_t                    threshold;   /* similarity, per mille */
} ngx_http_postflow_fio_conf_t;


/* a location's postflow_webhook, _api or _stats, checked once all is read */
typedef struct {
    ngx_shm_zone_t              *shm_zone;
    ngx_str_t                    directive;
    ngx_str_t                    file;
    ngx_uint_t                   line;
} ngx_http_postflow_zone_ref_t;


typedef struct {
    ngx_array_t                  zones;       /* ngx_shm_zone_t * */
    ngx_array_t                  zone_refs;   /* ngx_http_postflow_zone_ref_t */
    ngx_str_t                    state;
    off_t                        state_compact;
    ngx_str_t                    state_conf_file;
    ngx_uint_t                   state_conf_line;
    time_t                       track_ttl;
    ngx_http_postflow_review_t  *review;
    ngx_http_postflow_fio_conf_t  frameio;
} ngx_http_postflow_main_conf_t;


/* a webhook signing secret, with its HMAC context keyed once */
typedef struct {
    ngx_str_t                    value;
    void                        *mac;         /* EVP_MAC_CTX */
} ngx_http_postflow_secret_t;


typedef struct ngx_http_postflow_ctx_s  ngx_http_postflow_ctx_t;


/*
 * What a location hands its requests to: "start" answers, or asks for
 * the body with NGX_AGAIN and "body" answers once it is read.
 */
typedef struct {
    ngx_int_t  (*start)(ngx_http_request_t *r, ngx_http_postflow_ctx_t *ctx);
    ngx_int_t  (*body)(ngx_http_request_t *r, ngx_http_postflow_ctx_t *ctx);
} ngx_http_postflow_handler_t;


typedef struct {
    const ngx_http_postflow_handler_t  *handler;  /* this location's own */
    ngx_shm_zone_t              *webhook_zone;
    ngx_shm_zone_t              *api_zone;
    ngx_shm_zone_t              *stats_zone;
    ngx_array_t                 *secrets;     /* ngx_http_postflow_secret_t */
    time_t                       tolerance;
    size_t                       max_body;
} ngx_http_postflow_loc_conf_t;


/* a value wanted from a JSON document, at a dotted path */
#define NGX_HTTP_POSTFLOW_JSON_STRING   0
#define NGX_HTTP_POSTFLOW_JSON_STRINGS  1

typedef struct {
    ngx_str_t                    path;
    ngx_uint_t                   type;
    size_t                       max_len;
    ngx_str_t                   *value;       /* JSON_STRING */
    ngx_array_t                 *values;      /* JSON_STRINGS: ngx_str_t */
    ngx_uint_t                   max_values;
    ngx_uint_t                   seen;
} ngx_http_postflow_json_field_t;


#define NGX_HTTP_POSTFLOW_TIME_LEN  (sizeof("2025-01-31T10:05:00Z") - 1)


/* the statistics of a zone, copied out under its lock */
#define NGX_HTTP_POSTFLOW_ACTIVE_MAX  100

typedef struct {
    ngx_uint_t                   ntracks;
    ngx_uint_t                   npending;
    ngx_uint_t                   status_count[NGX_HTTP_POSTFLOW_NSTATUS];
    ngx_uint_t                   review_count[NGX_HTTP_POSTFLOW_NREVIEW];
    size_t                       zone_size;
    size_t                       zone_used;
    ngx_uint_t                   nactive;
    ngx_str_t                    active[NGX_HTTP_POSTFLOW_ACTIVE_MAX];
    ngx_http_postflow_journal_sh_t  journal;
} ngx_http_postflow_snapshot_t;


/* a registration, as validated by the API */
typedef struct {
    ngx_str_t                    upload_id;
    ngx_str_t                    filename;
    ngx_str_t                    file_id;
    ngx_str_t                    project_id;
    ngx_str_t                    workspace_id;
    ngx_str_t                    account_id;
    ngx_str_t                    review_link;
} ngx_http_postflow_track_input_t;


/* what a store operation tells its caller, copied out of the zone */
typedef struct {
    ngx_pool_t                  *pool;
    ngx_str_t                    json;        /* the track */
    ngx_str_t                    upload_id;
    ngx_int_t                    status;
    ngx_int_t                    review_status;   /* -1: no track */
} ngx_http_postflow_answer_t;


#define ngx_http_postflow_answer_init(ans, p)                                \
    ngx_memzero(ans, sizeof(ngx_http_postflow_answer_t));                    \
    (ans)->pool = p;                                                         \
    (ans)->review_status = -1


/*
 * Per request: the configuration the handlers work with, given to them
 * by ngx_http_postflow_module.c, and what the access log variables show.
 */
struct ngx_http_postflow_ctx_s {
    ngx_http_postflow_loc_conf_t       *lcf;
    ngx_http_postflow_fio_conf_t       *frameio;
    ngx_str_t                           event;
    ngx_str_t                           upload_id;
    ngx_int_t                           review_status;
    ngx_uint_t                          route;       /* of the API */
    ngx_uint_t                          allowed;     /* methods, for Allow */
};


/*
 * What the store's operations answer, besides NGX_OK (a deletion made,
 * a snapshot's record restored), NGX_ERROR (out of memory, or a journal
 * record that is not one) and NGX_DECLINED (a label Frame.io has not).
 * The webhook and the API turn them into statuses.
 */
typedef enum {
    NGX_HTTP_POSTFLOW_CREATED = 1,     /* a new track */
    NGX_HTTP_POSTFLOW_UNCHANGED,       /* the same registration again */
    NGX_HTTP_POSTFLOW_CONFLICT,        /* another track has the ids */
    NGX_HTTP_POSTFLOW_APPLIED,         /* the track changed */
    NGX_HTTP_POSTFLOW_DUPLICATE,       /* a delivery or comment again */
    NGX_HTTP_POSTFLOW_QUEUED,          /* kept for a registration */
    NGX_HTTP_POSTFLOW_IGNORED,         /* an event that changes nothing */
    NGX_HTTP_POSTFLOW_NOT_FOUND,       /* no such track */
    NGX_HTTP_POSTFLOW_FULL,            /* no room, even after evicting */
    NGX_HTTP_POSTFLOW_LATE,            /* older than what the track has */
    NGX_HTTP_POSTFLOW_NO_STATE,        /* postflow_state refused it */
    NGX_HTTP_POSTFLOW_FETCH,           /* left to the poller */
    NGX_HTTP_POSTFLOW_FETCH_FULL       /* its job queue is full */
} ngx_http_postflow_store_rc_e;


/* the changes a zone knows, each one journal record */
typedef enum {
    NGX_HTTP_POSTFLOW_OP_REGISTER = 0,
    NGX_HTTP_POSTFLOW_OP_EVENT,
    NGX_HTTP_POSTFLOW_OP_COMMENT,
    NGX_HTTP_POSTFLOW_OP_DELETE,
    NGX_HTTP_POSTFLOW_OP_LABEL,        /* a legacy asset's status label */
    NGX_HTTP_POSTFLOW_OP_ROUTE,        /* a file found by the poller */
    NGX_HTTP_POSTFLOW_OP_THREAD,       /* the comments the poller read */
    NGX_HTTP_POSTFLOW_OP_PENDING,      /* a snapshot's waiting file */
    NGX_HTTP_POSTFLOW_OP_TRACK,        /* a snapshot's track */
    NGX_HTTP_POSTFLOW_NOPS
} ngx_http_postflow_op_type_e;


/*
 * A change to a zone, as a request or the poller asks for it and as the
 * journal gives it back: ngx_http_postflow_store_apply() takes both.
 */
typedef struct {
    ngx_http_postflow_op_type_e      type;
    time_t                           time;
    ngx_http_postflow_track_input_t  in;          /* the track's ids */
    ngx_http_postflow_event_t        event;       /* EVENT */
    ngx_str_t                        comment_id;  /* COMMENT */
    ngx_http_postflow_analysis_t     analysis;    /* COMMENT */
    ngx_str_t                        label;       /* LABEL: its name */

    /* THREAD, PENDING and TRACK: a track's state, as records spell it */
    time_t                           created;
    ngx_int_t                        stage;
    ngx_int_t                        label_index;
    ngx_int_t                        comments;
    ngx_str_t                        events;      /* "type@time,..." */
    ngx_str_t                        entries;     /* "hash:verdict:...," */
    ngx_str_t                        version;     /* "delivery@time" */
} ngx_http_postflow_op_t;


/* with the zone locked; the line is appended when the change is sure */
typedef ngx_int_t (*ngx_http_postflow_op_pt)(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);


extern ngx_module_t  ngx_http_postflow_module;

extern ngx_http_postflow_event_type_t  ngx_http_postflow_event_types[];
extern ngx_str_t  ngx_http_postflow_status_names[];
extern ngx_str_t  ngx_http_postflow_review_names[];
extern ngx_str_t  ngx_http_postflow_reject_names[];


/* ngx_http_postflow_store_op.c: every change to a zone goes through here */
ngx_int_t ngx_http_postflow_init_zone(ngx_shm_zone_t *shm_zone, void *data);
ngx_int_t ngx_http_postflow_store_apply(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_register(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_comment(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_str_t *comment_id,
    ngx_http_postflow_analysis_t *an, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_delete(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_pool_t *pool);
ngx_int_t ngx_http_postflow_store_label(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id, ngx_str_t *label, ngx_pool_t *pool);

/* ngx_http_postflow_store.c: reads, and the changes, zone locked */
ngx_int_t ngx_http_postflow_store_init(ngx_shm_zone_t *shm_zone,
    ngx_http_postflow_zone_t *ozone);
ngx_http_postflow_zone_t *ngx_http_postflow_store_old_zone(
    ngx_http_postflow_zone_t *zone);
ngx_int_t ngx_http_postflow_store_get(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_list(ngx_http_postflow_zone_t *zone,
    ngx_int_t status, ngx_int_t review, ngx_uint_t limit, ngx_str_t *after,
    ngx_pool_t *pool, ngx_str_t *json);
ngx_int_t ngx_http_postflow_op_register(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_comment(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_delete(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_thread(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_pending(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_track(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);

/* ngx_http_postflow_record.c: changes as journal lines, and back */
ngx_int_t ngx_http_postflow_record_encode(ngx_http_postflow_op_t *op,
    ngx_pool_t *pool, ngx_str_t *line);
ngx_int_t ngx_http_postflow_record_decode(u_char *p, size_t len,
    ngx_pool_t *pool, ngx_http_postflow_op_t *op);
void ngx_http_postflow_record_source(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_snapshot_source_t *src);
void ngx_http_postflow_record_thread(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_pool_t *pool);

/* ngx_http_postflow_store_alloc.c, called with the zone locked */
void *ngx_http_postflow_store_alloc(ngx_http_postflow_zone_t *zone,
    size_t size);
void ngx_http_postflow_store_expire(ngx_http_postflow_zone_t *zone,
    time_t now);
void ngx_http_postflow_store_free_track(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t);
void ngx_http_postflow_store_free_pending(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_pending_t *pe);

/* ngx_http_postflow_track.c, called with the zone locked */
ngx_int_t ngx_http_postflow_track_set_strings(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *s);
void ngx_http_postflow_track_count(ngx_http_postflow_shctx_t *sh,
    ngx_http_postflow_track_t *t, ngx_int_t delta);
void ngx_http_postflow_track_record(ngx_http_postflow_track_t *t,
    ngx_uint_t type, time_t now);
ngx_int_t ngx_http_postflow_track_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_uint_t type, time_t now);
ngx_int_t ngx_http_postflow_track_reserve_entry(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_track_t *t);
ngx_int_t ngx_http_postflow_track_add_entry(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_http_postflow_entry_t *entry);
void ngx_http_postflow_track_review(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t);
ngx_http_postflow_entry_t *ngx_http_postflow_track_find_entry(
    ngx_http_postflow_track_t *t, uint32_t id_hash);
void ngx_http_postflow_entry_from_analysis(ngx_http_postflow_entry_t *entry,
    ngx_http_postflow_analysis_t *an, uint32_t id_hash);
u_char *ngx_http_postflow_track_json(ngx_pool_t *pool,
    ngx_http_postflow_track_t *t, size_t *len);

/* ngx_http_postflow_store.c, for the store's other files; zone locked */
#define ngx_http_postflow_lookup(sh, upload_id)                              \
    ngx_http_postflow_index_find(&(sh)->uploads, upload_id)
#define ngx_http_postflow_lookup_file(sh, file_id)                           \
    ngx_http_postflow_index_find(&(sh)->files, file_id)
void ngx_http_postflow_touch(ngx_http_postflow_shctx_t *sh,
    ngx_http_postflow_track_t *t);
void ngx_http_postflow_claim(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t);
ngx_int_t ngx_http_postflow_render(ngx_http_postflow_answer_t *ans,
    ngx_http_postflow_track_t *t, ngx_uint_t json);

/* ngx_http_postflow_index.c, called with the zone locked */
ngx_int_t ngx_http_postflow_index_init(ngx_slab_pool_t *shpool,
    ngx_http_postflow_index_t *ix, ngx_uint_t string, size_t offset,
    size_t zone_size);
ngx_http_postflow_track_t *ngx_http_postflow_index_find(
    ngx_http_postflow_index_t *ix, ngx_str_t *key);
void ngx_http_postflow_index_insert(ngx_http_postflow_index_t *ix,
    ngx_http_postflow_track_t *t, ngx_str_t *key);
void ngx_http_postflow_index_delete(ngx_http_postflow_index_t *ix,
    ngx_http_postflow_track_t *t);


/* ngx_http_postflow_json.c */
ngx_int_t ngx_http_postflow_json_parse(u_char *p, size_t len,
    ngx_http_postflow_json_field_t *fields, ngx_uint_t max_depth,
    ngx_pool_t *pool, ngx_str_t *err);
ngx_int_t ngx_http_postflow_json_check_escapes(u_char *p, size_t len,
    ngx_pool_t *pool, ngx_str_t *err);
ngx_int_t ngx_http_postflow_read_body(ngx_http_request_t *r, ngx_str_t *body);
ngx_str_t *ngx_http_postflow_header_in(ngx_http_request_t *r,
    const char *name, size_t len);
ngx_int_t ngx_http_postflow_send_json(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *json);
ngx_int_t ngx_http_postflow_send_text(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *text, const char *type);
ngx_int_t ngx_http_postflow_send_error(ngx_http_request_t *r,
    ngx_uint_t status, const char *message);
ngx_int_t ngx_http_postflow_send_not_allowed(ngx_http_request_t *r,
    const char *allow, const char *message);
ngx_int_t ngx_http_postflow_header_out(ngx_http_request_t *r,
    const char *name, const char *value);
ngx_int_t ngx_http_postflow_send_error_str(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *message);
u_char *ngx_http_postflow_json_string(u_char *p, u_char *s, size_t len);
size_t ngx_http_postflow_json_string_size(u_char *s, size_t len);
u_char *ngx_http_postflow_json_time(u_char *p, time_t t);
ngx_int_t ngx_http_postflow_utf8_valid(u_char *p, size_t len);

/* ngx_http_postflow_signature.c */
ngx_int_t ngx_http_postflow_secret_init(ngx_conf_t *cf,
    ngx_http_postflow_secret_t *secret);
ngx_int_t ngx_http_postflow_signature_verify(ngx_array_t *secrets,
    ngx_str_t *timestamp, ngx_str_t *signature, ngx_str_t *body);

/* ngx_http_postflow_event.c */
ngx_int_t ngx_http_postflow_event_parse(ngx_http_postflow_event_t *ev,
    ngx_str_t *body, ngx_pool_t *pool, ngx_str_t *err);
ngx_int_t ngx_http_postflow_event_type_find(ngx_str_t *name);

/* ngx_http_postflow_prometheus.c */
ngx_int_t ngx_http_postflow_prometheus(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_snapshot_t *snap,
    ngx_uint_t polling);

/* ngx_http_postflow_zone_copy.c */
ngx_http_postflow_zone_copy_t *ngx_http_postflow_zone_copy(
    ngx_http_postflow_zone_t *zone, ngx_log_t *log);

/* ngx_http_postflow_wait.c */
ngx_int_t ngx_http_postflow_wait(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_str_t *upload_id);

/* handlers: ngx_http_postflow_webhook.c, _api.c and _stats.c */
extern const ngx_http_postflow_handler_t  ngx_http_postflow_webhook_handler;
extern const ngx_http_postflow_handler_t  ngx_http_postflow_api_handler;
extern const ngx_http_postflow_handler_t  ngx_http_postflow_stats_handler;

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
ngx_int_t ngx_http_postflow_review_compile(ngx_http_postflow_review_t *review,
    ngx_str_t *err);
ngx_int_t ngx_http_postflow_review_comment(ngx_http_postflow_review_t *review,
    u_char *text, size_t len, ngx_http_postflow_analysis_t *an);
ngx_http_postflow_review_e ngx_http_postflow_review_thread(
    ngx_http_postflow_review_t *review, ngx_http_postflow_entry_t *entries,
    ngx_uint_t n, ngx_uint_t label, double *score);


/*
 * The Frame.io API client, the poller and name routing.
 */

/* what one call to the Frame.io API came to */
typedef enum {
    NGX_HTTP_POSTFLOW_FIO_OK = 0,
    NGX_HTTP_POSTFLOW_FIO_4XX,
    NGX_HTTP_POSTFLOW_FIO_5XX,
    NGX_HTTP_POSTFLOW_FIO_TIMEOUT,
    NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED,
    NGX_HTTP_POSTFLOW_FIO_ERROR
} ngx_http_postflow_fio_outcome_e;


typedef struct {
    ngx_http_postflow_fio_outcome_e  outcome;   /* of the last attempt */
    ngx_uint_t                   status;      /* HTTP status, 0: none */
    ngx_str_t                    body;
    ngx_str_t                    url;
    ngx_int_t                    total_pages; /* legacy headers, -1: none */
    ngx_int_t                    page_number;
} ngx_http_postflow_fio_result_t;


typedef void (*ngx_http_postflow_fio_handler_pt)(
    ngx_http_postflow_fio_result_t *res, void *data);

typedef struct ngx_http_postflow_fio_call_s  ngx_http_postflow_fio_call_t;


/* a Frame.io resource as read from an answer, V4 or legacy */
typedef struct {
    ngx_str_t                    id;
    ngx_str_t                    name;        /* files */
    ngx_str_t                    text;        /* comments */
    ngx_str_t                    file_id;     /* "file_id" or "asset_id" */
    ngx_str_t                    parent_id;
    ngx_str_t                    inserted_at;
    ngx_str_t                    label;       /* legacy assets */
    ngx_int_t                    completed;   /* -1: not given */
} ngx_http_postflow_fio_resource_t;


typedef struct {
    ngx_array_t                  resources;   /* fio_resource_t */
    ngx_str_t                    next;        /* V4 links.next */
    ngx_int_t                    page;        /* V4 meta, -1: none */
    ngx_int_t                    total_pages;
    ngx_uint_t                   list;        /* a page, not one resource */
} ngx_http_postflow_fio_doc_t;


/* a comment read from the API, analysed, for the store */
typedef struct {
    ngx_http_postflow_entry_t    entry;       /* id_hash, verdict, counts */
    ngx_int_t                    completed;   /* -1: unknown */
    ngx_str_t                    inserted_at; /* orders a page's comments */
} ngx_http_postflow_fio_comment_t;


/* what applying a listed thread changed */
typedef struct {
    ngx_uint_t                   added;
    ngx_uint_t                   edited;
    ngx_uint_t                   deleted;
} ngx_http_postflow_thread_result_t;


/* a track's names and ids, copied out of the zone */
typedef struct {
    ngx_str_t                    upload_id;
    ngx_str_t                    filename;
    ngx_str_t                    file_id;
    ngx_str_t                    account_id;
} ngx_http_postflow_track_ref_t;


#define NGX_HTTP_POSTFLOW_MATCH_NONE       0
#define NGX_HTTP_POSTFLOW_MATCH_EXACT      1
#define NGX_HTTP_POSTFLOW_MATCH_SIMILAR    2
#define NGX_HTTP_POSTFLOW_MATCH_AMBIGUOUS  3

typedef struct ngx_http_postflow_name_s  ngx_http_postflow_name_t;


/* ngx_http_postflow_frameio.c */
ngx_int_t ngx_http_postflow_fio_init(ngx_cycle_t *cycle,
    ngx_http_postflow_fio_conf_t *conf);
void ngx_http_postflow_fio_exit(void);
ngx_int_t ngx_http_postflow_fio_get(ngx_str_t *url,
    ngx_http_postflow_poll_counters_t *counters,
    ngx_http_postflow_fio_handler_pt handler, void *data);
ngx_int_t ngx_http_postflow_fio_check_token_file(ngx_conf_t *cf,
    ngx_str_t *path);

/* ngx_http_postflow_frameio_parse.c */
ngx_int_t ngx_http_postflow_fio_parse(ngx_pool_t *pool, ngx_str_t *body,
    ngx_uint_t max, ngx_http_postflow_fio_doc_t *doc, ngx_str_t *err);

/* ngx_http_postflow_match.c */
ngx_http_postflow_name_t *ngx_http_postflow_match_name(ngx_pool_t *pool,
    ngx_str_t *name);
double ngx_http_postflow_match_similarity(ngx_pool_t *pool,
    ngx_http_postflow_name_t *a, ngx_http_postflow_name_t *b);
ngx_int_t ngx_http_postflow_match_best(ngx_pool_t *pool, ngx_str_t *name,
    ngx_str_t *names, ngx_uint_t n, ngx_int_t threshold, ngx_uint_t *index,
    double *score);

/* ngx_http_postflow_poller.c */
void ngx_http_postflow_fio_create_conf(ngx_http_postflow_fio_conf_t *conf);
char *ngx_http_postflow_fio_init_conf(ngx_conf_t *cf,
    ngx_http_postflow_fio_conf_t *conf);
char *ngx_http_postflow_fio_api(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_postflow_fio_token(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_postflow_poll_interval(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_postflow_match_threshold(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_postflow_poller_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_main_conf_t *pmcf);
void ngx_http_postflow_poller_exit_process(ngx_cycle_t *cycle);
ngx_int_t ngx_http_postflow_poller_event(ngx_http_request_t *r,
    ngx_http_postflow_fio_conf_t *conf, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, ngx_int_t rc);
size_t ngx_http_postflow_poller_stats_size(
    ngx_http_postflow_fio_conf_t *conf);
u_char *ngx_http_postflow_poller_stats(ngx_http_postflow_fio_conf_t *conf,
    u_char *p,
    ngx_http_postflow_zone_t *zone);

/* ngx_http_postflow_store.c: results of the Frame.io API */
ngx_int_t ngx_http_postflow_store_fio_comment(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id, ngx_http_postflow_fio_comment_t *c,
    ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_fio_comment_deleted(
    ngx_http_postflow_zone_t *zone, ngx_str_t *comment_id,
    ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_fio_thread(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_str_t *file_id,
    ngx_http_postflow_fio_comment_t *comments, ngx_uint_t n,
    ngx_uint_t complete, ngx_pool_t *pool,
    ngx_http_postflow_thread_result_t *res);
ngx_int_t ngx_http_postflow_store_fio_file(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id, ngx_http_postflow_track_ref_t *ref,
    ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_op_route(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_label(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_store_unrouted(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_uint_t max);
ngx_int_t ngx_http_postflow_store_poll_targets(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_uint_t max);
ngx_uint_t ngx_http_postflow_store_has_file(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id);


#endif /* _NGX_HTTP_POSTFLOW_MODULE_H_INCLUDED_ */
