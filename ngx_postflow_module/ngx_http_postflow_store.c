
/*
 * The shared zone: tracks indexed by upload_id and by file_id, an LRU
 * queue of tracks by activity, events waiting for their registration,
 * and the counters behind the statistics.
 *
 * The reads take the zone lock around their work and render JSON into
 * the caller's pool before unlocking, so that what a client reads is
 * one consistent state.  The changes (ngx_http_postflow_op_*()) run with
 * the zone locked by ngx_http_postflow_store_apply(); what the Frame.io
 * poller learns is applied by ngx_http_postflow_store_frameio.c.
 */


#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_json.h"


/* Frame.io sends a delivery again within its signature's tolerance */
#define NGX_HTTP_POSTFLOW_REDELIVERY    300


static void ngx_http_postflow_rbtree_insert_value(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel);
static void ngx_http_postflow_pending_insert_value(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel);
static ngx_uint_t ngx_http_postflow_version_repeated(
    ngx_http_postflow_track_t *t, ngx_http_postflow_event_t *ev, time_t now);
static ngx_int_t ngx_http_postflow_key_cmp(ngx_rbtree_node_t *a,
    ngx_rbtree_node_t *b, ngx_str_t *ka, ngx_str_t *kb);
static ngx_http_postflow_pending_t *ngx_http_postflow_lookup_pending(
    ngx_http_postflow_shctx_t *sh, ngx_str_t *file_id);
static ngx_int_t ngx_http_postflow_same(ngx_http_postflow_track_t *t,
    ngx_http_postflow_track_input_t *in);
static ngx_int_t ngx_http_postflow_learn_ids(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, ngx_pool_t *pool);
static ngx_http_postflow_track_t *ngx_http_postflow_create(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_track_input_t *in,
    time_t now);
static ngx_int_t ngx_http_postflow_remember_event(
    ngx_http_postflow_zone_t *zone, ngx_http_postflow_event_t *ev,
    time_t now, ngx_str_t *line);
static ngx_int_t ngx_http_postflow_remember(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, time_t now);
static void ngx_http_postflow_learn(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_http_postflow_event_t *ev);
static ngx_int_t ngx_http_postflow_parse_events(ngx_str_t *text,
    ngx_http_postflow_event_rec_t *events, ngx_uint_t n);
static ngx_int_t ngx_http_postflow_parse_entries(ngx_str_t *text,
    ngx_http_postflow_entry_t *entries, ngx_uint_t n);


/* NGX_DONE: a zone that exists already, and its journal is open */

ngx_int_t
ngx_http_postflow_store_init(ngx_shm_zone_t *shm_zone,
    ngx_http_postflow_zone_t *ozone)
{
    size_t                     len;
    ngx_http_postflow_zone_t  *zone;

    zone = shm_zone->data;

    if (ozone) {
        /* a reload: the tracks stay where they are */
        zone->sh = ozone->sh;
        zone->shpool = ozone->shpool;
        return NGX_OK;
    }

    zone->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        zone->sh = zone->shpool->data;
        return NGX_DONE;
    }

    zone->sh = ngx_slab_calloc(zone->shpool,
                               sizeof(ngx_http_postflow_shctx_t));
    if (zone->sh == NULL) {
        return NGX_ERROR;
    }

    zone->shpool->data = zone->sh;

    ngx_rbtree_init(&zone->sh->tracks, &zone->sh->tracks_sentinel,
                    ngx_http_postflow_rbtree_insert_value);
    ngx_rbtree_init(&zone->sh->pending, &zone->sh->pending_sentinel,
                    ngx_http_postflow_pending_insert_value);
    ngx_rbtree_init(&zone->sh->versions, &zone->sh->versions_sentinel,
                    ngx_str_rbtree_insert_value);
    ngx_queue_init(&zone->sh->lru);
    ngx_queue_init(&zone->sh->pending_queue);

    if (ngx_http_postflow_index_init(zone->shpool, &zone->sh->uploads,
                                     NGX_HTTP_POSTFLOW_S_UPLOAD_ID,
                                     offsetof(ngx_http_postflow_track_t,
                                              upload_link),
                                     shm_zone->shm.size)
        != NGX_OK
        || ngx_http_postflow_index_init(zone->shpool, &zone->sh->files,
                                        NGX_HTTP_POSTFLOW_S_FILE_ID,
                                        offsetof(ngx_http_postflow_track_t,
                                                 file_link),
                                        shm_zone->shm.size)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    len = sizeof(" in postflow_zone \"\"") + shm_zone->shm.name.len;

    zone->shpool->log_ctx = ngx_slab_alloc(zone->shpool, len);
    if (zone->shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(zone->shpool->log_ctx, " in postflow_zone \"%V\"%Z",
                &shm_zone->shm.name);

    /* a full zone is an expected state here, reported by the module */
    zone->shpool->log_nomem = 0;

    return NGX_OK;
}


/*
 * A zone whose size changed on reload is a new one: the old cycle's zone
 * of the same name still holds the tracks, for a journal that moved.
 */

ngx_http_postflow_zone_t *
ngx_http_postflow_store_old_zone(ngx_http_postflow_zone_t *zone)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_shm_zone_t   *shm;

    if (zone->cycle == NULL || zone->cycle->old_cycle == NULL) {
        return NULL;
    }

    part = &zone->cycle->old_cycle->shared_memory.part;
    shm = part->elts;

    for (i = 0; /* void */ ; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            shm = part->elts;
            i = 0;
        }

        if (shm[i].tag == zone->shm_zone->tag
            && shm[i].shm.name.len == zone->name.len
            && ngx_strncmp(shm[i].shm.name.data, zone->name.data,
                           zone->name.len) == 0
            && shm[i].data
            && ((ngx_http_postflow_zone_t *) shm[i].data)->sh)
        {
            return shm[i].data;
        }
    }
}


/* nodes are ordered by key (a crc32), then by the string itself */

static ngx_int_t
ngx_http_postflow_key_cmp(ngx_rbtree_node_t *a, ngx_rbtree_node_t *b,
    ngx_str_t *ka, ngx_str_t *kb)
{
    if (a->key != b->key) {
        return (a->key < b->key) ? -1 : 1;
    }

    return ngx_memn2cmp(ka->data, kb->data, ka->len, kb->len);
}


/*
 * Keys are compared first: the strings, in another cache line, are
 * read only when two crc32 keys are equal.
 */

static void
ngx_http_postflow_rbtree_insert_value(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel)
{
    ngx_str_t            kn[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_str_t            kt[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_rbtree_node_t  **p;

    for ( ;; ) {

        if (node->key != temp->key) {
            p = (node->key < temp->key) ? &temp->left : &temp->right;

        } else {
            ngx_http_postflow_track_strings(
                (ngx_http_postflow_track_t *) node, kn);
            ngx_http_postflow_track_strings(
                (ngx_http_postflow_track_t *) temp, kt);

            p = (ngx_memn2cmp(kn[0].data, kt[0].data, kn[0].len, kt[0].len)
                 < 0)
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
    ngx_rbt_red(node);
}


static void
ngx_http_postflow_pending_insert_value(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel)
{
    ngx_str_t                     kn, kt;
    ngx_rbtree_node_t           **p;
    ngx_http_postflow_pending_t  *pn, *pt;

    pn = (ngx_http_postflow_pending_t *) node;
    kn.data = pn->file_id;
    kn.len = pn->file_id_len;

    for ( ;; ) {
        pt = (ngx_http_postflow_pending_t *) temp;
        kt.data = pt->file_id;
        kt.len = pt->file_id_len;

        p = (ngx_http_postflow_key_cmp(node, temp, &kn, &kt) < 0)
            ? &temp->left : &temp->right;

        if (*p == sentinel) {
            break;
        }

        temp = *p;
    }

    *p = node;
    node->parent = temp;
    node->left = sentinel;
    node->right = sentinel;
    ngx_rbt_red(node);
}


static ngx_http_postflow_pending_t *
ngx_http_postflow_lookup_pending(ngx_http_postflow_shctx_t *sh,
    ngx_str_t *file_id)
{
    ngx_int_t                     rc;
    uint32_t                      hash;
    ngx_rbtree_node_t            *node, *sentinel;
    ngx_http_postflow_pending_t  *pe;

    hash = ngx_crc32_short(file_id->data, file_id->len);

    node = sh->pending.root;
    sentinel = sh->pending.sentinel;

    while (node != sentinel) {

        if (hash != node->key) {
            node = (hash < node->key) ? node->left : node->right;
            continue;
        }

        pe = (ngx_http_postflow_pending_t *) node;

        rc = ngx_memn2cmp(file_id->data, pe->file_id, file_id->len,
                          pe->file_id_len);

        if (rc == 0) {
            return pe;
        }

        node = (rc < 0) ? node->left : node->right;
    }

    return NULL;
}


void
ngx_http_postflow_touch(ngx_http_postflow_shctx_t *sh,
    ngx_http_postflow_track_t *t)
{
    ngx_queue_remove(&t->queue);
    ngx_queue_insert_head(&sh->lru, &t->queue);
}


/* the track's JSON when asked for, and what the access log shows */

ngx_int_t
ngx_http_postflow_render(ngx_http_postflow_answer_t *ans,
    ngx_http_postflow_track_t *t, ngx_uint_t json)
{
    ngx_str_t  s[NGX_HTTP_POSTFLOW_NSTRINGS];

    ngx_http_postflow_track_strings(t, s);

    ans->status = t->status;
    ans->review_status = t->review_status;

    ans->upload_id.data = ngx_pnalloc(ans->pool, s[0].len);
    if (ans->upload_id.data == NULL) {
        return NGX_ERROR;
    }

    ans->upload_id.len = s[0].len;
    ngx_memcpy(ans->upload_id.data, s[0].data, s[0].len);

    if (!json) {
        return NGX_OK;
    }

    ans->json.data = ngx_http_postflow_track_json(ans->pool, t,
                                                  &ans->json.len);

    return ans->json.data ? NGX_OK : NGX_ERROR;
}


/* optional fields given again must agree with what is registered */

static ngx_int_t
ngx_http_postflow_same(ngx_http_postflow_track_t *t,
    ngx_http_postflow_track_input_t *in)
{
    ngx_str_t   s[NGX_HTTP_POSTFLOW_NSTRINGS], *given;
    ngx_uint_t  i;

    ngx_http_postflow_track_strings(t, s);
    given = &in->upload_id;

    for (i = 0; i < NGX_HTTP_POSTFLOW_NSTRINGS; i++) {
        if (given[i].len == 0 && i != NGX_HTTP_POSTFLOW_S_FILENAME) {
            continue;
        }

        if (given[i].len != s[i].len
            || ngx_memcmp(given[i].data, s[i].data, s[i].len) != 0)
        {
            return 0;
        }
    }

    return 1;
}


static ngx_http_postflow_track_t *
ngx_http_postflow_create(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, time_t now)
{
    ngx_http_postflow_shctx_t  *sh;
    ngx_http_postflow_track_t  *t;

    sh = zone->sh;

    t = ngx_http_postflow_store_alloc(zone, sizeof(ngx_http_postflow_track_t));
    if (t == NULL) {
        return NULL;
    }

    ngx_memzero(t, sizeof(ngx_http_postflow_track_t));

    if (ngx_http_postflow_track_set_strings(zone, t, &in->upload_id)
        != NGX_OK)
    {
        ngx_slab_free_locked(zone->shpool, t);
        return NULL;
    }

    t->created_at = now;
    t->updated_at = now;
    t->node.key = ngx_crc32_short(in->upload_id.data, in->upload_id.len);

    ngx_rbtree_insert(&sh->tracks, &t->node);
    ngx_http_postflow_index_insert(&sh->uploads, t, &in->upload_id);

    if (in->file_id.len) {
        ngx_http_postflow_index_insert(&sh->files, t, &in->file_id);
        t->in_files = 1;
    }

    ngx_queue_insert_head(&sh->lru, &t->queue);
    sh->ntracks++;

    zone->changing = NULL;
    ngx_http_postflow_track_count(zone, t, 1);

    return t;
}


/*
 * The ids a registration left out, from the events its file received
 * before it.  Copied: making room for the track may drop those events.
 */

static ngx_int_t
ngx_http_postflow_learn_ids(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, ngx_pool_t *pool)
{
    u_char                       *p;
    ngx_str_t                    *ids[NGX_HTTP_POSTFLOW_PENDING_IDS];
    ngx_uint_t                    i;
    ngx_http_postflow_pending_t  *pe;

    pe = ngx_http_postflow_lookup_pending(zone->sh, &in->file_id);
    if (pe == NULL) {
        return NGX_OK;
    }

    ids[0] = &in->project_id;
    ids[1] = &in->workspace_id;
    ids[2] = &in->account_id;
    ids[3] = &in->uploader;

    p = pe->file_id + pe->file_id_len;

    for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {

        if (ids[i]->len == 0 && pe->ids_len[i]) {
            ids[i]->data = ngx_pnalloc(pool, pe->ids_len[i]);
            if (ids[i]->data == NULL) {
                return NGX_ERROR;
            }

            ids[i]->len = pe->ids_len[i];
            ngx_memcpy(ids[i]->data, p, pe->ids_len[i]);
        }

        p += pe->ids_len[i];
    }

    return NGX_OK;
}


/* a late registration takes the events its file received before it */

void
ngx_http_postflow_claim(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t)
{
    ngx_str_t                     s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t                    i;
    ngx_http_postflow_pending_t  *pe;

    ngx_http_postflow_track_strings(t, s);

    pe = ngx_http_postflow_lookup_pending(zone->sh,
                                          &s[NGX_HTTP_POSTFLOW_S_FILE_ID]);
    if (pe == NULL) {
        return;
    }

    /*
     * Out of the index first: applying an event may allocate, and the
     * eviction that makes room drops waiting events before anything.
     */

    ngx_rbtree_delete(&zone->sh->pending, &pe->node);
    ngx_queue_remove(&pe->queue);
    zone->sh->npending--;

    for (i = 0; i < pe->nevents; i++) {
        (void) ngx_http_postflow_track_event(zone, t, pe->event_type[i],
                                             pe->event_time[i]);
        ngx_atomic_fetch_add(&zone->sh->counters.unmatched_claimed, 1);
    }

    ngx_slab_free_locked(zone->shpool, pe);
}


ngx_int_t
ngx_http_postflow_op_register(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    time_t                            now;
    ngx_int_t                         rc;
    ngx_http_postflow_track_t        *t;
    ngx_http_postflow_track_input_t  *in;

    in = &op->in;
    now = ngx_http_postflow_now(zone);

    if (in->upload_id.len == 0 || in->filename.len == 0) {
        return NGX_ERROR;
    }

    ngx_http_postflow_store_expire(zone, now);

    t = ngx_http_postflow_lookup(zone->sh, &in->upload_id);

    if (t) {
        rc = ngx_http_postflow_same(t, in) ? NGX_HTTP_POSTFLOW_UNCHANGED
                                           : NGX_HTTP_POSTFLOW_CONFLICT;
        goto done;
    }

    if (in->file_id.len) {
        t = ngx_http_postflow_lookup_file(zone->sh, &in->file_id);

        if (t) {
            rc = NGX_HTTP_POSTFLOW_CONFLICT;
            goto done;
        }
    }

    if (in->file_id.len
        && ngx_http_postflow_learn_ids(zone, in, ans->pool) != NGX_OK)
    {
        return NGX_ERROR;
    }

    /* a registration the full zone refuses leaves no record */

    t = ngx_http_postflow_create(zone, in, now);

    if (t == NULL) {
        return NGX_HTTP_POSTFLOW_FULL;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        ngx_http_postflow_store_free_track(zone, t);
        return NGX_HTTP_POSTFLOW_NO_STATE;
    }

    if (in->file_id.len) {
        ngx_http_postflow_claim(zone, t);
    }

    rc = NGX_HTTP_POSTFLOW_CREATED;

done:

    if (ngx_http_postflow_render(ans, t, 1) != NGX_OK) {
        return NGX_ERROR;
    }

    return rc;
}


ngx_int_t
ngx_http_postflow_store_get(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_http_postflow_answer_t *ans)
{
    ngx_int_t                   rc;
    ngx_http_postflow_track_t  *t;

    ngx_shmtx_lock(&zone->shpool->mutex);

    t = ngx_http_postflow_lookup(zone->sh, upload_id);

    if (t == NULL || ngx_http_postflow_expired(zone, t)) {
        rc = NGX_HTTP_POSTFLOW_NOT_FOUND;

    } else {
        rc = ngx_http_postflow_render(ans, t, 1);
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return rc;
}


ngx_int_t
ngx_http_postflow_op_delete(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    ngx_http_postflow_track_t  *t;

    t = ngx_http_postflow_lookup(zone->sh, &op->in.upload_id);

    if (t == NULL) {
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        return NGX_HTTP_POSTFLOW_NO_STATE;
    }

    ngx_http_postflow_store_free_track(zone, t);

    return NGX_OK;
}


/*
 * The first track after the cursor in the index order: (crc32, string)
 * of upload_id.  A cursor that was deleted meanwhile still positions
 * the walk correctly.
 */

static ngx_rbtree_node_t *
ngx_http_postflow_first_after(ngx_http_postflow_shctx_t *sh,
    ngx_str_t *after)
{
    ngx_str_t           s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_rbtree_node_t  *node, *sentinel, *best, cursor;

    node = sh->tracks.root;
    sentinel = sh->tracks.sentinel;

    if (node == sentinel) {
        return NULL;
    }

    if (after->len == 0) {
        return ngx_rbtree_min(node, sentinel);
    }

    cursor.key = ngx_crc32_short(after->data, after->len);
    best = NULL;

    while (node != sentinel) {
        ngx_http_postflow_track_strings((ngx_http_postflow_track_t *) node,
                                        s);

        if (ngx_http_postflow_key_cmp(&cursor, node, after, &s[0]) < 0) {
            best = node;
            node = node->left;

        } else {
            node = node->right;
        }
    }

    return best;
}


ngx_int_t
ngx_http_postflow_store_list(ngx_http_postflow_zone_t *zone,
    ngx_int_t status, ngx_int_t review, ngx_uint_t limit, ngx_str_t *after,
    ngx_pool_t *pool, ngx_str_t *json)
{
    u_char                     *p;
    size_t                      len;
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS], *item, next;
    ngx_uint_t                  i;
    ngx_array_t                 items;
    ngx_rbtree_node_t          *node;
    ngx_http_postflow_track_t  *t, *last;

    if (ngx_array_init(&items, pool, limit, sizeof(ngx_str_t)) != NGX_OK) {
        return NGX_ERROR;
    }

    ngx_str_null(&next);
    last = NULL;

    ngx_shmtx_lock(&zone->shpool->mutex);

    for (node = ngx_http_postflow_first_after(zone->sh, after);
         node;
         node = ngx_rbtree_next(&zone->sh->tracks, node))
    {
        t = (ngx_http_postflow_track_t *) node;

        if ((status >= 0 && t->status != status)
            || (review >= 0 && t->review_status != review)
            || ngx_http_postflow_expired(zone, t))
        {
            continue;
        }

        if (items.nelts == limit) {
            break;
        }

        item = ngx_array_push(&items);
        if (item == NULL) {
            ngx_shmtx_unlock(&zone->shpool->mutex);
            return NGX_ERROR;
        }

        item->data = ngx_http_postflow_track_json(pool, t, &item->len);
        if (item->data == NULL) {
            ngx_shmtx_unlock(&zone->shpool->mutex);
            return NGX_ERROR;
        }

        last = t;
    }

    /* more matches follow: the last one listed is the next cursor */

    if (node && last) {
        ngx_http_postflow_track_strings(last, s);

        next.data = ngx_pnalloc(pool, s[0].len);
        if (next.data == NULL) {
            ngx_shmtx_unlock(&zone->shpool->mutex);
            return NGX_ERROR;
        }

        next.len = ngx_cpymem(next.data, s[0].data, s[0].len) - next.data;
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    item = items.elts;
    len = sizeof("{\"uploads\":[],\"count\":,\"next\":null}\n") + NGX_INT_T_LEN
          + ngx_http_postflow_json_string_size(next.data, next.len);

    for (i = 0; i < items.nelts; i++) {
        len += item[i].len + 1;
    }

    p = ngx_pnalloc(pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    json->data = p;
    p = ngx_cpymem(p, "{\"uploads\":[", sizeof("{\"uploads\":[") - 1);

    for (i = 0; i < items.nelts; i++) {
        if (i) {
            *p++ = ',';
        }

        p = ngx_cpymem(p, item[i].data, item[i].len);
    }

    p = ngx_sprintf(p, "],\"count\":%ui,\"next\":", items.nelts);

    if (next.len) {
        p = ngx_http_postflow_json_string(p, next.data, next.len);

    } else {
        p = ngx_cpymem(p, "null", 4);
    }

    *p++ = '}';
    *p++ = '\n';
    json->len = p - json->data;

    return NGX_OK;
}


/* a track learns the ids its events carry, once */

static void
ngx_http_postflow_learn(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_http_postflow_event_t *ev)
{
    ngx_str_t   s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t  learnt;

    ngx_http_postflow_track_strings(t, s);

    learnt = 0;

    if (s[NGX_HTTP_POSTFLOW_S_PROJECT_ID].len == 0 && ev->project_id.len) {
        s[NGX_HTTP_POSTFLOW_S_PROJECT_ID] = ev->project_id;
        learnt = 1;
    }

    if (s[NGX_HTTP_POSTFLOW_S_WORKSPACE_ID].len == 0
        && ev->workspace_id.len)
    {
        s[NGX_HTTP_POSTFLOW_S_WORKSPACE_ID] = ev->workspace_id;
        learnt = 1;
    }

    if (s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].len == 0 && ev->account_id.len) {
        s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID] = ev->account_id;
        learnt = 1;
    }

    if (s[NGX_HTTP_POSTFLOW_S_UPLOADER].len == 0
        && ngx_http_postflow_event_uploader(ev))
    {
        s[NGX_HTTP_POSTFLOW_S_UPLOADER] = ev->user_id;
        learnt = 1;
    }

    /* a full zone only delays the learning to a later event */

    if (learnt) {
        (void) ngx_http_postflow_track_set_strings(zone, t, s);
    }
}


static ngx_int_t
ngx_http_postflow_remember(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, time_t now)
{
    u_char                       *p;
    size_t                        size;
    ngx_str_t                    *ids[NGX_HTTP_POSTFLOW_PENDING_IDS], uploader;
    ngx_uint_t                    i;
    ngx_http_postflow_shctx_t    *sh;
    ngx_http_postflow_pending_t  *pe;

    sh = zone->sh;

    pe = ngx_http_postflow_lookup_pending(sh, &ev->resource_id);

    if (pe == NULL) {
        ngx_str_null(&uploader);

        if (ngx_http_postflow_event_uploader(ev)) {
            uploader = ev->user_id;
        }

        ids[0] = &ev->project_id;
        ids[1] = &ev->workspace_id;
        ids[2] = &ev->account_id;
        ids[3] = &uploader;

        size = sizeof(ngx_http_postflow_pending_t) + ev->resource_id.len;

        for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {
            size += ngx_min(ids[i]->len, NGX_HTTP_POSTFLOW_ID_MAX);
        }

        pe = ngx_slab_alloc_locked(zone->shpool, size);
        if (pe == NULL) {
            return NGX_HTTP_POSTFLOW_FULL;
        }

        ngx_memzero(pe, sizeof(ngx_http_postflow_pending_t));

        pe->first_seen = now;
        pe->file_id_len = (uint16_t) ev->resource_id.len;
        p = ngx_cpymem(pe->file_id, ev->resource_id.data,
                       ev->resource_id.len);

        for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {
            pe->ids_len[i] = (uint8_t) ngx_min(ids[i]->len,
                                               NGX_HTTP_POSTFLOW_ID_MAX);

            if (pe->ids_len[i]) {
                p = ngx_cpymem(p, ids[i]->data, pe->ids_len[i]);
            }
        }
        pe->node.key = ngx_crc32_short(ev->resource_id.data,
                                       ev->resource_id.len);

        ngx_rbtree_insert(&sh->pending, &pe->node);
        ngx_queue_insert_head(&sh->pending_queue, &pe->queue);
        sh->npending++;
    }

    for (i = 0; i < pe->nevents; i++) {
        if (pe->event_type[i] == ev->type_index) {
            return NGX_HTTP_POSTFLOW_DUPLICATE;
        }
    }

    if (pe->nevents == NGX_HTTP_POSTFLOW_PENDING_MAX) {
        return NGX_HTTP_POSTFLOW_FULL;
    }

    pe->event_type[pe->nevents] = (uint8_t) ev->type_index;
    pe->event_time[pe->nevents] = (uint32_t) now;
    pe->nevents++;

    return NGX_HTTP_POSTFLOW_QUEUED;
}


/*
 * An event for a file no track knows, kept for a later registration,
 * and recorded only then: neither a repetition nor one the full zone
 * refuses leaves a record.
 */

static ngx_int_t
ngx_http_postflow_remember_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_event_t *ev, time_t now, ngx_str_t *line)
{
    ngx_int_t                     rc;
    ngx_http_postflow_pending_t  *pe;

    rc = ngx_http_postflow_remember(zone, ev, now);

    if (rc != NGX_HTTP_POSTFLOW_QUEUED
        || ngx_http_postflow_journal_append(&zone->journal, line) == NGX_OK)
    {
        return rc;
    }

    /* not written: take the event back out */

    pe = ngx_http_postflow_lookup_pending(zone->sh, &ev->resource_id);

    if (--pe->nevents == 0) {
        ngx_http_postflow_store_free_pending(zone, pe);
    }

    return NGX_HTTP_POSTFLOW_NO_STATE;
}


/*
 * A verified event.  File events route by file_id; an unknown file's
 * events wait for a registration naming it.
 */

ngx_int_t
ngx_http_postflow_op_event(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    time_t                       now;
    ngx_int_t                    rc;
    ngx_http_postflow_event_t    ev;
    ngx_http_postflow_track_t   *t;
    ngx_http_postflow_effect_e   effect;

    ev = op->event;
    ev.resource_id = op->in.file_id;
    ev.project_id = op->in.project_id;
    ev.workspace_id = op->in.workspace_id;
    ev.account_id = op->in.account_id;

    if (!ngx_http_postflow_event_changes_track(&ev)) {
        return NGX_HTTP_POSTFLOW_IGNORED;
    }

    effect = ngx_http_postflow_event_types[ev.type_index].effect;
    now = ngx_http_postflow_now(zone);

    ngx_http_postflow_store_expire(zone, now);

    t = ngx_http_postflow_lookup_file(zone->sh, &ev.resource_id);

    if (t == NULL) {
        return ngx_http_postflow_remember_event(zone, &ev, now, line);
    }

    /*
     * What the event will do is decided, and the room it needs taken,
     * before it is recorded: a delivery the full zone refuses leaves no
     * record, and a replay, finding the same track, decides the same.
     */

    if (effect == NGX_HTTP_POSTFLOW_EFFECT_VERSION
        && ngx_http_postflow_version_repeated(t, &ev, now))
    {
        rc = NGX_HTTP_POSTFLOW_DUPLICATE;

    } else if (effect == NGX_HTTP_POSTFLOW_EFFECT_VERSION
               && ngx_http_postflow_track_reserve_entry(zone, t) != NGX_OK)
    {
        return NGX_HTTP_POSTFLOW_FULL;

    } else if (ngx_http_postflow_journal_append(&zone->journal, line)
               != NGX_OK)
    {
        return NGX_HTTP_POSTFLOW_NO_STATE;

    } else {
        rc = ngx_http_postflow_track_event(zone, t, ev.type_index, now);
    }

    if (rc == NGX_HTTP_POSTFLOW_FULL) {
        return rc;
    }

    if (effect == NGX_HTTP_POSTFLOW_EFFECT_VERSION
        && rc == NGX_HTTP_POSTFLOW_APPLIED)
    {
        t->version_delivery = ev.delivery;
        t->version_time = (uint32_t) now;
    }

    if (rc != NGX_HTTP_POSTFLOW_DUPLICATE) {
        ngx_http_postflow_learn(zone, t, &ev);
        ngx_http_postflow_touch(zone->sh, t);
    }

    if (ngx_http_postflow_render(ans, t, 0) != NGX_OK) {
        return NGX_ERROR;
    }

    return rc;
}


/*
 * A new version goes back to review however often it comes, but the
 * same delivery again within the signature's tolerance is Frame.io
 * retrying it, not another version.
 */

static ngx_uint_t
ngx_http_postflow_version_repeated(ngx_http_postflow_track_t *t,
    ngx_http_postflow_event_t *ev, time_t now)
{
    return ev->delivery
           && t->version_delivery == ev->delivery
           && (uint32_t) now - t->version_time
              < NGX_HTTP_POSTFLOW_REDELIVERY;
}


/*
 * A comment from any source.  A comment_id seen before is not counted
 * twice: Frame.io and the poller may both report the same comment.
 */

ngx_int_t
ngx_http_postflow_op_comment(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    uint32_t                    hash;
    ngx_int_t                   rc;
    ngx_http_postflow_entry_t   entry;
    ngx_http_postflow_track_t  *t;

    hash = op->comment_id.len ? ngx_crc32_long(op->comment_id.data,
                                               op->comment_id.len)
                              : 0;

    t = ngx_http_postflow_lookup(zone->sh, &op->in.upload_id);

    if (t == NULL) {
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    if (hash && ngx_http_postflow_track_find_entry(t, hash)) {
        rc = NGX_HTTP_POSTFLOW_DUPLICATE;
        goto done;
    }

    /* nor does a comment it has no room for */

    if (ngx_http_postflow_track_reserve_entry(zone, t) != NGX_OK) {
        rc = NGX_HTTP_POSTFLOW_FULL;
        goto done;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        rc = NGX_HTTP_POSTFLOW_NO_STATE;
        goto done;
    }

    ngx_http_postflow_entry_from_analysis(&entry, &op->analysis, hash);

    /* the record has the author and role: a replay decides the same */

    if (ngx_http_postflow_track_by_editor(t, &op->role, &op->author)) {
        entry.flags |= NGX_HTTP_POSTFLOW_ENTRY_EDITOR;
    }

    ngx_http_postflow_track_count(zone, t, -1);

    if (ngx_http_postflow_track_add_entry(zone, t, &entry) == NGX_OK) {
        t->comments_count++;
        t->updated_at = ngx_http_postflow_now(zone);
        ngx_http_postflow_touch(zone->sh, t);
        rc = NGX_HTTP_POSTFLOW_APPLIED;

        /* without room for its excerpt, the comment still counts */

        if (op->in.excerpt.len) {
            (void) ngx_http_postflow_track_set_excerpt(zone, t,
                                                       &op->in.excerpt,
                                                       &op->author,
                                                       op->analysis.verdict);
        }

    } else {
        rc = NGX_HTTP_POSTFLOW_FULL;
    }

    ngx_http_postflow_track_count(zone, t, 1);

done:

    if (ngx_http_postflow_render(ans, t, 1) != NGX_OK) {
        rc = NGX_ERROR;
    }

    return rc;
}


/* "file.ready@1732270000,..." into at most n records */

static ngx_int_t
ngx_http_postflow_parse_events(ngx_str_t *text,
    ngx_http_postflow_event_rec_t *events, ngx_uint_t n)
{
    u_char      *p, *last, *at, *end;
    time_t       time;
    ngx_int_t    type;
    ngx_str_t    name;
    ngx_uint_t   i;

    if (text->len == 0) {
        return 0;
    }

    p = text->data;
    last = p + text->len;

    for (i = 0; p < last; i++, p = end + 1) {
        end = ngx_strlchr(p, last, ',');
        end = end ? end : last;
        at = ngx_strlchr(p, end, '@');

        if (i == n || at == NULL) {
            return NGX_ERROR;
        }

        name.data = p;
        name.len = at - p;
        type = ngx_http_postflow_event_type_find(&name);
        time = ngx_atotm(at + 1, end - at - 1);

        if (type < 0 || time == NGX_ERROR) {
            return NGX_ERROR;
        }

        events[i].type = (uint16_t) type;
        events[i].time = (uint32_t) time;
    }

    return i;
}


/* "hash:verdict:flags:positives:negatives,..." */

static ngx_int_t
ngx_http_postflow_parse_entries(ngx_str_t *text,
    ngx_http_postflow_entry_t *entries, ngx_uint_t n)
{
    u_char      *p, *last, *end, *colon;
    ngx_int_t    v[5];
    ngx_uint_t   i, k;

    if (text->len == 0) {
        return 0;
    }

    p = text->data;
    last = p + text->len;

    for (i = 0; p < last; i++, p = end + 1) {
        end = ngx_strlchr(p, last, ',');
        end = end ? end : last;

        if (i == n) {
            return NGX_ERROR;
        }

        for (k = 0; k < 5; k++, p = colon + 1) {
            colon = (k < 4) ? ngx_strlchr(p, end, ':') : end;

            if (colon == NULL) {
                return NGX_ERROR;
            }

            v[k] = ngx_atoi(p, colon - p);

            if (v[k] == NGX_ERROR || (k && v[k] > 0xffff)) {
                return NGX_ERROR;
            }
        }

        if (v[1] > NGX_HTTP_POSTFLOW_VERDICT_CHANGES || v[2] > 0xff) {
            return NGX_ERROR;
        }

        entries[i].id_hash = (uint32_t) v[0];
        entries[i].verdict = (uint8_t) v[1];
        entries[i].flags = (uint8_t) v[2];
        entries[i].positives = (uint16_t) v[3];
        entries[i].negatives = (uint16_t) v[4];
    }

    return i;
}


/* a track as a journal snapshot describes it */

ngx_int_t
ngx_http_postflow_op_track(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    u_char                         *at;
    ngx_int_t                       nevents, nentries, i, rc, label;
    ngx_int_t                       delivery, delivered;
    ngx_str_t                      *version;
    ngx_http_postflow_track_t      *t;
    ngx_http_postflow_entry_t       entry[NGX_HTTP_POSTFLOW_COMMENTS_MAX];
    ngx_http_postflow_event_rec_t   event[NGX_HTTP_POSTFLOW_EVENTS_MAX];

    nevents = ngx_http_postflow_parse_events(&op->events, event,
                                             NGX_HTTP_POSTFLOW_EVENTS_MAX);
    nentries = ngx_http_postflow_parse_entries(&op->entries, entry,
                                               NGX_HTTP_POSTFLOW_COMMENTS_MAX);
    label = ngx_atoi(op->label.data, op->label.len);
    version = &op->version;

    /* "delivery@time" of the last new version, for its repetitions */

    delivery = 0;
    delivered = 0;

    if (version->len) {
        at = ngx_strlchr(version->data, version->data + version->len, '@');

        if (at == NULL) {
            return NGX_ERROR;
        }

        delivery = ngx_atoi(version->data, at - version->data);
        delivered = ngx_atoi(at + 1, version->data + version->len - at - 1);
    }

    if (op->in.upload_id.len == 0 || op->in.filename.len == 0
        || delivery == NGX_ERROR || delivered == NGX_ERROR
        || delivery > 0xffffffff || delivered > 0xffffffff
        || op->created == NGX_ERROR || nevents == NGX_ERROR
        || nentries == NGX_ERROR || op->comments < 0
        || op->stage < NGX_HTTP_POSTFLOW_REGISTERED
        || op->stage > NGX_HTTP_POSTFLOW_DELETED
        || op->stage == NGX_HTTP_POSTFLOW_COMPLETED
        || label < NGX_HTTP_POSTFLOW_LABEL_NONE
        || label > NGX_HTTP_POSTFLOW_LABEL_APPROVED)
    {
        return NGX_ERROR;
    }

    if (ngx_http_postflow_lookup(zone->sh, &op->in.upload_id)
        || (op->in.file_id.len
            && ngx_http_postflow_lookup_file(zone->sh, &op->in.file_id)))
    {
        return NGX_ERROR;
    }

    t = ngx_http_postflow_create(zone, &op->in, op->created);

    if (t == NULL || ngx_http_postflow_versions_index(zone, t) != NGX_OK) {
        return NGX_ERROR;
    }

    ngx_http_postflow_track_count(zone, t, -1);

    t->updated_at = op->time;
    t->stage = (uint8_t) op->stage;
    t->label = (uint8_t) label;
    t->excerpt_verdict = (uint8_t) op->analysis.verdict;
    t->comments_count = (uint32_t) op->comments;
    t->version_delivery = (uint32_t) delivery;
    t->version_time = (uint32_t) delivered;

    for (i = 0; i < nevents; i++) {
        ngx_http_postflow_track_record(t, event[i].type, event[i].time);
    }

    rc = NGX_OK;

    for (i = 0; i < nentries && rc == NGX_OK; i++) {
        rc = ngx_http_postflow_track_add_entry(zone, t, &entry[i]);
    }

    ngx_http_postflow_track_review(zone, t);
    ngx_http_postflow_track_count(zone, t, 1);

    return rc;
}


/*
 * A "thread" record: the comments of a track as the poller left them.
 * A track gone since (expired, evicted) has nothing to restore.
 */

ngx_int_t
ngx_http_postflow_op_thread(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    ngx_int_t                   nentries, i, rc;
    ngx_http_postflow_track_t  *t;
    ngx_http_postflow_entry_t   entry[NGX_HTTP_POSTFLOW_COMMENTS_MAX];

    nentries = ngx_http_postflow_parse_entries(&op->entries, entry,
                                               NGX_HTTP_POSTFLOW_COMMENTS_MAX);

    if (op->in.upload_id.len == 0 || nentries == NGX_ERROR
        || op->comments < 0)
    {
        return NGX_ERROR;
    }

    t = ngx_http_postflow_lookup(zone->sh, &op->in.upload_id);

    if (t == NULL) {
        return NGX_OK;
    }

    ngx_http_postflow_track_count(zone, t, -1);

    t->nentries = 0;
    t->comments_count = (uint32_t) op->comments;
    t->updated_at = ngx_http_postflow_now(zone);

    rc = NGX_OK;

    for (i = 0; i < nentries && rc == NGX_OK; i++) {
        rc = ngx_http_postflow_track_add_entry(zone, t, &entry[i]);
    }

    if (op->in.excerpt.len) {
        (void) ngx_http_postflow_track_set_excerpt(zone, t, &op->in.excerpt,
                                                   &op->in.excerpt_author,
                                                   op->analysis.verdict);
    }

    ngx_http_postflow_track_review(zone, t);
    ngx_http_postflow_touch(zone->sh, t);
    ngx_http_postflow_track_count(zone, t, 1);

    return rc;
}


/* a file's waiting events as a journal snapshot describes them */

ngx_int_t
ngx_http_postflow_op_pending(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    ngx_int_t                      n, i, rc;
    ngx_http_postflow_event_t      ev;
    ngx_http_postflow_event_rec_t  event[NGX_HTTP_POSTFLOW_PENDING_MAX];

    n = ngx_http_postflow_parse_events(&op->events, event,
                                       NGX_HTTP_POSTFLOW_PENDING_MAX);

    if (n == NGX_ERROR || op->in.file_id.len == 0) {
        return NGX_ERROR;
    }

    ngx_memzero(&ev, sizeof(ngx_http_postflow_event_t));
    ev.resource_id = op->in.file_id;
    ev.project_id = op->in.project_id;
    ev.workspace_id = op->in.workspace_id;
    ev.account_id = op->in.account_id;
    ev.user_id = op->in.uploader;

    rc = NGX_OK;

    /* the uploader came with the first event, which names one */

    for (i = 0; i < n && rc == NGX_OK; i++) {
        ev.type_index = event[i].type;

        if (ngx_http_postflow_remember(zone, &ev, event[i].time)
            == NGX_HTTP_POSTFLOW_FULL)
        {
            rc = NGX_ERROR;
        }
    }

    return rc;
}


/* a track by any of its files: the current one, or an earlier version */

ngx_http_postflow_track_t *
ngx_http_postflow_lookup_file(ngx_http_postflow_shctx_t *sh,
    ngx_str_t *file_id)
{
    uint32_t                      hash;
    ngx_http_postflow_track_t    *t;
    ngx_http_postflow_version_t  *v;

    t = ngx_http_postflow_index_find(&sh->files, file_id);

    if (t || sh->versions.root == sh->versions.sentinel) {
        return t;
    }

    hash = ngx_crc32_short(file_id->data, file_id->len);

    v = (ngx_http_postflow_version_t *)
            ngx_str_rbtree_lookup(&sh->versions, file_id, hash);

    return v ? v->track : NULL;
}


/*
 * A track's earlier versions into the versions tree, those not there
 * yet; NGX_ERROR: the zone is full.  ngx_http_postflow_store_free_track()
 * takes them out.
 */

ngx_int_t
ngx_http_postflow_versions_index(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t)
{
    u_char                       *p, *last;
    uint32_t                      hash;
    ngx_str_t                     s[NGX_HTTP_POSTFLOW_NSTRINGS], id;
    ngx_http_postflow_version_t  *v;

    ngx_http_postflow_track_strings(t, s);

    p = s[NGX_HTTP_POSTFLOW_S_VERSIONS].data;
    last = p + s[NGX_HTTP_POSTFLOW_S_VERSIONS].len;

    while (ngx_http_postflow_version_next(&p, last, &id)) {
        hash = ngx_crc32_short(id.data, id.len);

        if (id.len == 0
            || ngx_str_rbtree_lookup(&zone->sh->versions, &id, hash))
        {
            continue;
        }

        zone->pinned = t;
        v = ngx_http_postflow_store_alloc(zone,
                                      sizeof(ngx_http_postflow_version_t)
                                      + id.len);
        zone->pinned = NULL;

        if (v == NULL) {
            return NGX_ERROR;
        }

        /* the blob may have moved: the id is copied from the node */

        ngx_memcpy(v->file_id, id.data, id.len);

        v->track = t;
        v->sn.str.data = v->file_id;
        v->sn.str.len = id.len;
        v->sn.node.key = hash;

        ngx_rbtree_insert(&zone->sh->versions, &v->sn.node);
    }

    return NGX_OK;
}
