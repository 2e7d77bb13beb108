# Two nodes sharing their tracks through a Redis stream
# (postflow_replicate), against a real redis-server on 127.0.0.1 that
# this test starts and stops, with an append-only file:
#
#   - registered on A, read on B; a webhook on B for A's upload;
#   - a long poll on B answered by a comment made on A;
#   - a change's notification is sent once, by the node that took it;
#   - the same upload registered on both at once: one 201, one 409, the
#     same track on both;
#   - kill -9 of A under a stream of changes: every acknowledged change
#     is on B, and A, restarted, catches up;
#   - Redis stopped: changes answered 503, reads go on; Redis back: both
#     nodes catch up and list the same tracks;
#   - a reload;
#   - the stream is trimmed once both nodes journaled its entries; a
#     node started afterwards with an empty journal says it is behind
#     and refuses changes, and starts from a copy of a peer's journal;
#   - nginx -t refuses a bad URL, naming the directive and the line;
#   - statistics, JSON and Prometheus.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time sleep);
use IO::Socket::INET;
use File::Path qw(make_path);
use File::Copy qw(copy);
use JSON::PP;
use POSIX qw(WNOHANG);
use PostFlow::Harness qw(wait_until valgrind_enabled server_port
                         default_servroot free_port);

my $slow = valgrind_enabled() ? 3 : 1;

my $redis_bin = '/usr/bin/redis-server';
plan skip_all => "no $redis_bin (Debian: redis-server)" unless -x $redis_bin;



my $a = PostFlow::Harness->new(servroot => default_servroot() . '_a',
                               tag => '120-a');
my $b = PostFlow::Harness->new(servroot => default_servroot() . '_b',
                               port => free_port(server_port()),
                               tag => '120-b');

# --- redis-server, a child of this test --------------------------------------

my $rport = free_port();
my $rdir = $a->servroot . '/logs/redis';
my $password = 'r3dis-pa55word';
my $redis;

make_path($rdir);

# as a sysadmin keeps it: root's, read by the master only
my $password_file = $a->servroot . '/conf/redis.password';
open my $pf, '>', $password_file or die "$password_file: $!";
print $pf "$password\n";
close $pf;
chmod 0600, $password_file;

sub redis_start {
    $redis = fork // die "fork: $!";
    if ($redis == 0) {
        open STDOUT, '>>', "$rdir/redis.log";
        open STDERR, '>&', \*STDOUT;
        { exec $redis_bin, '--port', $rport, '--bind', '127.0.0.1',
               '--dir', $rdir, '--appendonly', 'yes',
               '--appendfsync', 'everysec', '--save', '',
               '--daemonize', 'no', '--protected-mode', 'no',
               '--requirepass', $password }
        POSIX::_exit(127);
    }
    wait_until(10, sub {
        IO::Socket::INET->new(PeerAddr => "127.0.0.1:$rport");
    }) or BAIL_OUT("redis-server did not start");
}

sub redis_stop {
    return unless $redis;
    kill 'TERM', $redis;
    waitpid $redis, 0;
    $redis = undef;
}

END { redis_stop() }

# one command, in RESP, after AUTH: the first line of its reply
sub redis_cmd {
    my (@args) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$rport",
                                  Timeout => 5) or return undef;
    for my $cmd (['AUTH', $password], \@args) {
        print $s join '', "*" . @$cmd . "\r\n",
                          map { '$' . length($_) . "\r\n$_\r\n" } @$cmd;
    }
    my $auth = <$s>;
    my $line = <$s>;
    close $s;
    return $line;
}

redis_start();


# --- a notification receiver, a child of this test too ------------------------

my $nport = free_port();
my $nlog = $a->servroot . '/logs/notified.log';
my $receiver = fork // die "fork: $!";
if ($receiver == 0) {
    { exec 'python3', "$FindBin::Bin/lib/notify-receiver.py", $nport,
           $nlog, $a->servroot . '/logs/receiver.mode' }
    POSIX::_exit(127);
}
END { if ($receiver) { kill 'TERM', $receiver; waitpid $receiver, 0 } }
wait_until(5, sub { IO::Socket::INET->new(PeerAddr => "127.0.0.1:$nport") })
    or BAIL_OUT("the receiver did not start");

# the events of an upload the receiver got, in order
sub notified {
    my ($upload) = @_;
    open my $fh, '<', $nlog or return ();
    my @events;
    while (my $line = <$fh>) {
        my $r = eval { decode_json($line) } or next;
        my $n = eval { decode_json($r->{body}) } or next;
        push @events, $n->{event} if $n->{track}{upload_id} eq $upload;
    }
    return @events;
}


# --- the two nodes ----------------------------------------------------------

my $server = <<'_EOC_';
    location /hook { postflow_webhook tracks; }
    location /api/ { postflow_api tracks; }
    location /stats { postflow_stats tracks; }
    location /metrics { postflow_stats tracks; }
_EOC_

# A reads the password from a file, B has it in its configuration
sub conf {
    my ($ngx, $node, %o) = @_;
    my $root = $ngx->servroot;
    my $secret = $node eq 'a' ? "file=$password_file"
                              : "password=$password";
    return $ngx->conf(master => 1, workers => 2, log_level => 'info',
                      http => <<"_EOC_", server => $server);
    postflow_zone tracks 4m;
    postflow_state $root/logs/journal compact=16k;
    postflow_replicate @{[ $o{url} // "redis://127.0.0.1:$rport" ]}
                       stream=pf-test node=$node $secret timeout=1s;
    postflow_notify http://127.0.0.1:$nport/n on=ready,approved;
_EOC_
}

sub req {
    my ($ngx, $method, $path, $body) = @_;
    return $ngx->http_request($method => $path, {}, $body);
}

sub register {
    my ($ngx, $id, $file) = @_;
    return req($ngx, POST => '/api/uploads',
               qq({"upload_id":"$id","filename":"$id.mov","file_id":"$file"}));
}

sub ev {
    my ($ngx, $type, $file) = @_;
    return req($ngx, POST => '/hook',
               qq({"type":"$type","resource":{"type":"file","id":"$file"},)
               . qq("account":{"id":"a1"},"project":{"id":"p1"}}));
}

sub track {
    my ($ngx, $id) = @_;
    my $res = req($ngx, GET => "/api/uploads/$id");
    return $res->{status} == 200 ? decode_json($res->{body}) : undef;
}

# every track, without what depends on the node (none should)
sub tracks {
    my ($ngx) = @_;
    my $res = req($ngx, GET => '/api/uploads?limit=1000');
    return undef unless $res->{status} == 200;
    return decode_json($res->{body});
}

sub stats { decode_json(req($_[0], GET => '/stats')->{body}) }

# started, and taking changes: its first worker has checked the stream
sub start_node {
    my ($ngx, @conf) = @_;
    $ngx->start(@conf) or BAIL_OUT($ngx->error);
    wait_until(10 * $slow, sub {
        my $res = req($ngx, GET => '/stats');
        $res->{status} == 200
            && decode_json($res->{body})->{replication}{accepting};
    }) or BAIL_OUT($ngx->servroot . ' does not take changes');
}

sub same_tracks {
    my ($what) = @_;
    my $ok = wait_until(10 * $slow, sub {
        my ($ta, $tb) = (tracks($a), tracks($b));
        return $ta && $tb && JSON::PP->new->canonical->encode($ta)
                             eq JSON::PP->new->canonical->encode($tb);
    });
    ok $ok, "$what: both nodes list the same tracks";
}


# --- nginx -t ---------------------------------------------------------------

{
    my ($code, $out) = $a->nginx_t(conf($a, 'a',
                                        url => 'http://127.0.0.1:1'));
    isnt $code, 0, 'nginx -t refuses a URL that is not redis://';
    like $out, qr/postflow_replicate: "http:\/\/127\.0\.0\.1:1" is not a redis:\/\/HOST:PORT\[\/DB\] URL in \S+:\d+/,
         'the error names the directive, the file and the line';

    ($code, $out) = $a->nginx_t(conf($a, 'a') =~ s/\bfile=\S+/pasword=x/r);
    isnt $code, 0, 'nginx -t refuses an unknown parameter';
    like $out, qr/postflow_replicate: unknown or empty parameter #\d+/,
         'naming its place';
    unlike $out, qr/\Q$password\E|pasword=x/, 'and not what it says';

    ($code, $out) = $a->nginx_t(conf($a, 'a',
                                     url => "redis://127.0.0.1:$rport/x"));
    isnt $code, 0, 'nginx -t refuses a database that is not a number';
}


start_node($a, conf($a, 'a'));
start_node($b, conf($b, 'b'));


# --- one node's change, the other's read ------------------------------------

is register($a, 'u1', 'f1')->{status}, 201, 'registered on A';

ok wait_until(5 * $slow, sub { track($b, 'u1') }),
   'B has the upload registered on A';

my $res = ev($b, 'file.ready', 'f1');
is $res->{status}, 200, 'a webhook on B for A\'s upload is applied';
like $res->{body}, qr/"outcome":"applied".*"upload_id":"u1"/,
     'and answered with the upload it matched';

ok wait_until(5 * $slow, sub {
    my $t = track($a, 'u1');
    $t && $t->{status} eq 'READY';
}), 'A sees the file ready';

like redis_cmd('XLEN', 'pf-test'), qr/^:[1-9]/,
     'the changes are entries of the Redis stream';

is register($b, 'u1', 'f1')->{status}, 200,
   'the same registration again on B: unchanged';
is register($b, 'u1', 'f-other')->{status}, 409,
   'a conflicting one on B: 409, as one node would say';


# --- a long poll on B, a comment on A ---------------------------------------

{
    my $pid = fork // die;
    if ($pid == 0) {
        sleep 0.5 * $slow;
        req($a, POST => '/api/uploads/u1/comments',
            '{"text":"Validé, on livre."}');
        POSIX::_exit(0);
    }
    my $t0 = time;
    my $res = req($b, GET => '/api/uploads/u1?wait=approved&timeout=10s');
    waitpid $pid, 0;
    is $res->{status}, 200, 'the long poll on B is answered';
    like $res->{body}, qr/"review_status":"APPROVED"/,
         'with the review the comment on A decided';
    cmp_ok time - $t0, '<', 8 * $slow, 'before its timeout';
}


# --- notifications, once per cluster ---------------------------------------

{
    is register($a, 'n1', 'fn1')->{status}, 201, 'registered on A';
    ok wait_until(5 * $slow, sub { track($b, 'n1') }), 'known to B';
    is ev($b, 'file.ready', 'fn1')->{status}, 200, 'ready on B';
    is req($a, POST => '/api/uploads/n1/comments',
           '{"text":"Approved, ship it."}')->{status}, 201,
       'approved on A';
    ok wait_until(10 * $slow, sub { notified('n1') >= 2 }),
       'the receiver is told';
    sleep 2 * $slow;
    is_deeply [sort(notified('n1'))], ['approved', 'ready'],
              'once each, by the node that took the change';
}


# --- the same upload registered on both at once -----------------------------

{
    my @pids;
    for my $ngx ($a, $b) {
        my $pid = fork // die;
        if ($pid == 0) {
            my $file = $ngx == $a ? 'fa' : 'fb';
            my $res = register($ngx, 'race', $file);
            POSIX::_exit($res->{status} == 201 ? 1
                         : $res->{status} == 409 ? 2 : 3);
        }
        push @pids, $pid;
    }
    my @codes = map { waitpid($_, 0); $? >> 8 } @pids;
    is_deeply [sort @codes], [1, 2],
              'registered on both at once: one 201, one 409';
    ok wait_until(5 * $slow, sub {
        my ($ta, $tb) = (track($a, 'race'), track($b, 'race'));
        $ta && $tb && $ta->{file_id} eq $tb->{file_id};
    }), 'and both nodes have the winner\'s track';
}

same_tracks('after the first changes');


# --- kill -9 of A under a stream of changes ---------------------------------

{
    my $acked = "$a->{servroot}/logs/acked";
    my $pid = fork // die;
    if ($pid == 0) {
        open my $fh, '>', $acked or die;
        $fh->autoflush(1);
        for my $i (1 .. 100000) {
            my $res = register($a, "k$i", "kf$i");
            last unless $res->{status};
            print $fh "k$i\n" if $res->{status} == 201;
        }
        POSIX::_exit(0);
    }
    sleep 1.5 * $slow;
    $a->kill9_all;
    waitpid $pid, 0;

    open my $fh, '<', $acked or die;
    chomp(my @ids = <$fh>);
    close $fh;
    cmp_ok scalar @ids, '>', 10, scalar(@ids) . ' registrations acknowledged'
                                 . ' by A before kill -9';

    my @missing;
    ok wait_until(10 * $slow, sub {
        @missing = grep { !track($b, $_) } @ids;
        !@missing;
    }), 'every acknowledged registration is on B'
        or diag "missing on B: @missing[0 .. 4]";

    is register($b, 'after-kill', 'fk')->{status}, 201,
       'B takes changes while A is down';

    start_node($a);
    ok wait_until(10 * $slow, sub { track($a, 'after-kill') }),
       'A, restarted, catches up with what B did meanwhile';
    @missing = grep { !track($a, $_) } @ids;
    is scalar @missing, 0, 'and has every change it acknowledged';

    same_tracks('after kill -9');
}


# --- Redis down, then back --------------------------------------------------

{
    redis_stop();

    my $res = register($a, 'down', 'fd');
    is $res->{status}, 503, 'Redis down: a registration is refused with 503';
    like $res->{body}, qr/"error":"postflow_replicate: Redis is unavailable/,
         'and says why';
    is ev($b, 'file.ready', 'kf1')->{status}, 503,
       'a webhook too: Frame.io retries it';
    ok track($a, 'u1') && track($b, 'u1'),
       'reads go on from each node\'s zone';
    is stats($a)->{replication}{redis}, 'down', 'statistics say Redis is down';
    is stats($a)->{replication}{accepting}, JSON::PP::false,
       'and that changes are not taken';

    redis_start();

    ok wait_until(10 * $slow, sub {
        register($a, 'back', 'fback')->{status} == 201;
    }), 'Redis back: A takes changes again';
    ok wait_until(10 * $slow, sub {
        ev($b, 'file.ready', 'fback')->{status} == 200;
    }), 'and B';
    ok wait_until(10 * $slow, sub {
        my $t = track($a, 'back');
        $t && $t->{status} eq 'READY';
    }), 'each applies the other\'s';

    same_tracks('after Redis came back');
}


# --- a reload ---------------------------------------------------------------

{
    $a->reload or fail($a->error);
    is register($a, 'reloaded', 'freload')->{status}, 201,
       'after a reload, A takes changes';
    ok wait_until(5 * $slow, sub { track($b, 'reloaded') }),
       'and B has them';
}


# --- the stream stays bounded, and a new node ---------------------------------

{
    ok wait_until(25 * $slow, sub {
        (redis_cmd('XLEN', 'pf-test') // '') =~ /^:(\d+)/ && $1 <= 3;
    }), 'the stream is trimmed once both nodes have journaled its entries';

    $b->stop;
    unlink "$b->{servroot}/logs/journal";
    $b->start or BAIL_OUT($b->error);

    ok wait_until(10 * $slow, sub { stats($b)->{replication}{behind} }),
       'a node with an empty journal, after a trim: statistics say behind';
    is stats($b)->{replication}{accepting}, JSON::PP::false,
       'and not accepting';
    is register($b, 'behind', 'fbehind')->{status}, 503,
       'and it refuses changes';
    my $log = do { local (@ARGV, $/) = $b->error_log_path; <> };
    like $log, qr/stream "pf-test" was trimmed up to \d+-\d+, past this node's position 0-0: changes are refused; start this node from a copy of a peer's postflow_state journal/,
         'error_log says what to do';

    $b->stop;
    copy("$a->{servroot}/logs/journal", "$b->{servroot}/logs/journal")
        or die "copy: $!";
    PostFlow::Harness::give_to_workers("$b->{servroot}/logs/journal");
    start_node($b);

    same_tracks('a new node started from a copy of a peer\'s journal');
    is register($b, 'joined', 'fjoined')->{status}, 201,
       'and it takes changes';
    ok wait_until(5 * $slow, sub { track($a, 'joined') }), 'for both';
}


# --- statistics -------------------------------------------------------------

{
    my $st = stats($b)->{replication};
    is $st->{node}, 'b', 'statistics name the node';
    is $st->{stream}, 'pf-test', 'and the stream';
    is $st->{redis}, 'up', 'Redis is up';
    like $st->{last_applied_id}, qr/^\d+-\d+$/, 'the last applied stream id';
    is $st->{behind}, JSON::PP::false, 'and B is not behind';
    cmp_ok stats($a)->{replication}{applied_from_peers}, '>', 0,
           'changes applied from peers';

    my $m = req($a, GET => '/metrics?format=prometheus')->{body} // '';
    like $m, qr/^postflow_replication_up\{zone="tracks"\} 1$/m,
         'Prometheus: Redis is up';
    like $m, qr/^postflow_replication_applied_total\{zone="tracks",origin="peers"\} \d+$/m,
         'Prometheus: applied from peers';
}


$a->stop;
$b->stop;

for my $ngx ($a, $b) {
    my $log = do { local (@ARGV, $/) = $ngx->error_log_path; <> };
    unlike $log, qr/\[(alert|crit)\]/,
           $ngx->servroot . ': no alert in the error log';
}

$a->valgrind_ok;
$b->valgrind_ok;

done_testing;
