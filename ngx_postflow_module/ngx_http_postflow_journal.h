
/*
 * postflow_state: a write-ahead log of lines, and what the workers may
 * do with the files of it.  It knows nothing of what the lines say:
 * the store writes them, reads them back at start through a callback,
 * and hands a compaction an iterator over a copy of itself.
 */


#ifndef _NGX_HTTP_POSTFLOW_JOURNAL_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_JOURNAL_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_event.h>
#if (NGX_THREADS)
#include <ngx_thread_pool.h>
#endif


#define NGX_HTTP_POSTFLOW_ERROR_MAX  128


/* in the shared zone, changed with its mutex held; read by statistics */
typedef struct {
    off_t                        size;
    off_t                        base;        /* its size after compaction */
    ngx_uint_t                   version;     /* one more per compaction */
    ngx_uint_t                   write_errors;
    ngx_uint_t                   compactions;
    ngx_uint_t                   compaction_errors;
    ngx_pid_t                    compacting;  /* the process, or 0 */
    time_t                       compacted_at;
    ngx_msec_t                   compaction_msec;
    time_t                       error_at;
    size_t                       error_len;
    u_char                       error[NGX_HTTP_POSTFLOW_ERROR_MAX];
} ngx_http_postflow_journal_sh_t;


typedef struct ngx_http_postflow_journal_s  ngx_http_postflow_journal_t;
typedef struct ngx_http_postflow_writer_s   ngx_http_postflow_writer_t;


/* a line read back at start; NGX_ERROR skips it with a message */
typedef ngx_int_t (*ngx_http_postflow_journal_line_pt)(void *data,
    u_char *p, size_t len, ngx_pool_t *pool);

/* what a replay read */
typedef struct {
    ngx_uint_t                   applied;
    ngx_uint_t                   skipped;
} ngx_http_postflow_replayed_t;


/*
 * A snapshot: "reserve" prepares a copy with the mutex free, "copy"
 * fills it with the mutex held, and "next" then turns it into lines,
 * one per call, in a thread of the pool or not; "next" returns NGX_DONE
 * after the last.  "free" ends the copy, filled or not.
 */
typedef void *(*ngx_http_postflow_journal_reserve_pt)(void *data,
    ngx_log_t *log);
typedef ngx_int_t (*ngx_http_postflow_journal_copy_pt)(void *copy);
typedef ngx_int_t (*ngx_http_postflow_journal_next_pt)(void *copy,
    ngx_pool_t *pool, ngx_str_t *line);
typedef void (*ngx_http_postflow_journal_free_pt)(void *copy);


typedef struct {
    ngx_http_postflow_journal_reserve_pt  reserve;
    ngx_http_postflow_journal_copy_pt     copy;
    ngx_http_postflow_journal_next_pt     next;
    ngx_http_postflow_journal_free_pt     free;
    void                                 *data;
    ngx_shmtx_t                          *mutex;    /* held by "copy" */
} ngx_http_postflow_snapshot_source_t;


/* a compaction between its two locked moments, in a thread or not */
typedef struct {
#if (NGX_THREADS)
    ngx_thread_task_t                task;
#endif
    ngx_http_postflow_journal_t     *journal;
    ngx_log_t                       *log;
    ngx_http_postflow_writer_t      *w;
    off_t                            from;     /* the journal's size then */
    off_t                            base;     /* the snapshot's */
    ngx_uint_t                       version;
    ngx_uint_t                       synced;
    ngx_msec_t                       locked;
    struct timeval                   start;
} ngx_http_postflow_compact_t;


/* one per zone and process */
struct ngx_http_postflow_journal_s {
    ngx_str_t                        path;     /* empty: no journal */
    off_t                            compact_size;  /* the least to compact */

    /* where postflow_state was given, for the errors found at start */
    ngx_str_t                        conf_file;
    ngx_uint_t                       conf_line;
    ngx_cycle_t                     *cycle;

    ngx_http_postflow_journal_sh_t  *sh;
    ngx_shmtx_t                     *mutex;    /* the zone's */
    ngx_http_postflow_snapshot_source_t  source;

    /* this process' descriptor of the file */
    ngx_fd_t                         fd;
    ngx_uint_t                       version;
    ngx_fd_t                         retired_fd;   /* a compacted file */
    unsigned                         retired:1;    /* retired_fd to close */
    unsigned                         unsynced:1;   /* written since a sync */
    ngx_event_t                      sync_event;

    /* compaction runs after the change that asked for it, never within */
    ngx_event_t                      compact_event;
    time_t                           compact_retry;  /* after a failure */
    ngx_http_postflow_compact_t      compaction;     /* this process' own */
#if (NGX_THREADS)
    ngx_thread_pool_t               *thread_pool;    /* writes the snapshot */
#endif
};


ngx_int_t ngx_http_postflow_journal_init(ngx_http_postflow_journal_t *j,
    ngx_log_t *log);
ngx_int_t ngx_http_postflow_journal_replay(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_journal_line_pt handler, void *data,
    ngx_http_postflow_replayed_t *replayed, ngx_log_t *log);
ngx_int_t ngx_http_postflow_journal_rewrite(ngx_http_postflow_journal_t *j,
    ngx_http_postflow_snapshot_source_t *from, ngx_log_t *log);
ngx_int_t ngx_http_postflow_journal_append(ngx_http_postflow_journal_t *j,
    ngx_str_t *line);
ngx_int_t ngx_http_postflow_journal_compact(ngx_http_postflow_journal_t *j,
    ngx_uint_t always, ngx_log_t *log);
void ngx_http_postflow_journal_sync(ngx_http_postflow_journal_t *j,
    ngx_log_t *log);

/* ngx_http_postflow_journal_lock.c */
ngx_int_t ngx_http_postflow_journal_lock(ngx_http_postflow_journal_t *j,
    ngx_log_t *log);
void ngx_http_postflow_journal_unlock(void);


#endif /* _NGX_HTTP_POSTFLOW_JOURNAL_H_INCLUDED_ */
