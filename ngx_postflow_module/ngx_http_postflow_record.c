
/*
 * The store's journal records: a change (ngx_http_postflow_op_t) as one
 * JSON line, and the line back as the same change.  Both directions go
 * through one list of the fields each kind of change carries and one
 * place per field in the change, so that a replay hands
 * ngx_http_postflow_store_apply() what the live request did.  Values
 * are JSON strings, numbers too, and empty ones are left out:
 *
 *     {"op":"comment","time":"1732270000","upload_id":"u1",
 *      "comment_id":"c1","verdict":"1","flags":"0","positives":"1",
 *      "negatives":"0"}
 *
 * A compaction's snapshot is made of the same records: one "track" per
 * track, the least recently active first so that a replay rebuilds the
 * LRU order, then one "pending" per file whose events wait, then one
 * "notify" per notification queued, oldest first, and with
 * postflow_replicate the "position" in the stream it was copied at.  A
 * notification's end is a "notified" record.  A change applied from the
 * stream carries its stream id, "stream", beside "op" and "time".
 */


#include "ngx_http_postflow_store.h"
#include "ngx_http_postflow_json.h"


#define NGX_HTTP_POSTFLOW_RECORD_MAX  (256 * 1024)


typedef enum {
    NGX_HTTP_POSTFLOW_F_UPLOAD_ID = 0,
    NGX_HTTP_POSTFLOW_F_FILENAME,
    NGX_HTTP_POSTFLOW_F_FILE_ID,
    NGX_HTTP_POSTFLOW_F_PROJECT_ID,
    NGX_HTTP_POSTFLOW_F_WORKSPACE_ID,
    NGX_HTTP_POSTFLOW_F_ACCOUNT_ID,
    NGX_HTTP_POSTFLOW_F_REVIEW_LINK,
    NGX_HTTP_POSTFLOW_F_TYPE,
    NGX_HTTP_POSTFLOW_F_RESOURCE_ID,
    NGX_HTTP_POSTFLOW_F_COMMENT_ID,
    NGX_HTTP_POSTFLOW_F_VERDICT,
    NGX_HTTP_POSTFLOW_F_FLAGS,
    NGX_HTTP_POSTFLOW_F_POSITIVES,
    NGX_HTTP_POSTFLOW_F_NEGATIVES,
    NGX_HTTP_POSTFLOW_F_CREATED,
    NGX_HTTP_POSTFLOW_F_DELIVERY,
    NGX_HTTP_POSTFLOW_F_VERSION,
    NGX_HTTP_POSTFLOW_F_STAGE,
    NGX_HTTP_POSTFLOW_F_LABEL,
    NGX_HTTP_POSTFLOW_F_COMMENTS,
    NGX_HTTP_POSTFLOW_F_EVENTS,
    NGX_HTTP_POSTFLOW_F_ENTRIES,
    NGX_HTTP_POSTFLOW_F_VERSIONS,
    NGX_HTTP_POSTFLOW_F_EXCERPT,
    NGX_HTTP_POSTFLOW_F_EDITORS,
    NGX_HTTP_POSTFLOW_F_UPLOADER,
    NGX_HTTP_POSTFLOW_F_USER_ID,
    NGX_HTTP_POSTFLOW_F_AUTHOR,
    NGX_HTTP_POSTFLOW_F_ROLE,
    NGX_HTTP_POSTFLOW_F_ID,
    NGX_HTTP_POSTFLOW_F_TARGET,
    NGX_HTTP_POSTFLOW_F_EVENT,
    NGX_HTTP_POSTFLOW_F_BODY,
    NGX_HTTP_POSTFLOW_F_EXCERPT_AUTHOR,
    NGX_HTTP_POSTFLOW_F_NODE,
    NGX_HTTP_POSTFLOW_NFIELDS
} ngx_http_postflow_field_e;


/* a record's values as its line spells them */
typedef struct {
    ngx_str_t                        op;
    ngx_str_t                        time;
    ngx_str_t                        stream;
    ngx_str_t                        v[NGX_HTTP_POSTFLOW_NFIELDS];
} ngx_http_postflow_record_t;


typedef struct {
    ngx_str_t                        name;
    ngx_uint_t                       nfields;
    uint8_t                          fields[21];  /* in the order written */
    uint64_t                         required;    /* 1 << field */
} ngx_http_postflow_record_kind_t;


static ngx_int_t ngx_http_postflow_record_parse(u_char *p, size_t len,
    ngx_pool_t *pool, ngx_http_postflow_record_t *rec);
static ngx_int_t ngx_http_postflow_record_get(ngx_http_postflow_op_t *op,
    ngx_uint_t field, ngx_pool_t *pool, ngx_str_t *value);
static ngx_int_t ngx_http_postflow_record_set(ngx_http_postflow_op_t *op,
    ngx_uint_t field, ngx_str_t *value);
static ngx_int_t ngx_http_postflow_record_count(ngx_str_t *value,
    ngx_uint_t *n);
static void *ngx_http_postflow_record_reserve(void *data, ngx_log_t *log);
static ngx_int_t ngx_http_postflow_record_copy(void *data);
static ngx_int_t ngx_http_postflow_record_next(void *data, ngx_pool_t *pool,
    ngx_str_t *line);
static ngx_int_t ngx_http_postflow_record_position(
    ngx_http_postflow_stream_id_t *id, ngx_pool_t *pool,
    ngx_http_postflow_op_t *op);
static void ngx_http_postflow_record_free(void *data);
static ngx_int_t ngx_http_postflow_record_track(ngx_http_postflow_track_t *t,
    ngx_pool_t *pool, ngx_http_postflow_op_t *op);
static ngx_int_t ngx_http_postflow_record_pending(
    ngx_http_postflow_pending_t *pe, ngx_pool_t *pool,
    ngx_http_postflow_op_t *op);
static ngx_int_t ngx_http_postflow_record_entries(
    ngx_http_postflow_track_t *t, ngx_pool_t *pool,
    ngx_http_postflow_op_t *op);
static ngx_int_t ngx_http_postflow_record_events(ngx_pool_t *pool,
    uint8_t *types, uint32_t *times, ngx_uint_t n, ngx_uint_t first,
    ngx_uint_t size, ngx_str_t *events);


#define ngx_http_postflow_bit(f)  (1ULL << NGX_HTTP_POSTFLOW_F_ ## f)


static ngx_http_postflow_json_field_t  ngx_http_postflow_record_fields[] = {

#define ngx_http_postflow_field(name, max)                                   \
    { ngx_string(name), NGX_HTTP_POSTFLOW_JSON_STRING, max, NULL, NULL, 0, 0 }

    ngx_http_postflow_field("upload_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("filename", NGX_HTTP_POSTFLOW_NAME_MAX),
    ngx_http_postflow_field("file_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("project_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("workspace_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("account_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("review_link", NGX_HTTP_POSTFLOW_LINK_MAX),
    ngx_http_postflow_field("type", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("resource_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("comment_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("verdict", 1),
    ngx_http_postflow_field("flags", 3),
    ngx_http_postflow_field("positives", 5),
    ngx_http_postflow_field("negatives", 5),
    ngx_http_postflow_field("created", NGX_TIME_T_LEN),
    ngx_http_postflow_field("delivery", NGX_INT32_LEN),
    ngx_http_postflow_field("version", 2 * NGX_INT32_LEN + 1),
    ngx_http_postflow_field("stage", 1),
    ngx_http_postflow_field("label", 16),
    ngx_http_postflow_field("comments", NGX_INT32_LEN),
    ngx_http_postflow_field("events", 4096),
    ngx_http_postflow_field("entries", NGX_HTTP_POSTFLOW_RECORD_MAX),
    ngx_http_postflow_field("versions", NGX_HTTP_POSTFLOW_VERSIONS_MAX
                                        * (NGX_HTTP_POSTFLOW_ID_MAX + 1)),
    ngx_http_postflow_field("excerpt", NGX_HTTP_POSTFLOW_EXCERPT_MAX
                                       + sizeof("…") - 1),
    ngx_http_postflow_field("editors", NGX_HTTP_POSTFLOW_EDITORS_MAX
                                       * (NGX_HTTP_POSTFLOW_ID_MAX + 1)),
    ngx_http_postflow_field("uploader", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("user_id", NGX_HTTP_POSTFLOW_ID_MAX),
    ngx_http_postflow_field("author", NGX_HTTP_POSTFLOW_NAME_MAX),
    ngx_http_postflow_field("role", 16),
    ngx_http_postflow_field("id", NGX_INT64_LEN),
    ngx_http_postflow_field("target", 4096),
    ngx_http_postflow_field("event", 32),
    ngx_http_postflow_field("body", NGX_HTTP_POSTFLOW_NOTICE_BODY_MAX),
    ngx_http_postflow_field("excerpt_author", NGX_HTTP_POSTFLOW_NAME_MAX),
    ngx_http_postflow_field("node", NGX_HTTP_POSTFLOW_NAME_MAX),
    ngx_http_postflow_field("op", 16),
    ngx_http_postflow_field("time", NGX_TIME_T_LEN),
    ngx_http_postflow_field("stream", NGX_HTTP_POSTFLOW_STREAM_ID_LEN),

#undef ngx_http_postflow_field

    { ngx_null_string, 0, 0, NULL, NULL, 0, 0 }
};


/* by ngx_http_postflow_op_type_e */

static ngx_http_postflow_record_kind_t  ngx_http_postflow_record_kinds[] = {

    { ngx_string("register"), 8,
      { NGX_HTTP_POSTFLOW_F_UPLOAD_ID, NGX_HTTP_POSTFLOW_F_FILENAME,
        NGX_HTTP_POSTFLOW_F_FILE_ID, NGX_HTTP_POSTFLOW_F_PROJECT_ID,
        NGX_HTTP_POSTFLOW_F_WORKSPACE_ID, NGX_HTTP_POSTFLOW_F_ACCOUNT_ID,
        NGX_HTTP_POSTFLOW_F_REVIEW_LINK, NGX_HTTP_POSTFLOW_F_EDITORS },
      ngx_http_postflow_bit(UPLOAD_ID) | ngx_http_postflow_bit(FILENAME) },

    /* the user of a file's first events is its uploader */

    { ngx_string("event"), 7,
      { NGX_HTTP_POSTFLOW_F_TYPE, NGX_HTTP_POSTFLOW_F_RESOURCE_ID,
        NGX_HTTP_POSTFLOW_F_ACCOUNT_ID, NGX_HTTP_POSTFLOW_F_WORKSPACE_ID,
        NGX_HTTP_POSTFLOW_F_PROJECT_ID, NGX_HTTP_POSTFLOW_F_DELIVERY,
        NGX_HTTP_POSTFLOW_F_USER_ID },
      ngx_http_postflow_bit(TYPE) | ngx_http_postflow_bit(RESOURCE_ID) },

    /*
     * The analysis is recorded, not the text: a replay gives the answer.
     * The excerpt is what the dashboard shows of it; the author and the
     * role decide again whether the editors wrote it.
     */

    { ngx_string("comment"), 9,
      { NGX_HTTP_POSTFLOW_F_UPLOAD_ID, NGX_HTTP_POSTFLOW_F_COMMENT_ID,
        NGX_HTTP_POSTFLOW_F_VERDICT, NGX_HTTP_POSTFLOW_F_FLAGS,
        NGX_HTTP_POSTFLOW_F_POSITIVES, NGX_HTTP_POSTFLOW_F_NEGATIVES,
        NGX_HTTP_POSTFLOW_F_EXCERPT, NGX_HTTP_POSTFLOW_F_AUTHOR,
        NGX_HTTP_POSTFLOW_F_ROLE },
      ngx_http_postflow_bit(VERDICT) | ngx_http_postflow_bit(FLAGS)
      | ngx_http_postflow_bit(POSITIVES) | ngx_http_postflow_bit(NEGATIVES) },

    { ngx_string("delete"), 1,
      { NGX_HTTP_POSTFLOW_F_UPLOAD_ID }, 0 },

    { ngx_string("label"), 2,
      { NGX_HTTP_POSTFLOW_F_RESOURCE_ID, NGX_HTTP_POSTFLOW_F_LABEL }, 0 },

    /* a file routed by its name: Frame.io will not say it again */

    { ngx_string("route"), 4,
      { NGX_HTTP_POSTFLOW_F_UPLOAD_ID, NGX_HTTP_POSTFLOW_F_FILENAME,
        NGX_HTTP_POSTFLOW_F_FILE_ID, NGX_HTTP_POSTFLOW_F_ACCOUNT_ID },
      ngx_http_postflow_bit(FILE_ID) },

    /* the verdict is the excerpt's */

    { ngx_string("thread"), 6,
      { NGX_HTTP_POSTFLOW_F_UPLOAD_ID, NGX_HTTP_POSTFLOW_F_COMMENTS,
        NGX_HTTP_POSTFLOW_F_ENTRIES, NGX_HTTP_POSTFLOW_F_EXCERPT,
        NGX_HTTP_POSTFLOW_F_VERDICT, NGX_HTTP_POSTFLOW_F_EXCERPT_AUTHOR },
      0 },

    { ngx_string("pending"), 6,
      { NGX_HTTP_POSTFLOW_F_RESOURCE_ID, NGX_HTTP_POSTFLOW_F_PROJECT_ID,
        NGX_HTTP_POSTFLOW_F_WORKSPACE_ID, NGX_HTTP_POSTFLOW_F_ACCOUNT_ID,
        NGX_HTTP_POSTFLOW_F_UPLOADER, NGX_HTTP_POSTFLOW_F_EVENTS }, 0 },

    { ngx_string("track"), 20,
      { NGX_HTTP_POSTFLOW_F_UPLOAD_ID, NGX_HTTP_POSTFLOW_F_FILENAME,
        NGX_HTTP_POSTFLOW_F_FILE_ID, NGX_HTTP_POSTFLOW_F_PROJECT_ID,
        NGX_HTTP_POSTFLOW_F_WORKSPACE_ID, NGX_HTTP_POSTFLOW_F_ACCOUNT_ID,
        NGX_HTTP_POSTFLOW_F_REVIEW_LINK, NGX_HTTP_POSTFLOW_F_CREATED,
        NGX_HTTP_POSTFLOW_F_STAGE, NGX_HTTP_POSTFLOW_F_LABEL,
        NGX_HTTP_POSTFLOW_F_COMMENTS, NGX_HTTP_POSTFLOW_F_EVENTS,
        NGX_HTTP_POSTFLOW_F_ENTRIES, NGX_HTTP_POSTFLOW_F_VERSION,
        NGX_HTTP_POSTFLOW_F_VERSIONS, NGX_HTTP_POSTFLOW_F_EXCERPT,
        NGX_HTTP_POSTFLOW_F_VERDICT, NGX_HTTP_POSTFLOW_F_EDITORS,
        NGX_HTTP_POSTFLOW_F_UPLOADER, NGX_HTTP_POSTFLOW_F_EXCERPT_AUTHOR },
      0 },

    /* a file stacked on a track's: the new file, the one it follows */

    { ngx_string("version"), 2,
      { NGX_HTTP_POSTFLOW_F_FILE_ID, NGX_HTTP_POSTFLOW_F_VERSIONS },
      ngx_http_postflow_bit(FILE_ID) | ngx_http_postflow_bit(VERSIONS) },

    /* a notification queued for a target, and its end */

    { ngx_string("notify"), 6,
      { NGX_HTTP_POSTFLOW_F_ID, NGX_HTTP_POSTFLOW_F_TARGET,
        NGX_HTTP_POSTFLOW_F_EVENT, NGX_HTTP_POSTFLOW_F_CREATED,
        NGX_HTTP_POSTFLOW_F_BODY, NGX_HTTP_POSTFLOW_F_NODE },
      ngx_http_postflow_bit(ID) | ngx_http_postflow_bit(TARGET)
      | ngx_http_postflow_bit(EVENT) | ngx_http_postflow_bit(BODY) },

    { ngx_string("notified"), 1,
      { NGX_HTTP_POSTFLOW_F_ID }, ngx_http_postflow_bit(ID) },

    { ngx_string("position"), 0, { 0 }, 0 }
};


ngx_int_t
ngx_http_postflow_record_encode(ngx_http_postflow_op_t *op, ngx_pool_t *pool,
    ngx_str_t *line)
{
    u_char                           *p;
    size_t                            size;
    ngx_uint_t                        i, f;
    ngx_str_t                         v[NGX_HTTP_POSTFLOW_NFIELDS];
    ngx_http_postflow_record_kind_t  *kind;

    kind = &ngx_http_postflow_record_kinds[op->type];

    size = sizeof("{\"op\":\"\",\"time\":\"\",\"stream\":\"\"}\n")
           + kind->name.len + NGX_TIME_T_LEN + op->stream.len;

    for (i = 0; i < kind->nfields; i++) {
        f = kind->fields[i];

        if (ngx_http_postflow_record_get(op, f, pool, &v[f]) != NGX_OK) {
            return NGX_ERROR;
        }

        size += sizeof(",\"\":") + ngx_http_postflow_record_fields[f].path.len
                + ngx_http_postflow_json_string_size(v[f].data, v[f].len);
    }

    p = ngx_pnalloc(pool, size);
    if (p == NULL) {
        return NGX_ERROR;
    }

    line->data = p;
    p = ngx_sprintf(p, "{\"op\":\"%V\",\"time\":\"%T\"", &kind->name,
                    op->time);

    if (op->stream.len) {
        p = ngx_sprintf(p, ",\"stream\":\"%V\"", &op->stream);
    }

    for (i = 0; i < kind->nfields; i++) {
        f = kind->fields[i];

        if (v[f].len == 0) {
            continue;
        }

        p = ngx_sprintf(p, ",\"%V\":",
                        &ngx_http_postflow_record_fields[f].path);
        p = ngx_http_postflow_json_string(p, v[f].data, v[f].len);
    }

    *p++ = '}';
    *p++ = '\n';
    line->len = p - line->data;

    return NGX_OK;
}


/* a journal line as the change it records; NGX_ERROR if it is none */

ngx_int_t
ngx_http_postflow_record_decode(u_char *p, size_t len, ngx_pool_t *pool,
    ngx_http_postflow_op_t *op)
{
    ngx_uint_t                        i, f, type;
    ngx_http_postflow_record_t        rec;
    ngx_http_postflow_record_kind_t  *kind;

    if (ngx_http_postflow_record_parse(p, len, pool, &rec) != NGX_OK) {
        return NGX_ERROR;
    }

    for (type = 0; type < NGX_HTTP_POSTFLOW_NOPS; type++) {
        kind = &ngx_http_postflow_record_kinds[type];

        if (kind->name.len == rec.op.len
            && ngx_strncmp(kind->name.data, rec.op.data, rec.op.len) == 0)
        {
            break;
        }
    }

    if (type == NGX_HTTP_POSTFLOW_NOPS) {
        return NGX_ERROR;
    }

    ngx_memzero(op, sizeof(ngx_http_postflow_op_t));

    op->type = type;
    op->time = ngx_atotm(rec.time.data, rec.time.len);
    op->event.type_index = -1;
    op->stream = rec.stream;

    if (op->time == NGX_ERROR) {
        return NGX_ERROR;
    }

    for (i = 0; i < kind->nfields; i++) {
        f = kind->fields[i];

        if ((rec.v[f].len == 0 && (kind->required & (1ULL << f)))
            || ngx_http_postflow_record_set(op, f, &rec.v[f]) != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_postflow_record_parse(u_char *p, size_t len, ngx_pool_t *pool,
    ngx_http_postflow_record_t *rec)
{
    ngx_str_t                        err;
    ngx_uint_t                       i;
    ngx_http_postflow_json_field_t   fields[NGX_HTTP_POSTFLOW_NFIELDS + 4];

    ngx_memzero(rec, sizeof(ngx_http_postflow_record_t));
    ngx_memcpy(fields, ngx_http_postflow_record_fields, sizeof(fields));

    for (i = 0; i < NGX_HTTP_POSTFLOW_NFIELDS; i++) {
        fields[i].value = &rec->v[i];
    }

    fields[i++].value = &rec->op;
    fields[i++].value = &rec->time;
    fields[i].value = &rec->stream;

    return ngx_http_postflow_json_parse(p, len, fields, 2, pool, &err);
}


/* where each field is in a change, written out */

static ngx_int_t
ngx_http_postflow_record_get(ngx_http_postflow_op_t *op, ngx_uint_t field,
    ngx_pool_t *pool, ngx_str_t *value)
{
    u_char      *p;
    ngx_uint_t   n;

    switch (field) {

    case NGX_HTTP_POSTFLOW_F_UPLOAD_ID:
        *value = op->in.upload_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_FILENAME:
        *value = op->in.filename;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_FILE_ID:
    case NGX_HTTP_POSTFLOW_F_RESOURCE_ID:
        *value = op->in.file_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_PROJECT_ID:
        *value = op->in.project_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_WORKSPACE_ID:
        *value = op->in.workspace_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ACCOUNT_ID:
        *value = op->in.account_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_REVIEW_LINK:
        *value = op->in.review_link;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_VERSIONS:
        *value = op->in.versions;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EXCERPT:
        *value = op->in.excerpt;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EDITORS:
        *value = op->in.editors;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_UPLOADER:
        *value = op->in.uploader;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_USER_ID:
        *value = op->event.user_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_AUTHOR:
        *value = op->author;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ROLE:
        *value = op->role;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_TYPE:
        *value = op->event.type;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_COMMENT_ID:
        *value = op->comment_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_VERSION:
        *value = op->version;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_LABEL:
        *value = op->label;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EVENTS:
        *value = op->events;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ENTRIES:
        *value = op->entries;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ID:
        *value = op->notice_id;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_TARGET:
        *value = op->target;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EVENT:
        *value = op->event.type;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_BODY:
        *value = op->body;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_NODE:
        *value = op->node;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EXCERPT_AUTHOR:
        *value = op->in.excerpt_author;
        return NGX_OK;
    }

    /* the numbers */

    p = ngx_pnalloc(pool, NGX_INT64_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    value->data = p;

    switch (field) {

    case NGX_HTTP_POSTFLOW_F_VERDICT:
        n = (ngx_uint_t) op->analysis.verdict;
        break;

    case NGX_HTTP_POSTFLOW_F_FLAGS:
        n = op->analysis.flags;
        break;

    case NGX_HTTP_POSTFLOW_F_POSITIVES:
        n = op->analysis.positives;
        break;

    case NGX_HTTP_POSTFLOW_F_NEGATIVES:
        n = op->analysis.negatives;
        break;

    case NGX_HTTP_POSTFLOW_F_CREATED:
        value->len = ngx_sprintf(p, "%T", op->created) - p;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_DELIVERY:
        /* none is left out */
        value->len = op->event.delivery
                     ? (size_t) (ngx_sprintf(p, "%uD", op->event.delivery)
                                 - p)
                     : 0;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_STAGE:
        n = (ngx_uint_t) op->stage;
        break;

    default: /* NGX_HTTP_POSTFLOW_F_COMMENTS */
        n = (ngx_uint_t) op->comments;
        break;
    }

    value->len = ngx_sprintf(p, "%ui", n) - p;

    return NGX_OK;
}


/*
 * The reverse of ngx_http_postflow_record_get().  A snapshot's numbers
 * are kept as read (NGX_ERROR when none) for its operation to check.
 */

static ngx_int_t
ngx_http_postflow_record_set(ngx_http_postflow_op_t *op, ngx_uint_t field,
    ngx_str_t *value)
{
    ngx_int_t  n;

    switch (field) {

    case NGX_HTTP_POSTFLOW_F_UPLOAD_ID:
        op->in.upload_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_FILENAME:
        op->in.filename = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_FILE_ID:
    case NGX_HTTP_POSTFLOW_F_RESOURCE_ID:
        op->in.file_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_PROJECT_ID:
        op->in.project_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_WORKSPACE_ID:
        op->in.workspace_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ACCOUNT_ID:
        op->in.account_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_REVIEW_LINK:
        op->in.review_link = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_VERSIONS:
        op->in.versions = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EXCERPT:
        op->in.excerpt = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EDITORS:
        op->in.editors = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_UPLOADER:
        op->in.uploader = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_USER_ID:
        op->event.user_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_AUTHOR:
        op->author = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ROLE:
        op->role = *value;
        return ngx_http_postflow_role_valid(value) ? NGX_OK : NGX_ERROR;

    case NGX_HTTP_POSTFLOW_F_TYPE:
        op->event.type = *value;
        op->event.type_index = ngx_http_postflow_event_type_find(value);
        return (op->event.type_index < 0) ? NGX_ERROR : NGX_OK;

    case NGX_HTTP_POSTFLOW_F_COMMENT_ID:
        op->comment_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_VERSION:
        op->version = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_LABEL:
        op->label = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EVENTS:
        op->events = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ENTRIES:
        op->entries = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_ID:
        op->notice_id = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_TARGET:
        op->target = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EVENT:
        op->event.type = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_BODY:
        op->body = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_NODE:
        op->node = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_EXCERPT_AUTHOR:
        op->in.excerpt_author = *value;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_VERDICT:
        n = ngx_atoi(value->data, value->len);

        if (n < 0 || n > NGX_HTTP_POSTFLOW_VERDICT_CHANGES) {
            return NGX_ERROR;
        }

        op->analysis.verdict = n;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_FLAGS:
        return ngx_http_postflow_record_count(value, &op->analysis.flags);

    case NGX_HTTP_POSTFLOW_F_POSITIVES:
        return ngx_http_postflow_record_count(value,
                                              &op->analysis.positives);

    case NGX_HTTP_POSTFLOW_F_NEGATIVES:
        return ngx_http_postflow_record_count(value,
                                              &op->analysis.negatives);

    case NGX_HTTP_POSTFLOW_F_CREATED:
        op->created = ngx_atotm(value->data, value->len);
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_DELIVERY:
        n = value->len ? ngx_atoi(value->data, value->len) : 0;

        if (n == NGX_ERROR) {
            return NGX_ERROR;
        }

        op->event.delivery = (uint32_t) n;
        return NGX_OK;

    case NGX_HTTP_POSTFLOW_F_STAGE:
        op->stage = ngx_atoi(value->data, value->len);
        return NGX_OK;

    default: /* NGX_HTTP_POSTFLOW_F_COMMENTS */
        op->comments = ngx_atoi(value->data, value->len);
        return NGX_OK;
    }
}


static ngx_int_t
ngx_http_postflow_record_count(ngx_str_t *value, ngx_uint_t *n)
{
    ngx_int_t  v;

    v = ngx_atoi(value->data, value->len);

    if (v < 0) {
        return NGX_ERROR;
    }

    *n = (ngx_uint_t) v;

    return NGX_OK;
}


/*
 * With the zone locked, after the poller changed a track's thread: the
 * thread as it is now, so that a restart finds the comments Frame.io's
 * API gave without asking again.  The change is made already: a failed
 * write is logged, and the next poll after a restart brings it back.
 */

void
ngx_http_postflow_record_thread(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_pool_t *pool)
{
    ngx_str_t               s[NGX_HTTP_POSTFLOW_NSTRINGS], line;
    ngx_http_postflow_op_t  op;

    if (zone->journal.path.len == 0 || zone->replaying) {
        return;
    }

    ngx_http_postflow_track_strings(t, s);

    ngx_memzero(&op, sizeof(ngx_http_postflow_op_t));

    op.type = NGX_HTTP_POSTFLOW_OP_THREAD;
    op.time = t->updated_at;
    op.in.upload_id = s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID];
    op.in.excerpt = s[NGX_HTTP_POSTFLOW_S_EXCERPT];
    op.in.excerpt_author = s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR];
    op.analysis.verdict = t->excerpt_verdict;

    if (ngx_http_postflow_record_entries(t, pool, &op) != NGX_OK
        || ngx_http_postflow_record_encode(&op, pool, &line) != NGX_OK)
    {
        ngx_log_error(NGX_LOG_ALERT, ngx_cycle->log, 0,
                      "postflow_state \"%V\": no memory for the thread of"
                      " \"%V\"", &zone->journal.path, &op.in.upload_id);
        return;
    }

    (void) ngx_http_postflow_journal_append(&zone->journal, &line);
}


/*
 * With the zone locked, as a notification is queued: its record, after
 * the record of the change that made it.
 */

ngx_int_t
ngx_http_postflow_record_notice(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_notice_t *n, ngx_pool_t *pool)
{
    ngx_str_t               line;
    ngx_http_postflow_op_t  op;

    if (ngx_http_postflow_record_notice_op(n, &zone->node, pool, &op)
        != NGX_OK
        || ngx_http_postflow_record_encode(&op, pool, &line) != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_postflow_journal_append(&zone->journal, &line);
}


/* a queued notification as the change that queues it again */

ngx_int_t
ngx_http_postflow_record_notice_op(ngx_http_postflow_notice_t *n,
    ngx_str_t *node, ngx_pool_t *pool, ngx_http_postflow_op_t *op)
{
    u_char  *p;

    ngx_memzero(op, sizeof(ngx_http_postflow_op_t));

    p = ngx_pnalloc(pool, NGX_INT64_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    op->type = NGX_HTTP_POSTFLOW_OP_NOTIFY;
    op->time = n->created;
    op->created = n->created;
    op->notice_id.data = p;
    op->notice_id.len = ngx_sprintf(p, "%uL", n->id) - p;
    op->target.data = n->data;
    op->target.len = n->url_len;
    op->body.data = n->data + n->url_len;
    op->body.len = n->body_len;
    op->event.type = *ngx_http_postflow_notify_event_name(n->event);
    op->node = *node;

    return NGX_OK;
}


/* what a compaction writes: a copy of the zone, as records */

void
ngx_http_postflow_record_source(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_snapshot_source_t *src)
{
    src->reserve = ngx_http_postflow_record_reserve;
    src->copy = ngx_http_postflow_record_copy;
    src->next = ngx_http_postflow_record_next;
    src->free = ngx_http_postflow_record_free;
    src->data = zone;
    src->mutex = &zone->shpool->mutex;
}


static void *
ngx_http_postflow_record_reserve(void *data, ngx_log_t *log)
{
    return ngx_http_postflow_zone_copy_reserve(data, log);
}


static ngx_int_t
ngx_http_postflow_record_copy(void *data)
{
    ngx_http_postflow_zone_copy_t  *copy = data;

    copy->next = 0;

    return ngx_http_postflow_zone_copy(copy);
}


static ngx_int_t
ngx_http_postflow_record_next(void *data, ngx_pool_t *pool, ngx_str_t *line)
{
    ngx_http_postflow_zone_copy_t  *copy = data;

    ngx_int_t                       rc;
    ngx_uint_t                      i;
    ngx_http_postflow_op_t          op;
    ngx_http_postflow_track_t     **tracks;
    ngx_http_postflow_notice_t    **notices;
    ngx_http_postflow_pending_t   **pending;

    i = copy->next++;
    tracks = copy->tracks.elts;
    pending = copy->pending.elts;
    notices = copy->notices.elts;

    if (i < copy->tracks.nelts) {
        rc = ngx_http_postflow_record_track(tracks[i], pool, &op);

    } else if (i - copy->tracks.nelts < copy->pending.nelts) {
        rc = ngx_http_postflow_record_pending(
                                     pending[i - copy->tracks.nelts], pool,
                                     &op);

    } else if (i - copy->tracks.nelts - copy->pending.nelts
               < copy->notices.nelts)
    {
        rc = ngx_http_postflow_record_notice_op(
                  notices[i - copy->tracks.nelts - copy->pending.nelts],
                  &copy->zone->node, pool, &op);

    } else if (i - copy->tracks.nelts - copy->pending.nelts
               == copy->notices.nelts
               && (copy->position.ms || copy->position.seq))
    {
        rc = ngx_http_postflow_record_position(&copy->position, pool, &op);

    } else {
        return NGX_DONE;
    }

    if (rc != NGX_OK) {
        return NGX_ERROR;
    }

    return ngx_http_postflow_record_encode(&op, pool, line);
}


static ngx_int_t
ngx_http_postflow_record_position(ngx_http_postflow_stream_id_t *id,
    ngx_pool_t *pool, ngx_http_postflow_op_t *op)
{
    u_char  *p;

    p = ngx_pnalloc(pool, NGX_HTTP_POSTFLOW_STREAM_ID_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ngx_memzero(op, sizeof(ngx_http_postflow_op_t));

    op->type = NGX_HTTP_POSTFLOW_OP_POSITION;
    op->time = ngx_time();
    op->stream.data = p;
    op->stream.len = ngx_sprintf(p, "%uL-%uL", id->ms, id->seq) - p;

    return NGX_OK;
}


static void
ngx_http_postflow_record_free(void *data)
{
    ngx_http_postflow_zone_copy_free(data);
}


static ngx_int_t
ngx_http_postflow_record_track(ngx_http_postflow_track_t *t,
    ngx_pool_t *pool, ngx_http_postflow_op_t *op)
{
    u_char      *p;
    ngx_str_t    s[NGX_HTTP_POSTFLOW_NSTRINGS];
    ngx_uint_t   first;

    ngx_http_postflow_track_strings(t, s);

    ngx_memzero(op, sizeof(ngx_http_postflow_op_t));

    op->type = NGX_HTTP_POSTFLOW_OP_TRACK;
    op->time = t->updated_at;
    op->in.upload_id = s[NGX_HTTP_POSTFLOW_S_UPLOAD_ID];
    op->in.filename = s[NGX_HTTP_POSTFLOW_S_FILENAME];
    op->in.file_id = s[NGX_HTTP_POSTFLOW_S_FILE_ID];
    op->in.project_id = s[NGX_HTTP_POSTFLOW_S_PROJECT_ID];
    op->in.workspace_id = s[NGX_HTTP_POSTFLOW_S_WORKSPACE_ID];
    op->in.account_id = s[NGX_HTTP_POSTFLOW_S_ACCOUNT_ID];
    op->in.review_link = s[NGX_HTTP_POSTFLOW_S_REVIEW_LINK];
    op->in.versions = s[NGX_HTTP_POSTFLOW_S_VERSIONS];
    op->in.excerpt = s[NGX_HTTP_POSTFLOW_S_EXCERPT];
    op->in.excerpt_author = s[NGX_HTTP_POSTFLOW_S_EXCERPT_AUTHOR];
    op->in.editors = s[NGX_HTTP_POSTFLOW_S_EDITORS];
    op->in.uploader = s[NGX_HTTP_POSTFLOW_S_UPLOADER];
    op->analysis.verdict = t->excerpt_verdict;
    op->created = t->created_at;
    op->stage = t->stage;

    p = ngx_pnalloc(pool, 3 * NGX_INT32_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    op->label.data = p;
    op->label.len = ngx_sprintf(p, "%ui", (ngx_uint_t) t->label) - p;

    /* a new version's delivery, so that its repetition stays one */

    op->version.data = p + op->label.len;
    op->version.len = t->version_delivery
                      ? (size_t) (ngx_sprintf(op->version.data, "%uD@%uD",
                                              t->version_delivery,
                                              t->version_time)
                                  - op->version.data)
                      : 0;

    first = (t->nevents == NGX_HTTP_POSTFLOW_EVENTS_MAX) ? t->event_next : 0;

    if (ngx_http_postflow_record_events(pool, t->event_type, t->event_time,
                                        t->nevents, first,
                                        NGX_HTTP_POSTFLOW_EVENTS_MAX,
                                        &op->events)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_postflow_record_entries(t, pool, op);
}


static ngx_int_t
ngx_http_postflow_record_pending(ngx_http_postflow_pending_t *pe,
    ngx_pool_t *pool, ngx_http_postflow_op_t *op)
{
    u_char     *p;
    ngx_str_t  *ids[NGX_HTTP_POSTFLOW_PENDING_IDS];
    ngx_uint_t  i;

    ngx_memzero(op, sizeof(ngx_http_postflow_op_t));

    op->type = NGX_HTTP_POSTFLOW_OP_PENDING;
    op->time = pe->first_seen;
    op->in.file_id.data = pe->file_id;
    op->in.file_id.len = pe->file_id_len;

    ids[0] = &op->in.project_id;
    ids[1] = &op->in.workspace_id;
    ids[2] = &op->in.account_id;
    ids[3] = &op->in.uploader;

    p = pe->file_id + pe->file_id_len;

    for (i = 0; i < NGX_HTTP_POSTFLOW_PENDING_IDS; i++) {
        ids[i]->data = p;
        ids[i]->len = pe->ids_len[i];
        p += pe->ids_len[i];
    }

    return ngx_http_postflow_record_events(pool, pe->event_type,
                                           pe->event_time, pe->nevents, 0,
                                           NGX_HTTP_POSTFLOW_PENDING_MAX,
                                           &op->events);
}


/* the comment count, and the entries as "hash:verdict:flags:pos:neg,..." */

static ngx_int_t
ngx_http_postflow_record_entries(ngx_http_postflow_track_t *t,
    ngx_pool_t *pool, ngx_http_postflow_op_t *op)
{
    u_char                     *p;
    ngx_uint_t                  i;
    ngx_http_postflow_entry_t  *e;

    op->comments = t->comments_count;

    p = ngx_pnalloc(pool, t->nentries * (5 * NGX_INT32_LEN));
    if (p == NULL && t->nentries) {
        return NGX_ERROR;
    }

    op->entries.data = p;

    for (i = 0; i < t->nentries; i++) {
        e = &t->entries[i];
        p = ngx_sprintf(p, "%s%uD:%ud:%ud:%ud:%ud", i ? "," : "",
                        e->id_hash, (uint32_t) e->verdict,
                        (uint32_t) e->flags, (uint32_t) e->positives,
                        (uint32_t) e->negatives);
    }

    op->entries.len = p - op->entries.data;

    return NGX_OK;
}


/* events oldest first, as "file.ready@1732270000,..." */

static ngx_int_t
ngx_http_postflow_record_events(ngx_pool_t *pool, uint8_t *types,
    uint32_t *times, ngx_uint_t n, ngx_uint_t first, ngx_uint_t size,
    ngx_str_t *events)
{
    u_char      *p;
    ngx_uint_t   i, k;

    p = ngx_pnalloc(pool, n * (NGX_INT32_LEN + 40));
    if (p == NULL && n) {
        return NGX_ERROR;
    }

    events->data = p;

    for (i = 0; i < n; i++) {
        k = (first + i) % size;
        p = ngx_sprintf(p, "%s%V@%uD", i ? "," : "",
                        &ngx_http_postflow_event_types[types[k]].name,
                        times[k]);
    }

    events->len = p - events->data;

    return NGX_OK;
}
