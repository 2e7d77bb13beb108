
/*
 * The dashboard: one page and its script and style, embedded in the
 * module, and the JSON they read.
 */


#ifndef _NGX_HTTP_POSTFLOW_DASHBOARD_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_DASHBOARD_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_http_postflow_store.h"


/* a file of the page, as tools/embed-dashboard writes it */
typedef struct {
    ngx_str_t                    name;
    ngx_str_t                    type;
    ngx_str_t                    etag;
    ngx_str_t                    body;
} ngx_http_postflow_asset_t;


/* a request for data, and what the zone's JSON needs beside the zone */
typedef struct {
    ngx_int_t                    status;          /* -1: any */
    ngx_int_t                    review_status;   /* -1: any */
    ngx_str_t                    search;          /* in names and ids */
    ngx_uint_t                   offset;
    ngx_uint_t                   limit;
    ngx_int_t                    since;           /* -1: none */
    ngx_atomic_uint_t            generation_now;

    ngx_str_t                    webhook_url;
    ngx_uint_t                   poller;          /* a token is set */
    ngx_msec_t                   poll_interval;
    ngx_uint_t                   calls_per_minute;
} ngx_http_postflow_dashboard_query_t;


/* ngx_http_postflow_dashboard_data.c */
ngx_int_t ngx_http_postflow_dashboard_data(
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_str_t *json);


#endif /* _NGX_HTTP_POSTFLOW_DASHBOARD_H_INCLUDED_ */
