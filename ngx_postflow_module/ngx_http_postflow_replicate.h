
/*
 * postflow_replicate: nodes that share their zones through a Redis
 * stream per zone.  The stream orders the changes: each node appends
 * its own (XADD), and every node applies every entry in stream order,
 * its own included, into its zone and journal.
 */


#ifndef _NGX_HTTP_POSTFLOW_REPLICATE_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_REPLICATE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_redis.h"


typedef struct {
    ngx_http_postflow_redis_conf_t   redis;   /* url empty: not replicated */
    ngx_str_t                        stream;  /* the key, or its prefix */
    ngx_str_t                        node;
} ngx_http_postflow_replicate_conf_t;


char *ngx_http_postflow_replicate(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_postflow_replicate_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_replicate_conf_t *rc, ngx_array_t *zones);
void ngx_http_postflow_replicate_exit_process(ngx_cycle_t *cycle);
size_t ngx_http_postflow_replicate_stats_size(ngx_http_postflow_zone_t *zone);
u_char *ngx_http_postflow_replicate_stats(u_char *p,
    ngx_http_postflow_zone_t *zone);
size_t ngx_http_postflow_replicate_metrics_size(
    ngx_http_postflow_zone_t *zone);
u_char *ngx_http_postflow_replicate_metrics(u_char *p,
    ngx_http_postflow_zone_t *zone);


#endif /* _NGX_HTTP_POSTFLOW_REPLICATE_H_INCLUDED_ */
