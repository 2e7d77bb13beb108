
/*
 * The shared zone: its tracks, their indexes and the events waiting
 * for a registration, the changes that reach it (store operations) and
 * the reads of it.  Changes go through ngx_http_postflow_store_apply(),
 * which journals them.
 */


#ifndef _NGX_HTTP_POSTFLOW_STORE_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_STORE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_http_postflow_event.h"
#include "ngx_http_postflow_review.h"
#include "ngx_http_postflow_journal.h"

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
    uint8_t                      excerpt_verdict;
    uint8_t                      excerpt_len; /* EXCERPT_MAX and "…" */
    uint8_t                      uploader_len;    /* an id: ID_MAX */

    uint16_t                     upload_id_len;
    uint16_t                     filename_len;
    uint16_t                     file_id_len;
    uint16_t                     project_id_len;
    uint16_t                     workspace_id_len;
    uint16_t                     account_id_len;
    uint16_t                     review_link_len;
    uint16_t                     versions_len;
    uint16_t                     editors_len;
    uint16_t                     excerpt_author_len;
    uint16_t                     nentries;    /* COMMENTS_MAX at most */
    uint16_t                     entries_cap;

    uint32_t                     comments_count;

    /* the latest new version's delivery, which Frame.io may send again */
    uint32_t                     version_delivery;
    uint32_t                     version_time;

    /* when the poller last listed its comments; not journaled */
    uint32_t                     polled_at;

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
#define NGX_HTTP_POSTFLOW_S_VERSIONS       7    /* earlier file ids, "a,b" */
#define NGX_HTTP_POSTFLOW_S_EXCERPT        8    /* the latest comment's */
#define NGX_HTTP_POSTFLOW_S_EDITORS        9    /* registered, "a,b" */
#define NGX_HTTP_POSTFLOW_S_UPLOADER       10   /* as file events name it */
#define NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR 11   /* who wrote the excerpt */
#define NGX_HTTP_POSTFLOW_NSTRINGS         12

/* the opening of the latest comment a track keeps, in bytes */
#define NGX_HTTP_POSTFLOW_EXCERPT_MAX      140

/* earlier versions a stack may hold, beside the current one */
#define NGX_HTTP_POSTFLOW_VERSIONS_MAX     32

/* Frame.io users a registration may name as the upload's editors */
#define NGX_HTTP_POSTFLOW_EDITORS_MAX      16


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
    s[NGX_HTTP_POSTFLOW_S_VERSIONS].len = t->versions_len;
    s[NGX_HTTP_POSTFLOW_S_EXCERPT].len = t->excerpt_len;
    s[NGX_HTTP_POSTFLOW_S_EDITORS].len = t->editors_len;
    s[NGX_HTTP_POSTFLOW_S_UPLOADER].len = t->uploader_len;
    s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR].len = t->excerpt_author_len;

    for (p = t->strings, i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        s[i].data = p;
        p += s[i].len;
    }
}


/* a comment's role as the API takes it: "editor", "reviewer" or none */

#define ngx_http_postflow_role_editor(role)                                  \
    ((role)->len == sizeof("editor") - 1                                     \
     && ngx_strncmp((role)->data, "editor", (role)->len) == 0)


static ngx_inline ngx_uint_t
ngx_http_postflow_role_valid(ngx_str_t *role)
{
    return role->len == 0
           || ngx_http_postflow_role_editor(role)
           || (role->len == sizeof("reviewer") - 1
               && ngx_strncmp(role->data, "reviewer", role->len) == 0);
}


/* the next id of a list, versions or editors, "a,b"; 0 after the last */

static ngx_inline ngx_uint_t
ngx_http_postflow_version_next(u_char **p, u_char *last, ngx_str_t *id)
{
    u_char  *comma;

    if (*p == NULL || *p >= last) {
        return 0;
    }

    comma = ngx_strlchr(*p, last, ',');

    if (comma == NULL) {
        comma = last;
    }

    id->data = *p;
    id->len = comma - *p;
    *p = comma + 1;

    return 1;
}


static ngx_inline ngx_uint_t
ngx_http_postflow_versions_count(ngx_str_t *versions)
{
    u_char      *p, *last;
    ngx_uint_t   n;
    ngx_str_t    id;

    p = versions->data;
    last = p + versions->len;

    for (n = 0; ngx_http_postflow_version_next(&p, last, &id); n++) {
        /* void */
    }

    return n;
}


/*
 * An earlier version of a track's file: Frame.io events and comments
 * may still name it.  Keyed by the file id, in the zone's versions tree.
 */
typedef struct {
    ngx_str_node_t               sn;          /* first: the tree's node */
    ngx_http_postflow_track_t   *track;
    u_char                       file_id[1];
} ngx_http_postflow_version_t;


/*
 * Events for a file no track knows yet, and the ids the first of them
 * carried (project, workspace, account, and the uploader when it names
 * one), which a registration that lacks them learns.  file_id is
 * followed by those ids.
 */
#define NGX_HTTP_POSTFLOW_PENDING_IDS  4    /* and the uploader */

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
    ngx_atomic_t                 tracks_polled;
    ngx_atomic_t                 versions_linked;
    ngx_atomic_t                 status_read;
} ngx_http_postflow_poll_counters_t;


typedef struct {
    ngx_pid_t                    owner;       /* lease: 0 when free */
    time_t                       expires;
    time_t                       last_run;
    time_t                       lag;         /* at the last round */
    ngx_uint_t                   round_tracks;
    ngx_uint_t                   round_due;
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



/*
 * Push notifications (postflow_notify): where they go, as configured.
 * The outbox in the zone keys its entries and counters by the URL.
 */
#define NGX_HTTP_POSTFLOW_NOTIFY_JSON     0
#define NGX_HTTP_POSTFLOW_NOTIFY_SLACK    1

#define NGX_HTTP_POSTFLOW_OUTBOX_MAX      10000   /* queued, per zone */
#define NGX_HTTP_POSTFLOW_TARGETS_MAX     32      /* postflow_notify */
#define NGX_HTTP_POSTFLOW_NOTICE_BODY_MAX (32 * 1024)

typedef struct {
    ngx_str_t                    url;         /* null-terminated */
    ngx_str_t                    secret;      /* empty: not signed */
    ngx_uint_t                   events;      /* 1 << event */
    ngx_uint_t                   format;      /* NGX_HTTP_POSTFLOW_NOTIFY_* */
    uint32_t                     hash;        /* crc32 of the url */
} ngx_http_postflow_target_t;


/* a notification waiting to be delivered, oldest first */
typedef struct {
    ngx_queue_t                  queue;
    uint64_t                     id;
    uint64_t                     next_msec;   /* wall clock; not journaled */
    time_t                       created;
    uint32_t                     attempts;
    uint32_t                     hash;        /* of the url */
    uint32_t                     body_len;
    uint16_t                     url_len;
    uint8_t                      event;
    u_char                       data[1];     /* url, then body */
} ngx_http_postflow_notice_t;


typedef struct {
    uint32_t                     hash;        /* of the url, 0: unused */
    ngx_uint_t                   queued;
    ngx_atomic_t                 sent;
    ngx_atomic_t                 retried;
    ngx_atomic_t                 given_up;
} ngx_http_postflow_target_sh_t;


typedef struct {
    ngx_uint_t                   init;
    ngx_queue_t                  notices;
    ngx_uint_t                   nqueued;
    uint64_t                     last_id;

    /* the sender's lease, as the poller's */
    ngx_pid_t                    owner;
    time_t                       expires;

    ngx_atomic_t                 queued;      /* ever */
    ngx_atomic_t                 sent;
    ngx_atomic_t                 retried;
    ngx_atomic_t                 given_up;
    ngx_atomic_t                 dropped;

    ngx_http_postflow_target_sh_t  targets[NGX_HTTP_POSTFLOW_TARGETS_MAX];
} ngx_http_postflow_outbox_sh_t;


/* a notification to give up: its id, its target's index (n: none) */
typedef struct {
    uint64_t                     id;
    ngx_uint_t                   target;
} ngx_http_postflow_expired_t;


/* the outbox's figures, copied for statistics */
typedef struct {
    ngx_uint_t                   nqueued;
    time_t                       oldest;      /* created, 0: none queued */
    ngx_uint_t                   queued;      /* ever */
    ngx_uint_t                   sent;
    ngx_uint_t                   retried;
    ngx_uint_t                   given_up;
    ngx_uint_t                   dropped;
    ngx_http_postflow_target_sh_t  targets[NGX_HTTP_POSTFLOW_TARGETS_MAX];
} ngx_http_postflow_outbox_stats_t;


/*
 * postflow_replicate: a Redis stream id ("ms-seq"), and where the zone
 * is in the stream.  The outcomes of the latest applied operations let
 * a worker whose operation another process applied answer with it.
 */
typedef struct {
    uint64_t                     ms;
    uint64_t                     seq;
} ngx_http_postflow_stream_id_t;


#define NGX_HTTP_POSTFLOW_OUTCOMES        1024

typedef struct {
    ngx_http_postflow_stream_id_t  id;
    int32_t                      rc;
    uint8_t                      upload_id_len;
    u_char                       upload_id[NGX_HTTP_POSTFLOW_ID_MAX];
} ngx_http_postflow_outcome_t;


typedef struct {
    ngx_http_postflow_stream_id_t  applied;
    ngx_http_postflow_stream_id_t  durable;   /* the latest in the journal */
    ngx_uint_t                   behind;      /* the stream was trimmed */
    ngx_msec_t                   lag;         /* of the latest applied */
    ngx_atomic_t                 redis_up;    /* as a worker saw it last */
    ngx_atomic_t                 applied_own;
    ngx_atomic_t                 applied_peers;
    ngx_atomic_t                 submitted;
    ngx_atomic_t                 refused;     /* 503: Redis unavailable */
    ngx_atomic_t                 skipped;     /* entries that are no op */
    ngx_uint_t                   checked;     /* the follower saw no gap */

    /* the latest applied, allocated by the first worker that replicates */
    ngx_http_postflow_outcome_t *outcomes;    /* OUTCOMES of them */
    ngx_uint_t                   next_outcome;
} ngx_http_postflow_stream_sh_t;


#define ngx_http_postflow_stream_cmp(a, b)                                   \
    ((a)->ms != (b)->ms ? ((a)->ms < (b)->ms ? -1 : 1)                       \
     : (a)->seq != (b)->seq ? ((a)->seq < (b)->seq ? -1 : 1) : 0)


/* "ms-seq", as Redis spells a stream id; NGX_ERROR if it is not one */

static ngx_inline ngx_int_t
ngx_http_postflow_stream_id(u_char *p, size_t len,
    ngx_http_postflow_stream_id_t *id)
{
    u_char  *dash;
    off_t    ms, seq;

    dash = ngx_strlchr(p, p + len, '-');

    if (dash == NULL) {
        return NGX_ERROR;
    }

    ms = ngx_atoof(p, dash - p);
    seq = ngx_atoof(dash + 1, p + len - dash - 1);

    if (ms == NGX_ERROR || seq == NGX_ERROR) {
        return NGX_ERROR;
    }

    id->ms = (uint64_t) ms;
    id->seq = (uint64_t) seq;

    return NGX_OK;
}


#define NGX_HTTP_POSTFLOW_STREAM_ID_LEN   (2 * NGX_INT64_LEN + 1)



typedef struct {
    ngx_rbtree_t                 tracks;
    ngx_rbtree_node_t            tracks_sentinel;
    ngx_http_postflow_index_t    uploads;
    ngx_http_postflow_index_t    files;
    ngx_rbtree_t                 pending;
    ngx_rbtree_node_t            pending_sentinel;
    ngx_rbtree_t                 versions;
    ngx_rbtree_node_t            versions_sentinel;
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

    ngx_http_postflow_outbox_sh_t  outbox;

    ngx_http_postflow_stream_sh_t  stream;
} ngx_http_postflow_shctx_t;


typedef struct ngx_http_postflow_zone_s    ngx_http_postflow_zone_t;


/* ngx_http_postflow_zone_copy.c: what a snapshot is written from */
typedef struct {
    ngx_http_postflow_zone_t    *zone;
    ngx_pool_t                  *pool;        /* holds it all */
    u_char                      *pos;         /* the memory reserved */
    u_char                      *end;
    ngx_array_t                  tracks;      /* of track *, oldest first */
    ngx_array_t                  pending;     /* of pending *, oldest first */
    ngx_array_t                  notices;     /* of notice *, oldest first */
    ngx_http_postflow_stream_id_t  position;  /* in the stream, or 0-0 */
    ngx_uint_t                   next;        /* the next to write */
} ngx_http_postflow_zone_copy_t;


/*
 * postflow_replicate's hook: a change to append to the stream, answered
 * through ans->done once it is applied (NGX_AGAIN), or refused
 */
typedef struct ngx_http_postflow_answer_s  ngx_http_postflow_answer_t;

typedef ngx_int_t (*ngx_http_postflow_submit_pt)(
    ngx_http_postflow_zone_t *zone, ngx_str_t *line,
    ngx_http_postflow_answer_t *ans);


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

    /*
     * postflow_replicate, in a worker: changes go to the stream, and
     * come back from it with the time their node made them at; a
     * peer's change notifies nothing here (its node does)
     */
    ngx_http_postflow_submit_pt  submit;
    void                        *replica;
    ngx_str_t                    node;        /* postflow_replicate's */
    ngx_uint_t                   streaming;
    ngx_uint_t                   peer_change;

    /* postflow_notify: NULL when none */
    ngx_array_t                 *targets;     /* ngx_http_postflow_target_t */

    /* a track between its two counts, to tell what a change changed */
    ngx_http_postflow_track_t   *changing;
    ngx_uint_t                   changing_status;
    ngx_uint_t                   changing_review;
};


/* replayed records keep the time they happened at */
#define ngx_http_postflow_now(zone)                                          \
    (((zone)->replaying || (zone)->streaming) ? (zone)->replay_time          \
                                              : ngx_time())

/*
 * Past postflow_track_ttl: freed by the next write, and not shown by
 * a read before it
 */
#define ngx_http_postflow_expired(zone, t)                                   \
    (ngx_http_postflow_now(zone) - (t)->updated_at >= (zone)->track_ttl)


/* a registration, as validated by the API */
typedef struct {
    ngx_str_t                    upload_id;
    ngx_str_t                    filename;
    ngx_str_t                    file_id;
    ngx_str_t                    project_id;
    ngx_str_t                    workspace_id;
    ngx_str_t                    account_id;
    ngx_str_t                    review_link;
    ngx_str_t                    versions;    /* a snapshot's track */
    ngx_str_t                    excerpt;     /* a comment's opening */
    ngx_str_t                    editors;     /* user ids, "a,b" */
    ngx_str_t                    uploader;    /* a snapshot's track */
    ngx_str_t                    excerpt_author;
} ngx_http_postflow_track_input_t;


/*
 * A comment from the API: its author is a Frame.io user id, its role
 * "editor", "reviewer" or, not given, what the track's editors say.
 */
typedef struct {
    ngx_str_t                    upload_id;
    ngx_str_t                    comment_id;
    ngx_str_t                    author;
    ngx_str_t                    role;
    ngx_str_t                    excerpt;
} ngx_http_postflow_comment_input_t;


/*
 * What a store operation tells its caller, copied out of the zone.  A
 * replicated change is answered later, through "done" (NGX_AGAIN).
 */
struct ngx_http_postflow_answer_s {
    ngx_pool_t                  *pool;
    ngx_str_t                    json;        /* the track */
    ngx_str_t                    upload_id;
    ngx_int_t                    status;
    ngx_int_t                    review_status;   /* -1: no track */
    void                       (*done)(ngx_http_postflow_answer_t *ans,
                                       ngx_int_t rc);
    void                        *data;
};


#define ngx_http_postflow_answer_init(ans, p)                                \
    ngx_memzero(ans, sizeof(ngx_http_postflow_answer_t));                    \
    (ans)->pool = p;                                                         \
    (ans)->review_status = -1


/* a comment read from the API, analysed, for the store */
typedef struct {
    ngx_http_postflow_entry_t    entry;       /* id_hash, verdict, counts */
    ngx_int_t                    completed;   /* -1: unknown */
    ngx_str_t                    inserted_at; /* orders a page's comments */
    ngx_str_t                    excerpt;     /* of its text */
    ngx_str_t                    author;      /* its owner's user id */
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


/* a round of polls: which tracks are due, how many at most */
typedef struct {
    time_t                       now;
    time_t                       review_every;    /* under review */
    time_t                       completed_every; /* completed */
    time_t                       completed_for;   /* since last activity */
    ngx_uint_t                   max;

    /* what the round saw */
    time_t                       lag;         /* longest unpolled, review */
    ngx_uint_t                   due;
} ngx_http_postflow_poll_round_t;


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
    NGX_HTTP_POSTFLOW_FETCH_FULL,      /* its job queue is full */
    NGX_HTTP_POSTFLOW_UNAVAILABLE,     /* Redis refused or is unreachable */
    NGX_HTTP_POSTFLOW_STALE            /* a stream entry applied already */
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
    NGX_HTTP_POSTFLOW_OP_VERSION,      /* a new version of a track's file */
    NGX_HTTP_POSTFLOW_OP_NOTIFY,       /* a notification queued */
    NGX_HTTP_POSTFLOW_OP_NOTIFIED,     /* delivered, or given up */
    NGX_HTTP_POSTFLOW_OP_POSITION,     /* where in the stream a zone is */
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
    ngx_str_t                        author;      /* COMMENT: a user id */
    ngx_str_t                        role;        /* COMMENT: as given */
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

    /* NOTIFY and NOTIFIED; the event's name is in event.type */
    ngx_str_t                        notice_id;
    ngx_str_t                        target;      /* NOTIFY: the url */
    ngx_str_t                        body;        /* NOTIFY */
    ngx_uint_t                       given_up;    /* NOTIFIED, not journaled */

    /* postflow_replicate: its stream id; a peer's, not journaled */
    ngx_str_t                        stream;
    ngx_uint_t                       peer;
    ngx_str_t                        node;        /* NOTIFY: who sends it */
} ngx_http_postflow_op_t;


/* with the zone locked; the line is appended when the change is sure */
typedef ngx_int_t (*ngx_http_postflow_op_pt)(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);


/* ngx_http_postflow_store_op.c: every change to a zone goes through here */
ngx_int_t ngx_http_postflow_init_zone(ngx_shm_zone_t *shm_zone, void *data);
ngx_int_t ngx_http_postflow_store_apply(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_register(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_comment(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_comment_input_t *in, ngx_http_postflow_analysis_t *an,
    ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_store_delete(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_op_position(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_store_version(ngx_http_postflow_zone_t *zone,
    ngx_str_t *earlier, ngx_str_t *file_id, ngx_pool_t *pool);
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
ngx_int_t ngx_http_postflow_record_notice(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_notice_t *n, ngx_pool_t *pool);
ngx_int_t ngx_http_postflow_record_notice_op(ngx_http_postflow_notice_t *n,
    ngx_str_t *node, ngx_pool_t *pool, ngx_http_postflow_op_t *op);

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
ngx_int_t ngx_http_postflow_track_set_excerpt(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *excerpt, ngx_str_t *author,
    ngx_uint_t verdict);
ngx_int_t ngx_http_postflow_excerpt(ngx_pool_t *pool, u_char *text,
    size_t len, ngx_str_t *excerpt);
void ngx_http_postflow_track_count(ngx_http_postflow_zone_t *zone,
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
ngx_uint_t ngx_http_postflow_track_by_editor(ngx_http_postflow_track_t *t,
    ngx_str_t *role, ngx_str_t *author);
ngx_http_postflow_entry_t *ngx_http_postflow_track_find_entry(
    ngx_http_postflow_track_t *t, uint32_t id_hash);
void ngx_http_postflow_entry_from_analysis(ngx_http_postflow_entry_t *entry,
    ngx_http_postflow_analysis_t *an, uint32_t id_hash);
u_char *ngx_http_postflow_track_json(ngx_pool_t *pool,
    ngx_http_postflow_track_t *t, size_t *len);

/* ngx_http_postflow_store.c, for the store's other files; zone locked */
#define ngx_http_postflow_lookup(sh, upload_id)                              \
    ngx_http_postflow_index_find(&(sh)->uploads, upload_id)
ngx_http_postflow_track_t *ngx_http_postflow_lookup_file(
    ngx_http_postflow_shctx_t *sh, ngx_str_t *file_id);
ngx_int_t ngx_http_postflow_versions_index(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t);
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



/* ngx_http_postflow_zone_copy.c */
ngx_http_postflow_zone_copy_t *ngx_http_postflow_zone_copy_reserve(
    ngx_http_postflow_zone_t *zone, ngx_log_t *log);
ngx_int_t ngx_http_postflow_zone_copy(ngx_http_postflow_zone_copy_t *copy);
void ngx_http_postflow_zone_copy_free(ngx_http_postflow_zone_copy_t *copy);

/* ngx_http_postflow_store_frameio.c: what the poller learns, zone unlocked */
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
ngx_int_t ngx_http_postflow_op_version(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_label(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_store_unrouted(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_uint_t max);
ngx_int_t ngx_http_postflow_track_ref(ngx_http_postflow_track_t *t,
    ngx_pool_t *pool, ngx_http_postflow_track_ref_t *ref);

/* ngx_http_postflow_store_outbox.c: notifications, zone locked */
void ngx_http_postflow_outbox_change(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *json, ngx_pool_t *pool,
    ngx_uint_t review, ngx_int_t from, ngx_uint_t to);
ngx_int_t ngx_http_postflow_op_notify(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_op_notified(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line);
ngx_http_postflow_outbox_sh_t *ngx_http_postflow_outbox_sh(
    ngx_http_postflow_zone_t *zone);
ngx_http_postflow_target_sh_t *ngx_http_postflow_outbox_target(
    ngx_http_postflow_outbox_sh_t *ob, uint32_t hash, ngx_uint_t add);

/* ngx_http_postflow_store_outbox.c: for the sender, zone unlocked */
ngx_int_t ngx_http_postflow_store_outbox_due(ngx_http_postflow_zone_t *zone,
    uint32_t *hashes, ngx_uint_t *want, ngx_uint_t n, time_t max_age,
    ngx_pool_t *pool, ngx_http_postflow_notice_t **due,
    ngx_array_t *expired);
ngx_int_t ngx_http_postflow_store_outbox_retry(ngx_http_postflow_zone_t *zone,
    uint64_t id, time_t max_age, ngx_msec_t max_delay, ngx_msec_t *delay);
void ngx_http_postflow_store_outbox_stats(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_outbox_stats_t *st);

/* ngx_http_postflow_store_poll.c */
ngx_int_t ngx_http_postflow_store_poll_targets(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs,
    ngx_http_postflow_poll_round_t *round);
void ngx_http_postflow_store_polled(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, time_t now);
ngx_uint_t ngx_http_postflow_store_has_file(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id);


#endif /* _NGX_HTTP_POSTFLOW_STORE_H_INCLUDED_ */
