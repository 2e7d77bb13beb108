
/*
 * What the workers may do with a file the master checks for them.  A
 * root master runs its workers as the `user` of nginx.conf (nobody by
 * default): a journal directory or a token file that root can use but
 * that user cannot would fail only later, in every worker, with every
 * request.  nginx -t says so instead.
 */


#include "ngx_http_postflow_access.h"


static ngx_uint_t ngx_http_postflow_in_group(gid_t gid, const char *user,
    gid_t group);


/*
 * rights: S_IRUSR, S_IWUSR, S_IXUSR or'ed, for the owner's bits; they
 * are shifted for the group's and the others'.
 */

ngx_uint_t
ngx_http_postflow_worker_can(u_char *path, ngx_file_info_t *fi,
    ngx_cycle_t *cycle, ngx_uint_t rights)
{
    int               mode;
    uid_t             uid;
    gid_t             gid;
    const char       *name;
    struct passwd    *pw;
    ngx_core_conf_t  *ccf;

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);

    if (geteuid() != 0) {
        /* the workers run as this process does */
        mode = ((rights & S_IRUSR) ? R_OK : 0)
               | ((rights & S_IWUSR) ? W_OK : 0)
               | ((rights & S_IXUSR) ? X_OK : 0);

        return access((char *) path, mode) == 0;
    }

    if (ccf->user != (ngx_uid_t) NGX_CONF_UNSET_UINT) {
        uid = ccf->user;
        gid = ccf->group;
        name = ccf->username;

    } else {
        /* nginx's own default, applied after the http block is read */
        pw = getpwnam(NGX_USER);
        if (pw == NULL) {
            return 1;
        }

        uid = pw->pw_uid;
        gid = pw->pw_gid;
        name = NGX_USER;
    }

    if (uid == 0) {
        return 1;
    }

    if (fi->st_uid == uid) {
        return (fi->st_mode & rights) == rights;
    }

    if (ngx_http_postflow_in_group(fi->st_gid, name, gid)) {
        return (fi->st_mode & (rights >> 3)) == (rights >> 3);
    }

    return (fi->st_mode & (rights >> 6)) == (rights >> 6);
}


/* the name nginx would run its workers as, for messages */

const char *
ngx_http_postflow_worker_user(ngx_cycle_t *cycle)
{
    ngx_core_conf_t  *ccf;

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);

    if (ccf->username) {
        return ccf->username;
    }

    return geteuid() == 0 ? NGX_USER : "(the user nginx runs as)";
}


static ngx_uint_t
ngx_http_postflow_in_group(gid_t gid, const char *user, gid_t group)
{
    int    i, n;
    gid_t  groups[64];

    if (gid == group) {
        return 1;
    }

    n = 64;

    if (getgrouplist(user, group, groups, &n) == -1) {
        return 0;
    }

    for (i = 0; i < n; i++) {
        if (groups[i] == gid) {
            return 1;
        }
    }

    return 0;
}
