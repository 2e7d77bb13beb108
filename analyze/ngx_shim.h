
/*
 * ngx_postflow: helpers shared by the analysis harnesses.
 */


#ifndef _NGX_SHIM_H_INCLUDED_
#define _NGX_SHIM_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>


ngx_pool_t *ngx_shim_create_pool(ngx_log_t *log);
void ngx_shim_destroy_pool(ngx_pool_t *pool);


#endif /* _NGX_SHIM_H_INCLUDED_ */
