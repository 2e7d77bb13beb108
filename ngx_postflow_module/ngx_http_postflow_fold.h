
/*
 * ngx_postflow: how the review analyser folds a character (lowercase,
 * accents and marks dropped, typographic punctuation made plain), for
 * the text it reads and the lexicon it reads it with.
 */


#ifndef _NGX_HTTP_POSTFLOW_FOLD_H_INCLUDED_
#define _NGX_HTTP_POSTFLOW_FOLD_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>


#define NGX_HTTP_POSTFLOW_INVALID        0xffffffff


/*
 * Strict UTF-8: shortest forms only, no surrogates, nothing above
 * U+10FFFF.  An invalid byte is consumed alone so that the next one
 * gets its chance.
 */
static ngx_inline uint32_t
ngx_http_postflow_fold_decode(u_char **pp, u_char *last)
{
    u_char    *p;
    size_t     n, i;
    uint32_t   c, min;

    p = *pp;
    c = *p;

    *pp = p + 1;

    if (c < 0x80) {
        return c;
    }

    if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        c &= 0x1f;
        min = 0x80;

    } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        c &= 0x0f;
        min = 0x800;

    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        c &= 0x07;
        min = 0x10000;

    } else {
        return NGX_HTTP_POSTFLOW_INVALID;
    }

    if ((size_t) (last - p) <= n) {
        return NGX_HTTP_POSTFLOW_INVALID;
    }

    for (i = 1; i <= n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return NGX_HTTP_POSTFLOW_INVALID;
        }

        c = (c << 6) | (p[i] & 0x3f);
    }

    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        return NGX_HTTP_POSTFLOW_INVALID;
    }

    *pp = p + n + 1;

    return c;
}


/*
 * Latin-1 Supplement and Latin Extended-A (U+00C0..U+017F) without
 * their accents: '#' marks the letters that fold to two, '=' those
 * kept as they are (multiplication and division signs).
 */
static const char  ngx_http_postflow_latin[] =
    "aaaaaa#ceeeeiiiidnooooo=ouuuuy##aaaaaa#ceeeeiiiidnooooo=ouuuuy#y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkkllllllllll"
    "nnnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";



static ngx_inline u_char *
ngx_http_postflow_fold_char(u_char *d, uint32_t c)
{
    char  f;

    if (c < 0x80) {
        *d++ = (u_char) ((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
        return d;
    }

    if (c >= 0xc0 && c <= 0x17f) {
        f = ngx_http_postflow_latin[c - 0xc0];

        if (f != '#' && f != '=') {
            *d++ = (u_char) f;
            return d;
        }

        if (f == '#') {
            switch (c) {
            case 0xc6: case 0xe6: *d++ = 'a'; *d++ = 'e'; return d;
            case 0xde: case 0xfe: *d++ = 't'; *d++ = 'h'; return d;
            case 0xdf: *d++ = 's'; *d++ = 's'; return d;
            case 0x132: case 0x133: *d++ = 'i'; *d++ = 'j'; return d;
            default: *d++ = 'o'; *d++ = 'e'; return d;  /* oe ligature */
            }
        }
    }

    /* combining marks, variation selectors, skin tones, joiners */
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff)
        || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff)
        || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xfe20 && c <= 0xfe2f)
        || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0x200b && c <= 0x200d)
        || c == 0xfeff || c == 0xad || (c >= 0xe0100 && c <= 0xe01ef))
    {
        return d;
    }

    switch (c) {

    case 0x2018: case 0x2019: case 0x201b: case 0x2032: case 0x02bc:
    case 0xb4: case 0x60:
        *d++ = '\'';
        return d;

    case 0x201c: case 0x201d: case 0x201e: case 0xab: case 0xbb:
    case 0x2039: case 0x203a:
        *d++ = '"';
        return d;

    case 0x2010: case 0x2011:
        *d++ = '-';
        return d;

    /* a dash between words separates clauses like a comma */
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        *d++ = ',';
        return d;

    case 0x2026:
        *d++ = '.';
        return d;

    case 0xff1f:
        *d++ = '?';
        return d;
    }

    if (c < 0x800) {
        *d++ = (u_char) (0xc0 | (c >> 6));
        *d++ = (u_char) (0x80 | (c & 0x3f));

    } else if (c < 0x10000) {
        *d++ = (u_char) (0xe0 | (c >> 12));
        *d++ = (u_char) (0x80 | ((c >> 6) & 0x3f));
        *d++ = (u_char) (0x80 | (c & 0x3f));

    } else {
        *d++ = (u_char) (0xf0 | (c >> 18));
        *d++ = (u_char) (0x80 | ((c >> 12) & 0x3f));
        *d++ = (u_char) (0x80 | ((c >> 6) & 0x3f));
        *d++ = (u_char) (0x80 | (c & 0x3f));
    }

    return d;
}


#endif /* _NGX_HTTP_POSTFLOW_FOLD_H_INCLUDED_ */
