# The Frame.io poller's jobs against a mock Frame.io API (another server
# of the same nginx, fixtures in t/fixtures/frameio): comment events fetch
# the comment, events for unknown files fetch the file's name and route
# it, the poller lists threads page by page, and failed calls are tried
# again.  Each block waits for what a user sees (?wait= on the track).

use Test::Nginx::Socket 'no_plan';
use FindBin;

$ENV{TEST_NGINX_FIXTURES} ||= "$FindBin::Bin/fixtures";

our $ACC = '8f9a4c2e-3b1d-4e6f-9a7b-2c5d8e1f0a3b';
our $WS = '1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6';
our $PRJ = '9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';
our $USR = '59c9ade1-311b-4c3b-8231-b9d88e9a1a85';
our $TEAM = 'aa891687-4b1e-4150-9b6d-9e4911c5b436';

our %F = (
    cut1 => '0b6f1e5c-7a52-4d0e-9d64-1c2f7c1e9a10',
    scene => '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
    exact => '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
    ambig => 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    none => 'c0ffee00-1234-4567-89ab-cdef01234567',
    thread => 'e7d6c5b4-a392-4817-9e6d-5c4b3a291807',
    legacy => '6aad9151-c216-4d6f-b5e9-530df551a426',
    lthread => 'b5a49382-7160-4f5e-8d7c-6b5a49382716',
    label => 'f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
);

our %C = (
    approve => '3f2e1d0c-9b8a-4765-a4b3-c2d1e0f9a8b7',
    fix => '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    scene => 'd4c3b2a1-f0e9-4d8c-b7a6-9f8e7d6c5b4a',
    c429 => '11111111-4290-4429-9429-000000000429',
    c500 => '22222222-5000-4500-9500-000000000500',
    legacy => '8b7a6958-4736-4251-9f8e-7d6c5b4a3928',
    reply => '9c8b7a69-5847-4362-8f9e-8d7c6b5a4939',
);

# a V4 delivery, compact and in Frame.io's key order
sub ev {
    my ($type, $id) = @_;
    my $rtype = $type =~ /^comment/ ? 'comment' : 'file';

    return "POST /hook\n"
        . qq({"account":{"id":"$ACC"},"project":{"id":"$PRJ"},)
        . qq("resource":{"id":"$id","type":"$rtype"},"type":"$type",)
        . qq("user":{"id":"$USR"},"workspace":{"id":"$WS"}});
}

# a legacy (v2) delivery: a team, no account
sub legacy_ev {
    my ($type, $id) = @_;
    my $rtype = $type =~ /^comment/ ? 'comment' : 'asset';

    return "POST /hook\n"
        . qq({"project":{"id":"$PRJ"},"resource":{"id":"$id",)
        . qq("type":"$rtype"},"team":{"id":"$TEAM"},"type":"$type",)
        . qq("user":{"id":"$USR"}});
}

sub register {
    my ($upload_id, $filename, $file_id, $account) = @_;
    my $more = defined $file_id ? qq(,"file_id":"$file_id") : '';
    $more .= qq(,"account_id":"$account") if defined $account;

    return "POST /api/uploads\n"
        . qq({"upload_id":"$upload_id","filename":"$filename"$more});
}

sub wait_for {
    my ($upload_id, $cond) = @_;
    return "GET /api/uploads/$upload_id?wait=$cond&timeout=20s";
}

# the mock Frame.io API, and the upstream that fails once then answers
sub mock {
    my ($extra) = @_;

    return <<"_EOC_";
    postflow_zone tracks 1m;
    postflow_frameio_api http://127.0.0.1:\$TEST_NGINX_RAND_PORT_1;
    postflow_frameio_token test-token;
    postflow_frameio_retry_5xx 200ms;
    @{[ $extra // 'postflow_poll_interval off;' ]}

    upstream frameio_flaky {
        server 127.0.0.1:\$TEST_NGINX_RAND_PORT_2;
        server 127.0.0.1:\$TEST_NGINX_RAND_PORT_3;
    }

    server {
        listen 127.0.0.1:\$TEST_NGINX_RAND_PORT_1;
        default_type application/json;
        root \$TEST_NGINX_FIXTURES/frameio;

        if (\$http_authorization != "Bearer test-token") {
            return 401 '{"error":{"detail":"Malformed token."}}';
        }

        add_header x-ratelimit-limit 100 always;
        add_header x-ratelimit-remaining 99 always;
        add_header x-ratelimit-window 60000 always;

        location / {
            try_files \$uri.json =404;
        }

        # V4 cursors (?after=) and legacy pages (?page=, total-pages)
        location ~ /comments\$ {
            add_header total-pages 3 always;
            add_header page-number \$arg_page always;
            try_files \$uri\$arg_after\$arg_page.json =404;
        }

        location ~ ^/v4/accounts/[^/]+/comments/(11111111|22222222)- {
            proxy_pass http://frameio_flaky;
        }
    }

    # the first answer of the flaky upstream: a 429 or a 500
    server {
        listen 127.0.0.1:\$TEST_NGINX_RAND_PORT_2;
        default_type application/json;

        location / {
            return 500 '{"errors":[{"detail":"Internal Server Error"}]}';
        }

        location ~ /11111111- {
            add_header x-ratelimit-limit 100 always;
            add_header x-ratelimit-remaining 0 always;
            add_header x-ratelimit-window 1000 always;
            return 429 '{"errors":[{"detail":"Too Many Requests"}]}';
        }
    }

    # its second answer: the fixture
    server {
        listen 127.0.0.1:\$TEST_NGINX_RAND_PORT_3;
        default_type application/json;
        root \$TEST_NGINX_FIXTURES/frameio;

        location / {
            try_files \$uri.json =404;
        }
    }
_EOC_
}

add_block_preprocessor(sub {
    my $block = shift;

    # long polls wait for the API's results: more than the default 3 s
    $block->set_value("timeout", 30) unless defined $block->timeout;

    $block->set_value("http_config", mock())
        unless defined $block->http_config;

    $block->set_value("config", <<'_EOC_') unless defined $block->config;
    location = /hook {
        postflow_webhook tracks;
    }
    location /api/ {
        postflow_api tracks;
    }
    location = /stats {
        postflow_stats tracks;
    }
_EOC_

    $block->set_value("no_error_log", "[error]\n[alert]\n[crit]\n")
        unless defined $block->no_error_log;
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: comment.created: the comment is fetched (V4, "asset_id") and analysed
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{approve}),
 ::wait_for("cut-1", "reviewed"),
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_body_like eval
[qr/"upload_id":"cut-1"/,
 qr/^\{"outcome":"queued","event":"comment.created","upload_id":null\}$/,
 qr/"review_status":"APPROVED".*"comments_count":1,/,
 qr/"comments_analyzed":1,.*"poller":\{"lease_owner":\d+,"runs":0,"last_run":null,"api_calls":\{"ok":1,"4xx":0,"5xx":0,"timeout":0,"rate_limited":0,"error":0\},"retries":0,"jobs":\{"queued":1,"waiting":0,"done":1,"failed":0,"dropped":0\},"comments":\{"added":1,"edited":0,"deleted":0\}/]



=== TEST 2: the comment's file given as "file_id" (the current V4 name) works alike
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{fix}),
 ::wait_for("cut-1", "reviewed")]
--- error_code eval
[201, 202, 200]
--- response_body_like eval
[qr/cut-1/, qr/"outcome":"queued"/,
 qr/"review_status":"NEEDS_CHANGES".*"comments_count":1,/]



=== TEST 3: the same comment delivered twice is analysed once
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{fix}),
 ::ev("comment.updated", $::C{fix}),
 ::wait_for("cut-1", "reviewed"),
 ::ev("comment.created", $::C{approve}),
 ::wait_for("cut-1", "approved")]
--- error_code eval
[201, 202, 202, 200, 202, 200]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/queued/,
 qr/"review_status":"NEEDS_CHANGES".*"comments_count":1,/, qr/queued/,
 qr/"review_status":"APPROVED".*"comments_count":2,/]



=== TEST 4: legacy: /v2/comments/{id}, then a reply whose file is its parent's
--- request eval
[::register("promo", "PROMO_15s_v4.mov", $::F{legacy}),
 ::legacy_ev("comment.created", $::C{legacy}),
 ::wait_for("promo", "reviewed"),
 ::legacy_ev("comment.created", $::C{reply}),
 ::wait_for("promo", "approved")]
--- error_code eval
[201, 202, 200, 202, 200]
--- response_body_like eval
[qr/promo/, qr/queued/,
 qr/"review_status":"NEEDS_CHANGES".*"comments_count":1,/, qr/queued/,
 qr/"review_status":"APPROVED".*"comments_count":2,/]



=== TEST 5: comment.deleted takes the comment out of the analysis
A deletion needs no call; with one call at a time, the approval of
cut-2 comes after it.
--- http_config eval
::mock("postflow_poll_interval off; postflow_frameio_concurrency 1;")
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::register("cut-2", "OTHER.mov", $::F{scene}, $::ACC),
 ::ev("comment.created", $::C{fix}),
 ::wait_for("cut-1", "reviewed"),
 ::ev("comment.deleted", $::C{fix}),
 ::ev("comment.created", $::C{scene}),
 ::wait_for("cut-2", "approved"),
 "GET /api/uploads/cut-1",
 "GET /stats"]
--- error_code eval
[201, 201, 202, 200, 202, 202, 200, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/cut-2/, qr/queued/,
 qr/"review_status":"NEEDS_CHANGES".*"comments_count":1,/,
 qr/^\{"outcome":"queued","event":"comment.deleted","upload_id":null\}$/,
 qr/queued/, qr/"review_status":"APPROVED"/,
 qr/"review_status":"PENDING","review_score":0.000,"comments_count":0,/,
 qr/"comments":\{"added":2,"edited":0,"deleted":1\}/]



=== TEST 6: a comment on a file no track knows: the file's name routes it (similar name)
--- request eval
[::register("scene", "Scene_01_v2.mov"),
 ::ev("comment.created", $::C{scene}),
 ::wait_for("scene", "reviewed"),
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_body_like eval
[qr/"file_id":null/, qr/queued/,
 qr/"file_id":"4d3c2b1a-0f9e-4d8c-b7a6-958473625140","project_id":null,"workspace_id":null,"account_id":"8f9a4c2e-3b1d-4e6f-9a7b-2c5d8e1f0a3b",.*"review_status":"APPROVED".*"comments_count":1,/,
 qr/"api_calls":\{"ok":2,.*"routing":\{"by_name":0,"by_similarity":1,"ambiguous":0,"unmatched":0\}/]



=== TEST 7: an unknown file's event: routed by exact name, the version kept; later events route by id
--- request eval
[::register("sh010-v1", "SC03_SH010_v1.mov"),
 ::register("sh010-v2", "SC03_SH010_v2.mov"),
 ::ev("file.ready", $::F{exact}),
 ::wait_for("sh010-v2", "ready"),
 "GET /api/uploads/sh010-v1",
 ::ev("file.deleted", $::F{exact}),
 "GET /stats"]
--- error_code eval
[201, 201, 202, 200, 200, 200, 200]
--- response_body_like eval
[qr/v1/, qr/v2/,
 qr/^\{"outcome":"unmatched","event":"file.ready","upload_id":null\}$/,
 qr/"upload_id":"sh010-v2","filename":"SC03_SH010_v2.mov","file_id":"7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918".*"status":"READY"/,
 qr/"upload_id":"sh010-v1",.*"file_id":null,.*"status":"REGISTERED"/,
 qr/^\{"outcome":"applied","event":"file.deleted","upload_id":"sh010-v2"\}$/,
 qr/"unmatched_claimed":1,.*"routing":\{"by_name":1,"by_similarity":0,"ambiguous":0,"unmatched":0\}/]



=== TEST 8: two names as close: not routed, counted as ambiguous; a name like none: unmatched
One call at a time: when the last file is routed, the others were judged.
--- http_config eval
::mock("postflow_poll_interval off; postflow_frameio_concurrency 1;")
--- request eval
[::register("sh010-v1", "SC03_SH010_v1.mov"),
 ::register("sh010-v2", "SC03_SH010_v2.mov"),
 ::register("spot", "SPOT 30s v2.mxf"),
 ::ev("file.ready", $::F{ambig}),
 ::ev("file.ready", $::F{none}),
 ::ev("file.ready", $::F{cut1}),
 ::wait_for("spot", "ready"),
 "GET /api/uploads?status=REGISTERED",
 "GET /stats"]
--- error_code eval
[201, 201, 201, 202, 202, 202, 200, 200, 200]
--- response_body_like eval
[qr/v1/, qr/v2/, qr/spot/, qr/unmatched/, qr/unmatched/, qr/unmatched/,
 qr/"file_id":"0b6f1e5c-7a52-4d0e-9d64-1c2f7c1e9a10".*"status":"READY"/,
 qr/"count":2,/,
 qr/"unmatched_waiting":2,.*"routing":\{"by_name":1,"by_similarity":0,"ambiguous":1,"unmatched":1\}/]



=== TEST 9: polling: three pages of comments (V4 cursors), a reply listed twice
--- http_config eval
::mock("postflow_poll_interval 1s;")
--- request eval
[::register("thread", "THREAD.mov", $::F{thread}, $::ACC),
 ::wait_for("thread", "approved"),
 "GET /stats"]
--- error_code eval
[201, 200, 200]
--- response_body_like eval
[qr/thread/,
 qr/"review_status":"APPROVED".*"comments_count":5,/,
 qr/"comments_analyzed":5,.*"poller":\{"lease_owner":\d+,"runs":[1-9]\d*,"last_run":"[-0-9T:]+Z","api_calls":\{"ok":[3-9],.*"comments":\{"added":5,"edited":0,"deleted":0\}/]



=== TEST 10: polling: legacy pages (page, page_size, total-pages)
--- http_config eval
::mock("postflow_poll_interval 1s;")
--- request eval
[::register("lthread", "LTHREAD.mov", $::F{lthread}),
 ::wait_for("lthread", "approved"),
 "GET /stats"]
--- error_code eval
[201, 200, 200]
--- response_body_like eval
[qr/lthread/,
 qr/"review_status":"APPROVED".*"comments_count":4,/,
 qr/"comments":\{"added":4,"edited":0,"deleted":0\}/]



=== TEST 11: a 500, then the answer: the call is tried again
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{c500}),
 ::wait_for("cut-1", "approved"),
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/"review_status":"APPROVED"/,
 qr/"api_calls":\{"ok":1,"4xx":0,"5xx":1,"timeout":0,"rate_limited":0,"error":0\},"retries":1,/]



=== TEST 12: a 429 with x-ratelimit-remaining 0: calls wait for the window, then succeed
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{c429}),
 ::wait_for("cut-1", "approved"),
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/"review_status":"APPROVED"/,
 qr/"api_calls":\{"ok":1,"4xx":0,"5xx":0,"timeout":0,"rate_limited":1,"error":0\},"retries":1,/]



=== TEST 13: a wrong token: the call is counted as 4xx, the track is untouched
--- http_config eval
my $m = ::mock(); $m =~ s/postflow_frameio_token test-token/postflow_frameio_token expired-token/; $m
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{approve}),
 "GET /api/uploads/cut-1?wait=reviewed&timeout=2s",
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_headers eval
["", "", "X-Postflow-Wait: timeout", ""]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/"review_status":"PENDING"/,
 qr/"api_calls":\{"ok":0,"4xx":1,.*"jobs":\{"queued":1,"waiting":0,"done":0,"failed":1,/]



=== TEST 14: without a token, comment events are ignored and nothing is called
--- http_config
    postflow_zone tracks 1m;
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{approve}),
 "GET /stats"]
--- error_code eval
[201, 200, 200]
--- response_body_like eval
[qr/cut-1/,
 qr/^\{"outcome":"ignored","event":"comment.created","upload_id":null\}$/,
 qr/"zone_usage":\{"bytes":\d+,"size":\d+,"tracks":1\}\}$/]



=== TEST 15: TLS: an https API whose certificate postflow_frameio_ca_file trusts
--- http_config
    postflow_zone tracks 1m;
    postflow_frameio_api https://127.0.0.1:$TEST_NGINX_RAND_PORT_1;
    postflow_frameio_token test-token;
    postflow_frameio_ca_file $TEST_NGINX_FIXTURES/tls/mock-frameio.crt;
    postflow_poll_interval off;

    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1 ssl;
        ssl_certificate $TEST_NGINX_FIXTURES/tls/mock-frameio.crt;
        ssl_certificate_key $TEST_NGINX_FIXTURES/tls/mock-frameio.key;
        default_type application/json;
        root $TEST_NGINX_FIXTURES/frameio;

        location / {
            try_files $uri.json =404;
        }
    }
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{approve}),
 ::wait_for("cut-1", "reviewed")]
--- error_code eval
[201, 202, 200]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/"review_status":"APPROVED"/]



=== TEST 16: TLS: a certificate nothing trusts is refused, counted as an error
--- http_config
    postflow_zone tracks 1m;
    postflow_frameio_api https://127.0.0.1:$TEST_NGINX_RAND_PORT_1;
    postflow_frameio_token test-token;
    postflow_frameio_retries 0;
    postflow_poll_interval off;

    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1 ssl;
        ssl_certificate $TEST_NGINX_FIXTURES/tls/mock-frameio.crt;
        ssl_certificate_key $TEST_NGINX_FIXTURES/tls/mock-frameio.key;
        default_type application/json;
        root $TEST_NGINX_FIXTURES/frameio;

        location / {
            try_files $uri.json =404;
        }
    }
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", $::C{approve}),
 "GET /api/uploads/cut-1?wait=reviewed&timeout=2s",
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/"review_status":"PENDING"/,
 qr/"api_calls":\{"ok":0,"4xx":0,"5xx":0,"timeout":0,"rate_limited":0,"error":1\},"retries":0,.*"failed":1,/]
--- no_error_log
[alert]
[crit]



=== TEST 16b: a redirection and an answer over the size limit are not tried again
--- http_config
    postflow_zone tracks 1m;
    postflow_frameio_api http://127.0.0.1:$TEST_NGINX_RAND_PORT_1;
    postflow_frameio_token test-token;
    postflow_frameio_max_response 4k;
    postflow_poll_interval off;

    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1;
        default_type application/json;

        location ~ /comments/33333333- {
            return 302 http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/elsewhere;
        }

        # larger than postflow_frameio_max_response, with a Content-Length
        location ~ /comments/55555555- {
            root $TEST_NGINX_FIXTURES/frameio;
            try_files /large.json =404;
        }
    }
--- request eval
[::register("cut-1", "SPOT_30S_v2.mov", $::F{cut1}, $::ACC),
 ::ev("comment.created", "33333333-3020-4302-9302-000000000302"),
 ::ev("comment.created", "55555555-5000-4500-9500-000000005000"),
 "GET /api/uploads/cut-1?wait=reviewed&timeout=2s",
 "GET /stats"]
--- error_code eval
[201, 202, 202, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/queued/, qr/queued/, qr/"review_status":"PENDING"/,
 qr/"api_calls":\{"ok":0,"4xx":0,"5xx":0,"timeout":0,"rate_limited":0,"error":2\},"retries":0,.*"failed":2,/]
--- no_error_log
[alert]
[crit]



=== TEST 17: legacy asset.label.updated: the asset's label is read; "approved" wins over the comments
--- request eval
[::register("spot", "SPOT_30s_v3.mov", $::F{label}),
 "POST /api/uploads/spot/comments\n" . '{"text":"fix the logo at 00:12"}',
 ::legacy_ev("asset.label.updated", $::F{label}),
 ::wait_for("spot", "approved"),
 ::register("promo", "PROMO_15s_v4.mov", $::F{legacy}),
 "POST /api/uploads/promo/comments\n" . '{"text":"fix the logo at 00:12"}',
 ::legacy_ev("asset.label.updated", $::F{legacy}),
 "GET /api/uploads/promo?wait=approved&timeout=2s"]
--- error_code eval
[201, 201, 200, 200, 201, 201, 200, 200]
--- response_body_like eval
[qr/spot/, qr/NEEDS_CHANGES/,
 qr/"outcome":"applied","event":"asset.label.updated"/,
 qr/"review_status":"APPROVED"/,
 qr/promo/, qr/NEEDS_CHANGES/, qr/applied/,
 qr/"review_status":"NEEDS_CHANGES"/]
