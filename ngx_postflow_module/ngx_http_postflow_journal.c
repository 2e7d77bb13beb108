
/*
 * postflow_state: an append-only file of lines, one per change, read
 * back at start; what a line says is the store's business.
 *
 * The store appends a change's line with the zone locked, before it
 * makes the change and before the client is answered: the file's order
 * is the zone's, and an answered change survives a crash of every
 * nginx process.  The kernel writes it to disk within the one-second
 * sync, so a machine crash loses at most that second.  A line that
 * cannot be written (a full disk) is taken back whole and refuses the
 * change, and Frame.io retries it.
 *
 * The file is opened for appending: its write position belongs to the
 * file, so the workers of an old and a new configuration, whose zones
 * differ after a resize, never write over each other's lines.
 *
 * When the file has grown well past the zone it describes, a worker
 * writes a snapshot beside it and renames it into place: at every
 * moment one complete, readable file is there.  It does so after the
 * change that crossed the threshold is made and answered (a posted
 * event), so the snapshot holds that change, and in a thread of nginx's
 * pool, so that neither the worker nor the zone waits for the disk.
 *
 * The master replays and compacts as root; the workers append and
 * compact as the user nginx runs them as.  So the files it creates are
 * given to that user, and the directory must be that user's to write in.
 */


#include "ngx_http_postflow_journal.h"
#include "ngx_http_postflow_access.h"


#define NGX_HTTP_POSTFLOW_LINE_MAX      (256 * 1024)
#define NGX_HTTP_POSTFLOW_SYNC_DELAY    1000
#define NGX_HTTP_POSTFLOW_COMPACT_RETRY 60

/* the journal's tail is copied unlocked until less than this was added */
#define NGX_HTTP_POSTFLOW_TAIL_LOCKED   (64 * 1024)
#define NGX_HTTP_POSTFLOW_TAIL_ROUNDS   8


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


static ngx_int_t ngx_http_postflow_journal_check(
    ngx_http_postflow_journal_t *j, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_journal_give(
    ngx_http_postflow_journal_t *j, ngx_fd_t fd, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_journal_read(
    ngx_http_postflow_journal_t *j, ngx_fd_t fd,
    ngx_http_postflow_journal_line_pt handler, void *data,
    ngx_http_postflow_replayed_t *replayed, off_t *good, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_journal_open(
    ngx_http_postflow_journal_t *j);
static void ngx_http_postflow_journal_failed(ngx_http_postflow_journal_t *j,
    const char *what, ngx_err_t err);
static void ngx_http_postflow_journal_sync_handler(ngx_event_t *ev);
static void ngx_http_postflow_journal_compact_handler(ngx_event_t *ev);
static void ngx_http_postflow_compact_write(void *data, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_compact_finish(
    ngx_http_postflow_compact_t *cp);
#if (NGX_THREADS)
static ngx_int_t ngx_http_postflow_compact_post(
    ngx_http_postflow_journal_t *j, ngx_http_postflow_compact_t *cp);
static void ngx_http_postflow_compact_done(ngx_event_t *ev);
#endif
static ngx_uint_t ngx_http_postflow_journal_compacting(
    ngx_http_postflow_journal_t *j, ngx_uint_t always);
static void ngx_http_postflow_journal_compacted(
    ngx_http_postflow_journal_t *j, ngx_http_postflow_writer_t *w,
    off_t base, ngx_msec_t locked, struct timeval *start, ngx_log_t *log);
static ngx_msec_t ngx_http_postflow_elapsed(struct timeval *start);
static ngx_http_postflow_writer_t *ngx_http_postflow_snapshot_write(
    ngx_http_postflow_journal_t *j, ngx_http_postflow_snapshot_source_t *src,
    void *copy, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_snapshot_tail(
    ngx_http_postflow_journal_t *j, ngx_http_postflow_writer_t *w,
    off_t from, off_t to);
static ngx_int_t ngx_http_postflow_snapshot_commit(
    ngx_http_postflow_journal_t *j, ngx_http_postflow_writer_t *w,
    ngx_uint_t sync, ngx_log_t *log);
static void ngx_http_postflow_writer_free(ngx_http_postflow_writer_t *w);
static void ngx_http_postflow_write(ngx_http_postflow_writer_t *w, u_char *p,
    size_t len);


/* the timers' events need a connection for their logs, never used else */
static ngx_connection_t  ngx_http_postflow_journal_dummy;


/*
 * In the master, as a zone is set up: the directory is checked, also
 * by nginx -t, and the file is locked against a second nginx.
 */

ngx_int_t
ngx_http_postflow_journal_init(ngx_http_postflow_journal_t *j,
    ngx_log_t *log)
{
    j->fd = NGX_INVALID_FILE;

    if (ngx_http_postflow_journal_check(j, log) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_test_config) {
        return NGX_OK;
    }

    return ngx_http_postflow_journal_lock(j, log);
}


/*
 * The directory must exist and be the worker user's to write in: the
 * workers append there and compaction renames a file into it.
 */

static ngx_int_t
ngx_http_postflow_journal_check(ngx_http_postflow_journal_t *j,
    ngx_log_t *log)
{
    u_char           *dir, *slash;
    ngx_file_info_t   fi;

    dir = ngx_pnalloc(j->cycle->pool, j->path.len + 1);
    if (dir == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(dir, j->path.data, j->path.len + 1);

    /* the path is absolute (ngx_conf_full_name()); "/" keeps its slash */

    slash = (u_char *) strrchr((char *) dir, '/');

    if (slash) {
        slash[slash == dir] = '\0';
    }

    if (ngx_file_info(dir, &fi) == NGX_FILE_ERROR) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state \"%V\": the directory \"%s\" cannot"
                      " be used, in %V:%ui", &j->path, dir,
                      &j->conf_file, j->conf_line);
        return NGX_ERROR;
    }

    if (!ngx_is_dir(&fi)
        || !ngx_http_postflow_worker_can(dir, &fi, j->cycle,
                                         S_IWUSR|S_IXUSR))
    {
        ngx_log_error(NGX_LOG_EMERG, log, 0,
                      "postflow_state \"%V\": the directory \"%s\" is not"
                      " writable by the user \"%s\" nginx runs its workers"
                      " as, in %V:%ui", &j->path, dir,
                      ngx_http_postflow_worker_user(j->cycle),
                      &j->conf_file, j->conf_line);
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* a file the master creates is the workers' to append to and replace */

static ngx_int_t
ngx_http_postflow_journal_give(ngx_http_postflow_journal_t *j, ngx_fd_t fd,
    ngx_log_t *log)
{
    ngx_core_conf_t  *ccf;

    /* a journal outside of a cycle (the fuzzers') has no worker user */

    if (geteuid() != 0 || j->cycle == NULL) {
        return NGX_OK;
    }

    ccf = (ngx_core_conf_t *) ngx_get_conf(j->cycle->conf_ctx,
                                           ngx_core_module);

    if (ccf->user == (ngx_uid_t) NGX_CONF_UNSET_UINT) {
        return NGX_OK;
    }

    if (fchown(fd, ccf->user, ccf->group) == -1) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state \"%V\": fchown() failed, the workers"
                      " could not write it", &j->path);
        return NGX_ERROR;
    }

    return NGX_OK;
}


/*
 * Every line to the handler, in the master, before workers exist.  A
 * line the handler refuses is skipped with a message; a torn last line
 * (a crash during a write) is cut off so that appends start on a line
 * of their own.
 */

ngx_int_t
ngx_http_postflow_journal_replay(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_journal_line_pt handler, void *data,
    ngx_http_postflow_replayed_t *replayed, ngx_log_t *log)
{
    off_t      good;
    ngx_fd_t   fd;
    ngx_int_t  rc;

    fd = ngx_open_file(j->path.data, NGX_FILE_RDWR, NGX_FILE_CREATE_OR_OPEN,
                       NGX_FILE_DEFAULT_ACCESS);
    if (fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state: " ngx_open_file_n " \"%V\" failed",
                      &j->path);
        return NGX_ERROR;
    }

    rc = ngx_http_postflow_journal_give(j, fd, log);

    if (rc == NGX_OK) {
        rc = ngx_http_postflow_journal_read(j, fd, handler, data, replayed,
                                            &good, log);
    }

    (void) ngx_close_file(fd);

    if (rc == NGX_OK) {
        j->sh->size = good;
        j->sh->base = good;
    }

    return rc;
}


static ngx_int_t
ngx_http_postflow_journal_read(ngx_http_postflow_journal_t *j, ngx_fd_t fd,
    ngx_http_postflow_journal_line_pt handler, void *data,
    ngx_http_postflow_replayed_t *replayed, off_t *good, ngx_log_t *log)
{
    u_char      *buf, *p, *last, *nl;
    off_t        offset, base;
    ssize_t      n;
    ngx_int_t    rc;
    ngx_uint_t   line, skipping;
    ngx_pool_t  *pool;

    buf = ngx_alloc(NGX_HTTP_POSTFLOW_LINE_MAX, log);
    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, log);

    rc = NGX_ERROR;

    if (buf == NULL || pool == NULL) {
        goto done;
    }

    offset = 0;
    *good = 0;
    replayed->applied = 0;
    replayed->skipped = 0;
    line = 0;
    skipping = 0;
    last = buf;

    for ( ;; ) {
        n = pread(fd, last, buf + NGX_HTTP_POSTFLOW_LINE_MAX - last, offset);

        if (n == -1) {
            ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                          "postflow_state: pread() \"%V\" failed", &j->path);
            goto done;
        }

        offset += n;
        last += n;
        base = offset - (last - buf);

        for (p = buf; (nl = ngx_strlchr(p, last, LF)) != NULL; p = nl + 1) {
            *good = base + (nl + 1 - buf);

            if (skipping) {
                /* the end of a line already reported as too long */
                skipping = 0;
                continue;
            }

            line++;

            if (handler(data, p, nl - p, pool) == NGX_OK) {
                replayed->applied++;

            } else {
                replayed->skipped++;
                ngx_log_error(NGX_LOG_ERR, log, 0,
                              "postflow_state \"%V\": line %ui is not a"
                              " valid record, skipped", &j->path, line);
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
                replayed->skipped++;
                skipping = 1;
                ngx_log_error(NGX_LOG_ERR, log, 0,
                              "postflow_state \"%V\": line %ui is longer"
                              " than %uz bytes, skipped", &j->path, line,
                              (size_t) NGX_HTTP_POSTFLOW_LINE_MAX);
            }

            last = buf;
            continue;
        }

        last = ngx_movemem(buf, p, last - p);
    }

    if (last != buf || skipping) {
        ngx_log_error(NGX_LOG_WARN, log, 0,
                      "postflow_state \"%V\": line %ui is incomplete (a"
                      " crash during a write?), cut off", &j->path,
                      line + !skipping);

        if (ftruncate(fd, *good) == -1) {
            ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                          "postflow_state: ftruncate() \"%V\" failed",
                          &j->path);
            goto done;
        }
    }

    rc = NGX_OK;

done:

    if (buf) {
        ngx_free(buf);
    }

    if (pool) {
        ngx_destroy_pool(pool);
    }

    return rc;
}


/*
 * With the zone locked.  The file is written at the size the zone keeps,
 * so a write cut short by a full disk is taken back whole.
 */

ngx_int_t
ngx_http_postflow_journal_append(ngx_http_postflow_journal_t *j,
    ngx_str_t *line)
{
    ssize_t                          n;
    ngx_err_t                        err;
    ngx_file_info_t                  fi;
    ngx_http_postflow_journal_sh_t  *sh;

    if (line->len == 0) {
        return NGX_OK;
    }

    sh = j->sh;

    if (ngx_http_postflow_journal_open(j) != NGX_OK) {
        sh->write_errors++;
        ngx_http_postflow_journal_failed(j, "open() failed", ngx_errno);
        return NGX_ERROR;
    }

    n = write(j->fd, line->data, line->len);

    if (n != (ssize_t) line->len) {
        err = (n == -1) ? ngx_errno : NGX_ENOSPC;

        /* the part written ends the file: what it had before is kept */

        if (n > 0
            && (ngx_fd_info(j->fd, &fi) == NGX_FILE_ERROR
                || ftruncate(j->fd, ngx_file_size(&fi) - n) == -1))
        {
            ngx_log_error(NGX_LOG_ALERT, ngx_cycle->log, ngx_errno,
                          "postflow_state \"%V\": cannot take back a"
                          " partial record", &j->path);
        }

        ngx_log_error(NGX_LOG_CRIT, ngx_cycle->log, err,
                      "postflow_state \"%V\": write failed", &j->path);
        sh->write_errors++;
        ngx_http_postflow_journal_failed(j, "write() failed", err);
        return NGX_ERROR;
    }

    sh->size += n;
    j->unsynced = 1;

    if (!j->sync_event.timer_set) {
        ngx_http_postflow_journal_dummy.fd = (ngx_socket_t) -1;
        j->sync_event.handler = ngx_http_postflow_journal_sync_handler;
        j->sync_event.data = &ngx_http_postflow_journal_dummy;
        j->sync_event.log = ngx_cycle->log;
        j->sync_event.cancelable = 1;
        ngx_add_timer(&j->sync_event, NGX_HTTP_POSTFLOW_SYNC_DELAY);
    }

    if (sh->size > j->compact_size && sh->size > 4 * sh->base
        && ngx_time() >= j->compact_retry && !j->compact_event.posted)
    {
        j->compact_event.handler = ngx_http_postflow_journal_compact_handler;
        j->compact_event.data = j;
        j->compact_event.log = ngx_cycle->log;
        ngx_post_event(&j->compact_event, &ngx_posted_events);
    }

    return NGX_OK;
}


/* a compaction elsewhere replaced the file: reopen it */

static ngx_int_t
ngx_http_postflow_journal_open(ngx_http_postflow_journal_t *j)
{
    if (j->fd != NGX_INVALID_FILE && j->version == j->sh->version) {
        return NGX_OK;
    }

    /*
     * The file a compaction replaced: the last descriptor of it to be
     * closed frees its blocks, which takes long for a big journal, so
     * not here with the zone locked but at the next sync.
     */

    if (j->fd != NGX_INVALID_FILE) {
        if (j->retired) {
            (void) ngx_close_file(j->retired_fd);
        }

        j->retired_fd = j->fd;
        j->retired = 1;
    }

    j->fd = ngx_open_file(j->path.data, NGX_FILE_APPEND,
                          NGX_FILE_CREATE_OR_OPEN, NGX_FILE_DEFAULT_ACCESS);

    if (j->fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_CRIT, ngx_cycle->log, ngx_errno,
                      "postflow_state: " ngx_open_file_n " \"%V\" failed",
                      &j->path);
        return NGX_ERROR;
    }

    j->version = j->sh->version;

    return NGX_OK;
}


/* with the zone locked: what the statistics say about the journal */

static void
ngx_http_postflow_journal_failed(ngx_http_postflow_journal_t *j,
    const char *what, ngx_err_t err)
{
    u_char                          *p, *last;
    ngx_http_postflow_journal_sh_t  *sh;

    sh = j->sh;
    last = sh->error + NGX_HTTP_POSTFLOW_ERROR_MAX;

    p = ngx_snprintf(sh->error, last - sh->error, "%s", what);

    if (err && last - p > 16) {
        p = ngx_sprintf(p, " (%d: ", err);
        p = ngx_strerror(err, p, last - p - 1);
        *p++ = ')';
    }

    sh->error_len = p - sh->error;
    sh->error_at = ngx_time();
}


/* the page cache reaches the disk within a second of an answer */

static void
ngx_http_postflow_journal_sync_handler(ngx_event_t *ev)
{
    ngx_http_postflow_journal_t  *j;

    j = (ngx_http_postflow_journal_t *)
            ((u_char *) ev - offsetof(ngx_http_postflow_journal_t,
                                      sync_event));

    ngx_http_postflow_journal_sync(j, ev->log);
}


/*
 * Also as the process exits: the timer is cancelable so that it never
 * holds up a graceful reload or quit, and the promise must hold across
 * those too.
 */

void
ngx_http_postflow_journal_sync(ngx_http_postflow_journal_t *j,
    ngx_log_t *log)
{
    if (j->sync_event.timer_set) {
        ngx_del_timer(&j->sync_event);
    }

    if (j->retired) {
        (void) ngx_close_file(j->retired_fd);
        j->retired = 0;
    }

    if (!j->unsynced || j->fd == NGX_INVALID_FILE) {
        return;
    }

    j->unsynced = 0;

    if (fdatasync(j->fd) == -1) {
        ngx_log_error(NGX_LOG_ALERT, log, ngx_errno,
                      "postflow_state \"%V\": fdatasync() failed", &j->path);
    }
}


/*
 * After the request that crossed the threshold: its change is in the
 * zone now.  A failure is said once and tried again a minute later.
 */

static void
ngx_http_postflow_journal_compact_handler(ngx_event_t *ev)
{
    ngx_http_postflow_journal_t  *j;

    j = ev->data;

    if (ngx_http_postflow_journal_compact(j, 0, ev->log) != NGX_OK) {
        j->compact_retry = ngx_time() + NGX_HTTP_POSTFLOW_COMPACT_RETRY;
    }
}


/*
 * The zone is copied with the zone locked, so that the snapshot is one
 * moment of it; the snapshot is written from the copy and synced with
 * the zone unlocked while the other workers go on appending to the
 * journal.  Locked again, what they appended meanwhile is copied after
 * the snapshot, and the file is renamed into place.  "always" compacts
 * below the thresholds too.
 */

ngx_int_t
ngx_http_postflow_journal_compact(ngx_http_postflow_journal_t *j,
    ngx_uint_t always, ngx_log_t *log)
{
    struct timeval                start;
    ngx_http_postflow_compact_t  *cp;

    cp = &j->compaction;

    ngx_gettimeofday(&start);

    ngx_shmtx_lock(j->mutex);

    /* not while this process' previous one is in its thread */

    if (!ngx_http_postflow_journal_compacting(j, always)) {
        ngx_shmtx_unlock(j->mutex);
        return NGX_OK;
    }

    j->sh->compacting = ngx_pid;

    ngx_shmtx_unlock(j->mutex);

    ngx_memzero(cp, sizeof(ngx_http_postflow_compact_t));

    cp->journal = j;
    cp->log = log;
    cp->start = start;

#if (NGX_THREADS)

    /*
     * The copy, the writing and the sync leave the worker free for its
     * requests; the master, at start, has no thread pool running and no
     * requests.
     */

    if (j->thread_pool && ngx_process == NGX_PROCESS_WORKER
        && ngx_http_postflow_compact_post(j, cp) == NGX_OK)
    {
        return NGX_OK;
    }

#endif

    ngx_http_postflow_compact_write(cp, log);

    return ngx_http_postflow_compact_finish(cp);
}


/*
 * In a thread of the pool, or in the worker.  The zone is locked for
 * the copy only, which also reads the journal's size: the lines below
 * it are whole and never rewritten, so they are copied here already,
 * and only those appended after are left for the locked moment.
 */

static void
ngx_http_postflow_compact_write(void *data, ngx_log_t *log)
{
    ngx_http_postflow_compact_t  *cp = data;

    off_t                         to;
    void                         *copy;
    ngx_int_t                     rc;
    ngx_uint_t                    n;
    struct timeval                lock_start;
    ngx_http_postflow_journal_t  *j;

    j = cp->journal;

    copy = j->source.reserve(j->source.data, log);
    if (copy == NULL) {
        return;
    }

    ngx_shmtx_lock(j->mutex);

    ngx_gettimeofday(&lock_start);

    rc = j->source.copy(copy);

    cp->from = j->sh->size;
    cp->version = j->sh->version;

    ngx_shmtx_unlock(j->mutex);

    cp->locked = ngx_http_postflow_elapsed(&lock_start);

    if (rc == NGX_OK) {
        cp->w = ngx_http_postflow_snapshot_write(j, &j->source, copy, log);
        cp->base = cp->w ? cp->w->size : 0;
    }

    j->source.free(copy);

    cp->synced = (cp->w && !cp->w->failed && fdatasync(cp->w->fd) == 0);

    /*
     * Again while the appends made meanwhile are more than a little, so
     * that the locked moment has only the last few lines to copy.
     */

    for (n = 0; cp->synced && n < NGX_HTTP_POSTFLOW_TAIL_ROUNDS; n++) {
        to = *(volatile off_t *) &j->sh->size;

        if (ngx_http_postflow_snapshot_tail(j, cp->w, cp->from, to)
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
    ngx_int_t                        rc;
    struct timeval                   lock_start;
    ngx_http_postflow_journal_t     *j;
    ngx_http_postflow_journal_sh_t  *sh;
    ngx_http_postflow_writer_t      *w;

    j = cp->journal;
    sh = j->sh;
    w = cp->w;

    ngx_gettimeofday(&lock_start);

    ngx_shmtx_lock(j->mutex);

    sh->compacting = 0;

    if (w == NULL) {
        rc = NGX_ERROR;

    } else {
        if (!cp->synced || sh->version != cp->version
            || ngx_http_postflow_snapshot_tail(j, w, cp->from, sh->size)
               != NGX_OK)
        {
            w->failed = 1;
        }

        rc = ngx_http_postflow_snapshot_commit(j, w, 0, cp->log);
    }

    if (rc == NGX_OK) {
        ngx_http_postflow_journal_compacted(j, w, cp->base,
                    cp->locked + ngx_http_postflow_elapsed(&lock_start),
                    &cp->start, cp->log);

    } else {
        sh->compaction_errors++;
        ngx_http_postflow_journal_failed(j, "compaction failed", 0);
    }

    ngx_shmtx_unlock(j->mutex);

    if (w) {
        ngx_http_postflow_writer_free(w);
        cp->w = NULL;
    }

    return rc;
}


#if (NGX_THREADS)

static ngx_int_t
ngx_http_postflow_compact_post(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_compact_t *cp)
{
    ngx_thread_task_t  *task;

    task = &cp->task;

    task->ctx = cp;
    task->handler = ngx_http_postflow_compact_write;
    task->event.data = cp;
    task->event.handler = ngx_http_postflow_compact_done;
    task->event.log = cp->log;

    return ngx_thread_task_post(j->thread_pool, task);
}


static void
ngx_http_postflow_compact_done(ngx_event_t *ev)
{
    ngx_http_postflow_compact_t  *cp = ev->data;

    if (ngx_http_postflow_compact_finish(cp) != NGX_OK) {
        cp->journal->compact_retry = ngx_time()
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
ngx_http_postflow_journal_compacting(ngx_http_postflow_journal_t *j,
    ngx_uint_t always)
{
    ngx_http_postflow_journal_sh_t  *sh;

    sh = j->sh;

    if (sh->compacting && kill(sh->compacting, 0) == 0) {
        return 0;
    }

    return always
           || (sh->size > j->compact_size && sh->size > 4 * sh->base);
}


static void
ngx_http_postflow_journal_compacted(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_writer_t *w, off_t base, ngx_msec_t locked,
    struct timeval *start, ngx_log_t *log)
{
    ngx_http_postflow_journal_sh_t  *sh;

    sh = j->sh;

    ngx_log_error(NGX_LOG_NOTICE, log, 0,
                  "postflow_state \"%V\" compacted from %O to %O bytes"
                  " in %M ms, %M ms of them with the zone locked",
                  &j->path, sh->size, w->size,
                  ngx_http_postflow_elapsed(start), locked);

    sh->size = w->size;
    sh->base = base;
    sh->version++;
    sh->compactions++;
    sh->compacted_at = ngx_time();
    sh->compaction_msec = ngx_http_postflow_elapsed(start);

    /* the copied tail is as fresh as the appends it repeats */

    j->unsynced = 1;
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
 * In the master, for a journal that moved: the file is replaced by the
 * lines of a snapshot of from, synced and renamed into place.
 */

ngx_int_t
ngx_http_postflow_journal_rewrite(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_snapshot_source_t *from, ngx_log_t *log)
{
    void                        *copy;
    ngx_int_t                    rc;
    ngx_http_postflow_writer_t  *w;

    copy = from->reserve(from->data, log);
    if (copy == NULL) {
        return NGX_ERROR;
    }

    ngx_shmtx_lock(from->mutex);
    rc = from->copy(copy);
    ngx_shmtx_unlock(from->mutex);

    w = (rc == NGX_OK) ? ngx_http_postflow_snapshot_write(j, from, copy, log)
                       : NULL;

    from->free(copy);

    if (w == NULL) {
        return NGX_ERROR;
    }

    rc = ngx_http_postflow_snapshot_commit(j, w, 1, log);

    if (rc == NGX_OK) {
        j->sh->size = w->size;
        j->sh->base = w->size;
        j->sh->version++;
    }

    ngx_http_postflow_writer_free(w);

    return rc;
}


/* PATH.compact with every line of the copy, not synced */

static ngx_http_postflow_writer_t *
ngx_http_postflow_snapshot_write(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_snapshot_source_t *src, void *copy, ngx_log_t *log)
{
    ngx_int_t                    rc;
    ngx_str_t                    line;
    ngx_http_postflow_writer_t  *w;

    /* the writer outlives its pool's resets after every line */

    w = ngx_alloc(sizeof(ngx_http_postflow_writer_t) + j->path.len
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

    ngx_sprintf(w->tmp, "%V.compact%Z", &j->path);

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

    w->failed = (ngx_http_postflow_journal_give(j, w->fd, log) != NGX_OK);

    w->pos = w->buf;
    w->last = w->buf + sizeof(w->buf);
    w->size = 0;

    while (!w->failed) {
        rc = src->next(copy, w->pool, &line);

        if (rc == NGX_DONE) {
            break;
        }

        if (rc != NGX_OK) {
            w->failed = 1;
            break;
        }

        ngx_http_postflow_write(w, line.data, line.len);
        ngx_reset_pool(w->pool);
    }

    ngx_http_postflow_write(w, NULL, 0);

    return w;
}


/* the lines appended to the journal from "from" to "to", after it */

static ngx_int_t
ngx_http_postflow_snapshot_tail(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_writer_t *w, off_t from, off_t to)
{
    ssize_t   n;
    ngx_fd_t  fd;

    if (to == from) {
        return NGX_OK;
    }

    fd = ngx_open_file(j->path.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
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
ngx_http_postflow_snapshot_commit(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_writer_t *w, ngx_uint_t sync, ngx_log_t *log)
{
    if (w->failed || (sync && fdatasync(w->fd) == -1)
        || ngx_rename_file(w->tmp, j->path.data) == NGX_FILE_ERROR)
    {
        ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                      "postflow_state \"%V\": compaction failed, the"
                      " journal goes on growing", &j->path);
        (void) ngx_close_file(w->fd);
        (void) ngx_delete_file(w->tmp);
        return NGX_ERROR;
    }

    (void) ngx_close_file(w->fd);

    return NGX_OK;
}


static void
ngx_http_postflow_writer_free(ngx_http_postflow_writer_t *w)
{
    ngx_destroy_pool(w->pool);
    ngx_free(w);
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
