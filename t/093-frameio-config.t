# `nginx -t` and the Frame.io directives: every bad value is refused
# with a message naming the directive; a complete configuration passes.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'frameio-config');
my $root = $ngx->servroot;

sub check {
    my ($name, $http, $expect) = @_;
    my ($rc, $out) = $ngx->nginx_t($ngx->conf(
        http => "postflow_zone tracks 1m;\n" . $http,
        server => "location = /hook { postflow_webhook tracks; }\n"));

    if (defined $expect) {
        isnt($rc, 0, "$name: refused");
        like($out, $expect, "$name: says why");

    } else {
        is($rc, 0, "$name: accepted") or diag($out);
        unlike($out, qr/\[(emerg|alert|crit)\]/, "$name: no complaint");
    }
}

# a refusal that names the directive and its own line
sub check_line {
    my ($name, $http, $message) = @_;
    my $conf = $ngx->conf(
        http => "postflow_zone tracks 1m;\n" . $http,
        server => "location = /hook { postflow_webhook tracks; }\n");
    my ($directive) = $http =~ /^(\S+)/;
    my @lines = split /\n/, $conf;
    my ($line) = grep { $lines[$_ - 1] =~ /^\s*\Q$directive\E\s/ } 1 .. @lines;
    my ($rc, $out) = $ngx->nginx_t($conf);
    isnt($rc, 0, "$name: refused");
    like($out, qr/\[emerg\] "\Q$directive\E" directive \Q$message\E in \S+:$line$/m,
         "$name: says why, at the directive's line");
}

sub write_file {
    my ($path, $text) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text;
    close $fh or die "$path: $!";
}

write_file("$root/conf/token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n");
write_file("$root/conf/empty-token", "\n");
write_file("$root/conf/two-tokens", "one\ntwo\n");
write_file("$root/conf/ca.pem", "-----BEGIN CERTIFICATE-----\n");

check('every Frame.io directive', <<"EOF");
postflow_frameio_api https://api.frame.io/;
postflow_frameio_token file=$root/conf/token;
postflow_frameio_ca_file $root/conf/ca.pem;
postflow_frameio_timeout 5s;
postflow_frameio_concurrency 8;
postflow_frameio_retries 2;
postflow_frameio_max_response 2m;
postflow_frameio_queue 4096;
postflow_poll_interval 5m;
postflow_match_threshold 0.85;
postflow_frameio_rate 50/m;
postflow_frameio_retry_5xx 1m;
postflow_poll_completed 3d;
postflow_frameio_status_field "Review status" "approved=Approved|Final" "needs_review=Changes";
EOF

check('per second, status field off', <<'EOF');
postflow_frameio_token fio-u-0123456789abcdef;
postflow_frameio_rate 5/s;
postflow_frameio_status_field off;
EOF

check('a literal token, polling off', <<'EOF');
postflow_frameio_token fio-u-0123456789abcdef;
postflow_poll_interval off;
postflow_match_threshold 1;
EOF

check('an API that is not http(s)', "postflow_frameio_api ftp://api.frame.io;\n",
      qr/\[emerg\].*postflow_frameio_api: "ftp:\/\/api.frame.io" is not an http:\/\/ or https:\/\/ URL with a host/);

check('an API without a host', "postflow_frameio_api https:///v4;\n",
      qr/\[emerg\].*postflow_frameio_api: "https:\/\/\/v4" is not an http/);

check('an API with a query', "postflow_frameio_api https://api.frame.io/?x=1;\n",
      qr/\[emerg\].*postflow_frameio_api: .* is not an http/);

check('a token with a space', qq(postflow_frameio_token "a b";\n),
      qr/\[emerg\].*postflow_frameio_token: the token must not be empty nor hold spaces/);

check('a token file that does not exist',
      "postflow_frameio_token file=$root/conf/nowhere;\n",
      qr/postflow_frameio_token: open\(\) ".*nowhere" failed.*\n.*\[emerg\].*postflow_frameio_token: cannot use ".*nowhere"/);

check('an empty token file', "postflow_frameio_token file=$root/conf/empty-token;\n",
      qr/postflow_frameio_token: ".*empty-token" must hold one token on one line/);

check('a token file of two lines', "postflow_frameio_token file=$root/conf/two-tokens;\n",
      qr/postflow_frameio_token: ".*two-tokens" must hold one token on one line/);

check('file= without a path', "postflow_frameio_token file=;\n",
      qr/\[emerg\].*postflow_frameio_token: "file=" needs a path/);

check('a token twice', "postflow_frameio_token a;\npostflow_frameio_token b;\n",
      qr/\[emerg\].*"postflow_frameio_token" directive is duplicate/);

check('a CA file that does not exist',
      "postflow_frameio_ca_file $root/conf/nowhere.pem;\n",
      qr/\[emerg\].*postflow_frameio_ca_file: ".*nowhere.pem" is not a readable file/);

check('a poll interval under a second', "postflow_poll_interval 500ms;\n",
      qr/\[emerg\].*postflow_poll_interval: "500ms" is neither "off" nor a time of at least 1s/);

check('a poll interval that is no time', "postflow_poll_interval often;\n",
      qr/\[emerg\].*postflow_poll_interval: "often" is neither/);

check('a threshold of 0', "postflow_match_threshold 0;\n",
      qr/\[emerg\].*postflow_match_threshold: "0" is not a ratio above 0 and at most 1/);

check('a threshold above 1', "postflow_match_threshold 1.5;\n",
      qr/\[emerg\].*postflow_match_threshold: "1.5" is not a ratio/);

check('a threshold that is no number', "postflow_match_threshold high;\n",
      qr/\[emerg\].*postflow_match_threshold: "high" is not a ratio/);

check_line('a timeout of 0', "postflow_frameio_timeout 0;\n",
           'must not be 0');

check('a timeout that is no time', "postflow_frameio_timeout soon;\n",
      qr/\[emerg\].*"postflow_frameio_timeout" directive invalid value/);

check_line('no concurrency', "postflow_frameio_concurrency 0;\n",
           'must be between 1 and 64');

check_line('too much concurrency', "postflow_frameio_concurrency 65;\n",
           'must be between 1 and 64');

check_line('too many retries', "postflow_frameio_retries 11;\n",
           'must be between 0 and 10');

check_line('a tiny response bound', "postflow_frameio_max_response 1k;\n",
           'must be at least 4k');

check_line('an empty job queue', "postflow_frameio_queue 0;\n",
           'must be between 1 and 1000000');

for my $bad ('0/m', '100', '10/h', 'many/m', '100001/s') {
    check("a rate of \"$bad\"", "postflow_frameio_rate $bad;\n",
          qr/\[emerg\].*postflow_frameio_rate: "\Q$bad\E" is not a number of calls from 1 to 100000 per second \("\/s"\) or per minute \("\/m"\) in \S+:\d+/);
}

check('a status value for no label',
      qq(postflow_frameio_status_field Status "rejected=Nope";\n),
      qr/\[emerg\].*postflow_frameio_status_field: "rejected=Nope" is not approved=, needs_review= or in_progress= with values in \S+:\d+/);

check('a status label without values',
      "postflow_frameio_status_field Status approved=;\n",
      qr/\[emerg\].*postflow_frameio_status_field: "approved=" is not/);

check('a completed-poll time that is no time',
      "postflow_poll_completed forever;\n",
      qr/\[emerg\].*"postflow_poll_completed" directive invalid value/);

# http level only
my ($rc, $out) = $ngx->nginx_t($ngx->conf(
    http => "postflow_zone tracks 1m;\n",
    server => "postflow_frameio_token t;\n"));
isnt($rc, 0, 'a token in a server block: refused');
like($out, qr/\[emerg\].*"postflow_frameio_token" directive is not allowed here/,
     'a token in a server block: says why');

done_testing;
