
/*
 * The Frame.io poller: what webhooks do not carry, fetched in the
 * background on nginx's event loop.
 *
 * Webhooks (in any worker) leave jobs in the zone: fetch a comment
 * (comment.*), forget a deleted one, look a file up by id to route it by
 * name.  One worker at a time holds the zone's lease and runs them,
 * answering nothing: results land in the zone when the API answers.
 * Every postflow_poll_interval the lease holder also lists the comments
 * of each active track, to catch what webhooks missed, edits and
 * deletions.  Only with postflow_frameio_token and a zone.
 */


#include "ngx_http_postflow_frameio.h"
#include "ngx_http_postflow_json.h"
#include "ngx_http_postflow_access.h"


#define NGX_HTTP_POSTFLOW_LEASE_TTL        10      /* s */
#define NGX_HTTP_POSTFLOW_TICK             100     /* ms, lease holder */
#define NGX_HTTP_POSTFLOW_TICK_IDLE        1000    /* ms, other workers */
#define NGX_HTTP_POSTFLOW_POLL_TRACKS      10000   /* tracks per round */
#define NGX_HTTP_POSTFLOW_POLL_COMPLETED   5       /* intervals apart */
#define NGX_HTTP_POSTFLOW_POLL_PAGES       50      /* pages per track */
#define NGX_HTTP_POSTFLOW_PAGE_SIZE        50
#define NGX_HTTP_POSTFLOW_PAGE_RESOURCES   1000    /* comments with replies */
#define NGX_HTTP_POSTFLOW_THREAD_MAX       2048    /* comments per track */
#define NGX_HTTP_POSTFLOW_CANDIDATES_MAX   10000   /* names matched against */

#define NGX_HTTP_POSTFLOW_JOB_COMMENT      1       /* fetch and apply */
#define NGX_HTTP_POSTFLOW_JOB_DELETE       2       /* comment.deleted */
#define NGX_HTTP_POSTFLOW_JOB_FILE         3       /* route by name */
#define NGX_HTTP_POSTFLOW_JOB_POLL         4       /* list a track's thread */
#define NGX_HTTP_POSTFLOW_JOB_LABEL        5       /* a file's status */
#define NGX_HTTP_POSTFLOW_JOB_VERSION      6       /* a file stacked on one */

#define NGX_HTTP_POSTFLOW_JOB_LEGACY       0x01    /* v2 paths */
#define NGX_HTTP_POSTFLOW_JOB_COMPLETED    0x02
#define NGX_HTTP_POSTFLOW_JOB_UNCOMPLETED  0x04

#define NGX_HTTP_POSTFLOW_STEP_FETCH       0
#define NGX_HTTP_POSTFLOW_STEP_PARENT      1       /* a reply's parent */
#define NGX_HTTP_POSTFLOW_STEP_FILE        2       /* the comment's file */

/* a file's routing and a comment's jobs are not each other's duplicates */
#define ngx_http_postflow_job_key(hash, kind)                                \
    ((hash) ^ ((kind) == NGX_HTTP_POSTFLOW_JOB_FILE                          \
               || (kind) == NGX_HTTP_POSTFLOW_JOB_VERSION ? 0x80000000 : 0))


/*
 * A job in the zone, left by a webhook for the lease holder.  While it
 * waits it is in waiting_ids by its id, with a key that tells a file's
 * routing apart from a comment's jobs: they are not each other's
 * duplicates.
 */
typedef struct {
    ngx_str_node_t                     id;        /* first: the tree's node */
    ngx_rbtree_node_t                  number;
    ngx_queue_t                        queue;     /* waiting or taken */
    uint32_t                           hash;      /* crc32 of id */
    ngx_pid_t                          taken;     /* 0: nobody on it */
    uint8_t                            kind;
    uint8_t                            flags;
    uint16_t                           account_id_len;
    uint16_t                           id_len;
    u_char                             data[1];   /* account_id, id */
} ngx_http_postflow_shjob_t;


/* a zone, as this worker polls it */
typedef struct {
    ngx_http_postflow_zone_t          *zone;
    ngx_uint_t                         leased;

    /* the current run: the tracks to list, where it is */
    ngx_pool_t                        *run_pool;
    ngx_http_postflow_track_ref_t     *run_refs;
    ngx_uint_t                         run_n;
    ngx_uint_t                         run_next;
    ngx_uint_t                         run_active;
} ngx_http_postflow_pzone_t;


/* a job in progress in this worker */
typedef struct {
    ngx_queue_t                        queue;
    ngx_pool_t                        *pool;
    ngx_http_postflow_pzone_t         *pz;
    ngx_rbtree_key_t                   number;    /* a zone's job; 0: a poll */
    ngx_uint_t                         kind;
    ngx_uint_t                         flags;
    ngx_uint_t                         step;
    uint32_t                           hash;
    ngx_str_t                          id;
    ngx_str_t                          account_id;

    /* a comment: what the API said of it */
    ngx_http_postflow_fio_resource_t   comment;

    /* a poll: the track, the pages read */
    ngx_http_postflow_track_ref_t      ref;
    ngx_array_t                        comments;  /* api_comment_t */
    ngx_uint_t                         page;
    ngx_uint_t                         truncated;
} ngx_http_postflow_job_t;


typedef struct {
    ngx_http_postflow_fio_conf_t      *conf;
    ngx_log_t                         *log;
    ngx_event_t                        tick;
    ngx_connection_t                   dummy;
    ngx_http_postflow_pzone_t         *zones;
    ngx_uint_t                         nzones;
    ngx_queue_t                        jobs;
    ngx_uint_t                         njobs;
    ngx_uint_t                         running;
    ngx_uint_t                         busy;      /* in take() or run() */
} ngx_http_postflow_poller_t;


static void ngx_http_postflow_poller_tick(ngx_event_t *ev);
static void ngx_http_postflow_poller_stop(void);
static ngx_uint_t ngx_http_postflow_poller_lease(
    ngx_http_postflow_pzone_t *pz, time_t now);
static ngx_http_postflow_poll_sh_t *ngx_http_postflow_poller_sh(
    ngx_http_postflow_zone_t *zone);
static ngx_int_t ngx_http_postflow_poller_queue(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_fio_conf_t *conf,
    ngx_uint_t kind, ngx_uint_t flags, ngx_str_t *account_id, ngx_str_t *id);
static void ngx_http_postflow_poller_take(ngx_http_postflow_pzone_t *pz);
static ngx_http_postflow_shjob_t *ngx_http_postflow_poller_next(
    ngx_http_postflow_poll_sh_t *p);
static ngx_uint_t ngx_http_postflow_poller_busy(
    ngx_http_postflow_shjob_t *j);
static void ngx_http_postflow_shjob_wait(ngx_http_postflow_poll_sh_t *p,
    ngx_http_postflow_shjob_t *j, ngx_uint_t first);
static void ngx_http_postflow_shjob_take(ngx_http_postflow_poll_sh_t *p,
    ngx_http_postflow_shjob_t *j);
static ngx_http_postflow_shjob_t *ngx_http_postflow_shjob_find(
    ngx_http_postflow_poll_sh_t *p, ngx_rbtree_key_t number);
static ngx_http_postflow_job_t *ngx_http_postflow_poller_job(
    ngx_http_postflow_pzone_t *pz, ngx_uint_t kind);
static void ngx_http_postflow_poller_start(ngx_http_postflow_job_t *job);
static void ngx_http_postflow_poller_done(ngx_http_postflow_job_t *job,
    ngx_uint_t failed);
static void ngx_http_postflow_poller_run(ngx_http_postflow_pzone_t *pz);
static ngx_int_t ngx_http_postflow_poller_round(ngx_http_postflow_pzone_t *pz,
    time_t now, time_t interval);
static ngx_int_t ngx_http_postflow_poller_poll(ngx_http_postflow_job_t *job,
    ngx_http_postflow_track_ref_t *ref);
static ngx_int_t ngx_http_postflow_poller_copy(ngx_pool_t *pool,
    ngx_str_t *dst, ngx_str_t *src);
static ngx_int_t ngx_http_postflow_poller_get(ngx_http_postflow_job_t *job,
    ngx_str_t *url, ngx_http_postflow_fio_handler_pt handler);
static ngx_int_t ngx_http_postflow_poller_url(ngx_http_postflow_job_t *job,
    ngx_str_t *url, const char *what, ngx_str_t *id, ngx_uint_t page);
static u_char *ngx_http_postflow_poller_escape(u_char *p, ngx_str_t *s);
static ngx_http_postflow_fio_resource_t *ngx_http_postflow_poller_one(
    ngx_http_postflow_job_t *job, ngx_http_postflow_fio_result_t *res);
static void ngx_http_postflow_poller_comment(
    ngx_http_postflow_fio_result_t *res, void *data);
static void ngx_http_postflow_poller_comment_file(
    ngx_http_postflow_job_t *job);
static void ngx_http_postflow_poller_comment_apply(
    ngx_http_postflow_job_t *job);
static void ngx_http_postflow_poller_file(
    ngx_http_postflow_fio_result_t *res, void *data);
static void ngx_http_postflow_poller_label(
    ngx_http_postflow_fio_result_t *res, void *data);
static void ngx_http_postflow_poller_status(
    ngx_http_postflow_fio_result_t *res, void *data);
static void ngx_http_postflow_poller_version(
    ngx_http_postflow_fio_result_t *res, void *data);
static void ngx_http_postflow_poller_stack(
    ngx_http_postflow_fio_result_t *res, void *data);
static void ngx_http_postflow_poller_version_route(
    ngx_http_postflow_job_t *job);
static ngx_int_t ngx_http_postflow_poller_route(ngx_http_postflow_job_t *job,
    ngx_str_t *file_id, ngx_str_t *name);
static void ngx_http_postflow_poller_delete(ngx_http_postflow_job_t *job);
static void ngx_http_postflow_poller_page(
    ngx_http_postflow_fio_result_t *res, void *data);
static ngx_int_t ngx_http_postflow_poller_next_page(
    ngx_http_postflow_job_t *job, ngx_http_postflow_fio_result_t *res,
    ngx_http_postflow_fio_doc_t *doc, ngx_str_t *url);
static void ngx_http_postflow_poller_thread(ngx_http_postflow_job_t *job,
    ngx_uint_t complete);
static ngx_int_t ngx_http_postflow_poller_analyse(
    ngx_http_postflow_job_t *job, ngx_http_postflow_fio_resource_t *r,
    ngx_http_postflow_fio_comment_t *c);
static ngx_int_t ngx_http_postflow_poller_cmp(const void *a, const void *b);
static u_char *ngx_http_postflow_poller_time(u_char *p, time_t t);


static ngx_http_postflow_poller_t  ngx_http_postflow_poller;


/* configuration ------------------------------------------------------ */


void
ngx_http_postflow_fio_create_conf(ngx_http_postflow_fio_conf_t *conf)
{
    /*
     * set by ngx_pcalloc():
     *
     *     conf->api = { 0, NULL };
     *     conf->token = { 0, NULL };
     *     conf->token_file = { 0, NULL };
     *     conf->ca_file = { 0, NULL };
     */

    conf->poll_interval = NGX_CONF_UNSET_MSEC;
    conf->timeout = NGX_CONF_UNSET_MSEC;
    conf->concurrency = NGX_CONF_UNSET_UINT;
    conf->retries = NGX_CONF_UNSET_UINT;
    conf->max_response = NGX_CONF_UNSET_SIZE;
    conf->queue = NGX_CONF_UNSET_UINT;
    conf->threshold = NGX_CONF_UNSET;
    conf->rate_calls = NGX_CONF_UNSET_UINT;
    conf->retry_5xx = NGX_CONF_UNSET_MSEC;
    conf->poll_completed = NGX_CONF_UNSET;
    conf->status_values = NGX_CONF_UNSET_PTR;
}


char *
ngx_http_postflow_fio_init_conf(ngx_conf_t *cf,
    ngx_http_postflow_fio_conf_t *conf, void *tag)
{
    ngx_file_info_t  fi;

    if (conf->api.len == 0) {
        ngx_str_set(&conf->api, "https://api.frame.io");
    }

    ngx_conf_init_msec_value(conf->poll_interval, 60000);
    ngx_conf_init_msec_value(conf->timeout, 10000);
    ngx_conf_init_uint_value(conf->concurrency, 4);
    ngx_conf_init_uint_value(conf->retries, 3);
    ngx_conf_init_size_value(conf->max_response, 1024 * 1024);
    ngx_conf_init_uint_value(conf->queue, 1024);
    ngx_conf_init_value(conf->threshold, 800);
    ngx_conf_init_msec_value(conf->retry_5xx, 30000);
    ngx_conf_init_value(conf->poll_completed, 7 * 86400);

    if (ngx_http_postflow_fio_status_init(cf, conf) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    /* under the 100 calls a minute Frame.io allows on comments */

    if (conf->rate_calls == NGX_CONF_UNSET_UINT) {
        conf->rate_calls = 90;
        conf->rate_period = 60000;
    }

    if ((conf->token.len || conf->token_file.len)
        && ngx_http_postflow_budget_add(cf, conf, tag) != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (conf->ca_file.len) {
        if (ngx_conf_full_name(cf->cycle, &conf->ca_file, 1) != NGX_OK) {
            return NGX_CONF_ERROR;
        }

        if (ngx_file_info(conf->ca_file.data, &fi) == NGX_FILE_ERROR
            || !ngx_is_file(&fi))
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                               "postflow_frameio_ca_file: \"%V\" is not a"
                               " readable file", &conf->ca_file);
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


/* postflow_frameio_api URL: http:// or https://, a host, no query */

char *
ngx_http_postflow_fio_api(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    char  *p = conf;

    u_char                        *host, *last;
    ngx_str_t                     *value, url;
    ngx_http_postflow_fio_conf_t  *fc;

    fc = (ngx_http_postflow_fio_conf_t *) (p + cmd->offset);

    if (fc->api.len) {
        return "is duplicate";
    }

    value = cf->args->elts;
    url = value[1];

    if (url.len > 7 && ngx_strncasecmp(url.data, (u_char *) "http://", 7)
                       == 0)
    {
        host = url.data + 7;

    } else if (url.len > 8
               && ngx_strncasecmp(url.data, (u_char *) "https://", 8) == 0)
    {
        host = url.data + 8;

    } else {
        host = NULL;
    }

    while (url.len && url.data[url.len - 1] == '/') {
        url.len--;
    }

    last = url.data + url.len;

    if (host == NULL || host >= last || *host == '/' || *host == ':'
        || ngx_strlchr(url.data, last, '?') || ngx_strlchr(url.data, last, '#')
        || ngx_strlchr(url.data, last, ' '))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_frameio_api: \"%V\" is not an http://"
                           " or https:// URL with a host", &value[1]);
        return NGX_CONF_ERROR;
    }

    /* curl wants it null-terminated, with the paths appended */

    fc->api.data = ngx_pnalloc(cf->pool, url.len + 1);
    if (fc->api.data == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memcpy(fc->api.data, url.data, url.len);
    fc->api.data[url.len] = '\0';
    fc->api.len = url.len;

    return NGX_CONF_OK;
}


/* postflow_frameio_token TOKEN | file=PATH */

char *
ngx_http_postflow_fio_token(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    char  *p = conf;

    ngx_str_t                     *value, path;
    ngx_uint_t                     i;
    ngx_file_info_t                fi;
    ngx_http_postflow_fio_conf_t  *fc;

    fc = (ngx_http_postflow_fio_conf_t *) (p + cmd->offset);

    if (fc->token.len || fc->token_file.len) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strncmp(value[1].data, "file=", 5) != 0) {

        for (i = 0; i < value[1].len; i++) {
            if (value[1].data[i] <= ' ' || value[1].data[i] == 0x7f) {
                break;
            }
        }

        if (value[1].len == 0 || i < value[1].len) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "postflow_frameio_token: the token must not"
                               " be empty nor hold spaces or control"
                               " characters");
            return NGX_CONF_ERROR;
        }

        fc->token = value[1];
        return NGX_CONF_OK;
    }

    path.data = value[1].data + 5;
    path.len = value[1].len - 5;

    if (path.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_frameio_token: \"file=\" needs a path");
        return NGX_CONF_ERROR;
    }

    if (ngx_conf_full_name(cf->cycle, &path, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    /* readable now; a worker reads it again whenever it changes */

    if (ngx_http_postflow_fio_check_token_file(cf, &path) != NGX_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_frameio_token: cannot use \"%V\"",
                           &path);
        return NGX_CONF_ERROR;
    }

    /* the workers read it, not this process: jobs would only fail */

    if (ngx_file_info(path.data, &fi) == NGX_FILE_ERROR
        || !ngx_http_postflow_worker_can(path.data, &fi, cf->cycle,
                                         S_IRUSR))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_frameio_token: \"%V\" is not readable"
                           " by the user \"%s\" nginx runs its workers as",
                           &path, ngx_http_postflow_worker_user(cf->cycle));
        return NGX_CONF_ERROR;
    }

    fc->token_file = path;

    return NGX_CONF_OK;
}


/* postflow_poll_interval TIME | off */

char *
ngx_http_postflow_poll_interval(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    char  *p = conf;

    ngx_str_t                     *value;
    ngx_msec_t                     interval;
    ngx_http_postflow_fio_conf_t  *fc;

    fc = (ngx_http_postflow_fio_conf_t *) (p + cmd->offset);

    if (fc->poll_interval != NGX_CONF_UNSET_MSEC) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        fc->poll_interval = 0;
        return NGX_CONF_OK;
    }

    interval = ngx_parse_time(&value[1], 0);

    if (interval == (ngx_msec_t) NGX_ERROR || interval < 1000) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_poll_interval: \"%V\" is neither"
                           " \"off\" nor a time of at least 1s",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    fc->poll_interval = interval;

    return NGX_CONF_OK;
}


/* postflow_match_threshold RATIO: in (0, 1], kept per mille */

char *
ngx_http_postflow_match_threshold(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    char  *p = conf;

    ngx_int_t                      n;
    ngx_str_t                     *value;
    ngx_http_postflow_fio_conf_t  *fc;

    fc = (ngx_http_postflow_fio_conf_t *) (p + cmd->offset);

    if (fc->threshold != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    n = ngx_atofp(value[1].data, value[1].len, 3);

    if (n == NGX_ERROR || n == 0 || n > 1000) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_match_threshold: \"%V\" is not a"
                           " ratio above 0 and at most 1", &value[1]);
        return NGX_CONF_ERROR;
    }

    fc->threshold = n;

    return NGX_CONF_OK;
}


/* processes ---------------------------------------------------------- */


/*
 * Workers, and nginx without a master (Test::Nginx runs so): each tries
 * for the lease of each zone; the holder runs jobs and polls.
 */

ngx_int_t
ngx_http_postflow_poller_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_fio_conf_t *conf, ngx_array_t *zones)
{
    ngx_uint_t                      i;
    ngx_shm_zone_t                **shm;
    ngx_http_postflow_poller_t     *pl;

    if (ngx_process != NGX_PROCESS_WORKER
        && ngx_process != NGX_PROCESS_SINGLE)
    {
        return NGX_OK;
    }

    if (zones->nelts == 0
        || (conf->token.len == 0 && conf->token_file.len == 0))
    {
        return NGX_OK;
    }

    pl = &ngx_http_postflow_poller;

    ngx_memzero(pl, sizeof(ngx_http_postflow_poller_t));

    pl->conf = conf;
    pl->log = cycle->log;

    pl->zones = ngx_pcalloc(cycle->pool, zones->nelts
                                         * sizeof(ngx_http_postflow_pzone_t));
    if (pl->zones == NULL) {
        return NGX_ERROR;
    }

    shm = zones->elts;

    for (i = 0; i < zones->nelts; i++) {
        pl->zones[i].zone = shm[i]->data;
    }

    pl->nzones = zones->nelts;

    /* a worker without the client still serves everything else */

    if (ngx_http_postflow_fio_init(cycle, pl->conf) != NGX_OK) {
        return NGX_OK;
    }

    ngx_queue_init(&pl->jobs);

    pl->dummy.fd = (ngx_socket_t) -1;

    pl->tick.handler = ngx_http_postflow_poller_tick;
    pl->tick.data = &pl->dummy;
    pl->tick.log = cycle->log;
    pl->tick.cancelable = 1;

    pl->running = 1;

    ngx_add_timer(&pl->tick, 1);

    return NGX_OK;
}


void
ngx_http_postflow_poller_exit_process(ngx_cycle_t *cycle)
{
    ngx_http_postflow_poller_stop();
}


/*
 * Abandons everything: the calls in flight, the jobs (back to the zone
 * for the next lease holder), the leases.  No timer is left.
 */

static void
ngx_http_postflow_poller_stop(void)
{
    ngx_uint_t                    i;
    ngx_queue_t                  *q, *prev;
    ngx_http_postflow_job_t      *job;
    ngx_http_postflow_pzone_t    *pz;
    ngx_http_postflow_shjob_t    *j;
    ngx_http_postflow_poll_sh_t  *p;
    ngx_http_postflow_poller_t   *pl;

    pl = &ngx_http_postflow_poller;

    if (!pl->running) {
        return;
    }

    pl->running = 0;

    if (pl->tick.timer_set) {
        ngx_del_timer(&pl->tick);
    }

    /* no handler is called any more: the jobs can go */

    ngx_http_postflow_fio_exit();

    while (!ngx_queue_empty(&pl->jobs)) {
        q = ngx_queue_head(&pl->jobs);
        ngx_queue_remove(q);
        job = ngx_queue_data(q, ngx_http_postflow_job_t, queue);
        ngx_destroy_pool(job->pool);
    }

    pl->njobs = 0;

    for (i = 0; i < pl->nzones; i++) {
        pz = &pl->zones[i];

        if (pz->run_pool) {
            ngx_destroy_pool(pz->run_pool);
            pz->run_pool = NULL;
        }

        ngx_shmtx_lock(&pz->zone->shpool->mutex);

        p = ngx_http_postflow_poller_sh(pz->zone);

        /* back at the head of the waiting ones, in their order */

        for (q = ngx_queue_last(&p->taken);
             q != ngx_queue_sentinel(&p->taken);
             q = prev)
        {
            prev = ngx_queue_prev(q);
            j = ngx_queue_data(q, ngx_http_postflow_shjob_t, queue);

            if (j->taken == ngx_pid) {
                ngx_queue_remove(q);
                ngx_http_postflow_shjob_wait(p, j, 1);
            }
        }

        if (p->owner == ngx_pid) {
            p->owner = 0;
            p->expires = 0;
        }

        ngx_shmtx_unlock(&pz->zone->shpool->mutex);

        pz->leased = 0;
    }

    ngx_log_debug0(NGX_LOG_DEBUG_HTTP, pl->log, 0,
                   "postflow poller: stopped");
}


static void
ngx_http_postflow_poller_tick(ngx_event_t *ev)
{
    time_t                       now;
    ngx_uint_t                   i, leased;
    ngx_http_postflow_pzone_t   *pz;
    ngx_http_postflow_poller_t  *pl;

    pl = &ngx_http_postflow_poller;

    if (ngx_exiting || ngx_quit || ngx_terminate) {
        ngx_http_postflow_poller_stop();
        return;
    }

    now = ngx_time();
    leased = 0;

    for (i = 0; i < pl->nzones; i++) {
        pz = &pl->zones[i];

        if (!ngx_http_postflow_poller_lease(pz, now)) {
            continue;
        }

        leased = 1;

        ngx_http_postflow_poller_take(pz);
        ngx_http_postflow_poller_run(pz);
    }

    ngx_add_timer(&pl->tick, leased ? NGX_HTTP_POSTFLOW_TICK
                                    : NGX_HTTP_POSTFLOW_TICK_IDLE);
}


/* the zone's poller state; the zone is locked */

static ngx_http_postflow_poll_sh_t *
ngx_http_postflow_poller_sh(ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_poll_sh_t  *p;

    p = &zone->sh->poll;

    if (!p->init) {
        ngx_queue_init(&p->waiting);
        ngx_queue_init(&p->taken);
        ngx_rbtree_init(&p->waiting_ids, &p->waiting_sentinel,
                        ngx_str_rbtree_insert_value);
        ngx_rbtree_init(&p->numbers, &p->numbers_sentinel,
                        ngx_rbtree_insert_value);
        p->init = 1;
    }

    return p;
}


/*
 * The lease: an owner pid and an expiry in the zone, renewed by the
 * holder on its ticks, free when released at exit or expired (a holder
 * that died).
 */

static ngx_uint_t
ngx_http_postflow_poller_lease(ngx_http_postflow_pzone_t *pz, time_t now)
{
    ngx_pid_t                     owner;
    ngx_uint_t                    leased;
    ngx_http_postflow_poll_sh_t  *p;

    p = &pz->zone->sh->poll;

    /* the common cases, without the lock */

    owner = p->owner;

    if (owner == ngx_pid
        && p->expires - now > NGX_HTTP_POSTFLOW_LEASE_TTL / 2)
    {
        return 1;
    }

    if (owner != ngx_pid && owner != 0 && p->expires >= now) {
        pz->leased = 0;
        return 0;
    }

    ngx_shmtx_lock(&pz->zone->shpool->mutex);

    p = ngx_http_postflow_poller_sh(pz->zone);

    leased = (p->owner == ngx_pid || p->owner == 0 || p->expires < now);

    if (leased) {
        owner = p->owner;
        p->owner = ngx_pid;
        p->expires = now + NGX_HTTP_POSTFLOW_LEASE_TTL;
    }

    ngx_shmtx_unlock(&pz->zone->shpool->mutex);

    if (leased && owner != ngx_pid) {
        ngx_log_error(NGX_LOG_INFO, ngx_http_postflow_poller.log, 0,
                      "postflow poller: this worker polls Frame.io for"
                      " postflow_zone \"%V\"", &pz->zone->name);
    }

    pz->leased = leased;

    return leased;
}


/* webhooks ----------------------------------------------------------- */


/*
 * What a verified webhook leaves to the poller, once the store had its
 * say (rc): comment events become jobs (NGX_HTTP_POSTFLOW_FETCH, or
 * _FETCH_FULL when the queue is full); an event for a file no track
 * knows also asks for the file's name.  Without a token, nothing.
 */

ngx_int_t
ngx_http_postflow_poller_event(ngx_http_request_t *r,
    ngx_http_postflow_fio_conf_t *conf, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, ngx_int_t rc)
{
    ngx_uint_t  kind, flags;

    if ((conf->token.len == 0 && conf->token_file.len == 0)
        || ev->type_index < 0)
    {
        return rc;
    }

    /* legacy payloads have a team, no account */

    flags = ev->account_id.len ? 0 : NGX_HTTP_POSTFLOW_JOB_LEGACY;

    switch (ngx_http_postflow_event_types[ev->type_index].effect) {

    case NGX_HTTP_POSTFLOW_EFFECT_COMMENT:
        kind = NGX_HTTP_POSTFLOW_JOB_COMMENT;
        break;

    case NGX_HTTP_POSTFLOW_EFFECT_COMMENT_COMPLETE:
        kind = NGX_HTTP_POSTFLOW_JOB_COMMENT;
        flags |= NGX_HTTP_POSTFLOW_JOB_COMPLETED;
        break;

    case NGX_HTTP_POSTFLOW_EFFECT_COMMENT_REOPEN:
        kind = NGX_HTTP_POSTFLOW_JOB_COMMENT;
        flags |= NGX_HTTP_POSTFLOW_JOB_UNCOMPLETED;
        break;

    case NGX_HTTP_POSTFLOW_EFFECT_COMMENT_DELETE:
        kind = NGX_HTTP_POSTFLOW_JOB_DELETE;
        break;

    case NGX_HTTP_POSTFLOW_EFFECT_VERSION:

        /* a new version's file: the stack it is in tells whose it is */

        if (rc == NGX_HTTP_POSTFLOW_QUEUED) {
            (void) ngx_http_postflow_poller_queue(zone, conf,
                                              NGX_HTTP_POSTFLOW_JOB_VERSION,
                                              flags, &ev->account_id,
                                              &ev->resource_id);
        }

        return rc;

    case NGX_HTTP_POSTFLOW_EFFECT_LABEL:

        /*
         * asset.label.updated does not say the label: the asset does;
         * V4's metadata.value.updated and file.updated, the file's
         * status field
         */

        if (rc == NGX_HTTP_POSTFLOW_APPLIED
            && ((flags & NGX_HTTP_POSTFLOW_JOB_LEGACY)
                || conf->status_values))
        {
            (void) ngx_http_postflow_poller_queue(zone, conf,
                                                  NGX_HTTP_POSTFLOW_JOB_LABEL,
                                                  flags, &ev->account_id,
                                                  &ev->resource_id);
            return rc;
        }

        /* fall through */

    default:

        /* kept for a registration: the file's name may route it now */

        if (rc == NGX_HTTP_POSTFLOW_QUEUED) {
            (void) ngx_http_postflow_poller_queue(zone, conf,
                                                  NGX_HTTP_POSTFLOW_JOB_FILE,
                                                  flags, &ev->account_id,
                                                  &ev->resource_id);
        }

        return rc;
    }

    if (rc != NGX_HTTP_POSTFLOW_IGNORED) {
        return rc;
    }

    if (ngx_http_postflow_poller_queue(zone, conf, kind, flags,
                                       &ev->account_id, &ev->resource_id)
        != NGX_OK)
    {
        return NGX_HTTP_POSTFLOW_FETCH_FULL;
    }

    return NGX_HTTP_POSTFLOW_FETCH;
}


/*
 * A job into the zone's queue, unless the same resource waits there
 * already: a comment's latest event decides what is done with it.
 */

static ngx_int_t
ngx_http_postflow_poller_queue(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_fio_conf_t *conf, ngx_uint_t kind,
    ngx_uint_t flags, ngx_str_t *account_id, ngx_str_t *id)
{
    uint32_t                      hash, key;
    ngx_http_postflow_shjob_t    *j;
    ngx_http_postflow_poll_sh_t  *p;

    hash = ngx_crc32_short(id->data, id->len);
    key = ngx_http_postflow_job_key(hash, kind);

    ngx_shmtx_lock(&zone->shpool->mutex);

    p = ngx_http_postflow_poller_sh(zone);

    j = (ngx_http_postflow_shjob_t *)
            ngx_str_rbtree_lookup(&p->waiting_ids, id, key);

    if (j) {
        j->kind = (uint8_t) kind;
        j->flags = (uint8_t) flags;

        ngx_shmtx_unlock(&zone->shpool->mutex);

        return NGX_OK;
    }

    j = NULL;

    if (p->njobs < conf->queue) {
        j = ngx_slab_alloc_locked(zone->shpool,
                                  sizeof(ngx_http_postflow_shjob_t)
                                  + account_id->len + id->len);
    }

    if (j) {
        j->hash = hash;
        j->taken = 0;
        j->kind = (uint8_t) kind;
        j->flags = (uint8_t) flags;
        j->account_id_len = (uint16_t) account_id->len;
        j->id_len = (uint16_t) id->len;
        /* a legacy event has no account: no data to copy */

        if (account_id->len) {
            ngx_memcpy(j->data, account_id->data, account_id->len);
        }

        ngx_memcpy(j->data + account_id->len, id->data, id->len);

        j->id.str.data = j->data + account_id->len;
        j->id.str.len = id->len;
        j->id.node.key = key;
        j->number.key = ++p->last_number;

        ngx_rbtree_insert(&p->numbers, &j->number);
        ngx_http_postflow_shjob_wait(p, j, 0);
        p->njobs++;
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    if (j == NULL) {
        (void) ngx_atomic_fetch_add(&p->counters.jobs_dropped, 1);

        ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0,
                      "postflow poller: job for \"%V\" dropped, the queue"
                      " of postflow_zone \"%V\" is full", id, &zone->name);

        return NGX_DECLINED;
    }

    (void) ngx_atomic_fetch_add(&p->counters.jobs_queued, 1);

    return NGX_OK;
}


/* jobs --------------------------------------------------------------- */


/* the zone's waiting jobs, while this worker has room for them */

static void
ngx_http_postflow_poller_take(ngx_http_postflow_pzone_t *pz)
{
    ngx_http_postflow_job_t      *job;
    ngx_http_postflow_shjob_t    *j;
    ngx_http_postflow_poll_sh_t  *p;
    ngx_http_postflow_poller_t   *pl;

    pl = &ngx_http_postflow_poller;

    /* a job that ends at once calls here again: the loop goes on */

    if (pl->busy) {
        return;
    }

    pl->busy = 1;

    while (pz->leased && pl->running
           && pl->njobs < 2 * pl->conf->concurrency)
    {
        if (pz->zone->sh->poll.njobs == 0) {
            break;
        }

        ngx_shmtx_lock(&pz->zone->shpool->mutex);

        p = ngx_http_postflow_poller_sh(pz->zone);
        j = ngx_http_postflow_poller_next(p);

        job = NULL;

        if (j) {
            job = ngx_http_postflow_poller_job(pz, j->kind);
        }

        if (job) {
            ngx_http_postflow_shjob_take(p, j);

            job->number = j->number.key;
            job->flags = j->flags;
            job->hash = j->hash;
            job->account_id.len = j->account_id_len;
            job->id.len = j->id_len;
            job->account_id.data = ngx_pnalloc(job->pool,
                                               j->account_id_len + 1);
            job->id.data = ngx_pnalloc(job->pool, j->id_len + 1);

            if (job->account_id.data && job->id.data) {
                *ngx_cpymem(job->account_id.data, j->data,
                            j->account_id_len) = '\0';
                *ngx_cpymem(job->id.data, j->data + j->account_id_len,
                            j->id_len) = '\0';

            } else {
                job->id.data = NULL;
            }
        }

        ngx_shmtx_unlock(&pz->zone->shpool->mutex);

        if (job == NULL) {
            break;
        }

        if (job->id.data == NULL) {
            ngx_http_postflow_poller_done(job, 1);
            break;
        }

        ngx_http_postflow_poller_start(job);
    }

    pl->busy = 0;
}


/*
 * The oldest job nobody works on, then one a worker that lost the lease
 * had taken: ours now.  A deletion waits while this worker still
 * fetches the same comment, so that the fetch cannot bring the comment
 * back after it.  A waiting job is one per resource and kind, so those
 * skipped are at most two per job this worker runs: the walk is bounded
 * by postflow_frameio_concurrency, not by the queue.
 */

static ngx_http_postflow_shjob_t *
ngx_http_postflow_poller_next(ngx_http_postflow_poll_sh_t *p)
{
    ngx_queue_t                *q;
    ngx_http_postflow_shjob_t  *j;

    for (q = ngx_queue_head(&p->waiting);
         q != ngx_queue_sentinel(&p->waiting);
         q = ngx_queue_next(q))
    {
        j = ngx_queue_data(q, ngx_http_postflow_shjob_t, queue);

        if (!ngx_http_postflow_poller_busy(j)) {
            return j;
        }
    }

    for (q = ngx_queue_head(&p->taken);
         q != ngx_queue_sentinel(&p->taken);
         q = ngx_queue_next(q))
    {
        j = ngx_queue_data(q, ngx_http_postflow_shjob_t, queue);

        if (j->taken != ngx_pid && !ngx_http_postflow_poller_busy(j)) {
            return j;
        }
    }

    return NULL;
}


/* whether this worker runs a job for the same resource */

static ngx_uint_t
ngx_http_postflow_poller_busy(ngx_http_postflow_shjob_t *j)
{
    ngx_queue_t              *q;
    ngx_http_postflow_job_t  *job;

    for (q = ngx_queue_head(&ngx_http_postflow_poller.jobs);
         q != ngx_queue_sentinel(&ngx_http_postflow_poller.jobs);
         q = ngx_queue_next(q))
    {
        job = ngx_queue_data(q, ngx_http_postflow_job_t, queue);

        if (job->hash == j->hash && job->number) {
            return 1;
        }
    }

    return 0;
}


/* a job waits: findable by its resource again */

static void
ngx_http_postflow_shjob_wait(ngx_http_postflow_poll_sh_t *p,
    ngx_http_postflow_shjob_t *j, ngx_uint_t first)
{
    j->taken = 0;

    ngx_rbtree_insert(&p->waiting_ids, &j->id.node);

    if (first) {
        ngx_queue_insert_head(&p->waiting, &j->queue);

    } else {
        ngx_queue_insert_tail(&p->waiting, &j->queue);
    }
}


static void
ngx_http_postflow_shjob_take(ngx_http_postflow_poll_sh_t *p,
    ngx_http_postflow_shjob_t *j)
{
    if (j->taken == 0) {
        ngx_rbtree_delete(&p->waiting_ids, &j->id.node);
    }

    ngx_queue_remove(&j->queue);
    ngx_queue_insert_tail(&p->taken, &j->queue);

    j->taken = ngx_pid;
}


/*
 * By its number: a job that ends may have been taken over and freed by
 * another worker since, and its memory reused.
 */

static ngx_http_postflow_shjob_t *
ngx_http_postflow_shjob_find(ngx_http_postflow_poll_sh_t *p,
    ngx_rbtree_key_t number)
{
    ngx_rbtree_node_t  *node, *sentinel;

    node = p->numbers.root;
    sentinel = p->numbers.sentinel;

    while (node != sentinel) {

        if (number == node->key) {
            return (ngx_http_postflow_shjob_t *)
                       ((u_char *) node
                        - offsetof(ngx_http_postflow_shjob_t, number));
        }

        node = (number < node->key) ? node->left : node->right;
    }

    return NULL;
}


static ngx_http_postflow_job_t *
ngx_http_postflow_poller_job(ngx_http_postflow_pzone_t *pz, ngx_uint_t kind)
{
    ngx_pool_t                  *pool;
    ngx_http_postflow_job_t     *job;
    ngx_http_postflow_poller_t  *pl;

    pl = &ngx_http_postflow_poller;

    pool = ngx_create_pool(4096, pl->log);
    if (pool == NULL) {
        return NULL;
    }

    job = ngx_pcalloc(pool, sizeof(ngx_http_postflow_job_t));
    if (job == NULL) {
        ngx_destroy_pool(pool);
        return NULL;
    }

    job->pool = pool;
    job->pz = pz;
    job->kind = kind;
    job->comment.completed = -1;

    ngx_queue_insert_tail(&pl->jobs, &job->queue);
    pl->njobs++;

    return job;
}


static void
ngx_http_postflow_poller_start(ngx_http_postflow_job_t *job)
{
    ngx_str_t  url;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, ngx_http_postflow_poller.log, 0,
                   "postflow poller: job %ui for \"%V\"", job->kind,
                   job->kind == NGX_HTTP_POSTFLOW_JOB_POLL
                   ? &job->ref.upload_id : &job->id);

    switch (job->kind) {

    case NGX_HTTP_POSTFLOW_JOB_DELETE:
        ngx_http_postflow_poller_delete(job);
        return;

    case NGX_HTTP_POSTFLOW_JOB_COMMENT:
        if (ngx_http_postflow_poller_url(job, &url, "comments", &job->id, 0)
            != NGX_OK
            || ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_comment)
               != NGX_OK)
        {
            ngx_http_postflow_poller_done(job, 1);
        }

        return;

    case NGX_HTTP_POSTFLOW_JOB_FILE:

        /* routed meanwhile (another event of the same file): done */

        if (ngx_http_postflow_store_has_file(job->pz->zone, &job->id)) {
            ngx_http_postflow_poller_done(job, 0);
            return;
        }

        if (ngx_http_postflow_poller_url(job, &url, "file", &job->id, 0)
            != NGX_OK
            || ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_file)
               != NGX_OK)
        {
            ngx_http_postflow_poller_done(job, 1);
        }

        return;

    case NGX_HTTP_POSTFLOW_JOB_VERSION:

        if (ngx_http_postflow_store_has_file(job->pz->zone, &job->id)) {
            ngx_http_postflow_poller_done(job, 0);
            return;
        }

        if (ngx_http_postflow_poller_url(job, &url, "file", &job->id, 0)
            != NGX_OK
            || ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_version)
               != NGX_OK)
        {
            ngx_http_postflow_poller_done(job, 1);
        }

        return;

    case NGX_HTTP_POSTFLOW_JOB_LABEL:
        if (ngx_http_postflow_poller_url(job, &url,
                                (job->flags & NGX_HTTP_POSTFLOW_JOB_LEGACY)
                                ? "file" : "metadata", &job->id, 0)
            != NGX_OK
            || ngx_http_postflow_poller_get(job, &url,
                                (job->flags & NGX_HTTP_POSTFLOW_JOB_LEGACY)
                                ? ngx_http_postflow_poller_label
                                : ngx_http_postflow_poller_status)
               != NGX_OK)
        {
            ngx_http_postflow_poller_done(job, 1);
        }

        return;

    default: /* NGX_HTTP_POSTFLOW_JOB_POLL */

        job->page = 1;

        if (ngx_array_init(&job->comments, job->pool, 16,
                           sizeof(ngx_http_postflow_fio_comment_t))
            != NGX_OK
            || ngx_http_postflow_poller_url(job, &url, "thread",
                                            &job->ref.file_id, 1)
               != NGX_OK
            || ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_page)
               != NGX_OK)
        {
            ngx_http_postflow_poller_done(job, 1);
        }

        return;
    }
}


/*
 * A job ends: out of the zone's queue if it came from there (and is
 * still this worker's), counted, and the next ones start.
 */

static void
ngx_http_postflow_poller_done(ngx_http_postflow_job_t *job,
    ngx_uint_t failed)
{
    ngx_http_postflow_pzone_t    *pz;
    ngx_http_postflow_shjob_t    *j;
    ngx_http_postflow_poll_sh_t  *p;
    ngx_http_postflow_poller_t   *pl;

    pl = &ngx_http_postflow_poller;
    pz = job->pz;
    p = &pz->zone->sh->poll;

    if (job->number) {
        ngx_shmtx_lock(&pz->zone->shpool->mutex);

        j = ngx_http_postflow_shjob_find(p, job->number);

        if (j && j->taken == ngx_pid) {
            ngx_queue_remove(&j->queue);
            ngx_rbtree_delete(&p->numbers, &j->number);
            p->njobs--;
            ngx_slab_free_locked(pz->zone->shpool, j);
        }

        ngx_shmtx_unlock(&pz->zone->shpool->mutex);

        (void) ngx_atomic_fetch_add(failed ? &p->counters.jobs_failed
                                           : &p->counters.jobs_done, 1);

    } else {
        pz->run_active--;
    }

    ngx_queue_remove(&job->queue);
    pl->njobs--;

    ngx_destroy_pool(job->pool);

    if (pl->running && !pl->busy) {
        ngx_http_postflow_poller_take(pz);
        ngx_http_postflow_poller_run(pz);
    }
}


/*
 * Rounds: every postflow_poll_interval, the tracks that are due, the
 * most in need first (ngx_http_postflow_store_poll.c), as many as the
 * budget allows in an interval; their calls wait for the budget behind
 * those webhooks asked for.  A round not done when the next is due
 * stops: what it left leads the next one.  The time of the last round
 * is the zone's, so that a new lease holder keeps the pace.
 */

static void
ngx_http_postflow_poller_run(ngx_http_postflow_pzone_t *pz)
{
    time_t                          now, interval;
    ngx_http_postflow_job_t        *job;
    ngx_http_postflow_poll_sh_t    *p;
    ngx_http_postflow_poller_t     *pl;

    pl = &ngx_http_postflow_poller;
    p = &pz->zone->sh->poll;

    if (pl->conf->poll_interval == 0 || !pz->leased) {
        return;
    }

    now = ngx_time();
    interval = (time_t) (pl->conf->poll_interval / 1000);

    if (p->last_run == 0 || now >= p->last_run + interval) {

        /* jobs in flight have their own copy of their track's ids */

        if (pz->run_pool) {
            ngx_destroy_pool(pz->run_pool);
            pz->run_pool = NULL;
        }

        if (ngx_http_postflow_poller_round(pz, now, interval) != NGX_OK) {
            return;
        }
    }

    if (pz->run_pool == NULL || pl->busy) {
        return;
    }

    pl->busy = 1;

    while (pz->run_next < pz->run_n && pz->leased && pl->running
           && pz->run_active < pl->conf->concurrency)
    {
        job = ngx_http_postflow_poller_job(pz, NGX_HTTP_POSTFLOW_JOB_POLL);
        if (job == NULL) {
            break;
        }

        pz->run_active++;

        if (ngx_http_postflow_poller_poll(job, &pz->run_refs[pz->run_next++])
            != NGX_OK)
        {
            ngx_http_postflow_poller_done(job, 1);
            continue;
        }

        ngx_http_postflow_poller_start(job);
    }

    pl->busy = 0;

    if (pz->run_next == pz->run_n || !pz->leased) {
        ngx_destroy_pool(pz->run_pool);
        pz->run_pool = NULL;
    }
}


/*
 * A poll job: its own copy of the track's ids, and the track not due
 * again for an interval, even if the round ends before the answer.
 */

static ngx_int_t
ngx_http_postflow_poller_poll(ngx_http_postflow_job_t *job,
    ngx_http_postflow_track_ref_t *ref)
{
    ngx_http_postflow_zone_t  *zone;

    if (ngx_http_postflow_poller_copy(job->pool, &job->ref.upload_id,
                                      &ref->upload_id) != NGX_OK
        || ngx_http_postflow_poller_copy(job->pool, &job->ref.file_id,
                                         &ref->file_id) != NGX_OK
        || ngx_http_postflow_poller_copy(job->pool, &job->ref.account_id,
                                         &ref->account_id) != NGX_OK)
    {
        return NGX_ERROR;
    }

    job->account_id = job->ref.account_id;

    if (job->account_id.len == 0) {
        job->flags |= NGX_HTTP_POSTFLOW_JOB_LEGACY;
    }

    zone = job->pz->zone;

    ngx_http_postflow_store_polled(zone, &job->ref.upload_id, ngx_time());
    (void) ngx_atomic_fetch_add(&zone->sh->poll.counters.tracks_polled, 1);

    return NGX_OK;
}


/* null-terminated: URLs are made of it */

static ngx_int_t
ngx_http_postflow_poller_copy(ngx_pool_t *pool, ngx_str_t *dst,
    ngx_str_t *src)
{
    dst->data = ngx_pnalloc(pool, src->len + 1);
    if (dst->data == NULL) {
        return NGX_ERROR;
    }

    *ngx_cpymem(dst->data, src->data, src->len) = '\0';
    dst->len = src->len;

    return NGX_OK;
}


/* a new round's tracks; NGX_DECLINED: none is due */

static ngx_int_t
ngx_http_postflow_poller_round(ngx_http_postflow_pzone_t *pz, time_t now,
    time_t interval)
{
    ngx_uint_t                       per_minute, used;
    ngx_pool_t                      *pool;
    ngx_array_t                      refs;
    ngx_http_postflow_poll_sh_t     *p;
    ngx_http_postflow_poller_t      *pl;
    ngx_http_postflow_poll_round_t   round;

    pl = &ngx_http_postflow_poller;
    p = &pz->zone->sh->poll;

    p->last_run = now;
    (void) ngx_atomic_fetch_add(&p->counters.runs, 1);

    ngx_http_postflow_budget_read(pl->conf, &per_minute, &used);

    round.now = now;
    round.review_every = interval;
    round.completed_every = NGX_HTTP_POSTFLOW_POLL_COMPLETED * interval;
    round.completed_for = pl->conf->poll_completed;
    round.max = per_minute * (ngx_uint_t) interval / 60;
    round.max = ngx_max(round.max, 1);
    round.max = ngx_min(round.max, NGX_HTTP_POSTFLOW_POLL_TRACKS);

    pool = ngx_create_pool(4096, pl->log);
    if (pool == NULL) {
        return NGX_ERROR;
    }

    if (ngx_array_init(&refs, pool, 16,
                       sizeof(ngx_http_postflow_track_ref_t))
        != NGX_OK
        || ngx_http_postflow_store_poll_targets(pz->zone, pool, &refs,
                                                &round)
           != NGX_OK)
    {
        ngx_destroy_pool(pool);
        return NGX_ERROR;
    }

    p->lag = round.lag;
    p->round_tracks = refs.nelts;
    p->round_due = round.due;

    if (refs.nelts == 0) {
        ngx_destroy_pool(pool);
        return NGX_DECLINED;
    }

    ngx_log_debug4(NGX_LOG_DEBUG_HTTP, pl->log, 0,
                   "postflow poller: round of %ui tracks of %ui due in"
                   " \"%V\", lag %T", refs.nelts, round.due,
                   &pz->zone->name, round.lag);

    pz->run_pool = pool;
    pz->run_refs = refs.elts;
    pz->run_n = refs.nelts;
    pz->run_next = 0;
    pz->run_active = 0;

    return NGX_OK;
}


/* calls -------------------------------------------------------------- */


static ngx_int_t
ngx_http_postflow_poller_get(ngx_http_postflow_job_t *job, ngx_str_t *url,
    ngx_http_postflow_fio_handler_pt handler)
{
    return ngx_http_postflow_fio_get(url, job->number == 0,
                                     &job->pz->zone->sh->poll.counters,
                                     handler, job);
}


/*
 * The API paths, V4 under the account, legacy under /v2:
 *
 *     comments  /v4/accounts/A/comments/ID       /v2/comments/ID
 *     file      /v4/accounts/A/files/ID          /v2/assets/ID
 *     thread    /v4/accounts/A/files/ID/comments?page_size=N&include=replies
 *               /v2/assets/ID/comments?page=P&page_size=N
 *     metadata  /v4/accounts/A/files/ID/metadata
 *     stack     /v4/accounts/A/version_stacks/ID/children
 *               /v2/assets/ID/children
 *
 * "page" > 1 asks V4 for a page by number (older V4 answers with
 * "meta" page numbers instead of a "links.next" cursor).
 */

static ngx_int_t
ngx_http_postflow_poller_url(ngx_http_postflow_job_t *job, ngx_str_t *url,
    const char *what, ngx_str_t *id, ngx_uint_t page)
{
    u_char                            *p;
    size_t                             len;
    ngx_uint_t                         legacy;
    ngx_http_postflow_fio_conf_t      *conf;

    conf = ngx_http_postflow_poller.conf;
    legacy = job->flags & NGX_HTTP_POSTFLOW_JOB_LEGACY;

    len = conf->api.len + 3 * (job->account_id.len + id->len)
          + sizeof("/v4/accounts//files//comments?page_size=&include=replies"
                   "&page=") + 2 * NGX_INT_T_LEN;

    p = ngx_pnalloc(job->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    url->data = p;
    p = ngx_cpymem(p, conf->api.data, conf->api.len);

    if (legacy) {
        p = ngx_cpymem(p, "/v2/", 4);

    } else {
        p = ngx_cpymem(p, "/v4/accounts/", sizeof("/v4/accounts/") - 1);
        p = ngx_http_postflow_poller_escape(p, &job->account_id);
        *p++ = '/';
    }

    if (what[0] == 'c') {
        p = ngx_cpymem(p, "comments/", sizeof("comments/") - 1);
        p = ngx_http_postflow_poller_escape(p, id);

    } else if (what[0] == 's' && !legacy) {
        p = ngx_cpymem(p, "version_stacks/", sizeof("version_stacks/") - 1);
        p = ngx_http_postflow_poller_escape(p, id);

    } else {
        p = legacy ? ngx_cpymem(p, "assets/", sizeof("assets/") - 1)
                   : ngx_cpymem(p, "files/", sizeof("files/") - 1);
        p = ngx_http_postflow_poller_escape(p, id);
    }

    if (what[0] == 'm') {
        p = ngx_cpymem(p, "/metadata", sizeof("/metadata") - 1);
    }

    if (what[0] == 's') {
        p = ngx_cpymem(p, "/children", sizeof("/children") - 1);
    }

    if (what[0] == 't') {
        if (legacy) {
            p = ngx_sprintf(p, "/comments?page=%ui&page_size=%d", page,
                            NGX_HTTP_POSTFLOW_PAGE_SIZE);

        } else {
            p = ngx_sprintf(p, "/comments?page_size=%d&include=replies",
                            NGX_HTTP_POSTFLOW_PAGE_SIZE);

            if (page > 1) {
                p = ngx_sprintf(p, "&page=%ui", page);
            }
        }
    }

    url->len = p - url->data;

    return NGX_OK;
}


static u_char *
ngx_http_postflow_poller_escape(u_char *p, ngx_str_t *s)
{
    return (u_char *) ngx_escape_uri(p, s->data, s->len,
                                     NGX_ESCAPE_URI_COMPONENT);
}


/* the one resource of an answer, or NULL (logged) */

static ngx_http_postflow_fio_resource_t *
ngx_http_postflow_poller_one(ngx_http_postflow_job_t *job,
    ngx_http_postflow_fio_result_t *res)
{
    ngx_str_t                          err;
    ngx_http_postflow_fio_doc_t        doc;
    ngx_http_postflow_fio_resource_t  *r;

    if (ngx_http_postflow_fio_parse(job->pool, &res->body, 1, &doc, &err)
        != NGX_OK)
    {
        ngx_log_error(NGX_LOG_ERR, ngx_http_postflow_poller.log, 0,
                      "postflow poller: GET %V: %V", &res->url, &err);
        return NULL;
    }

    if (doc.list || doc.resources.nelts != 1) {
        ngx_log_error(NGX_LOG_ERR, ngx_http_postflow_poller.log, 0,
                      "postflow poller: GET %V: not one resource",
                      &res->url);
        return NULL;
    }

    r = doc.resources.elts;

    return r;
}


/* comment jobs ------------------------------------------------------- */


/*
 * A comment, or a reply's parent: the comment's file comes from the
 * comment ("file_id", or the "asset_id" of legacy and early V4), else
 * from its parent.
 */

static void
ngx_http_postflow_poller_comment(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_str_t                          url;
    ngx_http_postflow_fio_resource_t  *r;

    if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK) {

        /* deleted since the event: nothing to add */

        ngx_http_postflow_poller_done(job, res->status != 404);
        return;
    }

    r = ngx_http_postflow_poller_one(job, res);

    if (r == NULL) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    if (job->step == NGX_HTTP_POSTFLOW_STEP_PARENT) {
        job->comment.file_id = r->file_id;

    } else {
        job->comment = *r;
    }

    if (job->comment.file_id.len) {
        ngx_http_postflow_poller_comment_apply(job);
        return;
    }

    if (job->step == NGX_HTTP_POSTFLOW_STEP_FETCH
        && job->comment.parent_id.len)
    {
        job->step = NGX_HTTP_POSTFLOW_STEP_PARENT;

        if (ngx_http_postflow_poller_url(job, &url, "comments",
                                         &job->comment.parent_id, 0)
            == NGX_OK
            && ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_comment)
               == NGX_OK)
        {
            return;
        }
    }

    ngx_log_error(NGX_LOG_WARN, ngx_http_postflow_poller.log, 0,
                  "postflow poller: comment \"%V\" names no file",
                  &job->id);

    ngx_http_postflow_poller_done(job, 1);
}


/* the comment's analysis into the track of its file */

static void
ngx_http_postflow_poller_comment_apply(ngx_http_postflow_job_t *job)
{
    ngx_int_t                         rc;
    ngx_http_postflow_zone_t         *zone;
    ngx_http_postflow_answer_t        ans;
    ngx_http_postflow_poll_sh_t      *p;
    ngx_http_postflow_fio_comment_t   c;

    zone = job->pz->zone;
    p = &zone->sh->poll;

    if (ngx_http_postflow_poller_analyse(job, &job->comment, &c) != NGX_OK) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    /* the API's state wins; the event tells when the API does not */

    if (c.completed < 0) {
        if (job->flags & NGX_HTTP_POSTFLOW_JOB_COMPLETED) {
            c.completed = 1;

        } else if (job->flags & NGX_HTTP_POSTFLOW_JOB_UNCOMPLETED) {
            c.completed = 0;
        }
    }

    ngx_http_postflow_answer_init(&ans, job->pool);

    rc = ngx_http_postflow_store_fio_comment(zone, &job->comment.file_id, &c,
                                             &ans);

    switch (rc) {

    case NGX_HTTP_POSTFLOW_CREATED:
        (void) ngx_atomic_fetch_add(&p->counters.comments_added, 1);
        (void) ngx_atomic_fetch_add(&zone->sh->counters.comments_analyzed, 1);
        break;

    case NGX_HTTP_POSTFLOW_APPLIED:
        (void) ngx_atomic_fetch_add(&p->counters.comments_edited, 1);
        break;

    case NGX_HTTP_POSTFLOW_NOT_FOUND:
        if (job->step != NGX_HTTP_POSTFLOW_STEP_FILE) {
            ngx_http_postflow_poller_comment_file(job);
            return;
        }

        break;

    default:
        break;
    }

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, ngx_http_postflow_poller.log, 0,
                   "postflow poller: comment \"%V\" of file \"%V\": %i",
                   &job->id, &job->comment.file_id, rc);

    ngx_http_postflow_poller_done(job, rc == NGX_ERROR
                                       || rc == NGX_HTTP_POSTFLOW_FULL);
}


/* no track has the comment's file yet: its name may route it */

static void
ngx_http_postflow_poller_comment_file(ngx_http_postflow_job_t *job)
{
    ngx_str_t  url;

    job->step = NGX_HTTP_POSTFLOW_STEP_FILE;

    if (ngx_http_postflow_poller_url(job, &url, "file",
                                     &job->comment.file_id, 0)
        != NGX_OK
        || ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_file)
           != NGX_OK)
    {
        ngx_http_postflow_poller_done(job, 1);
    }
}


/* file jobs ---------------------------------------------------------- */


static void
ngx_http_postflow_poller_file(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_str_t                         *file_id;
    ngx_http_postflow_fio_resource_t  *r;

    if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    r = ngx_http_postflow_poller_one(job, res);

    if (r == NULL || r->name.len == 0) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    file_id = (job->kind == NGX_HTTP_POSTFLOW_JOB_FILE) ? &job->id
                                                      : &job->comment.file_id;

    if (ngx_http_postflow_poller_route(job, file_id, &r->name) == NGX_OK
        && job->kind == NGX_HTTP_POSTFLOW_JOB_COMMENT)
    {
        ngx_http_postflow_poller_comment_apply(job);
        return;
    }

    ngx_http_postflow_poller_done(job, 0);
}


static void
ngx_http_postflow_poller_label(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_int_t                          rc;
    ngx_http_postflow_fio_resource_t  *r;

    if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    r = ngx_http_postflow_poller_one(job, res);

    if (r == NULL || r->label.len == 0) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    rc = ngx_http_postflow_store_label(job->pz->zone, &job->id, &r->label,
                                       job->pool);

    ngx_http_postflow_poller_done(job, rc != NGX_HTTP_POSTFLOW_APPLIED);
}


/*
 * A file's name against the uploads that have no file yet: NGX_OK when
 * it routed.  Every outcome is counted; an ambiguous one is logged.
 */

/* version stacks --------------------------------------------------- */


/*
 * file.versioned (asset.versioned) for a file no track has: the file's
 * parent is its version stack, whose children are the versions; a
 * track that has one of them follows the new file.  An id that is no
 * file may be the stack's own (what V4 sends is not documented).  No
 * stack, or none of its files known: routed by its name instead.
 */

static void
ngx_http_postflow_poller_version(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_str_t                         *stack, url;
    ngx_http_postflow_fio_resource_t  *r;

    if (res->outcome == NGX_HTTP_POSTFLOW_FIO_4XX && res->status == 404
        && !(job->flags & NGX_HTTP_POSTFLOW_JOB_LEGACY))
    {
        stack = &job->id;

    } else if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK) {
        ngx_http_postflow_poller_done(job, 1);
        return;

    } else {
        r = ngx_http_postflow_poller_one(job, res);

        if (r == NULL) {
            ngx_http_postflow_poller_done(job, 1);
            return;
        }

        job->comment = *r;
        stack = &job->comment.parent_id;

        if (stack->len == 0) {
            ngx_http_postflow_poller_version_route(job);
            return;
        }
    }

    if (ngx_http_postflow_poller_url(job, &url, "stack", stack, 0) != NGX_OK
        || ngx_http_postflow_poller_get(job, &url,
                                        ngx_http_postflow_poller_stack)
           != NGX_OK)
    {
        ngx_http_postflow_poller_done(job, 1);
    }
}


/* the stack's files: one a track has, and the newest when not told */

static void
ngx_http_postflow_poller_stack(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_int_t                          rc;
    ngx_str_t                          err, *file_id, *known;
    ngx_uint_t                         i;
    ngx_http_postflow_zone_t          *zone;
    ngx_http_postflow_fio_doc_t        doc;
    ngx_http_postflow_fio_resource_t  *r, *newest;

    zone = job->pz->zone;

    if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK
        || ngx_http_postflow_fio_parse(job->pool, &res->body,
                                       NGX_HTTP_POSTFLOW_PAGE_RESOURCES, &doc,
                                       &err)
           != NGX_OK
        || !doc.list)
    {
        ngx_http_postflow_poller_version_route(job);
        return;
    }

    r = doc.resources.elts;
    known = NULL;
    newest = NULL;

    for (i = 0; i < doc.resources.nelts; i++) {

        if (r[i].id.len == 0) {
            continue;
        }

        if (known == NULL
            && ngx_http_postflow_store_has_file(zone, &r[i].id))
        {
            known = &r[i].id;
        }

        if (newest == NULL
            || ngx_memn2cmp(r[i].inserted_at.data, newest->inserted_at.data,
                            r[i].inserted_at.len, newest->inserted_at.len)
               > 0)
        {
            newest = &r[i];
        }
    }

    /* the file the event named, or else the stack's newest */

    file_id = job->comment.id.len ? &job->id
              : newest ? &newest->id : NULL;

    if (known == NULL || file_id == NULL) {
        ngx_http_postflow_poller_version_route(job);
        return;
    }

    rc = ngx_http_postflow_store_version(zone, known, file_id, job->pool);

    if (rc == NGX_HTTP_POSTFLOW_APPLIED) {
        (void) ngx_atomic_fetch_add(&zone->sh->poll.counters.versions_linked,
                                    1);

        ngx_log_error(NGX_LOG_INFO, ngx_http_postflow_poller.log, 0,
                      "postflow poller: file \"%V\" is a new version of"
                      " \"%V\"", file_id, known);
    }

    ngx_http_postflow_poller_done(job, rc != NGX_HTTP_POSTFLOW_APPLIED
                                       && rc != NGX_HTTP_POSTFLOW_UNCHANGED);
}


/* in no stack a track knows: the file's name may route it */

static void
ngx_http_postflow_poller_version_route(ngx_http_postflow_job_t *job)
{
    if (job->comment.name.len) {
        (void) ngx_http_postflow_poller_route(job, &job->id,
                                              &job->comment.name);
    }

    ngx_http_postflow_poller_done(job, job->comment.name.len == 0);
}


/*
 * V4: the file's status field, read as the legacy label would be; a
 * value the configuration does not name leaves the comments to decide.
 */

static void
ngx_http_postflow_poller_status(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_int_t                      rc;
    ngx_str_t                      value, label, err;
    ngx_http_postflow_fio_conf_t  *conf;

    conf = ngx_http_postflow_poller.conf;

    if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK) {
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    rc = ngx_http_postflow_fio_parse_status(job->pool, &res->body,
                                            &conf->status_field, &value,
                                            &err);

    if (rc == NGX_ERROR) {
        ngx_log_error(NGX_LOG_ERR, ngx_http_postflow_poller.log, 0,
                      "postflow poller: GET %V: %V", &res->url, &err);
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    if (rc == NGX_DECLINED) {
        ngx_str_set(&value, "");
        ngx_str_set(&label, "none");

    } else {
        ngx_http_postflow_fio_status_label(conf, &value, &label);
    }

    (void) ngx_atomic_fetch_add(&job->pz->zone->sh->poll.counters.status_read,
                                1);

    ngx_log_error(NGX_LOG_INFO, ngx_http_postflow_poller.log, 0,
                  "postflow poller: file \"%V\": %V \"%V\", read as the"
                  " label \"%V\"", &job->id, &conf->status_field, &value,
                  &label);

    rc = ngx_http_postflow_store_label(job->pz->zone, &job->id, &label,
                                       job->pool);

    ngx_http_postflow_poller_done(job, rc != NGX_HTTP_POSTFLOW_APPLIED);
}


static ngx_int_t
ngx_http_postflow_poller_route(ngx_http_postflow_job_t *job,
    ngx_str_t *file_id, ngx_str_t *name)
{
    double                          score;
    ngx_int_t                       m, rc;
    ngx_str_t                      *names;
    ngx_uint_t                      i, index;
    ngx_array_t                     refs;
    ngx_http_postflow_zone_t       *zone;
    ngx_http_postflow_answer_t      ans;
    ngx_http_postflow_poll_sh_t    *p;
    ngx_http_postflow_track_ref_t  *ref;

    zone = job->pz->zone;
    p = &zone->sh->poll;

    if (ngx_array_init(&refs, job->pool, 16,
                       sizeof(ngx_http_postflow_track_ref_t))
        != NGX_OK
        || ngx_http_postflow_store_unrouted(zone, job->pool, &refs,
                                            NGX_HTTP_POSTFLOW_CANDIDATES_MAX)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    ref = refs.elts;

    names = ngx_palloc(job->pool, (refs.nelts + 1) * sizeof(ngx_str_t));
    if (names == NULL) {
        return NGX_ERROR;
    }

    for (i = 0; i < refs.nelts; i++) {
        names[i] = ref[i].filename;
    }

    index = 0;

    m = ngx_http_postflow_match_best(job->pool, name, names, refs.nelts,
                                     ngx_http_postflow_poller.conf->threshold,
                                     &index, &score);

    switch (m) {

    case NGX_HTTP_POSTFLOW_MATCH_EXACT:
    case NGX_HTTP_POSTFLOW_MATCH_SIMILAR:
        break;

    case NGX_HTTP_POSTFLOW_MATCH_AMBIGUOUS:
        (void) ngx_atomic_fetch_add(&p->counters.routing_ambiguous, 1);

        ngx_log_error(NGX_LOG_WARN, ngx_http_postflow_poller.log, 0,
                      "postflow poller: file \"%V\" (\"%V\") is not routed:"
                      " several uploads match its name as closely",
                      file_id, name);
        return NGX_DECLINED;

    case NGX_HTTP_POSTFLOW_MATCH_NONE:
        (void) ngx_atomic_fetch_add(&p->counters.routing_unmatched, 1);

        ngx_log_error(NGX_LOG_INFO, ngx_http_postflow_poller.log, 0,
                      "postflow poller: file \"%V\" (\"%V\") matches no"
                      " upload", file_id, name);
        return NGX_DECLINED;

    default:
        return NGX_ERROR;
    }

    ref = &ref[index];

    if (ref->account_id.len == 0) {
        ref->account_id = job->account_id;
    }

    ngx_http_postflow_answer_init(&ans, job->pool);

    rc = ngx_http_postflow_store_fio_file(zone, file_id, ref, &ans);

    if (rc != NGX_HTTP_POSTFLOW_APPLIED) {
        return NGX_DECLINED;
    }

    (void) ngx_atomic_fetch_add(m == NGX_HTTP_POSTFLOW_MATCH_EXACT
                                ? &p->counters.routed_by_name
                                : &p->counters.routed_by_similarity, 1);

    ngx_log_error(NGX_LOG_INFO, ngx_http_postflow_poller.log, 0,
                  "postflow poller: file \"%V\" (\"%V\") routed to upload"
                  " \"%V\" by %s (%.3f)", file_id, name, &ref->upload_id,
                  m == NGX_HTTP_POSTFLOW_MATCH_EXACT ? "name" : "similarity",
                  score);

    return NGX_OK;
}


/* comment.deleted: no call, the comment leaves the analysis */

static void
ngx_http_postflow_poller_delete(ngx_http_postflow_job_t *job)
{
    ngx_int_t                     rc;
    ngx_http_postflow_answer_t    ans;
    ngx_http_postflow_poll_sh_t  *p;

    p = &job->pz->zone->sh->poll;

    ngx_http_postflow_answer_init(&ans, job->pool);

    rc = ngx_http_postflow_store_fio_comment_deleted(job->pz->zone, &job->id,
                                                     &ans);

    if (rc == NGX_HTTP_POSTFLOW_APPLIED) {
        (void) ngx_atomic_fetch_add(&p->counters.comments_deleted, 1);
    }

    ngx_http_postflow_poller_done(job, rc == NGX_ERROR);
}


/* polls -------------------------------------------------------------- */


/* a page of a track's comments, analysed as it comes */

static void
ngx_http_postflow_poller_page(ngx_http_postflow_fio_result_t *res,
    void *data)
{
    ngx_http_postflow_job_t *job = data;

    ngx_int_t                          rc;
    ngx_str_t                          err, url;
    ngx_uint_t                         i, j, dup;
    ngx_http_postflow_fio_doc_t        doc;
    ngx_http_postflow_fio_resource_t  *r;
    ngx_http_postflow_fio_comment_t   *c, *all;

    if (res->outcome != NGX_HTTP_POSTFLOW_FIO_OK) {

        ngx_http_postflow_poller_thread(job, 0);
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    if (ngx_http_postflow_fio_parse(job->pool, &res->body,
                                    NGX_HTTP_POSTFLOW_PAGE_RESOURCES, &doc,
                                    &err)
        != NGX_OK
        || !doc.list)
    {
        ngx_log_error(NGX_LOG_ERR, ngx_http_postflow_poller.log, 0,
                      "postflow poller: GET %V: not a list of comments%s%V",
                      &res->url, err.len ? ": " : "", &err);
        ngx_http_postflow_poller_thread(job, 0);
        ngx_http_postflow_poller_done(job, 1);
        return;
    }

    r = doc.resources.elts;

    for (i = 0; i < doc.resources.nelts; i++) {

        if (r[i].id.len == 0) {
            /* the list is not whole: nothing may be read as deleted */
            ngx_log_error(NGX_LOG_ERR, ngx_http_postflow_poller.log, 0,
                          "postflow poller: GET %V: a listed comment has"
                          " no id", &res->url);
            ngx_http_postflow_poller_thread(job, 0);
            ngx_http_postflow_poller_done(job, 1);
            return;
        }

        if (job->comments.nelts == NGX_HTTP_POSTFLOW_THREAD_MAX) {
            job->truncated = 1;
            break;
        }

        c = ngx_array_push(&job->comments);
        if (c == NULL) {
            job->truncated = 1;
            break;
        }

        if (ngx_http_postflow_poller_analyse(job, &r[i], c) != NGX_OK) {
            job->comments.nelts--;
            job->truncated = 1;
            continue;
        }

        /* a reply listed inline and on its own counts once */

        all = job->comments.elts;

        for (dup = 0, j = 0; j + 1 < job->comments.nelts && !dup; j++) {
            dup = (all[j].entry.id_hash == c->entry.id_hash);
        }

        if (dup) {
            job->comments.nelts--;
        }
    }

    rc = ngx_http_postflow_poller_next_page(job, res, &doc, &url);

    if (rc == NGX_OK) {
        if (ngx_http_postflow_poller_get(job, &url,
                                         ngx_http_postflow_poller_page)
            == NGX_OK)
        {
            return;
        }

        job->truncated = 1;
    }

    ngx_http_postflow_poller_thread(job, !job->truncated && rc == NGX_DONE);
    ngx_http_postflow_poller_done(job, rc == NGX_ERROR);
}


/*
 * The next page's URL (NGX_OK), or the last page was read (NGX_DONE).
 * V4 follows links.next, a path under the API's base or a URL that
 * starts with it (the token goes nowhere else), or else "meta" page
 * numbers; legacy follows the total-pages header, or reads on while
 * pages are full.
 */

static ngx_int_t
ngx_http_postflow_poller_next_page(ngx_http_postflow_job_t *job,
    ngx_http_postflow_fio_result_t *res, ngx_http_postflow_fio_doc_t *doc,
    ngx_str_t *url)
{
    u_char                            *p;
    ngx_str_t                         *api;
    ngx_uint_t                         more;

    api = &ngx_http_postflow_poller.conf->api;

    if (job->page == NGX_HTTP_POSTFLOW_POLL_PAGES) {
        ngx_log_error(NGX_LOG_WARN, ngx_http_postflow_poller.log, 0,
                      "postflow poller: upload \"%V\" has more than %d"
                      " pages of comments, the rest is not read",
                      &job->ref.upload_id, NGX_HTTP_POSTFLOW_POLL_PAGES);
        job->truncated = 1;
        return NGX_DONE;
    }

    job->page++;

    if (doc->next.len) {

        if (doc->next.data[0] == '/') {
            p = ngx_pnalloc(job->pool, api->len + doc->next.len + 1);
            if (p == NULL) {
                return NGX_ERROR;
            }

            url->data = p;
            p = ngx_cpymem(p, api->data, api->len);
            p = ngx_cpymem(p, doc->next.data, doc->next.len);
            *p = '\0';
            url->len = p - url->data;

            return NGX_OK;
        }

        if (doc->next.len > api->len
            && ngx_strncmp(doc->next.data, api->data, api->len) == 0
            && doc->next.data[api->len] == '/')
        {
            *url = doc->next;
            return NGX_OK;
        }

        ngx_log_error(NGX_LOG_WARN, ngx_http_postflow_poller.log, 0,
                      "postflow poller: GET %V: links.next \"%V\" is not"
                      " under postflow_frameio_api, not followed",
                      &res->url, &doc->next);
        job->truncated = 1;
        return NGX_DONE;
    }

    if (job->flags & NGX_HTTP_POSTFLOW_JOB_LEGACY) {
        more = (res->total_pages >= 0)
               ? (job->page <= (ngx_uint_t) res->total_pages)
               : (doc->resources.nelts >= NGX_HTTP_POSTFLOW_PAGE_SIZE);

    } else {
        more = doc->page > 0 && doc->total_pages > doc->page;
    }

    if (!more) {
        return NGX_DONE;
    }

    return ngx_http_postflow_poller_url(job, url, "thread",
                                        &job->ref.file_id, job->page);
}


/* what the pages said, oldest first, into the track */

static void
ngx_http_postflow_poller_thread(ngx_http_postflow_job_t *job,
    ngx_uint_t complete)
{
    ngx_int_t                          rc;
    ngx_http_postflow_zone_t          *zone;
    ngx_http_postflow_poll_sh_t       *p;
    ngx_http_postflow_thread_result_t  tr;

    zone = job->pz->zone;
    p = &zone->sh->poll;

    if (job->comments.nelts == 0 && !complete) {
        return;
    }

    ngx_sort(job->comments.elts, job->comments.nelts,
             sizeof(ngx_http_postflow_fio_comment_t),
             ngx_http_postflow_poller_cmp);

    rc = ngx_http_postflow_store_fio_thread(zone, &job->ref.upload_id,
                                            &job->ref.file_id,
                                            job->comments.elts,
                                            job->comments.nelts, complete,
                                            job->pool, &tr);

    ngx_log_debug7(NGX_LOG_DEBUG_HTTP, ngx_http_postflow_poller.log, 0,
                   "postflow poller: upload \"%V\": %ui comments listed,"
                   " %ui new, %ui edited, %ui deleted, complete %ui: %i",
                   &job->ref.upload_id, job->comments.nelts, tr.added,
                   tr.edited, tr.deleted, complete, rc);

    if (rc == NGX_HTTP_POSTFLOW_FULL) {
        ngx_log_error(NGX_LOG_WARN, ngx_http_postflow_poller.log, 0,
                      "postflow poller: comments of upload \"%V\" not all"
                      " kept, postflow_zone \"%V\" is full",
                      &job->ref.upload_id, &zone->name);
    }

    (void) ngx_atomic_fetch_add(&p->counters.comments_added, tr.added);
    (void) ngx_atomic_fetch_add(&p->counters.comments_edited, tr.edited);
    (void) ngx_atomic_fetch_add(&p->counters.comments_deleted, tr.deleted);
    (void) ngx_atomic_fetch_add(&zone->sh->counters.comments_analyzed,
                                tr.added);
}


/* by creation time; the listing's order among equals (ngx_sort is stable) */

static ngx_int_t
ngx_http_postflow_poller_cmp(const void *a, const void *b)
{
    ngx_http_postflow_fio_comment_t  *ca, *cb;

    ca = (ngx_http_postflow_fio_comment_t *) a;
    cb = (ngx_http_postflow_fio_comment_t *) b;

    if (ca->inserted_at.len == 0 || cb->inserted_at.len == 0) {
        return 0;
    }

    return ngx_memn2cmp(ca->inserted_at.data, cb->inserted_at.data,
                        ca->inserted_at.len, cb->inserted_at.len);
}


/* a comment's text analysed, as an entry of the thread */

static ngx_int_t
ngx_http_postflow_poller_analyse(ngx_http_postflow_job_t *job,
    ngx_http_postflow_fio_resource_t *r, ngx_http_postflow_fio_comment_t *c)
{
    ngx_str_t                     *id;
    ngx_http_postflow_analysis_t   an;

    id = r->id.len ? &r->id : &job->id;

    if (id->len == 0) {
        return NGX_ERROR;
    }

    if (ngx_http_postflow_review_comment(job->pz->zone->review, r->text.data,
                                         r->text.len, &an)
        != NGX_OK)
    {
        ngx_memzero(&an, sizeof(ngx_http_postflow_analysis_t));
    }

    ngx_http_postflow_entry_from_analysis(&c->entry, &an,
                                          ngx_crc32_long(id->data, id->len));

    if (ngx_http_postflow_excerpt(job->pool, r->text.data, r->text.len,
                                  &c->excerpt)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    c->completed = r->completed;
    c->inserted_at = r->inserted_at;
    c->author = r->owner_id;

    return NGX_OK;
}


/* statistics --------------------------------------------------------- */


size_t
ngx_http_postflow_poller_stats_size(ngx_http_postflow_fio_conf_t *conf)
{
    if (conf->token.len == 0 && conf->token_file.len == 0) {
        return 0;
    }

    return sizeof(",\"poller\":{\"lease_owner\":,\"runs\":,\"last_run\":\"\","
                  "\"api_calls\":{\"ok\":,\"4xx\":,\"5xx\":,\"timeout\":,"
                  "\"rate_limited\":,\"error\":},\"retries\":,"
                  "\"jobs\":{\"queued\":,\"waiting\":,\"done\":,\"failed\":,"
                  "\"dropped\":},\"comments\":{\"added\":,\"edited\":,"
                  "\"deleted\":},\"routing\":{\"by_name\":,"
                  "\"by_similarity\":,\"ambiguous\":,\"unmatched\":},"
                  "\"budget\":{\"calls_per_minute\":,"
                  "\"used_last_minute\":},\"polls\":{\"lag\":,"
                  "\"round_tracks\":,\"round_due\":,\"tracks\":},"
                  "\"versions_linked\":,\"status_fields_read\":}")
           + 31 * NGX_ATOMIC_T_LEN + NGX_HTTP_POSTFLOW_TIME_LEN;
}


/*
 * ,"poller":{...} after the zone's statistics, when a token is set:
 * runs, API calls by outcome, jobs, comments and routing, the call
 * budget (of every zone), the last round of polls (its lag: the longest
 * a track under review had gone unpolled), versions and status fields.
 */

u_char *
ngx_http_postflow_poller_stats(ngx_http_postflow_fio_conf_t *conf,
    u_char *p, ngx_http_postflow_zone_t *zone)
{
    ngx_uint_t                          per_minute, used;
    ngx_http_postflow_poll_sh_t        *sh;
    ngx_http_postflow_poll_counters_t  *c;

    if (ngx_http_postflow_poller_stats_size(conf) == 0) {
        return p;
    }

    sh = &zone->sh->poll;
    c = &sh->counters;

    p = ngx_sprintf(p, ",\"poller\":{\"lease_owner\":");

    if (sh->owner && sh->expires >= ngx_time()) {
        p = ngx_sprintf(p, "%P", sh->owner);

    } else {
        p = ngx_cpymem(p, "null", 4);
    }

    p = ngx_sprintf(p, ",\"runs\":%uA,\"last_run\":", c->runs);
    p = ngx_http_postflow_poller_time(p, sh->last_run);

    p = ngx_sprintf(p, ",\"api_calls\":{\"ok\":%uA,\"4xx\":%uA,\"5xx\":%uA,"
                    "\"timeout\":%uA,\"rate_limited\":%uA,\"error\":%uA},"
                    "\"retries\":%uA,",
                    c->api_ok, c->api_4xx, c->api_5xx, c->api_timeout,
                    c->api_rate_limited, c->api_error, c->retries);

    p = ngx_sprintf(p, "\"jobs\":{\"queued\":%uA,\"waiting\":%ui,"
                    "\"done\":%uA,\"failed\":%uA,\"dropped\":%uA},",
                    c->jobs_queued, sh->njobs, c->jobs_done, c->jobs_failed,
                    c->jobs_dropped);

    p = ngx_sprintf(p, "\"comments\":{\"added\":%uA,\"edited\":%uA,"
                    "\"deleted\":%uA},\"routing\":{\"by_name\":%uA,"
                    "\"by_similarity\":%uA,\"ambiguous\":%uA,"
                    "\"unmatched\":%uA},",
                    c->comments_added, c->comments_edited,
                    c->comments_deleted, c->routed_by_name,
                    c->routed_by_similarity, c->routing_ambiguous,
                    c->routing_unmatched);

    ngx_http_postflow_budget_read(conf, &per_minute, &used);

    p = ngx_sprintf(p, "\"budget\":{\"calls_per_minute\":%ui,"
                    "\"used_last_minute\":%ui},\"polls\":{\"lag\":%T,"
                    "\"round_tracks\":%ui,\"round_due\":%ui,"
                    "\"tracks\":%uA},\"versions_linked\":%uA,"
                    "\"status_fields_read\":%uA}",
                    per_minute, used, sh->lag, sh->round_tracks,
                    sh->round_due, c->tracks_polled, c->versions_linked,
                    c->status_read);

    return p;
}


static u_char *
ngx_http_postflow_poller_time(u_char *p, time_t t)
{
    if (t == 0) {
        return ngx_cpymem(p, "null", 4);
    }

    *p++ = '"';
    p = ngx_http_postflow_json_time(p, t);
    *p++ = '"';

    return p;
}
