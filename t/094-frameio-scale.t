# The poller at a studio's scale, against a mock Frame.io that enforces
# its rate limit (limit_req: a 429 beyond it), times scaled down 60 to
# 1 (a minute is a second):
#
#   - 1,000 tracks under review and a budget of 100 calls a "minute":
#     no 429, every track polled within ten "minutes", and a comment a
#     webhook asks for meanwhile fetched at once;
#   - what Frame.io's x-ratelimit headers say lowers the budget;
#   - a completed track is still polled: a late change request that no
#     webhook announced moves it back;
#   - V4's Status metadata field approves and un-approves;
#   - a version stacked on a tracked file: the track follows it, comments
#     on either version reach it, after a restart too.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time sleep);
use IO::Socket::INET;
use File::Path qw(make_path);
use PostFlow::Harness qw(wait_until valgrind_enabled free_port);

my $ACC = '8f9a4c2e-3b1d-4e6f-9a7b-2c5d8e1f0a3b';
my $slow = valgrind_enabled() ? 3 : 1;
# POSTFLOW_SCALE_TRACKS measures other sizes
my $TRACKS = $ENV{POSTFLOW_SCALE_TRACKS}
             // (valgrind_enabled() ? 200 : 1000);



sub write_file {
    my ($path, $text) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text;
    close $fh or die "$path: $!";
}


sub file_id { sprintf 'f0000000-0000-4000-8000-%012d', $_[0] }
sub comment_id { sprintf 'c0000000-0000-4000-8000-%012d', $_[0] }


sub comment_json {
    my ($n, $file, $text) = @_;
    my $id = comment_id($n);

    return qq({"id":"$id","file_id":"$file","text":"$text",)
        . qq("inserted_at":"2026-11-20T10:00:0${n}.000000Z",)
        . qq("completed":false,"parent_id":null});
}


sub ev {
    my ($ngx, $type, $id) = @_;
    my $rtype = $type =~ /^comment/ ? 'comment' : 'file';

    return $ngx->http_request(POST => '/hook', {},
        qq({"account":{"id":"$ACC"},"project":{"id":"p1"},)
        . qq("resource":{"id":"$id","type":"$rtype"},"type":"$type",)
        . qq("user":{"id":"u1"},"workspace":{"id":"w1"}}));
}


sub register {
    my ($ngx, $upload_id, $file_id) = @_;

    return $ngx->http_request(POST => '/api/uploads', {},
        qq({"upload_id":"$upload_id","filename":"$upload_id.mov",)
        . qq("file_id":"$file_id","account_id":"$ACC"}));
}


sub track {
    my ($ngx, $upload_id) = @_;
    return $ngx->http_request(GET => "/api/uploads/$upload_id")->{body};
}


sub stats {
    my ($ngx) = @_;
    return $ngx->http_request(GET => '/stats')->{body};
}


sub track_like {
    my ($ngx, $upload_id, $re, $name, $within) = @_;
    my $body;

    my $ok = wait_until(($within // 20) * $slow, sub {
        $body = track($ngx, $upload_id);
        return $body =~ $re;
    });

    ok($ok, $name) or diag($body);
}


# [msec, status, uri] of what the mock answered
sub mock_log {
    my ($ngx) = @_;
    my $text = PostFlow::Harness::log_since($ngx->servroot
                                            . '/logs/mock.log', 0);
    return map { [split / /, $_, 3] } split /\n/, $text;
}


# the mock Frame.io: comments lists from files under html/, 429 beyond
# "rate" with Frame.io's headers when "limit" is given
sub conf {
    my ($ngx, %o) = @_;
    my $root = $ngx->servroot;
    my $mock = $o{mock};
    my $headers = $o{limit} ? <<"EOH" : '';
        add_header x-ratelimit-limit $o{limit} always;
        add_header x-ratelimit-window $o{window} always;
        add_header x-ratelimit-remaining 50 always;
EOH

    my $state = $o{state} ? "postflow_state $o{state};" : '';

    my $http = <<"EOH";
    postflow_zone tracks 8m;
    $state
    postflow_frameio_api http://127.0.0.1:$mock;
    postflow_frameio_token file=$root/conf/frameio.token;
    postflow_frameio_rate $o{rate};
    postflow_poll_interval 1s;
    postflow_poll_completed 30s;

    log_format mock '\$msec \$status \$request_uri';
    limit_req_zone \$server_port zone=frameio:1m rate=$o{enforce};

    server {
        listen 127.0.0.1:$mock;
        access_log $root/logs/mock.log mock;
        default_type application/json;
        root $root/html;
        limit_req zone=frameio burst=$o{burst} nodelay;
        limit_req_status 429;
$headers
        location ~ ^/v4/accounts/[^/]+/files/([^/]+)/comments\$ {
            set \$file \$1;
            try_files /lists/\$file.json /lists/empty.json;
        }

        location ~ ^/v4/accounts/[^/]+/files/([^/]+)/metadata\$ {
            set \$file \$1;
            try_files /metadata/\$file.json =404;
        }

        location ~ ^/v4/accounts/[^/]+/version_stacks/([^/]+)/children\$ {
            set \$stack \$1;
            try_files /stacks/\$stack.json =404;
        }

        location ~ ^/v4/accounts/[^/]+/files/([^/]+)\$ {
            set \$file \$1;
            try_files /files/\$file.json =404;
        }

        location ~ ^/v4/accounts/[^/]+/comments/([^/]+)\$ {
            set \$comment \$1;
            try_files /comments/\$comment.json =404;
        }
    }
EOH

    return $ngx->conf(master => 1, workers => 2, log_level => 'info',
                      http => $http, server => <<'EOS');
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location = /stats { postflow_stats tracks; }
EOS
}


sub setup {
    my ($ngx) = @_;
    my $root = $ngx->servroot;

    make_path("$root/html/lists", "$root/html/comments",
              "$root/html/metadata", "$root/html/files", "$root/html/stacks");
    write_file("$root/html/lists/empty.json",
               '{"data":[],"links":{"next":null}}');
    write_file("$root/conf/frameio.token", "token\n");
}


# --- 1,000 tracks, 100 calls a "minute" -------------------------------

my $ngx = PostFlow::Harness->new(tag => 'frameio-scale', master => 1);
my $mock = free_port($ngx->port);
my $root = $ngx->servroot;

setup($ngx);

# the comment a webhook will ask for, on the first track's file
write_file("$root/html/comments/" . comment_id(1) . '.json',
           '{"data":' . comment_json(1, file_id(1), 'Approved, great work!')
           . '}');
write_file("$root/html/lists/" . file_id(1) . '.json',
           '{"data":[' . comment_json(1, file_id(1), 'Approved, great work!')
           . '],"links":{"next":null}}');

$ngx->start(conf($ngx, mock => $mock, rate => '6000/m', enforce => '100r/s',
                 burst => 10))
    or BAIL_OUT($ngx->error);

my $created = 0;
for my $i (1 .. $TRACKS) {
    $created++ if register($ngx, "cut-$i", file_id($i))->{status} == 201;
}
is($created, $TRACKS, "$TRACKS tracks under review");

my $t0 = time;

# a webhook's comment while the polls queue up: it goes first
sleep 1;
my $asked = time;
is(ev($ngx, 'comment.created', comment_id(1))->{status}, 202,
   'a comment event while the polls are under way');
track_like($ngx, 'cut-1', qr/"review_status":"APPROVED"/,
           'its comment is fetched', 5);
my $fetched = time - $asked;
cmp_ok($fetched, '<', 1 * $slow,
       sprintf('at once, ahead of the polls (%.2f s)', $fetched));

# ten "minutes": 1,000 calls at 100 a second
my (%polled, @at);
my $all = wait_until((5 + 1.5 * $TRACKS / 100) * $slow, sub {
    my @polls = grep { $_->[1] == 200 && $_->[2] =~ m{/files/[^/]+/comments[?]} }
                mock_log($ngx);
    %polled = map { $_->[2] =~ m{/files/([^/]+)/} ? ($1 => 1) : () } @polls;
    @at = map { $_->[0] } @polls;
    return keys %polled >= $TRACKS;
});
my $took = time - $t0;
ok($all, sprintf('every track polled, %.1f s after the last registration'
                 . ' (%d of %d)', $took, scalar keys %polled, $TRACKS));
my $span = @at ? $at[-1] - $at[0] : 0;
cmp_ok($span, '<', 1.05 * $TRACKS / 100 * $slow,
       sprintf('at the pace of the budget: %.2f s from the first poll to'
               . ' the last', $span));

my @limited = grep { $_->[1] == 429 } mock_log($ngx);
is(scalar @limited, 0, 'the mock answered no 429');

my $stats = stats($ngx);
like($stats, qr/"rate_limited":0,/, 'the poller counted no 429');
like($stats, qr/"budget":\{"calls_per_minute":6000,"used_last_minute":\d+\}/,
     'the budget is in the statistics');
my ($lag) = $stats =~ /"polls":\{"lag":(\d+),/;
ok(defined $lag, "the poll lag is in the statistics ($lag s)");

my $metrics = $ngx->http_request(GET => '/stats?format=prometheus')->{body};
like($metrics, qr/^postflow_poller_lag_seconds\{zone="tracks"\} \d+$/m,
     'and in Prometheus');
like($metrics,
     qr/^postflow_frameio_budget_calls_per_minute\{zone="tracks"\} 6000$/m,
     'with the budget');

my $errors = PostFlow::Harness::log_since($ngx->error_log_path, 0);
unlike($errors, qr/\[(alert|crit|emerg)\]/, 'no alert');

$ngx->valgrind_ok;


# --- Frame.io's headers lower the budget; a completed track -----------

$ngx = PostFlow::Harness->new(tag => 'frameio-completed', master => 1);
$root = $ngx->servroot;
setup($ngx);

my $file = file_id(7);
write_file("$root/html/lists/$file.json",
           '{"data":[' . comment_json(1, $file, 'Approved, great work!')
           . '],"links":{"next":null}}');

$ngx->start(conf($ngx, mock => $mock, rate => '1000/s', enforce => '50r/s',
                 burst => 20, limit => 50, window => 1000))
    or BAIL_OUT($ngx->error);

is(register($ngx, 'spot', $file)->{status}, 201, 'a track');
track_like($ngx, 'spot', qr/"review_status":"APPROVED"/,
           'its approval is read by polling');
like(stats($ngx), qr/"budget":\{"calls_per_minute":2700,/,
     'the budget is lowered to 90% of the 50 calls a second Frame.io allows');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/\[notice\].*postflow frameio: Frame\.io allows 50 calls per 1000 ms/,
     'and the change logged');

is(ev($ngx, 'file.ready', $file)->{status}, 200, 'the file is ready');
track_like($ngx, 'spot', qr/"status":"COMPLETED"/, 'the track is completed');

# legal wants the disclaimer bigger: no webhook says so
write_file("$root/html/lists/$file.json",
           '{"data":[' . comment_json(1, $file, 'Approved, great work!')
           . ',' . comment_json(2, $file, 'Sorry, legal wants the disclaimer'
                                . ' bigger, please change it')
           . '],"links":{"next":null}}');

track_like($ngx, 'spot', qr/"status":"READY","review_status":"NEEDS_CHANGES"/,
           'the late change request is found by polling', 15);

$ngx->valgrind_ok;


# --- V4's Status field ------------------------------------------------

sub status_json {
    my ($value) = @_;
    return '{"data":{"metadata":[{"field_definition_name":"Notes",'
        . '"field_type":"text","value":"Approved by nobody"},'
        . '{"field_definition_name":"Status","field_type":"select",'
        . qq("value":[{"display_name":"$value","id":"o1"}]}]}});
}

$ngx = PostFlow::Harness->new(tag => 'frameio-status', master => 1);
$root = $ngx->servroot;
setup($ngx);

$file = file_id(9);

$ngx->start(conf($ngx, mock => $mock, rate => '100/s', enforce => '100r/s',
                 burst => 10))
    or BAIL_OUT($ngx->error);

is(register($ngx, 'status', $file)->{status}, 201, 'a track');

write_file("$root/html/metadata/$file.json", status_json('Approved'));
is(ev($ngx, 'metadata.value.updated', $file)->{status}, 200,
   'its Status field is set to Approved');
track_like($ngx, 'status', qr/"review_status":"APPROVED"/,
           'the field approves the track');

write_file("$root/html/metadata/$file.json", status_json('Needs Review'));
is(ev($ngx, 'metadata.value.updated', $file)->{status}, 200,
   'then to Needs Review');
track_like($ngx, 'status', qr/"review_status":"PENDING"/,
           'the track is no longer approved');

write_file("$root/html/metadata/$file.json", status_json('approved'));
is(ev($ngx, 'file.updated', $file)->{status}, 200,
   'file.updated, the field back to approved');
track_like($ngx, 'status', qr/"review_status":"APPROVED"/,
           'read again, whatever its case');

like(stats($ngx), qr/"status_fields_read":3\}/, 'three reads counted');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/postflow poller: file "$file": Status "Needs Review", read as the label "needs_review"/,
     'each read is logged');

$ngx->valgrind_ok;


# --- a version stack --------------------------------------------------

$ngx = PostFlow::Harness->new(tag => 'frameio-versions', master => 1);
$root = $ngx->servroot;
setup($ngx);

my ($v1, $v2) = (file_id(21), file_id(22));
my $stack = 'd0000000-0000-4000-8000-000000000021';

sub file_json {
    my ($id, $name, $at) = @_;
    return qq({"id":"$id","name":"$name","type":"file","parent_id":"$stack",)
        . qq("inserted_at":"2026-11-2${at}T09:00:00.000000Z"});
}

write_file("$root/html/files/$v2.json",
           '{"data":' . file_json($v2, 'SPOT_v2.mov', 2) . '}');
write_file("$root/html/stacks/$stack.json",
           '{"data":[' . file_json($v1, 'SPOT_v1.mov', 1) . ','
           . file_json($v2, 'SPOT_v2.mov', 2) . '],"links":{"next":null}}');

# a change asked on v1, the approval given on v2
write_file("$root/html/comments/" . comment_id(1) . '.json',
           '{"data":' . comment_json(1, $v1, 'Please fix the logo') . '}');
write_file("$root/html/comments/" . comment_id(2) . '.json',
           '{"data":' . comment_json(2, $v2, 'Approved, great work!') . '}');
write_file("$root/html/comments/" . comment_id(3) . '.json',
           '{"data":' . comment_json(3, $v1, 'Still not ok on the old cut')
           . '}');

# v1's own listing, as Frame.io keeps it: a poll of v1 before the stack
# must find the change request there
write_file("$root/html/lists/$v1.json",
           '{"data":[' . comment_json(1, $v1, 'Please fix the logo')
           . '],"links":{"next":null}}');
write_file("$root/html/lists/$v2.json",
           '{"data":[' . comment_json(2, $v2, 'Approved, great work!')
           . '],"links":{"next":null}}');

my $journal = "$root/logs/postflow.state";

$ngx->start(conf($ngx, mock => $mock, rate => '100/s', enforce => '100r/s',
                 burst => 10, state => $journal))
    or BAIL_OUT($ngx->error);

is(register($ngx, 'spot', $v1)->{status}, 201, 'a track of v1');
is(ev($ngx, 'comment.created', comment_id(1))->{status}, 202,
   'a change requested on v1');
track_like($ngx, 'spot', qr/"review_status":"NEEDS_CHANGES"/, 'read');

is(ev($ngx, 'file.versioned', $v2)->{status}, 202,
   'v2 is stacked on v1: Frame.io names the new file');
track_like($ngx, 'spot',
           qr/"file_id":"$v2".*"review_status":"PENDING".*"file_ids":\["$v1","$v2"\],"editors":\[\],"uploader":null\}$/,
           'the track follows v2, waits for its review, and knows both');
like(stats($ngx), qr/"versions_linked":1,/, 'the link is counted');

is(ev($ngx, 'comment.created', comment_id(2))->{status}, 202,
   'an approval on v2');
track_like($ngx, 'spot',
           qr/"review_status":"APPROVED","review_score":[0-9.]+,"comments_count":2,/,
           'reaches the track');

$ngx->restart or BAIL_OUT($ngx->error);

track_like($ngx, 'spot', qr/"file_id":"$v2".*"file_ids":\["$v1","$v2"\],"editors":\[\],"uploader":null\}$/,
           'after a restart the track still knows both versions');
write_file("$root/html/lists/$v1.json",
           '{"data":[' . comment_json(1, $v1, 'Please fix the logo') . ','
           . comment_json(3, $v1, 'Still not ok on the old cut')
           . '],"links":{"next":null}}');
is(ev($ngx, 'comment.created', comment_id(3))->{status}, 202,
   'a late comment on v1');
track_like($ngx, 'spot', qr/"comments_count":3,/,
           'v1 still routes to the track');

unlike(PostFlow::Harness::log_since($ngx->error_log_path, 0),
       qr/\[(alert|crit|emerg)\]/, 'no alert');

$ngx->valgrind_ok;

done_testing;
