
/*
 * What the workers may do with a file the master checks for them.
 */


#ifndef _NGX_HTTP_POSTFLOW_ACCESS_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_ACCESS_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>


ngx_uint_t ngx_http_postflow_worker_can(u_char *path, ngx_file_info_t *fi,
    ngx_cycle_t *cycle, ngx_uint_t rights);
const char *ngx_http_postflow_worker_user(ngx_cycle_t *cycle);


#endif /* _NGX_HTTP_POSTFLOW_ACCESS_H_INCLUDED_ */
