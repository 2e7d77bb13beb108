# The shared zone across processes: every worker sees the same tracks,
# a reload keeps them, pages walk the whole list, and a full zone
# refuses registrations with 507 while webhooks are still answered.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness qw(sign);

my $secret = 'zone-secret';

sub event {
    my ($type, $file_id) = @_;
    return '{"account":{"id":"a1"},"project":{"id":"p1"},"resource":{"id":"'
        . $file_id . '","type":"file"},"type":"' . $type
        . '","user":{"id":"u1"},"workspace":{"id":"w1"}}';
}

sub post_event {
    my ($ngx, $type, $file_id) = @_;
    my $body = event($type, $file_id);
    my $ts = time;

    return $ngx->http_request(POST => '/hook', {
        'X-Frameio-Request-Timestamp' => $ts,
        'X-Frameio-Signature' => sign($secret, $ts, $body),
    }, $body);
}

sub register {
    my ($ngx, $upload_id, $file_id) = @_;
    return $ngx->http_request(POST => '/api/uploads', {},
        qq({"upload_id":"$upload_id","filename":"$upload_id.mov",)
        . qq("file_id":"$file_id"}));
}

sub conf {
    my ($ngx, $size) = @_;

    return $ngx->conf(master => 1, workers => 2,
        http => "postflow_zone tracks $size;\n"
                . "postflow_webhook_secret $secret;\n",
        server => <<'EOS');
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location = /stats { postflow_stats tracks; }
EOS
}

my $ngx = PostFlow::Harness->new(tag => 'zone', master => 1, workers => 2);

$ngx->start(conf($ngx, '1m')) or BAIL_OUT($ngx->error);

# several workers, one zone
for my $i (1 .. 25) {
    is(register($ngx, "cut-$i", "file-$i")->{status}, 201, "register cut-$i");
}

for my $i (1 .. 25) {
    my $res = post_event($ngx, 'file.ready', "file-$i");
    is($res->{status}, 200, "file.ready for file-$i")
        or diag($res->{body});
}

like($ngx->http_request(GET => '/stats')->{body},
     qr/"total_tracked":25,.*"READY":25,/,
     'every worker updated the same tracks');

# pages
my (%seen, $after, $pages);

while (1) {
    my $uri = '/api/uploads?limit=7' . (defined $after ? "&after=$after" : '');
    my $body = $ngx->http_request(GET => $uri)->{body};
    $seen{$1}++ while $body =~ /"upload_id":"(cut-\d+)"/g;
    $pages++;
    last unless $body =~ /"next":"([^"]+)"/;
    $after = $1;
    last if $pages > 10;
}

is(scalar(keys %seen), 25, 'the pages list every track');
is(scalar(grep { $_ != 1 } values %seen), 0, 'and each one once');
is($pages, 4, 'in four pages of seven');

# reload
$ngx->reload(conf($ngx, '1m')) or fail('reload: ' . $ngx->error);

like($ngx->http_request(GET => '/api/uploads/cut-7')->{body},
     qr/"upload_id":"cut-7".*"status":"READY"/, 'a reload keeps the tracks');
like($ngx->http_request(GET => '/stats')->{body},
     qr/"total_tracked":25,.*"READY":25,/, 'and the distributions');

is(post_event($ngx, 'file.deleted', 'file-3')->{status}, 200,
   'new workers take events');

$ngx->stop;

# a full zone: the smallest one fills after a few hundred tracks
$ngx = PostFlow::Harness->new(tag => 'full', master => 1, workers => 2);
$ngx->start(conf($ngx, '32k')) or BAIL_OUT($ngx->error);

my ($n, $res) = (0);
while ($n < 5000) {
    $res = register($ngx, 'full-' . ++$n, "f-$n");
    last if $res->{status} != 201;
}

is($res->{status}, 507, "a full zone answers 507 (after $n registrations)");
is($res->{body}, qq({"error":"postflow_zone is full and no finished track can be evicted"}\n),
   'with a clear error');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0), qr/\[error\].*postflow_zone "tracks" is full: upload "full-$n" is not registered/,
     'and an error_log line');

is(post_event($ngx, 'file.ready', 'f-1')->{status}, 200,
   'webhooks for known files are still answered');
is(post_event($ngx, 'file.deleted', 'f-2')->{status}, 200,
   'a track is deleted');

is(register($ngx, "full-$n", "f-$n")->{status}, 201,
   'the deleted track is evicted for a new registration');
like($ngx->http_request(GET => '/api/uploads/full-2')->{body},
     qr/no such upload/, 'the evicted track is gone');
like($ngx->http_request(GET => '/api/uploads/full-1')->{body},
     qr/"status":"READY"/, 'active tracks are kept');
like($ngx->http_request(GET => '/stats')->{body},
     qr/"registrations_failed":1,.*"evicted":1\}/, 'the stats count both');

$ngx->valgrind_ok;

done_testing;
