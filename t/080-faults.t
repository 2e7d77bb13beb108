# Faults: kill -9 of every nginx process in the middle of a stream of
# signed webhooks, reloads during a stream, and a full disk under the
# journal.  What was answered 2xx is never lost; nothing is answered 2xx
# that was not kept.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time sleep);
use POSIX ();
use PostFlow::Harness qw(sign);

my $secret = 'fault-secret';
my $ngx = PostFlow::Harness->new(tag => 'faults', master => 1, workers => 2);
my $logs = $ngx->servroot . '/logs';

sub conf {
    my ($state) = @_;
    return $ngx->conf(master => 1, workers => 2,
        http => "postflow_zone tracks 4m;\n"
                . "postflow_webhook_secret $secret;\n"
                . "postflow_state $state;\n",
        server => <<'EOS');
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location = /stats { postflow_stats tracks; }
EOS
}

sub event {
    my ($type, $file_id) = @_;
    my $body = '{"account":{"id":"acc"},"project":{"id":"prj"},'
        . '"resource":{"id":"' . $file_id . '","type":"file"},"type":"'
        . $type . '","user":{"id":"usr"},"workspace":{"id":"ws"}}';
    my $ts = time;
    $ts = int($ts);

    return $ngx->http_request(POST => '/hook', {
        'X-Frameio-Request-Timestamp' => $ts,
        'X-Frameio-Signature' => sign($secret, $ts, $body),
    }, $body);
}

sub register {
    my ($i) = @_;
    return $ngx->http_request(POST => '/api/uploads', {},
        qq({"upload_id":"up-$i","filename":"SH${i}_v1.mov","file_id":"f-$i"}));
}

# a child that streams registrations and events, writing one line per
# 2xx answer; it stops at the first failure or after $seconds
sub stream {
    my ($file, $seconds, $first) = @_;
    my $pid = fork // die "fork: $!";
    return $pid if $pid;

    open my $acks, '>', $file or POSIX::_exit(2);
    $acks->autoflush(1);
    my ($deadline, $bad) = (time + $seconds, 0);

    for (my $i = $first; time < $deadline; $i++) {
        for my $step (['register'], ['file.created'], ['file.ready']) {
            my $res = $step->[0] eq 'register' ? register($i)
                                               : event($step->[0], "f-$i");
            if ($res->{status} =~ /^2/) {
                print $acks "$step->[0] $i\n";
            } else {
                print $acks "failed $i $res->{status}\n";
                $bad++;
                last;
            }
        }
        last if $bad;
    }

    close $acks;
    POSIX::_exit(0);
}

sub acks {
    my ($file) = @_;
    open my $fh, '<', $file or return ();
    return map { [split] } <$fh>;
}

# --- kill -9 of every process while webhooks stream in ------------------

my $state = "$logs/postflow.state";
$ngx->start(conf($state)) or BAIL_OUT($ngx->error);

# kill once the stream is well under way, however slow nginx runs
my $child = stream("$logs/acks-kill", 60, 1);
PostFlow::Harness::wait_until(60, sub {
    my @acks = acks("$logs/acks-kill");
    return @acks >= 60;
});
$ngx->kill9_all;
waitpid $child, 0;

my @acks = grep { $_->[0] ne 'failed' } acks("$logs/acks-kill");
my %acked;
$acked{$_->[1]}{$_->[0]} = 1 for @acks;

cmp_ok(scalar(@acks), '>=', 60, scalar(@acks) . ' answers were 2xx before'
       . ' the kill');

$ngx->start or BAIL_OUT($ngx->error);

my ($found, $lost) = (0, 0);
for my $i (sort { $a <=> $b } keys %acked) {
    my $body = $ngx->http_request(GET => "/api/uploads/up-$i")->{body};
    my $want = $acked{$i}{'file.ready'} ? 'READY'
             : $acked{$i}{'file.created'} ? 'UPLOADING' : 'REGISTERED';

    # applied and journaled but killed before its answer: further along
    my %rank = (REGISTERED => 0, UPLOADING => 1, READY => 2);
    my ($got) = $body =~ /"status":"([A-Z]+)"/;
    my $ok = defined $got && defined $rank{$got}
             && $rank{$got} >= $rank{$want};
    $ok ? $found++ : $lost++;
    diag("up-$i: expected $want, got $body") unless $ok;
}

is($lost, 0, "after kill -9 and a restart: $found acknowledged uploads"
   . ' found in their acknowledged state or later, none lost');
note(sprintf "kill -9: %d requests acknowledged, %d uploads, %d found",
     scalar(@acks), scalar(keys %acked), $found);

# --- reloads while webhooks stream in -------------------------------------

$child = stream("$logs/acks-reload", 4, 100000);
for (1 .. 6) {
    sleep 0.5;
    $ngx->reload(conf($state)) or fail('reload: ' . $ngx->error);
}
waitpid $child, 0;

my @reload = acks("$logs/acks-reload");
my @failed = grep { $_->[0] eq 'failed' } @reload;
cmp_ok(scalar(@reload), '>', 6, scalar(@reload) . ' requests during'
       . ' six reloads');
is(scalar(@failed), 0, 'not one answer other than 2xx during reloads')
    or diag(join "\n", map { "@$_" } @failed);

$ngx->stop;

# --- the journal's disk fills up ------------------------------------------

my $mnt = "$logs/small-disk";
mkdir $mnt;

SKIP: {
    skip 'cannot mount a small tmpfs here (not root?)', 11
        if system("mount -t tmpfs -o size=64k tmpfs $mnt 2>/dev/null") != 0;

    $ngx->start(conf("$mnt/postflow.state")) or BAIL_OUT($ngx->error);

    # leave room for a few records only
    system("dd if=/dev/zero of=$mnt/filler bs=1k count=58 2>/dev/null");

    my ($i, $res) = (200000);
    my @ok;
    while ($i < 200100) {
        $res = register(++$i);
        last if $res->{status} != 201;
        push @ok, $i;
    }

    is($res->{status}, 503, 'a full disk refuses a registration with 503'
       . ' (after ' . scalar(@ok) . ')');
    like($res->{body}, qr/postflow_state cannot be written/, 'saying why');
    is(event('file.ready', "f-$ok[0]")->{status}, 503,
       'and a webhook with 503, so that Frame.io retries it');
    like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
         qr/\[crit\].*postflow_state ".*postflow\.state": write failed/,
         'the error log says so');
    my $stats = $ngx->http_request(GET => '/stats')->{body};
    my $health = '"journal":\{"path":"[^"]*postflow\.state","bytes":\d+,'
                 . '"write_errors":2,"last_error":"write\(\) failed'
                 . ' \(28: No space left on device\)","last_error_at":"20';
    like($stats, qr/$health/,
         'and so do the statistics');
    like($stats, qr/"rejected":\{[^}]*"journal":1\}/,
         'with the webhook refused for it');
    like($ngx->http_request(GET => '/stats?format=prometheus')->{body},
         qr/^postflow_journal_write_errors_total\{zone="tracks"\} 2$/m,
         'and Prometheus');

    unlink "$mnt/filler";

    is(register($i)->{status}, 201, 'room again: the registration succeeds');
    is(event('file.ready', "f-$ok[0]")->{status}, 200, 'and the webhook');

    $ngx->kill9_all;
    $ngx->start or BAIL_OUT($ngx->error);

    is(scalar(grep { $ngx->http_request(GET => "/api/uploads/up-$_")
                         ->{status} == 200 } @ok, $i),
       @ok + 1, 'every acknowledged registration is back after a restart');
    like($ngx->http_request(GET => "/api/uploads/up-$ok[0]")->{body},
         qr/"status":"READY"/, 'with its event');

    $ngx->stop;
    system("umount $mnt");
}

$ngx->valgrind_ok;

done_testing;
