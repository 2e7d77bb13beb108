# postflow_dashboard: the embedded page under a strict Content-Security-
# Policy, and the JSON it reads: counts, health, the tracks that need
# attention first, filters, search, pages, the latest comment's excerpt
# (kept across a restart), "unchanged" when nothing changed, the webhook
# URL; nginx -t refuses a bad postflow_public_url.

use strict;
use warnings;
use utf8;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use JSON::PP;
use PostFlow::Harness;

binmode Test::More->builder->$_, ':encoding(UTF-8)'
    for qw(output failure_output todo_output);

my $ngx = PostFlow::Harness->new(tag => 'dashboard');
my $root = $ngx->servroot;
my $journal = "$root/logs/postflow.state";

sub conf {
    my (%o) = @_;

    return $ngx->conf(
        http => "postflow_zone tracks 1m;\npostflow_state $journal;\n"
                . ($o{http} // ''),
        server => <<'EOS');
        location = /frameio/webhook { postflow_webhook tracks; }
        location /api/ { postflow_api tracks; }
        location /dashboard/ { postflow_dashboard tracks; }
EOS
}

sub get { $ngx->http_request(GET => $_[0], $_[1]) }

sub api {
    my ($method, $path, $body) = @_;
    utf8::encode($body) if defined $body;
    return $ngx->http_request($method, $path, {}, $body);
}

sub data {
    my ($args) = @_;
    my $res = get('/dashboard/data' . ($args // ''));
    is($res->{status}, 200, "data$args: 200") or diag($res->{body});
    return decode_json($res->{body});
}

sub files { [ map { $_->{filename} } @{ $_[0]{uploads} } ] }

$ngx->start(conf()) or BAIL_OUT($ngx->error);

# --- the page ----------------------------------------------------------

my $page = get('/dashboard/');
is($page->{status}, 200, 'the page');
like($page->{headers}{'content-type'}, qr{^text/html; charset=utf-8},
     'as HTML');
like($page->{body}, qr{<script src="dashboard\.js"}, 'its script');
unlike($page->{body}, qr{<script>|<style>|\sstyle="|https?://},
       'nothing inline, nothing from elsewhere');
like($page->{headers}{'content-security-policy'},
     qr/^default-src 'none'; script-src 'self'; style-src 'self';/,
     'a strict Content-Security-Policy');
is($page->{headers}{'x-content-type-options'}, 'nosniff', 'nosniff');

for my $file (qw(dashboard.js dashboard.css)) {
    my $res = get("/dashboard/$file");
    is($res->{status}, 200, "$file");
    like($res->{headers}{'content-type'},
         $file =~ /js$/ ? qr{^text/javascript} : qr{^text/css}, 'its type');
    ok(length $res->{body} > 100, 'and its text');
}

my $etag = $page->{headers}{etag};
like($etag, qr/^"[0-9a-f]{16}"$/, 'an ETag');
is(get('/dashboard/', { 'If-None-Match' => $etag })->{status}, 304,
   'which a browser revalidates');
is(get('/dashboard/index.html')->{body}, $page->{body},
   'index.html is the page');

my $missing = get('/dashboard/secret.txt');
is($missing->{status}, 404, 'another file: 404');
like($missing->{body}, qr/^\{"error":"no such file in the dashboard"\}/,
     'said in JSON');
is(api(POST => '/dashboard/data', '{}')->{status}, 405, 'POST: 405');

# --- the data ----------------------------------------------------------

is(api(POST => '/api/uploads',
       qq({"upload_id":"cut-$_->[0]","filename":"$_->[1]",)
       . qq("file_id":"f-$_->[0]","review_link":"https://f.io/$_->[0]"}))
       ->{status}, 201, "registered $_->[1]")
    for [1, 'SPOT_30S_v1.mov'], [2, 'TRAILER_v3.mov'], [3, 'SPOT_15S.mov'],
        [4, 'Générique fin.mov'];

my $sent = api(POST => '/api/uploads/cut-1/comments',
               '{"text":"Please fix the logo at 00:12,\nit is   too small",'
               . '"author":"client-1"}');
is($sent->{status}, 201, 'a change requested on cut-1');
is(api(POST => '/api/uploads/cut-3/comments',
       '{"text":"Approved, great work!"}')->{status}, 201, 'cut-3 approved');
is(api(POST => '/frameio/webhook',
       '{"type":"file.ready","resource":{"id":"f-2","type":"file"}}')
   ->{status}, 200, 'cut-2 ready');

my $d = data('');
is($d->{zone}, 'tracks', 'the zone');
is($d->{counts}{total}, 4, 'four tracks');
is($d->{counts}{review_status}{NEEDS_CHANGES}, 1, 'one needs changes');
is($d->{counts}{review_status}{APPROVED}, 1, 'one approved');
is($d->{counts}{status}{READY}, 1, 'one ready');
is($d->{matching}, 4, 'all four match');
is_deeply(files($d),
          ['SPOT_30S_v1.mov', 'TRAILER_v3.mov', 'Générique fin.mov',
           'SPOT_15S.mov'],
          'changes asked first, then waiting (latest activity first), then'
          . ' approved');

my ($first) = @{ $d->{uploads} };
is($first->{review_status}, 'NEEDS_CHANGES', 'with its review status');
is($first->{comments_count}, 1, 'its comments');
is($first->{review_link}, 'https://f.io/1', 'its review link');
like($first->{updated_at}, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
     'its last activity');
is_deeply($first->{last_comment},
          { excerpt => 'Please fix the logo at 00:12, it is too small',
            author => 'client-1', verdict => 'changes' },
          'the latest comment, blanks folded, with its author and verdict');
is($d->{uploads}[3]{last_comment}{verdict}, 'approve', 'an approval');
is($d->{uploads}[1]{last_comment}, undef, 'no comment: null');

is($d->{health}{journal}{enabled}, JSON::PP::true, 'the journal is on');
is($d->{health}{journal}{ok}, JSON::PP::true, 'and healthy');
is($d->{health}{poller}{enabled}, JSON::PP::false, 'no poller');
is($d->{webhook_url}, "http://127.0.0.1:" . $ngx->port . '/frameio/webhook',
   'the webhook URL from the request and the receiver location');

# a long comment is cut between two characters
my $long = 'é' x 100;
api(POST => '/api/uploads/cut-4/comments', qq({"text":"$long"}));
my $cut = (grep { $_->{upload_id} eq 'cut-4' } @{ data('')->{uploads} })[0];
my $excerpt = $cut->{last_comment}{excerpt};
my $bytes = $excerpt;
utf8::encode($bytes);
ok(length $bytes <= 143, 'a long comment is cut (' . length($bytes)
   . ' bytes)');
like($excerpt, qr/^(é)+…$/, 'between two characters, with an ellipsis');

# filters, search, pages
is_deeply(files(data('?review_status=APPROVED')), ['SPOT_15S.mov'],
          'by review status');
is_deeply(files(data('?status=READY')), ['TRAILER_v3.mov'], 'by status');
is_deeply([sort @{ files(data('?q=spot')) }],
          ['SPOT_15S.mov', 'SPOT_30S_v1.mov'], 'a search, any case');
is_deeply(files(data('?q=g%C3%A9n%C3%A9rique+FIN')), ['Générique fin.mov'],
          'a search with accents and a space');
is_deeply(files(data('?q=cut-2')), ['TRAILER_v3.mov'], 'or by upload id');

$d = data('');
my $p1 = data('?limit=3');
my $p2 = data('?limit=3&offset=3');
is(scalar @{ $p1->{uploads} }, 3, 'a page of three');
is($p1->{matching}, 4, 'of four');
is_deeply([@{ files($p1) }, @{ files($p2) }], files($d) , 'the next page'
          . ' follows')
    or diag explain [files($p1), files($p2)];

for my $bad ('?status=DONE', '?review_status=ok', '?limit=0', '?limit=501',
             '?offset=x', '?since=-3', '?q=%ff')
{
    my $res = get("/dashboard/data$bad");
    is($res->{status}, 400, "$bad: 400");
    like($res->{body}, qr/^\{"error":"[^"]+"\}/, 'with the reason');
}

# unchanged since a generation, until a change
my $g = data('')->{generation};
is_deeply(data("?since=$g"), { generation => $g, unchanged => JSON::PP::true },
          'unchanged: a short answer');
api(POST => '/api/uploads/cut-2/comments', '{"text":"validé 👍"}');
my $after = data("?since=$g");
ok($after->{generation} > $g, 'a change: the new generation');
is($after->{uploads}[0]{filename}, 'SPOT_30S_v1.mov', 'and the rows');
my $cut2 = (grep { $_->{upload_id} eq 'cut-2' } @{ $after->{uploads} })[0];
is($cut2->{review_status}, 'APPROVED', 'cut-2 approved');
is($cut2->{last_comment}{excerpt}, 'validé 👍', 'its comment');

# --- after a restart: the excerpts come from the journal --------------

$ngx->kill9_all;
$ngx->start(conf(http => "postflow_public_url"
                         . " https://hooks.studio.example/frameio/webhook;\n"))
    or BAIL_OUT($ngx->error);

my $back = data('');
is_deeply($back->{uploads}[0]{last_comment},
          { excerpt => 'Please fix the logo at 00:12, it is too small',
            author => 'client-1', verdict => 'changes' },
          'after kill -9 and a start, the excerpt and its author are back');
is((grep { $_->{upload_id} eq 'cut-2' } @{ $back->{uploads} })[0]
   ->{last_comment}{excerpt}, 'validé 👍', 'every one of them');
is($back->{webhook_url}, 'https://hooks.studio.example/frameio/webhook',
   'postflow_public_url is the webhook URL');

unlike(PostFlow::Harness::log_since($ngx->error_log_path, 0),
       qr/\[(alert|crit|emerg)\]/, 'no alert');

$ngx->valgrind_ok;

# --- nginx -t ----------------------------------------------------------

for my $case (['ftp://x/hook', 'another scheme'],
              ['https://', 'no host'],
              ['"https://a b/"', 'a space'])
{
    my ($rc, $out) = $ngx->nginx_t($ngx->conf(
        http => "postflow_zone tracks 1m;\npostflow_public_url $case->[0];\n",
        server => "location /d/ { postflow_dashboard tracks; }\n"));
    isnt($rc, 0, "postflow_public_url with $case->[1]: refused");
    my $why = '\[emerg\] postflow_public_url: ".*" is not an http:// or'
              . ' https:// URL in \S+:\d+';
    like($out, qr/$why/,
         'says why, with its line');
}

my ($rc, $out) = $ngx->nginx_t($ngx->conf(
    http => "postflow_zone tracks 1m;\n",
    server => "location /d/ { postflow_dashboard nope; }\n"));
isnt($rc, 0, 'a dashboard of an unknown zone: refused');
like($out, qr/postflow_dashboard.*nope/, 'naming the directive and the zone')
    or diag($out);

done_testing;
