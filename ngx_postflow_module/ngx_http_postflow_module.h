
/*
 * ngx_postflow: Frame.io review tracking inside nginx.
 *
 * The module's configuration and what its handlers share; each
 * subsystem has its own header, included here.
 */


#ifndef _NGX_HTTP_POSTFLOW_MODULE_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_json.h"
#include "ngx_http_postflow_event.h"
#include "ngx_http_postflow_review.h"
#include "ngx_http_postflow_journal.h"
#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_frameio.h"
#include "ngx_http_postflow_notify.h"
#include "ngx_http_postflow_replicate.h"


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
    ngx_str_t                    webhook_path;  /* the first receiver's */
    ngx_str_t                    state;
    off_t                        state_compact;
    ngx_str_t                    state_conf_file;
    ngx_uint_t                   state_conf_line;
    time_t                       track_ttl;
    ngx_http_postflow_review_t  *review;
    ngx_http_postflow_fio_conf_t  frameio;
    ngx_http_postflow_notify_conf_t  notify;
    ngx_http_postflow_replicate_conf_t  replicate;
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
    ngx_shm_zone_t              *dashboard_zone;
    ngx_str_t                    public_url;  /* the webhook's, for Frame.io */
    ngx_str_t                    webhook_path;    /* without public_url */
    ngx_array_t                 *secrets;     /* ngx_http_postflow_secret_t */
    time_t                       tolerance;
    size_t                       max_body;
} ngx_http_postflow_loc_conf_t;


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


/*
 * Per request: the configuration the handlers work with, given to them
 * by ngx_http_postflow_module.c, and what the access log variables show.
 */
typedef ngx_int_t (*ngx_http_postflow_stored_pt)(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);

struct ngx_http_postflow_ctx_s {
    ngx_http_postflow_loc_conf_t       *lcf;

    /* what answers once the change is stored, now or replicated */
    ngx_http_request_t                 *request;
    ngx_http_postflow_stored_pt         stored;
    void                               *change;      /* the handler's */

    ngx_http_postflow_fio_conf_t       *frameio;
    ngx_str_t                           event;
    ngx_str_t                           upload_id;
    ngx_int_t                           review_status;
    ngx_uint_t                          route;       /* of the API */
    ngx_uint_t                          allowed;     /* methods, for Allow */
};


extern ngx_module_t  ngx_http_postflow_module;


/* ngx_http_postflow_signature.c */
ngx_int_t ngx_http_postflow_secret_init(ngx_conf_t *cf,
    ngx_http_postflow_secret_t *secret);
ngx_int_t ngx_http_postflow_signature_verify(ngx_array_t *secrets,
    ngx_str_t *timestamp, ngx_str_t *signature, ngx_str_t *body);
ngx_int_t ngx_http_postflow_secret_file(ngx_conf_t *cf, const char *directive,
    ngx_str_t *path, ngx_str_t *secret);


/* ngx_http_postflow_prometheus.c */
ngx_int_t ngx_http_postflow_prometheus(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_snapshot_t *snap,
    ngx_http_postflow_fio_conf_t *frameio);


/* ngx_http_postflow_request.c */
ngx_http_postflow_answer_t *ngx_http_postflow_request_answer(
    ngx_http_request_t *r, ngx_http_postflow_ctx_t *ctx,
    ngx_http_postflow_stored_pt stored);
ngx_int_t ngx_http_postflow_request_stored(ngx_http_request_t *r,
    ngx_http_postflow_ctx_t *ctx, ngx_int_t rc,
    ngx_http_postflow_answer_t *ans);
ngx_int_t ngx_http_postflow_request_unavailable(ngx_http_request_t *r);


/* ngx_http_postflow_wait.c */
ngx_int_t ngx_http_postflow_wait(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_str_t *upload_id);

/* handlers: ngx_http_postflow_webhook.c, _api.c, _stats.c, _dashboard.c */
extern const ngx_http_postflow_handler_t  ngx_http_postflow_webhook_handler;
extern const ngx_http_postflow_handler_t  ngx_http_postflow_api_handler;
extern const ngx_http_postflow_handler_t  ngx_http_postflow_stats_handler;
extern const ngx_http_postflow_handler_t  ngx_http_postflow_dashboard_handler;


#endif /* _NGX_HTTP_POSTFLOW_MODULE_H_INCLUDED_ */
