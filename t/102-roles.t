# Who wrote a comment: an upload's editors (named at registration, and
# its uploader as Frame.io's file events name it) deliver fixes and never
# approve their own upload; a comment's role says so where no track can.
# What a track learns of its editors survives kill -9 and a restart.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'roles', master => 1, workers => 2);
my $state = $ngx->servroot . '/logs/postflow.state';

$ngx->start($ngx->conf(master => 1, workers => 2,
    http => "postflow_zone tracks 1m;\npostflow_state $state;\n",
    server => <<'EOS')) or BAIL_OUT($ngx->error);
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
EOS

SKIP: {
    skip 'the suite is not run as root', 1 if $> != 0;
    my $nobody = getpwnam('nobody');
    my @uids;

    # a worker is root until it has set itself up
    PostFlow::Harness::wait_until(10 * PostFlow::Harness::slowdown(), sub {
        @uids = map {
            open my $fh, '<', "/proc/$_/status" or return 0;
            join('', <$fh>) =~ /^Uid:\s+(\d+)/m;
        } $ngx->worker_pids;
        return @uids == 2 && !grep({ $_ != $nobody } @uids);
    });
    is("@uids", "$nobody $nobody",
       'the master is root, its two workers run as nobody');
}

sub api {
    my ($method, $path, $body) = @_;
    return $ngx->http_request($method => $path, {}, $body);
}

sub review_status {
    my ($upload_id) = @_;
    my ($status) = api(GET => "/api/uploads/$upload_id")->{body}
                   =~ /"review_status":"([A-Z_]+)"/;
    return $status // 'none';
}

sub comment {
    my ($upload_id, $json) = @_;
    return api(POST => "/api/uploads/$upload_id/comments", $json)->{status};
}

sub analyze {
    my ($json) = @_;
    my $r = api(POST => '/api/analyze', $json);
    my ($status) = $r->{body} =~ /^\{"review_status":"([A-Z_]+)"/;
    return $r->{status} == 200 ? $status : "$r->{status} $r->{body}";
}

sub event {
    my ($type, $file_id, $user_id) = @_;
    return api(POST => '/hook', qq({"type":"$type","resource":{"id":)
        . qq("$file_id","type":"file"},"account":{"id":"acc"},)
        . qq("user":{"id":"$user_id"}}))->{status};
}


# --- /analyze: the role of each comment ------------------------------------

is(analyze('{"comments":["Validé 👍"]}'), 'APPROVED',
   'a reviewer\'s sign-off approves');
is(analyze('{"comments":[{"text":"Validé 👍","role":"reviewer"}]}'),
   'APPROVED', 'so does the same as an object with its role');
is(analyze('{"comments":[{"text":"Validé 👍","role":"editor"}]}'),
   'PENDING', 'the editor\'s own sign-off does not');
is(analyze('{"comments":[{"text":"Le logo est trop petit à 00:12"},'
           . '{"text":"C\'est corrigé, la v2 est en ligne","role":"editor"}]}'),
   'PENDING', 'an editor\'s fix sends the thread back to review');
is(analyze('{"comments":["Le logo est trop petit à 00:12",'
           . '{"text":"OK pour moi","author":"u-9","role":"editor"}]}'),
   'NEEDS_CHANGES', 'an editor\'s "ok" leaves the request open');

for my $bad (['{"comments":[{"text":"ok","role":"boss"}]}',
              '"role" is "editor" or "reviewer"'],
             ['{"comments":[{"author":"u-1"}]}',
              'a comment object needs its "text"'],
             ['{"comments":[{"text":5}]}',
              '"comments.text" must be a string'],
             ['{"comments":[{"text":"a","text":"b"}]}',
              '"comments.text" is given twice'],
             ['{"comments":[["ok"]]}',
              '"comments" must be an array of strings or objects'])
{
    my $r = api(POST => '/api/analyze', $bad->[0]);
    (my $error = $bad->[1]) =~ s/"/\\"/g;
    is("$r->{status} $r->{body}", qq(400 {"error":"$error"}\n),
       "/analyze refuses $bad->[0]");
}


# --- registration names the editors ---------------------------------------

my $r = api(POST => '/api/uploads', '{"upload_id":"spot","filename":'
            . '"SPOT_30S.mov","file_id":"f-spot","editors":["ed-1","ed-2"]}');
is($r->{status}, 201, 'a registration with editors');
like($r->{body}, qr/"editors":\["ed-1","ed-2"\],"uploader":null\}$/,
     'the track lists them');
is(api(POST => '/api/uploads', '{"upload_id":"spot","filename":'
       . '"SPOT_30S.mov","editors":["ed-1","ed-2"]}')->{status},
   200, 'the same registration again is 200');
is(api(POST => '/api/uploads', '{"upload_id":"spot","filename":'
       . '"SPOT_30S.mov","editors":["ed-3"]}')->{status},
   409, 'other editors are a conflict');

for my $bad ('["a,b"]', '[""]', '["a b"]', '"ed-1"', '[1]',
             '[' . join(',', map { qq("e$_") } 1 .. 17) . ']')
{
    my $r = api(POST => '/api/uploads',
                qq({"upload_id":"bad","filename":"b.mov","editors":$bad}));
    is($r->{status}, 400, "editors $bad are refused");
    like($r->{body}, qr/^\{"error":".*editors/, 'and the error names them');
}

is(comment('spot', '{"text":"Validé pour moi","author":"ed-2"}'), 201,
   'an editor comments');
is(review_status('spot'), 'PENDING', 'an editor does not approve');
is(comment('spot', '{"text":"Validé pour moi","author":"ed-2",'
           . '"role":"reviewer"}'), 201, 'a comment says its role');
is(review_status('spot'), 'APPROVED', 'and the role given wins');
is(comment('spot', '{"text":"Le titre déborde, à corriger",'
           . '"author":"client-1"}'), 201, 'the client asks for a change');
is(review_status('spot'), 'NEEDS_CHANGES', 'which stands');
is(comment('spot', '{"text":"Corrigé, la v2 est en ligne",'
           . '"author":"ed-1"}'), 201, 'the editor delivers the fix');
is(review_status('spot'), 'PENDING', 'the fix goes back to review');
is(comment('spot', '{"text":"ok","role":"director"}'), 400,
   'an unknown role is refused');


# --- the uploader, as Frame.io's file events name it -----------------------

is(event('file.created', 'f-trailer', 'up-7'), 202,
   'file.created for a file not registered yet waits');
$r = api(POST => '/api/uploads',
         '{"upload_id":"trailer","filename":"TRAILER.mov","file_id":"f-trailer"}');
like($r->{body}, qr/"editors":\[\],"uploader":"up-7"\}$/,
     'the registration learns the uploader from the waiting event');

api(POST => '/api/uploads',
    '{"upload_id":"teaser","filename":"TEASER.mov","file_id":"f-teaser"}');
is(event('file.ready', 'f-teaser', 'sys-1'), 200, 'file.ready');
is(event('file.created', 'f-teaser', 'up-8'), 200, 'file.created, late');
like(api(GET => '/api/uploads/teaser')->{body}, qr/"uploader":"up-8"\}$/,
     'the uploader is the user of file.created, not of file.ready');

is(comment('teaser', '{"text":"C\'est validé","author":"up-8"}'), 201,
   'the uploader comments');
is(review_status('teaser'), 'PENDING', 'the uploader cannot approve');
is(comment('trailer', '{"text":"C\'est validé","author":"client-1"}'), 201,
   'a client approves the trailer');
is(review_status('trailer'), 'APPROVED', 'which is approved');


# --- after kill -9, and after a compaction ---------------------------------

sub tracks {
    return join "\n", map {
        my $body = api(GET => "/api/uploads/$_")->{body};
        $body =~ s/"updated_at":"[^"]*",//;
        $body;
    } qw(spot trailer teaser);
}

my $before = tracks();

$ngx->kill9_all;
$ngx->start or BAIL_OUT($ngx->error);

is(tracks(), $before, 'after kill -9 the editors, the uploaders and the '
   . 'review statuses are back');

$ngx->stop;
$ngx->start($ngx->conf(master => 1, workers => 2,
    http => "postflow_zone tracks 1m;\npostflow_state $state"
            . " compact=1;\n",
    server => <<'EOS')) or BAIL_OUT($ngx->error);
        location = /hook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location = /stats { postflow_stats tracks; }
EOS

is(comment('teaser', '{"text":"Merci !","author":"client-2"}'), 201,
   'a change that compacts the journal');
ok(PostFlow::Harness::wait_until(10 * PostFlow::Harness::slowdown(), sub {
       api(GET => '/stats')->{body} =~ /"compactions":[1-9]/
   }), 'the journal is compacted') or diag(api(GET => '/stats')->{body});
$before = tracks();

$ngx->kill9_all;
$ngx->start or BAIL_OUT($ngx->error);

is(tracks(), $before, 'and from the snapshot too');
is(comment('teaser', '{"text":"Validé aussi","author":"up-8"}'), 201,
   'the uploader comments again');
is(review_status('teaser'), 'PENDING', 'and still cannot approve');

unlike(PostFlow::Harness::log_since($ngx->error_log_path, 0),
       qr/\[(alert|crit|emerg)\]/, 'no alert in error_log');

ok($ngx->stop, 'nginx stops');

done_testing();
