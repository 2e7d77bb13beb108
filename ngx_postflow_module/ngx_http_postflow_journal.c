
/*
 * postflow_state: an append-only journal of every change to a zone, one
 * JSON object per line, replayed into a new zone at start.
 *
 * Records are appended with the zone locked, before the change is made
 * and before the client is answered: the journal's order is the zone's,
 * and an answered change survives a crash of every nginx process.  The
 * kernel writes it to disk within postflow's one-second sync, so a
 * machine crash loses at most that second.  A record that cannot be
 * written (a full disk) refuses the change, and Frame.io retries it.
 *
 * The file is opened for appending: its write position belongs to the
 * file, so the workers of an old and a new configuration, whose zones
 * differ after a resize, never write over each other's records.
 *
 * When the journal has grown well past the zone it describes, a worker
 * writes a snapshot of the zone beside it and renames it into place:
 * at every moment one complete, readable file is there.  It does so
 * after the change that crossed the threshold is made and answered
 * (a posted event), so the snapshot holds that change.
 *
 * The master replays and compacts as root; the workers append and
 * compact as the user nginx runs them as.  So the files it creates are
 * given to that user, and the directory must be that user's to write in.
 */


#include "ngx_http_postflow_module.h"


#define NGX_HTTP_POSTFLOW_LINE_MAX      (256 * 1024)
#define NGX_HTTP_POSTFLOW_SYNC_DELAY    1000
#define NGX_HTTP_POSTFLOW_COMPACT_RETRY 60

/* the journal's tail is copied unlocked until less than this was added */
#define NGX_HTTP_POSTFLOW_TAIL_LOCKED   (64 * 1024)
#define NGX_HTTP_POSTFLOW_TAIL_ROUNDS   8


typedef struct {
    ngx_str_t                        op;
    ngx_str_t                        time;
    ngx_http_postflow_track_input_t  in;
    ngx_str_t                        type;
    ngx_str_t                        resource_id;
    ngx_str_t                        comment_id;
    ngx_str_t                        verdict;
    ngx_str_t                        flags;
    ngx_str_t                        positives;
    ngx_str_t                        negatives;
    ngx_str_t                        created;
    ngx_str_t                        stage;
    ngx_str_t                        label;
    ngx_str_t                        comments;
    ngx_str_t                        events;
    ngx_str_t                        entries;
    ngx_str_t                        delivery;
    ngx_str_t                        version;
} ngx_http_postflow_record_t;


struct ngx_http_postflow_writer_s {
    ngx_fd_t                         fd;
    u_char                          *pos;
    u_char                          *last;
    off_t                            size;
    ngx_uint_t                       failed;
    ngx_pool_t                      *pool;
    u_char                          *tmp;        /* PATH.compact */
    u_char                           buf[64 * 1024];
};




static ngx_int_t ngx_http_postflow_journal_format(ngx_pool_t *pool,
    const char *op, time_t now, ngx_http_postflow_jfield_t *fields,
    ngx_uint_t n, ngx_str_t *line);
static ngx_int_t ngx_http_postflow_journal_open(
    ngx_http_postflow_zone_t *zone);
static ngx_int_t ngx_http_postflow_journal_check(
    ngx_http_postflow_zone_t *zone, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_journal_give(
    ngx_http_postflow_zone_t *zone, ngx_fd_t fd, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_journal_replay(
    ngx_http_postflow_zone_t *zone, ngx_log_t *log);
static void ngx_http_postflow_journal_compact_handler(ngx_event_t *ev);
static ngx_int_t ngx_http_postflow_journal_compact(
    ngx_http_postflow_zone_t *zone, ngx_uint_t always, ngx_log_t *log);
static void ngx_http_postflow_compact_write(void *data, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_compact_finish(
    ngx_http_postflow_compact_t *cp);
#if (NGX_THREADS)
static ngx_int_t ngx_http_postflow_compact_post(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_compact_t *cp);
static void ngx_http_postflow_compact_done(ngx_event_t *ev);
#endif
static ngx_uint_t ngx_http_postflow_journal_compacting(
    ngx_http_postflow_zone_t *zone, ngx_uint_t always);
static void ngx_http_postflow_journal_compacted(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_writer_t *w,
    off_t base, ngx_msec_t locked, struct timeval *start, ngx_log_t *log);
static off_t ngx_http_postflow_journal_snapshot(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_zone_t *from,
    ngx_log_t *log);
static ngx_http_postflow_writer_t *ngx_http_postflow_snapshot_write(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_zone_copy_t *copy,
    ngx_log_t *log);
static ngx_int_t ngx_http_postflow_snapshot_tail(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_writer_t *w,
    off_t from, off_t to);
static ngx_int_t ngx_http_postflow_snapshot_commit(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_writer_t *w,
    ngx_uint_t sync, ngx_log_t *log);
static ngx_msec_t ngx_http_postflow_elapsed(struct timeval *start);
static void ngx_http_postflow_journal_sync(ngx_event_t *ev);
static void ngx_http_postflow_journal_failed(ngx_http_postflow_zone_t *zone,
    const char *what, ngx_err_t err);
static ngx_int_t ngx_http_postflow_replay_line(ngx_http_postflow_zone_t *zone,
    u_char *p, size_t len, ngx_pool_t *pool);
static ngx_int_t ngx_http_postflow_replay_record(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_record_t *rec,
    ngx_pool_t *pool);
static void ngx_http_postflow_write(ngx_http_postflow_writer_t *w,
    u_char *p, size_t len);
static ngx_int_t ngx_http_postflow_journal_entries(
    ngx_http_postflow_track_t *t, ngx_pool_t *pool, ngx_str_t *comments,
    ngx_str_t *entries);
static ngx_int_t ngx_http_postflow_snapshot_track(
    ngx_http_postflow_writer_t *w, ngx_http_postflow_track_t *t,
    ngx_pool_t *pool);
static ngx_int_t ngx_http_postflow_snapshot_pending(
    ngx_http_postflow_writer_t *w, ngx_http_postflow_pending_t *pe,
    ngx_pool_t *pool);
static u_char *ngx_http_postflow_snapshot_events(u_char *p, uint8_t *types,
    uint32_t *times, ngx_uint_t n, ngx_uint_t first, ngx_uint_t size);


/* this process' pending sync, for every zone written since the last */
static ngx_event_t                ngx_http_postflow_sync_event;
static ngx_connection_t           ngx_http_postflow_sync_dummy;


/* nothing is recorded without postflow_state, or while replaying */

ngx_int_t
ngx_http_postflow_journal_record(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, const char *op, time_t now,
    ngx_http_postflow_jfield_t *fields, ngx_uint_t n, ngx_str_t *line)
{
    ngx_str_null(line);

    if (zone->state.len == 0 || zone->replaying) {
        return NGX_OK;
    }

    return ngx_http_postflow_journal_format(pool, op, now, fields, n, line);
}


/* a record from (key, value) pairs; empty values are left out */

static ngx_int_t
ngx_http_postflow_journal_format(ngx_pool_t *pool, const char *op,
    time_t now, ngx_http_postflow_jfield_t *fields, ngx_uint_t n,
    ngx_str_t *line)
{
    u_char      *p;
    size_t       size;
    ngx_uint_t   i;

    size = sizeof("{\"op\":\"\",\"time\":\"\"}\n") + ngx_strlen(op)
           + NGX_TIME_T_LEN;

    for (i = 0; i < n; i++) {
        size += sizeof(",\"\":") + ngx_strlen(fields[i].key)
                + ngx_http_postflow_json_string_size(fields[i].value->data,
                                                     fields[i].value->len);
    }

    p = ngx_pnalloc(pool, size);
    if (p == NULL) {
        return NGX_ERROR;
    }

    line->data = p;
    p = ngx_sprintf(p, "{\"op\":\"%s\",\"time\":\"%T\"", op, now);

    for (i = 0; i < n; i++) {
        if (fields[i].value->len == 0) {
            continue;
        }

        p = ngx_sprintf(p, ",\"%s\":", fields[i].key);
        p = ngx_http_postflow_json_string(p, fields[i].value->data,
                                          fields[i].value->len);
    }

    *p++ = '}';
    *p++ = '\n';
    line->len = p - line->data;

    return NGX_OK;
}


/*
 * With the zone locked.  The file is written at the size the zone keeps,
 * so a write cut short by a full disk is taken back whole.
 */

ngx_int_t
ngx_http_postflow_journal_append(ngx_http_postflow_zone_t *zone,
    ngx_str_t *line)
{
    ssize_t                     n;
    ngx_err_t                   err;
    ngx_file_info_t             fi;
    ngx_http_postflow_shctx_t  *sh;

    if (line->len == 0) {
        return NGX_OK;
    }

    sh = zone->sh;

    if (ngx_http_postflow_journal_open(zone) != NGX_OK) {
        sh->journal.write_errors++;
        ngx_http_postflow_journal_failed(zone, "open() failed", ngx_errno);
        return NGX_ERROR;
    }

    n = write(zone->state_fd, line->data, line->len);

    if (n != (ssize_t) line->len) {
        err = (n == -1) ? ngx_errno : NGX_ENOSPC;

        /* the part written ends the file: what it had before is kept */

        if (n > 0
            && (ngx_fd_info(zone->state_fd, &fi) == NGX_FILE_ERROR
                || ftruncate(zone->state_fd, ngx_file_size(&fi) - n) == -1))
        {
            ngx_log_error(NGX_LOG_ALERT, ngx_cycle->log, ngx_errno,
                          "postflow_state \"%V\": cannot take back a"
                          " partial record", &zone->state);
        }

        ngx_log_error(NGX_LOG_CRIT, ngx_cycle->log, err,
                      "postflow_state \"%V\": write failed", &zone->state);
        sh->journal.write_errors++;
        ngx_http_postflow_journal_failed(zone, "write() failed", err);
        return NGX_ERROR;
    }

    sh->journal.size += n;
    zone->unsynced = 1;

    if (!ngx_http_postflow_sync_event.timer_set) {
        ngx_http_postflow_sync_dummy.fd = (ngx_socket_t) -1;
        ngx_http_postflow_sync_event.handler = ngx_http_postflow_journal_sync;
        ngx_http_postflow_sync_event.data = &ngx_http_postflow_sync_dummy;
        ngx_http_postflow_sync_event.log = ngx_cycle->log;
        ngx_http_postflow_sync_event.cancelable = 1;
        ngx_add_timer(&ngx_http_postflow_sync_event,
                      NGX_HTTP_POSTFLOW_SYNC_DELAY);
    }

    if (sh->journal.size > zone->state_compact
        && sh->journal.size > 4 * sh->journal.base
        && ngx_time() >= zone->compact_retry
        && !zone->compact_event.posted)
    {
        zone->compact_event.handler =
                                    ngx_http_postflow_journal_compact_handler;
        zone->compact_event.data = zone;
        zone->compact_event.log = ngx_cycle->log;
        ngx_post_event(&zone->compact_event, &ngx_posted_events);
    }

    return NGX_OK;
}


/*
 * After the request that crossed the threshold: its change is in the
 * zone now.  A failure is said once and tried again a minute later.
 */

static void
ngx_http_postflow_journal_compact_handler(ngx_event_t *ev)
{
    ngx_http_postflow_zone_t  *zone;

    zone = ev->data;

    if (ngx_http_postflow_journal_compact(zone, 0, ev->log) != NGX_OK) {
        zone->compact_retry = ngx_time() + NGX_HTTP_POSTFLOW_COMPACT_RETRY;
    }
}


/*
 * With the zone locked, after the poller changed a track's thread: the
 * thread as it is now, so that a restart finds the comments Frame.io's
 * API gave without asking again.  The change is made already: a failed
 * write is logged, and the next poll after a restart brings it back.
 */

void
ngx_http_postflow_journal_thread(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_pool_t *pool)
{
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS], line;
    ngx_str_t                   comments, entries;
    ngx_http_postflow_jfield_t  fields[] = {
        { "upload_id", &s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID] },
        { "comments", &comments },
        { "entries", &entries }
    };

    if (zone->state.len == 0 || zone->replaying) {
        return;
    }

    ngx_http_postflow_track_strings(t, s);

    if (ngx_http_postflow_journal_entries(t, pool, &comments, &entries)
        != NGX_OK
        || ngx_http_postflow_journal_format(pool, "thread", t->updated_at,
                                            fields, 3, &line)
           != NGX_OK)
    {
        ngx_log_error(NGX_LOG_ALERT, ngx_cycle->log, 0,
                      "postflow_state \"%V\": no memory for the thread of"
                      " \"%V\"", &zone->state, &s[0]);
        return;
    }

    (void) ngx_http_postflow_journal_append(zone, &line);
}


/* the comment count, and the entries as "hash:verdict:flags:pos:neg,..." */

static ngx_int_t
ngx_http_postflow_journal_entries(ngx_http_postflow_track_t *t,
    ngx_pool_t *pool, ngx_str_t *comments, ngx_str_t *entries)
{
    u_char                     *p;
    ngx_uint_t                  i;
    ngx_http_postflow_entry_t  *e;

    p = ngx_pnalloc(pool, NGX_INT32_LEN
                          + t->nentries * (5 * NGX_INT32_LEN));
    if (p == NULL) {
        return NGX_ERROR;
    }

    comments->data = p;
    comments->len = ngx_sprintf(p, "%uD", t->comments_count) - p;

    entries->data = comments->data + comments->len;

    for (p = entries->data, i = 0; i < t->nentries; i++) {
        e = &t->entries[i];
        p = ngx_sprintf(p, "%s%uD:%ud:%ud:%ud:%ud", i ? "," : "",
                        e->id_hash, (uint32_t) e->verdict,
                        (uint32_t) e->flags, (uint32_t) e->positives,
                        (uint32_t) e->negatives);
    }

    entries->len = p - entries->data;

    return NGX_OK;
}


/* a compaction elsewhere replaced the file: reopen it */

static ngx_int_t
ngx_http_postflow_journal_open(ngx_http_postflow_zone_t *zone)
{
    if (zone->state_fd != NGX_INVALID_FILE
        && zone->state_version == zone->sh->journal.version)
    {
        return NGX_OK;
    }

    /*
     * The file a compaction replaced: the last descriptor of it to be
     * closed frees its blocks, which takes long for a big journal, so
     * not here with the zone locked but at the next sync.
     */

    if (zone->state_fd != NGX_INVALID_FILE) {
        if (zone->retired) {
            (void) ngx_close_file(zone->retired_fd);
        }

        zone->retired_fd = zone->state_fd;
        zone->retired = 1;
    }

    zone->state_fd = ngx_open_file(zone->state.data,
                                   NGX_FILE_APPEND,
                                   NGX_FILE_CREATE_OR_OPEN,
                                   NGX_FILE_DEFAULT_ACCESS);

    if (zone->state_fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_CRIT, ngx_cycle->log, ngx_errno,
                      "postflow_state: " ngx_open_file_n " \"%V\" failed",
                      &zone->state);
        return NGX_ERROR;
    }

    zone->state_version = zone->sh->journal.version;

    return NGX_OK;
}


/* the page cache reaches the disk within a second of an answer */

static void
ngx_http_postflow_journal_sync(ngx_event_t *ev)
{
    ngx_http_postflow_journal_flush((ngx_cycle_t *) ngx_cycle);
}


/*
 * Every zone this process wrote to since the last sync.  Also as the
 * process exits: the timer is cancelable so that it never holds up a
 * graceful reload or quit, and the promise must hold across those too.
 */

void
ngx_http_postflow_journal_flush(ngx_cycle_t *cycle)
{
    ngx_uint_t                      i;
    ngx_shm_zone_t                **zones;
    ngx_http_postflow_zone_t       *zone;
    ngx_http_postflow_main_conf_t  *pmcf;

    if (ngx_http_postflow_sync_event.timer_set) {
        ngx_del_timer(&ngx_http_postflow_sync_event);
    }

    pmcf = ngx_http_cycle_get_module_main_conf(cycle,
                                               ngx_http_postflow_module);
    if (pmcf == NULL) {
        return;
    }

    zones = pmcf->zones.elts;

    for (i = 0; i < pmcf->zones.nelts; i++) {
        zone = zones[i]->data;

        if (zone->retired) {
            (void) ngx_close_file(zone->retired_fd);
            zone->retired = 0;
        }

        if (!zone->unsynced || zone->state_fd == NGX_INVALID_FILE) {
            continue;
        }

        zone->unsynced = 0;

        if (fdatasync(zone->state_fd) == -1) {
            ngx_log_error(NGX_LOG_ALERT, cycle->log, ngx_errno,
                          "postflow_state \"%V\": fdatasync() failed",
                          &zone->state);
        }
    }
}


/* with the zone locked: what the statistics say about the journal */

static void
ngx_http_postflow_journal_failed(ngx_http_postflow_zone_t *zone,
    const char *what, ngx_err_t err)
{
    u_char                          *p, *last;
    ngx_http_postflow_journal_sh_t  *j;

    j = &zone->sh->journal;
    last = j->error + NGX_HTTP_POSTFLOW_ERROR_MAX;

    p = ngx_snprintf(j->error, last - j->error, "%s", what);

    if (err && last - p > 16) {
        p = ngx_sprintf(p, " (%d: ", err);
        p = ngx_strerror(err, p, last - p - 1);
        *p++ = ')';
    }

    j->error_len = p - j->error;
    j->error_at = ngx_time();
}


/*
 * In the master, as a zone is set up: a new zone replays its journal;
 * a journal that moved (another path, another zone's file) gets a
 * snapshot of the tracks the old configuration's zone holds, before a
 * new zone replays it.  nginx -t checks the directory only.
 */

ngx_int_t
ngx_http_postflow_journal_start(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_zone_t *ozone, ngx_log_t *log)
{
    off_t  size;

    if (zone->state.len == 0) {
        return NGX_OK;
    }

    if (ngx_http_postflow_journal_check(zone, log) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_test_config) {
        return NGX_OK;
    }

    if (ngx_http_postflow_journal_lock(zone, log) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ozone
        && (ozone->state.len != zone->state.len
            || ngx_strncmp(ozone->state.data, zone->state.data,
                           zone->state.len) != 0))
    {
        size = ngx_http_postflow_journal_snapshot(zone, ozone, log);

        if (size == -1) {
            return NGX_ERROR;
        }

        ngx_log_error(NGX_LOG_NOTICE, log, 0,
                      "postflow_state \"%V\": %ui tracks of postflow_zone"
                      " \"%V\" written to the new journal", &zone->state,
                      ozone->sh->ntracks, &zone->name);

        if (ozone->sh == zone->sh) {
            zone->sh->journal.size = size;
            zone->sh->journal.base = size;
            zone->sh->journal.version++;
            return NGX_OK;
        }

    } else if (ozone && ozone->sh == zone->sh) {
        /* the same zone, the same file: nothing moved */
        return NGX_OK;
    }

    return ngx_http_postflow_journal_replay(zone, log);
}


/*
 * The directory must exist and be the worker user's to write in: the
 * workers append there and compaction renames a file into it.
 */

static ngx_int_t
ngx_http_postflow_journal_check(ngx_http_postflow_zone_t *zone,
    ngx_log_t *log)
{
    u_char           *dir, *slash;
    ngx_file_info_t   fi;

    dir = ngx_pnalloc(zone->cycle->pool, zone->state.len + 1);
    if (dir == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(dir, zone->state.data, zone->state.len + 1);

    /* the path is absolute (ngx_conf_full_name()); "/" keeps its slash */

    slash = (u_char *) strrchr((char *) dir, '/');

    if (slash) {
        slash[slash == dir] = '\0';
    }

    if (ngx_file_info(dir, &fi) == NGX_FILE_ERROR) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state \"%V\": the directory \"%s\" cannot"
                      " be used, in %V:%ui", &zone->state, dir,
                      &zone->state_conf_file, zone->state_conf_line);
        return NGX_ERROR;
    }

    if (!ngx_is_dir(&fi)
        || !ngx_http_postflow_worker_can(dir, &fi, zone->cycle,
                                         S_IWUSR|S_IXUSR))
    {
        ngx_log_error(NGX_LOG_EMERG, log, 0,
                      "postflow_state \"%V\": the directory \"%s\" is not"
                      " writable by the user \"%s\" nginx runs its workers"
                      " as, in %V:%ui", &zone->state, dir,
                      ngx_http_postflow_worker_user(zone->cycle),
                      &zone->state_conf_file, zone->state_conf_line);
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* a file the master creates is the workers' to append to and replace */

static ngx_int_t
ngx_http_postflow_journal_give(ngx_http_postflow_zone_t *zone, ngx_fd_t fd,
    ngx_log_t *log)
{
    ngx_core_conf_t  *ccf;

    /* a zone outside of a cycle (the fuzzers') has no worker user */

    if (geteuid() != 0 || zone->cycle == NULL) {
        return NGX_OK;
    }

    ccf = (ngx_core_conf_t *) ngx_get_conf(zone->cycle->conf_ctx,
                                           ngx_core_module);

    if (ccf->user == (ngx_uid_t) NGX_CONF_UNSET_UINT) {
        return NGX_OK;
    }

    if (fchown(fd, ccf->user, ccf->group) == -1) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state \"%V\": fchown() failed, the workers"
                      " could not write it", &zone->state);
        return NGX_ERROR;
    }

    return NGX_OK;
}


/*
 * Replays the journal into a new zone, in the master, before workers
 * exist.  A line that cannot be read is skipped with a warning; a torn
 * last line (a crash during a write) is cut off so that appends start
 * on a line of their own.
 */

static ngx_int_t
ngx_http_postflow_journal_replay(ngx_http_postflow_zone_t *zone,
    ngx_log_t *log)
{
    u_char      *buf, *p, *last, *nl;
    off_t        offset, base, good;
    ssize_t      n;
    ngx_fd_t     fd;
    ngx_uint_t   line, applied, skipped, skipping;
    ngx_pool_t  *pool;

    fd = ngx_open_file(zone->state.data, NGX_FILE_RDWR,
                       NGX_FILE_CREATE_OR_OPEN, NGX_FILE_DEFAULT_ACCESS);
    if (fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state: " ngx_open_file_n " \"%V\" failed",
                      &zone->state);
        return NGX_ERROR;
    }

    buf = ngx_alloc(NGX_HTTP_POSTFLOW_LINE_MAX, log);
    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, log);

    if (buf == NULL || pool == NULL
        || ngx_http_postflow_journal_give(zone, fd, log) != NGX_OK)
    {
        goto failed;
    }

    zone->replaying = 1;

    offset = 0;
    good = 0;
    line = 0;
    applied = 0;
    skipped = 0;
    skipping = 0;
    last = buf;

    for ( ;; ) {
        n = pread(fd, last, buf + NGX_HTTP_POSTFLOW_LINE_MAX - last, offset);

        if (n == -1) {
            ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                          "postflow_state: pread() \"%V\" failed",
                          &zone->state);
            goto failed;
        }

        offset += n;
        last += n;
        base = offset - (last - buf);

        for (p = buf; (nl = ngx_strlchr(p, last, LF)) != NULL; p = nl + 1) {
            good = base + (nl + 1 - buf);

            if (skipping) {
                /* the end of a line already reported as too long */
                skipping = 0;
                continue;
            }

            line++;

            if (ngx_http_postflow_replay_line(zone, p, nl - p, pool)
                == NGX_OK)
            {
                applied++;

            } else {
                skipped++;
                ngx_log_error(NGX_LOG_ERR, log, 0,
                              "postflow_state \"%V\": line %ui is not a"
                              " valid record, skipped", &zone->state, line);
            }

            ngx_reset_pool(pool);
        }

        if (n == 0) {
            break;
        }

        if (p == buf && last == buf + NGX_HTTP_POSTFLOW_LINE_MAX) {
            /* a line longer than any record: skip to its end */

            if (!skipping) {
                line++;
                skipped++;
                skipping = 1;
                ngx_log_error(NGX_LOG_ERR, log, 0,
                              "postflow_state \"%V\": line %ui is longer"
                              " than %uz bytes, skipped", &zone->state,
                              line, (size_t) NGX_HTTP_POSTFLOW_LINE_MAX);
            }

            last = buf;
            continue;
        }

        last = ngx_movemem(buf, p, last - p);
    }

    if (last != buf || skipping) {
        ngx_log_error(NGX_LOG_WARN, log, 0,
                      "postflow_state \"%V\": line %ui is incomplete (a"
                      " crash during a write?), cut off", &zone->state,
                      line + !skipping);

        if (ftruncate(fd, good) == -1) {
            ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                          "postflow_state: ftruncate() \"%V\" failed",
                          &zone->state);
            goto failed;
        }
    }

    zone->replaying = 0;
    zone->sh->journal.size = good;
    zone->sh->journal.base = good;

    ngx_log_error(NGX_LOG_NOTICE, log, 0,
                  "postflow_state \"%V\": %ui records replayed, %ui skipped,"
                  " %ui tracks", &zone->state, applied, skipped,
                  zone->sh->ntracks);

    ngx_free(buf);
    ngx_destroy_pool(pool);
    (void) ngx_close_file(fd);

    /*
     * Start from a snapshot when the history is long: past the size to
     * compact at, and with more than two records per thing it describes.
     */

    if (good > zone->state_compact
        && applied > 2 * (zone->sh->ntracks + zone->sh->npending))
    {
        (void) ngx_http_postflow_journal_compact(zone, 1, log);
    }

    return NGX_OK;

failed:

    zone->replaying = 0;

    if (buf) {
        ngx_free(buf);
    }

    if (pool) {
        ngx_destroy_pool(pool);
    }

    (void) ngx_close_file(fd);

    return NGX_ERROR;
}


static ngx_int_t
ngx_http_postflow_replay_line(ngx_http_postflow_zone_t *zone, u_char *p,
    size_t len, ngx_pool_t *pool)
{
    ngx_str_t                        err;
    ngx_http_postflow_record_t       rec;
    ngx_http_postflow_json_field_t   fields[] = {

#define ngx_http_postflow_rec_field(name, field, max)                        \
        { ngx_string(name), NGX_HTTP_POSTFLOW_JSON_STRING, max,             \
          &rec.field, NULL, 0, 0 }

        ngx_http_postflow_rec_field("op", op, 16),
        ngx_http_postflow_rec_field("time", time, NGX_TIME_T_LEN),
        ngx_http_postflow_rec_field("upload_id", in.upload_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("filename", in.filename,
                                    NGX_HTTP_POSTFLOW_NAME_MAX),
        ngx_http_postflow_rec_field("file_id", in.file_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("project_id", in.project_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("workspace_id", in.workspace_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("account_id", in.account_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("review_link", in.review_link,
                                    NGX_HTTP_POSTFLOW_LINK_MAX),
        ngx_http_postflow_rec_field("type", type, NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("resource_id", resource_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("comment_id", comment_id,
                                    NGX_HTTP_POSTFLOW_ID_MAX),
        ngx_http_postflow_rec_field("verdict", verdict, 1),
        ngx_http_postflow_rec_field("flags", flags, 3),
        ngx_http_postflow_rec_field("positives", positives, 5),
        ngx_http_postflow_rec_field("negatives", negatives, 5),
        ngx_http_postflow_rec_field("created", created, NGX_TIME_T_LEN),
        ngx_http_postflow_rec_field("delivery", delivery, NGX_INT32_LEN),
        ngx_http_postflow_rec_field("version", version, 2 * NGX_INT32_LEN + 1),
        ngx_http_postflow_rec_field("stage", stage, 1),
        ngx_http_postflow_rec_field("label", label, 16),
        ngx_http_postflow_rec_field("comments", comments, NGX_INT32_LEN),
        ngx_http_postflow_rec_field("events", events, 4096),
        ngx_http_postflow_rec_field("entries", entries,
                                    NGX_HTTP_POSTFLOW_LINE_MAX),

#undef ngx_http_postflow_rec_field

        { ngx_null_string, 0, 0, NULL, NULL, 0, 0 }
    };

    ngx_memzero(&rec, sizeof(ngx_http_postflow_record_t));

    if (ngx_http_postflow_json_parse(p, len, fields, 2, pool, &err)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_postflow_replay_record(zone, &rec, pool);
}


#define ngx_http_postflow_op_is(op, name)                                    \
    ((op)->len == sizeof(name) - 1                                           \
     && ngx_strncmp((op)->data, name, sizeof(name) - 1) == 0)


static ngx_int_t
ngx_http_postflow_replay_record(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_record_t *rec, ngx_pool_t *pool)
{
    ngx_int_t                      rc, n;
    ngx_http_postflow_answer_t     ans;
    ngx_http_postflow_event_t      ev;
    ngx_http_postflow_analysis_t   an;
    ngx_http_postflow_track_ref_t  ref;

    zone->replay_time = ngx_atotm(rec->time.data, rec->time.len);

    if (zone->replay_time == NGX_ERROR || rec->op.len == 0) {
        return NGX_ERROR;
    }

    ngx_http_postflow_answer_init(&ans, pool);

    if (ngx_http_postflow_op_is(&rec->op, "register")) {
        if (rec->in.upload_id.len == 0 || rec->in.filename.len == 0) {
            return NGX_ERROR;
        }

        rc = ngx_http_postflow_store_register(zone, &rec->in, &ans);
        return (rc == NGX_ERROR) ? NGX_ERROR : NGX_OK;
    }

    if (ngx_http_postflow_op_is(&rec->op, "event")) {
        ngx_memzero(&ev, sizeof(ngx_http_postflow_event_t));

        ev.type = rec->type;
        ev.resource_id = rec->resource_id;
        ev.account_id = rec->in.account_id;
        ev.workspace_id = rec->in.workspace_id;
        ev.project_id = rec->in.project_id;
        ev.type_index = ngx_http_postflow_event_type_find(&ev.type);

        n = rec->delivery.len ? ngx_atoi(rec->delivery.data,
                                         rec->delivery.len)
                              : 0;

        if (n == NGX_ERROR) {
            return NGX_ERROR;
        }

        ev.delivery = (uint32_t) n;

        if (ev.type_index < 0 || ev.resource_id.len == 0) {
            return NGX_ERROR;
        }

        rc = ngx_http_postflow_store_event(zone, &ev, &ans);
        return (rc == NGX_ERROR) ? NGX_ERROR : NGX_OK;
    }

    if (ngx_http_postflow_op_is(&rec->op, "comment")) {
        ngx_memzero(&an, sizeof(ngx_http_postflow_analysis_t));

        n = ngx_atoi(rec->verdict.data, rec->verdict.len);
        an.flags = ngx_atoi(rec->flags.data, rec->flags.len);
        an.positives = ngx_atoi(rec->positives.data, rec->positives.len);
        an.negatives = ngx_atoi(rec->negatives.data, rec->negatives.len);

        if (n < 0 || n > NGX_HTTP_POSTFLOW_VERDICT_CHANGES
            || (ngx_int_t) an.flags < 0 || (ngx_int_t) an.positives < 0
            || (ngx_int_t) an.negatives < 0)
        {
            return NGX_ERROR;
        }

        an.verdict = n;

        rc = ngx_http_postflow_store_comment(zone, &rec->in.upload_id,
                                             &rec->comment_id, &an, &ans);
        return (rc == NGX_ERROR) ? NGX_ERROR : NGX_OK;
    }

    if (ngx_http_postflow_op_is(&rec->op, "label")) {
        rc = ngx_http_postflow_store_label(zone, &rec->resource_id,
                                           &rec->label, pool);
        return (rc == NGX_ERROR || rc == NGX_DECLINED) ? NGX_ERROR : NGX_OK;
    }

    if (ngx_http_postflow_op_is(&rec->op, "route")) {
        ref.upload_id = rec->in.upload_id;
        ref.filename = rec->in.filename;
        ref.file_id = rec->in.file_id;
        ref.account_id = rec->in.account_id;

        if (ref.file_id.len == 0) {
            return NGX_ERROR;
        }

        rc = ngx_http_postflow_store_api_file(zone, &ref.file_id, &ref, &ans);
        return (rc == NGX_ERROR) ? NGX_ERROR : NGX_OK;
    }

    if (ngx_http_postflow_op_is(&rec->op, "delete")) {
        (void) ngx_http_postflow_store_delete(zone, &rec->in.upload_id, pool);
        return NGX_OK;
    }

    if (ngx_http_postflow_op_is(&rec->op, "pending")) {
        return ngx_http_postflow_store_restore_pending(zone,
                                                       &rec->resource_id,
                                                       &rec->in,
                                                       &rec->events);
    }

    if (ngx_http_postflow_op_is(&rec->op, "thread")) {
        return ngx_http_postflow_store_restore_thread(zone,
                                    &rec->in.upload_id,
                                    ngx_atoi(rec->comments.data,
                                             rec->comments.len),
                                    &rec->entries);
    }

    if (ngx_http_postflow_op_is(&rec->op, "track")) {
        return ngx_http_postflow_store_restore(zone, &rec->in,
                                    ngx_atotm(rec->created.data,
                                              rec->created.len),
                                    ngx_atoi(rec->stage.data, rec->stage.len),
                                    ngx_atoi(rec->label.data, rec->label.len),
                                    ngx_atoi(rec->comments.data,
                                             rec->comments.len),
                                    &rec->events, &rec->entries,
                                    &rec->version);
    }

    return NGX_ERROR;
}


/*
 * The zone is copied with the zone locked, so that the snapshot is one
 * moment of it; the snapshot is written from the copy and synced with
 * the zone unlocked while the other workers go on appending to the
 * journal.  Locked again, what they appended meanwhile is copied after
 * the snapshot, and the file is renamed into place.  "always" compacts
 * below the thresholds too.
 */

static ngx_int_t
ngx_http_postflow_journal_compact(ngx_http_postflow_zone_t *zone,
    ngx_uint_t always, ngx_log_t *log)
{
    struct timeval                start;
    ngx_http_postflow_shctx_t    *sh;
    ngx_http_postflow_compact_t  *cp;

    sh = zone->sh;
    cp = &zone->compaction;

    ngx_gettimeofday(&start);

    ngx_shmtx_lock(&zone->shpool->mutex);

    /* not while this process' previous one is in its thread */

    if (!ngx_http_postflow_journal_compacting(zone, always)) {
        ngx_shmtx_unlock(&zone->shpool->mutex);
        return NGX_OK;
    }

    ngx_memzero(cp, sizeof(ngx_http_postflow_compact_t));

    cp->zone = zone;
    cp->log = log;
    cp->start = start;

    cp->copy = ngx_http_postflow_zone_copy(zone, log);

    cp->from = sh->journal.size;
    cp->version = sh->journal.version;
    sh->journal.compacting = cp->copy ? ngx_pid : 0;

    ngx_shmtx_unlock(&zone->shpool->mutex);

    cp->locked = ngx_http_postflow_elapsed(&cp->start);

    if (cp->copy == NULL) {
        return ngx_http_postflow_compact_finish(cp);
    }

#if (NGX_THREADS)

    /*
     * The writing and the sync leave the worker free for its requests;
     * the master, at start, has no thread pool running and no requests.
     */

    if (zone->thread_pool && ngx_process == NGX_PROCESS_WORKER
        && ngx_http_postflow_compact_post(zone, cp) == NGX_OK)
    {
        return NGX_OK;
    }

#endif

    ngx_http_postflow_compact_write(cp, log);

    return ngx_http_postflow_compact_finish(cp);
}


/*
 * In a thread of the pool, or in the worker, with the zone unlocked.
 * Of the zone only the journal's size is read: the records below it
 * are whole and never rewritten, so they are copied here already, and
 * only those appended after are left for the locked moment.
 */

static void
ngx_http_postflow_compact_write(void *data, ngx_log_t *log)
{
    ngx_http_postflow_compact_t  *cp = data;

    off_t       to;
    ngx_uint_t  n;

    cp->w = ngx_http_postflow_snapshot_write(cp->zone, cp->copy, log);
    cp->base = cp->w ? cp->w->size : 0;

    ngx_destroy_pool(cp->copy->pool);
    cp->copy = NULL;

    cp->synced = (cp->w && !cp->w->failed && fdatasync(cp->w->fd) == 0);

    /*
     * Again while the appends made meanwhile are more than a little, so
     * that the locked moment has only the last few records to copy.
     */

    for (n = 0; cp->synced && n < NGX_HTTP_POSTFLOW_TAIL_ROUNDS; n++) {
        to = *(volatile off_t *) &cp->zone->sh->journal.size;

        if (ngx_http_postflow_snapshot_tail(cp->zone, cp->w, cp->from, to)
            != NGX_OK)
        {
            return;
        }

        if (to - cp->from < NGX_HTTP_POSTFLOW_TAIL_LOCKED) {
            cp->from = to;
            return;
        }

        cp->from = to;
    }
}


/* locked again: what was appended meanwhile, then the rename */

static ngx_int_t
ngx_http_postflow_compact_finish(ngx_http_postflow_compact_t *cp)
{
    ngx_int_t                    rc;
    struct timeval               lock_start;
    ngx_http_postflow_zone_t    *zone;
    ngx_http_postflow_shctx_t   *sh;
    ngx_http_postflow_writer_t  *w;

    zone = cp->zone;
    sh = zone->sh;
    w = cp->w;

    ngx_gettimeofday(&lock_start);

    ngx_shmtx_lock(&zone->shpool->mutex);

    sh->journal.compacting = 0;

    if (w == NULL) {
        rc = NGX_ERROR;

    } else {
        if (!cp->synced || sh->journal.version != cp->version
            || ngx_http_postflow_snapshot_tail(zone, w, cp->from,
                                               sh->journal.size)
               != NGX_OK)
        {
            w->failed = 1;
        }

        rc = ngx_http_postflow_snapshot_commit(zone, w, 0, cp->log);
    }

    if (rc == NGX_OK) {
        ngx_http_postflow_journal_compacted(zone, w, cp->base,
                    cp->locked + ngx_http_postflow_elapsed(&lock_start),
                    &cp->start, cp->log);

    } else {
        sh->journal.compaction_errors++;
        ngx_http_postflow_journal_failed(zone, "compaction failed", 0);
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    if (w) {
        ngx_destroy_pool(w->pool);
        ngx_free(w);
        cp->w = NULL;
    }

    return rc;
}


#if (NGX_THREADS)

static ngx_int_t
ngx_http_postflow_compact_post(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_compact_t *cp)
{
    ngx_thread_task_t  *task;

    task = &cp->task;

    task->ctx = cp;
    task->handler = ngx_http_postflow_compact_write;
    task->event.data = cp;
    task->event.handler = ngx_http_postflow_compact_done;
    task->event.log = cp->log;

    return ngx_thread_task_post(zone->thread_pool, task);
}


static void
ngx_http_postflow_compact_done(ngx_event_t *ev)
{
    ngx_http_postflow_compact_t  *cp = ev->data;

    if (ngx_http_postflow_compact_finish(cp) != NGX_OK) {
        cp->zone->compact_retry = ngx_time()
                                  + NGX_HTTP_POSTFLOW_COMPACT_RETRY;
    }
}

#endif


/*
 * With the zone locked: whether to compact now.  One process at a time
 * (PATH.compact is one file); a compaction left half done by a worker
 * that died since does not hold the others back.
 */

static ngx_uint_t
ngx_http_postflow_journal_compacting(ngx_http_postflow_zone_t *zone,
    ngx_uint_t always)
{
    ngx_http_postflow_journal_sh_t  *j;

    j = &zone->sh->journal;

    if (j->compacting && kill(j->compacting, 0) == 0) {
        return 0;
    }

    return always
           || (j->size > zone->state_compact && j->size > 4 * j->base);
}


static void
ngx_http_postflow_journal_compacted(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_writer_t *w, off_t base, ngx_msec_t locked,
    struct timeval *start, ngx_log_t *log)
{
    ngx_http_postflow_journal_sh_t  *j;

    j = &zone->sh->journal;

    ngx_log_error(NGX_LOG_NOTICE, log, 0,
                  "postflow_state \"%V\" compacted from %O to %O bytes"
                  " in %M ms, %M ms of them with the zone locked",
                  &zone->state, j->size, w->size,
                  ngx_http_postflow_elapsed(start), locked);

    j->size = w->size;
    j->base = base;
    j->version++;
    j->compactions++;
    j->compacted_at = ngx_time();
    j->compaction_msec = ngx_http_postflow_elapsed(start);

    /* the copied tail is as fresh as the appends it repeats */

    zone->unsynced = 1;
}


static ngx_msec_t
ngx_http_postflow_elapsed(struct timeval *start)
{
    struct timeval  now;

    ngx_gettimeofday(&now);

    return (now.tv_sec - start->tv_sec) * 1000
           + (now.tv_usec - start->tv_usec) / 1000;
}


/*
 * Rewrites the journal of zone as one "track" record per track of from,
 * the least recently active first so that a replay rebuilds the LRU
 * order, then renames it over the journal.  The size written, or -1.
 */

static off_t
ngx_http_postflow_journal_snapshot(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_zone_t *from, ngx_log_t *log)
{
    off_t                           size;
    ngx_http_postflow_writer_t     *w;
    ngx_http_postflow_zone_copy_t  *copy;

    copy = ngx_http_postflow_zone_copy(from, log);
    if (copy == NULL) {
        return -1;
    }

    w = ngx_http_postflow_snapshot_write(zone, copy, log);

    ngx_destroy_pool(copy->pool);

    if (w == NULL) {
        return -1;
    }

    size = (ngx_http_postflow_snapshot_commit(zone, w, 1, log) == NGX_OK)
           ? w->size : -1;

    ngx_destroy_pool(w->pool);
    ngx_free(w);

    return size;
}


/* PATH.compact with every track and waiting file copied, not synced */

static ngx_http_postflow_writer_t *
ngx_http_postflow_snapshot_write(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_zone_copy_t *copy, ngx_log_t *log)
{
    ngx_uint_t                     i;
    ngx_http_postflow_writer_t    *w;
    ngx_http_postflow_track_t    **tracks;
    ngx_http_postflow_pending_t  **pending;

    /* the writer outlives its pool's resets after every record */

    w = ngx_alloc(sizeof(ngx_http_postflow_writer_t) + zone->state.len
                  + sizeof(".compact"), log);
    if (w == NULL) {
        return NULL;
    }

    w->pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, log);
    if (w->pool == NULL) {
        ngx_free(w);
        return NULL;
    }

    w->tmp = (u_char *) (w + 1);

    ngx_sprintf(w->tmp, "%V.compact%Z", &zone->state);

    w->fd = ngx_open_file(w->tmp, NGX_FILE_WRONLY, NGX_FILE_TRUNCATE,
                          NGX_FILE_DEFAULT_ACCESS);
    if (w->fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                      "postflow_state: " ngx_open_file_n " \"%s\" failed",
                      w->tmp);
        ngx_destroy_pool(w->pool);
        ngx_free(w);
        return NULL;
    }

    w->failed = (ngx_http_postflow_journal_give(zone, w->fd, log)
                 != NGX_OK);

    w->pos = w->buf;
    w->last = w->buf + sizeof(w->buf);
    w->size = 0;

    tracks = copy->tracks.elts;

    for (i = 0; i < copy->tracks.nelts && !w->failed; i++) {
        if (ngx_http_postflow_snapshot_track(w, tracks[i], w->pool)
            != NGX_OK)
        {
            w->failed = 1;
        }

        ngx_reset_pool(w->pool);
    }

    pending = copy->pending.elts;

    for (i = 0; i < copy->pending.nelts && !w->failed; i++) {
        if (ngx_http_postflow_snapshot_pending(w, pending[i], w->pool)
            != NGX_OK)
        {
            w->failed = 1;
        }

        ngx_reset_pool(w->pool);
    }

    ngx_http_postflow_write(w, NULL, 0);

    return w;
}


/* the records appended to the journal from "from" to "to", after it */

static ngx_int_t
ngx_http_postflow_snapshot_tail(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_writer_t *w, off_t from, off_t to)
{
    ssize_t   n;
    ngx_fd_t  fd;

    if (to == from) {
        return NGX_OK;
    }

    fd = ngx_open_file(zone->state.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        return NGX_ERROR;
    }

    while (from < to && !w->failed) {
        n = pread(fd, w->buf, ngx_min((off_t) sizeof(w->buf), to - from),
                  from);

        if (n <= 0) {
            w->failed = 1;
            break;
        }

        w->pos = w->buf + n;
        from += n;

        ngx_http_postflow_write(w, NULL, 0);
    }

    (void) ngx_close_file(fd);

    return w->failed ? NGX_ERROR : NGX_OK;
}


/*
 * Renames PATH.compact over the journal, synced first when "sync"; or,
 * after a failure, removes it.  The descriptor is closed either way.
 */

static ngx_int_t
ngx_http_postflow_snapshot_commit(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_writer_t *w, ngx_uint_t sync, ngx_log_t *log)
{
    if (w->failed || (sync && fdatasync(w->fd) == -1)
        || ngx_rename_file(w->tmp, zone->state.data) == NGX_FILE_ERROR)
    {
        ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                      "postflow_state \"%V\": compaction failed, the"
                      " journal goes on growing", &zone->state);
        (void) ngx_close_file(w->fd);
        (void) ngx_delete_file(w->tmp);
        return NGX_ERROR;
    }

    (void) ngx_close_file(w->fd);

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_snapshot_track(ngx_http_postflow_writer_t *w,
    ngx_http_postflow_track_t *t, ngx_pool_t *pool)
{
    u_char                         *p, *events;
    ngx_str_t                       s[NGX_HTTP_POSTFLOW_NSTRINGS], line;
    ngx_str_t                       created, stage, label, comments, ev, en;
    ngx_str_t                       version;
    ngx_uint_t                      first;
    ngx_http_postflow_jfield_t      fields[] = {
        { "upload_id", &s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID] },
        { "filename", &s[NGX_HTTP_POSTFLOW_S_FILENAME] },
        { "file_id", &s[NGX_HTTP_POSTFLOW_S_FILE_ID] },
        { "project_id", &s[NGX_HTTP_POSTFLOW_S_PROJECT_ID] },
        { "workspace_id", &s[NGX_HTTP_POSTFLOW_S_WORKSPACE_ID] },
        { "account_id", &s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID] },
        { "review_link", &s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK] },
        { "created", &created },
        { "stage", &stage },
        { "label", &label },
        { "comments", &comments },
        { "events", &ev },
        { "entries", &en },
        { "version", &version }
    };

    ngx_http_postflow_track_strings(t, s);

    p = ngx_pnalloc(pool, 5 * NGX_INT64_LEN);
    events = ngx_pnalloc(pool, t->nevents * (NGX_INT32_LEN + 40));

    if (p == NULL || events == NULL
        || ngx_http_postflow_journal_entries(t, pool, &comments, &en)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    created.data = p;
    created.len = ngx_sprintf(p, "%T", t->created_at) - p;
    stage.data = created.data + created.len;
    stage.len = ngx_sprintf(stage.data, "%ui", (ngx_uint_t) t->stage)
                - stage.data;
    label.data = stage.data + stage.len;
    label.len = ngx_sprintf(label.data, "%ui", (ngx_uint_t) t->label)
                - label.data;

    /* a new version's delivery, so that its repetition stays one */

    version.data = label.data + label.len;
    version.len = t->version_delivery
                  ? (size_t) (ngx_sprintf(version.data, "%uD@%uD",
                                          t->version_delivery,
                                          t->version_time)
                              - version.data)
                  : 0;

    first = (t->nevents == NGX_HTTP_POSTFLOW_EVENTS_MAX) ? t->event_next : 0;

    ev.data = events;
    ev.len = ngx_http_postflow_snapshot_events(events, t->event_type,
                                               t->event_time, t->nevents,
                                               first,
                                               NGX_HTTP_POSTFLOW_EVENTS_MAX)
             - events;

    if (ngx_http_postflow_journal_format(pool, "track", t->updated_at,
                                         fields,
                                         sizeof(fields) / sizeof(fields[0]),
                                         &line)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_http_postflow_write(w, line.data, line.len);

    return w->failed ? NGX_ERROR : NGX_OK;
}


static ngx_int_t
ngx_http_postflow_snapshot_pending(ngx_http_postflow_writer_t *w,
    ngx_http_postflow_pending_t *pe, ngx_pool_t *pool)
{
    u_char                      *events, *p;
    ngx_str_t                    file_id, ev, line;
    ngx_str_t                    ids[NGX_HTTP_POSTFLOW_PENDING_IDS];
    ngx_uint_t                   i;
    ngx_http_postflow_jfield_t   fields[] = {
        { "resource_id", &file_id },
        { "project_id", &ids[0] },
        { "workspace_id", &ids[1] },
        { "account_id", &ids[2] },
        { "events", &ev }
    };

    events = ngx_pnalloc(pool, pe->nevents * (NGX_INT32_LEN + 40));
    if (events == NULL) {
        return NGX_ERROR;
    }

    file_id.data = pe->file_id;
    file_id.len = pe->file_id_len;

    p = pe->file_id + pe->file_id_len;

    for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {
        ids[i].data = p;
        ids[i].len = pe->ids_len[i];
        p += ids[i].len;
    }

    ev.data = events;
    ev.len = ngx_http_postflow_snapshot_events(events, pe->event_type,
                                               pe->event_time, pe->nevents, 0,
                                               NGX_HTTP_POSTFLOW_PENDING_MAX)
             - events;

    if (ngx_http_postflow_journal_format(pool, "pending", pe->first_seen,
                                         fields, 5, &line)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_http_postflow_write(w, line.data, line.len);

    return w->failed ? NGX_ERROR : NGX_OK;
}


/* events oldest first, as "file.ready@1732270000,..." */

static u_char *
ngx_http_postflow_snapshot_events(u_char *p, uint8_t *types, uint32_t *times,
    ngx_uint_t n, ngx_uint_t first, ngx_uint_t size)
{
    ngx_uint_t  i, k;

    for (i = 0; i < n; i++) {
        k = (first + i) % size;
        p = ngx_sprintf(p, "%s%V@%uD", i ? "," : "",
                        &ngx_http_postflow_event_types[types[k]].name,
                        times[k]);
    }

    return p;
}


/* buffered writes; len 0 flushes */

static void
ngx_http_postflow_write(ngx_http_postflow_writer_t *w, u_char *p, size_t len)
{
    size_t   n;
    ssize_t  written;

    do {
        n = ngx_min(len, (size_t) (w->last - w->pos));

        if (n) {
            w->pos = ngx_cpymem(w->pos, p, n);
            p += n;
            len -= n;
        }

        if (w->pos == w->last || (len == 0 && p == NULL)) {
            written = ngx_write_fd(w->fd, w->buf, w->pos - w->buf);

            if (written != w->pos - w->buf) {
                w->failed = 1;
                return;
            }

            w->size += written;
            w->pos = w->buf;
        }

    } while (len);
}
