
/*
 * ngx_postflow: the nginx core functions the parser harnesses need and
 * analyze/ngx_shim.c does not provide (that file has the pools'
 * allocations, arrays and the log), written on top of libc.
 *
 * Debian's nginx-dev ships the core's headers, not its code.  These are
 * written from the functions' contracts, not from nginx's code:
 *
 *   pools      ngx_create_pool, ngx_reset_pool, ngx_destroy_pool over the
 *              analyser shim's list of malloc()ed blocks, so that ASan
 *              sees every allocation on its own; ngx_alloc_chain_link;
 *   strings    ngx_vslprintf and friends (the formats the module uses),
 *              ngx_escape_json, ngx_utf8_decode, ngx_atoi, ngx_atotm,
 *              ngx_hextoi, ngx_strncasecmp, ngx_memn2cmp;
 *   time       ngx_gmtime, a cached time the harness sets;
 *   crc32      the two tables, computed at start;
 *   zones      a "slab" of malloc()ed blocks within a budget of bytes
 *              (kept in the pool's pfree, set by the harness), an
 *              unbalanced binary search tree behind ngx_rbtree_* and
 *              ngx_str_rbtree_*, and a
 *              mutex that checks the locking discipline: a lock taken
 *              twice, an unlock without the lock, a _locked allocation
 *              without it or a plain one with it abort();
 *   threads    ngx_thread_task_post refuses every task, so that a
 *              compaction runs in the caller, as without thread pools;
 *   http       ngx_http_send_header and ngx_http_output_filter hand the
 *              response to a hook of the harness; ngx_list_push for the
 *              response's headers.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_event.h>
#include <ngx_http.h>

#include "ngx_shim.h"
#include "ngx_fuzz_shim.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NGX_SHIM_ASAN  1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__) && !defined(NGX_SHIM_ASAN)
#define NGX_SHIM_ASAN  1
#endif

#if (NGX_SHIM_ASAN)
#include <sanitizer/asan_interface.h>
#define ngx_shim_poison(p, n)    __asan_poison_memory_region(p, n)
#define ngx_shim_unpoison(p, n)  __asan_unpoison_memory_region(p, n)
#else
#define ngx_shim_poison(p, n)
#define ngx_shim_unpoison(p, n)
#endif


#define NGX_SHIM_SLAB_HEADER  16


static u_char *ngx_shim_number(u_char *buf, u_char *last, uint64_t v,
    ngx_uint_t negative, ngx_uint_t hex, u_char pad, ngx_uint_t width);
static void ngx_shim_rbtree_replace(ngx_rbtree_t *tree,
    ngx_rbtree_node_t *old, ngx_rbtree_node_t *node);
static void ngx_shim_crc32_init(void) __attribute__((constructor));


static ngx_log_t       ngx_shim_log;
static ngx_cycle_t     ngx_shim_cycle;
static ngx_time_t      ngx_shim_time;
static ngx_shmtx_t    *ngx_shim_held;
static uint32_t        ngx_shim_crc32_short[16];

volatile ngx_cycle_t  *ngx_cycle = &ngx_shim_cycle;
volatile ngx_time_t   *ngx_cached_time = &ngx_shim_time;
volatile ngx_msec_t    ngx_current_msec;
ngx_uint_t             ngx_test_config;
ngx_rbtree_t           ngx_event_timer_rbtree;
ngx_queue_t            ngx_posted_events;
ngx_module_t           ngx_core_module;
ngx_module_t           ngx_http_module;
ngx_pid_t              ngx_pid;
ngx_uint_t             ngx_process;
ngx_uint_t             ngx_pagesize = 4096;
uint32_t              *ngx_crc32_table_short = ngx_shim_crc32_short;
uint32_t               ngx_crc32_table256[256];

ngx_shim_output_pt     ngx_shim_output;


/* the log: level 0, so that ngx_log_error() and debug lines stay quiet */

ngx_log_t *
ngx_shim_init(time_t now)
{
    ngx_shim_log.log_level = 0;
    ngx_shim_cycle.log = &ngx_shim_log;
    ngx_shim_time.sec = now;
    ngx_current_msec = (ngx_msec_t) now * 1000;

    return &ngx_shim_log;
}


void
ngx_shim_set_time(time_t now)
{
    ngx_shim_time.sec = now;
}


ngx_uint_t
ngx_shim_locked(void)
{
    return ngx_shim_held != NULL;
}


/* pools */

ngx_pool_t *
ngx_create_pool(size_t size, ngx_log_t *log)
{
    return ngx_shim_create_pool(log);
}


void
ngx_destroy_pool(ngx_pool_t *pool)
{
    ngx_shim_destroy_pool(pool);
}


void
ngx_reset_pool(ngx_pool_t *pool)
{
    ngx_pool_large_t  *l, *next;

    for (l = pool->large; l; l = next) {
        next = l->next;
        free(l->alloc);
        free(l);
    }

    pool->large = NULL;
}


void *
ngx_alloc(size_t size, ngx_log_t *log)
{
    return malloc(size ? size : 1);
}


void *
ngx_calloc(size_t size, ngx_log_t *log)
{
    return calloc(1, size ? size : 1);
}


ngx_chain_t *
ngx_alloc_chain_link(ngx_pool_t *pool)
{
    return ngx_palloc(pool, sizeof(ngx_chain_t));
}


/* formatted output: nginx's conversions, on at most last - buf bytes */

u_char * ngx_cdecl
ngx_sprintf(u_char *buf, const char *fmt, ...)
{
    u_char   *p;
    va_list   args;

    va_start(args, fmt);
    p = ngx_vslprintf(buf, (void *) -1, fmt, args);
    va_end(args);

    return p;
}


u_char * ngx_cdecl
ngx_snprintf(u_char *buf, size_t max, const char *fmt, ...)
{
    u_char   *p;
    va_list   args;

    va_start(args, fmt);
    p = ngx_vslprintf(buf, buf + max, fmt, args);
    va_end(args);

    return p;
}


u_char * ngx_cdecl
ngx_slprintf(u_char *buf, u_char *last, const char *fmt, ...)
{
    u_char   *p;
    va_list   args;

    va_start(args, fmt);
    p = ngx_vslprintf(buf, last, fmt, args);
    va_end(args);

    return p;
}


/* an integer argument, as the conversion's signedness says */
#define ngx_shim_int_arg(utype, stype)                                       \
    if (is_unsigned) {                                                       \
        u64 = va_arg(args, utype);                                           \
    } else {                                                                 \
        i64 = va_arg(args, stype);                                           \
    }


u_char *
ngx_vslprintf(u_char *buf, u_char *last, const char *fmt, va_list args)
{
    u_char      *s, pad;
    double       f;
    int64_t      i64;
    uint64_t     u64, scale, frac;
    ngx_str_t   *v;
    ngx_uint_t   width, prec, is_unsigned, hex, star, negative, n;
    size_t       len;

    while (*fmt && buf < last) {

        if (*fmt != '%') {
            *buf++ = *fmt++;
            continue;
        }

        fmt++;

        pad = ' ';
        width = 0;
        prec = 0;
        is_unsigned = 0;
        hex = 0;
        star = 0;
        len = (size_t) -1;

        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }

        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }

        for ( ;; ) {
            if (*fmt == 'u') {
                is_unsigned = 1;

            } else if (*fmt == 'x' || *fmt == 'X') {
                hex = (*fmt == 'x') ? 1 : 2;
                is_unsigned = 1;

            } else if (*fmt == '*') {
                star = 1;

            } else if (*fmt == '.') {
                prec = 0;

                while (fmt[1] >= '0' && fmt[1] <= '9') {
                    prec = prec * 10 + (*++fmt - '0');
                }

            } else {
                break;
            }

            fmt++;
        }

        if (star) {
            len = va_arg(args, size_t);
        }

        i64 = 0;
        u64 = 0;

        switch (*fmt) {

        case 'V':
            v = va_arg(args, ngx_str_t *);
            n = ngx_min(v->len, (size_t) (last - buf));
            buf = ngx_cpymem(buf, v->data, n);
            fmt++;
            continue;

        case 's':
            s = va_arg(args, u_char *);

            if (star) {
                n = ngx_min(len, (size_t) (last - buf));
                buf = ngx_cpymem(buf, s, n);

            } else {
                while (*s && buf < last) {
                    *buf++ = *s++;
                }
            }

            fmt++;
            continue;

        case 'c':
            *buf++ = (u_char) va_arg(args, int);
            fmt++;
            continue;

        case 'Z':
            *buf++ = '\0';
            fmt++;
            continue;

        case 'N':
            *buf++ = LF;
            fmt++;
            continue;

        case '%':
            *buf++ = '%';
            fmt++;
            continue;

        case 'f':
            f = va_arg(args, double);

            /* a NaN or an infinity in JSON is the caller's bug */
            if (!(f > -9.0e18 && f < 9.0e18)) {
                fprintf(stderr, "ngx_shim: %%f of %g\n", f);
                abort();
            }

            negative = (f < 0);
            f = negative ? -f : f;

            for (scale = 1, n = prec; n; n--) {
                scale *= 10;
            }

            u64 = (uint64_t) f;
            frac = (uint64_t) ((f - (double) u64) * scale + 0.5);

            if (frac >= scale) {
                u64++;
                frac -= scale;
            }

            buf = ngx_shim_number(buf, last, u64, negative, 0, pad, width);

            if (prec && buf < last) {
                *buf++ = '.';
                buf = ngx_shim_number(buf, last, frac, 0, 0, '0', prec);
            }

            fmt++;
            continue;

        case 'p':
            u64 = (uintptr_t) va_arg(args, void *);
            hex = 2;
            pad = '0';
            width = 2 * sizeof(void *);
            break;

        case 'd':
            ngx_shim_int_arg(unsigned int, int);
            break;

        case 'i':
            ngx_shim_int_arg(ngx_uint_t, ngx_int_t);
            break;

        case 'l':
            ngx_shim_int_arg(unsigned long, long);
            break;

        case 'D':
            ngx_shim_int_arg(uint32_t, int32_t);
            break;

        case 'L':
            ngx_shim_int_arg(uint64_t, int64_t);
            break;

        case 'z':
            ngx_shim_int_arg(size_t, ssize_t);
            break;

        case 'A':
            ngx_shim_int_arg(ngx_atomic_uint_t, ngx_atomic_int_t);
            break;

        case 'O':
            i64 = va_arg(args, off_t);
            is_unsigned = 0;
            break;

        case 'T':
            i64 = va_arg(args, time_t);
            is_unsigned = 0;
            break;

        case 'P':
            i64 = va_arg(args, ngx_pid_t);
            is_unsigned = 0;
            break;

        case 'M':
            u64 = va_arg(args, ngx_msec_t);
            is_unsigned = 1;
            break;

        default:
            /* not a conversion: copied as it is */
            *buf++ = *fmt++;
            continue;
        }

        negative = 0;

        if (*fmt != 'p' && !is_unsigned) {
            negative = (i64 < 0);
            u64 = negative ? (uint64_t) 0 - (uint64_t) i64 : (uint64_t) i64;
        }

        buf = ngx_shim_number(buf, last, u64, negative, hex, pad, width);
        fmt++;
    }

    return buf;
}


static u_char *
ngx_shim_number(u_char *buf, u_char *last, uint64_t v, ngx_uint_t negative,
    ngx_uint_t hex, u_char pad, ngx_uint_t width)
{
    u_char         tmp[NGX_INT64_LEN + 2], *p;
    size_t         n;
    const char    *digits;

    digits = (hex == 2) ? "0123456789ABCDEF" : "0123456789abcdef";
    p = tmp + sizeof(tmp);

    do {
        *--p = digits[hex ? v % 16 : v % 10];
        v = hex ? v / 16 : v / 10;
    } while (v);

    n = tmp + sizeof(tmp) - p;

    if (negative && buf < last) {
        *buf++ = '-';
    }

    while (width > n && buf < last) {
        *buf++ = pad;
        width--;
    }

    n = ngx_min(n, (size_t) (last - buf));

    return ngx_cpymem(buf, p, n);
}


/*
 * JSON string escaping: '"' and '\' get a backslash, control characters
 * \n \r \t \b \f their short escape and the others \u00XX.  Without dst,
 * the number of bytes the escapes add.
 */

uintptr_t
ngx_escape_json(u_char *dst, u_char *src, size_t size)
{
    u_char      c;
    uintptr_t   extra;
    const char  *hex = "0123456789ABCDEF";

    extra = 0;

    while (size--) {
        c = *src++;

        if (c != '"' && c != '\\' && c >= 0x20) {
            if (dst) {
                *dst++ = c;
            }

            continue;
        }

        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t'
            || c == '\b' || c == '\f')
        {
            extra += 1;

            if (dst) {
                *dst++ = '\\';
                *dst++ = (c == '\n') ? 'n' : (c == '\r') ? 'r'
                         : (c == '\t') ? 't' : (c == '\b') ? 'b'
                         : (c == '\f') ? 'f' : c;
            }

            continue;
        }

        extra += sizeof("\\u0000") - 2;

        if (dst) {
            dst = ngx_cpymem(dst, "\\u00", 4);
            *dst++ = hex[c >> 4];
            *dst++ = hex[c & 0xf];
        }
    }

    return dst ? (uintptr_t) dst : extra;
}


/*
 * One UTF-8 character of at most n bytes at *p.  0xffffffff: invalid,
 * *p moved past what was read; 0xfffffffe: cut short, *p not moved.
 * Like nginx, a lead byte from 0xf0 up takes three continuation bytes
 * (the caller checks the result against 0x10ffff), and a continuation
 * byte is only required to have its high bit set.
 */

uint32_t
ngx_utf8_decode(u_char **p, size_t n)
{
    u_char      c;
    uint32_t    u, min;
    ngx_uint_t  more;

    c = **p;

    if (c >= 0xf0) {
        u = c & 0x07;
        more = 3;
        min = 0x10000;

    } else if (c >= 0xe0) {
        u = c & 0x0f;
        more = 2;
        min = 0x800;

    } else if (c >= 0xc2) {
        u = c & 0x1f;
        more = 1;
        min = 0x80;

    } else {
        (*p)++;
        return 0xffffffff;
    }

    if (n < more + 1) {
        return 0xfffffffe;
    }

    (*p)++;

    while (more--) {
        c = *(*p)++;

        if (c < 0x80) {
            return 0xffffffff;
        }

        u = (u << 6) | (c & 0x3f);
    }

    return (u >= min) ? u : 0xffffffff;
}


u_char *
ngx_strerror(ngx_err_t err, u_char *errstr, size_t size)
{
    size_t       len;
    const char  *msg;

    msg = strerror(err);
    len = ngx_min(strlen(msg), size);

    return ngx_cpymem(errstr, msg, len);
}


/* decimal and hex numbers: digits only, NGX_ERROR when empty or too big */

ngx_int_t
ngx_atoi(u_char *line, size_t n)
{
    ngx_int_t  v, d;

    if (n == 0) {
        return NGX_ERROR;
    }

    for (v = 0; n--; line++) {
        if (*line < '0' || *line > '9') {
            return NGX_ERROR;
        }

        d = *line - '0';

        if (v > (NGX_MAX_INT_T_VALUE - d) / 10) {
            return NGX_ERROR;
        }

        v = v * 10 + d;
    }

    return v;
}


/* time_t and ngx_int_t are both 64 bits on the machines this runs on */

time_t
ngx_atotm(u_char *line, size_t n)
{
    return (time_t) ngx_atoi(line, n);
}


off_t
ngx_atoof(u_char *line, size_t n)
{
    return (off_t) ngx_atoi(line, n);
}


ngx_int_t
ngx_hextoi(u_char *line, size_t n)
{
    u_char     c;
    ngx_int_t  v, d;

    if (n == 0) {
        return NGX_ERROR;
    }

    for (v = 0; n--; line++) {
        c = *line;

        if (c >= '0' && c <= '9') {
            d = c - '0';

        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            d = (c | 0x20) - 'a' + 10;

        } else {
            return NGX_ERROR;
        }

        if (v > (NGX_MAX_INT_T_VALUE - d) / 16) {
            return NGX_ERROR;
        }

        v = v * 16 + d;
    }

    return v;
}


ngx_int_t
ngx_strncasecmp(u_char *s1, u_char *s2, size_t n)
{
    ngx_uint_t  c1, c2;

    while (n--) {
        c1 = ngx_tolower(*s1);
        c2 = ngx_tolower(*s2);

        if (c1 != c2) {
            return c1 - c2;
        }

        if (c1 == 0) {
            return 0;
        }

        s1++;
        s2++;
    }

    return 0;
}


ngx_int_t
ngx_memn2cmp(u_char *s1, u_char *s2, size_t n1, size_t n2)
{
    int  rc;

    rc = ngx_memcmp(s1, s2, ngx_min(n1, n2));

    if (rc || n1 == n2) {
        return rc;
    }

    return (n1 < n2) ? -1 : 1;
}


/*
 * UTC broken down as nginx does it: a full year, months from 1; before
 * 1970 counts as 1970 and after 9999 as 9999-12-31T23:59:59.
 */

void
ngx_gmtime(time_t t, ngx_tm_t *tp)
{
    int64_t  days, sec, era, doe, yoe, doy, mp, year, month, day;

    if (t < 0) {
        t = 0;
    }

    days = t / 86400;
    sec = t % 86400;

    /* 9999-12-31 is day 2932896 */
    if (days > 2932896) {
        days = 2932896;
        sec = 86399;
    }

    ngx_memzero(tp, sizeof(ngx_tm_t));

    tp->ngx_tm_wday = (int) ((days + 4) % 7);

    /* a civil date from days since 1970-01-01, years starting in March */

    days += 719468;
    era = days / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = (mp < 10) ? mp + 3 : mp - 9;
    year = yoe + era * 400 + (month <= 2);

    tp->ngx_tm_sec = (int) (sec % 60);
    tp->ngx_tm_min = (int) (sec / 60 % 60);
    tp->ngx_tm_hour = (int) (sec / 3600);
    tp->ngx_tm_mday = (int) day;
    tp->ngx_tm_mon = (int) month;
    tp->ngx_tm_year = (int) year;
}


/* the reflected CRC-32 (0xedb88320) a byte, and a nibble, at a time */

static void
ngx_shim_crc32_init(void)
{
    uint32_t    c;
    ngx_uint_t  i, k;

    for (i = 0; i < 256; i++) {
        c = (uint32_t) i;

        for (k = 0; k < 8; k++) {
            c = (c & 1) ? (c >> 1) ^ 0xedb88320 : c >> 1;
        }

        ngx_crc32_table256[i] = c;
    }

    for (i = 0; i < 16; i++) {
        c = (uint32_t) i;

        for (k = 0; k < 4; k++) {
            c = (c & 1) ? (c >> 1) ^ 0xedb88320 : c >> 1;
        }

        ngx_shim_crc32_short[i] = c;
    }
}


/* zones: the mutex checks that nothing is done without it, or twice */

void
ngx_shmtx_lock(ngx_shmtx_t *mtx)
{
    if (ngx_shim_held) {
        fprintf(stderr, "ngx_shim: ngx_shmtx_lock() with a lock held\n");
        abort();
    }

    ngx_shim_held = mtx;
}


void
ngx_shmtx_unlock(ngx_shmtx_t *mtx)
{
    if (ngx_shim_held != mtx) {
        fprintf(stderr, "ngx_shim: ngx_shmtx_unlock() without the lock\n");
        abort();
    }

    ngx_shim_held = NULL;
}


void *
ngx_slab_alloc_locked(ngx_slab_pool_t *pool, size_t size)
{
    u_char  *p;

    if (ngx_shim_held != &pool->mutex) {
        fprintf(stderr, "ngx_shim: ngx_slab_alloc_locked() unlocked\n");
        abort();
    }

    if (size == 0 || size + NGX_SHIM_SLAB_HEADER > pool->pfree) {
        return NULL;
    }

    p = malloc(NGX_SHIM_SLAB_HEADER + size);
    if (p == NULL) {
        return NULL;
    }

    pool->pfree -= size + NGX_SHIM_SLAB_HEADER;

    *(size_t *) p = size;
    ngx_shim_poison(p, NGX_SHIM_SLAB_HEADER);

    return p + NGX_SHIM_SLAB_HEADER;
}


void *
ngx_slab_calloc_locked(ngx_slab_pool_t *pool, size_t size)
{
    void  *p;

    p = ngx_slab_alloc_locked(pool, size);
    if (p) {
        ngx_memzero(p, size);
    }

    return p;
}


void
ngx_slab_free_locked(ngx_slab_pool_t *pool, void *p)
{
    u_char  *h;

    if (ngx_shim_held != &pool->mutex) {
        fprintf(stderr, "ngx_shim: ngx_slab_free_locked() unlocked\n");
        abort();
    }

    h = (u_char *) p - NGX_SHIM_SLAB_HEADER;
    ngx_shim_unpoison(h, NGX_SHIM_SLAB_HEADER);

    pool->pfree += *(size_t *) h + NGX_SHIM_SLAB_HEADER;

    free(h);
}


void *
ngx_slab_alloc(ngx_slab_pool_t *pool, size_t size)
{
    void  *p;

    ngx_shmtx_lock(&pool->mutex);
    p = ngx_slab_alloc_locked(pool, size);
    ngx_shmtx_unlock(&pool->mutex);

    return p;
}


void *
ngx_slab_calloc(ngx_slab_pool_t *pool, size_t size)
{
    void  *p;

    ngx_shmtx_lock(&pool->mutex);
    p = ngx_slab_calloc_locked(pool, size);
    ngx_shmtx_unlock(&pool->mutex);

    return p;
}


void
ngx_slab_free(ngx_slab_pool_t *pool, void *p)
{
    ngx_shmtx_lock(&pool->mutex);
    ngx_slab_free_locked(pool, p);
    ngx_shmtx_unlock(&pool->mutex);
}


/*
 * The trees: a plain binary search tree, unbalanced; the tree's insert
 * function places a node as it does in nginx.  A deleted node's links
 * are cleared, so that a walk through it crashes.
 */

void
ngx_rbtree_insert(ngx_rbtree_t *tree, ngx_rbtree_node_t *node)
{
    if (tree->root == tree->sentinel) {
        node->parent = NULL;
        node->left = tree->sentinel;
        node->right = tree->sentinel;
        ngx_rbt_black(node);
        tree->root = node;
        return;
    }

    tree->insert(tree->root, node, tree->sentinel);
}


/* string trees: by key, then by the string, as nginx orders them */

void
ngx_str_rbtree_insert_value(ngx_rbtree_node_t *temp, ngx_rbtree_node_t *node,
    ngx_rbtree_node_t *sentinel)
{
    ngx_str_node_t      *n, *t;
    ngx_rbtree_node_t  **p;

    for ( ;; ) {
        n = (ngx_str_node_t *) node;
        t = (ngx_str_node_t *) temp;

        if (node->key != temp->key) {
            p = (node->key < temp->key) ? &temp->left : &temp->right;

        } else {
            p = (ngx_memn2cmp(n->str.data, t->str.data, n->str.len,
                              t->str.len) < 0)
                ? &temp->left : &temp->right;
        }

        if (*p == sentinel) {
            break;
        }

        temp = *p;
    }

    *p = node;
    node->parent = temp;
    node->left = sentinel;
    node->right = sentinel;
}


ngx_str_node_t *
ngx_str_rbtree_lookup(ngx_rbtree_t *rbtree, ngx_str_t *val, uint32_t hash)
{
    ngx_int_t           rc;
    ngx_str_node_t     *n;
    ngx_rbtree_node_t  *node, *sentinel;

    node = rbtree->root;
    sentinel = rbtree->sentinel;

    while (node != sentinel) {
        n = (ngx_str_node_t *) node;

        if (hash != node->key) {
            node = (hash < node->key) ? node->left : node->right;
            continue;
        }

        rc = ngx_memn2cmp(val->data, n->str.data, val->len, n->str.len);

        if (rc == 0) {
            return n;
        }

        node = (rc < 0) ? node->left : node->right;
    }

    return NULL;
}


void
ngx_rbtree_delete(ngx_rbtree_t *tree, ngx_rbtree_node_t *node)
{
    ngx_rbtree_node_t  *next, *sentinel;

    sentinel = tree->sentinel;

    if (node->left == sentinel) {
        ngx_shim_rbtree_replace(tree, node, node->right);

    } else if (node->right == sentinel) {
        ngx_shim_rbtree_replace(tree, node, node->left);

    } else {
        next = ngx_rbtree_min(node->right, sentinel);

        if (next->parent != node) {
            ngx_shim_rbtree_replace(tree, next, next->right);
            next->right = node->right;
            next->right->parent = next;
        }

        ngx_shim_rbtree_replace(tree, node, next);
        next->left = node->left;
        next->left->parent = next;
    }

    node->left = NULL;
    node->right = NULL;
    node->parent = NULL;
    node->key = 0;
}


static void
ngx_shim_rbtree_replace(ngx_rbtree_t *tree, ngx_rbtree_node_t *old,
    ngx_rbtree_node_t *node)
{
    if (old->parent == NULL) {
        tree->root = node;

    } else if (old == old->parent->left) {
        old->parent->left = node;

    } else {
        old->parent->right = node;
    }

    if (node != tree->sentinel) {
        node->parent = old->parent;
    }
}


ngx_rbtree_node_t *
ngx_rbtree_next(ngx_rbtree_t *tree, ngx_rbtree_node_t *node)
{
    ngx_rbtree_node_t  *parent;

    if (node->right != tree->sentinel) {
        return ngx_rbtree_min(node->right, tree->sentinel);
    }

    for (parent = node->parent; parent; parent = node->parent) {
        if (node == parent->left) {
            return parent;
        }

        node = parent;
    }

    return NULL;
}


/* files and responses */

ssize_t
ngx_read_file(ngx_file_t *file, u_char *buf, size_t size, off_t offset)
{
    return pread(file->fd, buf, size, offset);
}


#if (NGX_THREADS)

ngx_int_t
ngx_thread_task_post(ngx_thread_pool_t *tp, ngx_thread_task_t *task)
{
    return NGX_ERROR;
}

#endif


/* a list of parts of nalloc elements each, a new part when one is full */

void *
ngx_list_push(ngx_list_t *l)
{
    ngx_list_part_t  *last;

    last = l->last;

    if (last->nelts == l->nalloc) {
        last = ngx_palloc(l->pool, sizeof(ngx_list_part_t));
        if (last == NULL) {
            return NULL;
        }

        last->elts = ngx_palloc(l->pool, l->nalloc * l->size);
        if (last->elts == NULL) {
            return NULL;
        }

        last->nelts = 0;
        last->next = NULL;

        l->last->next = last;
        l->last = last;
    }

    return (char *) last->elts + l->size * last->nelts++;
}


ngx_int_t
ngx_http_send_header(ngx_http_request_t *r)
{
    if (r->header_sent) {
        fprintf(stderr, "ngx_shim: the header is sent twice\n");
        abort();
    }

    r->header_sent = 1;

    if (r->header_only && ngx_shim_output) {
        ngx_shim_output(r, NULL, 0);
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_output_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_chain_t  *cl;

    if (!r->header_sent) {
        fprintf(stderr, "ngx_shim: a body before the header\n");
        abort();
    }

    for (cl = in; cl; cl = cl->next) {
        if (ngx_shim_output && !cl->buf->in_file) {
            ngx_shim_output(r, cl->buf->pos, cl->buf->last - cl->buf->pos);
        }
    }

    return NGX_OK;
}
