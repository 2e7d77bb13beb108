# Self-test of the test runner against stock nginx (no postflow directive):
# passes unchanged under the bundled runner (t/lib) and the real
# Test::Nginx, so it also pins down the semantics both share.

use Test::Nginx::Socket 'no_plan';

# Two rounds per block on the same nginx: the error log checks of the
# second round see only its own lines.
repeat_each(2);

# A body used by eval sections: they run in package Test::Base::Filter, so
# main's variables and subs are written $::Name / ::name().
our $Json = '{"type":"file.ready","resource":{"id":"f1"}}';

run_tests();

__DATA__

=== TEST 1: return 204, a comment before the request line, --- wait
--- config
    location = /t {
        return 204;
    }
--- request
# comments before the request line are skipped
GET /t
--- error_code: 204
--- response_body
--- wait: 0.05
--- no_error_log
[error]



=== TEST 2: return 200 with text, response_headers
--- config
    location = /t {
        add_header X-Test yes;
        return 200 "hello\n";
    }
--- request
GET /t
--- response_body
hello
--- response_headers
X-Test: yes
Content-Type: text/plain
!X-Absent



=== TEST 3: a POST body is trimmed and gets a Content-Length
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1;
        location / {
            return 200 "len=$http_content_length body=$http_x_body\n";
        }
    }
--- config
    location = /echo {
        client_body_in_single_buffer on;
        proxy_set_header X-Body $request_body;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1;
    }
--- request
POST /echo
hello world
--- response_body
len=11 body=hello world



=== TEST 4: a Content-Length in more_headers keeps the body byte for byte
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1;
        location / {
            return 200 "len=$http_content_length\n";
        }
    }
--- config
    location = /echo {
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1;
    }
--- more_headers
Content-Length: 10
--- request eval
"POST /echo\n  padded  "
--- response_body
len=10



=== TEST 5: eval sections share main's variables through $::
--- config
    location = /t {
        return 200 "len=$http_content_length x-len=$http_x_len\n";
    }
--- more_headers eval
"X-Len: " . length($::Json)
--- request eval
"POST /t\n$::Json"
--- response_body eval
"len=44 x-len=44\n"



=== TEST 6: more_headers are visible to nginx
--- config
    location = /t {
        return 200 "foo=$http_x_foo bar=$http_x_bar\n";
    }
--- more_headers
X-Foo: blah
# a comment line
X-Bar: two words
--- request
GET /t
--- response_body
foo=blah bar=two words



=== TEST 7: an eval array of requests, with aligned expectations
--- config
    location = /a {
        return 200 "a\n";
    }
--- request eval
["GET /a", "GET /nothing-here"]
--- error_code eval
[200, 404]
--- response_body eval
["a\n", qr/404 Not Found/]



=== TEST 8: error_log and no_error_log see the block's lines
--- config
    location = /t {
        return 200;
    }
--- request
GET /missing.html
--- error_code: 404
--- response_body_like: 404 Not Found
--- error_log eval
[qr/open\(\) "[^"]+missing\.html" failed \(2: No such file/, "[error]"]
--- no_error_log
[alert]
[crit]



=== TEST 9: a chunked response is de-chunked
--- config
    location = /t {
        sub_filter 'a' 'b';
        sub_filter_once off;
        sub_filter_types *;
        return 200 "aaa\n";
    }
--- request
GET /t
--- response_headers
Transfer-Encoding: chunked
--- response_body
bbb



=== TEST 10: the default root location and user_files
--- config
--- user_files
>>> token.txt
s3cret
--- request eval
["GET /", "GET /token.txt"]
--- response_body_like eval
["It works!", "^s3cret\n\$"]



=== TEST 11: raw_request is sent as is
--- config
    location = /t {
        return 200 "raw $server_protocol\n";
    }
--- raw_request eval
"GET /t HTTP/1.0\r\nHost: localhost\r\n\r\n"
--- response_body
raw HTTP/1.0



=== TEST 12: must_die, with the error log of the failed start
--- config
    location = /t {
        return a b c;
    }
--- must_die
--- error_log
[emerg]
invalid number of arguments in "return" directive
