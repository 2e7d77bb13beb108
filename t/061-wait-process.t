# Waits across workers: a change made by any worker ends a wait at once,
# a client that leaves frees its waiter, a reload answers the waiters.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time sleep);
use IO::Socket::INET;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'wait', master => 1, workers => 2);

sub conf {
    return $ngx->conf(master => 1, workers => 2,
        http => "postflow_zone tracks 1m;\n",
        server => <<'EOS');
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
EOS
}

# a request sent now, read later
sub send_request {
    my ($path) = @_;
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => $ngx->port,
                                     Timeout => 10) or die "connect: $!";
    print $sock "GET $path HTTP/1.1\r\nHost: localhost\r\n"
                . "Connection: close\r\n\r\n";
    return $sock;
}

sub read_response {
    my ($sock) = @_;
    local $/;
    my $text = <$sock>;
    close $sock;
    return $text // '';
}

sub ev {
    my ($type, $file_id) = @_;
    return $ngx->http_request(POST => '/hook', {},
        qq({"type":"$type","resource":{"id":"$file_id","type":"file"}}));
}

$ngx->start(conf()) or BAIL_OUT($ngx->error);

for my $i (1 .. 3) {
    $ngx->http_request(POST => '/api/uploads', {},
        qq({"upload_id":"cut-$i","filename":"c$i.mov","file_id":"f-$i"}));
}

# several waiters, answered when another connection (any worker) moves
# the track
my @waiting = map { send_request("/api/uploads/cut-1?wait=ready&timeout=20s") }
              1 .. 4;
sleep 0.3;

my $t0 = time;
is(ev('file.ready', 'f-1')->{status}, 200, 'the file becomes ready');

my @answers = map { read_response($_) } @waiting;
my $took = time - $t0;

is(scalar(grep { /^HTTP\/1\.1 200 /
                 && /\r\nX-Postflow-Wait: satisfied\r\n/
                 && /"status":"READY"/ } @answers), 4,
   'every waiter is answered with the ready track');
cmp_ok($took, '<', 2 * PostFlow::Harness::slowdown(),
       'within moments of the change');

# a DELETE ends a wait as file.deleted does, though no track is left
my $deleting = send_request("/api/uploads/cut-1?wait=approved&timeout=20s");
sleep 0.3;
is($ngx->http_request(DELETE => '/api/uploads/cut-1')->{status}, 204,
   'the track is deleted while it is waited for');
like(read_response($deleting),
     qr/^HTTP\/1\.1 404 .*\r\nX-Postflow-Wait: deleted\r\n.*\{"error":"the upload was deleted"\}/s,
     'the waiter is told: 404, X-Postflow-Wait: deleted');

# a client that leaves: its waiter goes, nginx stays healthy
my $gone = send_request("/api/uploads/cut-2?wait=approved&timeout=20s");
sleep 0.2;
close $gone;
sleep 0.3;
is(ev('file.ready', 'f-2')->{status}, 200, 'nginx still answers');

# a reload answers the waiters of the old workers
my $w = send_request("/api/uploads/cut-3?wait=approved&timeout=30s");
sleep 0.3;
$t0 = time;
$ngx->reload(conf()) or fail('reload: ' . $ngx->error);
my $answer = read_response($w);
like($answer, qr/\r\nX-Postflow-Wait: timeout\r\n.*"upload_id":"cut-3"/s,
     'a reload answers a waiter with its current track');
cmp_ok(time - $t0, '<', 5 * PostFlow::Harness::slowdown(),
       'and the old workers do not linger');

my $log = PostFlow::Harness::log_since($ngx->error_log_path, 0);
unlike($log, qr/\[(alert|crit|emerg)\]/, 'no alert in the error log');

$ngx->valgrind_ok;
ok($ngx->stop, 'nginx stops gracefully');

done_testing;
