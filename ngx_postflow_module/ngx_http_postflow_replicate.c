
/*
 * postflow_replicate redis://HOST:PORT[/DB] [stream=KEY] [node=NAME]
 *                    [password=SECRET|file=PATH] [timeout=TIME];
 *
 * A change a worker accepts is appended to its zone's stream as its
 * journal record, with the node's name:
 *
 *     XADD KEY * node NAME op {"op":"register",...}
 *
 * and the request is answered once that entry is applied here.  The
 * worker reads the stream from the zone's position up to its entry
 * (XRANGE) and applies each entry with the zone locked, unless another
 * process did already: the zone keeps its position in the stream, in
 * its journal too, so every entry is applied once per node, in stream
 * order, and every node decides a conflict the same way.  An entry a
 * process applied for another's request leaves its outcome in the zone
 * for that request to answer with.
 *
 * The first worker of each node also follows the stream (XREAD BLOCK)
 * for the peers' changes, which wake long polls as any change does.  At
 * start, a node reads from the position its journal kept; a new node
 * from the stream's start.  Redis unreachable: changes are refused with
 * 503, reads go on from the zone, and the stream is read again from the
 * position once Redis is back.
 *
 * The stream stays bounded: the first worker of each node says where its
 * journal is (HSET KEY:nodes NAME ID) before the node takes a change and
 * every 10 s, and the stream is trimmed below the least of those (XTRIM
 * MINID), so that no node that ever took a change loses an entry it has
 * not journaled.  A node whose
 * position the stream no longer holds (a new one, after a trim) is
 * told so, and refuses changes: it starts from a copy of a peer's
 * journal.
 */


#include "ngx_http_postflow_replicate.h"
#include "ngx_http_postflow_json.h"
#include "ngx_http_postflow_module.h"


#define NGX_HTTP_POSTFLOW_RANGE_COUNT    "512"
#define NGX_HTTP_POSTFLOW_READ_BLOCK     1000     /* ms */
#define NGX_HTTP_POSTFLOW_TRIM_EVERY     10000


typedef struct {
    ngx_http_postflow_zone_t            *zone;
    ngx_http_postflow_replicate_conf_t  *conf;
    ngx_str_t                            key;
    ngx_http_postflow_redis_t            writer;
    ngx_http_postflow_redis_t            reader;
    ngx_event_t                          read_retry;
    ngx_event_t                          trim;
    ngx_str_t                            nodes;   /* KEY:nodes */
    unsigned                             follows:1;
    unsigned                             reading:1;
} ngx_http_postflow_replica_t;


/* a request's change, from its XADD to its entry applied here */
typedef struct {
    ngx_http_postflow_replica_t         *rp;
    ngx_http_postflow_answer_t          *ans;
    ngx_http_postflow_stream_id_t        id;
    ngx_str_t                            id_text;
    ngx_int_t                            rc;
    unsigned                             applied:1;
} ngx_http_postflow_submission_t;


static ngx_int_t ngx_http_postflow_replicate_url(ngx_conf_t *cf,
    ngx_http_postflow_replicate_conf_t *rc, ngx_str_t *url);
static void ngx_http_postflow_replicate_outcomes(
    ngx_http_postflow_zone_t *zone);
static ngx_int_t ngx_http_postflow_replicate_key(ngx_cycle_t *cycle,
    ngx_http_postflow_replica_t *rp, ngx_uint_t nzones);
static ngx_int_t ngx_http_postflow_replicate_submit(
    ngx_http_postflow_zone_t *zone, ngx_str_t *line,
    ngx_http_postflow_answer_t *ans);
static void ngx_http_postflow_replicate_added(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data);
static void ngx_http_postflow_replicate_catch_up(
    ngx_http_postflow_submission_t *sub);
static void ngx_http_postflow_replicate_ranged(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data);
static void ngx_http_postflow_replicate_outcome(
    ngx_http_postflow_submission_t *sub);
static void ngx_http_postflow_replicate_done(
    ngx_http_postflow_submission_t *sub, ngx_int_t rc);
static ngx_int_t ngx_http_postflow_replicate_entries(
    ngx_http_postflow_replica_t *rp, redisReply *entries,
    ngx_http_postflow_submission_t *sub);
static ngx_int_t ngx_http_postflow_replicate_entry(
    ngx_http_postflow_replica_t *rp, redisReply *entry, ngx_pool_t *pool,
    ngx_http_postflow_submission_t *sub);
static void ngx_http_postflow_replicate_follow(
    ngx_http_postflow_replica_t *rp);
static void ngx_http_postflow_replicate_followed(
    ngx_http_postflow_redis_t *rd, redisReply *reply, void *data);
static void ngx_http_postflow_replicate_retry_handler(ngx_event_t *ev);
static void ngx_http_postflow_replicate_writer_state(
    ngx_http_postflow_redis_t *rd, ngx_uint_t up);
static void ngx_http_postflow_replicate_reader_state(
    ngx_http_postflow_redis_t *rd, ngx_uint_t up);
static void ngx_http_postflow_replicate_check_stream(
    ngx_http_postflow_replica_t *rp);
static void ngx_http_postflow_replicate_check(
    ngx_http_postflow_redis_t *rd, redisReply *reply, void *data);
static void ngx_http_postflow_replicate_published(
    ngx_http_postflow_redis_t *rd, redisReply *reply, void *data);
static ngx_int_t ngx_http_postflow_replicate_publish(
    ngx_http_postflow_replica_t *rp, ngx_http_postflow_redis_t *rd,
    ngx_http_postflow_redis_reply_pt handler);
static void ngx_http_postflow_replicate_trim_handler(ngx_event_t *ev);
static void ngx_http_postflow_replicate_positions(
    ngx_http_postflow_redis_t *rd, redisReply *reply, void *data);
static void ngx_http_postflow_replicate_ignore(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data);
static size_t ngx_http_postflow_replicate_position(
    ngx_http_postflow_zone_t *zone, u_char *buf, u_char open);
static ngx_uint_t ngx_http_postflow_replicate_error(
    ngx_http_postflow_replica_t *rp, redisReply *reply, const char *what);


/* this process' replicas, to close at its exit */
static ngx_array_t  *ngx_http_postflow_replicas;


char *
ngx_http_postflow_replicate(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_postflow_replicate_conf_t  *rc;

    ngx_str_t   *value, v;
    ngx_uint_t   i;
    ngx_msec_t   timeout;

    rc = (ngx_http_postflow_replicate_conf_t *) ((char *) conf + cmd->offset);

    if (rc->redis.url.data) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_postflow_replicate_url(cf, rc, &value[1]) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    rc->redis.timeout = 3000;

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "stream=", 7) == 0
            && value[i].len > 7)
        {
            rc->stream.data = value[i].data + 7;
            rc->stream.len = value[i].len - 7;
            continue;
        }

        if (ngx_strncmp(value[i].data, "node=", 5) == 0 && value[i].len > 5) {
            rc->node.data = value[i].data + 5;
            rc->node.len = value[i].len - 5;
            continue;
        }

        if (ngx_strncmp(value[i].data, "password=", 9) == 0
            && value[i].len > 9)
        {
            rc->redis.password.data = value[i].data + 9;
            rc->redis.password.len = value[i].len - 9;
            continue;
        }

        if (ngx_strncmp(value[i].data, "file=", 5) == 0) {
            v.data = value[i].data + 5;
            v.len = value[i].len - 5;

            if (ngx_http_postflow_secret_file(cf, "postflow_replicate", &v,
                                              &rc->redis.password)
                != NGX_OK)
            {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "timeout=", 8) == 0) {
            v.data = value[i].data + 8;
            v.len = value[i].len - 8;

            timeout = ngx_parse_time(&v, 0);

            if (timeout == (ngx_msec_t) NGX_ERROR || timeout == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "postflow_replicate: invalid time in"
                                   " \"%V\"", &value[i]);
                return NGX_CONF_ERROR;
            }

            rc->redis.timeout = timeout;
            continue;
        }

        /* a mistyped password must not reach the log */

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_replicate: unknown or empty parameter"
                           " #%ui: stream=, node=, password=, file= or"
                           " timeout=",
                           i);
        return NGX_CONF_ERROR;
    }

    if (rc->stream.len == 0) {
        ngx_str_set(&rc->stream, "postflow");
    }

    if (rc->node.len == 0) {
        rc->node = cf->cycle->hostname;
    }

    return NGX_CONF_OK;
}


/* redis://HOST:PORT[/DB], HOST resolved now as proxy_pass does */

static ngx_int_t
ngx_http_postflow_replicate_url(ngx_conf_t *cf,
    ngx_http_postflow_replicate_conf_t *rc, ngx_str_t *url)
{
    u_char     *p;
    ngx_int_t   db;
    ngx_url_t   u;

    if (url->len <= 8 || ngx_strncmp(url->data, "redis://", 8) != 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_replicate: \"%V\" is not a"
                           " redis://HOST:PORT[/DB] URL", url);
        return NGX_ERROR;
    }

    ngx_memzero(&u, sizeof(ngx_url_t));

    u.url.data = url->data + 8;
    u.url.len = url->len - 8;
    u.default_port = 6379;
    u.uri_part = 1;

    if (ngx_parse_url(cf->pool, &u) != NGX_OK || u.naddrs == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_replicate: %s in \"%V\"",
                           u.err ? u.err : "no address", url);
        return NGX_ERROR;
    }

    db = 0;

    if (u.uri.len > 1) {
        db = ngx_atoi(u.uri.data + 1, u.uri.len - 1);
    }

    if (db == NGX_ERROR || (u.uri.len == 1)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_replicate: invalid database number in"
                           " \"%V\"", url);
        return NGX_ERROR;
    }

    p = ngx_pnalloc(cf->pool, NGX_SOCKADDR_STRLEN + 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    rc->redis.host.data = p;
    rc->redis.host.len = ngx_sock_ntop(u.addrs[0].sockaddr,
                                       u.addrs[0].socklen, p,
                                       NGX_SOCKADDR_STRLEN, 0);
    p[rc->redis.host.len] = '\0';

    rc->redis.port = u.port;
    rc->redis.db = db;
    rc->redis.url = *url;

    return NGX_OK;
}


ngx_int_t
ngx_http_postflow_replicate_init_process(ngx_cycle_t *cycle,
    ngx_http_postflow_replicate_conf_t *rc, ngx_array_t *zones)
{
    ngx_uint_t                     i;
    ngx_shm_zone_t               **shm;
    ngx_http_postflow_replica_t   *rp;

    if (rc->redis.url.len == 0 || zones->nelts == 0
        || (ngx_process != NGX_PROCESS_WORKER
            && ngx_process != NGX_PROCESS_SINGLE))
    {
        return NGX_OK;
    }

    ngx_http_postflow_replicas = ngx_array_create(cycle->pool, zones->nelts,
                                         sizeof(ngx_http_postflow_replica_t));
    if (ngx_http_postflow_replicas == NULL) {
        return NGX_ERROR;
    }

    shm = zones->elts;

    for (i = 0; i < zones->nelts; i++) {
        rp = ngx_array_push(ngx_http_postflow_replicas);
        if (rp == NULL) {
            return NGX_ERROR;
        }

        ngx_memzero(rp, sizeof(ngx_http_postflow_replica_t));

        rp->zone = shm[i]->data;
        rp->conf = rc;

        ngx_http_postflow_replicate_outcomes(rp->zone);

        if (ngx_http_postflow_replicate_key(cycle, rp, zones->nelts)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        ngx_http_postflow_redis_init(&rp->writer, &rc->redis, cycle->log);
        rp->writer.state = ngx_http_postflow_replicate_writer_state;
        rp->writer.data = rp;

        rp->zone->replica = rp;
        rp->zone->submit = ngx_http_postflow_replicate_submit;

        ngx_http_postflow_redis_connect(&rp->writer);

        /* one follower per node: the first worker */

        if (ngx_worker != 0) {
            continue;
        }

        rp->follows = 1;

        ngx_http_postflow_redis_init(&rp->reader, &rc->redis, cycle->log);
        rp->reader.state = ngx_http_postflow_replicate_reader_state;
        rp->reader.data = rp;
        rp->reader.deadline.cancelable = 1;

        rp->read_retry.handler = ngx_http_postflow_replicate_retry_handler;
        rp->read_retry.data = rp;
        rp->read_retry.log = cycle->log;
        rp->read_retry.cancelable = 1;

        rp->trim.handler = ngx_http_postflow_replicate_trim_handler;
        rp->trim.data = rp;
        rp->trim.log = cycle->log;
        rp->trim.cancelable = 1;
        ngx_add_timer(&rp->trim, NGX_HTTP_POSTFLOW_TRIM_EVERY);

        ngx_http_postflow_redis_connect(&rp->reader);
    }

    return NGX_OK;
}


/*
 * Where the zone's processes leave each other the outcomes of changes.
 * Without it (a zone too small) a change another process applied is
 * answered 503 and its retry tells.
 */

static void
ngx_http_postflow_replicate_outcomes(ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_stream_sh_t  *st;

    st = &zone->sh->stream;

    ngx_shmtx_lock(&zone->shpool->mutex);

    if (st->outcomes == NULL) {
        st->outcomes = ngx_slab_calloc_locked(zone->shpool,
                                    NGX_HTTP_POSTFLOW_OUTCOMES
                                    * sizeof(ngx_http_postflow_outcome_t));
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    if (st->outcomes == NULL) {
        ngx_log_error(NGX_LOG_WARN, ngx_cycle->log, 0,
                      "postflow_replicate: postflow_zone \"%V\" has no"
                      " room for the outcomes of changes", &zone->name);
    }
}


/* KEY for one zone, KEY:ZONE for each of several */

static ngx_int_t
ngx_http_postflow_replicate_key(ngx_cycle_t *cycle,
    ngx_http_postflow_replica_t *rp, ngx_uint_t nzones)
{
    ngx_str_t  *stream;

    stream = &rp->conf->stream;

    rp->key.data = ngx_pnalloc(cycle->pool, 2 * (stream->len + 1
                                                  + rp->zone->name.len)
                                             + sizeof(":nodes"));
    if (rp->key.data == NULL) {
        return NGX_ERROR;
    }

    if (nzones == 1) {
        rp->key.len = ngx_cpymem(rp->key.data, stream->data, stream->len)
                      - rp->key.data;

    } else {
        rp->key.len = ngx_sprintf(rp->key.data, "%V:%V", stream,
                                  &rp->zone->name)
                      - rp->key.data;
    }

    rp->nodes.data = rp->key.data + rp->key.len;
    rp->nodes.len = ngx_sprintf(rp->nodes.data, "%V:nodes", &rp->key)
                    - rp->nodes.data;

    return NGX_OK;
}


void
ngx_http_postflow_replicate_exit_process(ngx_cycle_t *cycle)
{
    ngx_uint_t                    i;
    ngx_http_postflow_replica_t  *rp;

    if (ngx_http_postflow_replicas == NULL) {
        return;
    }

    rp = ngx_http_postflow_replicas->elts;

    for (i = 0; i < ngx_http_postflow_replicas->nelts; i++) {
        ngx_http_postflow_redis_close(&rp[i].writer);

        if (rp[i].follows) {
            ngx_http_postflow_redis_close(&rp[i].reader);

            if (rp[i].read_retry.timer_set) {
                ngx_del_timer(&rp[i].read_retry);
            }

            if (rp[i].trim.timer_set) {
                ngx_del_timer(&rp[i].trim);
            }
        }

        rp[i].zone->submit = NULL;
    }

    ngx_http_postflow_replicas = NULL;
}


/* the zone's hook: the change's record goes to the stream */

static ngx_int_t
ngx_http_postflow_replicate_submit(ngx_http_postflow_zone_t *zone,
    ngx_str_t *line, ngx_http_postflow_answer_t *ans)
{
    ngx_http_postflow_replica_t  *rp = zone->replica;

    const char                      *argv[7];
    size_t                           argvlen[7];
    ngx_http_postflow_submission_t  *sub;

    if (ans->done == NULL) {
        return NGX_ERROR;
    }

    /* until the stream is known to hold what follows the position */

    if (zone->sh->stream.behind || !zone->sh->stream.checked) {
        (void) ngx_atomic_fetch_add(&zone->sh->stream.refused, 1);
        return NGX_HTTP_POSTFLOW_UNAVAILABLE;
    }

    sub = ngx_pcalloc(ans->pool, sizeof(ngx_http_postflow_submission_t));
    if (sub == NULL) {
        return NGX_ERROR;
    }

    sub->rp = rp;
    sub->ans = ans;

    argv[0] = "XADD";
    argvlen[0] = 4;
    argv[1] = (const char *) rp->key.data;
    argvlen[1] = rp->key.len;
    argv[2] = "*";
    argvlen[2] = 1;
    argv[3] = "node";
    argvlen[3] = 4;
    argv[4] = (const char *) rp->conf->node.data;
    argvlen[4] = rp->conf->node.len;
    argv[5] = "op";
    argvlen[5] = 2;
    argv[6] = (const char *) line->data;
    argvlen[6] = line->len;

    if (ngx_http_postflow_redis_command(&rp->writer, rp->conf->redis.timeout,
                                        ngx_http_postflow_replicate_added,
                                        sub, 7, argv, argvlen)
        != NGX_OK)
    {
        (void) ngx_atomic_fetch_add(&zone->sh->stream.refused, 1);
        return NGX_HTTP_POSTFLOW_UNAVAILABLE;
    }

    (void) ngx_atomic_fetch_add(&zone->sh->stream.submitted, 1);

    return NGX_AGAIN;
}


/* the entry's id: now everything up to it is applied, then answered */

static void
ngx_http_postflow_replicate_added(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    ngx_http_postflow_submission_t  *sub = data;

    if (ngx_http_postflow_replicate_error(sub->rp, reply, "XADD")
        || reply->type != REDIS_REPLY_STRING
        || ngx_http_postflow_stream_id((u_char *) reply->str, reply->len,
                                       &sub->id)
           != NGX_OK)
    {
        ngx_http_postflow_replicate_done(sub, NGX_HTTP_POSTFLOW_UNAVAILABLE);
        return;
    }

    sub->id_text.data = ngx_pnalloc(sub->ans->pool, reply->len);
    if (sub->id_text.data == NULL) {
        ngx_http_postflow_replicate_done(sub, NGX_ERROR);
        return;
    }

    sub->id_text.len = reply->len;
    ngx_memcpy(sub->id_text.data, reply->str, reply->len);

    ngx_http_postflow_replicate_catch_up(sub);
}


static void
ngx_http_postflow_replicate_catch_up(ngx_http_postflow_submission_t *sub)
{
    u_char                          from[NGX_HTTP_POSTFLOW_STREAM_ID_LEN + 1];
    size_t                          len;
    const char                     *argv[6];
    size_t                          argvlen[6];
    ngx_http_postflow_zone_t       *zone;
    ngx_http_postflow_replica_t    *rp;
    ngx_http_postflow_stream_id_t   applied;

    rp = sub->rp;
    zone = rp->zone;

    ngx_shmtx_lock(&zone->shpool->mutex);
    applied = zone->sh->stream.applied;
    ngx_shmtx_unlock(&zone->shpool->mutex);

    if (ngx_http_postflow_stream_cmp(&sub->id, &applied) <= 0) {
        ngx_http_postflow_replicate_outcome(sub);
        return;
    }

    len = ngx_http_postflow_replicate_position(zone, from, '(');

    argv[0] = "XRANGE";
    argvlen[0] = 6;
    argv[1] = (const char *) rp->key.data;
    argvlen[1] = rp->key.len;
    argv[2] = (const char *) from;
    argvlen[2] = len;
    argv[3] = (const char *) sub->id_text.data;
    argvlen[3] = sub->id_text.len;
    argv[4] = "COUNT";
    argvlen[4] = 5;
    argv[5] = NGX_HTTP_POSTFLOW_RANGE_COUNT;
    argvlen[5] = sizeof(NGX_HTTP_POSTFLOW_RANGE_COUNT) - 1;

    if (ngx_http_postflow_redis_command(&rp->writer, rp->conf->redis.timeout,
                                        ngx_http_postflow_replicate_ranged,
                                        sub, 6, argv, argvlen)
        != NGX_OK)
    {
        ngx_http_postflow_replicate_done(sub, NGX_HTTP_POSTFLOW_UNAVAILABLE);
    }
}


static void
ngx_http_postflow_replicate_ranged(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    ngx_http_postflow_submission_t  *sub = data;

    ngx_int_t  rc;

    if (ngx_http_postflow_replicate_error(sub->rp, reply, "XRANGE")
        || reply->type != REDIS_REPLY_ARRAY)
    {
        ngx_http_postflow_replicate_done(sub, NGX_HTTP_POSTFLOW_UNAVAILABLE);
        return;
    }

    rc = ngx_http_postflow_replicate_entries(sub->rp, reply, sub);

    if (sub->applied) {
        ngx_http_postflow_replicate_done(sub, sub->rc);
        return;
    }

    if (rc == NGX_ERROR) {
        /* an entry before it that the zone or the journal cannot take */
        ngx_http_postflow_replicate_done(sub, NGX_HTTP_POSTFLOW_NO_STATE);
        return;
    }

    if (rc == NGX_DECLINED) {
        /* nothing new, not applied here: another process has it */
        ngx_http_postflow_replicate_outcome(sub);
        return;
    }

    ngx_http_postflow_replicate_catch_up(sub);
}


/*
 * Another process applied the entry: its outcome in the zone, and the
 * track as it is now.  Overwritten already (hundreds of changes since):
 * the client asks again, and the change is known by then.
 */

static void
ngx_http_postflow_replicate_outcome(ngx_http_postflow_submission_t *sub)
{
    ngx_int_t                     rc;
    ngx_str_t                     upload_id;
    ngx_uint_t                    i;
    ngx_http_postflow_zone_t     *zone;
    ngx_http_postflow_outcome_t  *oc;
    u_char                        id[NGX_HTTP_POSTFLOW_ID_MAX];

    zone = sub->rp->zone;
    rc = NGX_HTTP_POSTFLOW_UNAVAILABLE;
    upload_id.data = id;
    upload_id.len = 0;

    ngx_shmtx_lock(&zone->shpool->mutex);

    oc = zone->sh->stream.outcomes;

    for (i = 0; oc && i < NGX_HTTP_POSTFLOW_OUTCOMES; i++) {
        if (ngx_http_postflow_stream_cmp(&oc[i].id, &sub->id) == 0) {
            rc = oc[i].rc;
            upload_id.len = oc[i].upload_id_len;
            ngx_memcpy(id, oc[i].upload_id, upload_id.len);
            break;
        }
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    if (upload_id.len) {
        (void) ngx_http_postflow_store_get(zone, &upload_id, sub->ans);
    }

    ngx_http_postflow_replicate_done(sub, rc);
}


static void
ngx_http_postflow_replicate_done(ngx_http_postflow_submission_t *sub,
    ngx_int_t rc)
{
    if (rc == NGX_HTTP_POSTFLOW_UNAVAILABLE) {
        (void) ngx_atomic_fetch_add(&sub->rp->zone->sh->stream.refused, 1);
    }

    sub->ans->done(sub->ans, rc);
}


/*
 * An XRANGE's or an XREAD's entries, in order: NGX_OK, NGX_DECLINED if
 * there were none, NGX_ERROR if one stopped the reading.
 */

static ngx_int_t
ngx_http_postflow_replicate_entries(ngx_http_postflow_replica_t *rp,
    redisReply *entries, ngx_http_postflow_submission_t *sub)
{
    size_t       i;
    ngx_int_t    rc;
    ngx_pool_t  *pool;

    if (entries->elements == 0) {
        return NGX_DECLINED;
    }

    pool = ngx_create_pool(4096, rp->writer.log);
    if (pool == NULL) {
        return NGX_ERROR;
    }

    rc = NGX_OK;

    for (i = 0; i < entries->elements && rc == NGX_OK; i++) {
        rc = ngx_http_postflow_replicate_entry(rp, entries->element[i], pool,
                                               sub);
        ngx_reset_pool(pool);
    }

    ngx_destroy_pool(pool);

    return rc;
}


/*
 * One entry, [id, [field, value, ...]].  An entry that is no change
 * this version knows moves the position only, with a message; an entry
 * the zone cannot take now (out of memory, a journal that refuses)
 * stops the reading, to be read again.
 */

static ngx_int_t
ngx_http_postflow_replicate_entry(ngx_http_postflow_replica_t *rp,
    redisReply *entry, ngx_pool_t *pool, ngx_http_postflow_submission_t *sub)
{
    size_t                       i;
    ngx_int_t                    rc;
    ngx_str_t                    node, line;
    redisReply                  *id, *fields;
    ngx_http_postflow_op_t       op;
    ngx_http_postflow_answer_t   local, *ans;

    if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2
        || entry->element[0]->type != REDIS_REPLY_STRING
        || entry->element[1]->type != REDIS_REPLY_ARRAY)
    {
        return NGX_ERROR;
    }

    id = entry->element[0];
    fields = entry->element[1];

    ngx_str_null(&node);
    ngx_str_null(&line);

    for (i = 0; i + 1 < fields->elements; i += 2) {
        if (fields->element[i]->type != REDIS_REPLY_STRING
            || fields->element[i + 1]->type != REDIS_REPLY_STRING)
        {
            continue;
        }

        if (fields->element[i]->len == 4
            && ngx_strncmp(fields->element[i]->str, "node", 4) == 0)
        {
            node.data = (u_char *) fields->element[i + 1]->str;
            node.len = fields->element[i + 1]->len;

        } else if (fields->element[i]->len == 2
                   && ngx_strncmp(fields->element[i]->str, "op", 2) == 0)
        {
            line.data = (u_char *) fields->element[i + 1]->str;
            line.len = fields->element[i + 1]->len;
        }
    }

    if (line.len == 0
        || ngx_http_postflow_record_decode(line.data, line.len, pool, &op)
           != NGX_OK
        || op.type > NGX_HTTP_POSTFLOW_OP_DELETE)
    {
        ngx_log_error(NGX_LOG_WARN, rp->writer.log, 0,
                      "postflow_replicate: stream \"%V\" entry %*s is no"
                      " change this version knows, skipped", &rp->key,
                      id->len, id->str);

        ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));
        op.type = NGX_HTTP_POSTFLOW_OP_POSITION;
        op.time = ngx_time();

        (void) ngx_atomic_fetch_add(&rp->zone->sh->stream.skipped, 1);
    }

    op.stream.data = (u_char *) id->str;
    op.stream.len = id->len;
    op.peer = node.len != rp->conf->node.len
              || ngx_strncmp(node.data, rp->conf->node.data, node.len) != 0;

    ans = &local;
    ngx_http_postflow_answer_init(&local, pool);

    if (sub && id->len == sub->id_text.len
        && ngx_strncmp(id->str, sub->id_text.data, id->len) == 0)
    {
        ans = sub->ans;
    }

    rc = ngx_http_postflow_store_apply(rp->zone, &op, ans);

    if (rc == NGX_ERROR || rc == NGX_HTTP_POSTFLOW_NO_STATE) {
        return NGX_ERROR;
    }

    if (rc == NGX_HTTP_POSTFLOW_STALE) {
        return NGX_OK;
    }

    (void) ngx_atomic_fetch_add(op.peer ? &rp->zone->sh->stream.applied_peers
                                        : &rp->zone->sh->stream.applied_own,
                                1);

    if (sub && ans == sub->ans) {
        sub->applied = 1;
        sub->rc = rc;
    }

    return NGX_OK;
}


/* the first worker: the peers' changes as they come */

static void
ngx_http_postflow_replicate_follow(ngx_http_postflow_replica_t *rp)
{
    u_char       block[NGX_INT_T_LEN];
    u_char       from[NGX_HTTP_POSTFLOW_STREAM_ID_LEN + 1];
    const char  *argv[8];
    size_t       argvlen[8];

    if (rp->reading || !rp->reader.up) {
        return;
    }

    argv[0] = "XREAD";
    argvlen[0] = 5;
    argv[1] = "COUNT";
    argvlen[1] = 5;
    argv[2] = NGX_HTTP_POSTFLOW_RANGE_COUNT;
    argvlen[2] = sizeof(NGX_HTTP_POSTFLOW_RANGE_COUNT) - 1;
    argv[3] = "BLOCK";
    argvlen[3] = 5;
    argv[4] = (const char *) block;
    argvlen[4] = ngx_sprintf(block, "%d", NGX_HTTP_POSTFLOW_READ_BLOCK)
                 - block;
    argv[5] = "STREAMS";
    argvlen[5] = 7;
    argv[6] = (const char *) rp->key.data;
    argvlen[6] = rp->key.len;
    argv[7] = (const char *) from;
    argvlen[7] = ngx_http_postflow_replicate_position(rp->zone, from, 0);

    if (ngx_http_postflow_redis_command(&rp->reader,
                                NGX_HTTP_POSTFLOW_READ_BLOCK
                                + rp->conf->redis.timeout,
                                ngx_http_postflow_replicate_followed, rp, 8,
                                argv, argvlen)
        == NGX_OK)
    {
        rp->reading = 1;
    }
}


/* [[key, [entries]]], or nil when the block ended with nothing new */

static void
ngx_http_postflow_replicate_followed(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    ngx_http_postflow_replica_t  *rp = data;

    redisReply  *entries;

    rp->reading = 0;

    if (reply == NULL) {
        return;     /* the connection is lost: read again once it is back */
    }

    if (ngx_http_postflow_replicate_error(rp, reply, "XREAD")) {
        ngx_add_timer(&rp->read_retry, 1000);
        return;
    }

    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 1
        && reply->element[0]->type == REDIS_REPLY_ARRAY
        && reply->element[0]->elements == 2)
    {
        entries = reply->element[0]->element[1];

        if (entries->type == REDIS_REPLY_ARRAY
            && ngx_http_postflow_replicate_entries(rp, entries, NULL)
               == NGX_ERROR)
        {
            /* the zone could not take one: a while before reading again */
            ngx_add_timer(&rp->read_retry, 1000);
            return;
        }
    }

    ngx_http_postflow_replicate_follow(rp);
}


static void
ngx_http_postflow_replicate_retry_handler(ngx_event_t *ev)
{
    ngx_http_postflow_replica_t  *rp = ev->data;

    if (rp->zone->sh->stream.checked) {
        ngx_http_postflow_replicate_follow(rp);

    } else {
        ngx_http_postflow_replicate_check_stream(rp);
    }
}


static void
ngx_http_postflow_replicate_writer_state(ngx_http_postflow_redis_t *rd,
    ngx_uint_t up)
{
    ngx_http_postflow_replica_t  *rp = rd->data;

    rp->zone->sh->stream.redis_up = up;
}


static void
ngx_http_postflow_replicate_reader_state(ngx_http_postflow_redis_t *rd,
    ngx_uint_t up)
{
    ngx_http_postflow_replica_t  *rp = rd->data;

    rp->zone->sh->stream.redis_up = up;

    if (up) {
        ngx_http_postflow_replicate_check_stream(rp);
    }
}


/* does the stream still hold what follows this node's position? */

static void
ngx_http_postflow_replicate_check_stream(ngx_http_postflow_replica_t *rp)
{
    const char  *argv[3];
    size_t       argvlen[3];

    argv[0] = "XINFO";
    argvlen[0] = 5;
    argv[1] = "STREAM";
    argvlen[1] = 6;
    argv[2] = (const char *) rp->key.data;
    argvlen[2] = rp->key.len;

    if (ngx_http_postflow_redis_command(&rp->reader, rp->conf->redis.timeout,
                                        ngx_http_postflow_replicate_check,
                                        rp, 3, argv, argvlen)
        != NGX_OK)
    {
        ngx_add_timer(&rp->read_retry, 1000);
    }
}


/*
 * XINFO STREAM: [name, value, ...].  Trims remove entries from the
 * stream's start: with some removed ("entries-added" more than
 * "length"), a position before the first entry left
 * ("recorded-first-entry-id", Redis 7) missed some.  No stream yet: an
 * error, nothing to check.
 */

static void
ngx_http_postflow_replicate_check(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    ngx_http_postflow_replica_t  *rp = data;

    u_char                         pos[NGX_HTTP_POSTFLOW_STREAM_ID_LEN];
    size_t                         i;
    long long                      added, length;
    redisReply                    *name, *value;
    ngx_http_postflow_stream_id_t  first, applied;

    if (reply == NULL) {
        return;
    }

    /* "no such key": a stream no node wrote to yet; any other: again */

    if (reply->type == REDIS_REPLY_ERROR
        && ngx_strlcasestrn((u_char *) reply->str,
                            (u_char *) reply->str + reply->len,
                            (u_char *) "no such key", 11 - 1)
           == NULL)
    {
        (void) ngx_http_postflow_replicate_error(rp, reply, "XINFO");
        ngx_add_timer(&rp->read_retry, 1000);
        return;
    }

    added = 0;
    length = 0;
    first.ms = 0;
    first.seq = 0;

    for (i = 0; reply->type == REDIS_REPLY_ARRAY && i + 1 < reply->elements;
         i += 2)
    {
        name = reply->element[i];
        value = reply->element[i + 1];

        if (name->type != REDIS_REPLY_STRING) {
            continue;
        }

        if (value->type == REDIS_REPLY_INTEGER) {
            if (name->len == 6 && ngx_strncmp(name->str, "length", 6) == 0) {
                length = value->integer;

            } else if (name->len == 13
                       && ngx_strncmp(name->str, "entries-added", 13) == 0)
            {
                added = value->integer;
            }

        } else if (value->type == REDIS_REPLY_STRING
                   && name->len == sizeof("recorded-first-entry-id") - 1
                   && ngx_strncmp(name->str, "recorded-first-entry-id",
                                  name->len) == 0)
        {
            (void) ngx_http_postflow_stream_id((u_char *) value->str,
                                               value->len, &first);
        }
    }

    ngx_shmtx_lock(&rp->zone->shpool->mutex);
    applied = rp->zone->sh->stream.applied;
    ngx_shmtx_unlock(&rp->zone->shpool->mutex);

    if (added > length && ngx_http_postflow_stream_cmp(&applied, &first) < 0)
    {
        rp->zone->sh->stream.behind = 1;

        ngx_log_error(NGX_LOG_ERR, rp->writer.log, 0,
                      "postflow_replicate: stream \"%V\" was trimmed up to"
                      " %uL-%uL, past this node's position %*s: changes are"
                      " refused; start this node from a copy of a peer's"
                      " postflow_state journal", &rp->key, first.ms,
                      first.seq,
                      ngx_http_postflow_replicate_position(rp->zone, pos, 0),
                      pos);
        return;
    }

    rp->zone->sh->stream.behind = 0;

    /* where this node is, said before it takes a change: kept by trims */

    if (ngx_http_postflow_replicate_publish(rp, &rp->reader,
                                        ngx_http_postflow_replicate_published)
        != NGX_OK)
    {
        ngx_add_timer(&rp->read_retry, 1000);
    }
}


static void
ngx_http_postflow_replicate_published(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    ngx_http_postflow_replica_t  *rp = data;

    if (ngx_http_postflow_replicate_error(rp, reply, "HSET")) {
        if (reply) {
            ngx_add_timer(&rp->read_retry, 1000);
        }

        return;
    }

    rp->zone->sh->stream.checked = 1;

    ngx_http_postflow_replicate_follow(rp);
}


/* HSET KEY:nodes NAME ID, ID where this node's journal is */

static ngx_int_t
ngx_http_postflow_replicate_publish(ngx_http_postflow_replica_t *rp,
    ngx_http_postflow_redis_t *rd, ngx_http_postflow_redis_reply_pt handler)
{
    u_char                          pos[NGX_HTTP_POSTFLOW_STREAM_ID_LEN];
    const char                     *argv[4];
    size_t                          argvlen[4];
    ngx_http_postflow_stream_id_t   durable;

    ngx_shmtx_lock(&rp->zone->shpool->mutex);
    durable = rp->zone->sh->stream.durable;
    ngx_shmtx_unlock(&rp->zone->shpool->mutex);

    argv[0] = "HSET";
    argvlen[0] = 4;
    argv[1] = (const char *) rp->nodes.data;
    argvlen[1] = rp->nodes.len;
    argv[2] = (const char *) rp->conf->node.data;
    argvlen[2] = rp->conf->node.len;
    argv[3] = (const char *) pos;
    argvlen[3] = ngx_sprintf(pos, "%uL-%uL", durable.ms, durable.seq) - pos;

    return ngx_http_postflow_redis_command(rd, rp->conf->redis.timeout,
                                           handler, rp, 4, argv, argvlen);
}


/* every TRIM_EVERY: where this node's journal is, then the trim */

static void
ngx_http_postflow_replicate_trim_handler(ngx_event_t *ev)
{
    ngx_http_postflow_replica_t  *rp = ev->data;

    const char  *argv[2];
    size_t       argvlen[2];

    ngx_add_timer(&rp->trim, NGX_HTTP_POSTFLOW_TRIM_EVERY);

    if (!rp->writer.up || !rp->zone->sh->stream.checked
        || rp->zone->sh->stream.behind)
    {
        return;
    }

    if (ngx_http_postflow_replicate_publish(rp, &rp->writer,
                                        ngx_http_postflow_replicate_ignore)
        != NGX_OK)
    {
        return;
    }

    argv[0] = "HVALS";
    argvlen[0] = 5;
    argv[1] = (const char *) rp->nodes.data;
    argvlen[1] = rp->nodes.len;

    (void) ngx_http_postflow_redis_command(&rp->writer,
                                   rp->conf->redis.timeout,
                                   ngx_http_postflow_replicate_positions,
                                   rp, 2, argv, argvlen);
}


/* every node's position: the stream goes below the least */

static void
ngx_http_postflow_replicate_positions(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    ngx_http_postflow_replica_t  *rp = data;

    u_char                         min[NGX_HTTP_POSTFLOW_STREAM_ID_LEN];
    size_t                         i;
    const char                    *argv[4];
    size_t                         argvlen[4];
    ngx_http_postflow_stream_id_t  id, least;

    if (ngx_http_postflow_replicate_error(rp, reply, "HVALS")
        || reply->type != REDIS_REPLY_ARRAY || reply->elements == 0)
    {
        return;
    }

    least.ms = (uint64_t) -1;
    least.seq = (uint64_t) -1;

    for (i = 0; i < reply->elements; i++) {
        if (reply->element[i]->type != REDIS_REPLY_STRING
            || ngx_http_postflow_stream_id((u_char *) reply->element[i]->str,
                                           reply->element[i]->len, &id)
               != NGX_OK)
        {
            return;     /* not ours to judge: no trim */
        }

        if (ngx_http_postflow_stream_cmp(&id, &least) < 0) {
            least = id;
        }
    }

    if (least.ms == 0 && least.seq == 0) {
        return;
    }

    argv[0] = "XTRIM";
    argvlen[0] = 5;
    argv[1] = (const char *) rp->key.data;
    argvlen[1] = rp->key.len;
    argv[2] = "MINID";
    argvlen[2] = 5;
    argv[3] = (const char *) min;
    argvlen[3] = ngx_sprintf(min, "%uL-%uL", least.ms, least.seq) - min;

    (void) ngx_http_postflow_redis_command(rd, rp->conf->redis.timeout,
                                           ngx_http_postflow_replicate_ignore,
                                           rp, 4, argv, argvlen);
}


static void
ngx_http_postflow_replicate_ignore(ngx_http_postflow_redis_t *rd,
    redisReply *reply, void *data)
{
    (void) ngx_http_postflow_replicate_error(data, reply, "a command");
}


/* the zone's position as a stream id, "(" first for an exclusive range */

static size_t
ngx_http_postflow_replicate_position(ngx_http_postflow_zone_t *zone,
    u_char *buf, u_char open)
{
    u_char                         *p;
    ngx_http_postflow_stream_id_t   applied;

    ngx_shmtx_lock(&zone->shpool->mutex);
    applied = zone->sh->stream.applied;
    ngx_shmtx_unlock(&zone->shpool->mutex);

    p = buf;

    if (open) {
        *p++ = open;
    }

    return ngx_sprintf(p, "%uL-%uL", applied.ms, applied.seq) - buf;
}


/* no reply, or Redis's error: 1, and the error logged */

static ngx_uint_t
ngx_http_postflow_replicate_error(ngx_http_postflow_replica_t *rp,
    redisReply *reply, const char *what)
{
    if (reply == NULL) {
        return 1;
    }

    if (reply->type != REDIS_REPLY_ERROR) {
        return 0;
    }

    ngx_log_error(NGX_LOG_ERR, rp->writer.log, 0,
                  "postflow_replicate: %V refused %s on \"%V\": %*s",
                  &rp->conf->redis.url, what, &rp->key, reply->len,
                  reply->str);

    return 1;
}


/* statistics --------------------------------------------------------- */


size_t
ngx_http_postflow_replicate_stats_size(ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_replica_t  *rp = zone->replica;

    if (rp == NULL) {
        return 0;
    }

    return sizeof(",\"replication\":{\"node\":,\"stream\":,\"redis\":\"down\","
                  "\"behind\":false,\"accepting\":false,"
                  "\"last_applied_id\":\"\",\"lag_ms\":,\"applied_own\":,"
                  "\"applied_from_peers\":,\"submitted\":,\"refused\":,"
                  "\"skipped\":}")
           + ngx_http_postflow_json_string_size(rp->conf->node.data,
                                                rp->conf->node.len)
           + ngx_http_postflow_json_string_size(rp->key.data, rp->key.len)
           + NGX_HTTP_POSTFLOW_STREAM_ID_LEN + 6 * NGX_ATOMIC_T_LEN;
}


u_char *
ngx_http_postflow_replicate_stats(u_char *p, ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_replica_t    *rp = zone->replica;
    ngx_http_postflow_stream_sh_t  *st;

    if (rp == NULL) {
        return p;
    }

    st = &zone->sh->stream;

    p = ngx_cpymem(p, ",\"replication\":{\"node\":",
                   sizeof(",\"replication\":{\"node\":") - 1);
    p = ngx_http_postflow_json_string(p, rp->conf->node.data,
                                      rp->conf->node.len);
    p = ngx_cpymem(p, ",\"stream\":", sizeof(",\"stream\":") - 1);
    p = ngx_http_postflow_json_string(p, rp->key.data, rp->key.len);
    p = ngx_sprintf(p, ",\"redis\":\"%s\",\"behind\":%s,"
                    "\"accepting\":%s,\"last_applied_id\":\"",
                    st->redis_up ? "up" : "down",
                    st->behind ? "true" : "false",
                    (st->redis_up && st->checked && !st->behind)
                    ? "true" : "false");
    p += ngx_http_postflow_replicate_position(zone, p, 0);

    return ngx_sprintf(p, "\",\"lag_ms\":%M,\"applied_own\":%uA,"
                       "\"applied_from_peers\":%uA,\"submitted\":%uA,"
                       "\"refused\":%uA,\"skipped\":%uA}",
                       st->lag, st->applied_own, st->applied_peers,
                       st->submitted, st->refused, st->skipped);
}


size_t
ngx_http_postflow_replicate_metrics_size(ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_replica_t  *rp = zone->replica;

    if (rp == NULL) {
        return 0;
    }

    return 1024 + 8 * zone->name.len + 6 * NGX_ATOMIC_T_LEN;
}


u_char *
ngx_http_postflow_replicate_metrics(u_char *p, ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_replica_t    *rp = zone->replica;
    ngx_http_postflow_stream_sh_t  *st;

    if (rp == NULL) {
        return p;
    }

    st = &zone->sh->stream;

    p = ngx_sprintf(p, "# HELP postflow_replication_up Whether this node"
                    " reaches Redis.\n"
                    "# TYPE postflow_replication_up gauge\n"
                    "postflow_replication_up{zone=\"%V\"} %d\n"
                    "# HELP postflow_replication_lag_milliseconds From the"
                    " latest applied change's append to its application"
                    " here.\n"
                    "# TYPE postflow_replication_lag_milliseconds gauge\n"
                    "postflow_replication_lag_milliseconds{zone=\"%V\"}"
                    " %M\n",
                    &zone->name, st->redis_up ? 1 : 0, &zone->name,
                    st->lag);

    return ngx_sprintf(p, "# HELP postflow_replication_applied_total Stream"
                       " entries applied here, by origin.\n"
                       "# TYPE postflow_replication_applied_total counter\n"
                       "postflow_replication_applied_total{zone=\"%V\","
                       "origin=\"own\"} %uA\n"
                       "postflow_replication_applied_total{zone=\"%V\","
                       "origin=\"peers\"} %uA\n"
                       "# HELP postflow_replication_refused_total Changes"
                       " refused because Redis was unavailable.\n"
                       "# TYPE postflow_replication_refused_total counter\n"
                       "postflow_replication_refused_total{zone=\"%V\"}"
                       " %uA\n",
                       &zone->name, st->applied_own, &zone->name,
                       st->applied_peers, &zone->name, st->refused);
}
