
/*
 * ngx_postflow: the postflow_review_lexicon directive, read by the
 * master at configuration time.
 *
 *     postflow_review_lexicon PATH [replace];
 *
 * adds the entries of a lexicon file to the built-in lexicon (before
 * the built-in ones of their sections), or with "replace" uses it
 * instead of the built-in vocabulary.  A bad entry stops the
 * configuration with the file and the line: "nginx -t" says which.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "ngx_http_postflow_module.h"
#include "ngx_http_postflow_review.h"


/* a lexicon is a few hundred lines: anything larger is a mistake */
#define NGX_HTTP_POSTFLOW_LEXICON_MAX  (4 * 1024 * 1024)


static ngx_int_t ngx_http_postflow_lexicon_read(ngx_conf_t *cf,
    ngx_str_t *name, ngx_str_t *text);


char *
ngx_http_postflow_lexicon_conf(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_postflow_main_conf_t *pmcf = conf;

    ngx_int_t                          rc;
    ngx_str_t                         *value, err;
    ngx_uint_t                         replace;
    ngx_http_postflow_lexicon_file_t   file;

    value = cf->args->elts;
    replace = 0;

    if (cf->args->nelts == 3) {
        if (ngx_strcmp(value[2].data, "replace") != 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "postflow_review_lexicon: \"%V\" must be"
                               " \"replace\"", &value[2]);
            return NGX_CONF_ERROR;
        }

        replace = 1;
    }

    file.name = value[1];

    if (ngx_conf_full_name(cf->cycle, &file.name, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_postflow_lexicon_read(cf, &file.name, &file.text)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    rc = ngx_http_postflow_review_add_lexicon(pmcf->review, &file, replace,
                                              &err);
    if (rc != NGX_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_review_lexicon: %V", &err);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_postflow_lexicon_read(ngx_conf_t *cf, ngx_str_t *name,
    ngx_str_t *text)
{
    u_char           *p;
    off_t             size;
    ssize_t           n;
    ngx_fd_t          fd;
    ngx_int_t         rc;
    ngx_file_info_t   fi;

    fd = ngx_open_file(name->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);

    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "postflow_review_lexicon: "
                           ngx_open_file_n " \"%V\" failed", name);
        return NGX_ERROR;
    }

    rc = NGX_ERROR;

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "postflow_review_lexicon: "
                           ngx_fd_info_n " \"%V\" failed", name);
        goto done;
    }

    size = ngx_file_size(&fi);

    if (size > NGX_HTTP_POSTFLOW_LEXICON_MAX) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_review_lexicon: \"%V\" is larger"
                           " than 4 MiB", name);
        goto done;
    }

    p = ngx_pnalloc(cf->pool, (size_t) size + 1);
    if (p == NULL) {
        goto done;
    }

    n = ngx_read_fd(fd, p, (size_t) size);

    if (n == -1 || n != (ssize_t) size) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, n == -1 ? ngx_errno : 0,
                           "postflow_review_lexicon: "
                           ngx_read_fd_n " \"%V\" failed", name);
        goto done;
    }

    p[size] = '\0';

    text->data = p;
    text->len = (size_t) size;

    rc = NGX_OK;

done:

    if (ngx_close_file(fd) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_ALERT, cf, ngx_errno,
                           "postflow_review_lexicon: "
                           ngx_close_file_n " \"%V\" failed", name);
    }

    return rc;
}
