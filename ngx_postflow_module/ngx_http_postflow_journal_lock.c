
/*
 * One nginx per journal.  A second nginx started while the first still
 * serves (its bind fails, but only after the zones are made) would
 * otherwise replay and compact the journal under the running one.
 *
 * The master takes "PATH.lock" with flock() before it reads the
 * journal and keeps it for as long as it lives.  flock() belongs to the
 * open file, which the workers inherit, so the lock also outlives a
 * master killed while its workers still append.  A reload takes the
 * lock again in the same process: the file is kept open, once per
 * path, for the process's life rather than the cycle's, as a second
 * open of it would conflict with the first.
 */


#include "ngx_http_postflow_journal.h"

#include <sys/file.h>


typedef struct ngx_http_postflow_lock_s  ngx_http_postflow_lock_t;

struct ngx_http_postflow_lock_s {
    ngx_http_postflow_lock_t  *next;
    ngx_fd_t                   fd;
    size_t                     len;
    u_char                     path[1];
};


static ngx_http_postflow_lock_t  *ngx_http_postflow_locks;


ngx_int_t
ngx_http_postflow_journal_lock(ngx_http_postflow_journal_t *j,
    ngx_log_t *log)
{
    size_t                     len;
    ngx_err_t                  err;
    ngx_http_postflow_lock_t  *lk;

    len = j->path.len + sizeof(".lock") - 1;

    for (lk = ngx_http_postflow_locks; lk; lk = lk->next) {
        if (lk->len == len
            && ngx_strncmp(lk->path, j->path.data, j->path.len) == 0)
        {
            return NGX_OK;
        }
    }

    lk = ngx_alloc(sizeof(ngx_http_postflow_lock_t) + len, log);
    if (lk == NULL) {
        return NGX_ERROR;
    }

    lk->len = len;
    ngx_memcpy(ngx_cpymem(lk->path, j->path.data, j->path.len),
               ".lock", sizeof(".lock"));

    lk->fd = ngx_open_file(lk->path, NGX_FILE_RDWR, NGX_FILE_CREATE_OR_OPEN,
                           NGX_FILE_DEFAULT_ACCESS);

    if (lk->fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "postflow_state \"%V\": " ngx_open_file_n " \"%s\""
                      " failed, in %V:%ui", &j->path, lk->path,
                      &j->conf_file, j->conf_line);
        ngx_free(lk);
        return NGX_ERROR;
    }

    if (flock(lk->fd, LOCK_EX | LOCK_NB) == -1) {
        err = ngx_errno;
        ngx_log_error(NGX_LOG_EMERG, log, err == NGX_EAGAIN ? 0 : err,
                      "postflow_state \"%V\" is in use by another nginx"
                      " (\"%s\" is locked), in %V:%ui", &j->path,
                      lk->path, &j->conf_file,
                      j->conf_line);
        (void) ngx_close_file(lk->fd);
        ngx_free(lk);
        return NGX_ERROR;
    }

    lk->next = ngx_http_postflow_locks;
    ngx_http_postflow_locks = lk;

    return NGX_OK;
}


/*
 * As a process exits: the locks go with it.  The list outlives the
 * cycles but not the module's unloading, which would leave it lost.
 */

void
ngx_http_postflow_journal_unlock(void)
{
    ngx_http_postflow_lock_t  *lk, *next;

    for (lk = ngx_http_postflow_locks; lk; lk = next) {
        next = lk->next;
        (void) ngx_close_file(lk->fd);
        ngx_free(lk);
    }

    ngx_http_postflow_locks = NULL;
}
