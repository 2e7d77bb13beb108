# Tracks: registration, routing by file_id, the status state machine,
# duplicates, out-of-order deliveries and late registrations.

use Test::Nginx::Socket 'no_plan';

# a V4 event as Frame.io sends it
sub ev {
    my ($type, $id) = @_;
    my $rtype = $type =~ /^comment/ ? 'comment' : 'file';

    return "POST /hook\n" . '{"account":{"id":"acc-1"},"project":{"id":'
        . '"prj-1"},"resource":{"id":"' . $id . '","type":"' . $rtype
        . '"},"type":"' . $type . '","user":{"id":"usr-1"},'
        . '"workspace":{"id":"ws-1"}}';
}

sub register {
    my ($upload_id, $file_id) = @_;
    my $file = defined $file_id ? qq(,"file_id":"$file_id") : '';

    return "POST /api/uploads\n"
        . qq({"upload_id":"$upload_id","filename":"SC03_SH010_v2.mov"$file});
}

add_block_preprocessor(sub {
    my $block = shift;

    $block->set_value("http_config", "    postflow_zone tracks 1m;\n")
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
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: register, then read the track back
--- request eval
[::register("cut-1", "file-1"), "GET /api/uploads/cut-1"]
--- error_code eval
[201, 200]
--- response_body_like eval
[qr/^\{"upload_id":"cut-1","filename":"SC03_SH010_v2.mov","file_id":"file-1","project_id":null,"workspace_id":null,"account_id":null,"status":"REGISTERED","review_status":"PENDING","review_score":0.000,"comments_count":0,"review_link":null,"created_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","updated_at":"[-0-9T:]+Z","webhook_events_received":\[\],"file_ids":\["file-1"\],"editors":\[\],"uploader":null\}$/,
 qr/^\{"upload_id":"cut-1",.*"status":"REGISTERED"/]
--- no_error_log
[error]



=== TEST 2: the same registration again is 200, other data is 409
--- request eval
[::register("cut-1", "file-1"), ::register("cut-1", "file-1"),
 ::register("cut-1", "file-2"), ::register("cut-2", "file-1")]
--- error_code eval
[201, 200, 409, 409]
--- response_body_like eval
[qr/"upload_id":"cut-1"/, qr/"upload_id":"cut-1"/,
 qr/^\{"error":"upload_id or file_id is already registered with other data"\}$/,
 qr/already registered/]



=== TEST 3: file events move the status forward
--- request eval
[::register("cut-1", "file-1"),
 ::ev("file.created", "file-1"),
 "GET /api/uploads/cut-1",
 ::ev("file.upload.completed", "file-1"),
 "GET /api/uploads/cut-1",
 ::ev("file.ready", "file-1"),
 "GET /api/uploads/cut-1"]
--- error_code eval
[201, 200, 200, 200, 200, 200, 200]
--- response_body_like eval
[qr/REGISTERED/,
 qr/^\{"outcome":"applied","event":"file.created","upload_id":"cut-1"\}$/,
 qr/"status":"UPLOADING".*"webhook_events_received":\["file.created:[-0-9T:]+Z"\]/,
 qr/"outcome":"applied"/,
 qr/"status":"PROCESSING"/,
 qr/"outcome":"applied"/,
 qr/"status":"READY".*\["file.created:[-0-9T:]+Z","file.upload.completed:[-0-9T:]+Z","file.ready:[-0-9T:]+Z"\]/]



=== TEST 4: the track learns account, workspace and project from events
--- request eval
[::register("cut-1", "file-1"), ::ev("file.created", "file-1"),
 "GET /api/uploads/cut-1"]
--- error_code eval
[201, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/applied/,
 qr/"project_id":"prj-1","workspace_id":"ws-1","account_id":"acc-1"/]



=== TEST 5: legacy asset events move the status too
--- request eval
[::register("cut-1", "asset-1"),
 "POST /hook\n" . '{"resource":{"id":"asset-1","type":"asset"},"team":{"id":"t1"},"type":"asset.ready","user":{"id":"u1"}}',
 "GET /api/uploads/cut-1"]
--- error_code eval
[201, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/"outcome":"applied","event":"asset.ready"/,
 qr/"workspace_id":"t1".*"status":"READY"/]



=== TEST 6: a duplicate changes nothing and is counted
--- request eval
[::register("cut-1", "file-1"), ::ev("file.ready", "file-1"),
 ::ev("file.ready", "file-1"), "GET /api/uploads/cut-1", "GET /stats"]
--- error_code eval
[201, 200, 200, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/"outcome":"applied"/, qr/"outcome":"duplicate"/,
 qr/"webhook_events_received":\["file.ready:[-0-9T:]+Z"\],"file_ids":\["file-1"\],"editors":\[\],"uploader":null\}$/,
 qr/"duplicates":1,/]



=== TEST 7: a late event never moves the status backwards
--- request eval
[::register("cut-1", "file-1"), ::ev("file.ready", "file-1"),
 ::ev("file.created", "file-1"), "GET /api/uploads/cut-1", "GET /stats"]
--- error_code eval
[201, 200, 200, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/"outcome":"applied"/, qr/"outcome":"out_of_order"/,
 qr/"status":"READY".*\["file.ready:[-0-9T:]+Z","file.created:[-0-9T:]+Z"\]/,
 qr/"out_of_order":1,/]



=== TEST 8: deleted stays deleted
--- request eval
[::register("cut-1", "file-1"), ::ev("file.deleted", "file-1"),
 ::ev("file.ready", "file-1"), "GET /api/uploads/cut-1"]
--- error_code eval
[201, 200, 200, 200]
--- response_body_like eval
[qr/cut-1/, qr/"outcome":"applied"/, qr/"outcome":"out_of_order"/,
 qr/"status":"DELETED"/]



=== TEST 9: a late registration claims the events its file already had, and their ids
--- request eval
[::ev("file.created", "file-9"), ::ev("file.ready", "file-9"),
 ::ev("file.ready", "file-9"),
 "GET /stats",
 ::register("cut-9", "file-9"), "GET /stats",
 ::ev("file.upload.completed", "file-9")]
--- error_code eval
[202, 202, 200, 200, 201, 200, 200]
--- response_body_like eval
[qr/"outcome":"unmatched"/, qr/"outcome":"unmatched"/,
 qr/"outcome":"duplicate"/,
 qr/"unmatched":2,.*"unmatched_waiting":1,/,
 qr/"project_id":"prj-1","workspace_id":"ws-1","account_id":"acc-1","status":"READY".*"created_at":"([-0-9T:]+Z)","updated_at":"\1".*"webhook_events_received":\["file.created:[-0-9T:]+Z","file.ready:[-0-9T:]+Z"\]/,
 qr/"unmatched_claimed":2,.*"unmatched_waiting":0,/,
 qr/"outcome":"out_of_order","event":"file.upload.completed","upload_id":"cut-9"/]



=== TEST 10: a track without a file_id gets no file events
--- request eval
[::register("cut-1"), ::ev("file.ready", "file-1"),
 "GET /api/uploads/cut-1"]
--- error_code eval
[201, 202, 200]
--- response_body_like eval
[qr/"file_id":null/, qr/"outcome":"unmatched"/, qr/"status":"REGISTERED"/]



=== TEST 11: comment events are accepted; their text needs the API
--- request eval
[::register("cut-1", "file-1"), ::ev("comment.created", "comment-1")]
--- error_code eval
[201, 200]
--- response_body_like eval
[qr/cut-1/, qr/^\{"outcome":"ignored","event":"comment.created","upload_id":null\}$/]



=== TEST 12: the event ring keeps the latest 16 events
(twenty new versions, each its own delivery: a user each)
--- request eval
[::register("cut-1", "file-1"),
 (map { ::ev("file.versioned", "file-1") =~ s/usr-1/usr-$_/r } 1 .. 20),
 "GET /api/uploads/cut-1"]
--- error_code eval
[201, (200) x 20, 200]
--- response_body_like eval
[qr/cut-1/, (qr/applied/) x 20,
 qr/"webhook_events_received":\[("file.versioned:[-0-9T:]+Z",){15}"file.versioned:[-0-9T:]+Z"\],"file_ids":\["file-1"\],"editors":\[\],"uploader":null\}$/]



=== TEST 13: access log variables say what a request was about
--- config
    location = /hook {
        postflow_webhook tracks;
        add_header X-Postflow "$postflow_event|$postflow_upload_id|$postflow_review_status" always;
    }
    location /api/ {
        postflow_api tracks;
        add_header X-Postflow "$postflow_event|$postflow_upload_id|$postflow_review_status" always;
    }
--- request eval
[::register("cut-1", "file-1"), ::ev("file.ready", "file-1"),
 ::ev("file.ready", "other"), "GET /api/uploads/cut-1",
 "GET /api/uploads/none"]
--- error_code eval
[201, 200, 202, 200, 404]
--- response_headers eval
["X-Postflow: |cut-1|PENDING", "X-Postflow: file.ready|cut-1|PENDING",
 "X-Postflow: file.ready||", "X-Postflow: |cut-1|PENDING",
 "X-Postflow: |none|"]
