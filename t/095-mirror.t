# In front of an existing receiver: Frame.io's deliveries are proxied to
# the studio's own webhook service, and `mirror` gives PostFlow a copy.
#
#   - the existing service receives every delivery unchanged (body,
#     signature, timestamp) and its answer is the one the client gets;
#   - PostFlow applies the copies, a body larger than
#     client_body_buffer_size included;
#   - a delivery PostFlow refuses is still answered 200 by the existing
#     service, so nobody retries it: the miss shows in the statistics, the
#     error log and the access log of the mirror location, and a replay
#     of the logged delivery to a direct postflow_webhook location
#     recovers it;
#   - with mirror_request_body off PostFlow gets no body at all, and
#     without log_subrequest on the mirror location logs nothing.
#
# The "existing service" is a second server {} of the same nginx on
# another loopback port: it logs what it received and answers
# {"ok":true}.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use IO::Socket::INET;
use JSON::PP;
use PostFlow::Harness qw(sign wait_until valgrind_enabled free_port);

my $SECRET = 'studio-secret';
my $ROTATED = 'rotated-secret';
my $wait = valgrind_enabled() ? 15 : 5;



my $ngx = PostFlow::Harness->new(tag => 'mirror');
my $recv = free_port($ngx->port);
my $logs = $ngx->servroot . '/logs';

sub conf {
    my (@secrets) = @_;

    return $ngx->conf(master => 1, workers => 1, user => 'nobody nogroup',
        http => <<"EOH", server => <<"EOS");
    postflow_zone tracks 1m;
    postflow_webhook_secret @secrets;

    # what the existing service received, byte for byte
    log_format receiver escape=none
        'ts=\$http_x_frameio_request_timestamp '
        'sig=\$http_x_frameio_signature type=\$content_type '
        'len=\$content_length body=\$request_body';

    # what PostFlow made of its copy, and the delivery itself for a replay
    log_format postflow escape=json
        '{"status":"\$status","event":"\$postflow_event",'
        '"upload_id":"\$postflow_upload_id",'
        '"timestamp":"\$http_x_frameio_request_timestamp",'
        '"signature":"\$http_x_frameio_signature",'
        '"body":"\$request_body"}';

    upstream existing_receiver {
        server 127.0.0.1:$recv;
    }

    # the studio's existing webhook service
    server {
        listen 127.0.0.1:$recv;
        client_body_buffer_size 64k;

        location = /frameio/webhook {
            access_log $logs/receiver.log receiver;
            proxy_pass http://127.0.0.1:$recv/ok;
        }
        location = /ok {
            access_log off;
            default_type application/json;
            add_header X-Receiver existing;
            return 200 '{"ok":true}';
        }
    }
EOH
        client_body_buffer_size 8k;

        location = /frameio/webhook {
            mirror /_postflow;
            proxy_pass http://existing_receiver;
        }
        location = /_postflow {
            internal;
            log_subrequest on;
            access_log $logs/postflow.log postflow;
            postflow_webhook tracks;
        }

        # the same without the body: what mirror_request_body off does
        location = /frameio/webhook-unread {
            mirror /_postflow;
            mirror_request_body off;
            proxy_pass http://existing_receiver/frameio/webhook;
        }

        # an access_log without log_subrequest on: nothing is logged
        location = /frameio/webhook-quiet {
            mirror /_postflow-quiet;
            proxy_pass http://existing_receiver/frameio/webhook;
        }
        location = /_postflow-quiet {
            internal;
            access_log $logs/quiet.log postflow;
            postflow_webhook tracks;
        }

        # replays, from loopback only
        location = /replay {
            allow 127.0.0.1;
            deny all;
            postflow_webhook tracks;
        }
        location /api/ {
            postflow_api tracks;
        }
        location = /stats {
            postflow_stats tracks;
        }
EOS
}


# a V4 file event as Frame.io sends it; $extra goes inside the object
sub event {
    my ($type, $file_id, $extra) = @_;
    return qq({"account":{"id":"acc-1"},"project":{"id":"prj-1"},)
        . qq("resource":{"id":"$file_id","type":"file"},"type":"$type",)
        . qq("user":{"id":"usr-1"},"workspace":{"id":"ws-1"})
        . ($extra // '') . '}';
}

# a signed delivery: what was sent and the answer
sub deliver {
    my ($path, $body, $secret, $ts) = @_;
    $ts //= time;
    my $sig = sign($secret // $SECRET, $ts, $body);
    my $res = $ngx->http_request(POST => $path, {
        'Content-Type' => 'application/json',
        'X-Frameio-Request-Timestamp' => $ts,
        'X-Frameio-Signature' => $sig }, $body);
    return ({ ts => $ts, sig => $sig, body => $body }, $res);
}

# the complete lines of a log: a long one may be read half written
sub lines {
    my ($file) = @_;
    open my $fh, '<', "$logs/$file" or return ();
    my @lines = <$fh>;
    pop @lines if @lines && $lines[-1] !~ /\n\z/;
    chomp @lines;
    return @lines;
}

# the receiver's log lines, waited for until there are $n
sub received {
    my ($n) = @_;
    my @got;
    wait_until($wait, sub { (@got = lines('receiver.log')) >= $n });
    return map {
        /^ts=(\S*) sig=(\S*) type=(\S*) len=(\S*) body=(.*)$/s
            ? { ts => $1, sig => $2, type => $3, len => $4, body => $5 }
            : { line => $_ }
    } @got;
}

# the mirror location's log lines, decoded, waited for until there are $n
sub mirrored {
    my ($n) = @_;
    my @got;
    wait_until($wait, sub { (@got = lines('postflow.log')) >= $n });
    # bytes in, bytes out: the body is compared as sent
    return map { JSON::PP->new->decode($_) } @got;
}

sub track {
    my ($id) = @_;
    my $res = $ngx->http_request(GET => "/api/uploads/$id");
    return $res->{status} == 200 ? decode_json($res->{body}) : {};
}

sub status_becomes {
    my ($id, $status) = @_;
    return wait_until($wait, sub { (track($id)->{status} // '') eq $status });
}

sub stats {
    return decode_json($ngx->http_request(GET => '/stats')->{body})
           ->{webhooks};
}

sub error_log {
    return PostFlow::Harness::log_since($ngx->error_log_path, 0);
}

# what the client of /frameio/webhook was answered is the existing
# service's answer
sub answered_by_receiver {
    my ($res, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    ok($res->{status} == 200 && $res->{body} eq '{"ok":true}'
       && ($res->{headers}{'x-receiver'} // '') eq 'existing'
       && $res->{headers}{'content-type'} eq 'application/json',
       "$name: answered by the existing service")
        or diag explain $res;
}

# the existing service got exactly what was sent
sub received_as_sent {
    my ($got, $sent, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    ok($got->{ts} eq $sent->{ts} && $got->{sig} eq $sent->{sig}
       && $got->{type} eq 'application/json'
       && $got->{len} == length($sent->{body})
       && $got->{body} eq $sent->{body},
       "$name: the existing service received it unchanged")
        or diag explain [$got, $sent];
}


$ngx->start(conf($SECRET)) or BAIL_OUT($ngx->error);

for my $i (1 .. 4) {
    is($ngx->http_request(POST => '/api/uploads', {},
           qq({"upload_id":"cut-$i","filename":"SC03_SH0${i}0_v2.mov",)
           . qq("file_id":"file-$i"}))->{status}, 201,
       "cut-$i is registered");
}


# --- every delivery reaches both ---------------------------------------

my @sent;
for my $type (qw(file.upload.completed file.ready)) {
    my ($sent, $res) = deliver('/frameio/webhook', event($type, 'file-1'));
    answered_by_receiver($res, $type);
    unlike($res->{body}, qr/outcome/, "$type: PostFlow's answer is not sent");
    push @sent, $sent;

    # the mirror subrequest ends before nginx reads the receiver's answer
    is(track('cut-1')->{status},
       $type eq 'file.ready' ? 'READY' : 'PROCESSING',
       "$type: PostFlow applied it by the time the answer came");
}

my @got = received(2);
is(scalar @got, 2, 'the existing service received both deliveries');
received_as_sent($got[$_], $sent[$_], "delivery $_") for 0, 1;

is_deeply([map { s/:.*//r } @{ track('cut-1')->{webhook_events_received} }],
          [qw(file.upload.completed file.ready)],
          'the track lists both events');

my @m = mirrored(2);
is_deeply([map { "$_->{status} $_->{event} $_->{upload_id}" } @m],
          ['200 file.upload.completed cut-1', '200 file.ready cut-1'],
          'the mirror location logs each delivery with its outcome');
is($m[1]{body}, $sent[1]{body}, 'and the body it got');


# --- a body larger than client_body_buffer_size -------------------------

# 20 kB, UTF-8 and escapes included, against a client_body_buffer_size of
# 8k: nginx writes it to a temporary file, PostFlow reads it back
my $note = ('Étalonnage \"v2\" à revoir, plan 12. ' x 520);
my ($big, $res) = deliver('/frameio/webhook',
                          event('file.ready', 'file-3', qq(,"note":"$note")));
cmp_ok(length $big->{body}, '>', 20000, 'a body of more than 20 kB');
answered_by_receiver($res, 'the large delivery');
received_as_sent((received(3))[2], $big, 'the large delivery');
ok(status_becomes('cut-3', 'READY'), 'PostFlow applied it: cut-3 is READY');

@m = mirrored(3);
is("$m[2]{status} $m[2]{event} $m[2]{upload_id}", '200 file.ready cut-3',
   'the mirror location logs it as applied');
is($m[2]{body}, '', 'but $request_body is empty: the body was in a file');


# --- what PostFlow refuses, the client never sees -----------------------

my $before = stats();

# a body PostFlow cannot read (cut short)
my ($bad, $res_bad) = deliver('/frameio/webhook',
                              substr(event('file.ready', 'file-2'), 0, 60));
answered_by_receiver($res_bad, 'a malformed delivery');
received_as_sent((received(4))[3], $bad, 'the malformed delivery');

# the webhook was made again in Frame.io, PostFlow still has the old secret
my ($stale, $res_stale) = deliver('/frameio/webhook',
                                  event('file.ready', 'file-2'), $ROTATED);
answered_by_receiver($res_stale, 'a delivery signed with a new secret');
received_as_sent((received(5))[4], $stale, 'the newly signed delivery');

@m = mirrored(5);
is("$m[3]{status} $m[3]{event}$m[3]{upload_id}", '400 ',
   'the mirror location logs the malformed one as 400');
is("$m[4]{status} $m[4]{event}$m[4]{upload_id}", '401 ',
   'and the other as 401, with no event');
is($m[4]{signature}, $stale->{sig}, 'the logged delivery has its signature');

my $after = stats();
is($after->{rejected}{json} - $before->{rejected}{json}, 1,
   'webhooks.rejected.json counts the malformed one');
is($after->{rejected}{signature} - $before->{rejected}{signature}, 1,
   'webhooks.rejected.signature counts the other');
is($after->{accepted}, $before->{accepted}, 'nothing more was accepted');

my $log = error_log();
my $sub = qr{request: "POST /frameio/webhook HTTP/1\.1", }
          . qr{subrequest: "/_postflow"};
like($log, qr/\[error\] .*postflow webhook: rejected, invalid JSON.*$sub/,
     'the error log names the rejection, the request and the subrequest');
like($log, qr/postflow webhook: rejected, signature does not match.*$sub/,
     'and says the signature does not match');
unlike($log, qr/\Q$ROTATED\E|\Q$SECRET\E/, 'never the secrets');

is(track('cut-2')->{status}, 'REGISTERED', 'cut-2 has not moved');


# --- recovery: the secret, then a replay of the logged delivery ---------

$ngx->reload(conf($SECRET, $ROTATED)) or fail('reload: ' . $ngx->error);

my $miss = (grep { $_->{status} eq '401' } mirrored(5))[0];
my $replay = $ngx->http_request(POST => '/replay', {
    'Content-Type' => 'application/json',
    'X-Frameio-Request-Timestamp' => $miss->{timestamp},
    'X-Frameio-Signature' => $miss->{signature} }, $miss->{body});
is($replay->{status}, 200, 'the logged delivery, replayed, is accepted');
is($replay->{body},
   qq({"outcome":"applied","event":"file.ready","upload_id":"cut-2"}\n),
   'and applied to cut-2');
is(track('cut-2')->{status}, 'READY', 'cut-2 is READY');


# --- mirror_request_body off: PostFlow gets no body ---------------------

my ($unread, $res_unread) = deliver('/frameio/webhook-unread',
                                    event('file.ready', 'file-4'));
answered_by_receiver($res_unread, 'with mirror_request_body off');
received_as_sent((received(6))[5], $unread,
                 'with mirror_request_body off, the delivery');

@m = mirrored(6);
is("$m[5]{status} $m[5]{body}", '401 ',
   'PostFlow got an empty body and refused it: 401');
is(track('cut-4')->{status}, 'REGISTERED', 'cut-4 has not moved');

# replayed from the existing service's own record of it
my $rec = (received(6))[5];
$replay = $ngx->http_request(POST => '/replay', {
    'Content-Type' => $rec->{type},
    'X-Frameio-Request-Timestamp' => $rec->{ts},
    'X-Frameio-Signature' => $rec->{sig} }, $rec->{body});
like($replay->{body}, qr/^\{"outcome":"applied",.*"upload_id":"cut-4"\}$/,
     "a replay from the existing service's record applies it");
is(track('cut-4')->{status}, 'READY', 'cut-4 is READY');


# --- log_subrequest off: the mirror location's access_log stays empty ---

$before = stats();
my ($quiet, $res_quiet) = deliver('/frameio/webhook-quiet',
                                  event('file.ready', 'file-1'));
answered_by_receiver($res_quiet, 'without log_subrequest');
received_as_sent((received(7))[6], $quiet,
                 'without log_subrequest, the delivery');
is(stats()->{duplicates} - $before->{duplicates}, 1,
   'PostFlow handled it (a duplicate for cut-1)');
is(scalar(() = lines('quiet.log')), 0,
   'but without log_subrequest on its access_log has no line');


unlike(error_log(), qr/\[(alert|crit|emerg)\]/, 'no alert in the error log');

$ngx->valgrind_ok;
ok($ngx->stop, 'nginx stops gracefully');

done_testing;
