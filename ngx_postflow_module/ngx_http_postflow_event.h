
/*
 * The vocabulary of a track's life: its statuses and review states, the
 * Frame.io events that move it and what each does, a parsed webhook,
 * and the bounds on every input.
 */


#ifndef _NGX_HTTP_POSTFLOW_EVENT_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_EVENT_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>

/* bounds on every input */
#define NGX_HTTP_POSTFLOW_ID_MAX          128
#define NGX_HTTP_POSTFLOW_NAME_MAX        512
#define NGX_HTTP_POSTFLOW_LINK_MAX        1024
#define NGX_HTTP_POSTFLOW_TEXT_MAX        8192

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
    ngx_uint_t                   uploader;    /* its user made the file */
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


/* an event whose user is its file's uploader, as Frame.io names them */
#define ngx_http_postflow_event_uploader(ev)                                 \
    ((ev)->type_index >= 0 && (ev)->user_id.len                              \
     && ngx_http_postflow_event_types[(ev)->type_index].uploader)


/* an event as a journal snapshot lists it */
typedef struct {
    uint32_t                     time;
    uint16_t                     type;
} ngx_http_postflow_event_rec_t;


extern ngx_http_postflow_event_type_t  ngx_http_postflow_event_types[];
extern ngx_str_t  ngx_http_postflow_status_names[];
extern ngx_str_t  ngx_http_postflow_review_names[];
extern ngx_str_t  ngx_http_postflow_reject_names[];

/* postflow_notify's events: the statuses, then the review statuses */
#define NGX_HTTP_POSTFLOW_NOTIFY_REVIEW   NGX_HTTP_POSTFLOW_NSTATUS
#define NGX_HTTP_POSTFLOW_NOTIFY_NEVENTS                                     \
    (NGX_HTTP_POSTFLOW_NSTATUS + NGX_HTTP_POSTFLOW_NREVIEW)

ngx_str_t *ngx_http_postflow_notify_event_name(ngx_uint_t event);


/* ngx_http_postflow_event.c */
ngx_int_t ngx_http_postflow_event_parse(ngx_http_postflow_event_t *ev,
    ngx_str_t *body, ngx_pool_t *pool, ngx_str_t *err);
ngx_int_t ngx_http_postflow_event_type_find(ngx_str_t *name);


#endif /* _NGX_HTTP_POSTFLOW_EVENT_H_INCLUDED_ */
