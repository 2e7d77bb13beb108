# The Frame.io client over time and across processes, against a mock
# Frame.io API served by another server {} of the same nginx (fixtures
# copied from t/fixtures/frameio so that a test can change them):
#
#   - a token file rewritten: the next call carries the new token;
#   - an API slower than postflow_frameio_timeout: counted, and nginx
#     answers everything else meanwhile;
#   - 429 and x-ratelimit-remaining 0: calls wait for the window;
#   - polling notices edited and deleted comments;
#   - one worker polls; a reload with calls in flight leaves nothing
#     behind and the new workers take over.

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
my $F_CUT1 = '0b6f1e5c-7a52-4d0e-9d64-1c2f7c1e9a10';
my $F_THREAD = 'e7d6c5b4-a392-4817-9e6d-5c4b3a291807';
my %C = (
    approve => '3f2e1d0c-9b8a-4765-a4b3-c2d1e0f9a8b7',
    fix => '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    scene => 'd4c3b2a1-f0e9-4d8c-b7a6-9f8e7d6c5b4a',
    c429 => '11111111-4290-4429-9429-000000000429',
    c510 => '33333333-5100-4510-9510-000000000510',
    slow => '44444444-7100-4710-9710-000000000710',
);

my $slow = valgrind_enabled() ? 3 : 1;



# a V4 delivery as Frame.io sends it
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


# waits (bounded) until the track's JSON matches
sub track_like {
    my ($ngx, $upload_id, $re, $name) = @_;
    my $body;

    my $ok = wait_until(20 * $slow, sub {
        $body = track($ngx, $upload_id);
        return $body =~ $re;
    });

    ok($ok, $name) or diag($body);
}


sub stats_like {
    my ($ngx, $re, $name) = @_;
    my $body;

    my $ok = wait_until(20 * $slow, sub {
        $body = stats($ngx);
        return $body =~ $re;
    });

    ok($ok, $name) or diag($body);
}


# "msec status uri authorization" lines the mock logged
sub mock_log {
    my ($ngx) = @_;
    my $text = PostFlow::Harness::log_since($ngx->servroot
                                            . '/logs/mock.log', 0);
    return map { [split / /, $_, 4] } split /\n/, $text;
}


sub write_file {
    my ($path, $text) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text;
    close $fh or die "$path: $!";
}


sub read_file {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!";
    local $/;
    return <$fh>;
}


sub conf {
    my ($ngx, %o) = @_;
    my $root = $ngx->servroot;
    my $mock = $o{mock};
    my $flaky = $o{flaky};

    my $state = $o{state} ? "postflow_state $o{state};" : '';

    my $http = <<"EOH";
    postflow_zone tracks 1m;
    $state
    postflow_frameio_api http://127.0.0.1:$mock;
    postflow_frameio_token file=$root/conf/frameio.token;
    postflow_poll_interval $o{poll};
    postflow_frameio_timeout $o{timeout};
    postflow_frameio_retries 1;

    log_format mock '\$msec \$status \$request_uri \$http_authorization';

    upstream frameio_flaky {
        server 127.0.0.1:$flaky;
        server 127.0.0.1:$mock;
    }

    server {
        listen 127.0.0.1:$mock;
        access_log $root/logs/mock.log mock;
        default_type application/json;
        root $root/html/frameio;

        if (\$http_authorization !~ "^Bearer token-(two|six)\$") {
            return 401 '{"error":{"detail":"Malformed token."}}';
        }

        location / {
            try_files \$uri.json =404;
        }

        location ~ /comments\$ {
            try_files \$uri\$arg_after\$arg_page.json =404;
        }

        # a token refreshed in place: this comment wants the newest
        location ~ /comments/3f2e1d0c- {
            if (\$http_authorization != "Bearer token-six") {
                return 401 '{"error":{"detail":"Token expired."}}';
            }
            try_files \$uri.json =404;
        }

        # the API at its limit: answers, but nothing left in the window
        location ~ /comments/d4c3b2a1- {
            add_header x-ratelimit-limit 100 always;
            add_header x-ratelimit-remaining 0 always;
            add_header x-ratelimit-window 1500 always;
            try_files \$uri.json =404;
        }

        # a 429 first, then the answer
        location ~ /comments/11111111- {
            if (\$http_x_flaky) {
                rewrite ^ /answer\$uri last;
            }
            proxy_set_header X-Flaky 1;
            proxy_pass http://frameio_flaky;
        }

        location ^~ /answer/ {
            internal;
            alias $root/html/frameio/;
            try_files \$uri.json =404;
        }

        # an API slower than the timeout: a few bytes a second
        location ~ /comments/44444444- {
            limit_rate 100;
            try_files \$uri.json =404;
        }
    }

    server {
        listen 127.0.0.1:$flaky;
        access_log $root/logs/mock.log mock;
        add_header x-ratelimit-limit 100 always;
        add_header x-ratelimit-remaining 0 always;
        add_header x-ratelimit-window 1000 always;
        return 429 '{"errors":[{"detail":"Too Many Requests"}]}';
    }
EOH

    return $ngx->conf(master => 1, workers => $o{workers} // 1,
                      log_level => 'info', http => $http,
                      server => <<'EOS');
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location = /stats { postflow_stats tracks; }
EOS
}


sub setup {
    my ($ngx) = @_;
    my $root = $ngx->servroot;

    make_path("$root/html");
    system('cp', '-R', "$FindBin::Bin/fixtures/frameio", "$root/html/") == 0
        or die "cannot copy the fixtures";
}


# --- one worker: tokens, a slow API, rate limits, polling -------------

my $ngx = PostFlow::Harness->new(tag => 'frameio', master => 1);
my $mock = free_port($ngx->port);
my $flaky = free_port($ngx->port, $mock);
my $token = $ngx->servroot . '/conf/frameio.token';

setup($ngx);
write_file($token, "token-one\n");

$ngx->start(conf($ngx, mock => $mock, flaky => $flaky, poll => 'off',
                 timeout => '1s'))
    or BAIL_OUT($ngx->error);

is(register($ngx, 'cut-1', $F_CUT1)->{status}, 201, 'a track');

# a token the API refuses: counted, the track unchanged
is(ev($ngx, 'comment.created', $C{approve})->{status}, 202,
   'a comment event is queued');
stats_like($ngx, qr/"4xx":1,.*"jobs":\{"queued":1,"waiting":0,"done":0,"failed":1,/,
           'a refused token fails the job, counted as 4xx');
like(track($ngx, 'cut-1'), qr/"review_status":"PENDING","review_score":0.000,"comments_count":0,/,
     'the track is untouched');

# the operator (or a refresher) replaces the file: the next call uses it
write_file("$token.new", "token-two\n");
rename "$token.new", $token or die "rename: $!";

is(ev($ngx, 'comment.created', $C{fix})->{status}, 202, 'another comment');
track_like($ngx, 'cut-1', qr/"review_status":"NEEDS_CHANGES".*"comments_count":1,/,
           'the new token is used at the next call');
is((mock_log($ngx))[-1][3], 'Bearer token-two',
   'the mock saw the new token');

# rewritten in place, same size, mtime put back: only a 401 can tell
my $mtime = (stat $token)[9];
write_file($token, "token-six\n");
utime $mtime, $mtime, $token;

is(ev($ngx, 'comment.created', $C{approve})->{status}, 202,
   'a comment the API answers for the newest token only');
track_like($ngx, 'cut-1', qr/"review_status":"APPROVED".*"comments_count":2,/,
           'after a 401 the token file is read again and the call retried');
my @log = grep { $_->[2] =~ /3f2e1d0c/ } mock_log($ngx);
is_deeply([map { "$_->[1] $_->[3]" } @log[-2, -1]],
          ['401 Bearer token-two', '200 Bearer token-six'],
          'the mock saw the old token refused, then the new one');

# an API slower than the timeout: counted; nginx answers the rest at once
my $t0 = time;
is(ev($ngx, 'comment.created', $C{slow})->{status}, 202,
   'a comment whose fetch will time out is queued at once');
cmp_ok(time - $t0, '<', 0.5 * $slow, 'the webhook did not wait for the API');

# a worker blocked by the call would answer nothing for a second (the
# timeout), twice (the retry)
my ($n, @took) = (0);
while (time - $t0 < 1.5) {
    my $t = time;
    my $res = $ngx->http_request(GET => '/api/uploads/cut-1');
    $n++ if $res->{status} == 200;
    push @took, time - $t;
    sleep 0.05;
}
@took = sort { $a <=> $b } @took;
cmp_ok($n, '>', 5, "other locations answer while the call hangs ($n answers)");
cmp_ok($took[@took / 2], '<', 0.1 * $slow,
       sprintf('at once (median %.3f s, worst %.3f s)', $took[@took / 2],
               $took[-1]));
cmp_ok($took[-1], '<', 0.9, 'none waited for the timeout');

stats_like($ngx, qr/"timeout":2,.*"retries":1,.*"failed":2,/,
           'the call timed out twice (one retry), counted, the job failed');

# rate limits: a 429 holds the calls for x-ratelimit-window
is(ev($ngx, 'comment.created', $C{c429})->{status}, 202, 'a rate-limited comment');
stats_like($ngx, qr/"rate_limited":1,/, 'the 429 is counted');
stats_like($ngx, qr/"comments":\{"added":3,/, 'then the comment is fetched');
@log = grep { $_->[2] =~ /11111111/ } mock_log($ngx);
my ($limited) = grep { $_->[1] == 429 } @log;
my ($served) = grep { $_->[1] == 200 } @log;
ok($limited && $served, 'the mock answered 429, then 200');
cmp_ok($served->[0] - $limited->[0], '>=', 0.95,
       'the retry waited for the 1000 ms window') if $limited && $served;

# x-ratelimit-remaining 0 on a success holds the next call as well
register($ngx, 'scene', '4d3c2b1a-0f9e-4d8c-b7a6-958473625140');
is(ev($ngx, 'comment.created', $C{scene})->{status}, 202, 'a comment');
track_like($ngx, 'scene', qr/"review_status":"APPROVED"/, 'fetched');
is(ev($ngx, 'comment.updated', $C{fix})->{status}, 202, 'and another');
stats_like($ngx, qr/"done":5,/, 'fetched too');
@log = mock_log($ngx);
my ($i) = grep { $log[$_][2] =~ /d4c3b2a1/ } 0 .. $#log;
my ($j) = grep { $log[$_][2] =~ /5a4b3c2d/ } reverse 0 .. $#log;
cmp_ok($log[$j][0] - $log[$i][0], '>=', 1.4,
       'the next call waited for the 1500 ms window of the exhausted answer');

my $errors = PostFlow::Harness::log_since($ngx->error_log_path, 0);
like($errors, qr/\[warn\].*postflow frameio: rate limited, calls wait 1000 ms/,
     'the back-off is logged');
like($errors, qr/\[warn\].*postflow frameio: GET \S+44444444\S+ timed out/,
     'the timeout is logged');
unlike($errors, qr/\[(alert|crit|emerg)\]/, 'no alert');

$ngx->valgrind_ok('frameio client: valgrind reports no errors');


# --- polling: edits and deletions -------------------------------------

$ngx = PostFlow::Harness->new(tag => 'frameio-poll', master => 1);
setup($ngx);
write_file($ngx->servroot . '/conf/frameio.token', "token-two\n");

my $state = $ngx->servroot . '/logs/postflow.state';

$ngx->start(conf($ngx, mock => $mock, flaky => $flaky, poll => '1s',
                 timeout => '5s', state => $state))
    or BAIL_OUT($ngx->error);

is(register($ngx, 'thread', $F_THREAD)->{status}, 201, 'a track with a thread');
track_like($ngx, 'thread', qr/"review_status":"APPROVED".*"comments_count":5,/,
           'the poller read the three pages');

my $page3 = $ngx->servroot . "/html/frameio/v4/accounts/$ACC/files/$F_THREAD"
            . '/commentsg3QAAAACZAACaWRtAAAAJGEwMDAwMDA0==.json';
my $text = read_file($page3);
$text =~ s/Love it, approved/Please change the music/ or die 'fixture';
write_file($page3, $text);

track_like($ngx, 'thread', qr/"review_status":"NEEDS_CHANGES".*"comments_count":5,/,
           'an edited comment is analysed again');

$text =~ s/\{"annotation".*\}\]/]/ or die 'fixture';
write_file($page3, $text);

track_like($ngx, 'thread', qr/"review_status":"APPROVED".*"comments_count":4,/,
           'a deleted comment leaves the analysis');
stats_like($ngx, qr/"comments":\{"added":5,"edited":1,"deleted":1\}/,
           'edits and deletions are counted');

my $metrics = $ngx->http_request(GET => '/stats?format=prometheus')->{body};
like($metrics,
     qr/^postflow_poller_comments_total\{zone="tracks",change="edited"\} 1$/m,
     'Prometheus has the poller\'s counters');
like($metrics,
     qr/^postflow_frameio_calls_total\{zone="tracks",outcome="ok"\} [1-9]\d*$/m,
     'and its calls by outcome');
like(stats($ngx), qr/"runs":([3-9]|\d\d)/, 'one run a second');

# a page that is not a whole listing deletes nothing
my $page2 = $page3 =~ s/JGEwMDAwMDA0/JGEwMDAwMDAy/r;
my $page2_text = read_file($page2);

sub runs {
    my ($ngx) = @_;
    return stats($ngx) =~ /"runs":(\d+)/ ? $1 : 0;
}

for my $bad ('{"data":[1]}', '{"data":[{"id":5}]}', '{"data":[{"text":"x"}]}',
             '{"data":[],"links":{"next":7}}',
             '{"data":[{"id":"c9","text":"ok \\ud41d\\udc4d"}]}')
{
    write_file($page2, $bad);
    my $runs = runs($ngx);
    wait_until(20 * $slow, sub { runs($ngx) >= $runs + 2 });
    like(track($ngx, 'thread'),
         qr/"review_status":"APPROVED".*"comments_count":4,/,
         "a page of $bad keeps every comment");
}
my $page_errors = PostFlow::Harness::log_since($ngx->error_log_path, 0);
like($page_errors, qr/\[error\].*a listed element is not an object/,
     'error_log says what was wrong with the page');
like($page_errors, qr/\[error\].*a listed comment has no id/,
     'and names a comment without an id');
like($page_errors, qr/\[error\].*links\.next is not a string/,
     'and a next link that is not one');
like($page_errors, qr/\[error\].*a \\u escape is a lone surrogate/,
     'and an escape that is not text');
write_file($page2, $page2_text);

# what the poller learnt is journaled: back after a crash, without polling
$ngx->kill9_all;
$ngx->start(conf($ngx, mock => $mock, flaky => $flaky, poll => 'off',
                 timeout => '5s', state => $state))
    or BAIL_OUT($ngx->error);
like(track($ngx, 'thread'), qr/"review_status":"APPROVED".*"comments_count":4,/,
     'the thread the poller read survives kill -9');
my $replayed = PostFlow::Harness::log_since($ngx->error_log_path, 0);
like($replayed, qr/postflow_state ".*": \d+ records replayed, 0 skipped/,
     'every record replays');

$ngx->valgrind_ok('frameio polling: valgrind reports no errors');


# --- two workers: one polls; a reload with calls in flight ------------

$ngx = PostFlow::Harness->new(tag => 'frameio-reload', master => 1,
                              workers => 2);
setup($ngx);
write_file($ngx->servroot . '/conf/frameio.token', "token-two\n");

my $c = conf($ngx, mock => $mock, flaky => $flaky, poll => 'off',
             timeout => '60s', workers => 2);
$ngx->start($c) or BAIL_OUT($ngx->error);

register($ngx, 'cut-1', $F_CUT1);
is(ev($ngx, 'comment.created', $C{fix})->{status}, 202, 'a comment');
track_like($ngx, 'cut-1', qr/"review_status":"NEEDS_CHANGES"/, 'fetched');

my @polls = PostFlow::Harness::log_since($ngx->error_log_path, 0)
            =~ /this worker polls Frame\.io/g;
is(scalar @polls, 1, 'one worker of two holds the lease');
my ($owner) = stats($ngx) =~ /"lease_owner":(\d+)/;
ok($owner && grep({ $_ == $owner } $ngx->worker_pids),
   'the statistics name it');

# a call that will not end for half a minute, then a reload
is(ev($ngx, 'comment.created', $C{slow})->{status}, 202, 'a slow call');
sleep 1;
like(stats($ngx), qr/"jobs":\{"queued":2,"waiting":1,"done":1,/,
     'it is in flight');
is(scalar(grep { $_->[2] =~ /44444444/ } mock_log($ngx)), 0,
   'the API has not answered it');

my $offset = -s $ngx->error_log_path;
$t0 = time;
ok($ngx->reload($c), 'reload') or diag($ngx->error);
cmp_ok(time - $t0, '<', 5 * $slow, sprintf('the old workers exited at once'
                                            . ' (%.1f s)', time - $t0));

is(ev($ngx, 'comment.created', $C{c510})->{status}, 202,
   'a comment after the reload');
track_like($ngx, 'cut-1', qr/"review_status":"APPROVED"/,
           'the new workers take the lease and fetch it');

my $after = PostFlow::Harness::log_since($ngx->error_log_path, $offset);
unlike($after, qr/open socket|\[alert\]|\[crit\]/,
       'no socket, connection or timer left behind');
@polls = $after =~ /this worker polls Frame\.io/g;
is(scalar @polls, 1, 'one new worker holds the lease');

$ngx->valgrind_ok('frameio reload: valgrind reports no errors');
ok($ngx->stop, 'nginx stops gracefully');

done_testing;
