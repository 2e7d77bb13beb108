
/*
 * Frame.io webhook signatures:
 *
 *     X-Frameio-Signature: v0=hex(HMAC-SHA256(secret, "v0:" ts ":" body))
 *
 * computed over the raw body bytes, compared in constant time against
 * every configured secret so that a secret can be rotated.
 */


#include "ngx_http_postflow_module.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>


#define NGX_HTTP_POSTFLOW_MAC_LEN     32
#define NGX_HTTP_POSTFLOW_SECRET_MAX  4096


/* a hex digit's value, -1 for any other byte */
static const signed char  ngx_http_postflow_hex[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
     0,  1,  2,  3,  4,  5,  6,  7,  8,  9, -1, -1, -1, -1, -1, -1,
    -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
};


static void ngx_http_postflow_secret_cleanup(void *data);
static ngx_int_t ngx_http_postflow_signature_decode(ngx_str_t *signature,
    u_char *mac);
static ngx_int_t ngx_http_postflow_signature_compute(
    ngx_http_postflow_secret_t *secret, ngx_str_t *timestamp,
    ngx_str_t *body, u_char *mac);


/*
 * The HMAC context is keyed once at configuration time; each check
 * re-initialises it with the same key, which is cheaper than keying.
 */

ngx_int_t
ngx_http_postflow_secret_init(ngx_conf_t *cf,
    ngx_http_postflow_secret_t *secret)
{
    EVP_MAC             *mac;
    OSSL_PARAM           params[2];
    EVP_MAC_CTX         *ctx;
    ngx_pool_cleanup_t  *cln;

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NGX_ERROR;
    }

    mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_webhook_secret: HMAC is not available"
                           " in libcrypto");
        return NGX_ERROR;
    }

    ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);

    if (ctx == NULL) {
        return NGX_ERROR;
    }

    cln->handler = ngx_http_postflow_secret_cleanup;
    cln->data = ctx;

    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 (char *) "SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();

    if (EVP_MAC_init(ctx, secret->value.data, secret->value.len, params)
        != 1)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_webhook_secret: HMAC-SHA256 init failed");
        return NGX_ERROR;
    }

    secret->mac = ctx;

    return NGX_OK;
}


static void
ngx_http_postflow_secret_cleanup(void *data)
{
    EVP_MAC_CTX_free(data);
}


/* NGX_OK: one secret signed it; NGX_DECLINED: none did, or malformed */

ngx_int_t
ngx_http_postflow_signature_verify(ngx_array_t *secrets,
    ngx_str_t *timestamp, ngx_str_t *signature, ngx_str_t *body)
{
    u_char                       expected[NGX_HTTP_POSTFLOW_MAC_LEN];
    u_char                       mac[NGX_HTTP_POSTFLOW_MAC_LEN];
    ngx_int_t                    rc;
    ngx_uint_t                   i;
    ngx_http_postflow_secret_t  *secret;

    if (ngx_http_postflow_signature_decode(signature, expected) != NGX_OK) {
        return NGX_DECLINED;
    }

    secret = secrets->elts;
    rc = NGX_DECLINED;

    /* every secret is tried, so the time taken says nothing of which */

    for (i = 0; i < secrets->nelts; i++) {
        if (ngx_http_postflow_signature_compute(&secret[i], timestamp, body,
                                                mac)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        if (CRYPTO_memcmp(mac, expected, NGX_HTTP_POSTFLOW_MAC_LEN) == 0) {
            rc = NGX_OK;
        }
    }

    return rc;
}


static ngx_int_t
ngx_http_postflow_signature_decode(ngx_str_t *signature, u_char *mac)
{
    u_char      *p;
    ngx_int_t    hi, lo;
    ngx_uint_t   i;

    if (signature->len != sizeof("v0=") - 1 + 2 * NGX_HTTP_POSTFLOW_MAC_LEN
        || ngx_strncmp(signature->data, "v0=", 3) != 0)
    {
        return NGX_DECLINED;
    }

    p = signature->data + 3;

    for (i = 0; i < NGX_HTTP_POSTFLOW_MAC_LEN; i++) {
        hi = ngx_http_postflow_hex[*p++];
        lo = ngx_http_postflow_hex[*p++];

        if (hi < 0 || lo < 0) {
            return NGX_DECLINED;
        }

        mac[i] = (u_char) (hi << 4 | lo);
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_signature_compute(ngx_http_postflow_secret_t *secret,
    ngx_str_t *timestamp, ngx_str_t *body, u_char *mac)
{
    size_t        len;
    EVP_MAC_CTX  *ctx;

    ctx = secret->mac;

    if (EVP_MAC_init(ctx, NULL, 0, NULL) != 1
        || EVP_MAC_update(ctx, (u_char *) "v0:", 3) != 1
        || EVP_MAC_update(ctx, timestamp->data, timestamp->len) != 1
        || EVP_MAC_update(ctx, (u_char *) ":", 1) != 1
        || EVP_MAC_update(ctx, body->data, body->len) != 1
        || EVP_MAC_final(ctx, mac, &len, NGX_HTTP_POSTFLOW_MAC_LEN) != 1
        || len != NGX_HTTP_POSTFLOW_MAC_LEN)
    {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/*
 * Read here, at configuration time, by the master: a file that only
 * root may read works, and the workers never need it.
 */

ngx_int_t
ngx_http_postflow_secret_file(ngx_conf_t *cf, const char *directive,
    ngx_str_t *path, ngx_str_t *secret)
{
    u_char           *buf;
    ssize_t           n;
    ngx_fd_t          fd;
    ngx_file_info_t   fi;

    if (path->len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "empty \"file=\" in \"%s\" directive",
                           directive);
        return NGX_ERROR;
    }

    if (ngx_conf_full_name(cf->cycle, path, 1) != NGX_OK) {
        return NGX_ERROR;
    }

    fd = ngx_open_file(path->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%s: " ngx_open_file_n " \"%V\" failed",
                           directive, path);
        return NGX_ERROR;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR
        || ngx_file_size(&fi) > NGX_HTTP_POSTFLOW_SECRET_MAX)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%s: \"%V\" is not a readable file of at most"
                           " %d bytes", directive, path,
                           NGX_HTTP_POSTFLOW_SECRET_MAX);
        ngx_close_file(fd);
        return NGX_ERROR;
    }

    buf = ngx_pnalloc(cf->pool, ngx_file_size(&fi) + 1);
    if (buf == NULL) {
        ngx_close_file(fd);
        return NGX_ERROR;
    }

    n = ngx_read_fd(fd, buf, ngx_file_size(&fi));
    ngx_close_file(fd);

    if (n == -1) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%s: " ngx_read_fd_n " \"%V\" failed",
                           directive, path);
        return NGX_ERROR;
    }

    while (n > 0 && (buf[n - 1] == LF || buf[n - 1] == CR
                     || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
    {
        n--;
    }

    if (n == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%s: \"%V\" holds no secret", directive,
                           path);
        return NGX_ERROR;
    }

    secret->data = buf;
    secret->len = n;

    return NGX_OK;
}
