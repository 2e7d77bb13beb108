
/*
 * ngx_postflow: the few nginx core functions the review analyser uses,
 * on top of libc, so that the analysis harnesses (evaluation, fuzzing,
 * benchmark) link ngx_http_postflow_review.c without the rest of nginx.
 *
 * A pool is a list of malloc()ed blocks freed at once, which keeps
 * every allocation visible to ASan and valgrind.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_shim.h"


ngx_pool_t *
ngx_shim_create_pool(ngx_log_t *log)
{
    ngx_pool_t  *pool;

    pool = calloc(1, sizeof(ngx_pool_t));
    if (pool == NULL) {
        return NULL;
    }

    pool->log = log;

    return pool;
}


void
ngx_shim_destroy_pool(ngx_pool_t *pool)
{
    ngx_pool_large_t    *l, *next;
    ngx_pool_cleanup_t  *c;

    for (c = pool->cleanup; c; c = c->next) {
        if (c->handler) {
            c->handler(c->data);
        }
    }

    for (l = pool->large; l; l = next) {
        next = l->next;
        free(l->alloc);
        free(l);
    }

    free(pool);
}


void *
ngx_palloc(ngx_pool_t *pool, size_t size)
{
    ngx_pool_large_t  *l;

    l = malloc(sizeof(ngx_pool_large_t));
    if (l == NULL) {
        return NULL;
    }

    l->alloc = malloc(size ? size : 1);
    if (l->alloc == NULL) {
        free(l);
        return NULL;
    }

    l->next = pool->large;
    pool->large = l;

    return l->alloc;
}


void *
ngx_pnalloc(ngx_pool_t *pool, size_t size)
{
    return ngx_palloc(pool, size);
}


void *
ngx_pcalloc(ngx_pool_t *pool, size_t size)
{
    void  *p;

    p = ngx_palloc(pool, size);
    if (p) {
        memset(p, 0, size);
    }

    return p;
}


ngx_pool_cleanup_t *
ngx_pool_cleanup_add(ngx_pool_t *p, size_t size)
{
    ngx_pool_cleanup_t  *c;

    c = ngx_palloc(p, sizeof(ngx_pool_cleanup_t));
    if (c == NULL) {
        return NULL;
    }

    c->data = NULL;

    if (size) {
        c->data = ngx_palloc(p, size);
        if (c->data == NULL) {
            return NULL;
        }
    }

    c->handler = NULL;
    c->next = p->cleanup;
    p->cleanup = c;

    return c;
}


ngx_array_t *
ngx_array_create(ngx_pool_t *p, ngx_uint_t n, size_t size)
{
    ngx_array_t  *a;

    a = ngx_palloc(p, sizeof(ngx_array_t));
    if (a == NULL) {
        return NULL;
    }

    if (ngx_array_init(a, p, n, size) != NGX_OK) {
        return NULL;
    }

    return a;
}


void *
ngx_array_push(ngx_array_t *a)
{
    void  *new;

    if (a->nelts == a->nalloc) {
        new = ngx_palloc(a->pool, 2 * a->nalloc * a->size);
        if (new == NULL) {
            return NULL;
        }

        memcpy(new, a->elts, a->nelts * a->size);
        a->elts = new;
        a->nalloc *= 2;
    }

    return (u_char *) a->elts + a->size * a->nelts++;
}


/* enough of nginx's format for the analyser's messages */
void ngx_cdecl
ngx_log_error_core(ngx_uint_t level, ngx_log_t *log, ngx_err_t err,
    const char *fmt, ...)
{
    va_list      args;
    const char  *p;

    va_start(args, fmt);

    fprintf(stderr, "[level %u] ", (unsigned) level);

    for (p = fmt; *p; p++) {
        if (*p != '%') {
            fputc(*p, stderr);
            continue;
        }

        p++;

        switch (*p) {

        case 's':
            fputs(va_arg(args, char *), stderr);
            break;

        case 'd':
            fprintf(stderr, "%d", va_arg(args, int));
            break;

        case 'u':
        case 'i':
        case 'z':
            /* %uz, %ui, %i: size_t-sized integers */
            while (p[1] == 'u' || p[1] == 'z' || p[1] == 'i') {
                p++;
            }

            fprintf(stderr, "%zu", va_arg(args, size_t));
            break;

        case '\0':
            p--;
            break;

        default:
            fputc(*p, stderr);
            break;
        }
    }

    fputc('\n', stderr);

    va_end(args);
}
