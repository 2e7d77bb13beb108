
/*
 * What the Frame.io poller learns, applied to the tracks: comments and
 * whole threads read from the API, files routed to a track by their
 * name, legacy labels; and the lists of tracks the poller works on.
 *
 * One function per kind of result.  A track being changed is taken out
 * of the LRU queue while it may allocate, so that the eviction the
 * allocation may cause never picks it, and goes back at its head as the
 * most recently active.
 */


#include "ngx_http_postflow_store.h"


typedef ngx_uint_t (*ngx_http_postflow_track_filter_pt)(
    ngx_http_postflow_track_t *t);


static ngx_int_t ngx_http_postflow_fio_entry(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_http_postflow_fio_comment_t *c,
    ngx_uint_t listed, time_t now);
static ngx_int_t ngx_http_postflow_fio_same_entry(
    ngx_http_postflow_entry_t *e, ngx_http_postflow_fio_comment_t *c);
static ngx_uint_t ngx_http_postflow_is_unrouted(ngx_http_postflow_track_t *t);
static ngx_int_t ngx_http_postflow_store_refs(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_uint_t max,
    ngx_http_postflow_track_filter_pt filter);


/*
 * A comment read from the API: added to the thread of the track of its
 * file, or, already there, updated when its analysis or completion
 * changed (an edit).  A deleted comment is not brought back.
 * NGX_HTTP_POSTFLOW_CREATED, _APPLIED (updated), _UNCHANGED, _NOT_FOUND
 * (no track has this file), _FULL.
 */

ngx_int_t
ngx_http_postflow_store_fio_comment(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id, ngx_http_postflow_fio_comment_t *c,
    ngx_http_postflow_answer_t *ans)
{
    ngx_int_t                   rc;
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t                  listed;
    ngx_http_postflow_track_t  *t;

    ngx_shmtx_lock(&zone->shpool->mutex);

    t = ngx_http_postflow_lookup_file(zone->sh, file_id);

    if (t == NULL) {
        ngx_shmtx_unlock(&zone->shpool->mutex);
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    /* a comment on an earlier version is not in the current listing */

    ngx_http_postflow_track_strings(t, s);

    listed = (s[NGX_HTTP_POSTFLOW_S_FILE_ID].len == file_id->len
              && ngx_memcmp(s[NGX_HTTP_POSTFLOW_S_FILE_ID].data,
                            file_id->data, file_id->len) == 0);

    rc = ngx_http_postflow_fio_entry(zone, t, c, listed,
                                     ngx_http_postflow_now(zone));

    if (rc == NGX_HTTP_POSTFLOW_CREATED || rc == NGX_HTTP_POSTFLOW_APPLIED) {
        ngx_http_postflow_record_thread(zone, t, ans->pool);
    }

    if (ngx_http_postflow_render(ans, t, 0) != NGX_OK) {
        rc = NGX_ERROR;
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return rc;
}


/*
 * One comment into a track's thread; the zone is locked.  Listed: the
 * comment is on the track's current file, whose listing a poll reads
 * as complete.
 */

static ngx_int_t
ngx_http_postflow_fio_entry(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_http_postflow_fio_comment_t *c,
    ngx_uint_t listed, time_t now)
{
    ngx_int_t                   rc;
    ngx_str_t                   role;
    ngx_http_postflow_entry_t   entry, *e;

    e = ngx_http_postflow_track_find_entry(t, c->entry.id_hash);

    if (e && (e->flags & NGX_HTTP_POSTFLOW_ENTRY_DELETED)) {
        return NGX_HTTP_POSTFLOW_UNCHANGED;
    }

    if (e && ngx_http_postflow_fio_same_entry(e, c)) {
        return NGX_HTTP_POSTFLOW_UNCHANGED;
    }

    ngx_http_postflow_track_count(zone, t, -1);
    ngx_queue_remove(&t->queue);

    if (e) {
        e->verdict = c->entry.verdict;
        e->positives = c->entry.positives;
        e->negatives = c->entry.negatives;
        e->flags = (e->flags & ~NGX_HTTP_POSTFLOW_ENTRY_ANALYSIS)
                   | (c->entry.flags & NGX_HTTP_POSTFLOW_ENTRY_ANALYSIS)
                   | (listed ? NGX_HTTP_POSTFLOW_ENTRY_FRAMEIO : 0);

        if (c->completed == 1) {
            e->flags |= NGX_HTTP_POSTFLOW_ENTRY_COMPLETED;

        } else if (c->completed == 0) {
            e->flags &= ~NGX_HTTP_POSTFLOW_ENTRY_COMPLETED;
        }

        ngx_http_postflow_track_review(zone, t);
        rc = NGX_HTTP_POSTFLOW_APPLIED;

    } else {
        entry = c->entry;

        if (listed) {
            entry.flags |= NGX_HTTP_POSTFLOW_ENTRY_FRAMEIO;
        }

        if (c->completed == 1) {
            entry.flags |= NGX_HTTP_POSTFLOW_ENTRY_COMPLETED;
        }

        ngx_str_null(&role);

        if (ngx_http_postflow_track_by_editor(t, &role, &c->author)) {
            entry.flags |= NGX_HTTP_POSTFLOW_ENTRY_EDITOR;
        }

        if (ngx_http_postflow_track_add_entry(zone, t, &entry) == NGX_OK) {
            t->comments_count++;
            rc = NGX_HTTP_POSTFLOW_CREATED;

        } else {
            rc = NGX_HTTP_POSTFLOW_FULL;
        }
    }

    /*
     * the latest comment's excerpt before the change is counted, which
     * its notification quotes; a listing is in thread order, so the last
     * new or edited comment's stays
     */

    if (rc != NGX_HTTP_POSTFLOW_FULL) {
        t->updated_at = now;
        (void) ngx_http_postflow_track_set_excerpt(zone, t, &c->excerpt,
                                                   &c->author,
                                                   c->entry.verdict);
    }

    ngx_queue_insert_head(&zone->sh->lru, &t->queue);
    ngx_http_postflow_track_count(zone, t, 1);

    return rc;
}


static ngx_int_t
ngx_http_postflow_fio_same_entry(ngx_http_postflow_entry_t *e,
    ngx_http_postflow_fio_comment_t *c)
{
    ngx_uint_t  completed;

    if (e->verdict != c->entry.verdict
        || e->positives != c->entry.positives
        || e->negatives != c->entry.negatives
        || (e->flags & NGX_HTTP_POSTFLOW_ENTRY_ANALYSIS)
           != (c->entry.flags & NGX_HTTP_POSTFLOW_ENTRY_ANALYSIS))
    {
        return 0;
    }

    completed = (e->flags & NGX_HTTP_POSTFLOW_ENTRY_COMPLETED) ? 1 : 0;

    return c->completed < 0 || (ngx_uint_t) c->completed == completed;
}


/*
 * comment.deleted: the comment leaves the analysis of whichever track
 * has it (a Frame.io comment id names one comment).  Its entry stays,
 * flagged, so that a late fetch of the same comment does not bring it
 * back.
 */

ngx_int_t
ngx_http_postflow_store_fio_comment_deleted(ngx_http_postflow_zone_t *zone,
    ngx_str_t *comment_id, ngx_http_postflow_answer_t *ans)
{
    uint32_t                    hash;
    ngx_int_t                   rc;
    ngx_queue_t                *q;
    ngx_http_postflow_entry_t  *e;
    ngx_http_postflow_track_t  *t;

    hash = ngx_crc32_long(comment_id->data, comment_id->len);

    ngx_shmtx_lock(&zone->shpool->mutex);

    for (q = ngx_queue_head(&zone->sh->lru);
         q != ngx_queue_sentinel(&zone->sh->lru);
         q = ngx_queue_next(q))
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        e = ngx_http_postflow_track_find_entry(t, hash);

        if (e == NULL) {
            continue;
        }

        if (e->flags & NGX_HTTP_POSTFLOW_ENTRY_DELETED) {
            rc = NGX_HTTP_POSTFLOW_DUPLICATE;

        } else {
            ngx_http_postflow_track_count(zone, t, -1);

            e->flags |= NGX_HTTP_POSTFLOW_ENTRY_DELETED;

            if (t->comments_count) {
                t->comments_count--;
            }

            ngx_http_postflow_track_review(zone, t);
            t->updated_at = ngx_http_postflow_now(zone);
            ngx_http_postflow_touch(zone->sh, t);

            ngx_http_postflow_track_count(zone, t, 1);
            ngx_http_postflow_record_thread(zone, t, ans->pool);
            rc = NGX_HTTP_POSTFLOW_APPLIED;
        }

        if (ngx_http_postflow_render(ans, t, 0) != NGX_OK) {
            rc = NGX_ERROR;
        }

        ngx_shmtx_unlock(&zone->shpool->mutex);

        return rc;
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return NGX_HTTP_POSTFLOW_NOT_FOUND;
}


/*
 * A track's whole comment list, as the poller read it (oldest first):
 * new comments are appended, edited ones updated, and, when the list is
 * "complete" (every page read), the Frame.io comments it no longer has
 * are deleted.  Nothing happens if the track is gone or has another
 * file by now.
 */

ngx_int_t
ngx_http_postflow_store_fio_thread(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_str_t *file_id,
    ngx_http_postflow_fio_comment_t *comments, ngx_uint_t n,
    ngx_uint_t complete, ngx_pool_t *pool,
    ngx_http_postflow_thread_result_t *res)
{
    time_t                            now;
    ngx_int_t                         rc;
    ngx_str_t                         s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t                        i, j, seen, deleted;
    ngx_http_postflow_entry_t        *e;
    ngx_http_postflow_track_t        *t;

    ngx_memzero(res, sizeof(ngx_http_postflow_thread_result_t));

    now = ngx_http_postflow_now(zone);

    ngx_shmtx_lock(&zone->shpool->mutex);

    t = ngx_http_postflow_lookup(zone->sh, upload_id);

    if (t) {
        ngx_http_postflow_track_strings(t, s);

        if (s[NGX_HTTP_POSTFLOW_S_FILE_ID].len != file_id->len
            || ngx_memcmp(s[NGX_HTTP_POSTFLOW_S_FILE_ID].data, file_id->data,
                          file_id->len) != 0)
        {
            t = NULL;
        }
    }

    if (t == NULL) {
        ngx_shmtx_unlock(&zone->shpool->mutex);
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    rc = NGX_OK;

    for (i = 0; i < n; i++) {

        switch (ngx_http_postflow_fio_entry(zone, t, &comments[i], 1, now)) {

        case NGX_HTTP_POSTFLOW_CREATED:
            res->added++;
            break;

        case NGX_HTTP_POSTFLOW_APPLIED:
            res->edited++;
            break;

        case NGX_HTTP_POSTFLOW_FULL:
            rc = NGX_HTTP_POSTFLOW_FULL;
            break;

        default:
            break;
        }
    }

    /* comments only the API reported, and that it does not list now */

    deleted = 0;

    for (i = 0; complete && rc == NGX_OK && i < t->nentries; i++) {
        e = &t->entries[i];

        if ((e->flags & (NGX_HTTP_POSTFLOW_ENTRY_FRAMEIO
                         | NGX_HTTP_POSTFLOW_ENTRY_DELETED
                         | NGX_HTTP_POSTFLOW_ENTRY_SIGNAL))
            != NGX_HTTP_POSTFLOW_ENTRY_FRAMEIO)
        {
            continue;
        }

        for (seen = 0, j = 0; j < n && !seen; j++) {
            seen = (comments[j].entry.id_hash == e->id_hash);
        }

        if (seen) {
            continue;
        }

        if (deleted++ == 0) {
            ngx_http_postflow_track_count(zone, t, -1);
        }

        e->flags |= NGX_HTTP_POSTFLOW_ENTRY_DELETED;

        if (t->comments_count) {
            t->comments_count--;
        }
    }

    if (deleted) {
        ngx_http_postflow_track_review(zone, t);
        t->updated_at = now;
        ngx_http_postflow_touch(zone->sh, t);
        ngx_http_postflow_track_count(zone, t, 1);
        res->deleted = deleted;
    }

    if (res->added || res->edited || res->deleted) {
        ngx_http_postflow_record_thread(zone, t, pool);
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return rc;
}


/*
 * A Frame.io file routed by name to a registered upload (ref, as read
 * by ngx_http_postflow_store_unrouted(), with the account the file was
 * found in): the track learns the file_id, and the account if it had
 * none, and takes the events the file received so far.  NGX_HTTP_POSTFLOW_
 * CONFLICT when the track changed meanwhile (gone, renamed, or given a
 * file) or another track has the file by now.
 */

ngx_int_t
ngx_http_postflow_op_route(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    ngx_int_t                   rc;
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS], *file_id;
    ngx_http_postflow_track_t  *t;

    file_id = &op->in.file_id;

    t = ngx_http_postflow_lookup(zone->sh, &op->in.upload_id);

    if (t == NULL || t->in_files
        || ngx_http_postflow_lookup_file(zone->sh, file_id))
    {
        return NGX_HTTP_POSTFLOW_CONFLICT;
    }

    ngx_http_postflow_track_strings(t, s);

    if (s[NGX_HTTP_POSTFLOW_S_FILENAME].len != op->in.filename.len
        || ngx_memcmp(s[NGX_HTTP_POSTFLOW_S_FILENAME].data,
                      op->in.filename.data, op->in.filename.len) != 0)
    {
        return NGX_HTTP_POSTFLOW_CONFLICT;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        return NGX_HTTP_POSTFLOW_NO_STATE;
    }

    s[NGX_HTTP_POSTFLOW_S_FILE_ID] = *file_id;

    /* the account the file was found in: V4 calls need it */

    if (s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].len == 0) {
        s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID] = op->in.account_id;
    }

    ngx_http_postflow_track_count(zone, t, -1);
    ngx_queue_remove(&t->queue);

    rc = ngx_http_postflow_track_set_strings(zone, t, s);

    ngx_queue_insert_head(&zone->sh->lru, &t->queue);
    ngx_http_postflow_track_count(zone, t, 1);

    if (rc != NGX_OK) {
        rc = NGX_HTTP_POSTFLOW_FULL;
        goto done;
    }

    ngx_http_postflow_index_insert(&zone->sh->files, t, file_id);
    t->in_files = 1;
    t->updated_at = ngx_http_postflow_now(zone);

    ngx_http_postflow_claim(zone, t);

    rc = NGX_HTTP_POSTFLOW_APPLIED;

done:

    if (ngx_http_postflow_render(ans, t, 0) != NGX_OK) {
        rc = NGX_ERROR;
    }

    return rc;
}


/*
 * A new version stacked on a track's file (in.versions, the earlier
 * file): the track follows the new file, the earlier one still routes
 * to it, and the events that waited for the new file are the track's
 * (file.versioned among them: a new version waits for review again).
 */

ngx_int_t
ngx_http_postflow_op_version(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    u_char                     *p;
    ngx_int_t                   rc;
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS], earlier;
    ngx_uint_t                  i;
    ngx_http_postflow_track_t  *t, *other;

    t = ngx_http_postflow_lookup_file(zone->sh, &op->in.versions);

    if (t == NULL) {
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    other = ngx_http_postflow_lookup_file(zone->sh, &op->in.file_id);

    if (other) {
        return (other == t) ? NGX_HTTP_POSTFLOW_UNCHANGED
                            : NGX_HTTP_POSTFLOW_CONFLICT;
    }

    ngx_http_postflow_track_strings(t, s);
    earlier = s[NGX_HTTP_POSTFLOW_S_VERSIONS];

    if (ngx_http_postflow_versions_count(&earlier)
        >= NGX_HTTP_POSTFLOW_VERSIONS_MAX)
    {
        return NGX_HTTP_POSTFLOW_FULL;
    }

    p = ngx_pnalloc(ans->pool, earlier.len + 1
                               + s[NGX_HTTP_POSTFLOW_S_FILE_ID].len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        return NGX_HTTP_POSTFLOW_NO_STATE;
    }

    /* the current file joins the earlier ones, oldest first */

    s[NGX_HTTP_POSTFLOW_S_VERSIONS].data = p;

    if (earlier.len) {
        p = ngx_cpymem(p, earlier.data, earlier.len);
        *p++ = ',';
    }

    p = ngx_cpymem(p, s[NGX_HTTP_POSTFLOW_S_FILE_ID].data,
                   s[NGX_HTTP_POSTFLOW_S_FILE_ID].len);

    earlier.len = p - s[NGX_HTTP_POSTFLOW_S_VERSIONS].data;
    s[NGX_HTTP_POSTFLOW_S_VERSIONS].len = earlier.len;

    s[NGX_HTTP_POSTFLOW_S_FILE_ID] = op->in.file_id;

    ngx_http_postflow_track_count(zone, t, -1);
    ngx_queue_remove(&t->queue);
    ngx_http_postflow_index_delete(&zone->sh->files, t);

    rc = ngx_http_postflow_track_set_strings(zone, t, s);

    ngx_http_postflow_track_strings(t, s);
    ngx_http_postflow_index_insert(&zone->sh->files, t,
                                   &s[NGX_HTTP_POSTFLOW_S_FILE_ID]);

    ngx_queue_insert_head(&zone->sh->lru, &t->queue);
    ngx_http_postflow_track_count(zone, t, 1);

    if (rc != NGX_OK || ngx_http_postflow_versions_index(zone, t) != NGX_OK) {
        rc = NGX_HTTP_POSTFLOW_FULL;
        goto done;
    }

    /*
     * The thread goes on: the new file's listing does not have the
     * comments of the earlier ones, which it must not read as deleted
     */

    for (i = 0; i < t->nentries; i++) {
        t->entries[i].flags &= ~NGX_HTTP_POSTFLOW_ENTRY_FRAMEIO;
    }

    t->updated_at = ngx_http_postflow_now(zone);

    ngx_http_postflow_claim(zone, t);

    rc = NGX_HTTP_POSTFLOW_APPLIED;

done:

    if (ngx_http_postflow_render(ans, t, 0) != NGX_OK) {
        rc = NGX_ERROR;
    }

    return rc;
}


/* copies a track's names and ids into the pool; the zone is locked */

ngx_int_t
ngx_http_postflow_track_ref(ngx_http_postflow_track_t *t, ngx_pool_t *pool,
    ngx_http_postflow_track_ref_t *ref)
{
    u_char     *p;
    size_t      len;
    ngx_str_t   s[NGX_HTTP_POSTFLOW_NSTRINGS];

    ngx_http_postflow_track_strings(t, s);

    len = s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID].len
          + s[NGX_HTTP_POSTFLOW_S_FILENAME].len
          + s[NGX_HTTP_POSTFLOW_S_FILE_ID].len
          + s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].len + 4;

    p = ngx_pnalloc(pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ref->upload_id.data = p;
    ref->upload_id.len = s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID].len;
    p = ngx_cpymem(p, s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID].data,
                   ref->upload_id.len);
    *p++ = '\0';

    ref->filename.data = p;
    ref->filename.len = s[NGX_HTTP_POSTFLOW_S_FILENAME].len;
    p = ngx_cpymem(p, s[NGX_HTTP_POSTFLOW_S_FILENAME].data,
                   ref->filename.len);
    *p++ = '\0';

    ref->file_id.data = p;
    ref->file_id.len = s[NGX_HTTP_POSTFLOW_S_FILE_ID].len;
    p = ngx_cpymem(p, s[NGX_HTTP_POSTFLOW_S_FILE_ID].data, ref->file_id.len);
    *p++ = '\0';

    ref->account_id.data = p;
    ref->account_id.len = s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].len;
    p = ngx_cpymem(p, s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID].data,
                   ref->account_id.len);
    *p = '\0';

    return NGX_OK;
}


/* the tracks a file may be routed to by name: those without a file */

ngx_int_t
ngx_http_postflow_store_unrouted(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_uint_t max)
{
    return ngx_http_postflow_store_refs(zone, pool, refs, max,
                                        ngx_http_postflow_is_unrouted);
}


static ngx_uint_t
ngx_http_postflow_is_unrouted(ngx_http_postflow_track_t *t)
{
    return !t->in_files && t->status != NGX_HTTP_POSTFLOW_DELETED;
}


/* up to max references to the tracks that pass, the most recent first */

static ngx_int_t
ngx_http_postflow_store_refs(ngx_http_postflow_zone_t *zone,
    ngx_pool_t *pool, ngx_array_t *refs, ngx_uint_t max,
    ngx_http_postflow_track_filter_pt filter)
{
    ngx_queue_t                    *q;
    ngx_http_postflow_track_t      *t;
    ngx_http_postflow_track_ref_t  *ref;

    ngx_shmtx_lock(&zone->shpool->mutex);

    for (q = ngx_queue_head(&zone->sh->lru);
         q != ngx_queue_sentinel(&zone->sh->lru) && refs->nelts < max;
         q = ngx_queue_next(q))
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        if (!filter(t)) {
            continue;
        }

        ref = ngx_array_push(refs);

        if (ref == NULL || ngx_http_postflow_track_ref(t, pool, ref) != NGX_OK)
        {
            ngx_shmtx_unlock(&zone->shpool->mutex);
            return NGX_ERROR;
        }
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return NGX_OK;
}


/* whether a track has this file: a lookup by name is not needed then */

ngx_uint_t
ngx_http_postflow_store_has_file(ngx_http_postflow_zone_t *zone,
    ngx_str_t *file_id)
{
    ngx_uint_t  known;

    ngx_shmtx_lock(&zone->shpool->mutex);

    known = ngx_http_postflow_lookup_file(zone->sh, file_id) != NULL;

    ngx_shmtx_unlock(&zone->shpool->mutex);

    return known;
}


/*
 * A legacy status label, as the asset shows it after asset.label.updated:
 * "approved" decides the review whatever the comments say.
 */

ngx_int_t
ngx_http_postflow_op_label(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_op_t *op, ngx_http_postflow_answer_t *ans,
    ngx_str_t *line)
{
    ngx_uint_t                  i;
    ngx_http_postflow_track_t  *t;

    static ngx_str_t  labels[] = {
        ngx_string("none"),
        ngx_string("in_progress"),
        ngx_string("needs_review"),
        ngx_string("approved")
    };

    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (labels[i].len == op->label.len
            && ngx_strncmp(labels[i].data, op->label.data, op->label.len)
               == 0)
        {
            break;
        }
    }

    if (i == sizeof(labels) / sizeof(labels[0])) {
        return NGX_DECLINED;
    }

    t = ngx_http_postflow_lookup_file(zone->sh, &op->in.file_id);

    if (t == NULL) {
        return NGX_HTTP_POSTFLOW_NOT_FOUND;
    }

    if (ngx_http_postflow_journal_append(&zone->journal, line) != NGX_OK) {
        return NGX_HTTP_POSTFLOW_NO_STATE;
    }

    ngx_http_postflow_track_count(zone, t, -1);

    t->label = (uint8_t) i;
    t->updated_at = ngx_http_postflow_now(zone);
    ngx_http_postflow_track_review(zone, t);

    ngx_http_postflow_track_count(zone, t, 1);
    ngx_http_postflow_touch(zone->sh, t);

    return NGX_HTTP_POSTFLOW_APPLIED;
}
