# Frame.io signatures: the documented vector, rotation, secrets from a
# file, missing, wrong and stale signatures.

use Test::Nginx::Socket 'no_plan';
use Digest::SHA qw(hmac_sha256_hex);
use FindBin;

$ENV{TEST_NGINX_FIXTURES} ||= "$FindBin::Bin/fixtures";

our $secret = 'test-secret';

# a V4 file event, compact as Frame.io sends it
our $ready = '{"account":{"id":"a1"},"project":{"id":"p1"},'
    . '"resource":{"id":"file-1","type":"file"},"type":"file.ready",'
    . '"user":{"id":"u1"},"workspace":{"id":"w1"}}';

# the legacy sample of frameio-reference.md, section 2.4
our $vector = '{"project":{"id":"f348e9f4-f142-42f9-b3bf-478d93f0feb4"},'
    . '"resource":{"id":"6aad9151-c216-4d6f-b5e9-530df551a426",'
    . '"type":"asset"},"team":{"id":"aa891687-4b1e-4150-9b6d-9e4911c5b436"},'
    . '"type":"asset.label.updated",'
    . '"user":{"id":"59c9ade1-311b-4c3b-8231-b9d88e9a1a85"}}';

sub signed {
    my ($body, $key, $offset) = @_;
    my $ts = time + ($offset // 0);
    my $mac = hmac_sha256_hex("v0:$ts:$body", $key // $secret);

    return "X-Frameio-Request-Timestamp: $ts\n"
        . "X-Frameio-Signature: v0=$mac\n";
}

no_shuffle();
run_tests();

__DATA__

=== TEST 1: the documented signature vector is accepted
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret yxSE59T0gtZOFZxw6UhLwTkhd2m8ntNSdSWnApQ0xOnMEzSoXbD8sGFP4bzb7MbS;
        # the sample was signed in 2020
        postflow_webhook_tolerance 20000d;
    }
--- request eval
"POST /hook\n$::vector"
--- more_headers
X-Frameio-Request-Timestamp: 1604004499
X-Frameio-Signature: v0=a77ce6856e609c884575c2fd211d07a9ad1c3f72e19c06ff710e8f086ffca883
--- error_code: 202
--- response_body
{"outcome":"unmatched","event":"asset.label.updated","upload_id":null}
--- no_error_log
[error]



=== TEST 2: one changed byte of the vector's body is refused
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret yxSE59T0gtZOFZxw6UhLwTkhd2m8ntNSdSWnApQ0xOnMEzSoXbD8sGFP4bzb7MbS;
        postflow_webhook_tolerance 20000d;
    }
--- request eval
my $body = $::vector;
$body =~ s/asset\.label/asset.Label/;
"POST /hook\n$body"
--- more_headers
X-Frameio-Request-Timestamp: 1604004499
X-Frameio-Signature: v0=a77ce6856e609c884575c2fd211d07a9ad1c3f72e19c06ff710e8f086ffca883
--- error_code: 401
--- response_body
{"error":"signature does not match"}
--- error_log
postflow webhook: rejected, signature does not match



=== TEST 3: a fresh signature is accepted
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready)
--- error_code: 202
--- response_body
{"outcome":"unmatched","event":"file.ready","upload_id":null}
--- no_error_log
[error]
[alert]



=== TEST 4: the wrong secret is refused
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready, 'not-the-secret')
--- error_code: 401
--- response_body
{"error":"signature does not match"}
--- error_log
signature does not match
--- no_error_log
test-secret
not-the-secret



=== TEST 5: missing signature headers are refused
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- error_code: 401
--- response_body
{"error":"missing X-Frameio-Signature or X-Frameio-Request-Timestamp"}
--- error_log
missing X-Frameio-Signature



=== TEST 6: a malformed signature header is refused
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
my $h = ::signed($::ready);
$h =~ s/v0=/v1=/;
$h
--- error_code: 401
--- response_body
{"error":"signature does not match"}



=== TEST 7: a stale timestamp is refused, even correctly signed
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready, undef, -400)
--- error_code: 400
--- response_body
{"error":"timestamp is older than postflow_webhook_tolerance"}
--- error_log
timestamp is older than postflow_webhook_tolerance



=== TEST 8: a timestamp from the future is refused
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready, undef, 400)
--- error_code: 400
--- response_body
{"error":"timestamp is further in the future than postflow_webhook_tolerance"}



=== TEST 9: the tolerance is configurable
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
        postflow_webhook_tolerance 10m;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready, undef, -400)
--- error_code: 202



=== TEST 10: a timestamp that is not a number is refused
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
my $mac = Digest::SHA::hmac_sha256_hex("v0:soon:$::ready", $::secret);
"X-Frameio-Request-Timestamp: soon\nX-Frameio-Signature: v0=$mac\n"
--- error_code: 400
--- response_body
{"error":"X-Frameio-Request-Timestamp is not a number of seconds"}



=== TEST 11: rotation: the second secret is accepted too
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret old-secret test-secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready)
--- error_code: 202



=== TEST 12: a secret read from a file, its line break ignored
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret file=$TEST_NGINX_FIXTURES/webhook.secret;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready, 'rotated-secret')
--- error_code: 202
--- no_error_log
[error]



=== TEST 13: secrets are inherited from the server level
--- http_config
    postflow_zone tracks 1m;
--- config
    postflow_webhook_secret test-secret;

    location = /hook {
        postflow_webhook tracks;
    }
--- request eval
"POST /hook\n$::ready"
--- more_headers eval
::signed($::ready, 'other')
--- error_code: 401



=== TEST 14: rejections are counted by reason
--- http_config
    postflow_zone tracks 1m;
--- config
    location = /hook {
        postflow_webhook tracks;
        postflow_webhook_secret test-secret;
    }
    location = /stats {
        postflow_stats tracks;
    }
--- request eval
["POST /hook\n$::ready", "POST /hook\n$::ready", "GET /stats"]
--- error_code eval
[401, 401, 200]
--- response_body_like eval
[qr/missing X-Frameio-Signature/, qr/missing X-Frameio-Signature/,
 qr/"received":2,"accepted":0,.*"rejected":\{"method":0,"signature":2,"timestamp":0,"json":0/]
