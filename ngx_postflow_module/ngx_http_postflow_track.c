
/*
 * One track: its strings, its state machine and its JSON.  Everything
 * here runs with the zone locked.
 */


#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_json.h"


static void ngx_http_postflow_track_notify(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_uint_t review, ngx_int_t from,
    ngx_uint_t to);
static ngx_uint_t ngx_http_postflow_track_status(
    ngx_http_postflow_track_t *t);
static ngx_uint_t ngx_http_postflow_track_seen(ngx_http_postflow_track_t *t,
    ngx_uint_t type);
static size_t ngx_http_postflow_track_json_size(ngx_http_postflow_track_t *t,
    ngx_str_t *s);
static u_char *ngx_http_postflow_track_json_files(u_char *p, ngx_str_t *s);
static u_char *ngx_http_postflow_track_json_list(u_char *p, ngx_str_t *list);
static u_char *ngx_http_postflow_track_json_member(u_char *p,
    ngx_str_t *key, ngx_str_t *s, ngx_uint_t optional);


/*
 * Replaces the strings blob; the caller keeps the file index in step
 * since the file_id may change.
 */

ngx_int_t
ngx_http_postflow_track_set_strings(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *s)
{
    u_char      *blob, *p;
    size_t       size;
    ngx_uint_t   i;

    size = 0;

    for (i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        size += s[i].len;
    }

    zone->pinned = t;
    blob = ngx_http_postflow_store_alloc(zone, size);
    zone->pinned = NULL;

    if (blob == NULL) {
        return NGX_ERROR;
    }

    /* an absent string may have no data pointer at all */

    for (p = blob, i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        if (s[i].len) {
            p = ngx_cpymem(p, s[i].data, s[i].len);
        }
    }

    if (t->strings) {
        ngx_slab_free_locked(zone->shpool, t->strings);
    }

    t->strings = blob;
    t->upload_id_len = s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID].len;
    t->filename_len = s[NGX_HTTP_POSTFLOW_S_FILENAME].len;
    t->file_id_len = s[NGX_HTTP_POSTFLOW_S_FILE_ID].len;
    t->project_id_len = s[NGX_HTTP_POSTFLOW_S_PROJECT_ID].len;
    t->workspace_id_len = s[NGX_HTTP_POSTFLOW_S_WORKSPACE_ID].len;
    t->account_id_len = s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].len;
    t->review_link_len = s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK].len;
    t->versions_len = s[NGX_HTTP_POSTFLOW_S_VERSIONS].len;
    t->excerpt_len = s[NGX_HTTP_POSTFLOW_S_EXCERPT].len;
    t->editors_len = s[NGX_HTTP_POSTFLOW_S_EDITORS].len;
    t->uploader_len = s[NGX_HTTP_POSTFLOW_S_UPLOADER].len;
    t->excerpt_author_len = s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR].len;

    return NGX_OK;
}


/*
 * The latest comment's opening, its author and its verdict, for the
 * dashboard and the notifications.  Only those change; a zone too full
 * for them keeps the old ones.
 */

ngx_int_t
ngx_http_postflow_track_set_excerpt(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *excerpt, ngx_str_t *author,
    ngx_uint_t verdict)
{
    ngx_str_t  s[NGX_HTTP_POSTFLOW_NSTRINGS];

    ngx_http_postflow_track_strings(t, s);

    s[NGX_HTTP_POSTFLOW_S_EXCERPT] = *excerpt;
    s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR] = *author;

    if (ngx_http_postflow_track_set_strings(zone, t, s) != NGX_OK) {
        return NGX_ERROR;
    }

    t->excerpt_verdict = (uint8_t) verdict;

    return NGX_OK;
}


/*
 * A comment's opening: blanks (line breaks too) as one space, at most
 * NGX_HTTP_POSTFLOW_EXCERPT_MAX bytes cut between two characters, an
 * ellipsis when more followed.
 */

ngx_int_t
ngx_http_postflow_excerpt(ngx_pool_t *pool, u_char *text, size_t len,
    ngx_str_t *excerpt)
{
    u_char  *p, *last, *end, *cut;

    p = ngx_pnalloc(pool, NGX_HTTP_POSTFLOW_EXCERPT_MAX + sizeof("…") - 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    excerpt->data = p;
    end = p + NGX_HTTP_POSTFLOW_EXCERPT_MAX;
    last = text + len;

    while (text < last && (*text == ' ' || *text == '\t' || *text == '\r'
                           || *text == '\n'))
    {
        text++;
    }

    for ( /* void */ ; text < last && p < end; text++) {

        if (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
        {
            if (p[-1] != ' ') {
                *p++ = ' ';
            }

            continue;
        }

        *p++ = (*text < 0x20) ? ' ' : *text;
    }

    if (text < last) {

        /* back to the start of the character the cut fell in */

        cut = p;

        while (cut > excerpt->data && (cut[-1] & 0xc0) == 0x80) {
            cut--;
        }

        if (cut > excerpt->data && cut[-1] >= 0xc0) {
            cut--;

        } else {
            cut = p;
        }

        p = cut;
    }

    while (p > excerpt->data && p[-1] == ' ') {
        p--;
    }

    if (text < last) {
        p = ngx_cpymem(p, "…", sizeof("…") - 1);
    }

    excerpt->len = p - excerpt->data;

    return NGX_OK;
}


/* COMPLETED is not an event's doing: it is READY and approved */

static ngx_uint_t
ngx_http_postflow_track_status(ngx_http_postflow_track_t *t)
{
    if (t->stage == NGX_HTTP_POSTFLOW_READY
        && t->review_status == NGX_HTTP_POSTFLOW_APPROVED)
    {
        return NGX_HTTP_POSTFLOW_COMPLETED;
    }

    return t->stage;
}


/*
 * Keeps the distributions, the reported status and the generation that
 * waiters watch in step; called around every change, with the lock.
 * Between the two calls is what a change changed: a status or review
 * status that moved is what postflow_notify tells, live only (a replay
 * finds the notifications in their own records).
 */

void
ngx_http_postflow_track_count(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_int_t delta)
{
    ngx_int_t                   from_status, from_review;
    ngx_http_postflow_shctx_t  *sh;

    sh = zone->sh;

    t->status = ngx_http_postflow_track_status(t);

    sh->status_count[t->status] += delta;
    sh->review_count[t->review_status] += delta;

    /* every change of a track passes here, its removal too */
    sh->generation++;

    if (delta < 0) {
        zone->changing = t;
        zone->changing_status = t->status;
        zone->changing_review = t->review_status;
        return;
    }

    /* a new track: registered, its review pending, which is no change */

    from_status = -1;
    from_review = t->review_status;

    if (zone->changing == t) {
        from_status = zone->changing_status;
        from_review = zone->changing_review;
    }

    zone->changing = NULL;

    if (zone->targets == NULL || zone->replaying || zone->peer_change) {
        return;
    }

    /* a review that completes a track: "approved", then "completed" */

    if (from_review != t->review_status) {
        ngx_http_postflow_track_notify(zone, t, 1, from_review,
                                       t->review_status);
    }

    /*
     * A completed track whose approval is withdrawn is READY again: its
     * file did not become ready, its review changed, which is told.
     */

    if (from_status != t->status
        && !(from_status == NGX_HTTP_POSTFLOW_COMPLETED
             && t->status == NGX_HTTP_POSTFLOW_READY))
    {
        ngx_http_postflow_track_notify(zone, t, 0, from_status, t->status);
    }
}


/* the outbox gets the track as the API shows it, if a target listens */

static void
ngx_http_postflow_track_notify(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_uint_t review, ngx_int_t from,
    ngx_uint_t to)
{
    ngx_str_t                    json;
    ngx_uint_t                   i, event;
    ngx_pool_t                  *pool;
    ngx_http_postflow_target_t  *target;

    event = review ? NGX_HTTP_POSTFLOW_NOTIFY_REVIEW + to : to;
    target = zone->targets->elts;

    for (i = 0; i < zone->targets->nelts; i++) {
        if (target[i].events & (1 << event)) {
            break;
        }
    }

    if (i == zone->targets->nelts) {
        return;
    }

    pool = ngx_create_pool(4096, ngx_cycle->log);

    json.data = pool ? ngx_http_postflow_track_json(pool, t, &json.len)
                     : NULL;

    if (json.data == NULL) {
        (void) ngx_atomic_fetch_add(&zone->sh->outbox.dropped, 1);

    } else {
        ngx_http_postflow_outbox_change(zone, t, &json, pool, review, from,
                                        to);
    }

    if (pool) {
        ngx_destroy_pool(pool);
    }
}


void
ngx_http_postflow_track_record(ngx_http_postflow_track_t *t,
    ngx_uint_t type, time_t now)
{
    t->event_type[t->event_next] = (uint8_t) type;
    t->event_time[t->event_next] = (uint32_t) now;

    t->event_next = (t->event_next + 1) % NGX_HTTP_POSTFLOW_EVENTS_MAX;

    if (t->nevents < NGX_HTTP_POSTFLOW_EVENTS_MAX) {
        t->nevents++;
    }
}


static ngx_uint_t
ngx_http_postflow_track_seen(ngx_http_postflow_track_t *t, ngx_uint_t type)
{
    ngx_uint_t  i;

    for (i = 0; i < t->nevents; i++) {
        if (t->event_type[i] == type) {
            return 1;
        }
    }

    return 0;
}


/*
 * A file event.  The stage only moves forward and a deleted file stays
 * deleted, so duplicates and late deliveries change nothing; both are
 * still recorded by the caller's counters.
 */

ngx_int_t
ngx_http_postflow_track_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_uint_t type, time_t now)
{
    ngx_int_t                        rc;
    ngx_http_postflow_entry_t        signal;
    ngx_http_postflow_event_type_t  *et;

    et = &ngx_http_postflow_event_types[type];

    /* a new version or label is news however often it comes */

    if (et->effect != NGX_HTTP_POSTFLOW_EFFECT_VERSION
        && et->effect != NGX_HTTP_POSTFLOW_EFFECT_LABEL
        && ngx_http_postflow_track_seen(t, type))
    {
        return NGX_HTTP_POSTFLOW_DUPLICATE;
    }

    ngx_http_postflow_track_count(zone, t, -1);

    rc = NGX_HTTP_POSTFLOW_APPLIED;

    switch (et->effect) {

    case NGX_HTTP_POSTFLOW_EFFECT_STATUS:
        if (t->stage >= et->status) {
            rc = NGX_HTTP_POSTFLOW_LATE;

        } else {
            t->stage = et->status;
        }

        break;

    case NGX_HTTP_POSTFLOW_EFFECT_DELETE:
        t->stage = NGX_HTTP_POSTFLOW_DELETED;
        break;

    case NGX_HTTP_POSTFLOW_EFFECT_VERSION:

        /* a new version waits for review again */

        ngx_memzero(&signal, sizeof(ngx_http_postflow_entry_t));
        signal.flags = NGX_HTTP_POSTFLOW_ENTRY_SIGNAL
                       | NGX_HTTP_POSTFLOW_ENTRY_FIX_DELIVERED;

        if (ngx_http_postflow_track_add_entry(zone, t, &signal) != NGX_OK) {
            rc = NGX_HTTP_POSTFLOW_FULL;
        }

        break;

    default:
        break;
    }

    /* a claimed event is older than its track: updated_at only grows */

    if (rc != NGX_HTTP_POSTFLOW_FULL) {
        ngx_http_postflow_track_record(t, type, now);
        t->updated_at = ngx_max(t->updated_at, now);
    }

    ngx_http_postflow_track_count(zone, t, 1);

    return rc;
}


/*
 * Appends a comment or signal to the thread and decides the review
 * again.  A thread at its bound forgets its oldest entry: the latest
 * decisions are the ones that count.
 */

ngx_int_t
ngx_http_postflow_track_add_entry(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_http_postflow_entry_t *entry)
{
    if (ngx_http_postflow_track_reserve_entry(zone, t) != NGX_OK) {
        return NGX_ERROR;
    }

    if (t->nentries == NGX_HTTP_POSTFLOW_COMMENTS_MAX) {
        ngx_memmove(t->entries, t->entries + 1,
                    (t->nentries - 1) * sizeof(ngx_http_postflow_entry_t));
        t->nentries--;
    }

    t->entries[t->nentries++] = *entry;

    ngx_http_postflow_track_review(zone, t);

    return NGX_OK;
}


/*
 * Room for one more entry, the only part of adding one that can fail:
 * a change is journaled only once nothing can refuse it any more.
 */

ngx_int_t
ngx_http_postflow_track_reserve_entry(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t)
{
    ngx_uint_t                  cap;
    ngx_http_postflow_entry_t  *entries;

    if (t->nentries < t->entries_cap
        || t->entries_cap == NGX_HTTP_POSTFLOW_COMMENTS_MAX)
    {
        return NGX_OK;
    }

    cap = t->entries_cap ? t->entries_cap * 2 : 4;

    zone->pinned = t;
    entries = ngx_http_postflow_store_alloc(zone,
                                  cap * sizeof(ngx_http_postflow_entry_t));
    zone->pinned = NULL;

    if (entries == NULL) {
        return NGX_ERROR;
    }

    if (t->entries) {
        ngx_memcpy(entries, t->entries,
                   t->nentries * sizeof(ngx_http_postflow_entry_t));
        ngx_slab_free_locked(zone->shpool, t->entries);
    }

    t->entries = entries;
    t->entries_cap = cap;

    return NGX_OK;
}


void
ngx_http_postflow_track_review(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t)
{
    double  score;

    t->review_status = ngx_http_postflow_review_thread(zone->review,
                                                       t->entries,
                                                       t->nentries,
                                                       t->label, &score);
    t->review_score = (float) score;
}


void
ngx_http_postflow_entry_from_analysis(ngx_http_postflow_entry_t *entry,
    ngx_http_postflow_analysis_t *an, uint32_t id_hash)
{
    entry->id_hash = id_hash;
    entry->verdict = (uint8_t) an->verdict;
    entry->flags = (uint8_t) an->flags;
    entry->positives = (uint16_t) ngx_min(an->positives, 0xffff);
    entry->negatives = (uint16_t) ngx_min(an->negatives, 0xffff);
}


/*
 * Whether a comment is the editors' side of the thread: as its role
 * says, else as its author is the file's uploader or a registered
 * editor.  An editor's comment delivers fixes; it never approves.
 */

ngx_uint_t
ngx_http_postflow_track_by_editor(ngx_http_postflow_track_t *t,
    ngx_str_t *role, ngx_str_t *author)
{
    u_char     *p, *last;
    ngx_str_t   s[NGX_HTTP_POSTFLOW_NSTRINGS], id;

    if (role->len) {
        return ngx_http_postflow_role_editor(role);
    }

    if (author->len == 0) {
        return 0;
    }

    ngx_http_postflow_track_strings(t, s);

    if (s[NGX_HTTP_POSTFLOW_S_UPLOADER].len == author->len
        && ngx_memcmp(s[NGX_HTTP_POSTFLOW_S_UPLOADER].data, author->data,
                      author->len) == 0)
    {
        return 1;
    }

    p = s[NGX_HTTP_POSTFLOW_S_EDITORS].data;
    last = p + s[NGX_HTTP_POSTFLOW_S_EDITORS].len;

    while (ngx_http_postflow_version_next(&p, last, &id)) {
        if (id.len == author->len
            && ngx_memcmp(id.data, author->data, id.len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


ngx_http_postflow_entry_t *
ngx_http_postflow_track_find_entry(ngx_http_postflow_track_t *t,
    uint32_t id_hash)
{
    ngx_uint_t  i;

    for (i = 0; i < t->nentries; i++) {
        if (t->entries[i].id_hash == id_hash
            && !(t->entries[i].flags & NGX_HTTP_POSTFLOW_ENTRY_SIGNAL))
        {
            return &t->entries[i];
        }
    }

    return NULL;
}


static size_t
ngx_http_postflow_track_json_size(ngx_http_postflow_track_t *t,
    ngx_str_t *s)
{
    size_t      size;
    ngx_uint_t  i;

    size = sizeof("{\"upload_id\":,\"filename\":,\"file_id\":,"
                  "\"project_id\":,\"workspace_id\":,\"account_id\":,"
                  "\"status\":\"\",\"review_status\":\"\","
                  "\"review_score\":-0.000,\"comments_count\":,"
                  "\"review_link\":,\"created_at\":\"\",\"updated_at\":\"\","
                  "\"webhook_events_received\":[],\"file_ids\":[],"
                  "\"editors\":[],\"uploader\":}")
           + NGX_INT32_LEN + 2 * NGX_HTTP_POSTFLOW_TIME_LEN
           + sizeof("APPROVED") + sizeof("LEANING_APPROVED")
           + 3 * (ngx_http_postflow_versions_count(
                                    &s[NGX_HTTP_POSTFLOW_S_VERSIONS]) + 1)
           + 3 * (ngx_http_postflow_versions_count(
                                    &s[NGX_HTTP_POSTFLOW_S_EDITORS]) + 1);

    for (i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        size += ngx_http_postflow_json_string_size(s[i].data, s[i].len)
                + sizeof("null");
    }

    for (i = 0; i < t->nevents; i++) {
        size += sizeof("\"\",:") + NGX_HTTP_POSTFLOW_TIME_LEN
                + ngx_http_postflow_event_types[t->event_type[i]].name.len;
    }

    return size;
}


/* ",\"key\":" then the string, or null for an absent optional one */

static u_char *
ngx_http_postflow_track_json_member(u_char *p, ngx_str_t *key, ngx_str_t *s,
    ngx_uint_t optional)
{
    p = ngx_cpymem(p, key->data, key->len);

    if (s->len == 0 && optional) {
        return ngx_cpymem(p, "null", 4);
    }

    return ngx_http_postflow_json_string(p, s->data, s->len);
}


/* ,"file_ids":[...]: the earlier versions, oldest first, then the file */

static u_char *
ngx_http_postflow_track_json_files(u_char *p, ngx_str_t *s)
{
    ngx_str_t  *file_id;

    p = ngx_cpymem(p, ",\"file_ids\":[", sizeof(",\"file_ids\":[") - 1);
    p = ngx_http_postflow_track_json_list(p, &s[NGX_HTTP_POSTFLOW_S_VERSIONS]);

    file_id = &s[NGX_HTTP_POSTFLOW_S_FILE_ID];

    if (file_id->len) {
        if (s[NGX_HTTP_POSTFLOW_S_VERSIONS].len) {
            *p++ = ',';
        }

        p = ngx_http_postflow_json_string(p, file_id->data, file_id->len);
    }

    *p++ = ']';

    return p;
}


/* a list "a,b" as the JSON strings "a","b" */

static u_char *
ngx_http_postflow_track_json_list(u_char *p, ngx_str_t *list)
{
    u_char     *v, *last;
    ngx_str_t   id;

    v = list->data;
    last = v + list->len;

    while (ngx_http_postflow_version_next(&v, last, &id)) {
        p = ngx_http_postflow_json_string(p, id.data, id.len);
        *p++ = ',';
    }

    if (list->len) {
        p--;
    }

    return p;
}


u_char *
ngx_http_postflow_track_json(ngx_pool_t *pool, ngx_http_postflow_track_t *t,
    size_t *len)
{
    u_char                         *json, *p;
    ngx_str_t                       s[NGX_HTTP_POSTFLOW_NSTRINGS], *name;
    ngx_uint_t                      i, n;
    ngx_uint_t                      k;

    static ngx_str_t  keys[] = {
        ngx_string("{\"upload_id\":"),
        ngx_string(",\"filename\":"),
        ngx_string(",\"file_id\":"),
        ngx_string(",\"project_id\":"),
        ngx_string(",\"workspace_id\":"),
        ngx_string(",\"account_id\":"),
        ngx_string(",\"review_link\":"),
    };

    static ngx_str_t  uploader = ngx_string(",\"uploader\":");

    ngx_http_postflow_track_strings(t, s);

    json = ngx_pnalloc(pool, ngx_http_postflow_track_json_size(t, s));
    if (json == NULL) {
        return NULL;
    }

    p = json;

    for (i = 0; i < NGX_HTTP_POSTFLOW_S_REVIEW_LINK; i++) {
        p = ngx_http_postflow_track_json_member(p, &keys[i], &s[i],
                                             i >= NGX_HTTP_POSTFLOW_S_FILE_ID);
    }

    p = ngx_cpymem(p, ",\"status\":\"", sizeof(",\"status\":\"") - 1);
    name = &ngx_http_postflow_status_names[t->status];
    p = ngx_cpymem(p, name->data, name->len);

    p = ngx_cpymem(p, "\",\"review_status\":\"",
                   sizeof("\",\"review_status\":\"") - 1);
    name = &ngx_http_postflow_review_names[t->review_status];
    p = ngx_cpymem(p, name->data, name->len);

    p = ngx_sprintf(p, "\",\"review_score\":%.3f,\"comments_count\":%uD",
                    (double) t->review_score, t->comments_count);

    i = NGX_HTTP_POSTFLOW_S_REVIEW_LINK;
    p = ngx_http_postflow_track_json_member(p, &keys[i], &s[i], 1);

    p = ngx_cpymem(p, ",\"created_at\":\"", sizeof(",\"created_at\":\"") - 1);
    p = ngx_http_postflow_json_time(p, t->created_at);
    p = ngx_cpymem(p, "\",\"updated_at\":\"",
                   sizeof("\",\"updated_at\":\"") - 1);
    p = ngx_http_postflow_json_time(p, t->updated_at);
    p = ngx_cpymem(p, "\",\"webhook_events_received\":[",
                   sizeof("\",\"webhook_events_received\":[") - 1);

    /* oldest first: the ring's next slot is its oldest once it is full */

    n = (t->nevents == NGX_HTTP_POSTFLOW_EVENTS_MAX) ? t->event_next : 0;

    for (i = 0; i < t->nevents; i++) {
        k = (n + i) % NGX_HTTP_POSTFLOW_EVENTS_MAX;

        if (i) {
            *p++ = ',';
        }

        *p++ = '"';
        name = &ngx_http_postflow_event_types[t->event_type[k]].name;
        p = ngx_cpymem(p, name->data, name->len);
        *p++ = ':';
        p = ngx_http_postflow_json_time(p, t->event_time[k]);
        *p++ = '"';
    }

    *p++ = ']';

    p = ngx_http_postflow_track_json_files(p, s);

    p = ngx_cpymem(p, ",\"editors\":[", sizeof(",\"editors\":[") - 1);
    p = ngx_http_postflow_track_json_list(p, &s[NGX_HTTP_POSTFLOW_S_EDITORS]);
    *p++ = ']';

    p = ngx_http_postflow_track_json_member(p, &uploader,
                                       &s[NGX_HTTP_POSTFLOW_S_UPLOADER], 1);

    *p++ = '}';

    *len = p - json;

    return json;
}
