
/*
 * ngx_postflow: configuration, directives and the names shared by the
 * other files of the module.
 */


#include "ngx_http_postflow_module.h"


static ngx_int_t ngx_http_postflow_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_postflow_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_postflow_review_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static void *ngx_http_postflow_create_main_conf(ngx_conf_t *cf);
static char *ngx_http_postflow_init_main_conf(ngx_conf_t *cf, void *conf);
static ngx_int_t ngx_http_postflow_zone_refs_check(ngx_conf_t *cf,
    ngx_http_postflow_main_conf_t *pmcf);
static void ngx_http_postflow_exit_process(ngx_cycle_t *cycle);
static void ngx_http_postflow_exit_master(ngx_cycle_t *cycle);
static ngx_int_t ngx_http_postflow_init_process(ngx_cycle_t *cycle);
static ngx_int_t ngx_http_postflow_content_handler(ngx_http_request_t *r);
static void ngx_http_postflow_body_handler(ngx_http_request_t *r);
static void *ngx_http_postflow_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_postflow_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static char *ngx_http_postflow_zone(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_postflow_handler_zone(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static char *ngx_http_postflow_public_url(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static char *ngx_http_postflow_secret(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_postflow_keywords(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_postflow_thresholds(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static ngx_int_t ngx_http_postflow_read_secret_file(ngx_conf_t *cf,
    ngx_str_t *path, ngx_str_t *secret);
static ngx_int_t ngx_http_postflow_parse_ratio(ngx_str_t *s, double *ratio);
static char *ngx_http_postflow_state(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static ngx_int_t ngx_http_postflow_state_path(ngx_conf_t *cf,
    ngx_http_postflow_main_conf_t *pmcf, ngx_http_postflow_zone_t *zone);


/*
 * 0 would forget every track at once, refuse every signed timestamp, or
 * refuse every delivery: what nobody means, so nginx -t says so.
 */
static char *ngx_http_postflow_time_positive(ngx_conf_t *cf, void *post,
    void *data);
static char *ngx_http_postflow_size_positive(ngx_conf_t *cf, void *post,
    void *data);

static ngx_conf_post_t  ngx_http_postflow_time_not_zero =
    { ngx_http_postflow_time_positive };
static ngx_conf_post_t  ngx_http_postflow_size_not_zero =
    { ngx_http_postflow_size_positive };


/* bounds checked as the directive is read, so that errors name its line */
typedef struct {
    ngx_conf_post_handler_pt     post_handler;
    ngx_uint_t                   low;
    ngx_uint_t                   high;
    char                        *error;
} ngx_http_postflow_range_t;

static char *ngx_http_postflow_num_in_range(ngx_conf_t *cf, void *post,
    void *data);
static char *ngx_http_postflow_size_in_range(ngx_conf_t *cf, void *post,
    void *data);
static char *ngx_http_postflow_msec_in_range(ngx_conf_t *cf, void *post,
    void *data);

static ngx_http_postflow_range_t  ngx_http_postflow_timeout_range =
    { ngx_http_postflow_msec_in_range, 1, NGX_MAX_INT_T_VALUE,
      "must not be 0" };
static ngx_http_postflow_range_t  ngx_http_postflow_concurrency_range =
    { ngx_http_postflow_num_in_range, 1, 64, "must be between 1 and 64" };
static ngx_http_postflow_range_t  ngx_http_postflow_retries_range =
    { ngx_http_postflow_num_in_range, 0, 10, "must be between 0 and 10" };
static ngx_http_postflow_range_t  ngx_http_postflow_response_range =
    { ngx_http_postflow_size_in_range, 4096, NGX_MAX_SIZE_T_VALUE,
      "must be at least 4k" };
static ngx_http_postflow_range_t  ngx_http_postflow_queue_range =
    { ngx_http_postflow_num_in_range, 1, 1000000,
      "must be between 1 and 1000000" };


static ngx_command_t  ngx_http_postflow_commands[] = {

    { ngx_string("postflow_zone"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE2,
      ngx_http_postflow_zone,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("postflow_state"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE12,
      ngx_http_postflow_state,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("postflow_track_ttl"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, track_ttl),
      &ngx_http_postflow_time_not_zero },

    { ngx_string("postflow_webhook"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_handler_zone,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, webhook_zone),
      (void *) &ngx_http_postflow_webhook_handler },

    { ngx_string("postflow_webhook_secret"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_postflow_secret,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("postflow_webhook_tolerance"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, tolerance),
      &ngx_http_postflow_time_not_zero },

    { ngx_string("postflow_webhook_max_body"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_size_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, max_body),
      &ngx_http_postflow_size_not_zero },

    { ngx_string("postflow_api"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_handler_zone,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, api_zone),
      (void *) &ngx_http_postflow_api_handler },

    { ngx_string("postflow_stats"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_handler_zone,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, stats_zone),
      (void *) &ngx_http_postflow_stats_handler },

    { ngx_string("postflow_dashboard"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_handler_zone,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, dashboard_zone),
      (void *) &ngx_http_postflow_dashboard_handler },

    { ngx_string("postflow_public_url"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_public_url,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_postflow_loc_conf_t, public_url),
      NULL },

    { ngx_string("postflow_review_keywords"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_2MORE,
      ngx_http_postflow_keywords,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("postflow_review_lexicon"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE12,
      ngx_http_postflow_lexicon_conf,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("postflow_review_thresholds"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE2,
      ngx_http_postflow_thresholds,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    /* the Frame.io API client and poller: ngx_http_postflow_poller.c */

    { ngx_string("postflow_frameio_api"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_fio_api,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio),
      NULL },

    { ngx_string("postflow_frameio_token"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_fio_token,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio),
      NULL },

    { ngx_string("postflow_frameio_ca_file"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.ca_file),
      NULL },

    { ngx_string("postflow_frameio_timeout"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_msec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.timeout),
      &ngx_http_postflow_timeout_range },

    { ngx_string("postflow_frameio_concurrency"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.concurrency),
      &ngx_http_postflow_concurrency_range },

    { ngx_string("postflow_frameio_retries"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.retries),
      &ngx_http_postflow_retries_range },

    { ngx_string("postflow_frameio_max_response"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_size_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.max_response),
      &ngx_http_postflow_response_range },

    { ngx_string("postflow_frameio_queue"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.queue),
      &ngx_http_postflow_queue_range },

    { ngx_string("postflow_frameio_rate"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_budget_rate,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio),
      NULL },

    { ngx_string("postflow_frameio_retry_5xx"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_msec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.retry_5xx),
      NULL },

    { ngx_string("postflow_frameio_status_field"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_postflow_fio_status_field,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio),
      NULL },

    { ngx_string("postflow_poll_completed"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio.poll_completed),
      NULL },

    { ngx_string("postflow_poll_interval"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_poll_interval,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio),
      NULL },

    { ngx_string("postflow_notify"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_postflow_notify,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, notify),
      NULL },

    { ngx_string("postflow_notify_retry"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, notify.retry),
      &ngx_http_postflow_time_not_zero },

    { ngx_string("postflow_replicate"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_postflow_replicate,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, replicate),
      NULL },

    { ngx_string("postflow_match_threshold"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_postflow_match_threshold,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_postflow_main_conf_t, frameio),
      NULL },

      ngx_null_command
};


static ngx_http_variable_t  ngx_http_postflow_vars[] = {

    { ngx_string("postflow_event"), NULL, ngx_http_postflow_variable,
      offsetof(ngx_http_postflow_ctx_t, event), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("postflow_upload_id"), NULL, ngx_http_postflow_variable,
      offsetof(ngx_http_postflow_ctx_t, upload_id),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("postflow_review_status"), NULL,
      ngx_http_postflow_review_variable, 0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


static ngx_http_module_t  ngx_http_postflow_module_ctx = {
    ngx_http_postflow_add_variables,       /* preconfiguration */
    NULL,                                  /* postconfiguration */

    ngx_http_postflow_create_main_conf,    /* create main configuration */
    ngx_http_postflow_init_main_conf,      /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_postflow_create_loc_conf,     /* create location configuration */
    ngx_http_postflow_merge_loc_conf       /* merge location configuration */
};


ngx_module_t  ngx_http_postflow_module = {
    NGX_MODULE_V1,
    &ngx_http_postflow_module_ctx,         /* module context */
    ngx_http_postflow_commands,            /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    ngx_http_postflow_init_process,        /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    ngx_http_postflow_exit_process,        /* exit process */
    ngx_http_postflow_exit_master,         /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_int_t
ngx_http_postflow_init_process(ngx_cycle_t *cycle)
{
    ngx_http_postflow_main_conf_t  *pmcf;

    pmcf = ngx_http_cycle_get_module_main_conf(cycle,
                                               ngx_http_postflow_module);
    if (pmcf == NULL) {
        return NGX_OK;
    }

    if (ngx_http_postflow_replicate_init_process(cycle, &pmcf->replicate,
                                                 &pmcf->zones)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (ngx_http_postflow_poller_init_process(cycle, &pmcf->frameio,
                                              &pmcf->zones)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_postflow_notify_init_process(cycle, &pmcf->notify,
                                                 &pmcf->frameio,
                                                 &pmcf->zones);
}


/* a graceful reload or quit: nothing answered is left unsynced */

static void
ngx_http_postflow_exit_process(ngx_cycle_t *cycle)
{
    ngx_uint_t                      i;
    ngx_shm_zone_t                **zones;
    ngx_http_postflow_zone_t       *zone;
    ngx_http_postflow_main_conf_t  *pmcf;

    ngx_http_postflow_notify_exit_process(cycle);
    ngx_http_postflow_poller_exit_process(cycle);
    ngx_http_postflow_replicate_exit_process(cycle);

    pmcf = ngx_http_cycle_get_module_main_conf(cycle,
                                               ngx_http_postflow_module);

    if (pmcf) {
        zones = pmcf->zones.elts;

        for (i = 0; i < pmcf->zones.nelts; i++) {
            zone = zones[i]->data;
            ngx_http_postflow_journal_sync(&zone->journal, cycle->log);
        }
    }

    ngx_http_postflow_journal_unlock();
}


static void
ngx_http_postflow_exit_master(ngx_cycle_t *cycle)
{
    ngx_http_postflow_journal_unlock();
}


static ngx_int_t
ngx_http_postflow_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_postflow_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


/*
 * Every request of a location with postflow_webhook, postflow_api or
 * postflow_stats: its handler is given the configuration in the
 * request's context, and asks for the body when it needs one.
 */

static ngx_int_t
ngx_http_postflow_content_handler(ngx_http_request_t *r)
{
    ngx_int_t                       rc;
    ngx_http_postflow_ctx_t        *ctx;
    ngx_http_postflow_main_conf_t  *pmcf;

    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_postflow_ctx_t));
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    pmcf = ngx_http_get_module_main_conf(r, ngx_http_postflow_module);

    ctx->lcf = ngx_http_get_module_loc_conf(r, ngx_http_postflow_module);
    ctx->frameio = &pmcf->frameio;
    ctx->review_status = -1;

    ngx_http_set_ctx(r, ctx, ngx_http_postflow_module);

    rc = ctx->lcf->handler->start(r, ctx);

    if (rc != NGX_AGAIN) {
        return rc;
    }

    rc = ngx_http_read_client_request_body(r, ngx_http_postflow_body_handler);

    if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
        return rc;
    }

    return NGX_DONE;
}


static void
ngx_http_postflow_body_handler(ngx_http_request_t *r)
{
    ngx_http_postflow_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_postflow_module);

    ngx_http_finalize_request(r, ctx->lcf->handler->body(r, ctx));
}


static ngx_int_t
ngx_http_postflow_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t                *value;
    ngx_http_postflow_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_postflow_module);

    if (ctx == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    value = (ngx_str_t *) ((char *) ctx + data);

    if (value->len == 0) {
        v->not_found = 1;
        return NGX_OK;
    }

    v->len = value->len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;
    v->data = value->data;

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_review_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_postflow_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_postflow_module);

    if (ctx == NULL || ctx->review_status < 0) {
        v->not_found = 1;
        return NGX_OK;
    }

    v->len = ngx_http_postflow_review_names[ctx->review_status].len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;
    v->data = ngx_http_postflow_review_names[ctx->review_status].data;

    return NGX_OK;
}


static void *
ngx_http_postflow_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_postflow_main_conf_t  *pmcf;

    pmcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_postflow_main_conf_t));
    if (pmcf == NULL) {
        return NULL;
    }

    if (ngx_array_init(&pmcf->zones, cf->pool, 1, sizeof(ngx_shm_zone_t *))
        != NGX_OK
        || ngx_array_init(&pmcf->zone_refs, cf->pool, 4,
                          sizeof(ngx_http_postflow_zone_ref_t))
           != NGX_OK)
    {
        return NULL;
    }

    pmcf->track_ttl = NGX_CONF_UNSET;
    pmcf->notify.retry = NGX_CONF_UNSET;

    ngx_http_postflow_fio_create_conf(&pmcf->frameio);

    pmcf->review = ngx_http_postflow_review_create(cf->pool, cf->log);
    if (pmcf->review == NULL) {
        return NULL;
    }

    return pmcf;
}


static char *
ngx_http_postflow_init_main_conf(ngx_conf_t *cf, void *conf)
{
    ngx_http_postflow_main_conf_t *pmcf = conf;

    ngx_str_t                   err;
    ngx_uint_t                  i;
    ngx_shm_zone_t            **zones;
    ngx_http_postflow_zone_t   *zone;
#if (NGX_THREADS)
    ngx_thread_pool_t          *pool;

    pool = NULL;
#endif

    ngx_conf_init_value(pmcf->track_ttl, 30 * 86400);
    ngx_http_postflow_notify_init_conf(&pmcf->notify);

    if (ngx_http_postflow_review_compile(pmcf->review, &err) != NGX_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow review patterns: %V", &err);
        return NGX_CONF_ERROR;
    }

    if (pmcf->state.len
        && ngx_conf_full_name(cf->cycle, &pmcf->state, 0) != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_postflow_fio_init_conf(cf, &pmcf->frameio,
                                        &ngx_http_postflow_module)
        != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_postflow_zone_refs_check(cf, pmcf) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    /* the poller's changes are this node's own: not replicated yet */

    if (pmcf->replicate.redis.url.len
        && (pmcf->frameio.token.len || pmcf->frameio.token_file.len))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"postflow_replicate\" cannot be used with"
                           " \"postflow_frameio_token\": the Frame.io"
                           " poller's changes are not replicated");
        return NGX_CONF_ERROR;
    }

#if (NGX_THREADS)

    /* nginx's default pool, as "aio threads" uses: compactions write there */

    if (pmcf->state.len) {
        pool = ngx_thread_pool_add(cf, NULL);
        if (pool == NULL) {
            return NGX_CONF_ERROR;
        }
    }

#endif

    /* zones are declared before the ttl may be known: finish them here */

    zones = pmcf->zones.elts;

    for (i = 0; i < pmcf->zones.nelts; i++) {
        zone = zones[i]->data;
        zone->track_ttl = pmcf->track_ttl;
#if (NGX_THREADS)
        zone->journal.thread_pool = pool;
#endif
        zone->review = pmcf->review;
        zone->targets = pmcf->notify.targets;

        if (pmcf->replicate.redis.url.len) {
            zone->node = pmcf->replicate.node;
        }

        if (ngx_http_postflow_state_path(cf, pmcf, zone) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


/*
 * nginx would only say "zero size shared memory zone" at start, without
 * a line: a location naming a zone no postflow_zone declares is named
 * here with its directive.
 */

static ngx_int_t
ngx_http_postflow_zone_refs_check(ngx_conf_t *cf,
    ngx_http_postflow_main_conf_t *pmcf)
{
    ngx_uint_t                     i;
    ngx_http_postflow_zone_ref_t  *ref;

    ref = pmcf->zone_refs.elts;

    for (i = 0; i < pmcf->zone_refs.nelts; i++) {
        if (ref[i].shm_zone->data == NULL) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "%V: no postflow_zone \"%V\" is declared, in"
                          " %V:%ui", &ref[i].directive,
                          &ref[i].shm_zone->shm.name, &ref[i].file,
                          ref[i].line);
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


/* postflow_state PATH [compact=SIZE]; */

static char *
ngx_http_postflow_state(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_postflow_main_conf_t *pmcf = conf;

    ngx_str_t  *value, size;

    if (pmcf->state.data) {
        return "is duplicate";
    }

    value = cf->args->elts;
    pmcf->state = value[1];
    pmcf->state_conf_file = cf->conf_file->file.name;
    pmcf->state_conf_line = cf->conf_file->line;

    if (cf->args->nelts == 2) {
        return NGX_CONF_OK;
    }

    if (ngx_strncmp(value[2].data, "compact=", 8) != 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_state: unknown parameter \"%V\"",
                           &value[2]);
        return NGX_CONF_ERROR;
    }

    size.data = value[2].data + 8;
    size.len = value[2].len - 8;

    pmcf->state_compact = ngx_parse_offset(&size);

    if (pmcf->state_compact <= 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_state: invalid size in \"%V\"",
                           &value[2]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* one journal per zone: PATH itself, or PATH.ZONE when there are several */

static ngx_int_t
ngx_http_postflow_state_path(ngx_conf_t *cf,
    ngx_http_postflow_main_conf_t *pmcf, ngx_http_postflow_zone_t *zone)
{
    u_char  *p;

    if (pmcf->state.len == 0) {
        return NGX_OK;
    }

    p = ngx_pnalloc(cf->pool, pmcf->state.len + 1 + zone->name.len + 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    zone->journal.path.data = p;

    if (pmcf->zones.nelts == 1) {
        p = ngx_cpymem(p, pmcf->state.data, pmcf->state.len);

    } else {
        p = ngx_sprintf(p, "%V.%V", &pmcf->state, &zone->name);
    }

    zone->journal.path.len = p - zone->journal.path.data;
    *p = '\0';

    zone->journal.conf_file = pmcf->state_conf_file;
    zone->journal.conf_line = pmcf->state_conf_line;
    zone->journal.cycle = cf->cycle;

    zone->journal.compact_size = pmcf->state_compact
                                 ? pmcf->state_compact : 16 * 1024 * 1024;

    return NGX_OK;
}


static void *
ngx_http_postflow_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_postflow_loc_conf_t  *plcf;

    plcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_postflow_loc_conf_t));
    if (plcf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     plcf->webhook_zone = NULL;
     *     plcf->api_zone = NULL;
     *     plcf->stats_zone = NULL;
     *     plcf->dashboard_zone = NULL;
     *     plcf->public_url = { 0, NULL };
     */

    plcf->secrets = NGX_CONF_UNSET_PTR;
    plcf->tolerance = NGX_CONF_UNSET;
    plcf->max_body = NGX_CONF_UNSET_SIZE;

    return plcf;
}


static char *
ngx_http_postflow_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_postflow_loc_conf_t *prev = parent;
    ngx_http_postflow_loc_conf_t *conf = child;

    ngx_http_postflow_main_conf_t  *pmcf;

    ngx_conf_merge_ptr_value(conf->secrets, prev->secrets, NULL);
    ngx_conf_merge_str_value(conf->public_url, prev->public_url, "");

    if (conf->dashboard_zone) {
        pmcf = ngx_http_conf_get_module_main_conf(cf,
                                                  ngx_http_postflow_module);
        conf->webhook_path = pmcf->webhook_path;
    }
    ngx_conf_merge_sec_value(conf->tolerance, prev->tolerance, 300);
    ngx_conf_merge_size_value(conf->max_body, prev->max_body, 64 * 1024);

    if (conf->webhook_zone && conf->secrets == NULL) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "postflow_webhook without postflow_webhook_secret:"
                           " signatures of Frame.io events are not checked");
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_postflow_zone(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_postflow_main_conf_t *pmcf = conf;

    ssize_t                     size;
    ngx_str_t                  *value;
    ngx_shm_zone_t             *shm_zone, **slot;
    ngx_http_postflow_zone_t   *zone;

    value = cf->args->elts;

    if (value[1].len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_zone: empty zone name");
        return NGX_CONF_ERROR;
    }

    size = ngx_parse_size(&value[2]);

    if (size == NGX_ERROR || size < (ssize_t) (8 * ngx_pagesize)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_zone \"%V\": invalid size \"%V\","
                           " at least %uz needed",
                           &value[1], &value[2], 8 * ngx_pagesize);
        return NGX_CONF_ERROR;
    }

    shm_zone = ngx_shared_memory_add(cf, &value[1], size,
                                     &ngx_http_postflow_module);
    if (shm_zone == NULL) {
        return NGX_CONF_ERROR;
    }

    if (shm_zone->data) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_zone \"%V\" is already declared",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    zone = ngx_pcalloc(cf->pool, sizeof(ngx_http_postflow_zone_t));
    if (zone == NULL) {
        return NGX_CONF_ERROR;
    }

    zone->name = value[1];
    zone->shm_zone = shm_zone;
    zone->journal.fd = NGX_INVALID_FILE;
    zone->cycle = cf->cycle;

    shm_zone->init = ngx_http_postflow_init_zone;
    shm_zone->data = zone;

    slot = ngx_array_push(&pmcf->zones);
    if (slot == NULL) {
        return NGX_CONF_ERROR;
    }

    *slot = shm_zone;

    return NGX_CONF_OK;
}


/*
 * postflow_webhook, postflow_api and postflow_stats: bind the location to
 * a zone and install the content handler given in cmd->post.
 */

static char *
ngx_http_postflow_handler_zone(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    char  *p = conf;

    ngx_str_t                      *value;
    ngx_shm_zone_t                **field;
    ngx_http_core_loc_conf_t       *clcf;
    ngx_http_postflow_zone_ref_t   *ref;
    ngx_http_postflow_main_conf_t  *pmcf;

    field = (ngx_shm_zone_t **) (p + cmd->offset);

    if (*field) {
        return "is duplicate";
    }

    value = cf->args->elts;

    /* size 0 looks the zone up; it must be declared by postflow_zone */

    *field = ngx_shared_memory_add(cf, &value[1], 0,
                                   &ngx_http_postflow_module);
    if (*field == NULL) {
        return NGX_CONF_ERROR;
    }

    pmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_postflow_module);

    ref = ngx_array_push(&pmcf->zone_refs);
    if (ref == NULL) {
        return NGX_CONF_ERROR;
    }

    ref->shm_zone = *field;
    ref->directive = cmd->name;
    ref->file = cf->conf_file->file.name;
    ref->line = cf->conf_file->line;

    ((ngx_http_postflow_loc_conf_t *) conf)->handler = cmd->post;

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    clcf->handler = ngx_http_postflow_content_handler;

    /* where the dashboard says to send webhooks, without a public URL */

    if (cmd->post == &ngx_http_postflow_webhook_handler
        && pmcf->webhook_path.len == 0
#if (NGX_PCRE)
        && clcf->regex == NULL
#endif
        && !clcf->named)
    {
        pmcf->webhook_path = clcf->name;
    }

    return NGX_CONF_OK;
}


/* the webhook's URL as Frame.io must be given it */

static char *
ngx_http_postflow_public_url(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char  *p = conf;

    u_char     *c;
    ngx_str_t  *value, *url;

    url = (ngx_str_t *) (p + cmd->offset);

    if (url->data) {
        return "is duplicate";
    }

    value = cf->args->elts;
    *url = value[1];

    for (c = url->data; c < url->data + url->len; c++) {
        if (*c <= ' ' || *c == '"' || *c == '<' || *c == '>' || *c >= 0x7f) {
            break;
        }
    }

    if (c < url->data + url->len
        || !((url->len > sizeof("http://") - 1
              && ngx_strncasecmp(url->data, (u_char *) "http://", 7) == 0)
             || (url->len > sizeof("https://") - 1
                 && ngx_strncasecmp(url->data, (u_char *) "https://", 8)
                    == 0)))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_public_url: \"%V\" is not an http://"
                           " or https:// URL", &value[1]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_postflow_secret(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_postflow_loc_conf_t *plcf = conf;

    ngx_str_t                   *value, path;
    ngx_uint_t                   i;
    ngx_http_postflow_secret_t  *secret;

    if (plcf->secrets != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    plcf->secrets = ngx_array_create(cf->pool, cf->args->nelts - 1,
                                     sizeof(ngx_http_postflow_secret_t));
    if (plcf->secrets == NULL) {
        return NGX_CONF_ERROR;
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {
        secret = ngx_array_push(plcf->secrets);
        if (secret == NULL) {
            return NGX_CONF_ERROR;
        }

        if (ngx_strncmp(value[i].data, "file=", 5) == 0) {
            path.data = value[i].data + 5;
            path.len = value[i].len - 5;

            if (ngx_http_postflow_read_secret_file(cf, &path, &secret->value)
                != NGX_OK)
            {
                return NGX_CONF_ERROR;
            }

        } else {
            secret->value = value[i];
        }

        if (secret->value.len == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "postflow_webhook_secret: empty secret");
            return NGX_CONF_ERROR;
        }

        if (ngx_http_postflow_secret_init(cf, secret) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


/* a secret file holds the secret, optionally followed by a line break */

static ngx_int_t
ngx_http_postflow_read_secret_file(ngx_conf_t *cf, ngx_str_t *path,
    ngx_str_t *secret)
{
    ssize_t          n;
    ngx_fd_t         fd;
    ngx_file_info_t  fi;

    if (ngx_conf_full_name(cf->cycle, path, 1) != NGX_OK) {
        return NGX_ERROR;
    }

    fd = ngx_open_file(path->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "postflow_webhook_secret: "
                           ngx_open_file_n " \"%V\" failed", path);
        return NGX_ERROR;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR
        || ngx_file_size(&fi) > 4096)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_webhook_secret: \"%V\" is not a"
                           " readable file of at most 4096 bytes", path);
        ngx_close_file(fd);
        return NGX_ERROR;
    }

    secret->data = ngx_pnalloc(cf->pool, ngx_file_size(&fi) + 1);
    if (secret->data == NULL) {
        ngx_close_file(fd);
        return NGX_ERROR;
    }

    n = ngx_read_fd(fd, secret->data, ngx_file_size(&fi));
    ngx_close_file(fd);

    if (n == -1) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "postflow_webhook_secret: "
                           ngx_read_fd_n " \"%V\" failed", path);
        return NGX_ERROR;
    }

    while (n > 0 && (secret->data[n - 1] == LF || secret->data[n - 1] == CR)) {
        n--;
    }

    secret->len = n;

    return NGX_OK;
}


/*
 * postflow_review_keywords approve|reject [replace] WORD...;
 * "replace" drops the built-in list of that kind first.
 */

static char *
ngx_http_postflow_keywords(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_postflow_main_conf_t *pmcf = conf;

    ngx_str_t   *value, err;
    ngx_uint_t   i, approve;

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "approve") == 0) {
        approve = 1;

    } else if (ngx_strcmp(value[1].data, "reject") == 0) {
        approve = 0;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_review_keywords: \"%V\" must be"
                           " \"approve\" or \"reject\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    i = 2;

    if (ngx_strcmp(value[2].data, "replace") == 0) {
        if (ngx_http_postflow_review_clear_keywords(pmcf->review, approve)
            != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }

        i = 3;
    }

    if (i == cf->args->nelts) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_review_keywords: no word given");
        return NGX_CONF_ERROR;
    }

    for ( /* void */ ; i < cf->args->nelts; i++) {
        if (ngx_http_postflow_review_add_keyword(pmcf->review, approve,
                                                 &value[i], &err)
            != NGX_OK)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "postflow_review_keywords: \"%V\": %V",
                               &value[i], &err);
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_postflow_thresholds(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_postflow_main_conf_t *pmcf = conf;

    double      approve, reject;
    ngx_str_t  *value, err;

    value = cf->args->elts;

    if (ngx_http_postflow_parse_ratio(&value[1], &approve) != NGX_OK
        || ngx_http_postflow_parse_ratio(&value[2], &reject) != NGX_OK)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_review_thresholds: \"%V %V\" are not"
                           " numbers between -1 and 1", &value[1], &value[2]);
        return NGX_CONF_ERROR;
    }

    if (ngx_http_postflow_review_set_thresholds(pmcf->review, approve, reject,
                                                &err)
        != NGX_OK)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_review_thresholds: %V", &err);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* "-0.5", "1", ".25": a decimal number in [-1, 1] */

static ngx_int_t
ngx_http_postflow_parse_ratio(ngx_str_t *s, double *ratio)
{
    double       value, scale;
    u_char      *p, *last;
    ngx_uint_t   negative, digits;

    p = s->data;
    last = p + s->len;
    negative = 0;
    digits = 0;
    value = 0;

    if (p < last && (*p == '-' || *p == '+')) {
        negative = (*p++ == '-');
    }

    while (p < last && *p >= '0' && *p <= '9') {
        value = value * 10 + (*p++ - '0');
        digits++;
    }

    if (p < last && *p == '.') {
        for (p++, scale = 0.1; p < last && *p >= '0' && *p <= '9'; p++) {
            value += (*p - '0') * scale;
            scale /= 10;
            digits++;
        }
    }

    if (p != last || digits == 0 || digits > 16 || value > 1) {
        return NGX_ERROR;
    }

    *ratio = negative ? -value : value;

    return NGX_OK;
}


static char *
ngx_http_postflow_time_positive(ngx_conf_t *cf, void *post, void *data)
{
    time_t  *sec = data;

    return (*sec > 0) ? NGX_CONF_OK : "must be more than 0";
}


static char *
ngx_http_postflow_size_positive(ngx_conf_t *cf, void *post, void *data)
{
    size_t  *size = data;

    return (*size > 0) ? NGX_CONF_OK : "must be more than 0";
}


static char *
ngx_http_postflow_num_in_range(ngx_conf_t *cf, void *post, void *data)
{
    ngx_http_postflow_range_t *range = post;

    ngx_int_t  *n = data;

    return (*n >= (ngx_int_t) range->low && *n <= (ngx_int_t) range->high)
           ? NGX_CONF_OK : range->error;
}


static char *
ngx_http_postflow_size_in_range(ngx_conf_t *cf, void *post, void *data)
{
    ngx_http_postflow_range_t *range = post;

    size_t  *size = data;

    return (*size >= range->low && *size <= range->high)
           ? NGX_CONF_OK : range->error;
}


static char *
ngx_http_postflow_msec_in_range(ngx_conf_t *cf, void *post, void *data)
{
    ngx_http_postflow_range_t *range = post;

    ngx_msec_t  *msec = data;

    return (*msec >= range->low && *msec <= range->high)
           ? NGX_CONF_OK : range->error;
}
