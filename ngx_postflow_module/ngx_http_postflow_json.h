
/*
 * JSON and HTTP helpers: a strict parser of the values wanted from a
 * document, JSON strings written out, request bodies read and answers
 * sent.
 */


#ifndef _NGX_HTTP_POSTFLOW_JSON_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_JSON_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#define NGX_HTTP_POSTFLOW_JSON_DEPTH  8


/*
 * A value wanted from a JSON document, at a dotted path: a string, an
 * array of strings, or an array of items, each a string or an object
 * of string members ({"text","author","role"}).  An item is kept as
 * one ngx_str_t per member, in the order "value" names them (ending
 * with a null string); a bare string is its first member.
 */
#define NGX_HTTP_POSTFLOW_JSON_STRING   0
#define NGX_HTTP_POSTFLOW_JSON_STRINGS  1
#define NGX_HTTP_POSTFLOW_JSON_ITEMS    2

typedef struct {
    ngx_str_t                    path;
    ngx_uint_t                   type;
    size_t                       max_len;
    ngx_str_t                   *value;       /* STRING; ITEMS: members */
    ngx_array_t                 *values;      /* STRINGS, ITEMS */
    ngx_uint_t                   max_values;
    ngx_uint_t                   seen;
} ngx_http_postflow_json_field_t;


#define NGX_HTTP_POSTFLOW_TIME_LEN  (sizeof("2025-01-31T10:05:00Z") - 1)


/* ngx_http_postflow_json.c */
ngx_int_t ngx_http_postflow_json_parse(u_char *p, size_t len,
    ngx_http_postflow_json_field_t *fields, ngx_uint_t max_depth,
    ngx_pool_t *pool, ngx_str_t *err);
ngx_int_t ngx_http_postflow_json_check_escapes(u_char *p, size_t len,
    ngx_pool_t *pool, ngx_str_t *err);
ngx_int_t ngx_http_postflow_read_body(ngx_http_request_t *r, ngx_str_t *body);
ngx_str_t *ngx_http_postflow_header_in(ngx_http_request_t *r,
    const char *name, size_t len);
ngx_int_t ngx_http_postflow_send_json(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *json);
ngx_int_t ngx_http_postflow_send_text(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *text, const char *type);
ngx_int_t ngx_http_postflow_send_error(ngx_http_request_t *r,
    ngx_uint_t status, const char *message);
ngx_int_t ngx_http_postflow_send_not_allowed(ngx_http_request_t *r,
    const char *allow, const char *message);
ngx_int_t ngx_http_postflow_header_out(ngx_http_request_t *r,
    const char *name, const char *value);
ngx_int_t ngx_http_postflow_send_error_str(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *message);
u_char *ngx_http_postflow_json_string(u_char *p, u_char *s, size_t len);
size_t ngx_http_postflow_json_string_size(u_char *s, size_t len);
u_char *ngx_http_postflow_json_time(u_char *p, time_t t);
u_char *ngx_http_postflow_json_counts(u_char *p, const char *name,
    ngx_uint_t *counts, ngx_str_t *names, ngx_uint_t n);
ngx_int_t ngx_http_postflow_utf8_valid(u_char *p, size_t len);


#endif /* _NGX_HTTP_POSTFLOW_JSON_H_INCLUDED_ */
