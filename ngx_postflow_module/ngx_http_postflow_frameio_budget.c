
/*
 * The Frame.io call budget, shared by every call of every worker:
 * Frame.io limits calls per account user (a leaky bucket, 100 a minute
 * for comments), whoever makes them.
 *
 * The bucket is kept as a virtual schedule (GCRA): each call moves the
 * theoretical arrival time "tat" one emission interval further; a call
 * may start while tat is no further ahead of now than the burst allows.
 * Polls may use only half of the burst, so that a comment a webhook
 * asked for never waits behind a round of polls.  What Frame.io's
 * x-ratelimit-limit and x-ratelimit-window say lowers the rate in use
 * (never raises it) until the next reload.
 */


#include "ngx_http_postflow_frameio.h"


#define NGX_HTTP_POSTFLOW_BUDGET_ZONE  (8 * ngx_pagesize)

/* the share of what Frame.io says it allows that is used, per cent */
#define NGX_HTTP_POSTFLOW_BUDGET_SHARE  90

/* the burst: the calls of a tenth of a second, one at least */
#define ngx_http_postflow_budget_burst(emission)                             \
    ngx_max(100000 / (emission), 1)


/* times in microseconds of ngx_current_msec's clock */
typedef struct {
    uint64_t                     tat;
    uint64_t                     emission;    /* per call, in use */
    uint64_t                     configured;  /* per call, configured */
    uint64_t                     burst;       /* calls */

    /* the calls of the current and of the last whole minute */
    time_t                       minute;
    ngx_uint_t                   calls;
    ngx_uint_t                   last_calls;
} ngx_http_postflow_budget_sh_t;


typedef struct {
    ngx_slab_pool_t                *shpool;
    ngx_http_postflow_budget_sh_t  *sh;
    ngx_http_postflow_fio_conf_t   *conf;
} ngx_http_postflow_budget_t;


static ngx_int_t ngx_http_postflow_budget_init_zone(ngx_shm_zone_t *shm_zone,
    void *data);
static void ngx_http_postflow_budget_count(ngx_http_postflow_budget_sh_t *sh,
    time_t now);


/* postflow_frameio_rate N/m | N/s */

char *
ngx_http_postflow_budget_rate(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char  *p = conf;

    ngx_int_t                      n;
    ngx_str_t                     *value, calls;
    ngx_http_postflow_fio_conf_t  *fc;

    fc = (ngx_http_postflow_fio_conf_t *) (p + cmd->offset);

    if (fc->rate_calls != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;
    calls = value[1];
    n = NGX_ERROR;

    if (calls.len > 2 && calls.data[calls.len - 2] == '/') {
        calls.len -= 2;
        n = ngx_atoi(calls.data, calls.len);

        switch (value[1].data[value[1].len - 1]) {
        case 's':
            fc->rate_period = 1000;
            break;
        case 'm':
            fc->rate_period = 60000;
            break;
        default:
            n = NGX_ERROR;
        }
    }

    if (n == NGX_ERROR || n == 0 || n > 100000) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_frameio_rate: \"%V\" is not a number"
                           " of calls from 1 to 100000 per second (\"/s\")"
                           " or per minute (\"/m\")", &value[1]);
        return NGX_CONF_ERROR;
    }

    fc->rate_calls = (ngx_uint_t) n;

    return NGX_CONF_OK;
}


/* the budget's zone, one for the http block, kept across reloads */

ngx_int_t
ngx_http_postflow_budget_add(ngx_conf_t *cf,
    ngx_http_postflow_fio_conf_t *conf, void *tag)
{
    ngx_str_t                    name;
    ngx_shm_zone_t              *shm_zone;
    ngx_http_postflow_budget_t  *budget;

    budget = ngx_pcalloc(cf->pool, sizeof(ngx_http_postflow_budget_t));
    if (budget == NULL) {
        return NGX_ERROR;
    }

    ngx_str_set(&name, "postflow_frameio_budget");

    shm_zone = ngx_shared_memory_add(cf, &name,
                                     NGX_HTTP_POSTFLOW_BUDGET_ZONE, tag);
    if (shm_zone == NULL) {
        return NGX_ERROR;
    }

    budget->conf = conf;

    shm_zone->init = ngx_http_postflow_budget_init_zone;
    shm_zone->data = budget;

    conf->budget = shm_zone;

    return NGX_OK;
}


/*
 * A reload keeps the schedule, so that it cannot make a burst, and
 * takes the rate of the new configuration: what Frame.io taught is
 * learnt again from its next answer.
 */

static ngx_int_t
ngx_http_postflow_budget_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_postflow_budget_t  *obudget = data;

    ngx_http_postflow_budget_t     *budget;
    ngx_http_postflow_budget_sh_t  *sh;

    budget = shm_zone->data;
    budget->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (obudget) {
        sh = obudget->sh;

    } else if (shm_zone->shm.exists) {
        sh = budget->shpool->data;

    } else {
        sh = ngx_slab_calloc(budget->shpool,
                             sizeof(ngx_http_postflow_budget_sh_t));
        if (sh == NULL) {
            return NGX_ERROR;
        }

        budget->shpool->data = sh;
    }

    budget->sh = sh;

    ngx_shmtx_lock(&budget->shpool->mutex);

    sh->configured = (uint64_t) budget->conf->rate_period * 1000
                     / budget->conf->rate_calls;
    sh->emission = sh->configured;
    sh->burst = ngx_http_postflow_budget_burst(sh->emission);

    ngx_shmtx_unlock(&budget->shpool->mutex);

    return NGX_OK;
}


/*
 * A call's turn: 0 when it may start now (and is counted), else the
 * milliseconds before it may.
 */

ngx_msec_t
ngx_http_postflow_budget_take(ngx_http_postflow_fio_conf_t *conf,
    ngx_uint_t poll)
{
    uint64_t                        now, tat, tolerance;
    ngx_msec_t                      wait;
    ngx_http_postflow_budget_t     *budget;
    ngx_http_postflow_budget_sh_t  *sh;

    budget = conf->budget->data;
    sh = budget->sh;

    now = (uint64_t) ngx_current_msec * 1000;

    ngx_shmtx_lock(&budget->shpool->mutex);

    tolerance = (sh->burst - 1) * sh->emission;

    if (poll) {
        tolerance /= 2;
    }

    tat = ngx_max(sh->tat, now);

    if (tat - now > tolerance) {
        wait = (ngx_msec_t) ((tat - now - tolerance) / 1000) + 1;

    } else {
        wait = 0;
        sh->tat = tat + sh->emission;
        ngx_http_postflow_budget_count(sh, ngx_time());
    }

    ngx_shmtx_unlock(&budget->shpool->mutex);

    return wait;
}


static void
ngx_http_postflow_budget_count(ngx_http_postflow_budget_sh_t *sh,
    time_t now)
{
    time_t  minute;

    minute = now / 60;

    if (minute != sh->minute) {
        sh->last_calls = (minute == sh->minute + 1) ? sh->calls : 0;
        sh->calls = 0;
        sh->minute = minute;
    }

    sh->calls++;
}


/*
 * Frame.io's headers: "limit" calls per "window" ms.  A rate below the
 * one in use becomes the one in use, at a margin under it.
 */

void
ngx_http_postflow_budget_learn(ngx_http_postflow_fio_conf_t *conf,
    ngx_int_t limit, ngx_int_t window, ngx_log_t *log)
{
    uint64_t                        emission;
    ngx_uint_t                      lowered;
    ngx_http_postflow_budget_t     *budget;
    ngx_http_postflow_budget_sh_t  *sh;

    if (limit <= 0 || window <= 0) {
        return;
    }

    budget = conf->budget->data;
    sh = budget->sh;

    emission = (uint64_t) window * 1000 * 100
               / ((uint64_t) limit * NGX_HTTP_POSTFLOW_BUDGET_SHARE);

    ngx_shmtx_lock(&budget->shpool->mutex);

    lowered = (emission > sh->emission);

    if (lowered) {
        sh->emission = emission;
        sh->burst = ngx_http_postflow_budget_burst(emission);
    }

    ngx_shmtx_unlock(&budget->shpool->mutex);

    if (lowered) {
        ngx_log_error(NGX_LOG_NOTICE, log, 0,
                      "postflow frameio: Frame.io allows %i calls per"
                      " %i ms: calls are spaced %uL ms apart",
                      limit, window, emission / 1000);
    }
}


/* the budget's statistics: calls a minute allowed, used last minute */

void
ngx_http_postflow_budget_read(ngx_http_postflow_fio_conf_t *conf,
    ngx_uint_t *per_minute, ngx_uint_t *used)
{
    time_t                          minute;
    ngx_http_postflow_budget_t     *budget;
    ngx_http_postflow_budget_sh_t  *sh;

    budget = conf->budget->data;
    sh = budget->sh;
    minute = ngx_time() / 60;

    ngx_shmtx_lock(&budget->shpool->mutex);

    *per_minute = (ngx_uint_t) (60000000 / sh->emission);
    *used = (minute == sh->minute) ? sh->last_calls
            : (minute == sh->minute + 1) ? sh->calls : 0;

    ngx_shmtx_unlock(&budget->shpool->mutex);
}
