# Statistics: the JSON document and the Prometheus exposition.

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
    location = /stats {
        postflow_stats tracks;
    }
_EOC_
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: an empty zone
--- request
GET /stats
--- response_headers
Content-Type: application/json
--- response_body_like: ^\{"zone":"tracks","total_tracked":0,"active_tracks":0,"events_processed":0,"comments_analyzed":0,"status_distribution":\{"REGISTERED":0,"UPLOADING":0,"PROCESSING":0,"READY":0,"COMPLETED":0,"DELETED":0\},"review_status_distribution":\{"PENDING":0,"APPROVED":0,"NEEDS_CHANGES":0,"LEANING_APPROVED":0,"LEANING_REJECTED":0\},"active_uploads":\[\],"webhooks":\{"received":0,"accepted":0,"duplicates":0,"out_of_order":0,"unmatched":0,"unmatched_claimed":0,"unmatched_dropped":0,"ignored":0,"unmatched_waiting":0,"rejected":\{"method":0,"signature":0,"timestamp":0,"json":0,"too_large":0,"no_memory":0,"journal":0\}\},"tracks":\{"registered":0,"registrations_failed":0,"deleted":0,"expired":0,"evicted":0\},"zone_usage":\{"bytes":\d+,"size":1048576,"tracks":0\}\}$
--- no_error_log
[error]



=== TEST 2: distributions follow the tracks
--- request eval
[::register("cut-1", "f-1"), ::register("cut-2", "f-2"),
 ::register("cut-3", "f-3"), ::ev("file.ready", "f-1"),
 ::ev("file.created", "f-2"), ::ev("file.deleted", "f-3"),
 ::ev("file.created", "f-2"), "GET /hook", "DELETE /api/uploads/cut-2",
 "GET /stats"]
--- error_code eval
[201, 201, 201, 200, 200, 200, 200, 405, 204, 200]
--- response_body_like eval
[qr/cut-1/, qr/cut-2/, qr/cut-3/, qr/applied/, qr/applied/, qr/applied/,
 qr/duplicate/, qr/POST/, qr/^$/,
 qr/"total_tracked":2,"active_tracks":1,"events_processed":4,.*"status_distribution":\{"REGISTERED":0,"UPLOADING":0,"PROCESSING":0,"READY":1,"COMPLETED":0,"DELETED":1\},"review_status_distribution":\{"PENDING":2,.*"active_uploads":\["cut-1"\],"webhooks":\{"received":5,"accepted":4,"duplicates":1,.*"rejected":\{"method":1,.*"tracks":\{"registered":3,"registrations_failed":0,"deleted":1,/]



=== TEST 3: only GET and HEAD, refused in JSON like every other error
--- request
POST /stats
{"a":1}
--- error_code: 405
--- response_headers
Content-Type: application/json
Allow: GET, HEAD
--- response_body
{"error":"statistics are read with GET"}



=== TEST 4: Prometheus text with ?format=prometheus
--- request eval
[::register("cut-1", "f-1"), ::ev("file.ready", "f-1"),
 "GET /stats?format=prometheus"]
--- error_code eval
[201, 200, 200]
--- response_headers eval
["", "", "Content-Type: text/plain; version=0.0.4; charset=utf-8"]
--- response_body_like eval
[qr/cut-1/, qr/applied/,
 qr/^# HELP postflow_webhooks_received_total Webhook deliveries received\.\n# TYPE postflow_webhooks_received_total counter\npostflow_webhooks_received_total\{zone="tracks"\} 1\n.*\npostflow_webhooks_rejected_total\{zone="tracks",reason="signature"\} 0\n.*\npostflow_tracks\{zone="tracks",status="READY"\} 1\n.*\npostflow_tracks_review\{zone="tracks",review_status="PENDING"\} 1\n.*postflow_zone_size_bytes\{zone="tracks"\} 1048576\n$/s]



=== TEST 5: Prometheus text for the Accept header a scraper sends
--- request
GET /stats
--- more_headers
Accept: text/plain;version=0.0.4;q=1,*/*;q=0.1
--- response_headers
Content-Type: text/plain; version=0.0.4; charset=utf-8
--- response_body_like: ^# HELP postflow_



=== TEST 6: a format it does not speak is refused, not answered in JSON
--- request
GET /stats?format=xml
--- error_code: 400
--- response_body
{"error":"format is json or prometheus"}
