
/*
 * Frame.io webhook payloads, V4 and legacy:
 *
 *     {"type":"file.ready","resource":{"type":"file","id":"..."},
 *      "account":{"id":"..."},"workspace":{"id":"..."},
 *      "project":{"id":"..."},"user":{"id":"..."}}
 *
 * Legacy payloads have "team" instead of account and workspace, and
 * "asset.*" event names.  Only ids are sent: names and texts come from
 * the REST API.
 */


#include "ngx_http_postflow_event.h"
#include "ngx_http_postflow_json.h"


/* the names of a track's states, which events move it between */

ngx_str_t  ngx_http_postflow_status_names[] = {
    ngx_string("REGISTERED"),
    ngx_string("UPLOADING"),
    ngx_string("PROCESSING"),
    ngx_string("READY"),
    ngx_string("COMPLETED"),
    ngx_string("DELETED")
};


ngx_str_t  ngx_http_postflow_review_names[] = {
    ngx_string("PENDING"),
    ngx_string("APPROVED"),
    ngx_string("NEEDS_CHANGES"),
    ngx_string("LEANING_APPROVED"),
    ngx_string("LEANING_REJECTED")
};


/* postflow_notify's event names, by NGX_HTTP_POSTFLOW_NOTIFY_* index */

static ngx_str_t  ngx_http_postflow_notify_events[] = {
    ngx_string("registered"),
    ngx_string("uploading"),
    ngx_string("processing"),
    ngx_string("ready"),
    ngx_string("completed"),
    ngx_string("deleted"),
    ngx_string("pending"),
    ngx_string("approved"),
    ngx_string("needs_changes"),
    ngx_string("leaning_approved"),
    ngx_string("leaning_rejected")
};


ngx_str_t *
ngx_http_postflow_notify_event_name(ngx_uint_t event)
{
    if (event >= NGX_HTTP_POSTFLOW_NOTIFY_NEVENTS) {
        return NULL;
    }

    return &ngx_http_postflow_notify_events[event];
}


/* why a webhook was refused, by ngx_http_postflow_reject_e */

ngx_str_t  ngx_http_postflow_reject_names[] = {
    ngx_string("method"),
    ngx_string("signature"),
    ngx_string("timestamp"),
    ngx_string("json"),
    ngx_string("too_large"),
    ngx_string("no_memory"),
    ngx_string("journal")
};


/*
 * The index of an entry is stored in tracks' event rings: append new
 * entries at the end only.
 */

ngx_http_postflow_event_type_t  ngx_http_postflow_event_types[] = {

    { ngx_string("file.created"), NGX_HTTP_POSTFLOW_EFFECT_STATUS,
      NGX_HTTP_POSTFLOW_UPLOADING, 1 },
    { ngx_string("file.upload.completed"), NGX_HTTP_POSTFLOW_EFFECT_STATUS,
      NGX_HTTP_POSTFLOW_PROCESSING, 1 },
    { ngx_string("file.ready"), NGX_HTTP_POSTFLOW_EFFECT_STATUS,
      NGX_HTTP_POSTFLOW_READY, 0 },
    { ngx_string("file.deleted"), NGX_HTTP_POSTFLOW_EFFECT_DELETE, 0, 0 },
    { ngx_string("file.updated"), NGX_HTTP_POSTFLOW_EFFECT_LABEL, 0, 0 },
    { ngx_string("file.versioned"), NGX_HTTP_POSTFLOW_EFFECT_VERSION, 0, 0 },
    { ngx_string("file.copied"), NGX_HTTP_POSTFLOW_EFFECT_NONE, 0, 0 },

    { ngx_string("asset.created"), NGX_HTTP_POSTFLOW_EFFECT_STATUS,
      NGX_HTTP_POSTFLOW_UPLOADING, 1 },
    { ngx_string("file.uploaded"), NGX_HTTP_POSTFLOW_EFFECT_STATUS,
      NGX_HTTP_POSTFLOW_PROCESSING, 1 },
    { ngx_string("asset.ready"), NGX_HTTP_POSTFLOW_EFFECT_STATUS,
      NGX_HTTP_POSTFLOW_READY, 0 },
    { ngx_string("asset.deleted"), NGX_HTTP_POSTFLOW_EFFECT_DELETE, 0, 0 },
    { ngx_string("asset.updated"), NGX_HTTP_POSTFLOW_EFFECT_NONE, 0, 0 },
    { ngx_string("asset.versioned"), NGX_HTTP_POSTFLOW_EFFECT_VERSION, 0, 0 },
    { ngx_string("asset.copied"), NGX_HTTP_POSTFLOW_EFFECT_NONE, 0, 0 },
    { ngx_string("asset.label.updated"), NGX_HTTP_POSTFLOW_EFFECT_LABEL, 0, 0 },

    { ngx_string("comment.created"), NGX_HTTP_POSTFLOW_EFFECT_COMMENT, 0, 0 },
    { ngx_string("comment.updated"), NGX_HTTP_POSTFLOW_EFFECT_COMMENT, 0, 0 },
    { ngx_string("comment.deleted"),
      NGX_HTTP_POSTFLOW_EFFECT_COMMENT_DELETE, 0, 0 },
    { ngx_string("comment.completed"),
      NGX_HTTP_POSTFLOW_EFFECT_COMMENT_COMPLETE, 0, 0 },
    { ngx_string("comment.uncompleted"),
      NGX_HTTP_POSTFLOW_EFFECT_COMMENT_REOPEN, 0, 0 },

    { ngx_string("metadata.value.updated"), NGX_HTTP_POSTFLOW_EFFECT_LABEL,
      0, 0 },

    { ngx_null_string, 0, 0, 0 }
};


ngx_int_t
ngx_http_postflow_event_type_find(ngx_str_t *name)
{
    ngx_uint_t  i;

    for (i = 0; ngx_http_postflow_event_types[i].name.len; i++) {
        if (ngx_http_postflow_event_types[i].name.len == name->len
            && ngx_strncmp(ngx_http_postflow_event_types[i].name.data,
                           name->data, name->len)
               == 0)
        {
            return i;
        }
    }

    return -1;
}


ngx_int_t
ngx_http_postflow_event_parse(ngx_http_postflow_event_t *ev, ngx_str_t *body,
    ngx_pool_t *pool, ngx_str_t *err)
{
    ngx_str_t                        team_id;
    ngx_http_postflow_json_field_t   fields[] = {
        { ngx_string("type"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->type, NULL, 0, 0 },
        { ngx_string("resource.type"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->resource_type, NULL, 0, 0 },
        { ngx_string("resource.id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->resource_id, NULL, 0, 0 },
        { ngx_string("account.id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->account_id, NULL, 0, 0 },
        { ngx_string("workspace.id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->workspace_id, NULL, 0, 0 },
        { ngx_string("team.id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &team_id, NULL, 0, 0 },
        { ngx_string("project.id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->project_id, NULL, 0, 0 },
        { ngx_string("user.id"), NGX_HTTP_POSTFLOW_JSON_STRING,
          NGX_HTTP_POSTFLOW_ID_MAX, &ev->user_id, NULL, 0, 0 },
        { ngx_null_string, 0, 0, NULL, NULL, 0, 0 }
    };

    ngx_str_null(&team_id);

    if (ngx_http_postflow_json_parse(body->data, body->len, fields,
                                     NGX_HTTP_POSTFLOW_JSON_DEPTH, pool, err)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (ev->type.len == 0) {
        ngx_str_set(err, "\"type\" is missing or empty");
        return NGX_ERROR;
    }

    if (ev->resource_id.len == 0) {
        ngx_str_set(err, "\"resource.id\" is missing or empty");
        return NGX_ERROR;
    }

    /* a legacy team is what V4 calls a workspace */

    if (ev->workspace_id.len == 0) {
        ev->workspace_id = team_id;
    }

    ev->type_index = ngx_http_postflow_event_type_find(&ev->type);

    return NGX_OK;
}
