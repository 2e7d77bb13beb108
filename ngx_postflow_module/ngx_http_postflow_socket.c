
/*
 * The nginx connection of a socket a library owns.  The library closes
 * the socket itself: its events are deleted ("closed": it already did,
 * and epoll forgot it), nothing posted of it runs, and the connection
 * is freed without a descriptor, or the exit check would report an
 * open socket left in it.
 */


#include "ngx_http_postflow_socket.h"


void
ngx_http_postflow_socket_release(ngx_connection_t *c, ngx_uint_t closed)
{
    ngx_uint_t  flags;

    flags = closed ? NGX_CLOSE_EVENT : 0;

    if (c->read->active || c->write->active) {

        if (ngx_del_conn) {
            (void) ngx_del_conn(c, flags);

        } else {
            /* poll and select have no del_conn */

            if (c->read->active) {
                (void) ngx_del_event(c->read, NGX_READ_EVENT, flags);
            }

            if (c->write->active) {
                (void) ngx_del_event(c->write, NGX_WRITE_EVENT, flags);
            }
        }
    }

    if (c->read->posted) {
        ngx_delete_posted_event(c->read);
    }

    if (c->write->posted) {
        ngx_delete_posted_event(c->write);
    }

    ngx_free_connection(c);
    c->fd = (ngx_socket_t) -1;
}
