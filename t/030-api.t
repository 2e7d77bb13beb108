# The REST API: validation, listing with filters and pages, deletion.

use Test::Nginx::Socket 'no_plan';

sub register {
    my ($upload_id, $file_id) = @_;

    return "POST /api/uploads\n" . qq({"upload_id":"$upload_id",)
        . qq("filename":"$upload_id.mov","file_id":"$file_id"});
}

sub ready {
    my ($file_id) = @_;

    return "POST /hook\n" . qq({"type":"file.ready","resource":)
        . qq({"id":"$file_id","type":"file"}});
}

add_block_preprocessor(sub {
    my $block = shift;

    $block->set_value("http_config", "    postflow_zone tracks 1m;\n");
    $block->set_value("config", <<'_EOC_') unless defined $block->config;
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

=== TEST 1: every field is kept
--- request
POST /api/uploads
{"upload_id":"cut-1","filename":"Spot 30s – validé.mov","file_id":"f-1","project_id":"p-1","workspace_id":"w-1","account_id":"a-1","review_link":"https://f.io/abc"}
--- error_code: 201
--- response_body_like: ^\{"upload_id":"cut-1","filename":"Spot 30s – validé.mov","file_id":"f-1","project_id":"p-1","workspace_id":"w-1","account_id":"a-1","status":"REGISTERED",.*"review_link":"https://f.io/abc",
--- no_error_log
[error]



=== TEST 2: strings are escaped in JSON
--- request
POST /api/uploads
{"upload_id":"cut-1","filename":"a \"quoted\" name\\with\tcontrol"}
--- error_code: 201
--- response_body_like: "filename":"a \\"quoted\\" name\\\\with\\tcontrol"



=== TEST 2b: escapes after long clean runs, and at the very end
--- request
POST /api/uploads
{"upload_id":"cut-1","filename":"SC12_SH0350_comp_v006 \"final\" – validé\u0001\\"}
--- error_code: 201
--- response_body_like: "filename":"SC12_SH0350_comp_v006 \\"final\\" – validé\\u0001\\\\"



=== TEST 3: upload_id is required
--- request
POST /api/uploads
{"filename":"a.mov"}
--- error_code: 400
--- response_body
{"error":"\"upload_id\" is required and must not be empty"}



=== TEST 4: filename must not be empty
--- request
POST /api/uploads
{"upload_id":"cut-1","filename":""}
--- error_code: 400
--- response_body
{"error":"\"filename\" is required and must not be empty"}



=== TEST 5: wrong types
--- request eval
["POST /api/uploads\n{\"upload_id\":1,\"filename\":\"a\"}",
 "POST /api/uploads\n{\"upload_id\":\"x\",\"filename\":[\"a\"]}",
 "POST /api/uploads\n{\"upload_id\":\"x\",\"filename\":{\"a\":1}}",
 "POST /api/uploads\n{\"upload_id\":\"x\",\"filename\":true}"]
--- error_code eval
[400, 400, 400, 400]
--- response_body eval
[qq({"error":"\\"upload_id\\" must be a string"}\n),
 qq({"error":"\\"filename\\" must be a string"}\n),
 qq({"error":"\\"filename\\" must be a string"}\n),
 qq({"error":"\\"filename\\" must be a string"}\n)]



=== TEST 6: over-long strings
--- request eval
["POST /api/uploads\n{\"upload_id\":\"" . ("u" x 129) . "\",\"filename\":\"a\"}",
 "POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"" . ("é" x 300) . "\"}"]
--- error_code eval
[400, 400]
--- response_body eval
[qq({"error":"\\"upload_id\\" is too long"}\n),
 qq({"error":"\\"filename\\" is too long"}\n)]



=== TEST 7: invalid UTF-8 and invalid JSON
--- request eval
["POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\xc3\x28\"}",
 "POST /api/uploads\n{\"upload_id\":\"u\",",
 "POST /api/uploads\nnull"]
--- error_code eval
[400, 400, 400]
--- response_body_like eval
[qr/^\{"error":"invalid JSON at byte \d+: lexical error: invalid bytes in UTF8 string."\}$/,
 qr/^\{"error":"invalid JSON at byte \d+: parse error: premature EOF"\}$/,
 qr/^\{"error":"a JSON object is expected"\}$/]



=== TEST 7b: UTF-8 that replay would refuse is refused at the door
--- request eval
["POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\xc0\xaf\"}",
 "POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\xf4\x90\x80\x80\"}",
 "POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\\udc00\"}",
 "POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\\ud800\\u0041\"}",
 "POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\xed\xa0\x80\"}",
 "GET /api/uploads/u"]
--- error_code eval
[400, 400, 400, 400, 400, 404]
--- response_body_like eval
[qr/^\{"error":"\\"filename\\" is not valid UTF-8"\}$/,
 qr/^\{"error":"\\"filename\\" is not valid UTF-8"\}$/,
 qr/^\{"error":"invalid JSON at byte 35: a \\\\u escape is a lone surrogate"\}$/,
 qr/^\{"error":"invalid JSON at byte 35: a \\\\u escape is a lone surrogate"\}$/,
 qr/^\{"error":"\\"filename\\" is not valid UTF-8"\}$/,
 qr/"error"/]



=== TEST 7c: a key given twice is refused, a flat "a.b" key is not a path
--- request eval
["POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"a\",\"filename\":\"b\"}",
 "POST /hook\n{\"type\":\"file.ready\",\"resource\":{\"id\":\"f\",\"type\":\"file\"},\"type\":\"file.deleted\"}",
 "POST /hook\n{\"type\":\"file.ready\",\"resource.id\":\"f\"}"]
--- error_code eval
[400, 400, 400]
--- response_body eval
[qq({"error":"\\"filename\\" is given twice"}\n),
 qq({"error":"\\"type\\" is given twice"}\n),
 qq({"error":"\\"resource.id\\" is missing or empty"}\n)]



=== TEST 8: ids with slashes or spaces are refused
--- request eval
["POST /api/uploads\n{\"upload_id\":\"a/b\",\"filename\":\"a\"}",
 "POST /api/uploads\n{\"upload_id\":\"a\",\"filename\":\"a\",\"file_id\":\"f 1\"}"]
--- error_code eval
[400, 400]
--- response_body eval
[qq({"error":"\\"upload_id\\" must not contain '/', spaces or control characters"}\n),
 qq({"error":"\\"file_id\\" must not contain '/', spaces or control characters"}\n)]



=== TEST 9: unknown fields are ignored, null is "not given"
--- request
POST /api/uploads
{"upload_id":"cut-1","filename":"a.mov","file_id":null,"note":{"deep":[1,2]}}
--- error_code: 201
--- response_body_like: "upload_id":"cut-1","filename":"a.mov","file_id":null,



=== TEST 10: unknown upload and unknown endpoint
--- request eval
["GET /api/uploads/nope", "DELETE /api/uploads/nope", "GET /api/nothing",
 "GET /api/uploads/a/b"]
--- error_code eval
[404, 404, 404, 404]
--- response_body eval
[qq({"error":"no such upload"}\n), qq({"error":"no such upload"}\n),
 qq({"error":"no such endpoint"}\n), qq({"error":"no such endpoint"}\n)]



=== TEST 11: wrong methods, answered with the methods that are allowed
--- request eval
["PUT /api/uploads", "POST /api/uploads/cut-1", "GET /api/analyze"]
--- error_code eval
[405, 405, 405]
--- response_headers eval
["Allow: GET, HEAD, POST", "Allow: GET, HEAD, DELETE", "Allow: POST"]
--- response_body eval
[qq({"error":"method not allowed here"}\n),
 qq({"error":"method not allowed here"}\n),
 qq({"error":"method not allowed here"}\n)]



=== TEST 11b: an encoded "/" is not read as a path separator
--- request eval
["POST /api/uploads\n{\"upload_id\":\"a\",\"filename\":\"a.mov\"}",
 "POST /api/uploads/a%2Fcomments\n{\"text\":\"validé\"}",
 "POST /api/uploads/a%2fcomments\n{\"text\":\"validé\"}",
 "GET /api/uploads/a"]
--- error_code eval
[201, 400, 400, 200]
--- response_body_like eval
[qr/"upload_id":"a"/,
 qr/^\{"error":"an encoded \\"\/\\" is not allowed in the path"\}$/,
 qr/^\{"error":"an encoded \\"\/\\" is not allowed in the path"\}$/,
 qr/"review_status":"PENDING","review_score":0.000,"comments_count":0,/]



=== TEST 12: delete
--- request eval
[::register("cut-1", "f-1"), "DELETE /api/uploads/cut-1",
 "GET /api/uploads/cut-1", ::ready("f-1")]
--- error_code eval
[201, 204, 404, 202]
--- response_body_like eval
[qr/cut-1/, qr/^$/, qr/no such upload/, qr/unmatched/]



=== TEST 13: list with filters
--- request eval
[::register("cut-1", "f-1"), ::register("cut-2", "f-2"),
 ::register("cut-3", "f-3"), ::ready("f-2"),
 "GET /api/uploads?status=READY",
 "GET /api/uploads?status=registered",
 "GET /api/uploads?review_status=PENDING&status=READY",
 "GET /api/uploads?status=LOST",
 "GET /api/uploads?review_status=MAYBE"]
--- error_code eval
[201, 201, 201, 200, 200, 200, 200, 400, 400]
--- response_body_like eval
[qr/cut-1/, qr/cut-2/, qr/cut-3/, qr/applied/,
 qr/^\{"uploads":\[\{"upload_id":"cut-2".*\}\],"count":1,"next":null\}$/,
 qr/^(?=.*"upload_id":"cut-1")(?=.*"upload_id":"cut-3")\{"uploads":\[.*\],"count":2,"next":null\}$/,
 qr/"count":1,"next":null/,
 qr/^\{"error":"unknown \\"status\\""\}$/,
 qr/^\{"error":"unknown \\"review_status\\""\}$/]



=== TEST 14: pages follow the cursor until it is null
--- request eval
[::register("cut-1", "f-1"), ::register("cut-2", "f-2"),
 ::register("cut-3", "f-3"),
 "GET /api/uploads?limit=2", "GET /api/uploads?limit=0",
 "GET /api/uploads?limit=1001"]
--- error_code eval
[201, 201, 201, 200, 400, 400]
--- response_body_like eval
[qr/cut-1/, qr/cut-2/, qr/cut-3/,
 qr/"count":2,"next":"cut-\d"\}$/,
 qr/^\{"error":"\\"limit\\" must be a number from 1 to 1000"\}$/,
 qr/limit/]



=== TEST 30: nginx's own refusals in JSON, with README's error_page
--- config
    location /api/ {
        postflow_api tracks;
        client_max_body_size 1k;
        error_page 400 @postflow_400;
        error_page 413 @postflow_413;
    }

    location @postflow_400 {
        default_type application/json;
        return 400 '{"error":"nginx could not read the request"}\n';
    }

    location @postflow_413 {
        default_type application/json;
        return 413 '{"error":"the body is larger than client_max_body_size"}\n';
    }
--- request eval
"POST /api/uploads\n{\"upload_id\":\"u\",\"filename\":\"" . ("a" x 2000) . "\"}"
--- error_code: 413
--- response_headers
Content-Type: application/json
--- response_body
{"error":"the body is larger than client_max_body_size"}
