
/*
 * A Redis connection on nginx's event loop: hiredis's asynchronous API
 * with its reads and writes watched by a worker's events, a deadline on
 * every command, and a reconnection after a loss.  A command's handler
 * gets its reply, or NULL when there is none: the connection was lost,
 * or the deadline passed (the connection is then dropped, as the
 * replies behind it would come out of order).
 */


#ifndef _NGX_HTTP_POSTFLOW_REDIS_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_REDIS_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>


/* redis://HOST:PORT[/DB], with HOST resolved at configuration time */
typedef struct {
    ngx_str_t                    url;         /* for messages */
    ngx_str_t                    host;        /* an address, null-ended */
    in_port_t                    port;
    ngx_uint_t                   db;
    ngx_str_t                    password;    /* empty: no AUTH */
    ngx_msec_t                   timeout;     /* of a command */
} ngx_http_postflow_redis_conf_t;


typedef struct ngx_http_postflow_redis_s  ngx_http_postflow_redis_t;

typedef void (*ngx_http_postflow_redis_reply_pt)(
    ngx_http_postflow_redis_t *rd, redisReply *reply, void *data);

/* the connection came up (1) or went down (0) */
typedef void (*ngx_http_postflow_redis_state_pt)(
    ngx_http_postflow_redis_t *rd, ngx_uint_t up);


struct ngx_http_postflow_redis_s {
    ngx_http_postflow_redis_conf_t   *conf;
    ngx_log_t                        *log;
    redisAsyncContext                *ac;
    ngx_connection_t                 *connection;
    ngx_queue_t                       calls;      /* sent, oldest first */
    ngx_queue_t                       free;
    ngx_event_t                       deadline;
    ngx_event_t                       reconnect;
    ngx_msec_t                        backoff;
    ngx_http_postflow_redis_state_pt  state;
    void                             *data;
    unsigned                          up:1;
    unsigned                          closing:1;
    unsigned                          reported:1;  /* a failure logged */
};


void ngx_http_postflow_redis_init(ngx_http_postflow_redis_t *rd,
    ngx_http_postflow_redis_conf_t *conf, ngx_log_t *log);
void ngx_http_postflow_redis_connect(ngx_http_postflow_redis_t *rd);
ngx_int_t ngx_http_postflow_redis_command(ngx_http_postflow_redis_t *rd,
    ngx_msec_t timeout, ngx_http_postflow_redis_reply_pt handler,
    void *data, int argc, const char **argv, const size_t *argvlen);
void ngx_http_postflow_redis_close(ngx_http_postflow_redis_t *rd);


#endif /* _NGX_HTTP_POSTFLOW_REDIS_H_INCLUDED_ */
