
/*
 * ngx_postflow: libFuzzer harness for the API's JSON input.
 *
 * ngx_http_postflow_api.c is included, so that its own field tables
 * and handlers run: the input is a request body given to
 * ngx_http_postflow_api_process() as nginx would, in two buffers read
 * back by ngx_http_postflow_read_body(), for one of the routes that
 * take a body.  The first byte chooses the route (its value modulo 3:
 * '0' POST /uploads, '1' POST /uploads/u1/comments, '2' POST /analyze)
 * and, divided by 3, what the store answers; the second where the body
 * is cut in two and, when odd, adds the empty last buffer (pos and last
 * NULL) nginx leaves after a chunked body.  Seeds read as text:
 * '0 {"upload_id":...}'.
 *
 * The store and the other routes are stubs: the store's functions check
 * what the API gives them (strings within their bounds, NUL-terminated,
 * ids without '/', spaces or control characters, an analysis in range)
 * and answer as the first byte says; the other routes abort().  The
 * analyser is the real one.  Every answer must have the length it
 * announces and be one valid JSON document.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "fuzz_common.h"

#include "ngx_http_postflow_api.c"


#define FUZZ_BODY_MAX  (NGX_HTTP_POSTFLOW_TEXT_MAX * 8)


static ngx_http_request_t *fuzz_request(ngx_pool_t *pool, u_char *body,
    size_t size, ngx_uint_t cut);
static void fuzz_output(ngx_http_request_t *r, u_char *p, size_t len);
static void fuzz_answer_check(ngx_http_request_t *r, ngx_int_t rc,
    ngx_uint_t route);
static void fuzz_id_check(const char *what, ngx_str_t *id);
static ngx_int_t fuzz_store_outcome(ngx_http_postflow_answer_t *ans,
    ngx_str_t *upload_id, ngx_int_t *outcomes, ngx_uint_t n);


/* what the included file refers to and no harness file defines */
ngx_module_t                          ngx_http_core_module;

static ngx_http_postflow_zone_t       fuzz_zone;
static ngx_shm_zone_t                 fuzz_shm_zone;
static ngx_http_postflow_loc_conf_t   fuzz_plcf;
static ngx_uint_t                     fuzz_store_answer;
static ngx_uint_t                     fuzz_store_calls;
static u_char                        *fuzz_out;
static size_t                         fuzz_out_len;
static ngx_uint_t                     fuzz_out_header_only;


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();

    fuzz_zone.sh = calloc(1, sizeof(ngx_http_postflow_shctx_t));
    if (fuzz_zone.sh == NULL) {
        fuzz_fail("no memory");
    }

    fuzz_zone.review = fuzz_review();
    ngx_str_set(&fuzz_zone.name, "fuzz");

    fuzz_shm_zone.data = &fuzz_zone;
    fuzz_plcf.api_zone = &fuzz_shm_zone;

    fuzz_out = malloc(FUZZ_BODY_MAX * 16);
    if (fuzz_out == NULL) {
        fuzz_fail("no memory");
    }

    ngx_shim_output = fuzz_output;

    return 0;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    u_char                   *body;
    ngx_int_t                 rc;
    ngx_uint_t                route;
    ngx_pool_t               *pool;
    ngx_http_request_t       *r;
    ngx_http_postflow_ctx_t  *ctx;
    void                     *loc_conf[1], *ctxs[1];

    if (size < 2 || size - 2 > FUZZ_BODY_MAX) {
        return -1;
    }

    route = data[0] % 3;
    fuzz_store_answer = data[0] / 3;

    body = fuzz_copy(data + 2, size - 2);

    pool = ngx_create_pool(NGX_DEFAULT_POOL_SIZE, fuzz_log);
    if (pool == NULL) {
        fuzz_fail("no memory");
    }

    r = fuzz_request(pool, body, size - 2, data[1]);
    ctx = ngx_pcalloc(pool, sizeof(ngx_http_postflow_ctx_t));
    if (ctx == NULL) {
        fuzz_fail("no memory");
    }

    r->ctx = ctxs;
    r->loc_conf = loc_conf;
    ctxs[0] = ctx;
    loc_conf[0] = &fuzz_plcf;

    ctx->lcf = &fuzz_plcf;
    ctx->review_status = -1;
    ngx_str_set(&ctx->upload_id, "u1");

    ctx->route = (route == 0) ? NGX_HTTP_POSTFLOW_API_REGISTER
                 : (route == 1) ? NGX_HTTP_POSTFLOW_API_COMMENT
                 : NGX_HTTP_POSTFLOW_API_ANALYZE;

    fuzz_out_len = 0;
    fuzz_out_header_only = 0;
    fuzz_store_calls = 0;

    rc = ngx_http_postflow_api_process(r, ctx);

    fuzz_answer_check(r, rc, route);

    ngx_destroy_pool(pool);
    free(body);

    return 0;
}


/*
 * A POST whose body nginx has read into memory: cut in two buffers,
 * either of which may be empty, then, when cut is odd, the empty last
 * buffer nginx leaves after a chunked body.
 */

static ngx_http_request_t *
fuzz_request(ngx_pool_t *pool, u_char *body, size_t size, ngx_uint_t cut)
{
    ngx_uint_t           i;
    ngx_buf_t           *b[3];
    ngx_chain_t         *cl[3];
    ngx_connection_t    *c;
    ngx_http_request_t  *r;

    r = ngx_pcalloc(pool, sizeof(ngx_http_request_t));
    c = ngx_pcalloc(pool, sizeof(ngx_connection_t));
    if (r == NULL || c == NULL) {
        fuzz_fail("no memory");
    }

    r->request_body = ngx_pcalloc(pool, sizeof(ngx_http_request_body_t));
    if (r->request_body == NULL) {
        fuzz_fail("no memory");
    }

    for (i = 0; i < 3; i++) {
        b[i] = ngx_calloc_buf(pool);
        cl[i] = ngx_alloc_chain_link(pool);

        if (b[i] == NULL || cl[i] == NULL) {
            fuzz_fail("no memory");
        }

        cl[i]->buf = b[i];
    }

    cl[0]->next = cl[1];
    cl[1]->next = cl[2];
    cl[2]->next = NULL;

    b[0]->pos = body;
    b[0]->last = body + cut % (size + 1);
    b[0]->memory = 1;
    b[1]->pos = b[0]->last;
    b[1]->last = body + size;
    b[1]->memory = 1;
    b[2]->last_buf = 1;

    if (!(cut & 1)) {
        b[1]->last_buf = 1;
        cl[1]->next = NULL;
    }

    c->log = fuzz_log;
    r->connection = c;
    r->pool = pool;
    r->main = r;
    r->method = NGX_HTTP_POST;
    r->request_body->bufs = cl[0];

    return r;
}


static void
fuzz_output(ngx_http_request_t *r, u_char *p, size_t len)
{
    if (p == NULL) {
        fuzz_out_header_only = 1;
        return;
    }

    if (fuzz_out_len + len > FUZZ_BODY_MAX * 16) {
        fuzz_fail("an answer of more than %uz bytes", fuzz_out_len + len);
    }

    ngx_memcpy(fuzz_out + fuzz_out_len, p, len);
    fuzz_out_len += len;
}


static void
fuzz_answer_check(ngx_http_request_t *r, ngx_int_t rc, ngx_uint_t route)
{
    ngx_uint_t  status;

    if (!r->header_sent) {
        /* nginx answers 500 itself, for a NGX_ERROR of the stub store */
        if (rc != NGX_HTTP_INTERNAL_SERVER_ERROR) {
            fuzz_fail("no answer, rc %i", rc);
        }

        return;
    }

    if (rc != NGX_OK) {
        fuzz_fail("an answer, then rc %i", rc);
    }

    status = r->headers_out.status;

    if (r->headers_out.content_length_n != (off_t) fuzz_out_len) {
        fuzz_fail("Content-Length %O for a body of %uz bytes",
                  r->headers_out.content_length_n, fuzz_out_len);
    }

    if (fuzz_out_len == 0) {
        if (status != NGX_HTTP_NO_CONTENT || !fuzz_out_header_only) {
            fuzz_fail("status %ui without a body", status);
        }

        return;
    }

    fuzz_check_json("the answer", fuzz_out, fuzz_out_len, 1);

    if (status == NGX_HTTP_BAD_REQUEST) {
        if (fuzz_store_calls) {
            fuzz_fail("400 after the store was called");
        }

        if (fuzz_out_len < sizeof("{\"error\":\"\"}")
            || ngx_strncmp(fuzz_out, "{\"error\":\"", 10) != 0)
        {
            fuzz_fail("a 400 without an error");
        }

        return;
    }

    if (route == 2 && status != NGX_HTTP_OK) {
        fuzz_fail("POST /analyze answered %ui", status);
    }

    if (route != 2 && fuzz_store_calls != 1) {
        fuzz_fail("status %ui with %ui calls to the store", status,
                  fuzz_store_calls);
    }
}


static void
fuzz_id_check(const char *what, ngx_str_t *id)
{
    size_t  i;

    fuzz_check_str(what, id, NGX_HTTP_POSTFLOW_ID_MAX);

    for (i = 0; i < id->len; i++) {
        if (id->data[i] <= ' ' || id->data[i] == '/' || id->data[i] == 0x7f) {
            fuzz_fail("%s \"%V\" has a forbidden byte", what, id);
        }
    }
}


static ngx_int_t
fuzz_store_outcome(ngx_http_postflow_answer_t *ans, ngx_str_t *upload_id,
    ngx_int_t *outcomes, ngx_uint_t n)
{
    ngx_int_t  rc;

    fuzz_store_calls++;

    rc = outcomes[fuzz_store_answer % n];

    if (rc == NGX_ERROR || rc == NGX_HTTP_POSTFLOW_NOT_FOUND
        || rc == NGX_HTTP_POSTFLOW_NO_STATE)
    {
        return rc;
    }

    /* what ngx_http_postflow_render() gives, shortened */

    ans->status = NGX_HTTP_POSTFLOW_REGISTERED;
    ans->review_status = NGX_HTTP_POSTFLOW_PENDING;
    ans->upload_id = *upload_id;
    ngx_str_set(&ans->json, "{\"upload_id\":\"u\"}\n");

    return rc;
}


/* the store: checks and canned answers */

ngx_int_t
ngx_http_postflow_store_register(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_input_t *in, ngx_http_postflow_answer_t *ans)
{
    static ngx_int_t  outcomes[] = {
        NGX_HTTP_POSTFLOW_CREATED, NGX_HTTP_POSTFLOW_UNCHANGED,
        NGX_HTTP_POSTFLOW_CONFLICT, NGX_HTTP_POSTFLOW_FULL,
        NGX_HTTP_POSTFLOW_NO_STATE, NGX_HTTP_POSTFLOW_UNAVAILABLE, NGX_ERROR
    };

    if (in->upload_id.len == 0 || in->filename.len == 0) {
        fuzz_fail("a registration without upload_id or filename");
    }

    fuzz_id_check("upload_id", &in->upload_id);
    fuzz_check_str("filename", &in->filename, NGX_HTTP_POSTFLOW_NAME_MAX);
    fuzz_id_check("file_id", &in->file_id);
    fuzz_id_check("project_id", &in->project_id);
    fuzz_id_check("workspace_id", &in->workspace_id);
    fuzz_id_check("account_id", &in->account_id);
    fuzz_check_str("review_link", &in->review_link,
                   NGX_HTTP_POSTFLOW_LINK_MAX);

    return fuzz_store_outcome(ans, &in->upload_id, outcomes,
                              sizeof(outcomes) / sizeof(outcomes[0]));
}


ngx_int_t
ngx_http_postflow_store_comment(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_comment_input_t *in, ngx_http_postflow_analysis_t *an,
    ngx_http_postflow_answer_t *ans)
{
    ngx_str_t  *upload_id, *excerpt;

    static ngx_int_t  outcomes[] = {
        NGX_HTTP_POSTFLOW_APPLIED, NGX_HTTP_POSTFLOW_DUPLICATE,
        NGX_HTTP_POSTFLOW_NOT_FOUND, NGX_HTTP_POSTFLOW_FULL,
        NGX_HTTP_POSTFLOW_NO_STATE, NGX_HTTP_POSTFLOW_UNAVAILABLE, NGX_ERROR
    };

    upload_id = &in->upload_id;
    excerpt = &in->excerpt;

    if (upload_id->len != 2 || ngx_strncmp(upload_id->data, "u1", 2) != 0) {
        fuzz_fail("a comment for \"%V\"", upload_id);
    }

    fuzz_check_str("comment_id", &in->comment_id, NGX_HTTP_POSTFLOW_ID_MAX);
    fuzz_check_str("author", &in->author, NGX_HTTP_POSTFLOW_NAME_MAX);

    if (!ngx_http_postflow_role_valid(&in->role)) {
        fuzz_fail("a comment's role \"%V\"", &in->role);
    }

    /* a text that is valid UTF-8 is cut between two characters */

    if (excerpt->len > NGX_HTTP_POSTFLOW_EXCERPT_MAX + sizeof("…") - 1
        || ngx_http_postflow_utf8_valid(excerpt->data, excerpt->len)
           != NGX_OK)
    {
        fuzz_fail("an excerpt of %uz bytes, or not UTF-8", excerpt->len);
    }

    if (an->verdict > NGX_HTTP_POSTFLOW_VERDICT_CHANGES
        || !(an->score >= -1.0 && an->score <= 1.0)
        || an->nmatches > NGX_HTTP_POSTFLOW_MATCHES_MAX)
    {
        fuzz_fail("an analysis out of range");
    }

    return fuzz_store_outcome(ans, upload_id, outcomes,
                              sizeof(outcomes) / sizeof(outcomes[0]));
}


/* what this harness does not reach */

ngx_int_t
ngx_http_postflow_store_get(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_http_postflow_answer_t *ans)
{
    fuzz_fail("store_get() called");
}


ngx_int_t
ngx_http_postflow_store_delete(ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id, ngx_http_postflow_answer_t *ans)
{
    fuzz_fail("store_delete() called");
}


ngx_int_t
ngx_http_postflow_store_list(ngx_http_postflow_zone_t *zone,
    ngx_int_t status, ngx_int_t review, ngx_uint_t limit, ngx_str_t *after,
    ngx_pool_t *pool, ngx_str_t *json)
{
    fuzz_fail("store_list() called");
}


void *
ngx_http_postflow_store_alloc(ngx_http_postflow_zone_t *zone, size_t size)
{
    fuzz_fail("store_alloc() called");
}


void
ngx_http_postflow_outbox_change(ngx_http_postflow_zone_t *zone,
    ngx_http_postflow_track_t *t, ngx_str_t *json, ngx_pool_t *pool,
    ngx_uint_t review, ngx_int_t from, ngx_uint_t to)
{
    fuzz_fail("outbox_change() called");
}


ngx_int_t
ngx_http_postflow_wait(ngx_http_request_t *r, ngx_http_postflow_zone_t *zone,
    ngx_str_t *upload_id)
{
    fuzz_fail("wait() called");
}


u_char *
ngx_strlcasestrn(u_char *s1, u_char *last, u_char *s2, size_t n)
{
    fuzz_fail("ngx_strlcasestrn() called");
}


ngx_int_t
ngx_http_arg(ngx_http_request_t *r, u_char *name, size_t len,
    ngx_str_t *value)
{
    fuzz_fail("ngx_http_arg() called");
}


ngx_int_t
ngx_http_discard_request_body(ngx_http_request_t *r)
{
    fuzz_fail("ngx_http_discard_request_body() called");
}


void
ngx_http_finalize_request(ngx_http_request_t *r, ngx_int_t rc)
{
    fuzz_fail("ngx_http_finalize_request() called");
}


/* a replicated change's answer comes later: the stubs answer at once */

void
ngx_http_run_posted_requests(ngx_connection_t *c)
{
    fuzz_fail("ngx_http_run_posted_requests() called");
}


void
ngx_unescape_uri(u_char **dst, u_char **src, size_t size, ngx_uint_t type)
{
    fuzz_fail("ngx_unescape_uri() called");
}
