
/*
 * The statistics in Prometheus' text exposition format 0.0.4: every
 * sample is labelled with its zone, families carry HELP and TYPE.
 */


#include "ngx_http_postflow_module.h"


/* HELP, TYPE and sample lines: about 120 are written, with the poller */
#define NGX_HTTP_POSTFLOW_PROM_LINES  160
#define NGX_HTTP_POSTFLOW_PROM_LINE   192


typedef struct {
    const char                    *name;
    const char                    *help;
    size_t                         offset;    /* into the counters */
} ngx_http_postflow_counter_metric_t;


static u_char *ngx_http_postflow_prom_poller(u_char *p,
    ngx_http_postflow_zone_t *zone);
static u_char *ngx_http_postflow_prom_polls(u_char *p,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_fio_conf_t *frameio);
static u_char *ngx_http_postflow_prom_value(u_char *p,
    ngx_http_postflow_zone_t *zone, const char *name, const char *type,
    const char *help, ngx_atomic_uint_t value);
static u_char *ngx_http_postflow_prom_family(u_char *p, const char *name,
    const char *type, const char *help);
static u_char *ngx_http_postflow_prom_journal(u_char *p,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_journal_sh_t *j);
static u_char *ngx_http_postflow_prom_labelled(u_char *p,
    ngx_http_postflow_zone_t *zone, const char *name, const char *type,
    const char *help, const char *label, ngx_str_t *values,
    ngx_uint_t *counts, ngx_atomic_t *atomics, ngx_uint_t n);


#define ngx_http_postflow_counter(name, help, field)                         \
    { name, help, offsetof(ngx_http_postflow_counters_t, field) }

static ngx_http_postflow_counter_metric_t  ngx_http_postflow_counters[] = {
    ngx_http_postflow_counter("postflow_webhooks_received_total",
        "Webhook deliveries received.", webhooks_received),
    ngx_http_postflow_counter("postflow_webhooks_accepted_total",
        "Webhook deliveries answered 2xx.", webhooks_accepted),
    ngx_http_postflow_counter("postflow_webhook_duplicates_total",
        "Events delivered again; they changed nothing.", duplicates),
    ngx_http_postflow_counter("postflow_webhook_out_of_order_total",
        "Events older than the track's status; they changed nothing.",
        out_of_order),
    ngx_http_postflow_counter("postflow_webhook_unmatched_total",
        "Events kept for a file no track knows yet.", unmatched),
    ngx_http_postflow_counter("postflow_webhook_unmatched_claimed_total",
        "Kept events given to a later registration.", unmatched_claimed),
    ngx_http_postflow_counter("postflow_webhook_unmatched_dropped_total",
        "Kept events dropped for lack of zone memory.", unmatched_dropped),
    ngx_http_postflow_counter("postflow_webhook_ignored_total",
        "Accepted events of a type that changes no track.", ignored),
    ngx_http_postflow_counter("postflow_events_processed_total",
        "Events accepted into the zone.", events_processed),
    ngx_http_postflow_counter("postflow_comments_analyzed_total",
        "Comments analysed and added to a track.", comments_analyzed),
    ngx_http_postflow_counter("postflow_registrations_total",
        "Uploads registered.", registrations),
    ngx_http_postflow_counter("postflow_registrations_failed_total",
        "Registrations refused because the zone was full.",
        registrations_failed),
    ngx_http_postflow_counter("postflow_tracks_deleted_total",
        "Tracks deleted through the API.", deletions),
    ngx_http_postflow_counter("postflow_tracks_expired_total",
        "Tracks forgotten after postflow_track_ttl without activity.",
        expired),
    ngx_http_postflow_counter("postflow_tracks_evicted_total",
        "Finished tracks evicted to make room.", evictions),
    { NULL, NULL, 0 }
};


static ngx_str_t  ngx_http_postflow_call_outcomes[] = {
    ngx_string("ok"),
    ngx_string("4xx"),
    ngx_string("5xx"),
    ngx_string("timeout"),
    ngx_string("rate_limited"),
    ngx_string("error")
};


static ngx_str_t  ngx_http_postflow_job_outcomes[] = {
    ngx_string("done"),
    ngx_string("failed"),
    ngx_string("dropped")
};


static ngx_str_t  ngx_http_postflow_comment_changes[] = {
    ngx_string("added"),
    ngx_string("edited"),
    ngx_string("deleted")
};


static ngx_str_t  ngx_http_postflow_routing_outcomes[] = {
    ngx_string("by_name"),
    ngx_string("by_similarity"),
    ngx_string("ambiguous"),
    ngx_string("unmatched")
};


ngx_int_t
ngx_http_postflow_prometheus(ngx_http_request_t *r,
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_snapshot_t *snap,
    ngx_http_postflow_fio_conf_t *frameio)
{
    u_char                              *p, *start;
    size_t                               size;
    ngx_str_t                            text;
    ngx_atomic_t                        *value;
    ngx_http_postflow_counters_t        *c;
    ngx_http_postflow_counter_metric_t  *m;

    c = &zone->sh->counters;

    /* zone names are directive arguments: no quote or backslash to escape */

    size = NGX_HTTP_POSTFLOW_PROM_LINES
           * (NGX_HTTP_POSTFLOW_PROM_LINE + zone->name.len)
           + ngx_http_postflow_notify_metrics_size(zone)
           + ngx_http_postflow_replicate_metrics_size(zone);

    start = ngx_pnalloc(r->pool, size);
    if (start == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = start;

    for (m = ngx_http_postflow_counters; m->name; m++) {
        value = (ngx_atomic_t *) ((u_char *) c + m->offset);

        p = ngx_http_postflow_prom_value(p, zone, m->name, "counter",
                                         m->help, *value);
    }

    p = ngx_http_postflow_prom_labelled(p, zone,
                            "postflow_webhooks_rejected_total", "counter",
                            "Webhook deliveries refused, by reason.",
                            "reason", ngx_http_postflow_reject_names,
                            NULL, c->webhooks_rejected,
                            NGX_HTTP_POSTFLOW_NREJECT);

    p = ngx_http_postflow_prom_labelled(p, zone, "postflow_tracks", "gauge",
                            "Tracks in the zone, by status.",
                            "status", ngx_http_postflow_status_names,
                            snap->status_count, NULL,
                            NGX_HTTP_POSTFLOW_NSTATUS);

    p = ngx_http_postflow_prom_labelled(p, zone, "postflow_tracks_review",
                            "gauge", "Tracks in the zone, by review status.",
                            "review_status", ngx_http_postflow_review_names,
                            snap->review_count, NULL,
                            NGX_HTTP_POSTFLOW_NREVIEW);

    p = ngx_http_postflow_prom_value(p, zone, "postflow_unmatched_waiting",
                            "gauge", "Files whose events wait for a"
                            " registration.", snap->npending);

    p = ngx_http_postflow_prom_value(p, zone, "postflow_zone_used_bytes",
                            "gauge", "Bytes of the shared zone in use.",
                            snap->zone_used);

    p = ngx_http_postflow_prom_value(p, zone, "postflow_zone_size_bytes",
                            "gauge", "Size of the shared zone.",
                            snap->zone_size);

    if (zone->journal.path.len) {
        p = ngx_http_postflow_prom_journal(p, zone, &snap->journal);
    }

    if (frameio) {
        p = ngx_http_postflow_prom_poller(p, zone);
        p = ngx_http_postflow_prom_polls(p, zone, frameio);
    }

    p = ngx_http_postflow_notify_metrics(p, zone);
    p = ngx_http_postflow_replicate_metrics(p, zone);

    text.data = start;
    text.len = p - start;

    return ngx_http_postflow_send_text(r, NGX_HTTP_OK, &text,
                    "text/plain; version=0.0.4; charset=utf-8");
}


/* the Frame.io poller's counters, as in the JSON's "poller" */

static u_char *
ngx_http_postflow_prom_poller(u_char *p, ngx_http_postflow_zone_t *zone)
{
    ngx_uint_t                          n[6];
    ngx_http_postflow_poll_sh_t        *sh;
    ngx_http_postflow_poll_counters_t  *c;

    sh = &zone->sh->poll;
    c = &sh->counters;

    p = ngx_http_postflow_prom_value(p, zone, "postflow_poller_runs_total",
                            "counter", "Polling runs of the worker holding"
                            " the lease.", c->runs);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_last_run_timestamp_seconds",
                            "gauge", "When the last polling run started,"
                            " 0 before the first.", sh->last_run);

    n[0] = c->api_ok;
    n[1] = c->api_4xx;
    n[2] = c->api_5xx;
    n[3] = c->api_timeout;
    n[4] = c->api_rate_limited;
    n[5] = c->api_error;

    p = ngx_http_postflow_prom_labelled(p, zone,
                            "postflow_frameio_calls_total", "counter",
                            "Frame.io API calls, by outcome.", "outcome",
                            ngx_http_postflow_call_outcomes, n, NULL, 6);

    p = ngx_http_postflow_prom_value(p, zone, "postflow_frameio_retries_total",
                            "counter", "Frame.io API calls tried again.",
                            c->retries);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_jobs_queued_total", "counter",
                            "Jobs webhooks left for the poller.",
                            c->jobs_queued);

    p = ngx_http_postflow_prom_value(p, zone, "postflow_poller_jobs_waiting",
                            "gauge", "Jobs queued or in flight.",
                            sh->njobs);

    n[0] = c->jobs_done;
    n[1] = c->jobs_failed;
    n[2] = c->jobs_dropped;

    p = ngx_http_postflow_prom_labelled(p, zone,
                            "postflow_poller_jobs_finished_total", "counter",
                            "Poller jobs finished, by outcome.", "outcome",
                            ngx_http_postflow_job_outcomes, n, NULL, 3);

    n[0] = c->comments_added;
    n[1] = c->comments_edited;
    n[2] = c->comments_deleted;

    p = ngx_http_postflow_prom_labelled(p, zone,
                            "postflow_poller_comments_total", "counter",
                            "Comments the poller applied, by change.",
                            "change", ngx_http_postflow_comment_changes, n,
                            NULL, 3);

    n[0] = c->routed_by_name;
    n[1] = c->routed_by_similarity;
    n[2] = c->routing_ambiguous;
    n[3] = c->routing_unmatched;

    return ngx_http_postflow_prom_labelled(p, zone,
                            "postflow_poller_routing_total", "counter",
                            "Files routed to a track by their name, by"
                            " outcome.", "outcome",
                            ngx_http_postflow_routing_outcomes, n, NULL, 4);
}


/* the call budget and the rounds of polls */

static u_char *
ngx_http_postflow_prom_polls(u_char *p, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_fio_conf_t *frameio)
{
    ngx_uint_t                          per_minute, used;
    ngx_http_postflow_poll_sh_t        *sh;
    ngx_http_postflow_poll_counters_t  *c;

    sh = &zone->sh->poll;
    c = &sh->counters;

    ngx_http_postflow_budget_read(frameio, &per_minute, &used);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_frameio_budget_calls_per_minute",
                            "gauge", "Frame.io calls a minute the budget"
                            " allows, as configured or as Frame.io said.",
                            per_minute);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_frameio_calls_last_minute", "gauge",
                            "Frame.io calls made in the last whole minute.",
                            used);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_lag_seconds", "gauge",
                            "At the last round, the longest a track under"
                            " review had gone without a poll.", sh->lag);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_round_tracks", "gauge",
                            "Tracks the last round polls.",
                            sh->round_tracks);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_round_due", "gauge",
                            "Tracks that were due at the last round.",
                            sh->round_due);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_tracks_polled_total", "counter",
                            "Threads of comments listed.", c->tracks_polled);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_versions_linked_total",
                            "counter", "Versions of a stack linked to the"
                            " track of an earlier one.", c->versions_linked);

    return ngx_http_postflow_prom_value(p, zone,
                            "postflow_poller_status_fields_read_total",
                            "counter", "Status metadata fields read.",
                            c->status_read);
}


static u_char *
ngx_http_postflow_prom_journal(u_char *p, ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_journal_sh_t *j)
{
    p = ngx_http_postflow_prom_value(p, zone, "postflow_journal_bytes",
                            "gauge", "Size of the postflow_state journal.",
                            j->size);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_journal_write_errors_total", "counter",
                            "Journal records that could not be written;"
                            " their changes were refused.", j->write_errors);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_journal_compactions_total", "counter",
                            "Journal compactions done.", j->compactions);

    p = ngx_http_postflow_prom_value(p, zone,
                            "postflow_journal_compaction_errors_total",
                            "counter", "Journal compactions that failed.",
                            j->compaction_errors);

    p = ngx_http_postflow_prom_value(p, zone,
                        "postflow_journal_last_compaction_timestamp_seconds",
                        "gauge", "When the last compaction ended.",
                        j->compacted_at);

    p = ngx_http_postflow_prom_family(p,
                            "postflow_journal_last_compaction_seconds",
                            "gauge", "How long the last compaction took.");

    return ngx_sprintf(p, "postflow_journal_last_compaction_seconds"
                       "{zone=\"%V\"} %M.%03M\n", &zone->name,
                       j->compaction_msec / 1000, j->compaction_msec % 1000);
}


static u_char *
ngx_http_postflow_prom_value(u_char *p, ngx_http_postflow_zone_t *zone,
    const char *name, const char *type, const char *help,
    ngx_atomic_uint_t value)
{
    p = ngx_http_postflow_prom_family(p, name, type, help);

    return ngx_sprintf(p, "%s{zone=\"%V\"} %uA\n", name, &zone->name, value);
}


static u_char *
ngx_http_postflow_prom_family(u_char *p, const char *name, const char *type,
    const char *help)
{
    return ngx_sprintf(p, "# HELP %s %s\n# TYPE %s %s\n",
                       name, help, name, type);
}


/* one sample per label value, from plain counts or from atomics */

static u_char *
ngx_http_postflow_prom_labelled(u_char *p, ngx_http_postflow_zone_t *zone,
    const char *name, const char *type, const char *help, const char *label,
    ngx_str_t *values, ngx_uint_t *counts, ngx_atomic_t *atomics,
    ngx_uint_t n)
{
    ngx_uint_t  i;

    p = ngx_http_postflow_prom_family(p, name, type, help);

    for (i = 0; i < n; i++) {
        p = ngx_sprintf(p, "%s{zone=\"%V\",%s=\"%V\"} %uA\n", name,
                        &zone->name, label, &values[i],
                        counts ? (ngx_atomic_uint_t) counts[i] : atomics[i]);
    }

    return p;
}
