
/*
 * A socket that a library owns (libcurl's, hiredis's), watched by an
 * nginx connection: what the connection gives back when the library
 * is done with it.
 */


#ifndef _NGX_HTTP_POSTFLOW_SOCKET_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_SOCKET_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_event.h>


void ngx_http_postflow_socket_release(ngx_connection_t *c,
    ngx_uint_t closed);


#endif /* _NGX_HTTP_POSTFLOW_SOCKET_H_INCLUDED_ */
