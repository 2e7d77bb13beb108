
/*
 * ngx_postflow: what fuzz/ngx_shim.c offers the parser harnesses
 * beyond nginx's own declarations.
 */


#ifndef _NGX_FUZZ_SHIM_H_INCLUDED_
#define _NGX_FUZZ_SHIM_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>


/* a response: its body a piece at a time, (NULL, 0) for a header only */
typedef void (*ngx_shim_output_pt)(ngx_http_request_t *r, u_char *p,
    size_t len);

extern ngx_shim_output_pt  ngx_shim_output;


/* a quiet log, and the time ngx_time() answers */
ngx_log_t *ngx_shim_init(time_t now);
void ngx_shim_set_time(time_t now);

/* whether a zone lock is held */
ngx_uint_t ngx_shim_locked(void);


#endif /* _NGX_FUZZ_SHIM_H_INCLUDED_ */
