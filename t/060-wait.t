# Long-poll waits: GET /uploads/{id}?wait=...&timeout=... answers when
# the condition holds, or at the timeout with the track as it is.

use Test::Nginx::Socket 'no_plan';

sub register {
    my ($upload_id, $file_id) = @_;

    return "POST /api/uploads\n" . qq({"upload_id":"$upload_id",)
        . qq("filename":"$upload_id.mov","file_id":"$file_id"});
}

sub ev {
    my ($type, $file_id) = @_;

    return "POST /hook\n" . qq({"type":"$type","resource":)
        . qq({"id":"$file_id","type":"file"}});
}

add_block_preprocessor(sub {
    my $block = shift;

    $block->set_value("http_config", "    postflow_zone tracks 1m;\n");
    $block->set_value("config", <<'_EOC_');
    location = /hook {
        postflow_webhook tracks;
    }
    location /api/ {
        postflow_api tracks;
    }
_EOC_
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: a condition that holds already answers at once
--- request eval
[::register("cut-1", "f-1"), ::ev("file.ready", "f-1"),
 "GET /api/uploads/cut-1?wait=ready&timeout=30s"]
--- error_code eval
[201, 200, 200]
--- response_headers eval
["", "", "X-Postflow-Wait: satisfied"]
--- response_body_like eval
[qr/cut-1/, qr/applied/, qr/"upload_id":"cut-1".*"status":"READY"/]



=== TEST 2: a timeout answers with the current track
--- request eval
[::register("cut-1", "f-1"),
 "GET /api/uploads/cut-1?wait=ready&timeout=1s"]
--- error_code eval
[201, 200]
--- response_headers eval
["", "X-Postflow-Wait: timeout"]
--- response_body_like eval
[qr/cut-1/, qr/"upload_id":"cut-1".*"status":"REGISTERED"/]
--- no_error_log
[error]



=== TEST 3: bad arguments
--- request eval
[::register("cut-1", "f-1"), "GET /api/uploads/cut-1?wait=soon",
 "GET /api/uploads/cut-1?wait=ready&timeout=2h",
 "GET /api/uploads/cut-1?wait=ready&timeout=later"]
--- error_code eval
[201, 400, 400, 400]
--- response_body_like eval
[qr/cut-1/,
 qr/^\{"error":"\\"wait\\" must be ready, approved or reviewed, and \\"timeout\\" a time of at most 3600s"\}$/,
 qr/wait/, qr/wait/]



=== TEST 4: an unknown upload is 404 at once
--- request
GET /api/uploads/nope?wait=ready&timeout=30s
--- error_code: 404
--- response_body
{"error":"no such upload"}



=== TEST 5: a deleted file ends the wait
--- request eval
[::register("cut-1", "f-1"), ::ev("file.deleted", "f-1"),
 "GET /api/uploads/cut-1?wait=approved&timeout=30s"]
--- error_code eval
[201, 200, 200]
--- response_headers eval
["", "", "X-Postflow-Wait: deleted"]
