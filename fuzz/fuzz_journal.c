
/*
 * ngx_postflow: libFuzzer harness for the journal reader.
 *
 * The input is a journal (postflow_state): its lines are replayed into
 * a fresh zone with ngx_http_postflow_store_replay_line(), each from a
 * copy of its own size, as ngx_http_postflow_journal_replay() does with
 * a file (a last line without its line feed is left out, as there).
 * The store's files and ngx_http_postflow_journal.c are included to
 * reach their static functions; the store is the real one,
 * over fuzz/ngx_shim.c's malloc()ed "slab", its search trees and its
 * checking mutex.  The snapshot parsers ngx_http_postflow_parse_events()
 * and ngx_http_postflow_parse_entries() run on every line as well,
 * besides their use by "track", "thread" and "pending" records.
 *
 * An input that starts with a byte below 0x20 gives the zone a small
 * budget (2k + 1k per unit of that byte), so that allocations fail and
 * evictions run; otherwise the zone has 16m.
 *
 * After the replay:
 *   - no lock is held, and the zone is consistent: its counters, its
 *     LRU queue, its two trees and its two indexes agree, every track
 *     and pending file is found by its ids, and every value is in
 *     range;
 *   - every track's JSON, and the list of them, is valid JSON;
 *   - ngx_http_postflow_journal_compact() writes a file (in /dev/shm)
 *     with every record of ngx_http_postflow_record_next(), each valid
 *     JSON, and nothing else; that file replays whole into another zone,
 *     which has the same tracks with the same JSON and the same pending
 *     events;
 *   - freeing every track and pending file gives the zone back all its
 *     memory.
 *
 * At start, a journal of 2000 tracks goes through the same, so that the
 * compaction's 64k buffer is flushed many times.
 *
 * An input that starts with 0xff is instead a sequence of operations
 * made through the store as requests make them, with a journal file:
 * registrations, events (delivered again, out of order, for files
 * nobody registered), comments, deletions and compactions, in a zone
 * of 4k + 1k per unit of the next byte, so that some are refused.  The
 * journal then replays into a zone of the same size, as a restart
 * does, and unless the live zone made room by dropping waiting events
 * or evicting a finished track, the two zones must be the same:
 * nothing acknowledged is lost, nothing refused comes back.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "fuzz_common.h"

#include "ngx_http_postflow_store_op.c"
#include "ngx_http_postflow_store.c"
#include "ngx_http_postflow_record.c"
#include "ngx_http_postflow_journal.c"


#define FUZZ_BUDGET           (16 * 1024 * 1024)
#define FUZZ_SELFTEST_TRACKS  2000
#define FUZZ_OPS              0xff


typedef struct {
    ngx_http_postflow_zone_t   zone;
    ngx_shm_zone_t             shm_zone;
    ngx_slab_pool_t            shpool;
    size_t                     budget;
} fuzz_zone_t;


static void fuzz_selftest(void);
static void fuzz_journal(const u_char *data, size_t size, size_t budget);
static void fuzz_ops(const u_char *data, size_t size);
static void fuzz_op(fuzz_zone_t *fz, const u_char *op, ngx_pool_t *pool);
static void fuzz_posted(void);
static u_char *fuzz_path(u_char *path, const char *what);
static ngx_str_t *fuzz_compact(fuzz_zone_t *fz, ngx_pool_t *pool);
static ngx_int_t fuzz_zone_init(fuzz_zone_t *fz, size_t budget);
static void fuzz_zone_free(fuzz_zone_t *fz);
static void fuzz_replay(fuzz_zone_t *fz, u_char *p, u_char *last,
    ngx_pool_t *pool, ngx_uint_t whole);
static void fuzz_parsers(u_char *p, size_t len);
static void fuzz_zone_check(fuzz_zone_t *fz);
static ngx_uint_t fuzz_tree_count(ngx_rbtree_t *tree);
static ngx_uint_t fuzz_index_count(ngx_http_postflow_index_t *ix);
static void fuzz_index_free(fuzz_zone_t *fz, ngx_http_postflow_index_t *ix);
static void fuzz_track_check(fuzz_zone_t *fz, ngx_http_postflow_track_t *t);
static void fuzz_render_check(fuzz_zone_t *fz, ngx_pool_t *pool);
static ngx_int_t fuzz_get(fuzz_zone_t *fz, ngx_str_t *upload_id,
    ngx_http_postflow_answer_t *ans);
static ngx_str_t *fuzz_snapshot(fuzz_zone_t *fz, ngx_pool_t *pool);
static void fuzz_compare(fuzz_zone_t *a, fuzz_zone_t *b, ngx_pool_t *pool);


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();

    /* the compacting process, as nginx's workers know their own pid */
    ngx_pid = ngx_getpid();
    (void) fuzz_review();

    fuzz_selftest();

    return 0;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t  budget;

    budget = FUZZ_BUDGET;

    if (size >= 2 && data[0] == FUZZ_OPS) {
        fuzz_ops(data + 1, size - 1);
        return 0;
    }

    if (size && data[0] < 0x20) {
        budget = 2048 + 1024 * data[0];
        data++;
        size--;
    }

    fuzz_journal(data, size, budget);

    return 0;
}


/*
 * Once at start: a zone too big for the compaction writer's buffer, so
 * that ngx_http_postflow_write() flushes it many times.
 */

static void
fuzz_selftest(void)
{
    u_char      *journal, *p;
    ngx_uint_t   i;

    journal = malloc(FUZZ_SELFTEST_TRACKS * 512);
    if (journal == NULL) {
        fuzz_fail("no memory");
    }

    p = journal;

    for (i = 0; i < FUZZ_SELFTEST_TRACKS; i++) {
        p = ngx_sprintf(p, "{\"op\":\"register\",\"time\":\"%ui\","
                        "\"upload_id\":\"upload-%ui\",\"filename\":"
                        "\"a rather long file name, %ui, to fill the"
                        " buffer \\u00e9t\\u00e9.mov\",\"file_id\":\"f-%ui\","
                        "\"project_id\":\"p\",\"workspace_id\":\"w\","
                        "\"account_id\":\"a\",\"review_link\":\"l\"}\n"
                        "{\"op\":\"event\",\"time\":\"%ui\",\"type\":"
                        "\"file.ready\",\"resource_id\":\"f-%ui\"}\n",
                        1732270000 + i, i, i, i, 1732270000 + i, i);
    }

    fuzz_journal(journal, p - journal, FUZZ_BUDGET);

    free(journal);
}


static void
fuzz_journal(const u_char *data, size_t size, size_t budget)
{
    u_char       *journal;
    ngx_str_t    *snapshot, *compacted;
    ngx_pool_t   *pool, *spool;
    fuzz_zone_t   z1, z2;

    if (fuzz_zone_init(&z1, budget) != NGX_OK) {
        return;
    }

    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    spool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);

    if (pool == NULL || spool == NULL) {
        fuzz_fail("no memory");
    }

    journal = fuzz_copy(data, size);

    fuzz_replay(&z1, journal, journal + size, pool, 0);
    fuzz_zone_check(&z1);
    fuzz_render_check(&z1, pool);

    /* spool: the snapshots outlive the replay's resets of pool */

    snapshot = fuzz_snapshot(&z1, spool);
    compacted = fuzz_compact(&z1, spool);

    if (compacted->len != snapshot->len
        || ngx_memcmp(compacted->data, snapshot->data, snapshot->len) != 0)
    {
        fuzz_fail("the compaction wrote %uz bytes, its records are %uz",
                  compacted->len, snapshot->len);
    }

    if (fuzz_zone_init(&z2, FUZZ_BUDGET) != NGX_OK) {
        fuzz_fail("no zone for the snapshot");
    }

    fuzz_replay(&z2, compacted->data, compacted->data + compacted->len, pool,
                1);
    fuzz_zone_check(&z2);
    fuzz_compare(&z1, &z2, pool);

    fuzz_zone_free(&z2);
    fuzz_zone_free(&z1);

    free(journal);
    ngx_destroy_pool(spool);
    ngx_destroy_pool(pool);
}


/*
 * Operations of 3 bytes: what, which upload or file, a detail.  Ids are
 * taken among 8, so that operations meet on the same tracks.
 */

static void
fuzz_ops(const u_char *data, size_t size)
{
    u_char         *path;
    size_t          budget;
    ngx_pool_t     *pool;
    fuzz_zone_t     live, restarted;
    static u_char   ops[NGX_MAX_PATH];

    budget = 4096 + 1024 * (size_t) data[0];
    data++;
    size--;

    path = fuzz_path(ops, "ops");
    (void) ngx_delete_file(path);

    if (fuzz_zone_init(&live, budget) != NGX_OK) {
        return;
    }

    live.zone.journal.path.data = path;
    live.zone.journal.path.len = ngx_strlen(path);

    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    if (pool == NULL) {
        fuzz_fail("no memory");
    }

    ngx_queue_init(&ngx_posted_events);

    for ( /* void */ ; size >= 3; data += 3, size -= 3) {
        fuzz_op(&live, data, pool);
        ngx_reset_pool(pool);

        /* after the request, as the event loop would: a compaction */

        fuzz_posted();

        if (ngx_shim_locked()) {
            fuzz_fail("an operation left the lock held");
        }
    }

    fuzz_zone_check(&live);

    /*
     * As the worker exits: its sync timer goes, and with it the journal
     * a compaction replaced.
     */

    ngx_http_postflow_journal_sync(&live.zone.journal, fuzz_log);

    if (live.zone.journal.fd != NGX_INVALID_FILE) {
        (void) ngx_close_file(live.zone.journal.fd);
        live.zone.journal.fd = NGX_INVALID_FILE;
    }

    /* the restart: the same configuration reads the journal back */

    if (fuzz_zone_init(&restarted, budget) != NGX_OK) {
        fuzz_fail("no zone for the restart");
    }

    restarted.zone.journal.path = live.zone.journal.path;

    if (ngx_http_postflow_store_replay(&restarted.zone, fuzz_log) != NGX_OK)
    {
        fuzz_fail("the journal of the operations does not replay");
    }

    if (restarted.zone.journal.fd != NGX_INVALID_FILE) {
        (void) ngx_close_file(restarted.zone.journal.fd);
        restarted.zone.journal.fd = NGX_INVALID_FILE;
    }

    fuzz_zone_check(&restarted);

    /*
     * Room made by dropping waiting events or evicting a finished track
     * is a choice a zone rebuilt from a snapshot, laid out otherwise,
     * may make otherwise: then only the consistency of both is checked.
     */

    if (live.zone.sh->counters.evictions == 0
        && live.zone.sh->counters.unmatched_dropped == 0)
    {
        fuzz_compare(&live, &restarted, pool);
    }

    ngx_str_null(&live.zone.journal.path);
    ngx_str_null(&restarted.zone.journal.path);

    fuzz_zone_free(&restarted);
    fuzz_zone_free(&live);

    (void) ngx_delete_file(path);
    ngx_destroy_pool(pool);
}


static void
fuzz_op(fuzz_zone_t *fz, const u_char *op, ngx_pool_t *pool)
{
    u_char                             id[16], file[16];
    ngx_str_t                          upload_id, comment_id, excerpt;
    ngx_http_postflow_event_t          ev;
    ngx_http_postflow_analysis_t       an;
    ngx_http_postflow_answer_t         ans;
    ngx_http_postflow_track_input_t    in;
    ngx_http_postflow_comment_input_t  comment;

    static ngx_str_t  types[] = {
        ngx_string("file.created"), ngx_string("file.upload.completed"),
        ngx_string("file.ready"), ngx_string("file.versioned"),
        ngx_string("file.deleted"), ngx_string("asset.label.updated")
    };

    static ngx_str_t  texts[] = {
        ngx_string("validé, bon pour diffusion"),
        ngx_string("fix the logo at 00:12 please"),
        ngx_string("pas ok, le mixage est à reprendre"),
        ngx_string("merci, je regarde demain"),
        ngx_string("Approved. Ship it!")
    };

    upload_id.data = id;
    upload_id.len = ngx_sprintf(id, "u-%d", op[1] & 7) - id;

    ngx_memzero(&in, sizeof(ngx_http_postflow_track_input_t));
    ngx_memzero(&ev, sizeof(ngx_http_postflow_event_t));

    in.file_id.data = file;
    in.file_id.len = ngx_sprintf(file, "f-%d", (op[1] >> 3) & 7) - file;

    ngx_http_postflow_answer_init(&ans, pool);

    /* a second of its own for some, so that times differ */

    ngx_shim_set_time(1732270000 + (op[2] >> 6));

    switch (op[0] % 6) {

    case 0:
        in.upload_id = upload_id;
        ngx_str_set(&in.filename, "SC03_SH010_v2.mov");

        if (op[2] & 1) {
            ngx_str_null(&in.file_id);
        }

        if (op[2] & 2) {
            ngx_str_set(&in.account_id, "acc-1");
        }

        if (op[2] & 4) {
            ngx_str_set(&in.editors, "ed-1,ed-2");
        }

        (void) ngx_http_postflow_store_register(&fz->zone, &in, &ans);
        break;

    case 1:
        ev.type = types[op[2] % (sizeof(types) / sizeof(ngx_str_t))];
        ev.type_index = ngx_http_postflow_event_type_find(&ev.type);
        ev.resource_id = in.file_id;
        ev.delivery = op[2] >> 4;

        if (op[2] & 8) {
            ngx_str_set(&ev.workspace_id, "ws-1");
        }

        if (op[1] & 1) {
            ngx_str_set(&ev.user_id, "up-1");
        }

        (void) ngx_http_postflow_store_event(&fz->zone, &ev, &ans);
        break;

    case 2:
    case 3:
        ngx_http_postflow_review_comment(fz->zone.review,
                      texts[op[2] % 5].data, texts[op[2] % 5].len, &an);

        comment_id.data = file;
        comment_id.len = (op[0] & 0x80)
                         ? (size_t) (ngx_sprintf(file, "c-%d", op[2] & 3)
                                     - file)
                         : 0;

        if (ngx_http_postflow_excerpt(pool, texts[op[2] % 5].data,
                                      texts[op[2] % 5].len, &excerpt)
            != NGX_OK)
        {
            fuzz_fail("no memory for an excerpt");
        }

        ngx_memzero(&comment, sizeof(ngx_http_postflow_comment_input_t));
        comment.upload_id = upload_id;
        comment.comment_id = comment_id;
        comment.excerpt = excerpt;

        /* written by the uploader, an editor, a reviewer, or not said */

        switch (op[1] & 3) {
        case 1:
            ngx_str_set(&comment.author, "up-1");
            break;
        case 2:
            ngx_str_set(&comment.author, "ed-2");
            break;
        case 3:
            if (op[1] & 4) {
                ngx_str_set(&comment.role, "editor");

            } else {
                ngx_str_set(&comment.role, "reviewer");
            }

            break;
        }

        (void) ngx_http_postflow_store_comment(&fz->zone, &comment, &an,
                                               &ans);
        break;

    case 4:
        (void) ngx_http_postflow_store_delete(&fz->zone, &upload_id, &ans);
        break;

    default:
        (void) ngx_http_postflow_journal_compact(&fz->zone.journal, 1,
                                                 fuzz_log);
        break;
    }
}


static void
fuzz_posted(void)
{
    ngx_queue_t  *q;
    ngx_event_t  *ev;

    while (!ngx_queue_empty(&ngx_posted_events)) {
        q = ngx_queue_head(&ngx_posted_events);
        ev = ngx_queue_data(q, ngx_event_t, queue);

        ngx_delete_posted_event(ev);
        ev->handler(ev);
    }
}


/* a file of this process in /dev/shm (or /tmp), in path */

static u_char *
fuzz_path(u_char *path, const char *what)
{
    if (path[0] == '\0') {
        ngx_sprintf(path, "%s/postflow-fuzz-%P.%s%Z",
                    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                    ngx_getpid(), what);
    }

    return path;
}


/*
 * The real compaction, ngx_http_postflow_journal_compact(), into a file
 * of this process in /dev/shm (or /tmp), read back and removed.
 */

static ngx_str_t *
fuzz_compact(fuzz_zone_t *fz, ngx_pool_t *pool)
{
    ssize_t            n;
    ngx_fd_t           fd;
    ngx_int_t          rc;
    ngx_str_t         *out;
    ngx_file_info_t    fi;
    u_char            *path;
    static u_char      journal[NGX_MAX_PATH];

    path = fuzz_path(journal, "journal");

    fz->zone.journal.path.data = path;
    fz->zone.journal.path.len = ngx_strlen(path);

    rc = ngx_http_postflow_journal_compact(&fz->zone.journal, 1, fuzz_log);

    ngx_str_null(&fz->zone.journal.path);

    if (rc != NGX_OK) {
        fuzz_fail("the compaction failed: %s", strerror(errno));
    }

    out = ngx_palloc(pool, sizeof(ngx_str_t));
    fd = ngx_open_file(path, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);

    if (out == NULL || fd == NGX_INVALID_FILE
        || ngx_fd_info(fd, &fi) == NGX_FILE_ERROR)
    {
        fuzz_fail("the compacted journal cannot be read");
    }

    out->len = ngx_file_size(&fi);
    out->data = ngx_pnalloc(pool, out->len + 1);

    if (out->data == NULL
        || (off_t) out->len != fz->zone.sh->journal.size
        || fz->zone.sh->journal.base != fz->zone.sh->journal.size)
    {
        fuzz_fail("a compacted journal of %uz bytes, %O in the zone",
                  out->len, fz->zone.sh->journal.size);
    }

    n = out->len ? read(fd, out->data, out->len) : 0;

    if (n != (ssize_t) out->len) {
        fuzz_fail("the compacted journal cannot be read");
    }

    (void) ngx_close_file(fd);
    (void) ngx_delete_file(path);

    return out;
}


static ngx_int_t
fuzz_zone_init(fuzz_zone_t *fz, size_t budget)
{
    ngx_memzero(fz, sizeof(fuzz_zone_t));

    fz->budget = budget;
    fz->shpool.pfree = budget;

    fz->shm_zone.shm.addr = (u_char *) &fz->shpool;
    fz->shm_zone.shm.log = fuzz_log;
    ngx_str_set(&fz->shm_zone.shm.name, "fuzz");
    fz->shm_zone.data = &fz->zone;

    fz->zone.shm_zone = &fz->shm_zone;
    fz->zone.review = fuzz_review();
    fz->zone.track_ttl = 30 * 86400;
    fz->zone.journal.fd = NGX_INVALID_FILE;
    ngx_str_set(&fz->zone.name, "fuzz");

    if (ngx_http_postflow_init_zone(&fz->shm_zone, NULL) != NGX_OK) {
        if (ngx_shim_locked()) {
            fuzz_fail("init_zone() left the lock held");
        }

        /* too small a budget: give back what was taken */

        if (fz->zone.sh) {
            fuzz_index_free(fz, &fz->zone.sh->uploads);
            fuzz_index_free(fz, &fz->zone.sh->files);
            ngx_slab_free(&fz->shpool, fz->zone.sh);
        }

        if (fz->shpool.pfree != budget) {
            fuzz_fail("init_zone() failed and kept memory");
        }

        return NGX_ERROR;
    }

    return NGX_OK;
}


static void
fuzz_zone_free(fuzz_zone_t *fz)
{
    ngx_queue_t                 *q;
    ngx_http_postflow_shctx_t   *sh;

    sh = fz->zone.sh;

    ngx_shmtx_lock(&fz->shpool.mutex);

    while (!ngx_queue_empty(&sh->lru)) {
        q = ngx_queue_head(&sh->lru);
        ngx_http_postflow_store_free_track(&fz->zone,
                          ngx_queue_data(q, ngx_http_postflow_track_t, queue));
    }

    while (!ngx_queue_empty(&sh->pending_queue)) {
        q = ngx_queue_head(&sh->pending_queue);
        ngx_http_postflow_store_free_pending(&fz->zone,
                        ngx_queue_data(q, ngx_http_postflow_pending_t, queue));
    }

    if (sh->ntracks || sh->npending
        || sh->tracks.root != sh->tracks.sentinel
        || fuzz_index_count(&sh->uploads) || fuzz_index_count(&sh->files)
        || sh->pending.root != sh->pending.sentinel)
    {
        fuzz_fail("an empty zone with %ui tracks, %ui pending", sh->ntracks,
                  sh->npending);
    }

    ngx_slab_free_locked(&fz->shpool, fz->shpool.log_ctx);
    ngx_slab_free_locked(&fz->shpool, sh->uploads.buckets);
    ngx_slab_free_locked(&fz->shpool, sh->files.buckets);
    ngx_slab_free_locked(&fz->shpool, sh);

    ngx_shmtx_unlock(&fz->shpool.mutex);

    if (fz->shpool.pfree != fz->budget) {
        fuzz_fail("the zone lost %uz bytes", fz->budget - fz->shpool.pfree);
    }
}


static void
fuzz_replay(fuzz_zone_t *fz, u_char *p, u_char *last, ngx_pool_t *pool,
    ngx_uint_t whole)
{
    u_char     *nl, *line;
    size_t      len;
    ngx_int_t   rc;

    fz->zone.replaying = 1;

    for ( /* void */ ; (nl = ngx_strlchr(p, last, LF)) != NULL; p = nl + 1) {
        len = nl - p;
        line = fuzz_copy(p, len);

        fuzz_parsers(line, len);

        rc = ngx_http_postflow_store_replay_line(&fz->zone, line, len, pool);

        if (ngx_shim_locked()) {
            fuzz_fail("a record left the lock held");
        }

        if (whole && rc != NGX_OK) {
            fuzz_fail("a snapshot record is refused: %*s", len, line);
        }

        free(line);
        ngx_reset_pool(pool);
    }

    fz->zone.replaying = 0;
}


static void
fuzz_parsers(u_char *p, size_t len)
{
    ngx_int_t                      n, i;
    ngx_str_t                      text;
    ngx_http_postflow_entry_t      entries[NGX_HTTP_POSTFLOW_COMMENTS_MAX];
    ngx_http_postflow_event_rec_t  events[NGX_HTTP_POSTFLOW_EVENTS_MAX];

    text.data = p;
    text.len = len;

    n = ngx_http_postflow_parse_events(&text, events,
                                       NGX_HTTP_POSTFLOW_EVENTS_MAX);

    if (n != NGX_ERROR && (n < 0 || n > NGX_HTTP_POSTFLOW_EVENTS_MAX)) {
        fuzz_fail("parse_events() gave %i", n);
    }

    for (i = 0; i < n; i++) {
        if (ngx_http_postflow_event_types[events[i].type].name.len == 0
            || events[i].type >= 64)
        {
            fuzz_fail("parse_events() gave type %ui", events[i].type);
        }
    }

    n = ngx_http_postflow_parse_entries(&text, entries,
                                        NGX_HTTP_POSTFLOW_COMMENTS_MAX);

    if (n != NGX_ERROR && (n < 0 || n > NGX_HTTP_POSTFLOW_COMMENTS_MAX)) {
        fuzz_fail("parse_entries() gave %i", n);
    }

    for (i = 0; i < n; i++) {
        if (entries[i].verdict > NGX_HTTP_POSTFLOW_VERDICT_CHANGES) {
            fuzz_fail("parse_entries() gave verdict %ui",
                      (ngx_uint_t) entries[i].verdict);
        }
    }
}


static void
fuzz_zone_check(fuzz_zone_t *fz)
{
    ngx_str_t                     id;
    ngx_uint_t                    n, files, i;
    ngx_uint_t                    status[NGX_HTTP_POSTFLOW_NSTATUS];
    ngx_uint_t                    review[NGX_HTTP_POSTFLOW_NREVIEW];
    ngx_queue_t                  *q;
    ngx_http_postflow_shctx_t    *sh;
    ngx_http_postflow_track_t    *t;
    ngx_http_postflow_pending_t  *pe;

    sh = fz->zone.sh;

    if (ngx_shim_locked()) {
        fuzz_fail("the lock is held");
    }

    ngx_memzero(status, sizeof(status));
    ngx_memzero(review, sizeof(review));

    n = 0;
    files = 0;

    for (q = ngx_queue_head(&sh->lru);
         q != ngx_queue_sentinel(&sh->lru);
         q = ngx_queue_next(q))
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);

        fuzz_track_check(fz, t);

        status[t->status]++;
        review[t->review_status]++;
        files += t->in_files;
        n++;
    }

    if (n != sh->ntracks || n != fuzz_tree_count(&sh->tracks)
        || n != fuzz_index_count(&sh->uploads)
        || files != fuzz_index_count(&sh->files))
    {
        fuzz_fail("%ui tracks in the LRU queue, ntracks %ui, %ui in the"
                  " tree, %ui indexed, %ui files, %ui in the files index",
                  n, sh->ntracks, fuzz_tree_count(&sh->tracks),
                  fuzz_index_count(&sh->uploads), files,
                  fuzz_index_count(&sh->files));
    }

    for (i = 0; i < NGX_HTTP_POSTFLOW_NSTATUS; i++) {
        if (status[i] != sh->status_count[i]) {
            fuzz_fail("%ui tracks in status %ui, counted %ui", status[i], i,
                      sh->status_count[i]);
        }
    }

    for (i = 0; i < NGX_HTTP_POSTFLOW_NREVIEW; i++) {
        if (review[i] != sh->review_count[i]) {
            fuzz_fail("%ui tracks in review %ui, counted %ui", review[i], i,
                      sh->review_count[i]);
        }
    }

    n = 0;

    for (q = ngx_queue_head(&sh->pending_queue);
         q != ngx_queue_sentinel(&sh->pending_queue);
         q = ngx_queue_next(q))
    {
        pe = ngx_queue_data(q, ngx_http_postflow_pending_t, queue);

        id.data = pe->file_id;
        id.len = pe->file_id_len;

        /*
         * A file a track has may still have waiting events, which
         * expire: a "pending" record before the "track" record of its
         * file (not the order of a snapshot), or one for a file a track
         * has (a "track" record whose "file_id" is given twice).
         */

        if (pe->nevents == 0 || pe->nevents > NGX_HTTP_POSTFLOW_PENDING_MAX
            || ngx_http_postflow_lookup_pending(sh, &id) != pe)
        {
            fuzz_fail("pending \"%V\": %ui events, or not found", &id,
                      (ngx_uint_t) pe->nevents);
        }

        for (i = 0; i < pe->nevents; i++) {
            if (ngx_http_postflow_event_types[pe->event_type[i]].name.len
                == 0)
            {
                fuzz_fail("pending \"%V\": an event of type %ui", &id,
                          (ngx_uint_t) pe->event_type[i]);
            }
        }

        n++;
    }

    if (n != sh->npending || n != fuzz_tree_count(&sh->pending)) {
        fuzz_fail("%ui pending in the queue, npending %ui, %ui in the tree",
                  n, sh->npending, fuzz_tree_count(&sh->pending));
    }
}


static ngx_uint_t
fuzz_tree_count(ngx_rbtree_t *tree)
{
    ngx_uint_t          n;
    ngx_rbtree_node_t  *node;

    if (tree->root == tree->sentinel) {
        return 0;
    }

    n = 0;

    for (node = ngx_rbtree_min(tree->root, tree->sentinel);
         node;
         node = ngx_rbtree_next(tree, node))
    {
        n++;
    }

    return n;
}


static ngx_uint_t
fuzz_index_count(ngx_http_postflow_index_t *ix)
{
    ngx_uint_t                 i, n;
    ngx_http_postflow_link_t  *link;

    n = 0;

    for (i = 0; i <= ix->mask; i++) {
        for (link = ix->buckets[i]; link; link = link->next) {
            n++;
        }
    }

    return n;
}


static void
fuzz_index_free(fuzz_zone_t *fz, ngx_http_postflow_index_t *ix)
{
    if (ix->buckets) {
        ngx_slab_free(&fz->shpool, ix->buckets);
    }
}


static void
fuzz_track_check(fuzz_zone_t *fz, ngx_http_postflow_track_t *t)
{
    ngx_str_t                   s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t                  i;
    ngx_http_postflow_shctx_t  *sh;

    sh = fz->zone.sh;

    ngx_http_postflow_track_strings(t, s);

    if (s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID].len == 0
        || s[NGX_HTTP_POSTFLOW_S_FILENAME].len == 0
        || ngx_http_postflow_lookup(sh, &s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID])
           != t)
    {
        fuzz_fail("a track without upload_id or filename, or not found");
    }

    if (t->in_files != (s[NGX_HTTP_POSTFLOW_S_FILE_ID].len != 0)
        || (t->in_files
            && ngx_http_postflow_lookup_file(sh,
                                         &s[NGX_HTTP_POSTFLOW_S_FILE_ID])
               != t))
    {
        fuzz_fail("track \"%V\": in_files %ui, file_id \"%V\"", &s[0],
                  (ngx_uint_t) t->in_files, &s[NGX_HTTP_POSTFLOW_S_FILE_ID]);
    }

    if (t->stage >= NGX_HTTP_POSTFLOW_NSTATUS
        || t->stage == NGX_HTTP_POSTFLOW_COMPLETED
        || t->status >= NGX_HTTP_POSTFLOW_NSTATUS
        || t->review_status >= NGX_HTTP_POSTFLOW_NREVIEW
        || t->label > NGX_HTTP_POSTFLOW_LABEL_APPROVED
        || t->nevents > NGX_HTTP_POSTFLOW_EVENTS_MAX
        || t->event_next >= NGX_HTTP_POSTFLOW_EVENTS_MAX
        || t->nentries > t->entries_cap
        || t->entries_cap > NGX_HTTP_POSTFLOW_COMMENTS_MAX
        || (t->entries_cap && t->entries == NULL)
        || !(t->review_score >= -1.0 && t->review_score <= 1.0))
    {
        fuzz_fail("track \"%V\": stage %ui status %ui review %ui label %ui"
                  " events %ui/%ui entries %ui/%ui", &s[0],
                  (ngx_uint_t) t->stage, (ngx_uint_t) t->status,
                  (ngx_uint_t) t->review_status, (ngx_uint_t) t->label,
                  (ngx_uint_t) t->nevents, (ngx_uint_t) t->event_next,
                  (ngx_uint_t) t->nentries, (ngx_uint_t) t->entries_cap);
    }

    for (i = 0; i < t->nevents; i++) {
        if (ngx_http_postflow_event_types[t->event_type[i]].name.len == 0) {
            fuzz_fail("track \"%V\": an event of type %ui", &s[0],
                      (ngx_uint_t) t->event_type[i]);
        }
    }

    for (i = 0; i < t->nentries; i++) {
        if (t->entries[i].verdict > NGX_HTTP_POSTFLOW_VERDICT_CHANGES) {
            fuzz_fail("track \"%V\": an entry with verdict %ui", &s[0],
                      (ngx_uint_t) t->entries[i].verdict);
        }
    }
}


/* what GET /uploads/{id} and GET /uploads answer */

static void
fuzz_render_check(fuzz_zone_t *fz, ngx_pool_t *pool)
{
    ngx_str_t                    s[NGX_HTTP_POSTFLOW_NSTRINGS], json, after;
    ngx_queue_t                 *q;
    ngx_http_postflow_answer_t   ans;
    ngx_http_postflow_track_t   *t;

    for (q = ngx_queue_head(&fz->zone.sh->lru);
         q != ngx_queue_sentinel(&fz->zone.sh->lru);
         q = ngx_queue_next(q))
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);
        ngx_http_postflow_track_strings(t, s);

        ngx_http_postflow_answer_init(&ans, pool);

        if (fuzz_get(fz, &s[0], &ans) != NGX_OK) {
            fuzz_fail("track \"%V\" cannot be read", &s[0]);
        }

        fuzz_check_json("a track", ans.json.data, ans.json.len, 1);
    }

    ngx_str_null(&after);

    if (ngx_http_postflow_store_list(&fz->zone, -1, -1, 1000, &after, pool,
                                     &json)
        != NGX_OK)
    {
        fuzz_fail("the tracks cannot be listed");
    }

    fuzz_check_json("the list", json.data, json.len, 1);

    ngx_reset_pool(pool);
}


/*
 * A track as GET renders it, expired or not: a read hides a track past
 * its ttl, and record times are whatever the input says.
 */

static ngx_int_t
fuzz_get(fuzz_zone_t *fz, ngx_str_t *upload_id,
    ngx_http_postflow_answer_t *ans)
{
    ngx_int_t                   rc;
    ngx_http_postflow_track_t  *t;

    ngx_shmtx_lock(&fz->shpool.mutex);

    t = ngx_http_postflow_lookup(fz->zone.sh, upload_id);
    rc = t ? ngx_http_postflow_render(ans, t, 1) : NGX_HTTP_POSTFLOW_NOT_FOUND;

    ngx_shmtx_unlock(&fz->shpool.mutex);

    return rc;
}


/* the records ngx_http_postflow_journal_compact() writes, in its order */

static ngx_str_t *
fuzz_snapshot(fuzz_zone_t *fz, ngx_pool_t *pool)
{
    void        *copy;
    u_char      *p;
    ngx_int_t    rc;
    ngx_str_t   *out, line;
    ngx_pool_t  *temp;

    copy = ngx_http_postflow_record_reserve(&fz->zone, fuzz_log);
    if (copy == NULL) {
        fuzz_fail("no memory");
    }

    ngx_shmtx_lock(&fz->shpool.mutex);
    rc = ngx_http_postflow_record_copy(copy);
    ngx_shmtx_unlock(&fz->shpool.mutex);

    temp = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    out = ngx_pcalloc(pool, sizeof(ngx_str_t));

    if (rc != NGX_OK || temp == NULL || out == NULL) {
        fuzz_fail("no memory");
    }

    out->data = (u_char *) "";

    while ((rc = ngx_http_postflow_record_next(copy, temp, &line))
           != NGX_DONE)
    {
        if (rc != NGX_OK || line.len == 0 || line.data[line.len - 1] != LF) {
            fuzz_fail("a snapshot record of %uz bytes, rc %i", line.len, rc);
        }

        fuzz_check_json("a snapshot record", line.data, line.len - 1, 1);

        p = ngx_pnalloc(pool, out->len + line.len);
        if (p == NULL) {
            fuzz_fail("no memory");
        }

        ngx_memcpy(ngx_cpymem(p, out->data, out->len), line.data, line.len);

        out->data = p;
        out->len += line.len;

        ngx_reset_pool(temp);
    }

    ngx_http_postflow_record_free(copy);
    ngx_destroy_pool(temp);

    return out;
}


/* the zone rebuilt from the snapshot tells the same */

static void
fuzz_compare(fuzz_zone_t *a, fuzz_zone_t *b, ngx_pool_t *pool)
{
    ngx_str_t                     s[NGX_HTTP_POSTFLOW_NSTRINGS], id;
    ngx_uint_t                    i;
    ngx_queue_t                  *q;
    ngx_http_postflow_answer_t    ans_a, ans_b;
    ngx_http_postflow_track_t    *t;
    ngx_http_postflow_pending_t  *pa, *pb;

    if (a->zone.sh->ntracks != b->zone.sh->ntracks
        || a->zone.sh->npending != b->zone.sh->npending)
    {
        fuzz_fail("%ui tracks and %ui pending, %ui and %ui from the"
                  " snapshot", a->zone.sh->ntracks, a->zone.sh->npending,
                  b->zone.sh->ntracks, b->zone.sh->npending);
    }

    for (q = ngx_queue_head(&a->zone.sh->lru);
         q != ngx_queue_sentinel(&a->zone.sh->lru);
         q = ngx_queue_next(q))
    {
        t = ngx_queue_data(q, ngx_http_postflow_track_t, queue);
        ngx_http_postflow_track_strings(t, s);

        ngx_http_postflow_answer_init(&ans_a, pool);
        ngx_http_postflow_answer_init(&ans_b, pool);

        if (fuzz_get(a, &s[0], &ans_a) != NGX_OK
            || fuzz_get(b, &s[0], &ans_b) != NGX_OK)
        {
            fuzz_fail("track \"%V\" is not in the snapshot", &s[0]);
        }

        if (ans_a.json.len != ans_b.json.len
            || ngx_memcmp(ans_a.json.data, ans_b.json.data, ans_a.json.len)
               != 0)
        {
            fuzz_fail("track \"%V\" changed in the snapshot:\n%V\n%V",
                      &s[0], &ans_a.json, &ans_b.json);
        }
    }

    for (q = ngx_queue_head(&a->zone.sh->pending_queue);
         q != ngx_queue_sentinel(&a->zone.sh->pending_queue);
         q = ngx_queue_next(q))
    {
        pa = ngx_queue_data(q, ngx_http_postflow_pending_t, queue);

        id.data = pa->file_id;
        id.len = pa->file_id_len;

        pb = ngx_http_postflow_lookup_pending(b->zone.sh, &id);

        /*
         * A restored file was first seen at its first event's time, kept
         * in 32 bits: the same up to 2106, when 32 bits wrap.
         */

        if (pb == NULL || pb->nevents != pa->nevents
            || (uint32_t) pb->first_seen != (uint32_t) pa->first_seen)
        {
            fuzz_fail("pending \"%V\" changed in the snapshot", &id);
        }

        for (i = 0; i < pa->nevents; i++) {
            if (pa->event_type[i] != pb->event_type[i]
                || pa->event_time[i] != pb->event_time[i])
            {
                fuzz_fail("pending \"%V\": event %ui changed in the snapshot",
                          &id, i);
            }
        }
    }

    ngx_reset_pool(pool);
}
