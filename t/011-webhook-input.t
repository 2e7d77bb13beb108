# What the webhook receiver accepts and refuses: methods, bodies, JSON.

use Test::Nginx::Socket 'no_plan';

our $ready = '{"account":{"id":"a1"},"project":{"id":"p1"},'
    . '"resource":{"id":"file-1","type":"file"},"type":"file.ready",'
    . '"user":{"id":"u1"},"workspace":{"id":"w1"}}';

# a legacy event, with a team instead of account and workspace
our $legacy = '{"project":{"id":"p1"},"resource":{"id":"file-1",'
    . '"type":"asset"},"team":{"id":"t1"},"type":"asset.ready",'
    . '"user":{"id":"u1"}}';

# a payload padded past client_body_buffer_size, spilled to a file
our $padded = '{"type":"file.ready","resource":{"id":"file-1","type":"file"},'
    . '"padding":"' . ('x' x 4000) . '"}';

add_block_preprocessor(sub {
    my $block = shift;

    $block->set_value("http_config", "    postflow_zone tracks 1m;\n")
        unless defined $block->http_config;

    $block->set_value("config", <<'_EOC_') unless defined $block->config;
    location = /hook {
        postflow_webhook tracks;
    }
_EOC_
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: a V4 event for an unknown file is accepted and kept
--- request eval
"POST /hook\n$::ready"
--- error_code: 202
--- response_headers
Content-Type: application/json
--- response_body
{"outcome":"unmatched","event":"file.ready","upload_id":null}
--- no_error_log
[error]



=== TEST 2: a legacy event is accepted
--- request eval
"POST /hook\n$::legacy"
--- error_code: 202
--- response_body
{"outcome":"unmatched","event":"asset.ready","upload_id":null}



=== TEST 3: an unknown event type is accepted and ignored
--- request
POST /hook
{"type":"share.viewed","resource":{"id":"s1","type":"share"}}
--- error_code: 200
--- response_body
{"outcome":"ignored","event":"share.viewed","upload_id":null}



=== TEST 4: GET is refused with Allow
--- request
GET /hook
--- error_code: 405
--- response_headers
Allow: POST
--- response_body
{"error":"only POST is accepted"}
--- error_log
postflow webhook: rejected, only POST is accepted



=== TEST 5: malformed JSON
--- request
POST /hook
{"type":"file.ready","resource":{"id":
--- error_code: 400
--- response_body_like: ^\{"error":"invalid JSON at byte \d+: parse error: premature EOF"\}$
--- error_log
postflow webhook: rejected, invalid JSON



=== TEST 6: an empty body
--- request eval
"POST /hook\n"
--- error_code: 400
--- response_body_like: ^\{"error":"invalid JSON at byte \d+: parse error: premature EOF"\}$



=== TEST 7: a JSON array instead of an object
--- request
POST /hook
[{"type":"file.ready"}]
--- error_code: 400
--- response_body
{"error":"a JSON object is expected"}



=== TEST 8: missing type
--- request
POST /hook
{"resource":{"id":"file-1","type":"file"}}
--- error_code: 400
--- response_body
{"error":"\"type\" is missing or empty"}



=== TEST 9: missing resource.id
--- request
POST /hook
{"type":"file.ready","resource":{"type":"file"}}
--- error_code: 400
--- response_body
{"error":"\"resource.id\" is missing or empty"}



=== TEST 10: a resource id of the wrong type
--- request
POST /hook
{"type":"file.ready","resource":{"id":42}}
--- error_code: 400
--- response_body
{"error":"\"resource.id\" must be a string"}



=== TEST 11: nesting deeper than the bound
--- request
POST /hook
{"type":"file.ready","resource":{"id":"f"},"x":[[[[[[[[[[1]]]]]]]]]]}
--- error_code: 400
--- response_body
{"error":"JSON is nested too deeply"}



=== TEST 12: an over-long id
--- request eval
"POST /hook\n" . '{"type":"file.ready","resource":{"id":"' . ('a' x 200) . '"}}'
--- error_code: 400
--- response_body
{"error":"\"resource.id\" is too long"}



=== TEST 13: invalid UTF-8 in a string
--- request eval
"POST /hook\n" . qq({"type":"file.ready","resource":{"id":"f\xff"}})
--- error_code: 400
--- response_body_like: ^\{"error":"invalid JSON at byte \d+: lexical error: invalid bytes in UTF8 string.



=== TEST 14: a body over postflow_webhook_max_body, refused by its length
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_max_body 1k;
    }
--- request eval
"POST /hook\n$::padded"
--- error_code: 413
--- response_body
{"error":"body is larger than postflow_webhook_max_body"}
--- error_log
rejected, body is larger than postflow_webhook_max_body



=== TEST 15: a chunked body over the bound, refused once read
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_max_body 1k;
    }
--- raw_request eval
my $chunk = $::padded;
"POST /hook HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
. "Transfer-Encoding: chunked\r\n\r\n"
. sprintf("%x\r\n%s\r\n0\r\n\r\n", length($chunk), $chunk)
--- error_code: 413
--- response_body
{"error":"body is larger than postflow_webhook_max_body"}



=== TEST 16: a body spilled to a temporary file is read back whole
--- config
    location = /hook {
        client_body_buffer_size 1k;
        postflow_webhook tracks;
    }
--- request eval
"POST /hook\n$::padded"
--- error_code: 202
--- response_body
{"outcome":"unmatched","event":"file.ready","upload_id":null}
--- error_log
a client request body is buffered to a temporary file
--- no_error_log
[error]

