
/*
 * Push notifications: postflow_notify's configuration, the sender that
 * one worker at a time runs for each zone, and its statistics.  The
 * notifications themselves wait in the zone's outbox
 * (ngx_http_postflow_store_outbox.c).
 */


#ifndef _NGX_HTTP_POSTFLOW_NOTIFY_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_NOTIFY_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_frameio.h"


typedef struct {
    ngx_array_t                 *targets;     /* NULL: no postflow_notify */
    time_t                       retry;       /* postflow_notify_retry */
} ngx_http_postflow_notify_conf_t;


char *ngx_http_postflow_notify(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
void ngx_http_postflow_notify_init_conf(ngx_http_postflow_notify_conf_t *nc);
ngx_int_t ngx_http_postflow_notify_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_notify_conf_t *nc, ngx_http_postflow_fio_conf_t *fc,
    ngx_array_t *zones);
void ngx_http_postflow_notify_exit_process(ngx_cycle_t *cycle);
size_t ngx_http_postflow_notify_stats_size(ngx_http_postflow_zone_t *zone);
u_char *ngx_http_postflow_notify_stats(u_char *p,
    ngx_http_postflow_zone_t *zone);
size_t ngx_http_postflow_notify_metrics_size(ngx_http_postflow_zone_t *zone);
u_char *ngx_http_postflow_notify_metrics(u_char *p,
    ngx_http_postflow_zone_t *zone);


#endif /* _NGX_HTTP_POSTFLOW_NOTIFY_H_INCLUDED_ */
