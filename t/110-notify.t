# Push notifications (postflow_notify), against a receiver on 127.0.0.1
# (t/lib/notify-receiver.py, started and stopped here) that logs every
# request and can be told to answer 500, 400 or to hang:
#
#   - each event kind reaches the receiver, signed; the Slack shape;
#   - 500s are retried until the receiver answers 200; a 400 is given up;
#   - a hanging receiver leaves webhooks fast;
#   - kill -9 with notifications queued: a restart delivers them;
#   - a webhook delivered twice notifies once; a flap arrives in order;
#   - nginx -t refuses a bad URL or event, naming the directive, and the
#     secret never reaches the error log;
#   - statistics, JSON and Prometheus.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time sleep);
use IO::Socket::INET;
use Digest::SHA qw(hmac_sha256_hex);
use File::Path qw(make_path);
use JSON::PP;
use Encode qw(encode_utf8);
use POSIX qw(WNOHANG);
use PostFlow::Harness qw(wait_until valgrind_enabled free_port);

my $SECRET = 'n0tify-s3cret-value';
my $FILE_SECRET = 'fr0m-a-r00t-0nly-file';
my $slow = valgrind_enabled() ? 3 : 1;
my $user = $> == 0 ? 'nobody nogroup' : undef;



my $ngx = PostFlow::Harness->new;
my $root = $ngx->servroot;
my $rport = free_port();
my $rlog = "$root/logs/receiver.log";
my $rmode = "$root/logs/receiver.mode";
my $receiver;

sub receiver_start {
    unlink $rlog;
    receiver_mode('ok');
    $receiver = fork // die "fork: $!";
    if ($receiver == 0) {
        exec 'python3', "$FindBin::Bin/lib/notify-receiver.py", $rport,
             $rlog, $rmode;
        exit 127;
    }
    wait_until(5, sub {
        IO::Socket::INET->new(PeerAddr => "127.0.0.1:$rport");
    }) or BAIL_OUT("the receiver did not start");
}

sub receiver_stop {
    return unless $receiver;
    kill 'TERM', $receiver;
    waitpid $receiver, 0;
    $receiver = undef;
}

END { receiver_stop() }

sub receiver_mode {
    open my $fh, '>', $rmode or die "$rmode: $!";
    print $fh "$_[0]\n";
    close $fh;
}

# what the receiver got, each {t, path, headers, body, json}
sub received {
    my ($path) = @_;
    open my $fh, '<', $rlog or return ();
    my @r;
    while (my $line = <$fh>) {
        my $r = eval { decode_json($line) } or next;
        next if defined $path && $r->{path} ne $path;
        $r->{json} = eval { JSON::PP->new->decode($r->{body}) };
        $r->{bytes} = encode_utf8($r->{body});
        push @r, $r;
    }
    return @r;
}

sub wait_received {
    my ($path, $n, $timeout) = @_;
    my @r;
    wait_until(($timeout // 10) * $slow, sub {
        @r = received($path);
        return @r >= $n;
    });
    return @r;
}


make_path("$root/state", "$root/conf");
chown scalar(getpwnam('nobody')), -1, "$root/state" if $user;

# the second target's secret: a file only root reads
my $secret_file = "$root/conf/notify.secret";
open my $sf, '>', $secret_file or die;
print $sf "$FILE_SECRET\n";
close $sf;
chmod 0600, $secret_file;

my $base = "http://127.0.0.1:$rport";

sub http_conf {
    my (%o) = @_;
    my $notify = $o{notify} // <<"_EOC_";
    postflow_notify $base/all
        on=registered,uploading,processing,ready,completed,deleted,pending,approved,needs_changes,leaning_approved,leaning_rejected
        secret=$SECRET;
    postflow_notify $base/slack on=approved,needs_changes format=slack
        file=$secret_file;
    postflow_notify $base/default file=$secret_file;
_EOC_

    return <<"_EOC_";
    postflow_zone tracks 4m;
    postflow_state $root/state/journal compact=4k;
$notify
    postflow_notify_retry @{[ $o{retry} // '1h' ]};
_EOC_
}

my $server = <<'_EOC_';
    location /hook { postflow_webhook tracks; }
    location /api/ { postflow_api tracks; }
    location /stats { postflow_stats tracks; }
_EOC_

sub conf {
    return $ngx->conf(master => 1, workers => 2, log_level => 'info',
                      ($user ? (user => $user) : ()),
                      http => http_conf(@_), server => $server);
}

sub register {
    my ($id, $file) = @_;
    return $ngx->http_request(POST => '/api/uploads', {},
        qq({"upload_id":"$id","filename":"$id.mov","file_id":"$file"}));
}

sub ev {
    my ($type, $file) = @_;
    return $ngx->http_request(POST => '/hook', {},
        qq({"type":"$type","resource":{"type":"file","id":"$file"},)
        . qq("account":{"id":"a1"},"project":{"id":"p1"}}));
}

sub comment {
    my ($id, $text, $author) = @_;
    return $ngx->http_request(POST => "/api/uploads/$id/comments", {},
        encode_json({ text => $text,
                      defined $author ? (author => $author) : () }));
}

sub events_of {
    my ($path, $upload) = @_;
    return map { $_->{json}{event} }
           grep { $_->{json} && $_->{json}{track}{upload_id} eq $upload }
           received($path);
}

sub stats { decode_json($ngx->http_request(GET => '/stats')->{body}) }


# --- nginx -t -------------------------------------------------------------

{
    my ($code, $out) = $ngx->nginx_t(conf(notify =>
        "    postflow_notify ftp://127.0.0.1/x secret=$SECRET;\n"));
    isnt $code, 0, 'nginx -t refuses a URL that is not http(s)';
    like $out, qr/invalid URL "ftp:\/\/127\.0\.0\.1\/x" in "postflow_notify" directive.* in \S+nginx_t\.conf:\d+/,
         'the error names the directive, the file and the line';
    unlike $out, qr/\Q$SECRET\E/, 'and not the secret';

    ($code, $out) = $ngx->nginx_t(conf(notify =>
        "    postflow_notify $base/x on=ready,approvd secret=$SECRET;\n"));
    isnt $code, 0, 'nginx -t refuses an unknown event';
    like $out, qr/unknown\ event\ "approvd"\ in\ "postflow_notify"
                  \ directive.*\ in\ \S+:\d+/x, 'named, with the directive';
    unlike $out, qr/\Q$SECRET\E/, 'and not the secret';

    ($code, $out) = $ngx->nginx_t(conf(notify =>
        "    postflow_notify $base/x $SECRET;\n"));
    isnt $code, 0, 'nginx -t refuses a parameter it does not know';
    unlike $out, qr/\Q$SECRET\E/, 'without showing it: it may be a secret';

    ($code, $out) = $ngx->nginx_t(conf(notify =>
        "    postflow_notify $base/x;\n    postflow_notify $base/x on=ready;\n"));
    isnt $code, 0, 'nginx -t refuses a URL given twice';
    like $out, qr/duplicate URL "\Q$base\E\/x" in "postflow_notify"/,
         'named';

    ($code, $out) = $ngx->nginx_t(conf());
    is $code, 0, 'nginx -t takes a good configuration' or diag $out;
}


# --- each event, signed ---------------------------------------------------

receiver_start();
$ngx->start(conf()) or BAIL_OUT($ngx->error);

is register('u1', 'f1')->{status}, 201, 'registered';
is ev('file.created', 'f1')->{status}, 200, 'uploading';
is ev('file.upload.completed', 'f1')->{status}, 200, 'processing';
is ev('file.ready', 'f1')->{status}, 200, 'ready';
is comment('u1', 'Approved, great work', 'client-1')->{status}, 201,
   'approved';

my @all = wait_received('/all', 6);
is_deeply [ events_of('/all', 'u1') ],
          [ qw(registered uploading processing ready approved completed) ],
          'every change reaches the receiver, in order';

my $ok = 1;
for my $r (@all) {
    my $h = $r->{headers};
    my $want = 'v0=' . hmac_sha256_hex("v0:$h->{'x-postflow-timestamp'}:"
                                       . $r->{bytes}, $SECRET);
    $ok &&= ($h->{'x-postflow-signature'} // '') eq $want
            && abs($h->{'x-postflow-timestamp'} - time) < 60
            && $h->{'x-postflow-id'} eq $r->{json}{id}
            && $h->{'x-postflow-event'} eq $r->{json}{event};
}
ok $ok, 'each is signed: v0=HMAC-SHA256(secret, "v0:TS:BODY"), id, event';

my ($ap) = grep { $_->{json}{event} eq 'approved' } @all;
is_deeply $ap->{json}{change},
          { field => 'review_status', from => 'PENDING', to => 'APPROVED' },
          'the change';
is $ap->{json}{zone}, 'tracks', 'the zone';
is $ap->{json}{track}{upload_id}, 'u1', 'the track';
is $ap->{json}{track}{review_status}, 'APPROVED', 'as it is now';
is $ap->{json}{comment}{excerpt}, 'Approved, great work', 'the comment';
is $ap->{json}{comment}{author}, 'client-1', 'its author';
is $ap->{json}{comment}{verdict}, 'approve', 'its verdict';
like $ap->{json}{at}, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'the time';
my ($rg) = grep { $_->{json}{event} eq 'registered' } @all;
is $rg->{json}{change}{from}, undef, 'a new track comes from nothing';
is $rg->{json}{comment}, undef, 'no comment yet: null';

my %ids = map { $_->{json}{id} => 1 } @all;
is scalar(keys %ids), scalar(@all), 'ids are unique';

my @slack = wait_received('/slack', 1);
is scalar(@slack), 1, 'the Slack target listens to approvals only';
is_deeply $slack[0]{json},
    { text => "u1.mov: APPROVED \x{2014} \x{201c}Approved, great work\x{201d}" },
    'the Slack shape';
is $slack[0]{headers}{'x-postflow-signature'},
   'v0=' . hmac_sha256_hex("v0:$slack[0]{headers}{'x-postflow-timestamp'}:"
                           . $slack[0]{bytes}, $FILE_SECRET),
   'signed with the secret of a root-only file';

my @def = wait_received('/default', 2);
is_deeply [ events_of('/default', 'u1') ], [ qw(ready approved) ],
          'by default: ready, approved, needs_changes';


# --- duplicates and flaps -------------------------------------------------

register('u2', 'f2');
ev('file.ready', 'f2');
ev('file.ready', 'f2');
comment('u2', 'Approved');
comment('u2', 'Needs changes: the logo is too small, please fix it');
comment('u2', 'Approved now, all good');
wait_received('/default', 6);
sleep 0.5;
is_deeply [ events_of('/default', 'u2') ],
          [ qw(ready approved needs_changes approved) ],
          'a webhook delivered twice notifies once; a flap arrives in order';


# --- retries --------------------------------------------------------------

receiver_mode('500');
register('u3', 'f3');
ev('file.ready', 'f3');
wait_until(10 * $slow, sub {
    (grep { $_->{json}{track}{upload_id} eq 'u3' } received('/default')) >= 2
});
receiver_mode('ok');
my @u3;
wait_until(15 * $slow, sub {
    @u3 = grep { $_->{json}{track}{upload_id} eq 'u3' } received('/default');
    return grep { $_->{answered} == 200 } @u3;
});
ok @u3 >= 3, 'answered 500: tried again (' . scalar(@u3) . ' attempts)';
is $u3[-1]{answered}, 200, 'until it is accepted';
is scalar(keys %{{ map { $_->{json}{id} => 1 } @u3 }}), 1,
   'the same notification each time';
ok $u3[1]{t} - $u3[0]{t} >= 0.4, 'after a delay';

receiver_mode('400');
register('u4', 'f4');
ev('file.ready', 'f4');
wait_until(10 * $slow, sub {
    grep { $_->{json}{track}{upload_id} eq 'u4' } received('/default')
});
sleep 2;
is scalar(grep { $_->{json}{track}{upload_id} eq 'u4' }
                received('/default')), 1, 'a 400 is not tried again';
receiver_mode('ok');

my $st;
wait_until(10 * $slow, sub {
    $st = stats()->{notifications};
    return $st->{queued} == 0;
});
is $st->{queued}, 0, 'statistics: nothing queued';
ok $st->{sent} >= 12, "statistics: sent ($st->{sent})";
ok $st->{retried} >= 2, "statistics: retried ($st->{retried})";
ok $st->{given_up} >= 1, "statistics: given up ($st->{given_up})";
is $st->{dropped}, 0, 'statistics: none dropped';
my ($td) = grep { $_->{url} eq "$base/default" } @{ $st->{targets} };
is $td->{given_up}, 1, 'statistics: per target';

my $prom = $ngx->http_request(GET => '/stats?format=prometheus')->{body};
like $prom, qr/^postflow_notifications_queued\{zone="tracks",target="\Q$base\E\/default"\} 0$/m,
     'prometheus: queued by target';
like $prom, qr/^postflow_notifications_sent_total\{zone="tracks",target="\Q$base\E\/all"\} \d+$/m,
     'prometheus: sent by target';
like $prom, qr/^postflow_notifications_oldest_queued_seconds\{zone="tracks"\} 0$/m,
     'prometheus: the oldest queued';

SKIP: {
    my ($promtool) = grep { -x } map { "$_/promtool" } split /:/, $ENV{PATH};
    skip 'promtool is not installed', 1 unless $promtool;

    my $file = "$root/logs/metrics.txt";
    open my $fh, '>', $file or die "$file: $!";
    print $fh $prom;
    close $fh;

    my $out = `$promtool check metrics < $file 2>&1`;
    is($?, 0, 'promtool check metrics accepts the notifications') or diag($out);
}


# --- a receiver that hangs: webhooks stay fast ---------------------------

receiver_mode('hang');
register('u5', 'f5');
ev('file.ready', 'f5');
wait_until(5 * $slow, sub {
    grep { $_->{json}{track}{upload_id} eq 'u5' } received('/default')
});
my $worst = 0;
for my $i (1 .. 20) {
    my $t0 = time;
    my $res = register("h$i", "hf$i");
    my $dt = time - $t0;
    $worst = $dt if $dt > $worst;
}
ok $worst < 1 * $slow, sprintf('webhooks and the API stay fast while the'
                               . ' receiver hangs (worst %.3f s)', $worst);
receiver_mode('ok');
wait_until(30 * $slow, sub {
    grep { $_->{json}{track}{upload_id} eq 'u5' && $_->{answered} == 200 }
         received('/default')
});
ok((grep { $_->{json}{track}{upload_id} eq 'u5' && $_->{answered} == 200 }
         received('/default')), 'after the timeout, delivered');


# --- kill -9 with notifications queued ------------------------------------

receiver_mode('500');
for my $i (1 .. 5) {
    register("k$i", "kf$i");
    is ev('file.ready', "kf$i")->{status}, 200, "k$i ready, acknowledged";
}
$ngx->kill9_all;
receiver_mode('ok');
my $before = () = grep { $_->{answered} == 200 } received('/default');
$ngx->start or BAIL_OUT($ngx->error);
wait_until(20 * $slow, sub {
    my %got = map { $_->{json}{track}{upload_id} => 1 }
              grep { $_->{answered} == 200 } received('/default');
    return 5 == grep { $got{"k$_"} } 1 .. 5;
});
my %got = map { $_->{json}{track}{upload_id} => 1 }
          grep { $_->{answered} == 200 } received('/default');
is scalar(grep { $got{"k$_"} } 1 .. 5), 5,
   'kill -9, restart: every acknowledged change is notified';
sleep 1;
my %count;
$count{ $_->{json}{id} }++
    for grep { $_->{answered} == 200 } received('/default');
is scalar(grep { $_ > 1 } values %count), 0,
   'nothing delivered before the kill is delivered again';


# --- a reload: the new workers take the lease over ------------------------

ok $ngx->reload, 'reloaded' or diag $ngx->error;
register('r1', 'rf1');
ev('file.ready', 'rf1');
wait_until(10 * $slow, sub {
    grep { $_->{json}{track}{upload_id} eq 'r1' && $_->{answered} == 200 }
         received('/default')
});
ok((grep { $_->{json}{track}{upload_id} eq 'r1' && $_->{answered} == 200 }
         received('/default')), 'after a reload, notifications go on');


# --- given up after postflow_notify_retry ---------------------------------

$ngx->stop;
receiver_mode('500');
# long enough for a second attempt (the first retry is 1 s after)
$ngx->start(conf(retry => 2 * $slow . 's')) or BAIL_OUT($ngx->error);
register('g1', 'gf1');
ev('file.ready', 'gf1');
my $gst;
wait_until(15 * $slow, sub {
    $gst = stats()->{notifications};
    return $gst->{queued} == 0;
});
is $gst->{queued}, 0, 'a receiver that keeps failing: nothing left queued';
ok $gst->{given_up} >= 2, 'given up once postflow_notify_retry passed';
ok((grep { $_->{json}{track}{upload_id} eq 'g1' } received('/default')) >= 2,
   'after more than one attempt');
receiver_mode('ok');


# --- the secret is never logged -------------------------------------------

$ngx->stop;
receiver_stop();
open my $el, '<', $ngx->error_log_path or die;
my $log = do { local $/; <$el> };
unlike $log, qr/\Q$SECRET\E|\Q$FILE_SECRET\E/, 'no secret in error_log';
like $log, qr/postflow_notify "\Q$base\E\/default": notification \d+ given up/,
     'a notification given up is logged with its target and id';
like $log, qr/postflow_notify "\Q$base\E\/default": notification \d+ given up: postflow_notify_retry passed/,
     'and why';
unlike $log, qr/\[(alert|crit)\]/, 'no alert';
like $log, qr/compact/, 'the journal was compacted with notifications queued';

$ngx->valgrind_ok if valgrind_enabled();

done_testing;
