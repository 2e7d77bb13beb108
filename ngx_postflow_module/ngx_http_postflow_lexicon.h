
/*
 * The review analyser's lexicon compiler: files of phrases read into
 * the PCRE2 patterns of the analyser's cues (README.md, "The
 * analyser's lexicon", describes the grammar).
 */


#ifndef _NGX_HTTP_POSTFLOW_LEXICON_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_LEXICON_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>


/* a lexicon file: its name, for messages, and its text */
typedef struct {
    ngx_str_t                    name;
    ngx_str_t                    text;
} ngx_http_postflow_lexicon_file_t;


/* an entry compiled: a PCRE2 pattern, its lines for messages */
typedef struct {
    ngx_str_t                    pattern;     /* NUL-terminated */
    ngx_str_t                    file;
    ngx_uint_t                   line;
} ngx_http_postflow_lexicon_entry_t;


/* a section of the rules table: what its entries mean, in order */
typedef struct {
    ngx_str_t                    name;
    ngx_uint_t                   cue;         /* ngx_http_postflow_cue_e */
    ngx_uint_t                   word;        /* ends at a word's end */
    ngx_array_t                  entries[2];  /* added, built-in */
} ngx_http_postflow_lexicon_section_t;


typedef struct {
    ngx_pool_t                  *pool;
    ngx_array_t                  sections;    /* _lexicon_section_t */
    ngx_array_t                  groups;      /* _lexicon_group_t */
    ngx_uint_t                   examples;    /* examples checked */
    ngx_uint_t                   nentries;
} ngx_http_postflow_lexicon_t;


#define NGX_HTTP_POSTFLOW_LEXICON_BUILTIN  1


ngx_http_postflow_lexicon_t *ngx_http_postflow_lexicon_create(
    ngx_pool_t *pool);
ngx_int_t ngx_http_postflow_lexicon_rules(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_file_t *file, ngx_str_t *err);
ngx_int_t ngx_http_postflow_lexicon_groups(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_file_t *file, ngx_str_t *err);
ngx_int_t ngx_http_postflow_lexicon_resolve(ngx_http_postflow_lexicon_t *lex,
    ngx_str_t *err);
ngx_int_t ngx_http_postflow_lexicon_add(ngx_http_postflow_lexicon_t *lex,
    ngx_http_postflow_lexicon_file_t *file, ngx_uint_t builtin,
    ngx_str_t *err);
ngx_int_t ngx_http_postflow_lexicon_phrase(ngx_http_postflow_lexicon_t *lex,
    u_char *p, size_t len, ngx_str_t *pattern, ngx_str_t *err);

/* ngx_http_postflow_lexicon_conf.c: the postflow_review_lexicon directive */
char *ngx_http_postflow_lexicon_conf(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);

extern const char  *ngx_http_postflow_lexicon_cues[];


#endif /* _NGX_HTTP_POSTFLOW_LEXICON_H_INCLUDED_ */
