
/*
 * Frame.io's REST API: the client on nginx's event loop (libcurl's multi
 * interface), the parser of its answers, name routing, and the poller
 * that one worker at a time runs for each zone.
 */


#ifndef _NGX_HTTP_POSTFLOW_FRAMEIO_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_FRAMEIO_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_store.h"

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

    /* the call budget: rate_calls per rate_period ms, in budget's zone */
    ngx_uint_t                   rate_calls;
    ngx_msec_t                   rate_period;
    ngx_msec_t                   retry_5xx;   /* at least, after a 5xx */
    ngx_shm_zone_t              *budget;

    time_t                       poll_completed;  /* after last activity */

    /* V4's review status field; NULL values: not read */
    ngx_str_t                    status_field;
    ngx_array_t                 *status_values;
} ngx_http_postflow_fio_conf_t;


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
    ngx_str_t                    owner_id;    /* a comment's author */
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




#define NGX_HTTP_POSTFLOW_MATCH_NONE       0
#define NGX_HTTP_POSTFLOW_MATCH_EXACT      1
#define NGX_HTTP_POSTFLOW_MATCH_SIMILAR    2
#define NGX_HTTP_POSTFLOW_MATCH_AMBIGUOUS  3

typedef struct ngx_http_postflow_name_s  ngx_http_postflow_name_t;


/* pushes (notifications) in flight at most, beside Frame.io's calls */
#define NGX_HTTP_POSTFLOW_FIO_PUSH_MAX     8

/* ngx_http_postflow_frameio.c */
ngx_int_t ngx_http_postflow_fio_post(ngx_str_t *url, ngx_str_t *body,
    ngx_array_t *headers, ngx_msec_t timeout,
    ngx_http_postflow_fio_handler_pt handler, void *data);
ngx_int_t ngx_http_postflow_fio_init(ngx_cycle_t *cycle,
    ngx_http_postflow_fio_conf_t *conf);
void ngx_http_postflow_fio_exit(void);
ngx_int_t ngx_http_postflow_fio_get(ngx_str_t *url, ngx_uint_t poll,
    ngx_http_postflow_poll_counters_t *counters,
    ngx_http_postflow_fio_handler_pt handler, void *data);
ngx_int_t ngx_http_postflow_fio_check_token_file(ngx_conf_t *cf,
    ngx_str_t *path);

/* ngx_http_postflow_frameio_budget.c */
char *ngx_http_postflow_budget_rate(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_postflow_budget_add(ngx_conf_t *cf,
    ngx_http_postflow_fio_conf_t *conf, void *tag);
ngx_msec_t ngx_http_postflow_budget_take(ngx_http_postflow_fio_conf_t *conf,
    ngx_uint_t poll);
void ngx_http_postflow_budget_learn(ngx_http_postflow_fio_conf_t *conf,
    ngx_int_t limit, ngx_int_t window, ngx_log_t *log);
void ngx_http_postflow_budget_read(ngx_http_postflow_fio_conf_t *conf,
    ngx_uint_t *per_minute, ngx_uint_t *used);

/* ngx_http_postflow_frameio_status.c */
char *ngx_http_postflow_fio_status_field(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_postflow_fio_status_init(ngx_conf_t *cf,
    ngx_http_postflow_fio_conf_t *conf);
void ngx_http_postflow_fio_status_label(ngx_http_postflow_fio_conf_t *conf,
    ngx_str_t *value, ngx_str_t *label);

/* ngx_http_postflow_frameio_metadata.c */
ngx_int_t ngx_http_postflow_fio_parse_status(ngx_pool_t *pool,
    ngx_str_t *body, ngx_str_t *field, ngx_str_t *value, ngx_str_t *err);

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
    ngx_http_postflow_fio_conf_t *conf, void *tag);
char *ngx_http_postflow_fio_api(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_postflow_fio_token(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_postflow_poll_interval(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_postflow_match_threshold(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_postflow_poller_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_fio_conf_t *conf, ngx_array_t *zones);
void ngx_http_postflow_poller_exit_process(ngx_cycle_t *cycle);
ngx_int_t ngx_http_postflow_poller_event(ngx_http_request_t *r,
    ngx_http_postflow_fio_conf_t *conf, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, ngx_int_t rc);
size_t ngx_http_postflow_poller_stats_size(
    ngx_http_postflow_fio_conf_t *conf);
u_char *ngx_http_postflow_poller_stats(ngx_http_postflow_fio_conf_t *conf,
    u_char *p,
    ngx_http_postflow_zone_t *zone);


#endif /* _NGX_HTTP_POSTFLOW_FRAMEIO_H_INCLUDED_ */
