
/*
 * What the dashboard shows, as JSON: the counts, the health of the
 * journal and the poller, and one page of tracks, those that need
 * attention first.
 *
 * One walk of the LRU list under the zone's lock sorts the matching
 * tracks into their groups, most recent first, and the page's rows are
 * written out before unlocking (the tracks may change after): memory
 * work only, a few hundred microseconds for 10,000 tracks.
 */


#include "ngx_http_postflow_dashboard.h"
#include "ngx_http_postflow_json.h"


/* the order the dashboard lists tracks in */
enum {
    NGX_HTTP_POSTFLOW_GROUP_ATTENTION = 0,   /* changes asked */
    NGX_HTTP_POSTFLOW_GROUP_WAITING,
    NGX_HTTP_POSTFLOW_GROUP_APPROVED,
    NGX_HTTP_POSTFLOW_GROUP_DELETED,
    NGX_HTTP_POSTFLOW_NGROUPS
};


/* a journal error this recent makes it unhealthy */
#define NGX_HTTP_POSTFLOW_JOURNAL_RECENT  300


static ngx_int_t ngx_http_postflow_dashboard_walk(
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone,
    ngx_array_t *groups);
static ngx_uint_t ngx_http_postflow_dashboard_group(
    ngx_http_postflow_track_t *t);
static ngx_uint_t ngx_http_postflow_dashboard_match(
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_track_t *t);
static ngx_int_t ngx_http_postflow_dashboard_page(
    ngx_http_postflow_dashboard_query_t *q, ngx_array_t *groups,
    ngx_array_t *page, ngx_uint_t *matching);
static size_t ngx_http_postflow_dashboard_head_size(
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone);
static u_char *ngx_http_postflow_dashboard_head(u_char *p,
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone);
static u_char *ngx_http_postflow_dashboard_health(u_char *p,
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone);
static size_t ngx_http_postflow_dashboard_row_size(
    ngx_http_postflow_track_t *t);
static u_char *ngx_http_postflow_dashboard_row(u_char *p,
    ngx_http_postflow_track_t *t);
static u_char *ngx_http_postflow_dashboard_string(u_char *p,
    const char *key, ngx_str_t *s);


static ngx_str_t  ngx_http_postflow_dashboard_verdicts[] = {
    ngx_string("neutral"),
    ngx_string("approve"),
    ngx_string("changes")
};


/*
 * The JSON of a query; {"generation":G,"unchanged":true} when the zone
 * has not changed since the generation the page already shows.
 */

ngx_int_t
ngx_http_postflow_dashboard_data(ngx_http_postflow_dashboard_query_t *q,
    ngx_http_postflow_zone_t *zone, ngx_pool_t *pool, ngx_str_t *json)
{
    u_char       *p;
    size_t        size;
    ngx_uint_t    i, matching;
    ngx_array_t   groups[NGX_HTTP_POSTFLOW_NGROUPS], page;
    ngx_http_postflow_track_t  **row;

    for (i = 0; i < NGX_HTTP_POSTFLOW_NGROUPS; i++) {
        if (ngx_array_init(&groups[i], pool, 64, sizeof(void *)) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    ngx_shmtx_lock(&zone->shpool->mutex);

    q->generation_now = zone->sh->generation;

    if (q->since >= 0 && (ngx_atomic_uint_t) q->since == q->generation_now) {
        ngx_shmtx_unlock(&zone->shpool->mutex);

        p = ngx_pnalloc(pool, sizeof("{\"generation\":,\"unchanged\":true}")
                              + NGX_ATOMIC_T_LEN);
        if (p == NULL) {
            return NGX_ERROR;
        }

        json->data = p;
        json->len = ngx_sprintf(p, "{\"generation\":%uA,\"unchanged\":true}",
                                q->generation_now)
                    - p;
        return NGX_OK;
    }

    if (ngx_http_postflow_dashboard_walk(q, zone, groups) != NGX_OK
        || ngx_http_postflow_dashboard_page(q, groups, &page, &matching)
           != NGX_OK)
    {
        goto failed;
    }

    size = ngx_http_postflow_dashboard_head_size(q, zone)
           + sizeof(",\"matching\":,\"offset\":,\"uploads\":[]}")
           + 2 * NGX_INT_T_LEN;

    row = page.elts;

    for (i = 0; i < page.nelts; i++) {
        size += ngx_http_postflow_dashboard_row_size(row[i]) + 1;
    }

    p = ngx_pnalloc(pool, size);
    if (p == NULL) {
        goto failed;
    }

    json->data = p;

    p = ngx_http_postflow_dashboard_head(p, q, zone);
    p = ngx_sprintf(p, ",\"matching\":%ui,\"offset\":%ui,\"uploads\":[",
                    matching, q->offset);

    for (i = 0; i < page.nelts; i++) {
        if (i) {
            *p++ = ',';
        }

        p = ngx_http_postflow_dashboard_row(p, row[i]);
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    *p++ = ']';
    *p++ = '}';
    json->len = p - json->data;

    return NGX_OK;

failed:

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return NGX_ERROR;
}


/* the matching tracks into their groups, most recently active first */

static ngx_int_t
ngx_http_postflow_dashboard_walk(ngx_http_postflow_dashboard_query_t *q,
    ngx_http_postflow_zone_t *zone, ngx_array_t *groups)
{
    ngx_queue_t                 *qu;
    ngx_http_postflow_track_t   *t, **slot;

    for (qu = ngx_queue_head(&zone->sh->lru);
         qu != ngx_queue_sentinel(&zone->sh->lru);
         qu = ngx_queue_next(qu))
    {
        t = ngx_queue_data(qu, ngx_http_postflow_track_t, queue);

        if (ngx_http_postflow_expired(zone, t)
            || !ngx_http_postflow_dashboard_match(q, t))
        {
            continue;
        }

        slot = ngx_array_push(&groups[ngx_http_postflow_dashboard_group(t)]);
        if (slot == NULL) {
            return NGX_ERROR;
        }

        *slot = t;
    }

    return NGX_OK;
}


static ngx_uint_t
ngx_http_postflow_dashboard_group(ngx_http_postflow_track_t *t)
{
    if (t->status == NGX_HTTP_POSTFLOW_DELETED) {
        return NGX_HTTP_POSTFLOW_GROUP_DELETED;
    }

    switch (t->review_status) {

    case NGX_HTTP_POSTFLOW_NEEDS_CHANGES:
    case NGX_HTTP_POSTFLOW_LEANING_REJECTED:
        return NGX_HTTP_POSTFLOW_GROUP_ATTENTION;

    case NGX_HTTP_POSTFLOW_APPROVED:
        return NGX_HTTP_POSTFLOW_GROUP_APPROVED;

    default:
        return NGX_HTTP_POSTFLOW_GROUP_WAITING;
    }
}


/* the filters: a status, a review status, a part of the name or id */

static ngx_uint_t
ngx_http_postflow_dashboard_match(ngx_http_postflow_dashboard_query_t *q,
    ngx_http_postflow_track_t *t)
{
    ngx_str_t  s[NGX_HTTP_POSTFLOW_NSTRINGS], *name, *id;

    if ((q->status >= 0 && t->status != q->status)
        || (q->review_status >= 0 && t->review_status != q->review_status))
    {
        return 0;
    }

    if (q->search.len == 0) {
        return 1;
    }

    ngx_http_postflow_track_strings(t, s);

    name = &s[NGX_HTTP_POSTFLOW_S_FILENAME];
    id = &s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID];

    return (name->len >= q->search.len
            && ngx_strlcasestrn(name->data, name->data + name->len,
                                q->search.data, q->search.len - 1))
           || (id->len >= q->search.len
               && ngx_strlcasestrn(id->data, id->data + id->len,
                                   q->search.data, q->search.len - 1));
}


/* the rows from offset, across the groups in their order */

static ngx_int_t
ngx_http_postflow_dashboard_page(ngx_http_postflow_dashboard_query_t *q,
    ngx_array_t *groups, ngx_array_t *page, ngx_uint_t *matching)
{
    ngx_uint_t                  g, i, n;
    ngx_http_postflow_track_t  **t, **slot;

    if (ngx_array_init(page, groups[0].pool, q->limit, sizeof(void *))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    n = 0;

    for (g = 0; g < NGX_HTTP_POSTFLOW_NGROUPS; g++) {
        t = groups[g].elts;

        for (i = 0; i < groups[g].nelts; i++, n++) {
            if (n < q->offset || page->nelts == q->limit) {
                continue;
            }

            slot = ngx_array_push(page);
            if (slot == NULL) {
                return NGX_ERROR;
            }

            *slot = t[i];
        }
    }

    *matching = n;

    return NGX_OK;
}


static size_t
ngx_http_postflow_dashboard_head_size(ngx_http_postflow_dashboard_query_t *q,
    ngx_http_postflow_zone_t *zone)
{
    size_t      size;
    ngx_uint_t  i;

    size = sizeof("{\"zone\":,\"generation\":,\"now\":\"\",\"webhook_url\":,"
                  "\"counts\":{\"total\":,\"status\":{},"
                  "\"review_status\":{}},\"health\":{\"journal\":"
                  "{\"enabled\":false,\"ok\":false,\"write_errors\":,"
                  "\"last_error\":},\"poller\":{\"enabled\":false,"
                  "\"ok\":false,\"last_run\":\"\",\"lag\":,"
                  "\"rate_limited\":,\"calls_per_minute\":}}")
           + ngx_http_postflow_json_string_size(zone->name.data,
                                                zone->name.len)
           + ngx_http_postflow_json_string_size(q->webhook_url.data,
                                                q->webhook_url.len)
           + ngx_http_postflow_json_string_size(zone->sh->journal.error,
                                                zone->sh->journal.error_len)
           + 2 * NGX_HTTP_POSTFLOW_TIME_LEN + 8 * NGX_ATOMIC_T_LEN;

    for (i = 0; i < NGX_HTTP_POSTFLOW_NSTATUS; i++) {
        size += ngx_http_postflow_status_names[i].len + sizeof("\"\":,")
                + NGX_ATOMIC_T_LEN;
    }

    for (i = 0; i < NGX_HTTP_POSTFLOW_NREVIEW; i++) {
        size += ngx_http_postflow_review_names[i].len + sizeof("\"\":,")
                + NGX_ATOMIC_T_LEN;
    }

    return size;
}


static u_char *
ngx_http_postflow_dashboard_head(u_char *p,
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone)
{
    ngx_http_postflow_shctx_t  *sh;

    sh = zone->sh;

    p = ngx_cpymem(p, "{\"zone\":", sizeof("{\"zone\":") - 1);
    p = ngx_http_postflow_json_string(p, zone->name.data, zone->name.len);
    p = ngx_sprintf(p, ",\"generation\":%uA,\"now\":\"", q->generation_now);
    p = ngx_http_postflow_json_time(p, ngx_time());
    p = ngx_cpymem(p, "\",\"webhook_url\":", sizeof("\",\"webhook_url\":") - 1);

    if (q->webhook_url.len) {
        p = ngx_http_postflow_json_string(p, q->webhook_url.data,
                                          q->webhook_url.len);

    } else {
        p = ngx_cpymem(p, "null", 4);
    }

    p = ngx_sprintf(p, ",\"counts\":{\"total\":%ui", sh->ntracks);
    p = ngx_http_postflow_json_counts(p, "status", sh->status_count,
                                      ngx_http_postflow_status_names,
                                      NGX_HTTP_POSTFLOW_NSTATUS);
    p = ngx_http_postflow_json_counts(p, "review_status", sh->review_count,
                                      ngx_http_postflow_review_names,
                                      NGX_HTTP_POSTFLOW_NREVIEW);
    *p++ = '}';

    return ngx_http_postflow_dashboard_health(p, q, zone);
}


/*
 * The journal is healthy without a recent write error; the poller when
 * its last round is no older than three intervals.
 */

static u_char *
ngx_http_postflow_dashboard_health(u_char *p,
    ngx_http_postflow_dashboard_query_t *q, ngx_http_postflow_zone_t *zone)
{
    time_t                           now, late;
    ngx_uint_t                       ok;
    ngx_http_postflow_poll_sh_t     *poll;
    ngx_http_postflow_journal_sh_t  *j;

    now = ngx_time();
    j = &zone->sh->journal;
    poll = &zone->sh->poll;

    ok = (j->error_at == 0
          || now - j->error_at > NGX_HTTP_POSTFLOW_JOURNAL_RECENT);

    p = ngx_sprintf(p, ",\"health\":{\"journal\":{\"enabled\":%s,\"ok\":%s,"
                    "\"write_errors\":%ui,\"last_error\":",
                    zone->journal.path.len ? "true" : "false",
                    ok ? "true" : "false", j->write_errors);

    if (j->error_len) {
        p = ngx_http_postflow_json_string(p, j->error, j->error_len);

    } else {
        p = ngx_cpymem(p, "null", 4);
    }

    late = 3 * (time_t) (q->poll_interval / 1000) + 5;
    ok = (q->poll_interval == 0
          || (poll->last_run && now - poll->last_run <= late));

    p = ngx_sprintf(p, "},\"poller\":{\"enabled\":%s,\"ok\":%s,\"last_run\":",
                    q->poller ? "true" : "false", ok ? "true" : "false");

    if (poll->last_run) {
        *p++ = '"';
        p = ngx_http_postflow_json_time(p, poll->last_run);
        *p++ = '"';

    } else {
        p = ngx_cpymem(p, "null", 4);
    }

    return ngx_sprintf(p, ",\"lag\":%T,\"rate_limited\":%uA,"
                       "\"calls_per_minute\":%ui}}",
                       poll->lag, poll->counters.api_rate_limited,
                       q->calls_per_minute);
}


static size_t
ngx_http_postflow_dashboard_row_size(ngx_http_postflow_track_t *t)
{
    ngx_str_t  s[NGX_HTTP_POSTFLOW_NSTRINGS];

    ngx_http_postflow_track_strings(t, s);

    return sizeof("{\"upload_id\":,\"filename\":,\"status\":\"\","
                  "\"review_status\":\"\",\"comments_count\":,"
                  "\"updated_at\":\"\",\"review_link\":,\"last_comment\":"
                  "{\"excerpt\":,\"author\":,\"verdict\":\"neutral\"}}")
           + NGX_INT32_LEN + NGX_HTTP_POSTFLOW_TIME_LEN + 32
           + ngx_http_postflow_json_string_size(s[0].data, s[0].len)
           + ngx_http_postflow_json_string_size(
                 s[NGX_HTTP_POSTFLOW_S_FILENAME].data,
                 s[NGX_HTTP_POSTFLOW_S_FILENAME].len)
           + ngx_http_postflow_json_string_size(
                 s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK].data,
                 s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK].len)
           + ngx_http_postflow_json_string_size(
                 s[NGX_HTTP_POSTFLOW_S_EXCERPT].data,
                 s[NGX_HTTP_POSTFLOW_S_EXCERPT].len)
           + ngx_http_postflow_json_string_size(
                 s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR].data,
                 s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR].len);
}


static u_char *
ngx_http_postflow_dashboard_row(u_char *p, ngx_http_postflow_track_t *t)
{
    ngx_str_t  s[NGX_HTTP_POSTFLOW_NSTRINGS], *verdict;

    ngx_http_postflow_track_strings(t, s);

    p = ngx_http_postflow_dashboard_string(p, "{\"upload_id\":", &s[0]);
    p = ngx_http_postflow_dashboard_string(p, ",\"filename\":",
                                       &s[NGX_HTTP_POSTFLOW_S_FILENAME]);
    p = ngx_sprintf(p, ",\"status\":\"%V\",\"review_status\":\"%V\","
                    "\"comments_count\":%uD,\"updated_at\":\"",
                    &ngx_http_postflow_status_names[t->status],
                    &ngx_http_postflow_review_names[t->review_status],
                    t->comments_count);
    p = ngx_http_postflow_json_time(p, t->updated_at);
    *p++ = '"';
    p = ngx_http_postflow_dashboard_string(p, ",\"review_link\":",
                                       &s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK]);

    if (s[NGX_HTTP_POSTFLOW_S_EXCERPT].len == 0) {
        return ngx_cpymem(p, ",\"last_comment\":null}",
                          sizeof(",\"last_comment\":null}") - 1);
    }

    verdict = &ngx_http_postflow_dashboard_verdicts[
                  t->excerpt_verdict <= NGX_HTTP_POSTFLOW_VERDICT_CHANGES
                  ? t->excerpt_verdict : 0];

    p = ngx_http_postflow_dashboard_string(p, ",\"last_comment\":{"
                                              "\"excerpt\":",
                                       &s[NGX_HTTP_POSTFLOW_S_EXCERPT]);
    p = ngx_http_postflow_dashboard_string(p, ",\"author\":",
                                       &s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR]);

    return ngx_sprintf(p, ",\"verdict\":\"%V\"}}", verdict);
}


/* "key" then the string, or null when it is empty */

static u_char *
ngx_http_postflow_dashboard_string(u_char *p, const char *key, ngx_str_t *s)
{
    p = ngx_cpymem(p, key, ngx_strlen(key));

    if (s->len == 0) {
        return ngx_cpymem(p, "null", 4);
    }

    return ngx_http_postflow_json_string(p, s->data, s->len);
}
