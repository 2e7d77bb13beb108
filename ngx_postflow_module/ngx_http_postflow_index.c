
/*
 * Hash indexes of the tracks, by upload_id and by file_id.
 *
 * A red-black tree over 100,000 tracks is 17-20 levels deep, and every
 * level is another track somewhere in the zone: a cache and TLB miss per
 * level, which dominated webhooks and GETs.  A bucket array sized for
 * what the zone can hold keeps a chain about one track long, so a lookup
 * reads a bucket and then, mostly, the track it wants.  A track's hash is
 * kept in its link: the strings, in another allocation, are read only
 * when the hashes agree.
 */


#include "ngx_http_postflow_store.h"


/* zone bytes a track takes (track, strings blob) when the zone is full */
#define NGX_HTTP_POSTFLOW_INDEX_BYTES_PER_TRACK  512
#define NGX_HTTP_POSTFLOW_INDEX_MIN_BUCKETS      64


#define ngx_http_postflow_index_track(ix, link)                              \
    ((ngx_http_postflow_track_t *) ((u_char *) (link) - (ix)->offset))


static ngx_int_t ngx_http_postflow_index_match(ngx_http_postflow_index_t *ix,
    ngx_http_postflow_link_t *link, uint32_t hash, ngx_str_t *key);


/*
 * As many buckets as the zone holds tracks, rounded down to a power of
 * two: 1 MiB of buckets per index for a 64 MiB zone.
 */

ngx_int_t
ngx_http_postflow_index_init(ngx_slab_pool_t *shpool,
    ngx_http_postflow_index_t *ix, ngx_uint_t string, size_t offset,
    size_t zone_size)
{
    ngx_uint_t  n, tracks;

    tracks = zone_size / NGX_HTTP_POSTFLOW_INDEX_BYTES_PER_TRACK;

    for (n = NGX_HTTP_POSTFLOW_INDEX_MIN_BUCKETS; n * 2 <= tracks; n *= 2) {
        /* void */
    }

    ix->buckets = ngx_slab_calloc(shpool,
                                  n * sizeof(ngx_http_postflow_link_t *));
    if (ix->buckets == NULL) {
        return NGX_ERROR;
    }

    ix->mask = n - 1;
    ix->string = string;
    ix->offset = offset;

    return NGX_OK;
}


ngx_http_postflow_track_t *
ngx_http_postflow_index_find(ngx_http_postflow_index_t *ix, ngx_str_t *key)
{
    uint32_t                   hash;
    ngx_http_postflow_link_t  *link;

    hash = ngx_crc32_short(key->data, key->len);

    for (link = ix->buckets[hash & ix->mask]; link; link = link->next) {
        if (ngx_http_postflow_index_match(ix, link, hash, key)) {
            return ngx_http_postflow_index_track(ix, link);
        }
    }

    return NULL;
}


static ngx_int_t
ngx_http_postflow_index_match(ngx_http_postflow_index_t *ix,
    ngx_http_postflow_link_t *link, uint32_t hash, ngx_str_t *key)
{
    ngx_str_t  s[NGX_HTTP_POSTFLOW_NSTRINGS];

    if (link->hash != hash) {
        return 0;
    }

    ngx_http_postflow_track_strings(ngx_http_postflow_index_track(ix, link),
                                    s);

    return s[ix->string].len == key->len
           && ngx_memcmp(s[ix->string].data, key->data, key->len) == 0;
}


/* the caller has checked that no track holds the key yet */

void
ngx_http_postflow_index_insert(ngx_http_postflow_index_t *ix,
    ngx_http_postflow_track_t *t, ngx_str_t *key)
{
    ngx_http_postflow_link_t  *link, **bucket;

    link = (ngx_http_postflow_link_t *) ((u_char *) t + ix->offset);
    link->hash = ngx_crc32_short(key->data, key->len);

    bucket = &ix->buckets[link->hash & ix->mask];

    link->next = *bucket;
    *bucket = link;
}


void
ngx_http_postflow_index_delete(ngx_http_postflow_index_t *ix,
    ngx_http_postflow_track_t *t)
{
    ngx_http_postflow_link_t  *link, **p;

    link = (ngx_http_postflow_link_t *) ((u_char *) t + ix->offset);

    for (p = &ix->buckets[link->hash & ix->mask]; *p; p = &(*p)->next) {
        if (*p == link) {
            *p = link->next;
            return;
        }
    }
}
