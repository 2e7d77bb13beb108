# postflow_state deployed as Debian deploys nginx: a root master, workers
# as an unprivileged user, a state directory that user owns.  The journal
# stays writable through compactions at start, and no change of the
# configuration (its path, a second zone, a zone's size) loses a track.
# The change that makes the journal compact is kept too.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'journal-deploy', master => 1,
                                 workers => 2);
my $root = $> == 0;
my $dir = $ngx->servroot . '/state';
my ($uid, $gid) = (scalar(getpwnam('nobody')), scalar(getgrnam('nogroup')));

sub state_dir {
    mkdir $dir;
    chown $uid, $gid, $dir if $root;
}

sub conf {
    my (%o) = @_;
    my $zones = $o{zones} // "postflow_zone tracks 1m;\n";
    return $ngx->conf(master => 1, workers => 2, user => 'nobody nogroup',
        http => $zones . "postflow_state $o{state}"
                . ($o{compact} ? " compact=$o{compact}" : '') . ";\n",
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

sub register {
    my ($id) = @_;
    return api(POST => '/api/uploads',
               qq({"upload_id":"$id","filename":"$id.mov","file_id":"f-$id"}))
           ->{status};
}

sub ready {
    my ($id) = @_;
    return api(POST => '/hook', qq({"type":"file.ready","resource":)
               . qq({"id":"f-$id","type":"file"},"account":{"id":"a"}}))
           ->{status};
}

# how many of the ids are there, as READY when ready is asked
sub present {
    my ($ready, @ids) = @_;
    my $n = 0;
    for my $id (@ids) {
        my $r = api(GET => "/api/uploads/$id");
        $n++ if $r->{status} == 200
                && (!$ready || $r->{body} =~ /"status":"READY"/);
    }
    return $n;
}

state_dir();

# --- the directory must be the workers' to write in

SKIP: {
    skip 'the worker user is the running one when not run as root', 2
        unless $root;

    my $locked = $ngx->servroot . '/locked';
    mkdir $locked;
    chmod 0755, $locked;
    my ($rc, $out) = $ngx->nginx_t(conf(state => "$locked/tracks.state"));
    isnt($rc, 0, 'nginx -t refuses a state directory the workers cannot'
         . ' write in');
    my $why = 'the directory "[^"]*locked" is not writable by the user'
              . ' "nobody" .* in \S+nginx_t\.conf:\d+';
    like($out, qr/\[emerg\] postflow_state "[^"]*locked\/tracks\.state": $why/,
         'naming the directive, the directory, the user and the line');
    rmdir $locked;
}

SKIP: {
    skip 'the worker user is the running one when not run as root', 3
        unless $root;

    # a token file as secrets usually are: root's, 0600
    my $token = $ngx->servroot . '/frameio.token';
    open my $fh, '>', $token or die "$token: $!";
    print $fh "fio-token\n";
    close $fh;
    chmod 0600, $token;

    my $conf = conf(state => "$dir/tracks.state");
    my $with = $conf =~ s/(postflow_state )/postflow_frameio_token file=$token;\n$1/r;
    my ($rc, $out) = $ngx->nginx_t($with);
    isnt($rc, 0, 'nginx -t refuses a token file the workers cannot read');
    my $why = 'is not readable by the user "nobody"';
    like($out, qr/\[emerg\] postflow_frameio_token: "[^"]*frameio\.token" $why/,
         'naming the directive, the file and the user');

    chown 0, $gid, $token;
    chmod 0640, $token;
    ($rc, $out) = $ngx->nginx_t($with);
    is($rc, 0, 'and takes it once the workers\' group may read it')
        or diag($out);
    unlink $token;
}

{
    my ($rc, $out) = $ngx->nginx_t(conf(state => "$dir/none/tracks.state"));
    isnt($rc, 0, 'nginx -t refuses a missing state directory');
    my $why = 'the directory "[^"]*none" cannot be used, in \S+:\d+'
              . ' \(2: No such file';
    like($out, qr/\[emerg\] postflow_state "[^"]*none\/tracks\.state": $why/,
         'and says why');
}

# --- workers as nobody write the journal the master created

my $state = "$dir/tracks.state";
$ngx->start(conf(state => $state)) or BAIL_OUT($ngx->error);

my @ids = map { "cut-$_" } 1 .. 20;
is(scalar(grep { register($_) == 201 } @ids), 20,
   'workers as nobody: every registration is 201');
is(scalar(grep { ready($_) == 200 } @ids[0 .. 9]), 10,
   'and every webhook 200');

SKIP: {
    skip 'ownership is checked as root', 1 unless $root;
    is((stat $state)[4], $uid, 'the journal belongs to the worker user');
}

# --- a registration after its file's events learns their ids

is(ready('early'), 202, 'an event for a file nobody registered is kept');
sleep 1.1;
is(register('early'), 201, 'then its registration');
my $early = qr/"account_id":"a".*"created_at":"([^"]+)","updated_at":"\1"/;
like(api(GET => '/api/uploads/early')->{body}, $early,
     'learns the account and is not updated before it was created');
push @ids, 'early';

# --- a compaction at start leaves a file the workers can write

# deliveries again: a history longer than twice what it describes
is(scalar(grep { ready($_) == 200 } (@ids[0 .. 9]) x 2), 20,
   'the same webhooks again, duplicates');
$ngx->stop;
$ngx->start(conf(state => $state, compact => '1k')) or BAIL_OUT($ngx->error);
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/\[notice\].*postflow_state ".*tracks\.state" compacted from \d+ to \d+ bytes in \d+ ms, \d+ ms of them with the zone locked/,
     'compacted at start, said in error_log');
my $log_at = -s $ngx->error_log_path;
$ngx->stop;
$ngx->start(conf(state => $state, compact => '1k')) or BAIL_OUT($ngx->error);
unlike(PostFlow::Harness::log_since($ngx->error_log_path, $log_at),
       qr/compacted from/, 'a journal just compacted is not compacted again');

SKIP: {
    skip 'ownership is checked as root', 1 unless $root;
    is((stat $state)[4], $uid, 'the compacted journal is the workers\' too');
}

is(register('after-compaction'), 201, 'registrations go on after it');
push @ids, 'after-compaction';

# --- the change that crosses the compaction threshold is kept

my @many = map { "many-$_" } 1 .. 150;
is(scalar(grep { register($_) == 201 } @many), 150,
   '150 registrations with compactions on the way');
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/compacted from/, 'which compacted the journal while running');
# the compaction runs in a thread: its end is seen a moment later
my $stats_re = qr/"write_errors":0,"last_error":null,"last_error_at":null,"compactions":[1-9]\d*,"compaction_errors":0,"last_compaction_at":"20[^"]+","last_compaction_ms":\d+\}/;
PostFlow::Harness::wait_until(5 * PostFlow::Harness::slowdown(), sub {
    api(GET => '/stats')->{body} =~ $stats_re;
});
like(api(GET => '/stats')->{body}, $stats_re,
     'the statistics count the compactions and time the last one');
like(api(GET => '/stats?format=prometheus')->{body},
     qr/^postflow_journal_last_compaction_seconds\{zone="tracks"\} \d+\.\d{3}$/m,
     'so does Prometheus');
$ngx->stop;
$ngx->start(conf(state => $state)) or BAIL_OUT($ngx->error);
is(present(0, @many), 150, 'after a restart, every one of them is there');
is(present(1, @ids[0 .. 9]), 10, 'and the events before them');
like(api(GET => '/api/uploads/early')->{body}, $early,
     'a track that learnt its ids keeps them through compactions');

# --- a reload with another path

my $moved = "$dir/moved.state";
ok($ngx->reload(conf(state => $moved)), 'reload with another path');
is(present(0, @ids), 22, 'the running nginx keeps every track');
is(register('on-moved'), 201, 'and writes the new journal');
push @ids, 'on-moved';
$ngx->stop;
$ngx->start or BAIL_OUT($ngx->error);
is(present(0, @ids), 23, 'a restart finds them all in the new journal');
is(present(1, @ids[0 .. 9]), 10, 'with their events');

# --- a reload adding a zone: the journal becomes PATH.ZONE

ok($ngx->reload(conf(state => $moved,
                     zones => "postflow_zone tracks 1m;\n"
                              . "postflow_zone other 1m;\n")),
   'reload adding a zone');
ok(-s "$moved.tracks", 'the zone\'s journal is PATH.tracks');
$ngx->stop;
$ngx->start or BAIL_OUT($ngx->error);
is(present(0, @ids), 23, 'a restart after adding a zone keeps every track');

# --- a reload changing the zone's size, and its path at once

ok($ngx->reload(conf(state => $state, zones => "postflow_zone tracks 2m;\n")),
   'reload with a bigger zone and the first path again');
is(present(0, @ids), 23, 'the new zone has every track');
is(register('on-resized'), 201, 'and takes new ones');
push @ids, 'on-resized';
$ngx->stop;
$ngx->start or BAIL_OUT($ngx->error);
is(present(0, @ids), 24, 'a restart after the resize keeps every track');
is(present(1, @ids[0 .. 9]), 10, 'with their events');

# --- a new version delivered twice is one new version

sub review {
    my ($id) = @_;
    my ($s) = api(GET => "/api/uploads/$id")->{body}
              =~ /"review_status":"(\w+)"/;
    return $s // '';
}

sub comment {
    my ($id, $cid, $text) = @_;
    return api(POST => "/api/uploads/$id/comments",
               qq({"text":"$text","comment_id":"$cid"}))->{status};
}

my $versioned = qq({"type":"file.versioned","resource":{"id":"f-cut-3",)
                . qq("type":"file"},"account":{"id":"a"}});
is(comment('cut-3', 'v-1', 'validé, parfait'), 201, 'an approval');
is(review('cut-3'), 'APPROVED', 'approves');
like(api(POST => '/hook', $versioned)->{body}, qr/"outcome":"applied"/,
     'a new version');
is(review('cut-3'), 'PENDING', 'waits for review again');
is(comment('cut-3', 'v-2', 'validé, parfait'), 201, 'approved again');
like(api(POST => '/hook', $versioned)->{body}, qr/"outcome":"duplicate"/,
     'the same delivery again is a duplicate');
is(review('cut-3'), 'APPROVED', 'and leaves the approval as it was');
$ngx->stop;
$ngx->start or BAIL_OUT($ngx->error);
is(review('cut-3'), 'APPROVED', 'so does the replay after a restart');
$ngx->stop;
$ngx->start(conf(state => $state, compact => '1k')) or BAIL_OUT($ngx->error);
like(api(POST => '/hook', $versioned)->{body}, qr/"outcome":"duplicate"/,
     'a compaction keeps the delivery: once more, still a duplicate');
$ngx->stop;
$ngx->start(conf(state => $state)) or BAIL_OUT($ngx->error);
is(review('cut-3'), 'APPROVED', 'and the approval stays after a restart');

# --- what a full zone refuses does not come back with a bigger one

{
    my $full = "$dir/full.state";
    $ngx->stop;
    $ngx->start(conf(state => $full, zones => "postflow_zone tracks 32k;\n"))
        or BAIL_OUT($ngx->error);
    my ($n, $refused) = (0, undef);
    while (!$refused && $n < 2000) {
        $n++;
        $refused = "full-$n" if register("full-$n") == 507;
    }
    ok($refused, "the small zone refuses a registration ($n)");
    is(comment('full-1', 'c-full', 'validé') =~ /^(201|507)$/ ? 1 : 0, 1,
       'a comment is taken or refused');
    my $comments = api(GET => '/api/uploads/full-1')->{body}
                   =~ /"comments_count":(\d+)/ ? $1 : -1;
    my ($waiting, $dropped) = (0, 0);
    for my $i (1 .. 50) {
        my $status = ready("nobody-$i");
        $waiting++ if $status == 202;
        $dropped = $i if $status == 503;
        last if $dropped;
    }
    ok($dropped, "an event for an unknown file is refused ($waiting kept)");
    $ngx->stop;
    $ngx->start(conf(state => $full, zones => "postflow_zone tracks 1m;\n"))
        or BAIL_OUT($ngx->error);
    is(api(GET => "/api/uploads/$refused")->{status}, 404,
       'restarted with a bigger zone, the refused registration is not there');
    is(present(0, map { "full-$_" } 1 .. $n - 1), $n - 1,
       'and every accepted one is');
    like(api(GET => '/api/uploads/full-1')->{body},
         qr/"comments_count":$comments\b/, 'with the comments it took');
    is(api(POST => '/api/uploads', qq({"upload_id":"late","filename":"l.mov",)
                                   . qq("file_id":"f-nobody-$dropped"}))->{body}
       =~ /"status":"REGISTERED"/ ? 1 : 0, 1,
       'and the refused event does not reach a later registration');
    $ngx->stop;
    $ngx->start(conf(state => $state)) or BAIL_OUT($ngx->error);
}

# --- a second nginx while this one serves leaves the journal alone

{
    my @before = (stat $state)[1, 7];
    my ($rc, $out) = $ngx->nginx_once(conf(state => $state));
    isnt($rc, 0, 'a second nginx on the same journal does not start');
    my $why = 'is in use by another nginx \("[^"]*tracks\.state\.lock" is'
              . ' locked\), in \S+:\d+$';
    like($out, qr/\[emerg\] postflow_state "[^"]*tracks\.state" $why/m,
         'and says the journal is in use');
    is_deeply([(stat $state)[1, 7]], \@before,
              'without reading or rewriting it');
    is(register('beside-second'), 201, 'the first one goes on writing');
    push @ids, 'beside-second';
}

# --- a line longer than any record, then good ones

$ngx->stop;
{
    open my $fh, '>>', $state or die "$state: $!";
    print $fh "\0" x 300_000, "\n";
    print $fh qq({"op":"register","time":"${\ time}","upload_id":"after-nul",)
              . qq("filename":"after-nul.mov"}\n);
    close $fh;
}
$ngx->start or BAIL_OUT($ngx->error);
like(PostFlow::Harness::log_since($ngx->error_log_path, 0),
     qr/\[error\].*tracks\.state": line \d+ is longer than 262144 bytes,/,
     'a line of 300,000 NUL bytes is reported once');
is(present(0, @ids, 'after-nul'), 26, 'the records after it are read');
is(register('after-restart'), 201, 'appends go on');
$ngx->stop;
$ngx->start or BAIL_OUT($ngx->error);
is(present(0, @ids, 'after-nul', 'after-restart'), 27,
   'and none is lost at the next start');

$ngx->stop;

done_testing;
