# postflow_state: what was answered survives kill -9 of every process,
# a torn or corrupt journal is read past with a warning, and compaction
# keeps the state.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'journal', master => 1,
                                 workers => 2);
my $state = $ngx->servroot . '/logs/postflow.state';

sub conf {
    my ($extra) = @_;
    return $ngx->conf(master => 1, workers => 2,
        http => "postflow_zone tracks 1m;\npostflow_state $state"
                . ($extra // '') . ";\n",
        server => <<'EOS');
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location = /stats { postflow_stats tracks; }
EOS
}

sub api {
    my ($method, $path, $body) = @_;
    return $ngx->http_request($method => $path, {}, $body);
}

sub ev {
    my ($type, $file_id) = @_;
    return api(POST => '/hook', qq({"type":"$type","resource":{"id":)
        . qq("$file_id","type":"file"},"account":{"id":"acc"}}));
}

# the state a user sees: every track, and the distributions
sub snapshot {
    my %tracks;
    for my $id (@_) {
        my $body = api(GET => "/api/uploads/$id")->{body};
        $body =~ s/"updated_at":"[^"]*",//;
        $tracks{$id} = $body;
    }
    my $stats = api(GET => '/stats')->{body};
    my ($dist) = $stats =~ /("status_distribution".*"active_uploads":\[[^\]]*\])/;
    return { tracks => \%tracks, stats => $dist };
}

$ngx->start(conf()) or BAIL_OUT($ngx->error);

for my $i (1 .. 6) {
    is(api(POST => '/api/uploads',
           qq({"upload_id":"cut-$i","filename":"SC0${i}_v1.mov",)
           . qq("file_id":"f-$i","review_link":"https://f.io/$i"}))->{status},
       201, "register cut-$i");
}

is(ev('file.created', "f-$_")->{status}, 200, "f-$_ created") for 1 .. 5;
is(ev('file.ready', "f-$_")->{status}, 200, "f-$_ ready") for 2 .. 4;
is(ev('file.deleted', 'f-5')->{status}, 200, 'f-5 deleted');
is(ev('file.ready', 'f-late')->{status}, 202, 'an event for a file no'
   . ' track has yet');
is(api(POST => '/api/uploads/cut-2/comments',
       '{"text":"fix the logo","comment_id":"c-1"}')->{status}, 201,
   'a comment');
is(api(DELETE => '/api/uploads/cut-6')->{status}, 204, 'cut-6 deleted');

my @ids = map { "cut-$_" } 1 .. 6;
my $before = snapshot(@ids);

ok(-s $state, 'the journal is written');

$ngx->kill9_all;
$ngx->start or BAIL_OUT($ngx->error);

is_deeply(snapshot(@ids), $before, 'after kill -9, every track is back');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/postflow_state ".*postflow\.state": 18 records replayed, 0 skipped, 5 tracks/,
     'the replay is logged');

is(api(POST => '/api/uploads',
       '{"upload_id":"late","filename":"late.mov","file_id":"f-late"}')
   ->{body} =~ /"status":"READY"/ ? 1 : 0, 1,
   'a waiting event survives too');

$before = snapshot(@ids, 'late');

# a torn last record and a corrupt one in the middle
$ngx->kill9_all;

open my $fh, '>>', $state or die "$state: $!";
print $fh qq({"op":"register","time":"1700000000","upload_id":"x",);
close $fh;

$ngx->start or BAIL_OUT($ngx->error);
is_deeply(snapshot(@ids, 'late'), $before, 'a torn tail loses nothing');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/\[warn\].*postflow_state ".*postflow\.state": line \d+ is incomplete/,
     'and is reported with its line');

is(ev('file.ready', 'f-1')->{status}, 200, 'appends go on');
$ngx->stop;

{
    open my $in, '<', $state or die;
    my @lines = <$in>;
    close $in;
    is(scalar(grep { !/\n\z/ } @lines), 0, 'the torn record was cut off');
    splice @lines, 3, 0, "{not json\n";
    open my $out, '>', $state or die;
    print $out @lines;
    close $out;
}

$ngx->start or BAIL_OUT($ngx->error);
like(api(GET => '/api/uploads/cut-1')->{body}, qr/"status":"READY"/,
     'a corrupt line is read past');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/\[error\].*postflow_state ".*postflow\.state": line 4 is not a valid record, skipped/,
     'and reported with its line');

# a file the poller routed by its name: recorded as a "route"
is(api(POST => '/api/uploads',
       '{"upload_id":"noid","filename":"noid.mov"}')->{status}, 201,
   'a track without a file');
$ngx->kill9_all;

open $fh, '>>', $state or die "$state: $!";
print $fh '{"op":"route","time":"' . time . '","upload_id":"noid",'
          . '"filename":"noid.mov","file_id":"f-noid","account_id":"acc"}'
          . "\n";
close $fh;

$ngx->start or BAIL_OUT($ngx->error);
like(api(GET => '/api/uploads/noid')->{body},
     qr/"file_id":"f-noid",.*"account_id":"acc"/,
     'a replayed route gives the track its file');
is(ev('file.ready', 'f-noid')->{status}, 200, 'whose events then route');

# compaction: a tiny threshold compacts while events stream in
$ngx->stop;
$ngx->start(conf(' compact=4k')) or BAIL_OUT($ngx->error);

for my $round (1 .. 30) {
    ev('file.ready', "f-$_") for 1 .. 4;
}
$before = snapshot(@ids, 'late');

like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/postflow_state ".*postflow\.state" compacted from \d+ to \d+ bytes/,
     'the journal is compacted');
cmp_ok(-s $state, '<', 16 * 1024, 'and stays small');

$ngx->kill9_all;
$ngx->start or BAIL_OUT($ngx->error);
is_deeply(snapshot(@ids, 'late'), $before,
          'a compacted journal gives the same tracks back');

$ngx->valgrind_ok;
ok($ngx->stop, 'nginx stops');

done_testing;
