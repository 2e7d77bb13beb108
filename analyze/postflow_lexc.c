
/*
 * ngx_postflow: the built-in lexicon's generator.
 *
 *     postflow_lexc [--check] HEADER RULES FILE...
 *
 * Reads the rules table and the vocabulary files with the module's own
 * lexicon compiler (every entry compiled, every example checked), then
 * writes them into HEADER as C strings, so that the module needs no
 * file at run time; with --check, fails if HEADER is not what it would
 * write.
 */


#include <ngx_config.h>
#include <ngx_core.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngx_shim.h"
#include "ngx_http_postflow_lexicon.h"


static char *
read_all(const char *path, size_t *len)
{
    FILE    *f;
    char    *buf;
    size_t   size, n;

    f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }

    size = 65536;
    *len = 0;
    buf = malloc(size);

    while (buf) {
        n = fread(buf + *len, 1, size - *len, f);
        *len += n;

        if (*len < size) {
            break;
        }

        size *= 2;
        buf = realloc(buf, size);
    }

    fclose(f);

    return buf;
}


static void
put_file(FILE *out, const char *name, const char *text, size_t len)
{
    size_t         i;
    unsigned char  c;
    int            col;

    fprintf(out, "    { ngx_string(\"%s\"),\n      ngx_string(\n\"", name);

    col = 1;

    for (i = 0; i < len; i++) {
        c = (unsigned char) text[i];

        if (c == '\n') {
            fputs(i + 1 < len ? "\\n\"\n\"" : "\\n", out);
            col = 1;
            continue;
        }

        if (col > 72) {
            fputs("\"\n\"", out);
            col = 1;
        }

        if (c == '"' || c == '\\') {
            fprintf(out, "\\%c", c);
            col += 2;

        } else if (c < 0x20 || c >= 0x7f || c == '?') {
            /* octal: three digits, so that no digit after joins it */
            fprintf(out, "\\%03o", c);
            col += 4;

        } else {
            fputc(c, out);
            col++;
        }
    }

    fputs("\") },\n\n", out);
}


int
main(int argc, char **argv)
{
    int                                i, check, pass;
    char                              *old, *gen, *texts[64];
    size_t                             oldlen, genlen, lens[64];
    ngx_int_t                          rc;
    FILE                              *out;
    ngx_log_t                          log;
    ngx_str_t                          err;
    ngx_pool_t                        *pool;
    const char                        *header, *base;
    ngx_http_postflow_lexicon_t       *lex;
    ngx_http_postflow_lexicon_file_t   file;

    check = (argc > 1 && strcmp(argv[1], "--check") == 0);

    if (argc < 4 + check || argc > 64) {
        fprintf(stderr, "usage: %s [--check] HEADER RULES FILE...\n",
                argv[0]);
        return 2;
    }

    header = argv[1 + check];

    memset(texts, 0, sizeof(texts));

    ngx_memzero(&log, sizeof(ngx_log_t));
    log.log_level = NGX_LOG_WARN;

    pool = ngx_shim_create_pool(&log);
    lex = ngx_http_postflow_lexicon_create(pool);
    if (lex == NULL) {
        return 2;
    }

    out = open_memstream(&gen, &genlen);
    if (out == NULL) {
        return 2;
    }

    fprintf(out,
            "\n/*\n"
            " * The review analyser's built-in lexicon, generated from\n"
            " * ngx_postflow_module/lexicon/ by analyze/postflow_lexc\n"
            " * (make lexicon): edit the .lex files, not this one.\n"
            " */\n\n\n"
            "static ngx_http_postflow_lexicon_file_t"
            "  ngx_http_postflow_lexicon_builtin[] = {\n\n");

    /* the rules, every file's groups, then every file's entries */
    for (pass = 0; pass < 3; pass++) {

        for (i = 2 + check; i < argc; i++) {
            if (pass == 0 && i > 2 + check) {
                break;
            }

            if (pass > 0 && i == 2 + check) {
                continue;
            }

            if (texts[i] == NULL) {
                texts[i] = read_all(argv[i], &lens[i]);
                if (texts[i] == NULL) {
                    return 2;
                }
            }

            base = strrchr(argv[i], '/');
            base = base ? base + 1 : argv[i];

            file.name.data = (u_char *) base;
            file.name.len = strlen(base);
            file.text.data = (u_char *) texts[i];
            file.text.len = lens[i];

            ngx_str_null(&err);

            if (pass == 0) {
                rc = ngx_http_postflow_lexicon_rules(lex, &file, &err);

            } else if (pass == 1) {
                rc = ngx_http_postflow_lexicon_groups(lex, &file, &err);

                if (rc == NGX_OK && i == argc - 1) {
                    rc = ngx_http_postflow_lexicon_resolve(lex, &err);
                }

            } else {
                rc = ngx_http_postflow_lexicon_add(lex, &file, 1, &err);
            }

            if (rc != NGX_OK) {
                if (err.data == NULL) {
                    fprintf(stderr, "%s: no memory\n", argv[i]);

                } else {
                    fprintf(stderr, "lexicon/%.*s\n", (int) err.len,
                            err.data);
                }

                return 1;
            }

            if (pass != 1) {
                put_file(out, base, texts[i], lens[i]);
            }
        }
    }

    fputs("    { ngx_null_string, ngx_null_string }\n};\n", out);
    fclose(out);

    fprintf(stderr, "lexicon: %u sections, %u entries, %u examples checked\n",
            (unsigned) lex->sections.nelts, (unsigned) lex->nentries,
            (unsigned) lex->examples);

    if (check) {
        old = read_all(header, &oldlen);

        if (old == NULL || oldlen != genlen || memcmp(old, gen, genlen) != 0)
        {
            fprintf(stderr, "%s is stale: run \"make lexicon\"\n", header);
            return 1;
        }

        return 0;
    }

    out = fopen(header, "wb");
    if (out == NULL || fwrite(gen, 1, genlen, out) != genlen
        || fclose(out) != 0)
    {
        perror(header);
        return 1;
    }

    ngx_shim_destroy_pool(pool);
    free(gen);

    return 0;
}
