# postflow_track_ttl: a track nobody touched for that long is gone for a
# read at once, and freed by the next write.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(sleep);
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'track-ttl');

# whole seconds: a track registered at x.999 s is a second old at x+1, so
# the read right after the registration has a second more, valgrind or not
my $ttl = 2 * PostFlow::Harness::slowdown();

$ngx->start($ngx->conf(
    http => "postflow_zone tracks 1m;\npostflow_track_ttl ${ttl}s;\n",
    server => <<'EOS')) or BAIL_OUT($ngx->error);
        location /api/ { postflow_api tracks; }
EOS

sub api {
    my ($method, $path, $body) = @_;
    return $ngx->http_request($method => $path, {}, $body);
}

my $cut = '{"upload_id":"cut-1","filename":"cut-1.mov"}';

is(api(POST => '/api/uploads', $cut)->{status}, 201, 'a track');
is(api(GET => '/api/uploads/cut-1')->{status}, 200, 'read back at once');

sleep $ttl + 0.2;

is(api(GET => '/api/uploads/cut-1')->{status}, 404,
   'past its ttl, a read no longer finds it');
unlike(api(GET => '/api/uploads')->{body}, qr/cut-1/, 'nor does the list');
is(api(POST => '/api/uploads', $cut)->{status}, 201,
   'and registering it again makes a new track');

$ngx->stop;
$ngx->valgrind_ok;

done_testing;
