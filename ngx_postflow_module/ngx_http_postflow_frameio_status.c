
/*
 * V4's review status field: which metadata field, and which of its
 * values stand for which legacy label (ngx_http_postflow_review.c reads
 * the label: "approved" decides whatever the comments say).
 *
 * The built-in field's name and values are not documented by Frame.io;
 * "Status" with "Approved", "Needs Review" and "In Progress" is what the
 * integrations seen so far use, and postflow_frameio_status_field
 * changes it.
 */


#include "ngx_http_postflow_frameio.h"


/* a value of the status field, and the legacy label it stands for */
typedef struct {
    ngx_str_t                    value;
    ngx_str_t                    label;
} ngx_http_postflow_status_value_t;


static ngx_int_t ngx_http_postflow_status_add(ngx_array_t *values,
    ngx_str_t *label, u_char *p, u_char *last);


/* the labels a status may stand for, and their default values */
static ngx_str_t  ngx_http_postflow_status_labels[] = {
    ngx_string("approved"),
    ngx_string("needs_review"),
    ngx_string("in_progress"),
    ngx_null_string
};

static ngx_str_t  ngx_http_postflow_status_defaults[] = {
    ngx_string("Approved"),
    ngx_string("Needs Review"),
    ngx_string("In Progress"),
    ngx_null_string
};


/*
 * postflow_frameio_status_field NAME [approved=V|V...] [needs_review=...]
 *     [in_progress=...] | off
 *
 * Values not given keep their defaults; a value names one label.
 */

char *
ngx_http_postflow_fio_status_field(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    char  *p = conf;

    u_char                        *eq, *last;
    ngx_str_t                     *value, key, given[3];
    ngx_uint_t                     i, k;
    ngx_http_postflow_fio_conf_t  *fc;

    fc = (ngx_http_postflow_fio_conf_t *) (p + cmd->offset);

    if (fc->status_values != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0 && cf->args->nelts == 2) {
        fc->status_values = NULL;
        return NGX_CONF_OK;
    }

    if (value[1].len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "postflow_frameio_status_field: empty field name");
        return NGX_CONF_ERROR;
    }

    fc->status_field = value[1];
    ngx_memcpy(given, ngx_http_postflow_status_defaults, sizeof(given));

    for (i = 2; i < cf->args->nelts; i++) {
        eq = ngx_strlchr(value[i].data, value[i].data + value[i].len, '=');
        key.data = value[i].data;
        key.len = eq ? (size_t) (eq - key.data) : 0;

        for (k = 0; k < 3; k++) {
            if (ngx_http_postflow_status_labels[k].len == key.len
                && ngx_strncmp(ngx_http_postflow_status_labels[k].data,
                               key.data, key.len) == 0)
            {
                break;
            }
        }

        if (k == 3 || eq + 1 == value[i].data + value[i].len) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "postflow_frameio_status_field: \"%V\" is"
                               " not approved=, needs_review= or"
                               " in_progress= with values", &value[i]);
            return NGX_CONF_ERROR;
        }

        given[k].data = eq + 1;
        given[k].len = value[i].data + value[i].len - (eq + 1);
    }

    fc->status_values = ngx_array_create(cf->pool, 4,
                                     sizeof(ngx_http_postflow_status_value_t));
    if (fc->status_values == NULL) {
        return NGX_CONF_ERROR;
    }

    for (k = 0; k < 3; k++) {
        last = given[k].data + given[k].len;

        if (ngx_http_postflow_status_add(fc->status_values,
                                         &ngx_http_postflow_status_labels[k],
                                         given[k].data, last)
            != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


/* "A|B|C" into values, each standing for label */

static ngx_int_t
ngx_http_postflow_status_add(ngx_array_t *values, ngx_str_t *label,
    u_char *p, u_char *last)
{
    u_char                            *bar;
    ngx_http_postflow_status_value_t  *v;

    while (p < last) {
        bar = ngx_strlchr(p, last, '|');

        if (bar == NULL) {
            bar = last;
        }

        if (bar > p) {
            v = ngx_array_push(values);
            if (v == NULL) {
                return NGX_ERROR;
            }

            v->value.data = p;
            v->value.len = bar - p;
            v->label = *label;
        }

        p = bar + 1;
    }

    return NGX_OK;
}


/* the default: the field "Status" with its usual values */

ngx_int_t
ngx_http_postflow_fio_status_init(ngx_conf_t *cf,
    ngx_http_postflow_fio_conf_t *conf)
{
    ngx_uint_t  k;
    ngx_str_t  *d;

    if (conf->status_values != NGX_CONF_UNSET_PTR) {
        return NGX_OK;
    }

    ngx_str_set(&conf->status_field, "Status");

    conf->status_values = ngx_array_create(cf->pool, 4,
                                     sizeof(ngx_http_postflow_status_value_t));
    if (conf->status_values == NULL) {
        return NGX_ERROR;
    }

    for (k = 0; k < 3; k++) {
        d = &ngx_http_postflow_status_defaults[k];

        if (ngx_http_postflow_status_add(conf->status_values,
                                         &ngx_http_postflow_status_labels[k],
                                         d->data, d->data + d->len)
            != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


/*
 * The label a status value stands for, case-insensitively; "none" for
 * a value the configuration does not name: the comments decide then.
 */

void
ngx_http_postflow_fio_status_label(ngx_http_postflow_fio_conf_t *conf,
    ngx_str_t *value, ngx_str_t *label)
{
    ngx_uint_t                         i;
    ngx_http_postflow_status_value_t  *v;

    v = conf->status_values->elts;

    for (i = 0; i < conf->status_values->nelts; i++) {
        if (v[i].value.len == value->len
            && ngx_strncasecmp(v[i].value.data, value->data, value->len)
               == 0)
        {
            *label = v[i].label;
            return;
        }
    }

    ngx_str_set(label, "none");
}
