
/*
 * Push notifications: postflow_notify's configuration and the sender.
 *
 * The sender runs in one worker at a time per zone (a lease in the
 * zone, as the poller's), on a cancelable timer.  It sends the oldest
 * notification of each target, and that target's next one only once
 * the first is delivered or given up, so that a target sees the changes
 * in their order.  The POSTs go through the Frame.io client's libcurl
 * multi handle (outside Frame.io's call budget), at most
 * NGX_HTTP_POSTFLOW_FIO_PUSH_MAX at once, each within
 * NGX_HTTP_POSTFLOW_NOTIFY_TIMEOUT.
 *
 * 2xx: delivered.  4xx but 429: given up at once, the receiver refuses
 * it.  Anything else (5xx, 429, a timeout, a network error): tried again
 * after a jittered delay, 1 s doubling up to 5 min, until the
 * notification is postflow_notify_retry old.  A notification is
 * removed from the outbox only once delivered or given up, so a worker
 * that dies, or a restart, sends it again: at least once.
 */


#include "ngx_http_postflow_notify.h"
#include "ngx_http_postflow_json.h"
#include "ngx_http_postflow_module.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>


#define NGX_HTTP_POSTFLOW_NOTIFY_TIMEOUT    10000   /* ms, per attempt */
#define NGX_HTTP_POSTFLOW_NOTIFY_DELAY_MAX  300000  /* ms, between tries */
#define NGX_HTTP_POSTFLOW_NOTIFY_LEASE_TTL  10      /* s */
#define NGX_HTTP_POSTFLOW_NOTIFY_TICK       25      /* ms, lease holder */
#define NGX_HTTP_POSTFLOW_NOTIFY_TICK_IDLE  1000    /* ms, other workers */


/* a zone as this worker's sender sees it */
typedef struct {
    ngx_http_postflow_zone_t          *zone;
    ngx_uint_t                         leased;
    ngx_uint_t                         dropped;   /* logged so far */
    uint64_t                           busy[NGX_HTTP_POSTFLOW_TARGETS_MAX];
} ngx_http_postflow_nzone_t;


typedef struct {
    ngx_http_postflow_notify_conf_t   *conf;
    ngx_log_t                         *log;
    ngx_event_t                        tick;
    ngx_connection_t                   dummy;
    ngx_http_postflow_nzone_t         *zones;
    ngx_uint_t                         nzones;
    ngx_uint_t                         inflight;
    ngx_uint_t                         running;
    uint32_t                           hashes[NGX_HTTP_POSTFLOW_TARGETS_MAX];
} ngx_http_postflow_notifier_t;


typedef struct {
    const char                        *name;
    const char                        *type;
    const char                        *help;
    size_t                             offset;    /* in target_sh_t */
    ngx_uint_t                         atomic;
} ngx_http_postflow_notify_metric_t;


/* one attempt in flight */
typedef struct {
    ngx_pool_t                        *pool;
    ngx_http_postflow_nzone_t         *nz;
    ngx_http_postflow_target_t        *target;
    ngx_uint_t                         index;     /* of the target */
    uint64_t                           id;
    ngx_str_t                          body;
    ngx_array_t                        headers;
} ngx_http_postflow_push_t;


static ngx_int_t ngx_http_postflow_notify_target(ngx_conf_t *cf,
    ngx_http_postflow_target_t *target, ngx_str_t *value, ngx_uint_t n);
static ngx_int_t ngx_http_postflow_notify_url(ngx_conf_t *cf,
    ngx_str_t *url);
static ngx_int_t ngx_http_postflow_notify_events(ngx_conf_t *cf,
    ngx_str_t *list, ngx_uint_t *events);
static void ngx_http_postflow_notify_stop(void);
static void ngx_http_postflow_notify_tick(ngx_event_t *ev);
static ngx_uint_t ngx_http_postflow_notify_lease(
    ngx_http_postflow_nzone_t *nz, time_t now);
static void ngx_http_postflow_notify_send(ngx_http_postflow_nzone_t *nz);
static void ngx_http_postflow_notify_start(ngx_http_postflow_nzone_t *nz,
    ngx_uint_t index, ngx_http_postflow_notice_t *nt, ngx_pool_t *pool);
static ngx_int_t ngx_http_postflow_notify_headers(
    ngx_http_postflow_push_t *push, ngx_http_postflow_notice_t *nt);
static ngx_int_t ngx_http_postflow_notify_sign(ngx_http_postflow_push_t *push,
    ngx_str_t *ts, ngx_str_t *header);
static ngx_int_t ngx_http_postflow_notify_header(ngx_http_postflow_push_t *p,
    const char *name, ngx_str_t *value);
static void ngx_http_postflow_notify_done(ngx_http_postflow_fio_result_t *res,
    void *data);
static void ngx_http_postflow_notify_end(ngx_http_postflow_zone_t *zone,
    ngx_str_t *url, uint64_t id, ngx_uint_t given_up, const char *why,
    ngx_uint_t status);
static ngx_http_postflow_target_sh_t *ngx_http_postflow_notify_counts(
    ngx_http_postflow_outbox_stats_t *st, uint32_t hash);


static ngx_http_postflow_notifier_t  ngx_http_postflow_notifier;


/* configuration ------------------------------------------------------ */


/*
 * postflow_notify URL [on=EVENT,...] [secret=SECRET|file=PATH]
 *                     [format=json|slack];
 * The secret is never written to the log, even when it is refused.
 */

char *
ngx_http_postflow_notify(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_str_t                        *value;
    ngx_http_postflow_target_t       *target, *t;
    ngx_http_postflow_notify_conf_t  *nc;

    /* the module's configuration: ours is at the command's offset */

    nc = (ngx_http_postflow_notify_conf_t *) ((u_char *) conf + cmd->offset);
    value = cf->args->elts;

    if (nc->targets == NULL) {
        nc->targets = ngx_array_create(cf->pool, 2,
                                       sizeof(ngx_http_postflow_target_t));
        if (nc->targets == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    if (nc->targets->nelts == NGX_HTTP_POSTFLOW_TARGETS_MAX) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "too many \"postflow_notify\" directives, %d at"
                           " most", NGX_HTTP_POSTFLOW_TARGETS_MAX);
        return NGX_CONF_ERROR;
    }

    target = ngx_array_push(nc->targets);
    if (target == NULL) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_postflow_notify_target(cf, target, value, cf->args->nelts)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    /* the outbox keys a target's notifications by its URL */

    for (t = nc->targets->elts; t != target; t++) {
        if (t->url.len == target->url.len
            && ngx_strncmp(t->url.data, target->url.data, t->url.len) == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "duplicate URL \"%V\" in \"postflow_notify\""
                               " directive", &target->url);
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_postflow_notify_target(ngx_conf_t *cf,
    ngx_http_postflow_target_t *target, ngx_str_t *value, ngx_uint_t n)
{
    ngx_str_t   s, path;
    ngx_uint_t  i;

    ngx_memzero(target, sizeof(ngx_http_postflow_target_t));

    if (ngx_http_postflow_notify_url(cf, &value[1]) != NGX_OK) {
        return NGX_ERROR;
    }

    target->url = value[1];
    target->hash = ngx_crc32_short(value[1].data, value[1].len);
    target->events = (1 << NGX_HTTP_POSTFLOW_READY)
                     | (1 << (NGX_HTTP_POSTFLOW_NOTIFY_REVIEW
                              + NGX_HTTP_POSTFLOW_APPROVED))
                     | (1 << (NGX_HTTP_POSTFLOW_NOTIFY_REVIEW
                              + NGX_HTTP_POSTFLOW_NEEDS_CHANGES));

    if (target->hash == 0) {
        target->hash = 1;
    }

    for (i = 2; i < n; i++) {

        if (ngx_strncmp(value[i].data, "on=", 3) == 0) {
            s.data = value[i].data + 3;
            s.len = value[i].len - 3;

            if (ngx_http_postflow_notify_events(cf, &s, &target->events)
                != NGX_OK)
            {
                return NGX_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "secret=", 7) == 0) {
            target->secret.data = value[i].data + 7;
            target->secret.len = value[i].len - 7;

            if (target->secret.len == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "empty \"secret=\" in \"postflow_notify\""
                                   " directive");
                return NGX_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "file=", 5) == 0) {
            path.data = value[i].data + 5;
            path.len = value[i].len - 5;

            if (ngx_http_postflow_secret_file(cf, "postflow_notify", &path,
                                              &target->secret)
                != NGX_OK)
            {
                return NGX_ERROR;
            }

            continue;
        }

        if (ngx_strcmp(value[i].data, "format=json") == 0) {
            target->format = NGX_HTTP_POSTFLOW_NOTIFY_JSON;
            continue;
        }

        if (ngx_strcmp(value[i].data, "format=slack") == 0) {
            target->format = NGX_HTTP_POSTFLOW_NOTIFY_SLACK;
            continue;
        }

        /* a parameter that is not one may be a secret mistyped: not shown */

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter %ui in \"postflow_notify\""
                           " directive: on=, secret=, file= or format="
                           "json|slack expected", i);
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* http:// or https://, a host, and nothing a log or a label would garble */

static ngx_int_t
ngx_http_postflow_notify_url(ngx_conf_t *cf, ngx_str_t *url)
{
    size_t   skip;
    u_char  *p;

    skip = (url->len > 7 && ngx_strncasecmp(url->data,
                                            (u_char *) "http://", 7) == 0)
           ? 7
           : (url->len > 8 && ngx_strncasecmp(url->data,
                                              (u_char *) "https://", 8) == 0)
             ? 8 : 0;

    for (p = url->data; skip && p < url->data + url->len; p++) {
        if (*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f) {
            skip = 0;
        }
    }

    if (skip == 0 || url->data[skip] == '/' || url->data[skip] == ':') {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid URL \"%V\" in \"postflow_notify\""
                           " directive: http://HOST... or https://HOST..."
                           " expected", url);
        return NGX_ERROR;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_notify_events(ngx_conf_t *cf, ngx_str_t *list,
    ngx_uint_t *events)
{
    u_char      *p, *last, *comma;
    ngx_str_t    name, *event;
    ngx_uint_t   i;

    *events = 0;

    p = list->data;
    last = p + list->len;

    while (p <= last) {
        comma = ngx_strlchr(p, last, ',');

        if (comma == NULL) {
            comma = last;
        }

        name.data = p;
        name.len = comma - p;

        for (i = 0; i < NGX_HTTP_POSTFLOW_NOTIFY_NEVENTS; i++) {
            event = ngx_http_postflow_notify_event_name(i);

            if (event->len == name.len
                && ngx_strncmp(event->data, name.data, name.len) == 0)
            {
                break;
            }
        }

        if (i == NGX_HTTP_POSTFLOW_NOTIFY_NEVENTS) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "unknown event \"%V\" in \"postflow_notify\""
                               " directive", &name);
            return NGX_ERROR;
        }

        *events |= 1 << i;
        p = comma + 1;
    }

    return NGX_OK;
}


void
ngx_http_postflow_notify_init_conf(ngx_http_postflow_notify_conf_t *nc)
{
    ngx_conf_init_value(nc->retry, 86400);
}


/* processes ---------------------------------------------------------- */


ngx_int_t
ngx_http_postflow_notify_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_notify_conf_t *nc, ngx_http_postflow_fio_conf_t *fc,
    ngx_array_t *zones)
{
    ngx_uint_t                     i;
    ngx_shm_zone_t               **shm;
    ngx_http_postflow_target_t    *target;
    ngx_http_postflow_notifier_t  *nf;

    if (ngx_process != NGX_PROCESS_WORKER
        && ngx_process != NGX_PROCESS_SINGLE)
    {
        return NGX_OK;
    }

    if (nc->targets == NULL || zones->nelts == 0) {
        return NGX_OK;
    }

    nf = &ngx_http_postflow_notifier;

    ngx_memzero(nf, sizeof(ngx_http_postflow_notifier_t));

    nf->conf = nc;
    nf->log = cycle->log;

    nf->zones = ngx_pcalloc(cycle->pool,
                            zones->nelts * sizeof(ngx_http_postflow_nzone_t));
    if (nf->zones == NULL) {
        return NGX_ERROR;
    }

    shm = zones->elts;

    for (i = 0; i < zones->nelts; i++) {
        nf->zones[i].zone = shm[i]->data;
    }

    nf->nzones = zones->nelts;

    target = nc->targets->elts;

    for (i = 0; i < nc->targets->nelts; i++) {
        nf->hashes[i] = target[i].hash;
    }

    /* a worker without the client still serves everything else */

    if (ngx_http_postflow_fio_init(cycle, fc) != NGX_OK) {
        return NGX_OK;
    }

    nf->dummy.fd = (ngx_socket_t) -1;

    nf->tick.handler = ngx_http_postflow_notify_tick;
    nf->tick.data = &nf->dummy;
    nf->tick.log = cycle->log;
    nf->tick.cancelable = 1;

    nf->running = 1;

    ngx_add_timer(&nf->tick, 1);

    return NGX_OK;
}


void
ngx_http_postflow_notify_exit_process(ngx_cycle_t *cycle)
{
    ngx_http_postflow_notify_stop();
}


/*
 * The calls in flight are abandoned with the client (their
 * notifications stay queued for the next lease holder); the leases are
 * released.  No timer is left.
 */

static void
ngx_http_postflow_notify_stop(void)
{
    ngx_uint_t                      i;
    ngx_http_postflow_nzone_t      *nz;
    ngx_http_postflow_notifier_t   *nf;
    ngx_http_postflow_outbox_sh_t  *ob;

    nf = &ngx_http_postflow_notifier;

    if (!nf->running) {
        return;
    }

    nf->running = 0;

    if (nf->tick.timer_set) {
        ngx_del_timer(&nf->tick);
    }

    /* no handler is called any more; their pools go with the calls' */

    ngx_http_postflow_fio_exit();

    for (i = 0; i < nf->nzones; i++) {
        nz = &nf->zones[i];

        ngx_shmtx_lock(&nz->zone->shpool->mutex);

        ob = ngx_http_postflow_outbox_sh(nz->zone);

        if (ob->owner == ngx_pid) {
            ob->owner = 0;
            ob->expires = 0;
        }

        ngx_shmtx_unlock(&nz->zone->shpool->mutex);

        nz->leased = 0;
    }
}


static void
ngx_http_postflow_notify_tick(ngx_event_t *ev)
{
    time_t                         now;
    ngx_uint_t                     i, leased, dropped;
    ngx_http_postflow_nzone_t     *nz;
    ngx_http_postflow_notifier_t  *nf;

    nf = &ngx_http_postflow_notifier;

    if (ngx_exiting || ngx_quit || ngx_terminate) {
        ngx_http_postflow_notify_stop();
        return;
    }

    now = ngx_time();
    leased = 0;

    for (i = 0; i < nf->nzones; i++) {
        nz = &nf->zones[i];

        /* what the changes could not queue, logged here, unlocked */

        dropped = *(volatile ngx_atomic_t *) &nz->zone->sh->outbox.dropped;

        if (dropped != nz->dropped) {
            if (dropped > nz->dropped && nz->leased) {
                ngx_log_error(NGX_LOG_ERR, nf->log, 0,
                              "postflow_notify: %ui notifications dropped"
                              " in postflow_zone \"%V\" (outbox or zone"
                              " full)", dropped - nz->dropped,
                              &nz->zone->name);
            }

            nz->dropped = dropped;
        }

        if (!ngx_http_postflow_notify_lease(nz, now)) {
            continue;
        }

        leased = 1;

        if (*(volatile ngx_uint_t *) &nz->zone->sh->outbox.nqueued) {
            ngx_http_postflow_notify_send(nz);
        }
    }

    ngx_add_timer(&nf->tick, leased ? NGX_HTTP_POSTFLOW_NOTIFY_TICK
                                    : NGX_HTTP_POSTFLOW_NOTIFY_TICK_IDLE);
}


/* the sender's lease: an owner pid and an expiry, as the poller's */

static ngx_uint_t
ngx_http_postflow_notify_lease(ngx_http_postflow_nzone_t *nz, time_t now)
{
    ngx_pid_t                       owner;
    ngx_uint_t                      leased;
    ngx_http_postflow_outbox_sh_t  *ob;

    ob = &nz->zone->sh->outbox;

    /* the common cases, without the lock */

    owner = ob->owner;

    if (owner == ngx_pid
        && ob->expires - now > NGX_HTTP_POSTFLOW_NOTIFY_LEASE_TTL / 2)
    {
        return 1;
    }

    if (owner != ngx_pid && owner != 0 && ob->expires >= now) {
        nz->leased = 0;
        return 0;
    }

    ngx_shmtx_lock(&nz->zone->shpool->mutex);

    ob = ngx_http_postflow_outbox_sh(nz->zone);

    leased = (ob->owner == ngx_pid || ob->owner == 0 || ob->expires < now);

    if (leased) {
        ob->owner = ngx_pid;
        ob->expires = now + NGX_HTTP_POSTFLOW_NOTIFY_LEASE_TTL;
    }

    ngx_shmtx_unlock(&nz->zone->shpool->mutex);

    nz->leased = leased;

    return leased;
}


/* the oldest notification of each idle target, if due; old ones given up */

static void
ngx_http_postflow_notify_send(ngx_http_postflow_nzone_t *nz)
{
    ngx_uint_t                     i, n;
    ngx_uint_t                     want[NGX_HTTP_POSTFLOW_TARGETS_MAX];
    ngx_pool_t                    *pool;
    ngx_array_t                    expired;
    ngx_http_postflow_notice_t    *due[NGX_HTTP_POSTFLOW_TARGETS_MAX];
    ngx_http_postflow_target_t    *target;
    ngx_http_postflow_expired_t   *ex;
    ngx_http_postflow_notifier_t  *nf;

    nf = &ngx_http_postflow_notifier;
    n = nf->conf->targets->nelts;
    target = nf->conf->targets->elts;

    if (nf->inflight >= NGX_HTTP_POSTFLOW_FIO_PUSH_MAX) {
        return;
    }

    for (i = 0; i < n; i++) {
        want[i] = (nz->busy[i] == 0);
    }

    pool = ngx_create_pool(4096, nf->log);
    if (pool == NULL) {
        return;
    }

    if (ngx_array_init(&expired, pool, 4,
                       sizeof(ngx_http_postflow_expired_t))
        != NGX_OK
        || ngx_http_postflow_store_outbox_due(nz->zone, nf->hashes, want, n,
                                              nf->conf->retry, pool, due,
                                              &expired)
           != NGX_OK)
    {
        ngx_log_error(NGX_LOG_ALERT, nf->log, 0,
                      "postflow_notify: no memory to send notifications");
        ngx_destroy_pool(pool);
        return;
    }

    ex = expired.elts;

    for (i = 0; i < expired.nelts; i++) {
        if (ex[i].target < n) {
            ngx_http_postflow_notify_end(nz->zone, &target[ex[i].target].url,
                                         ex[i].id, 1,
                                         "postflow_notify_retry passed", 0);

        } else {
            ngx_http_postflow_notify_end(nz->zone, NULL, ex[i].id, 1,
                                         "its postflow_notify is gone", 0);
        }
    }

    for (i = 0; i < n; i++) {
        if (due[i] && nf->inflight < NGX_HTTP_POSTFLOW_FIO_PUSH_MAX) {
            ngx_http_postflow_notify_start(nz, i, due[i], pool);
        }
    }

    ngx_destroy_pool(pool);
}


static void
ngx_http_postflow_notify_start(ngx_http_postflow_nzone_t *nz,
    ngx_uint_t index, ngx_http_postflow_notice_t *nt, ngx_pool_t *tmp)
{
    ngx_pool_t                    *pool;
    ngx_http_postflow_push_t      *push;
    ngx_http_postflow_target_t    *target;
    ngx_http_postflow_notifier_t  *nf;

    nf = &ngx_http_postflow_notifier;
    target = nf->conf->targets->elts;

    pool = ngx_create_pool(1024, nf->log);
    if (pool == NULL) {
        return;
    }

    push = ngx_pcalloc(pool, sizeof(ngx_http_postflow_push_t));
    if (push == NULL) {
        goto failed;
    }

    push->pool = pool;
    push->nz = nz;
    push->target = &target[index];
    push->index = index;
    push->id = nt->id;

    push->body.len = nt->body_len;
    push->body.data = ngx_pnalloc(pool, nt->body_len);
    if (push->body.data == NULL) {
        goto failed;
    }

    ngx_memcpy(push->body.data, nt->data + nt->url_len, nt->body_len);

    if (ngx_http_postflow_notify_headers(push, nt) != NGX_OK) {
        goto failed;
    }

    if (ngx_http_postflow_fio_post(&push->target->url, &push->body,
                                   &push->headers,
                                   NGX_HTTP_POSTFLOW_NOTIFY_TIMEOUT,
                                   ngx_http_postflow_notify_done, push)
        != NGX_OK)
    {
        goto failed;
    }

    nz->busy[index] = nt->id;
    nf->inflight++;

    return;

failed:

    ngx_log_error(NGX_LOG_ALERT, nf->log, 0,
                  "postflow_notify \"%V\": notification %uL not sent, no"
                  " memory or no client", &target[index].url, nt->id);

    ngx_destroy_pool(pool);
}


static ngx_int_t
ngx_http_postflow_notify_headers(ngx_http_postflow_push_t *push,
    ngx_http_postflow_notice_t *nt)
{
    u_char     *p;
    ngx_str_t   v, ts;

    if (ngx_array_init(&push->headers, push->pool, 6, sizeof(ngx_str_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    p = ngx_pnalloc(push->pool, NGX_INT64_LEN + NGX_TIME_T_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v.data = p;
    v.len = ngx_sprintf(p, "%uL", nt->id) - p;
    p += v.len;

    ts.data = p;
    ts.len = ngx_sprintf(p, "%T", ngx_time()) - p;

    if (ngx_http_postflow_notify_header(push, "Content-Type",
                                        &(ngx_str_t)
                                        ngx_string("application/json"))
        != NGX_OK
        || ngx_http_postflow_notify_header(push, "X-Postflow-Id", &v)
           != NGX_OK
        || ngx_http_postflow_notify_header(push, "X-Postflow-Event",
                              ngx_http_postflow_notify_event_name(nt->event))
           != NGX_OK
        || ngx_http_postflow_notify_header(push, "X-Postflow-Timestamp", &ts)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (push->target->secret.len == 0) {
        return NGX_OK;
    }

    if (ngx_http_postflow_notify_sign(push, &ts, &v) != NGX_OK) {
        return NGX_ERROR;
    }

    return ngx_http_postflow_notify_header(push, "X-Postflow-Signature", &v);
}


/* as Frame.io signs its webhooks: v0=hex(HMAC-SHA256("v0:TS:BODY")) */

static ngx_int_t
ngx_http_postflow_notify_sign(ngx_http_postflow_push_t *push, ngx_str_t *ts,
    ngx_str_t *header)
{
    u_char        *msg, *p, md[EVP_MAX_MD_SIZE];
    unsigned int   mdlen;

    msg = ngx_pnalloc(push->pool, sizeof("v0::") + ts->len + push->body.len);
    if (msg == NULL) {
        return NGX_ERROR;
    }

    p = ngx_sprintf(msg, "v0:%V:", ts);
    p = ngx_cpymem(p, push->body.data, push->body.len);

    if (HMAC(EVP_sha256(), push->target->secret.data,
             (int) push->target->secret.len, msg, p - msg, md, &mdlen)
        == NULL)
    {
        return NGX_ERROR;
    }

    header->data = ngx_pnalloc(push->pool, sizeof("v0=") + 2 * mdlen);
    if (header->data == NULL) {
        return NGX_ERROR;
    }

    p = ngx_cpymem(header->data, "v0=", 3);
    p = ngx_hex_dump(p, md, mdlen);
    header->len = p - header->data;

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_notify_header(ngx_http_postflow_push_t *push,
    const char *name, ngx_str_t *value)
{
    size_t      len;
    ngx_str_t  *h;

    h = ngx_array_push(&push->headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    len = ngx_strlen(name);

    h->data = ngx_pnalloc(push->pool, len + 2 + value->len);
    if (h->data == NULL) {
        return NGX_ERROR;
    }

    h->len = ngx_sprintf(h->data, "%s: %V", name, value) - h->data;

    return NGX_OK;
}


static void
ngx_http_postflow_notify_done(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_push_t *push = data;

    ngx_int_t                      rc;
    ngx_msec_t                     delay;
    ngx_http_postflow_nzone_t     *nz;
    ngx_http_postflow_notifier_t  *nf;

    nf = &ngx_http_postflow_notifier;
    nz = push->nz;

    nz->busy[push->index] = 0;
    nf->inflight--;

    if (res->outcome == NGX_HTTP_POSTFLOW_FIO_OK) {
        ngx_http_postflow_notify_end(nz->zone, &push->target->url, push->id,
                                     0, NULL, res->status);
        goto next;
    }

    if (res->outcome == NGX_HTTP_POSTFLOW_FIO_4XX) {
        ngx_http_postflow_notify_end(nz->zone, &push->target->url, push->id,
                                     1, "refused", res->status);
        goto next;
    }

    rc = ngx_http_postflow_store_outbox_retry(nz->zone, push->id,
                                        nf->conf->retry,
                                        NGX_HTTP_POSTFLOW_NOTIFY_DELAY_MAX,
                                        &delay);

    if (rc == NGX_DECLINED) {
        ngx_http_postflow_notify_end(nz->zone, &push->target->url, push->id,
                                     1, "postflow_notify_retry passed",
                                     res->status);

    } else if (rc == NGX_OK) {
        ngx_log_error(NGX_LOG_WARN, nf->log, 0,
                      "postflow_notify \"%V\": notification %uL %s,"
                      " tried again in %M ms", &push->target->url, push->id,
                      res->outcome == NGX_HTTP_POSTFLOW_FIO_TIMEOUT
                      ? "timed out"
                      : res->status ? "answered with an error"
                                    : "failed", delay);
    }

next:

    ngx_destroy_pool(push->pool);

    /* the target's next one, without waiting for the tick */

    if (nf->running && nz->leased && !ngx_exiting) {
        ngx_http_postflow_notify_send(nz);
    }
}


/* delivered or given up: out of the outbox, journaled, counted, logged */

static void
ngx_http_postflow_notify_end(ngx_http_postflow_zone_t *zone, ngx_str_t *url,
    uint64_t id, ngx_uint_t given_up, const char *why, ngx_uint_t status)
{
    u_char                      buf[NGX_INT64_LEN];
    ngx_int_t                   rc;
    ngx_pool_t                 *pool;
    ngx_http_postflow_op_t      op;
    ngx_http_postflow_answer_t  ans;

    if (given_up) {
        if (status) {
            ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0,
                          "postflow_notify \"%V\": notification %uL given"
                          " up: %s (%ui)", url, id, why, status);

        } else if (url) {
            ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0,
                          "postflow_notify \"%V\": notification %uL given"
                          " up: %s", url, id, why);

        } else {
            ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0,
                          "postflow_notify: notification %uL given up: %s",
                          id, why);
        }
    }

    pool = ngx_create_pool(1024, ngx_cycle->log);
    if (pool == NULL) {
        return;
    }

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_NOTIFIED;
    op.notice_id.data = buf;
    op.notice_id.len = ngx_sprintf(buf, "%uL", id) - buf;
    op.given_up = given_up;

    ngx_http_postflow_answer_init(&ans, pool);

    rc = ngx_http_postflow_store_apply(zone, &op, &ans);

    ngx_destroy_pool(pool);

    if (rc == NGX_ERROR) {
        ngx_log_error(NGX_LOG_ALERT, ngx_cycle->log, 0,
                      "postflow_notify: notification %uL delivered, not"
                      " journaled: it will be sent again after a restart",
                      id);
    }
}


/* statistics --------------------------------------------------------- */


size_t
ngx_http_postflow_notify_stats_size(ngx_http_postflow_zone_t *zone)
{
    size_t                       size;
    ngx_uint_t                   i;
    ngx_http_postflow_target_t  *target;

    if (zone->targets == NULL) {
        return 0;
    }

    size = sizeof(",\"notifications\":{\"queued\":,\"sent\":,\"retried\":,"
                  "\"given_up\":,\"dropped\":,\"oldest_queued_age\":,"
                  "\"queued_total\":,\"targets\":[]}") + 7 * NGX_INT64_LEN;

    target = zone->targets->elts;

    for (i = 0; i < zone->targets->nelts; i++) {
        size += sizeof("{\"url\":,\"queued\":,\"sent\":,\"retried\":,"
                       "\"given_up\":},") + 4 * NGX_INT64_LEN
                + ngx_http_postflow_json_string_size(target[i].url.data,
                                                     target[i].url.len);
    }

    return size;
}


u_char *
ngx_http_postflow_notify_stats(u_char *p, ngx_http_postflow_zone_t *zone)
{
    time_t                             age;
    ngx_uint_t                         i;
    ngx_http_postflow_target_t        *target;
    ngx_http_postflow_target_sh_t     *ts;
    ngx_http_postflow_outbox_stats_t   st;

    if (zone->targets == NULL) {
        return p;
    }

    ngx_http_postflow_store_outbox_stats(zone, &st);

    age = st.oldest ? ngx_max(ngx_time() - st.oldest, 0) : 0;

    p = ngx_sprintf(p, ",\"notifications\":{\"queued\":%ui,\"sent\":%ui,"
                    "\"retried\":%ui,\"given_up\":%ui,\"dropped\":%ui,"
                    "\"oldest_queued_age\":%T,\"queued_total\":%ui,"
                    "\"targets\":[",
                    st.nqueued, st.sent, st.retried, st.given_up,
                    st.dropped, age, st.queued);

    target = zone->targets->elts;

    for (i = 0; i < zone->targets->nelts; i++) {
        ts = ngx_http_postflow_notify_counts(&st, target[i].hash);

        p = ngx_cpymem(p, i ? ",{\"url\":" : "{\"url\":", i ? 8 : 7);
        p = ngx_http_postflow_json_string(p, target[i].url.data,
                                          target[i].url.len);
        p = ngx_sprintf(p, ",\"queued\":%ui,\"sent\":%uA,\"retried\":%uA,"
                        "\"given_up\":%uA}", ts->queued, ts->sent,
                        ts->retried, ts->given_up);
    }

    *p++ = ']';
    *p++ = '}';

    return p;
}


/* a target's counters in a copy of the outbox's; zeros if it has none */

static ngx_http_postflow_target_sh_t *
ngx_http_postflow_notify_counts(ngx_http_postflow_outbox_stats_t *st,
    uint32_t hash)
{
    ngx_uint_t                            i;
    static ngx_http_postflow_target_sh_t  none;

    for (i = 0; i < NGX_HTTP_POSTFLOW_TARGETS_MAX; i++) {
        if (st->targets[i].hash == hash) {
            return &st->targets[i];
        }
    }

    return &none;
}


/* Prometheus: per target, labelled with its URL (no quote in it) */

#define NGX_HTTP_POSTFLOW_NOTIFY_METRIC_LINE  160

size_t
ngx_http_postflow_notify_metrics_size(ngx_http_postflow_zone_t *zone)
{
    size_t                       size;
    ngx_uint_t                   i;
    ngx_http_postflow_target_t  *target;

    if (zone->targets == NULL) {
        return 0;
    }

    size = 16 * (NGX_HTTP_POSTFLOW_NOTIFY_METRIC_LINE + zone->name.len);

    target = zone->targets->elts;

    for (i = 0; i < zone->targets->nelts; i++) {
        size += 4 * (NGX_HTTP_POSTFLOW_NOTIFY_METRIC_LINE + zone->name.len
                     + target[i].url.len);
    }

    return size;
}


static ngx_http_postflow_notify_metric_t
    ngx_http_postflow_notify_families[] =
{
    { "postflow_notifications_queued", "gauge",
      "Notifications waiting for delivery, by target.",
      offsetof(ngx_http_postflow_target_sh_t, queued), 0 },
    { "postflow_notifications_sent_total", "counter",
      "Notifications delivered (2xx), by target.",
      offsetof(ngx_http_postflow_target_sh_t, sent), 1 },
    { "postflow_notifications_retried_total", "counter",
      "Notification attempts that failed and are tried again, by target.",
      offsetof(ngx_http_postflow_target_sh_t, retried), 1 },
    { "postflow_notifications_given_up_total", "counter",
      "Notifications given up (refused, or past postflow_notify_retry),"
      " by target.",
      offsetof(ngx_http_postflow_target_sh_t, given_up), 1 },
    { NULL, NULL, NULL, 0, 0 }
};


u_char *
ngx_http_postflow_notify_metrics(u_char *p, ngx_http_postflow_zone_t *zone)
{
    time_t                              age;
    ngx_uint_t                          i, value;
    ngx_http_postflow_target_t         *target;
    ngx_http_postflow_target_sh_t      *ts;
    ngx_http_postflow_notify_metric_t  *m;
    ngx_http_postflow_outbox_stats_t    st;

    if (zone->targets == NULL) {
        return p;
    }

    ngx_http_postflow_store_outbox_stats(zone, &st);

    target = zone->targets->elts;

    for (m = ngx_http_postflow_notify_families; m->name; m++) {
        p = ngx_sprintf(p, "# HELP %s %s\n# TYPE %s %s\n",
                        m->name, m->help, m->name, m->type);

        for (i = 0; i < zone->targets->nelts; i++) {
            ts = ngx_http_postflow_notify_counts(&st, target[i].hash);

            value = m->atomic
                    ? (ngx_uint_t) *(ngx_atomic_t *) ((u_char *) ts
                                                      + m->offset)
                    : *(ngx_uint_t *) ((u_char *) ts + m->offset);

            p = ngx_sprintf(p, "%s{zone=\"%V\",target=\"%V\"} %ui\n",
                            m->name, &zone->name, &target[i].url, value);
        }
    }

    age = st.oldest ? ngx_max(ngx_time() - st.oldest, 0) : 0;

    p = ngx_sprintf(p, "# HELP postflow_notifications_dropped_total"
                    " Notifications not queued: outbox or zone full.\n"
                    "# TYPE postflow_notifications_dropped_total counter\n"
                    "postflow_notifications_dropped_total{zone=\"%V\"} %ui\n",
                    &zone->name, st.dropped);

    return ngx_sprintf(p, "# HELP postflow_notifications_oldest_queued_seconds"
                       " Age of the oldest notification waiting.\n"
                       "# TYPE postflow_notifications_oldest_queued_seconds"
                       " gauge\n"
                       "postflow_notifications_oldest_queued_seconds"
                       "{zone=\"%V\"} %T\n", &zone->name, age);
}
