
/*
 * hiredis on nginx's events.  hiredis reads at most one buffer per
 * call, so the socket is watched level-triggered, as libcurl's are.
 * hiredis answers the commands of a connection in order: the deadline
 * timer watches the oldest one only.  A connection is dropped on the
 * first missed deadline, and made again after a backoff (100 ms
 * doubling to 2 s); its failures are logged once until it comes back.
 */


#include "ngx_http_postflow_redis.h"
#include "ngx_http_postflow_socket.h"


#define NGX_HTTP_POSTFLOW_REDIS_BACKOFF_MIN  100
#define NGX_HTTP_POSTFLOW_REDIS_BACKOFF_MAX  2000


typedef struct {
    ngx_queue_t                        queue;
    ngx_http_postflow_redis_t         *rd;
    ngx_http_postflow_redis_reply_pt   handler;
    void                              *data;
    ngx_msec_t                         expires;
} ngx_http_postflow_redis_call_t;


static void ngx_http_postflow_redis_retry(ngx_http_postflow_redis_t *rd);
static void ngx_http_postflow_redis_drop(ngx_http_postflow_redis_t *rd,
    const char *why);
static void ngx_http_postflow_redis_arm(ngx_http_postflow_redis_t *rd);
static void ngx_http_postflow_redis_connected(const redisAsyncContext *ac,
    int status);
static void ngx_http_postflow_redis_reply(redisAsyncContext *ac, void *r,
    void *privdata);
static void ngx_http_postflow_redis_checked(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data);
static void ngx_http_postflow_redis_read_handler(ngx_event_t *ev);
static void ngx_http_postflow_redis_write_handler(ngx_event_t *ev);
static void ngx_http_postflow_redis_deadline_handler(ngx_event_t *ev);
static void ngx_http_postflow_redis_reconnect_handler(ngx_event_t *ev);
static void ngx_http_postflow_redis_add_read(void *privdata);
static void ngx_http_postflow_redis_del_read(void *privdata);
static void ngx_http_postflow_redis_add_write(void *privdata);
static void ngx_http_postflow_redis_del_write(void *privdata);
static void ngx_http_postflow_redis_cleanup(void *privdata);


void
ngx_http_postflow_redis_init(ngx_http_postflow_redis_t *rd,
    ngx_http_postflow_redis_conf_t *conf, ngx_log_t *log)
{
    ngx_memzero(rd, sizeof(ngx_http_postflow_redis_t));

    rd->conf = conf;
    rd->log = log;
    rd->backoff = NGX_HTTP_POSTFLOW_REDIS_BACKOFF_MIN;

    ngx_queue_init(&rd->calls);
    ngx_queue_init(&rd->free);

    rd->deadline.handler = ngx_http_postflow_redis_deadline_handler;
    rd->deadline.data = rd;
    rd->deadline.log = log;

    rd->reconnect.handler = ngx_http_postflow_redis_reconnect_handler;
    rd->reconnect.data = rd;
    rd->reconnect.log = log;
    rd->reconnect.cancelable = 1;
}


/* non-blocking: the address is resolved already */

void
ngx_http_postflow_redis_connect(ngx_http_postflow_redis_t *rd)
{
    u_char              buf[NGX_INT_T_LEN];
    size_t              len;
    ngx_connection_t   *c;
    redisAsyncContext  *ac;
    const char         *argv[2];
    size_t              argvlen[2];

    ac = redisAsyncConnect((char *) rd->conf->host.data, rd->conf->port);

    if (ac == NULL || ac->err) {
        if (!rd->reported) {
            ngx_log_error(NGX_LOG_ERR, rd->log, 0,
                          "postflow_replicate: cannot connect to %V: %s",
                          &rd->conf->url, ac ? ac->errstr : "no memory");
            rd->reported = 1;
        }

        if (ac) {
            redisAsyncFree(ac);
        }

        ngx_http_postflow_redis_retry(rd);
        return;
    }

    c = ngx_get_connection(ac->c.fd, rd->log);
    if (c == NULL) {
        redisAsyncFree(ac);
        ngx_http_postflow_redis_retry(rd);
        return;
    }

    c->data = rd;
    c->read->handler = ngx_http_postflow_redis_read_handler;
    c->write->handler = ngx_http_postflow_redis_write_handler;
    c->read->log = rd->log;
    c->write->log = rd->log;

    rd->ac = ac;
    rd->connection = c;

    ac->data = rd;
    ac->ev.data = rd;
    ac->ev.addRead = ngx_http_postflow_redis_add_read;
    ac->ev.delRead = ngx_http_postflow_redis_del_read;
    ac->ev.addWrite = ngx_http_postflow_redis_add_write;
    ac->ev.delWrite = ngx_http_postflow_redis_del_write;
    ac->ev.cleanup = ngx_http_postflow_redis_cleanup;

    /* after the hooks: it watches for the connection to be writable */
    redisAsyncSetConnectCallback(ac, ngx_http_postflow_redis_connected);

    /* a connection that does not come up in time is dropped */
    ngx_add_timer(&rd->deadline, rd->conf->timeout);

    if (rd->conf->password.len) {
        argv[0] = "AUTH";
        argvlen[0] = 4;
        argv[1] = (const char *) rd->conf->password.data;
        argvlen[1] = rd->conf->password.len;

        (void) ngx_http_postflow_redis_command(rd, rd->conf->timeout,
                                        ngx_http_postflow_redis_checked,
                                        "AUTH", 2, argv, argvlen);
    }

    if (rd->conf->db) {
        len = ngx_sprintf(buf, "%ui", rd->conf->db) - buf;

        argv[0] = "SELECT";
        argvlen[0] = 6;
        argv[1] = (const char *) buf;
        argvlen[1] = len;

        (void) ngx_http_postflow_redis_command(rd, rd->conf->timeout,
                                        ngx_http_postflow_redis_checked,
                                        "SELECT", 2, argv, argvlen);
    }
}


/*
 * NGX_ERROR without a connection; the command is queued while one comes
 * up.  The handler is called once, with the reply or NULL, and never
 * from within this call.
 */

ngx_int_t
ngx_http_postflow_redis_command(ngx_http_postflow_redis_t *rd,
    ngx_msec_t timeout, ngx_http_postflow_redis_reply_pt handler,
    void *data, int argc, const char **argv, const size_t *argvlen)
{
    ngx_queue_t                     *q;
    ngx_http_postflow_redis_call_t  *call;

    if (rd->ac == NULL || rd->closing) {
        return NGX_ERROR;
    }

    if (!ngx_queue_empty(&rd->free)) {
        q = ngx_queue_head(&rd->free);
        ngx_queue_remove(q);
        call = ngx_queue_data(q, ngx_http_postflow_redis_call_t, queue);

    } else {
        call = ngx_alloc(sizeof(ngx_http_postflow_redis_call_t), rd->log);
        if (call == NULL) {
            return NGX_ERROR;
        }
    }

    call->rd = rd;
    call->handler = handler;
    call->data = data;
    call->expires = ngx_current_msec + timeout;

    if (redisAsyncCommandArgv(rd->ac, ngx_http_postflow_redis_reply, call,
                              argc, argv, argvlen)
        != REDIS_OK)
    {
        ngx_queue_insert_head(&rd->free, &call->queue);
        return NGX_ERROR;
    }

    ngx_queue_insert_tail(&rd->calls, &call->queue);

    if (rd->up) {
        ngx_http_postflow_redis_arm(rd);
    }

    return NGX_OK;
}


/* at a worker's exit: pending handlers get NULL, nothing reconnects */

void
ngx_http_postflow_redis_close(ngx_http_postflow_redis_t *rd)
{
    ngx_queue_t  *q;

    rd->closing = 1;

    if (rd->ac) {
        ngx_http_postflow_redis_drop(rd, NULL);
    }

    if (rd->reconnect.timer_set) {
        ngx_del_timer(&rd->reconnect);
    }

    if (rd->deadline.timer_set) {
        ngx_del_timer(&rd->deadline);
    }

    while (!ngx_queue_empty(&rd->free)) {
        q = ngx_queue_head(&rd->free);
        ngx_queue_remove(q);
        ngx_free(ngx_queue_data(q, ngx_http_postflow_redis_call_t, queue));
    }
}


static void
ngx_http_postflow_redis_retry(ngx_http_postflow_redis_t *rd)
{
    if (rd->closing || rd->reconnect.timer_set) {
        return;
    }

    ngx_add_timer(&rd->reconnect, rd->backoff);

    rd->backoff = ngx_min(2 * rd->backoff,
                          NGX_HTTP_POSTFLOW_REDIS_BACKOFF_MAX);
}


/* the pending handlers get NULL from hiredis, then the cleanup runs */

static void
ngx_http_postflow_redis_drop(ngx_http_postflow_redis_t *rd, const char *why)
{
    redisAsyncContext  *ac;

    if (why && !rd->reported) {
        ngx_log_error(NGX_LOG_ERR, rd->log, 0,
                      "postflow_replicate: %V %s, connection dropped",
                      &rd->conf->url, why);
        rd->reported = 1;
    }

    ac = rd->ac;
    rd->ac = NULL;

    redisAsyncFree(ac);
}


static void
ngx_http_postflow_redis_arm(ngx_http_postflow_redis_t *rd)
{
    ngx_msec_int_t                   left;
    ngx_http_postflow_redis_call_t  *call;

    if (ngx_queue_empty(&rd->calls)) {
        if (rd->deadline.timer_set) {
            ngx_del_timer(&rd->deadline);
        }

        return;
    }

    call = ngx_queue_data(ngx_queue_head(&rd->calls),
                          ngx_http_postflow_redis_call_t, queue);

    left = (ngx_msec_int_t) (call->expires - ngx_current_msec);

    ngx_add_timer(&rd->deadline, left > 0 ? (ngx_msec_t) left : 1);
}


static void
ngx_http_postflow_redis_connected(const redisAsyncContext *ac, int status)
{
    ngx_http_postflow_redis_t  *rd = ac->data;

    if (status != REDIS_OK) {
        if (!rd->reported) {
            ngx_log_error(NGX_LOG_ERR, rd->log, 0,
                          "postflow_replicate: cannot connect to %V: %s",
                          &rd->conf->url, ac->errstr);
            rd->reported = 1;
        }

        /* hiredis frees the context: the cleanup reconnects */
        return;
    }

    if (rd->reported) {
        ngx_log_error(NGX_LOG_NOTICE, rd->log, 0,
                      "postflow_replicate: connected to %V again",
                      &rd->conf->url);
        rd->reported = 0;
    }

    rd->up = 1;
    rd->backoff = NGX_HTTP_POSTFLOW_REDIS_BACKOFF_MIN;

    ngx_http_postflow_redis_arm(rd);

    if (rd->state) {
        rd->state(rd, 1);
    }
}


static void
ngx_http_postflow_redis_reply(redisAsyncContext *ac, void *r, void *privdata)
{
    ngx_http_postflow_redis_call_t  *call = privdata;

    void                              *data;
    ngx_http_postflow_redis_t         *rd;
    ngx_http_postflow_redis_reply_pt   handler;

    rd = call->rd;
    handler = call->handler;
    data = call->data;

    ngx_queue_remove(&call->queue);
    ngx_queue_insert_head(&rd->free, &call->queue);

    if (rd->up) {
        ngx_http_postflow_redis_arm(rd);
    }

    handler(rd, r, data);
}


/* AUTH and SELECT: a refusal makes the connection useless */

static void
ngx_http_postflow_redis_checked(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    if (reply == NULL || reply->type != REDIS_REPLY_ERROR || rd->ac == NULL)
    {
        return;
    }

    if (!rd->reported) {
        ngx_log_error(NGX_LOG_ERR, rd->log, 0,
                      "postflow_replicate: %V refused %s: %*s",
                      &rd->conf->url, (char *) data, (size_t) reply->len,
                      reply->str);
        rd->reported = 1;
    }

    /* hiredis frees the context once this callback returns */
    ngx_http_postflow_redis_drop(rd, NULL);
}


static void
ngx_http_postflow_redis_read_handler(ngx_event_t *ev)
{
    ngx_connection_t           *c = ev->data;
    ngx_http_postflow_redis_t  *rd = c->data;

    if (rd->ac) {
        redisAsyncHandleRead(rd->ac);
    }
}


static void
ngx_http_postflow_redis_write_handler(ngx_event_t *ev)
{
    ngx_connection_t           *c = ev->data;
    ngx_http_postflow_redis_t  *rd = c->data;

    if (rd->ac) {
        redisAsyncHandleWrite(rd->ac);
    }
}


static void
ngx_http_postflow_redis_deadline_handler(ngx_event_t *ev)
{
    ngx_http_postflow_redis_t  *rd = ev->data;

    if (rd->ac == NULL) {
        return;
    }

    ngx_http_postflow_redis_drop(rd, rd->up ? "did not answer in time"
                                            : "did not accept in time");
}


static void
ngx_http_postflow_redis_reconnect_handler(ngx_event_t *ev)
{
    ngx_http_postflow_redis_connect(ev->data);
}


static void
ngx_http_postflow_redis_add_read(void *privdata)
{
    ngx_http_postflow_redis_t  *rd = privdata;

    if (!rd->connection->read->active) {
        (void) ngx_add_event(rd->connection->read, NGX_READ_EVENT,
                             NGX_LEVEL_EVENT);
    }
}


static void
ngx_http_postflow_redis_del_read(void *privdata)
{
    ngx_http_postflow_redis_t  *rd = privdata;

    if (rd->connection->read->active) {
        (void) ngx_del_event(rd->connection->read, NGX_READ_EVENT, 0);
    }
}


static void
ngx_http_postflow_redis_add_write(void *privdata)
{
    ngx_http_postflow_redis_t  *rd = privdata;

    if (!rd->connection->write->active) {
        (void) ngx_add_event(rd->connection->write, NGX_WRITE_EVENT,
                             NGX_LEVEL_EVENT);
    }
}


static void
ngx_http_postflow_redis_del_write(void *privdata)
{
    ngx_http_postflow_redis_t  *rd = privdata;

    if (rd->connection->write->active) {
        (void) ngx_del_event(rd->connection->write, NGX_WRITE_EVENT, 0);
    }
}


/*
 * hiredis frees its context (and will close the socket): the nginx
 * connection goes, and another is made unless the worker is leaving.
 */

static void
ngx_http_postflow_redis_cleanup(void *privdata)
{
    ngx_http_postflow_redis_t  *rd = privdata;

    ngx_uint_t  was_up;

    ngx_http_postflow_socket_release(rd->connection, 0);

    was_up = rd->up;

    rd->connection = NULL;
    rd->ac = NULL;
    rd->up = 0;

    if (rd->deadline.timer_set) {
        ngx_del_timer(&rd->deadline);
    }

    if (!rd->closing) {
        if (!rd->reported) {
            ngx_log_error(NGX_LOG_ERR, rd->log, 0,
                          "postflow_replicate: connection to %V lost",
                          &rd->conf->url);
            rd->reported = 1;
        }

        ngx_http_postflow_redis_retry(rd);
    }

    /* a worker leaving says nothing of Redis */

    if (was_up && rd->state && !rd->closing) {
        rd->state(rd, 0);
    }
}
