# Routing a Frame.io file by its name (the file's name comes from the
# mock API): case, accents in either Unicode form, separators and the
# extension do not matter; versions do; a download copy, a re-render and
# a date written another way route by similarity; another shot never
# does; postflow_match_threshold sets how similar is similar enough.

use Test::Nginx::Socket 'no_plan';
use FindBin;

$ENV{TEST_NGINX_FIXTURES} ||= "$FindBin::Bin/fixtures";

our $ACC = '8f9a4c2e-3b1d-4e6f-9a7b-2c5d8e1f0a3b';

our %F = (
    generique => 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f50',  # NFD, upper case
    teaser => 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f51',     # "(1)"
    interview => 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f52',  # 31.01.2025
    sh020 => 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f53',
    scene => '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',      # scene01 v3
    cut1 => '0b6f1e5c-7a52-4d0e-9d64-1c2f7c1e9a10',       # SPOT_30S_v2
);

sub ev {
    my ($type, $id) = @_;

    return "POST /hook\n"
        . qq({"account":{"id":"$ACC"},"project":{"id":"p1"},)
        . qq("resource":{"id":"$id","type":"file"},"type":"$type",)
        . qq("user":{"id":"u1"},"workspace":{"id":"w1"}});
}

sub register {
    my ($upload_id, $filename) = @_;

    return "POST /api/uploads\n"
        . qq({"upload_id":"$upload_id","filename":"$filename"});
}

sub ready {
    my ($upload_id) = @_;
    return "GET /api/uploads/$upload_id?wait=ready&timeout=20s";
}

sub mock {
    my ($extra) = @_;

    return <<"_EOC_";
    postflow_zone tracks 1m;
    postflow_frameio_api http://127.0.0.1:\$TEST_NGINX_RAND_PORT_1;
    postflow_frameio_token test-token;
    postflow_poll_interval off;
    postflow_frameio_concurrency 1;
    @{[ $extra // '' ]}

    server {
        listen 127.0.0.1:\$TEST_NGINX_RAND_PORT_1;
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

    $block->set_value("config", <<'_EOC_');
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

    $block->set_value("no_error_log", "[error]\n[alert]\n[crit]\n");
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: accents in NFD, upper case, other separators, .mxf for .mov: the same name
--- request eval
[::register("generique", "Générique_fin_v1.mov"),
 ::register("generique-v2", "Générique_fin_v2.mov"),
 ::ev("file.ready", $::F{generique}),
 ::ready("generique"),
 "GET /stats"]
--- error_code eval
[201, 201, 202, 200, 200]
--- response_body_like eval
[qr/generique/, qr/generique-v2/, qr/unmatched/,
 qr/"file_id":"d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f50".*"status":"READY"/,
 qr/"routing":\{"by_name":1,"by_similarity":0,"ambiguous":0,"unmatched":0\}/]



=== TEST 2: a download copy "(1)" routes by similarity
--- request eval
[::register("teaser", "Teaser_v3.mov"),
 ::ev("file.ready", $::F{teaser}),
 ::ready("teaser"),
 "GET /stats"]
--- error_code eval
[201, 202, 200, 200]
--- response_body_like eval
[qr/teaser/, qr/unmatched/,
 qr/"file_id":"d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f51".*"status":"READY"/,
 qr/"routing":\{"by_name":0,"by_similarity":1,"ambiguous":0,"unmatched":0\}/]



=== TEST 3: a date written another way routes by similarity
--- request eval
[::register("interview", "Interview_2025-01-31.mov"),
 ::register("interview-2", "Interview_2025-02-01.mov"),
 ::ev("file.ready", $::F{interview}),
 ::ready("interview"),
 "GET /api/uploads/interview-2"]
--- error_code eval
[201, 201, 202, 200, 200]
--- response_body_like eval
[qr/interview/, qr/interview-2/, qr/unmatched/,
 qr/"file_id":"d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f52".*"status":"READY"/,
 qr/"file_id":null,.*"status":"REGISTERED"/]



=== TEST 4: another shot number never routes, even when it is the only name
One call at a time: the spot's file is judged after the shot's.
--- request eval
[::register("sh010", "SC03_SH010_v2.mov"),
 ::register("spot", "SPOT_30S_v2.mov"),
 ::ev("file.ready", $::F{sh020}),
 ::ev("file.ready", $::F{cut1}),
 ::ready("spot"),
 "GET /api/uploads/sh010",
 "GET /stats"]
--- error_code eval
[201, 201, 202, 202, 200, 200, 200]
--- response_body_like eval
[qr/sh010/, qr/spot/, qr/unmatched/, qr/unmatched/,
 qr/"status":"READY"/,
 qr/"file_id":null,.*"status":"REGISTERED"/,
 qr/"routing":\{"by_name":1,"by_similarity":0,"ambiguous":0,"unmatched":1\}/]



=== TEST 5: postflow_match_threshold: a re-render is not similar enough at 0.95
--- http_config eval
::mock("postflow_match_threshold 0.95;")
--- request eval
[::register("scene", "Scene_01_v2.mov"),
 ::register("spot", "SPOT_30S_v2.mov"),
 ::ev("file.ready", $::F{scene}),
 ::ev("file.ready", $::F{cut1}),
 ::ready("spot"),
 "GET /api/uploads/scene",
 "GET /stats"]
--- error_code eval
[201, 201, 202, 202, 200, 200, 200]
--- response_body_like eval
[qr/scene/, qr/spot/, qr/unmatched/, qr/unmatched/,
 qr/"status":"READY"/,
 qr/"file_id":null,.*"status":"REGISTERED"/,
 qr/"routing":\{"by_name":1,"by_similarity":0,"ambiguous":0,"unmatched":1\}/]



=== TEST 6: the same re-render routes at the default threshold (0.8)
--- request eval
[::register("scene", "Scene_01_v2.mov"),
 ::ev("file.ready", $::F{scene}),
 ::ready("scene")]
--- error_code eval
[201, 202, 200]
--- response_body_like eval
[qr/scene/, qr/unmatched/,
 qr/"file_id":"4d3c2b1a-0f9e-4d8c-b7a6-958473625140".*"status":"READY"/]



=== TEST 7: an unknown file's three events: one lookup, the track takes all three
The later events wait for the same lookup, or find the file routed.
--- request eval
[::register("teaser", "Teaser_v3.mov"),
 ::ev("file.created", $::F{teaser}),
 ::ev("file.upload.completed", $::F{teaser}),
 ::ev("file.ready", $::F{teaser}),
 ::ready("teaser"),
 "GET /stats"]
--- error_code_like eval
[qr/^201$/, qr/^202$/, qr/^20[02]$/, qr/^20[02]$/, qr/^200$/, qr/^200$/]
--- response_body_like eval
[qr/teaser/, qr/unmatched/, qr/unmatched|applied/, qr/unmatched|applied/,
 qr/"status":"READY".*"webhook_events_received":\["file.created:[^"]+","file.upload.completed:[^"]+","file.ready:[^"]+"\]/,
 qr/"events_processed":3,.*"api_calls":\{"ok":1,.*"routing":\{"by_name":0,"by_similarity":1,"ambiguous":0,"unmatched":0\}/]
