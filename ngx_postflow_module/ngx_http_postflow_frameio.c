
/*
 * The Frame.io REST client: libcurl's multi socket interface driven by
 * nginx's event loop, so that no call ever blocks a worker.
 *
 * curl tells which sockets to watch (socket callback) and when to call
 * it back (timer callback); each socket is wrapped in an nginx
 * connection whose read and write handlers hand the event to curl, and
 * curl's timeout is a cancelable nginx timer.  Calls are queued here,
 * those webhooks asked for before polls, and start as the call budget
 * (ngx_http_postflow_frameio_budget.c) allows, at most
 * postflow_frameio_concurrency of them at once; a 429 or an exhausted
 * x-ratelimit-remaining holds every call back until the window has
 * passed; 5xx answers (after postflow_frameio_retry_5xx at least),
 * timeouts and network errors are tried again with a jittered
 * exponential delay.
 *
 * The same client POSTs notifications (postflow_notify): such a "push"
 * starts at once, outside Frame.io's budget, cap and back-off, without
 * the token, with the caller's headers and timeout, and is never tried
 * again here: its sender has a schedule of its own.
 *
 * Everything lives in the worker that calls: a worker that exits
 * removes its easy handles, frees its connections and timers, and
 * never calls the callers back.
 *
 * libcurl's TLS is the same OpenSSL as nginx's, in the same thread: what
 * it leaves in the thread's error queue is cleared after each call into
 * libcurl, or nginx would report it on its next TLS connection
 * ("ignoring stale global SSL error").
 */


#include "ngx_http_postflow_frameio.h"
#include "ngx_http_postflow_access.h"
#include "ngx_http_postflow_socket.h"

#include <curl/curl.h>
#include <openssl/err.h>


#define NGX_HTTP_POSTFLOW_FIO_RETRY_BASE   500       /* ms */
#define NGX_HTTP_POSTFLOW_FIO_RETRY_MAX    30000     /* ms */
#define NGX_HTTP_POSTFLOW_FIO_BACKOFF_MAX  60000     /* ms */
#define NGX_HTTP_POSTFLOW_FIO_TOKEN_MAX    16384
#define NGX_HTTP_POSTFLOW_FIO_BODY_START   4096


struct ngx_http_postflow_fio_call_s {
    ngx_queue_t                        queue;     /* waiting or active */
    ngx_pool_t                        *pool;
    CURL                              *easy;
    struct curl_slist                 *headers;
    ngx_str_t                          url;
    ngx_http_postflow_fio_handler_pt   handler;
    void                              *data;
    ngx_http_postflow_poll_counters_t *counters;
    ngx_uint_t                         poll;      /* not asked by webhooks */

    ngx_event_t                        retry;     /* delay before a retry */
    ngx_uint_t                         attempts;
    CURLcode                           code;      /* of the last attempt */

    u_char                            *body;      /* ngx_alloc()'ed */
    size_t                             body_len;
    size_t                             body_size;

    /* from the response headers, reset by each status line */
    ngx_int_t                          limit;     /* x-ratelimit-limit */
    ngx_int_t                          remaining; /* x-ratelimit-remaining */
    ngx_int_t                          window;    /* x-ratelimit-window */
    ngx_int_t                          retry_after;
    ngx_int_t                          total_pages;
    ngx_int_t                          page_number;

    unsigned                           too_large:1;
    unsigned                           final:1;     /* not worth a retry */
    unsigned                           token_retried:1;
    unsigned                           push:1;      /* a POST, not Frame.io */

    /* a push: its body, its headers ("Name: value"), its timeout */
    ngx_str_t                          post;
    ngx_array_t                       *post_headers;
    ngx_msec_t                         timeout;

    char                               error[CURL_ERROR_SIZE];
};


typedef struct {
    ngx_queue_t                        queue;
    ngx_connection_t                  *connection;
} ngx_http_postflow_fio_sock_t;


typedef struct {
    CURLM                             *multi;
    ngx_log_t                         *log;
    ngx_http_postflow_fio_conf_t      *conf;

    ngx_event_t                        timer;     /* curl's timeout */
    ngx_event_t                        resume;    /* end of a back-off */
    ngx_connection_t                   dummy;     /* ev->data of timers */

    ngx_queue_t                        waiting;   /* not started yet */
    ngx_queue_t                        polls;     /* the same, polls */
    ngx_queue_t                        active;    /* in the multi handle */
    ngx_queue_t                        delayed;   /* waiting for a retry */
    ngx_queue_t                        sockets;   /* watched by nginx */
    ngx_uint_t                         nactive;   /* Frame.io's calls */

    ngx_msec_t                         backoff_until;
    ngx_uint_t                         backoff;   /* 429s in a row */

    u_char                            *token;
    size_t                             token_len;
    ngx_file_uniq_t                    token_uniq;
    time_t                             token_mtime;
    off_t                              token_size;
    ngx_uint_t                         token_logged;
} ngx_http_postflow_fio_t;


static int ngx_http_postflow_fio_socket_cb(CURL *easy, curl_socket_t s,
    int what, void *userp, void *socketp);
static int ngx_http_postflow_fio_timer_cb(CURLM *multi, long timeout_ms,
    void *userp);
static void ngx_http_postflow_fio_sock_close(
    ngx_http_postflow_fio_sock_t *sock, ngx_uint_t closed);
static void ngx_http_postflow_fio_io_handler(ngx_event_t *ev);
static void ngx_http_postflow_fio_resume(ngx_msec_int_t wait);
static void ngx_http_postflow_fio_timer_handler(ngx_event_t *ev);
static void ngx_http_postflow_fio_resume_handler(ngx_event_t *ev);
static void ngx_http_postflow_fio_retry_handler(ngx_event_t *ev);
static void ngx_http_postflow_fio_action(curl_socket_t s, int action);
static void ngx_http_postflow_fio_dispatch(void);
static ngx_http_postflow_fio_call_t *ngx_http_postflow_fio_call(
    ngx_str_t *url, ngx_http_postflow_fio_handler_pt handler, void *data);
static ngx_int_t ngx_http_postflow_fio_start(
    ngx_http_postflow_fio_call_t *call);
static ngx_int_t ngx_http_postflow_fio_start_push(
    ngx_http_postflow_fio_call_t *call);
static ngx_int_t ngx_http_postflow_fio_add(
    ngx_http_postflow_fio_call_t *call);
static void ngx_http_postflow_fio_done(ngx_http_postflow_fio_call_t *call,
    CURLcode code);
static ngx_http_postflow_fio_outcome_e ngx_http_postflow_fio_classify(
    ngx_http_postflow_fio_call_t *call, CURLcode code, long status);
static void ngx_http_postflow_fio_count(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome);
static void ngx_http_postflow_fio_rate(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome);
static ngx_msec_t ngx_http_postflow_fio_retry_delay(
    ngx_http_postflow_fio_call_t *call, ngx_http_postflow_fio_outcome_e o);
static void ngx_http_postflow_fio_finish(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome, ngx_uint_t status);
static void ngx_http_postflow_fio_free_all(ngx_queue_t *queue);
static void ngx_http_postflow_fio_free(ngx_http_postflow_fio_call_t *call);
static size_t ngx_http_postflow_fio_write_cb(char *ptr, size_t size,
    size_t nmemb, void *data);
static size_t ngx_http_postflow_fio_header_cb(char *ptr, size_t size,
    size_t nmemb, void *data);
static ngx_int_t ngx_http_postflow_fio_header_int(u_char *p, u_char *last,
    const char *name, size_t len, ngx_int_t *value);
static ngx_int_t ngx_http_postflow_fio_reload_token(ngx_uint_t force);
static ngx_int_t ngx_http_postflow_fio_read_token(ngx_str_t *path,
    ngx_log_t *log, u_char **token, size_t *len, ngx_file_info_t *fi);


static ngx_http_postflow_fio_t  ngx_http_postflow_fio;


/*
 * Per worker, from init_process: the multi handle and its callbacks.
 * The configuration outlives the worker, which never reloads in place.
 */

ngx_int_t
ngx_http_postflow_fio_init(ngx_cycle_t *cycle,
    ngx_http_postflow_fio_conf_t *conf)
{
    curl_version_info_data   *vi;
    ngx_http_postflow_fio_t  *fio;

    fio = &ngx_http_postflow_fio;

    if (fio->multi) {
        return NGX_OK;
    }

    ngx_memzero(fio, sizeof(ngx_http_postflow_fio_t));

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        ngx_log_error(NGX_LOG_ALERT, cycle->log, 0,
                      "postflow frameio: curl_global_init() failed");
        return NGX_ERROR;
    }

    fio->multi = curl_multi_init();

    ERR_clear_error();

    if (fio->multi == NULL) {
        ngx_log_error(NGX_LOG_ALERT, cycle->log, 0,
                      "postflow frameio: curl_multi_init() failed");
        curl_global_cleanup();
        return NGX_ERROR;
    }

    fio->log = cycle->log;
    fio->conf = conf;

    /* without a resolver thread, resolving the API's name would block */

    vi = curl_version_info(CURLVERSION_NOW);

    if (!(vi->features & CURL_VERSION_ASYNCHDNS)) {
        ngx_log_error(NGX_LOG_WARN, cycle->log, 0,
                      "postflow frameio: libcurl %s resolves names"
                      " synchronously: give postflow_frameio_api an IP"
                      " address, or use a libcurl with an asynchronous"
                      " resolver", vi->version);
    }

    ngx_queue_init(&fio->waiting);
    ngx_queue_init(&fio->polls);
    ngx_queue_init(&fio->active);
    ngx_queue_init(&fio->delayed);
    ngx_queue_init(&fio->sockets);

    /* timer events log the fd of their data: give them a connection */

    fio->dummy.fd = (ngx_socket_t) -1;

    fio->timer.handler = ngx_http_postflow_fio_timer_handler;
    fio->timer.data = &fio->dummy;
    fio->timer.log = fio->log;
    fio->timer.cancelable = 1;

    fio->resume.handler = ngx_http_postflow_fio_resume_handler;
    fio->resume.data = &fio->dummy;
    fio->resume.log = fio->log;
    fio->resume.cancelable = 1;

    curl_multi_setopt(fio->multi, CURLMOPT_SOCKETFUNCTION,
                      ngx_http_postflow_fio_socket_cb);
    curl_multi_setopt(fio->multi, CURLMOPT_SOCKETDATA, fio);
    curl_multi_setopt(fio->multi, CURLMOPT_TIMERFUNCTION,
                      ngx_http_postflow_fio_timer_cb);
    curl_multi_setopt(fio->multi, CURLMOPT_TIMERDATA, fio);
    curl_multi_setopt(fio->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      (long) (conf->concurrency
                              + NGX_HTTP_POSTFLOW_FIO_PUSH_MAX));

    /*
     * A token file that cannot be read now is tried again at each call.
     * Without a token the client only pushes notifications.
     */

    if (conf->token.len || conf->token_file.len) {
        (void) ngx_http_postflow_fio_reload_token(0);
    }

    return NGX_OK;
}


/*
 * Abandons every call: easy handles leave the multi handle before it is
 * cleaned up, the sockets curl still has are released from nginx, and no
 * caller is called back.
 */

void
ngx_http_postflow_fio_exit(void)
{
    ngx_queue_t                   *q;
    ngx_http_postflow_fio_t       *fio;
    ngx_http_postflow_fio_call_t  *call;
    ngx_http_postflow_fio_sock_t  *sock;

    fio = &ngx_http_postflow_fio;

    if (fio->multi == NULL) {
        return;
    }

    while (!ngx_queue_empty(&fio->active)) {
        q = ngx_queue_head(&fio->active);
        ngx_queue_remove(q);
        call = ngx_queue_data(q, ngx_http_postflow_fio_call_t, queue);

        curl_multi_remove_handle(fio->multi, call->easy);
        ngx_http_postflow_fio_free(call);
    }

    ngx_http_postflow_fio_free_all(&fio->waiting);
    ngx_http_postflow_fio_free_all(&fio->polls);
    ngx_http_postflow_fio_free_all(&fio->delayed);

    fio->nactive = 0;

    curl_multi_cleanup(fio->multi);
    fio->multi = NULL;

    ERR_clear_error();

    /* curl has closed them: nothing to tell the event module */

    while (!ngx_queue_empty(&fio->sockets)) {
        q = ngx_queue_head(&fio->sockets);
        sock = ngx_queue_data(q, ngx_http_postflow_fio_sock_t, queue);
        ngx_http_postflow_fio_sock_close(sock, 1);
    }

    if (fio->timer.timer_set) {
        ngx_del_timer(&fio->timer);
    }

    if (fio->resume.timer_set) {
        ngx_del_timer(&fio->resume);
    }

    if (fio->token) {
        ngx_free(fio->token);
        fio->token = NULL;
    }

    curl_global_cleanup();
}


/*
 * A GET of url, answered by handler(result, data) exactly once, unless
 * the worker exits first; a poll waits while calls webhooks asked for
 * do.  NGX_ERROR: nothing was started.
 */

ngx_int_t
ngx_http_postflow_fio_get(ngx_str_t *url, ngx_uint_t poll,
    ngx_http_postflow_poll_counters_t *counters,
    ngx_http_postflow_fio_handler_pt handler, void *data)
{
    ngx_http_postflow_fio_t       *fio;
    ngx_http_postflow_fio_call_t  *call;

    fio = &ngx_http_postflow_fio;

    call = ngx_http_postflow_fio_call(url, handler, data);
    if (call == NULL) {
        return NGX_ERROR;
    }

    call->counters = counters;
    call->poll = poll;

    ngx_queue_insert_tail(poll ? &fio->polls : &fio->waiting, &call->queue);

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, fio->log, 0,
                   "postflow frameio: GET %V queued", &call->url);

    ngx_http_postflow_fio_dispatch();

    return NGX_OK;
}


/*
 * A POST of body to url with headers (ngx_str_t, "Name: value"), started
 * at once and answered by handler(result, data) exactly once unless the
 * worker exits first.  The caller keeps the body and the headers until
 * then.  NGX_ERROR: nothing was started, and handler is not called.
 */

ngx_int_t
ngx_http_postflow_fio_post(ngx_str_t *url, ngx_str_t *body,
    ngx_array_t *headers, ngx_msec_t timeout,
    ngx_http_postflow_fio_handler_pt handler, void *data)
{
    ngx_http_postflow_fio_call_t  *call;

    call = ngx_http_postflow_fio_call(url, handler, data);
    if (call == NULL) {
        return NGX_ERROR;
    }

    call->post = *body;
    call->post_headers = headers;
    call->timeout = timeout;
    call->push = 1;

    if (ngx_http_postflow_fio_start(call) != NGX_OK) {
        call->handler = NULL;
        ngx_http_postflow_fio_free(call);
        return NGX_ERROR;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, call->pool->log, 0,
                   "postflow frameio: POST %V started", &call->url);

    return NGX_OK;
}


/* a call in a pool of its own, its URL a C string curl can take */

static ngx_http_postflow_fio_call_t *
ngx_http_postflow_fio_call(ngx_str_t *url,
    ngx_http_postflow_fio_handler_pt handler, void *data)
{
    ngx_pool_t                    *pool;
    ngx_http_postflow_fio_t       *fio;
    ngx_http_postflow_fio_call_t  *call;

    fio = &ngx_http_postflow_fio;

    if (fio->multi == NULL) {
        return NULL;
    }

    pool = ngx_create_pool(1024, fio->log);
    if (pool == NULL) {
        return NULL;
    }

    call = ngx_pcalloc(pool, sizeof(ngx_http_postflow_fio_call_t));
    if (call == NULL) {
        ngx_destroy_pool(pool);
        return NULL;
    }

    call->url.data = ngx_pnalloc(pool, url->len + 1);
    if (call->url.data == NULL) {
        ngx_destroy_pool(pool);
        return NULL;
    }

    ngx_memcpy(call->url.data, url->data, url->len);
    call->url.data[url->len] = '\0';
    call->url.len = url->len;

    call->pool = pool;
    call->handler = handler;
    call->data = data;

    call->retry.handler = ngx_http_postflow_fio_retry_handler;
    call->retry.data = &fio->dummy;
    call->retry.log = fio->log;
    call->retry.cancelable = 1;

    return call;
}


/* curl's socket callback: which events of a socket to watch */

static int
ngx_http_postflow_fio_socket_cb(CURL *easy, curl_socket_t s, int what,
    void *userp, void *socketp)
{
    ngx_http_postflow_fio_t *fio = userp;

    ngx_connection_t              *c;
    ngx_http_postflow_fio_sock_t  *sock;

    sock = socketp;

    if (what == CURL_POLL_REMOVE) {
        if (sock) {
            curl_multi_assign(fio->multi, s, NULL);
            ngx_http_postflow_fio_sock_close(sock, 0);
        }

        return 0;
    }

    if (sock == NULL) {
        sock = ngx_alloc(sizeof(ngx_http_postflow_fio_sock_t), fio->log);
        if (sock == NULL) {
            return 0;
        }

        /*
         * Without a connection the socket is not watched and the call
         * ends by its timeout: curl aborts every transfer of the multi
         * handle if this callback fails.
         */

        c = ngx_get_connection(s, fio->log);
        if (c == NULL) {
            ngx_free(sock);
            return 0;
        }

        c->read->handler = ngx_http_postflow_fio_io_handler;
        c->write->handler = ngx_http_postflow_fio_io_handler;
        c->read->log = fio->log;
        c->write->log = fio->log;
        c->data = sock;

        sock->connection = c;
        ngx_queue_insert_tail(&fio->sockets, &sock->queue);

        curl_multi_assign(fio->multi, s, sock);
    }

    c = sock->connection;

    /* level-triggered: curl may leave data to read after its turn */

    if ((what & CURL_POLL_IN) && !c->read->active) {
        if (ngx_add_event(c->read, NGX_READ_EVENT, NGX_LEVEL_EVENT)
            != NGX_OK)
        {
            return 0;
        }

    } else if (!(what & CURL_POLL_IN) && c->read->active) {
        (void) ngx_del_event(c->read, NGX_READ_EVENT, 0);
    }

    if ((what & CURL_POLL_OUT) && !c->write->active) {
        if (ngx_add_event(c->write, NGX_WRITE_EVENT, NGX_LEVEL_EVENT)
            != NGX_OK)
        {
            return 0;
        }

    } else if (!(what & CURL_POLL_OUT) && c->write->active) {
        (void) ngx_del_event(c->write, NGX_WRITE_EVENT, 0);
    }

    return 0;
}


/*
 * Releases the nginx connection of a socket curl no longer wants
 * watched; curl closes the socket itself.  "closed": it already did.
 */

static void
ngx_http_postflow_fio_sock_close(ngx_http_postflow_fio_sock_t *sock,
    ngx_uint_t closed)
{
    ngx_http_postflow_socket_release(sock->connection, closed);

    ngx_queue_remove(&sock->queue);
    ngx_free(sock);
}


/* curl's timer callback: -1 deletes the timer, 0 means "at once" */

static int
ngx_http_postflow_fio_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    ngx_http_postflow_fio_t *fio = userp;

    /* ngx_add_timer() would keep a timer less than 300 ms later */

    if (fio->timer.timer_set) {
        ngx_del_timer(&fio->timer);
    }

    if (timeout_ms >= 0) {
        ngx_add_timer(&fio->timer, (ngx_msec_t) timeout_ms);
    }

    return 0;
}


static void
ngx_http_postflow_fio_io_handler(ngx_event_t *ev)
{
    ngx_connection_t  *c;

    c = ev->data;

    /* the connection may be freed by curl's callbacks: c->fd first */

    ngx_http_postflow_fio_action(c->fd, ev->write ? CURL_CSELECT_OUT
                                                  : CURL_CSELECT_IN);
}


static void
ngx_http_postflow_fio_timer_handler(ngx_event_t *ev)
{
    ngx_http_postflow_fio_action(CURL_SOCKET_TIMEOUT, 0);
}


/*
 * Lets curl work on a socket (or on its timeouts), then completes the
 * transfers it finished.  Completions run after curl returned: a
 * caller's handler may start new calls.
 */

static void
ngx_http_postflow_fio_action(curl_socket_t s, int action)
{
    int                            running, left;
    CURL                          *easy;
    CURLMsg                       *msg;
    CURLcode                       code;
    CURLMcode                      rc;
    ngx_queue_t                    done, *q;
    ngx_http_postflow_fio_t       *fio;
    ngx_http_postflow_fio_call_t  *call;

    fio = &ngx_http_postflow_fio;

    if (fio->multi == NULL) {
        return;
    }

    rc = curl_multi_socket_action(fio->multi, s, action, &running);

    ERR_clear_error();

    if (rc != CURLM_OK) {
        ngx_log_error(NGX_LOG_ALERT, fio->log, 0,
                      "postflow frameio: curl_multi_socket_action()"
                      " failed: %s", curl_multi_strerror(rc));
    }

    ngx_queue_init(&done);

    while ((msg = curl_multi_info_read(fio->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) {
            continue;
        }

        easy = msg->easy_handle;
        code = msg->data.result;

        call = NULL;
        (void) curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **) &call);

        curl_multi_remove_handle(fio->multi, easy);
        ERR_clear_error();

        if (call == NULL) {
            continue;
        }

        call->code = code;

        ngx_queue_remove(&call->queue);
        ngx_queue_insert_tail(&done, &call->queue);

        if (!call->push) {
            fio->nactive--;
        }
    }

    while (!ngx_queue_empty(&done)) {
        q = ngx_queue_head(&done);
        call = ngx_queue_data(q, ngx_http_postflow_fio_call_t, queue);
        ngx_queue_remove(q);

        ngx_http_postflow_fio_done(call, call->code);
    }

    ngx_http_postflow_fio_dispatch();
}


/*
 * Starts waiting calls, webhooks' first, while the cap, the back-off
 * and the budget allow.
 */

static void
ngx_http_postflow_fio_dispatch(void)
{
    ngx_queue_t                   *q, *queue;
    ngx_msec_int_t                 wait;
    ngx_http_postflow_fio_t       *fio;
    ngx_http_postflow_fio_call_t  *call;

    fio = &ngx_http_postflow_fio;

    while (fio->nactive < fio->conf->concurrency) {

        queue = !ngx_queue_empty(&fio->waiting) ? &fio->waiting
                : !ngx_queue_empty(&fio->polls) ? &fio->polls : NULL;

        if (queue == NULL) {
            return;
        }

        wait = (ngx_msec_int_t) (fio->backoff_until - ngx_current_msec);

        if (fio->backoff_until && wait > 0) {
            ngx_http_postflow_fio_resume(wait);
            return;
        }

        fio->backoff_until = 0;

        wait = (ngx_msec_int_t) ngx_http_postflow_budget_take(fio->conf,
                                                  queue == &fio->polls);
        if (wait) {
            ngx_http_postflow_fio_resume(wait);
            return;
        }

        q = ngx_queue_head(queue);
        call = ngx_queue_data(q, ngx_http_postflow_fio_call_t, queue);
        ngx_queue_remove(q);

        if (ngx_http_postflow_fio_start(call) != NGX_OK) {
            ngx_http_postflow_fio_finish(call, NGX_HTTP_POSTFLOW_FIO_ERROR,
                                         0);
        }
    }
}


/* dispatch() again in wait ms, or sooner if it was to be sooner */

static void
ngx_http_postflow_fio_resume(ngx_msec_int_t wait)
{
    ngx_http_postflow_fio_t  *fio;

    fio = &ngx_http_postflow_fio;

    if (fio->resume.timer_set
        && (ngx_msec_int_t) (fio->resume.timer.key - ngx_current_msec)
           <= wait)
    {
        return;
    }

    ngx_add_timer(&fio->resume, (ngx_msec_t) wait);
}


static void
ngx_http_postflow_fio_resume_handler(ngx_event_t *ev)
{
    ngx_http_postflow_fio_dispatch();
}


static void
ngx_http_postflow_fio_retry_handler(ngx_event_t *ev)
{
    ngx_http_postflow_fio_call_t  *call;

    /* ev->data is the timers' dummy connection: the call embeds ev */

    call = (ngx_http_postflow_fio_call_t *)
               ((u_char *) ev - offsetof(ngx_http_postflow_fio_call_t, retry));

    ngx_queue_remove(&call->queue);
    ngx_queue_insert_head(call->poll ? &ngx_http_postflow_fio.polls
                                     : &ngx_http_postflow_fio.waiting,
                          &call->queue);

    ngx_http_postflow_fio_dispatch();
}


/* one attempt: an easy handle set up for the call, in the multi handle */

static ngx_int_t
ngx_http_postflow_fio_start(ngx_http_postflow_fio_call_t *call)
{
    u_char                            *auth;
    size_t                             len;
    struct curl_slist                 *h;
    ngx_http_postflow_fio_t           *fio;
    ngx_http_postflow_fio_conf_t      *conf;

    fio = &ngx_http_postflow_fio;
    conf = fio->conf;

    /* NGX_DONE: a new token was read, fine */

    if (!call->push && ngx_http_postflow_fio_reload_token(0) == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (call->easy == NULL) {
        call->easy = curl_easy_init();
        if (call->easy == NULL) {
            return NGX_ERROR;
        }
    }

    if (call->headers) {
        curl_slist_free_all(call->headers);
        call->headers = NULL;
    }

    if (call->push) {
        return ngx_http_postflow_fio_start_push(call);
    }

    len = sizeof("Authorization: Bearer ") + fio->token_len;

    auth = ngx_pnalloc(call->pool, len);
    if (auth == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(auth, "Authorization: Bearer %*s%Z", fio->token_len,
                fio->token);

    h = curl_slist_append(NULL, (char *) auth);
    if (h == NULL) {
        return NGX_ERROR;
    }

    call->headers = h;

    h = curl_slist_append(h, "Accept: application/json");
    if (h == NULL) {
        return NGX_ERROR;
    }

    call->timeout = conf->timeout;

    return ngx_http_postflow_fio_add(call);
}


/* a push's headers and body; no token, and no compression asked for */

static ngx_int_t
ngx_http_postflow_fio_start_push(ngx_http_postflow_fio_call_t *call)
{
    u_char             *p;
    ngx_str_t          *hv;
    ngx_uint_t          i;
    struct curl_slist  *h;

    hv = call->post_headers ? call->post_headers->elts : NULL;
    h = NULL;

    for (i = 0; hv && i < call->post_headers->nelts; i++) {
        p = ngx_pnalloc(call->pool, hv[i].len + 1);
        if (p == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(p, hv[i].data, hv[i].len);
        p[hv[i].len] = '\0';

        h = curl_slist_append(h, (char *) p);
        if (h == NULL) {
            return NGX_ERROR;
        }

        call->headers = h;
    }

    /* no "Expect: 100-continue" wait before the body */

    h = curl_slist_append(h, "Expect:");
    if (h == NULL) {
        return NGX_ERROR;
    }

    call->headers = h;

    curl_easy_setopt(call->easy, CURLOPT_POST, 1L);
    curl_easy_setopt(call->easy, CURLOPT_POSTFIELDS,
                     (char *) call->post.data);
    curl_easy_setopt(call->easy, CURLOPT_POSTFIELDSIZE,
                     (long) call->post.len);

    return ngx_http_postflow_fio_add(call);
}


/* the options every call has, and the call in the multi handle */

static ngx_int_t
ngx_http_postflow_fio_add(ngx_http_postflow_fio_call_t *call)
{
    CURLMcode                          rc;
    ngx_http_postflow_fio_t           *fio;
    ngx_http_postflow_fio_conf_t      *conf;

    fio = &ngx_http_postflow_fio;
    conf = fio->conf;

    call->body_len = 0;
    call->too_large = 0;
    call->final = 0;
    call->limit = -1;
    call->remaining = -1;
    call->window = -1;
    call->retry_after = -1;
    call->total_pages = -1;
    call->page_number = -1;
    call->error[0] = '\0';
    call->attempts++;

    curl_easy_setopt(call->easy, CURLOPT_URL, (char *) call->url.data);
    curl_easy_setopt(call->easy, CURLOPT_PRIVATE, (char *) call);
    curl_easy_setopt(call->easy, CURLOPT_HTTPHEADER, call->headers);
    curl_easy_setopt(call->easy, CURLOPT_WRITEFUNCTION,
                     ngx_http_postflow_fio_write_cb);
    curl_easy_setopt(call->easy, CURLOPT_WRITEDATA, call);
    curl_easy_setopt(call->easy, CURLOPT_HEADERFUNCTION,
                     ngx_http_postflow_fio_header_cb);
    curl_easy_setopt(call->easy, CURLOPT_HEADERDATA, call);
    curl_easy_setopt(call->easy, CURLOPT_ERRORBUFFER, call->error);
    curl_easy_setopt(call->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(call->easy, CURLOPT_TIMEOUT_MS, (long) call->timeout);
    curl_easy_setopt(call->easy, CURLOPT_CONNECTTIMEOUT_MS,
                     (long) call->timeout);
    curl_easy_setopt(call->easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(call->easy, CURLOPT_USERAGENT, "ngx_postflow");
    curl_easy_setopt(call->easy, CURLOPT_ACCEPT_ENCODING,
                     call->push ? NULL : "");
    curl_easy_setopt(call->easy, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t) conf->max_response);
    curl_easy_setopt(call->easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(call->easy, CURLOPT_SSL_VERIFYHOST, 2L);

#if (LIBCURL_VERSION_NUM >= 0x075500)
    curl_easy_setopt(call->easy, CURLOPT_PROTOCOLS_STR, "http,https");
#endif

    if (conf->ca_file.len) {
        curl_easy_setopt(call->easy, CURLOPT_CAINFO,
                         (char *) conf->ca_file.data);
    }

    rc = curl_multi_add_handle(fio->multi, call->easy);

    ERR_clear_error();

    if (rc != CURLM_OK) {
        ngx_log_error(NGX_LOG_ALERT, fio->log, 0,
                      "postflow frameio: curl_multi_add_handle() failed:"
                      " %s", curl_multi_strerror(rc));
        return NGX_ERROR;
    }

    ngx_queue_insert_tail(&fio->active, &call->queue);

    if (!call->push) {
        fio->nactive++;
    }

    return NGX_OK;
}


/* an attempt ended: count it, back off, try again or answer */

static void
ngx_http_postflow_fio_done(ngx_http_postflow_fio_call_t *call,
    CURLcode code)
{
    long                              status;
    ngx_msec_t                        delay;
    ngx_http_postflow_fio_t          *fio;
    ngx_http_postflow_fio_outcome_e   outcome;

    fio = &ngx_http_postflow_fio;

    status = 0;

    if (code == CURLE_OK) {
        (void) curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE,
                                 &status);
    }

    outcome = ngx_http_postflow_fio_classify(call, code, status);

    /* a push's rate limits and retries are its sender's */

    if (call->push) {
        ngx_http_postflow_fio_finish(call, outcome, status);
        return;
    }

    ngx_http_postflow_fio_count(call, outcome);
    ngx_http_postflow_fio_rate(call, outcome);
    ngx_http_postflow_budget_learn(fio->conf, call->limit, call->window,
                                   fio->log);

    ngx_log_debug4(NGX_LOG_DEBUG_HTTP, fio->log, 0,
                   "postflow frameio: GET %V: %l, outcome %d, attempt %ui",
                   &call->url, status, outcome, call->attempts);

    /* a token refreshed by the operator: one more try at once */

    if (status == 401 && !call->token_retried
        && fio->conf->token_file.len
        && ngx_http_postflow_fio_reload_token(1) == NGX_DONE)
    {
        call->token_retried = 1;
        ngx_queue_insert_head(call->poll ? &fio->polls : &fio->waiting,
                              &call->queue);
        return;
    }

    delay = ngx_http_postflow_fio_retry_delay(call, outcome);

    if (delay == 0) {
        ngx_http_postflow_fio_finish(call, outcome, status);
        return;
    }

    if (call->counters) {
        (void) ngx_atomic_fetch_add(&call->counters->retries, 1);
    }

    ngx_queue_insert_tail(&fio->delayed, &call->queue);
    ngx_add_timer(&call->retry, delay);
}


static ngx_http_postflow_fio_outcome_e
ngx_http_postflow_fio_classify(ngx_http_postflow_fio_call_t *call,
    CURLcode code, long status)
{
    ngx_uint_t                level;
    ngx_http_postflow_fio_t  *fio;

    fio = &ngx_http_postflow_fio;

    switch (code) {

    case CURLE_OK:
        break;

    case CURLE_OPERATION_TIMEDOUT:
        ngx_log_error(NGX_LOG_WARN, fio->log, 0,
                      "postflow frameio: %s %V timed out: %s",
                      call->push ? "POST" : "GET", &call->url, call->error);
        return NGX_HTTP_POSTFLOW_FIO_TIMEOUT;

    default:

        /* refused by its Content-Length, or while it was read */

        if (code == CURLE_FILESIZE_EXCEEDED) {
            call->too_large = 1;
        }

        call->final = call->too_large;

        ngx_log_error(NGX_LOG_WARN, fio->log, 0,
                      "postflow frameio: %s %V failed: %s",
                      call->push ? "POST" : "GET", &call->url,
                      call->too_large ? "the response is larger than"
                                        " postflow_frameio_max_response"
                      : call->error[0] ? call->error
                                       : curl_easy_strerror(code));
        return NGX_HTTP_POSTFLOW_FIO_ERROR;
    }

    if (status >= 200 && status < 300) {
        return NGX_HTTP_POSTFLOW_FIO_OK;
    }

    /* a resource deleted since its event is no trouble */

    level = (status == 404) ? NGX_LOG_INFO : NGX_LOG_WARN;

    ngx_log_error(level, fio->log, 0,
                  "postflow frameio: %s %V answered %l",
                  call->push ? "POST" : "GET", &call->url, status);

    if (status == 429) {
        return NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED;
    }

    if (status >= 500) {
        return NGX_HTTP_POSTFLOW_FIO_5XX;
    }

    if (status >= 400) {
        return NGX_HTTP_POSTFLOW_FIO_4XX;
    }

    /*
     * A redirection is not followed (the token would go with it): an
     * error, but an answer, that trying again would only get again.
     */

    call->final = 1;

    return NGX_HTTP_POSTFLOW_FIO_ERROR;
}


static void
ngx_http_postflow_fio_count(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome)
{
    ngx_atomic_t                       *n;
    ngx_http_postflow_poll_counters_t  *c;

    c = call->counters;

    if (c == NULL) {
        return;
    }

    switch (outcome) {

    case NGX_HTTP_POSTFLOW_FIO_OK:
        n = &c->api_ok;
        break;

    case NGX_HTTP_POSTFLOW_FIO_4XX:
        n = &c->api_4xx;
        break;

    case NGX_HTTP_POSTFLOW_FIO_5XX:
        n = &c->api_5xx;
        break;

    case NGX_HTTP_POSTFLOW_FIO_TIMEOUT:
        n = &c->api_timeout;
        break;

    case NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED:
        n = &c->api_rate_limited;
        break;

    default:
        n = &c->api_error;
        break;
    }

    (void) ngx_atomic_fetch_add(n, 1);
}


/*
 * Rate limits hold back every call of the worker: a 429 for
 * Retry-After seconds, the window, or an exponential step; an answer
 * whose x-ratelimit-remaining is 0 until its x-ratelimit-window (in
 * milliseconds) has passed.
 */

static void
ngx_http_postflow_fio_rate(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome)
{
    ngx_msec_t                wait, step;
    ngx_http_postflow_fio_t  *fio;

    fio = &ngx_http_postflow_fio;
    wait = 0;

    if (outcome == NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED) {
        step = 1000 << ngx_min(fio->backoff, 6);
        fio->backoff++;

        if (call->retry_after >= 0) {
            wait = (ngx_msec_t) call->retry_after * 1000;

        } else if (call->remaining == 0 && call->window > 0) {
            wait = (ngx_msec_t) call->window;

        } else {
            wait = step;
        }

    } else if (outcome != NGX_HTTP_POSTFLOW_FIO_ERROR
               && outcome != NGX_HTTP_POSTFLOW_FIO_TIMEOUT)
    {
        fio->backoff = 0;

        if (call->remaining == 0) {
            wait = (call->window > 0) ? (ngx_msec_t) call->window : 1000;
        }
    }

    if (wait == 0) {
        return;
    }

    wait = ngx_min(wait, NGX_HTTP_POSTFLOW_FIO_BACKOFF_MAX);

    if (fio->backoff_until == 0
        || (ngx_msec_int_t) (ngx_current_msec + wait - fio->backoff_until)
           > 0)
    {
        fio->backoff_until = ngx_current_msec + wait;

        /* 0 means "no back-off" */
        if (fio->backoff_until == 0) {
            fio->backoff_until = 1;
        }
    }

    ngx_log_error(NGX_LOG_WARN, fio->log, 0,
                  (outcome == NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED)
                  ? "postflow frameio: rate limited, calls wait %M ms"
                  : "postflow frameio: x-ratelimit-remaining is 0,"
                    " calls wait %M ms", wait);
}


/* 0: no retry; else the delay before the next attempt */

static ngx_msec_t
ngx_http_postflow_fio_retry_delay(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome)
{
    ngx_msec_t                delay;
    ngx_http_postflow_fio_t  *fio;

    fio = &ngx_http_postflow_fio;

    if (ngx_exiting || ngx_quit || ngx_terminate) {
        return 0;
    }

    switch (outcome) {

    case NGX_HTTP_POSTFLOW_FIO_5XX:
    case NGX_HTTP_POSTFLOW_FIO_TIMEOUT:
    case NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED:
        break;

    case NGX_HTTP_POSTFLOW_FIO_ERROR:
        if (call->final) {
            return 0;
        }

        break;

    default:
        return 0;
    }

    if (call->attempts > fio->conf->retries) {
        return 0;
    }

    /* the back-off of a 429 already holds the call: just queue it */

    if (outcome == NGX_HTTP_POSTFLOW_FIO_RATE_LIMITED) {
        return 1;
    }

    /* base * 2^(n-1), then a random half to full of it */

    delay = NGX_HTTP_POSTFLOW_FIO_RETRY_BASE << ngx_min(call->attempts - 1,
                                                        6);
    delay = ngx_min(delay, NGX_HTTP_POSTFLOW_FIO_RETRY_MAX);
    delay = delay / 2 + (ngx_msec_t) ngx_random() % (delay / 2 + 1);

    /* Frame.io asks for 30 s at least after a 5xx */

    if (outcome == NGX_HTTP_POSTFLOW_FIO_5XX) {
        delay = ngx_max(delay, fio->conf->retry_5xx);
    }

    return delay;
}


static void
ngx_http_postflow_fio_finish(ngx_http_postflow_fio_call_t *call,
    ngx_http_postflow_fio_outcome_e outcome, ngx_uint_t status)
{
    ngx_http_postflow_fio_result_t  res;

    res.outcome = outcome;
    res.status = status;
    res.body.data = call->body ? call->body : (u_char *) "";
    res.body.len = call->body_len;
    res.total_pages = call->total_pages;
    res.page_number = call->page_number;
    res.url = call->url;

    call->handler(&res, call->data);

    ngx_http_postflow_fio_free(call);
}


static void
ngx_http_postflow_fio_free_all(ngx_queue_t *queue)
{
    ngx_queue_t  *q;

    while (!ngx_queue_empty(queue)) {
        q = ngx_queue_head(queue);
        ngx_queue_remove(q);
        ngx_http_postflow_fio_free(
                     ngx_queue_data(q, ngx_http_postflow_fio_call_t, queue));
    }
}


/* a call that is in no queue any more */

static void
ngx_http_postflow_fio_free(ngx_http_postflow_fio_call_t *call)
{
    if (call->retry.timer_set) {
        ngx_del_timer(&call->retry);
    }

    if (call->easy) {
        curl_easy_cleanup(call->easy);
        ERR_clear_error();
    }

    if (call->headers) {
        curl_slist_free_all(call->headers);
    }

    if (call->body) {
        ngx_free(call->body);
    }

    ngx_destroy_pool(call->pool);
}


static size_t
ngx_http_postflow_fio_write_cb(char *ptr, size_t size, size_t nmemb,
    void *data)
{
    ngx_http_postflow_fio_call_t *call = data;

    u_char                   *body;
    size_t                    len, need, cap;
    ngx_http_postflow_fio_t  *fio;

    fio = &ngx_http_postflow_fio;
    len = size * nmemb;
    need = call->body_len + len;

    if (need > fio->conf->max_response) {
        call->too_large = 1;
        return 0;
    }

    if (need > call->body_size) {
        cap = call->body_size ? call->body_size
                              : NGX_HTTP_POSTFLOW_FIO_BODY_START;

        while (cap < need) {
            cap *= 2;
        }

        cap = ngx_min(cap, fio->conf->max_response);

        body = ngx_alloc(cap, fio->log);
        if (body == NULL) {
            return 0;
        }

        if (call->body) {
            ngx_memcpy(body, call->body, call->body_len);
            ngx_free(call->body);
        }

        call->body = body;
        call->body_size = cap;
    }

    ngx_memcpy(call->body + call->body_len, ptr, len);
    call->body_len += len;

    return len;
}


/*
 * Response headers, one line per call: the rate limit ones on every
 * Frame.io answer, and the legacy API's pagination.
 */

static size_t
ngx_http_postflow_fio_header_cb(char *ptr, size_t size, size_t nmemb,
    void *data)
{
    ngx_http_postflow_fio_call_t *call = data;

    u_char  *p, *last;
    size_t   len;

    len = size * nmemb;
    p = (u_char *) ptr;
    last = p + len;

    /* a new response (after a 100 Continue, say): start over */

    if (len > 5 && ngx_strncmp(p, "HTTP/", 5) == 0) {
        call->limit = -1;
        call->remaining = -1;
        call->window = -1;
        call->retry_after = -1;
        call->total_pages = -1;
        call->page_number = -1;
        return len;
    }

    if (ngx_http_postflow_fio_header_int(p, last, "x-ratelimit-remaining",
                            sizeof("x-ratelimit-remaining") - 1,
                            &call->remaining) == NGX_OK
        || ngx_http_postflow_fio_header_int(p, last, "x-ratelimit-limit",
                            sizeof("x-ratelimit-limit") - 1,
                            &call->limit) == NGX_OK
        || ngx_http_postflow_fio_header_int(p, last, "x-ratelimit-window",
                            sizeof("x-ratelimit-window") - 1,
                            &call->window) == NGX_OK
        || ngx_http_postflow_fio_header_int(p, last, "retry-after",
                            sizeof("retry-after") - 1,
                            &call->retry_after) == NGX_OK
        || ngx_http_postflow_fio_header_int(p, last, "total-pages",
                            sizeof("total-pages") - 1,
                            &call->total_pages) == NGX_OK)
    {
        return len;
    }

    (void) ngx_http_postflow_fio_header_int(p, last, "page-number",
                                            sizeof("page-number") - 1,
                                            &call->page_number);

    return len;
}


/* "Name: 123\r\n": NGX_OK and the value if the line is this header */

static ngx_int_t
ngx_http_postflow_fio_header_int(u_char *p, u_char *last, const char *name,
    size_t len, ngx_int_t *value)
{
    u_char     *v;
    ngx_int_t   n;

    if ((size_t) (last - p) <= len || p[len] != ':'
        || ngx_strncasecmp(p, (u_char *) name, len) != 0)
    {
        return NGX_DECLINED;
    }

    for (v = p + len + 1; v < last && (*v == ' ' || *v == '\t'); v++) {
        /* void */
    }

    while (last > v && (last[-1] == CR || last[-1] == LF
                        || last[-1] == ' ' || last[-1] == '\t'))
    {
        last--;
    }

    /* a Retry-After given as a date is not a number: ignored */

    n = ngx_atoi(v, last - v);

    if (n != NGX_ERROR) {
        *value = n;
    }

    return NGX_OK;
}


/*
 * The bearer token: the literal one, or the file's content, read again
 * whenever the file changed (inode, size or mtime), or when "force"d
 * after a 401.  NGX_DONE: a forced read found another token.
 */

static ngx_int_t
ngx_http_postflow_fio_reload_token(ngx_uint_t force)
{
    u_char                            *token;
    size_t                             len;
    ngx_file_info_t                    fi;
    ngx_http_postflow_fio_t           *fio;
    ngx_http_postflow_fio_conf_t      *conf;

    fio = &ngx_http_postflow_fio;
    conf = fio->conf;

    if (conf->token_file.len == 0) {
        fio->token_len = conf->token.len;

        if (fio->token == NULL) {
            fio->token = ngx_alloc(conf->token.len + 1, fio->log);
            if (fio->token == NULL) {
                return NGX_ERROR;
            }

            ngx_memcpy(fio->token, conf->token.data, conf->token.len);
        }

        return NGX_OK;
    }

    if (ngx_file_info(conf->token_file.data, &fi) == NGX_FILE_ERROR) {
        if (!fio->token_logged) {
            ngx_log_error(NGX_LOG_ERR, fio->log, ngx_errno,
                          "postflow_frameio_token: "
                          ngx_file_info_n " \"%V\" failed",
                          &conf->token_file);
            fio->token_logged = 1;
        }

        return fio->token ? NGX_OK : NGX_ERROR;
    }

    if (!force && fio->token
        && ngx_file_uniq(&fi) == fio->token_uniq
        && ngx_file_mtime(&fi) == fio->token_mtime
        && ngx_file_size(&fi) == fio->token_size)
    {
        return NGX_OK;
    }

    if (ngx_http_postflow_fio_read_token(&conf->token_file, fio->log,
                                         &token, &len, &fi)
        != NGX_OK)
    {
        fio->token_logged = 1;
        return fio->token ? NGX_OK : NGX_ERROR;
    }

    fio->token_uniq = ngx_file_uniq(&fi);
    fio->token_mtime = ngx_file_mtime(&fi);
    fio->token_size = ngx_file_size(&fi);
    fio->token_logged = 0;

    if (fio->token && len == fio->token_len
        && ngx_memcmp(token, fio->token, len) == 0)
    {
        ngx_free(token);
        return NGX_OK;
    }

    if (fio->token) {
        ngx_log_error(NGX_LOG_NOTICE, fio->log, 0,
                      "postflow frameio: token re-read from \"%V\"",
                      &conf->token_file);
        ngx_free(fio->token);
    }

    fio->token = token;
    fio->token_len = len;

    return NGX_DONE;
}


/* the token alone, surrounding white space and line breaks ignored */

static ngx_int_t
ngx_http_postflow_fio_read_token(ngx_str_t *path, ngx_log_t *log,
    u_char **token, size_t *len, ngx_file_info_t *fi)
{
    u_char    *buf, *p, *last;
    ssize_t    n;
    ngx_fd_t   fd;

    fd = ngx_open_file(path->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                      "postflow_frameio_token: "
                      ngx_open_file_n " \"%V\" failed", path);
        return NGX_ERROR;
    }

    if (ngx_fd_info(fd, fi) == NGX_FILE_ERROR
        || ngx_file_size(fi) > NGX_HTTP_POSTFLOW_FIO_TOKEN_MAX)
    {
        ngx_log_error(NGX_LOG_ERR, log, 0,
                      "postflow_frameio_token: \"%V\" is not a readable"
                      " file of at most %d bytes", path,
                      NGX_HTTP_POSTFLOW_FIO_TOKEN_MAX);
        ngx_close_file(fd);
        return NGX_ERROR;
    }

    buf = ngx_alloc(ngx_file_size(fi) + 1, log);
    if (buf == NULL) {
        ngx_close_file(fd);
        return NGX_ERROR;
    }

    n = ngx_read_fd(fd, buf, ngx_file_size(fi));
    ngx_close_file(fd);

    if (n == -1) {
        ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                      "postflow_frameio_token: "
                      ngx_read_fd_n " \"%V\" failed", path);
        ngx_free(buf);
        return NGX_ERROR;
    }

    p = buf;
    last = buf + n;

    while (p < last && (*p == ' ' || *p == '\t' || *p == CR || *p == LF)) {
        p++;
    }

    while (last > p && (last[-1] == ' ' || last[-1] == '\t'
                        || last[-1] == CR || last[-1] == LF))
    {
        last--;
    }

    if (p == last || ngx_strlchr(p, last, LF) || ngx_strlchr(p, last, CR)) {
        ngx_log_error(NGX_LOG_ERR, log, 0,
                      "postflow_frameio_token: \"%V\" must hold one token"
                      " on one line", path);
        ngx_free(buf);
        return NGX_ERROR;
    }

    *len = last - p;
    ngx_memmove(buf, p, *len);
    *token = buf;

    return NGX_OK;
}


/*
 * Checks a token file at configuration time, with the error nginx -t
 * shows.
 */

ngx_int_t
ngx_http_postflow_fio_check_token_file(ngx_conf_t *cf, ngx_str_t *path)
{
    u_char           *token;
    size_t            len;
    ngx_file_info_t   fi;

    if (ngx_http_postflow_fio_read_token(path, cf->log, &token, &len, &fi)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_free(token);

    return NGX_OK;
}
