# The analyser's lexicon as configuration: postflow_review_lexicon adds
# a file's phrases to the built-in lexicon or replaces its vocabulary;
# nginx -t names the file and the line of a bad entry; a reload reads the
# file again; the master reads it, the workers run unprivileged.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'lexicon');
my $conf_dir = $ngx->servroot . '/conf';

sub lexicon {
    my ($name, $text) = @_;
    my $file = "$conf_dir/$name";
    open my $fh, '>:raw', $file or die "$file: $!";
    print $fh $text;
    close $fh or die "$file: $!";
    return $file;
}

sub conf {
    my ($http) = @_;
    return $ngx->conf(master => 1, workers => 2,
        http => "postflow_zone tracks 1m;\n$http",
        server => "        location /api/ { postflow_api tracks; }\n");
}

sub verdict {
    my ($text) = @_;
    my $r = $ngx->http_request(POST => '/api/analyze', {},
                               qq({"comments":["$text"]}));
    my ($verdict) = $r->{body} =~ /"comments":\[\{"verdict":"([a-z]+)"/;
    return $r->{status} == 200 ? $verdict // $r->{body}
                               : "$r->{status} $r->{body}";
}

my $carre = "C'est carré pour moi.";

lexicon('fr-studio.lex', <<'EOL');
# the studio's own ways of signing off
approve: c'est (carré|carre)
# e.g. "C'est carré pour moi."
EOL

lexicon('only.lex', <<'EOL');
@fruit = banane|mangue
approve: c'est (la|une) @fruit
# e.g. "C'est la banane !"
EOL

lexicon('bad.lex', <<'EOL');
# line 2 is good, line 3 is not
approve: c'est carré
approve: c'est (carré
EOL

lexicon('bad-example.lex', <<'EOL');
approve: c'est carré
# e.g. "C'est rond."
EOL

lexicon('bad-cue.lex', <<'EOL');

approval: c'est carré
EOL

lexicon('bad-empty.lex', <<'EOL');
approve: c'est carré
approve: [ok]|parfait
EOL

lexicon('bad-alternative.lex', <<'EOL');
approve: (|tout) bon pour moi
EOL


# --- the built-in lexicon alone --------------------------------------------

ok($ngx->start(conf('')), 'nginx starts with the built-in lexicon')
    or BAIL_OUT($ngx->error);

is(verdict($carre), 'neutral', 'the built-in lexicon does not know it');
is(verdict('Validé'), 'approve', 'it knows "validé"');

SKIP: {
    skip 'the suite is not run as root', 1 if $> != 0;
    my $nobody = getpwnam('nobody');
    my @uids;

    PostFlow::Harness::wait_until(10 * PostFlow::Harness::slowdown(), sub {
        @uids = map {
            open my $fh, '<', "/proc/$_/status" or return 0;
            join('', <$fh>) =~ /^Uid:\s+(\d+)/m;
        } $ngx->worker_pids;
        return @uids == 2 && !grep({ $_ != $nobody } @uids);
    });
    is("@uids", "$nobody $nobody",
       'the master reads the lexicon, its workers run as nobody');
}


# --- nginx -t --------------------------------------------------------------

my ($code, $out) = $ngx->nginx_t(conf(
    "postflow_review_lexicon $conf_dir/fr-studio.lex;\n"));
is($code, 0, 'nginx -t accepts a lexicon file') or diag($out);

($code, $out) = $ngx->nginx_t(conf("postflow_review_lexicon bad.lex;\n"));
isnt($code, 0, 'nginx -t refuses a bad entry');
like($out,
     qr{postflow_review_lexicon: \Q$conf_dir\E/bad\.lex:3: unbalanced "\("},
     'and names the file and the line');

($code, $out) = $ngx->nginx_t(conf(
    "postflow_review_lexicon bad-example.lex;\n"));
like($out, qr{bad-example\.lex:2: the example does not match},
     'an example that does not match its entry is an error');

($code, $out) = $ngx->nginx_t(conf("postflow_review_lexicon bad-cue.lex;\n"));
like($out, qr{bad-cue\.lex:2: unknown cue}, 'so is an unknown cue');

($code, $out) = $ngx->nginx_t(conf(
    "postflow_review_lexicon bad-empty.lex;\n"));
like($out, qr{bad-empty\.lex:2: the phrase can match empty text},
     'so is a phrase that empty text would match');

($code, $out) = $ngx->nginx_t(conf(
    "postflow_review_lexicon bad-alternative.lex;\n"));
like($out, qr{bad-alternative\.lex:1: an empty alternative},
     'and an empty alternative, which "[...]" writes');

($code, $out) = $ngx->nginx_t(conf("postflow_review_lexicon missing.lex;\n"));
like($out, qr{postflow_review_lexicon: open\(\) "\Q$conf_dir\E/missing\.lex"},
     'so is a missing file');

($code, $out) = $ngx->nginx_t(conf("postflow_review_lexicon fr-studio.lex;\n"
    . "postflow_review_lexicon only.lex replace;\n"));
like($out, qr{"replace" must be on the first lexicon},
     '"replace" comes first');


# --- a reload with a lexicon, then with a changed one ---------------------

ok($ngx->reload(conf("postflow_review_lexicon fr-studio.lex;\n")),
   'a reload adds the lexicon file') or diag($ngx->error);
is(verdict($carre), 'approve', 'the added French phrase approves');
is(verdict('Validé'), 'approve', 'the built-in lexicon is still there');
is(verdict("C'est calé."), 'neutral', 'a phrase not added yet');

lexicon('fr-studio.lex', <<'EOL');
approve: c'est (carré|calé)
# e.g. "C'est calé."
EOL

ok($ngx->reload, 'a reload reads the changed file again')
    or diag($ngx->error);
is(verdict("C'est calé."), 'approve', 'its new phrase approves');

lexicon('fr-studio.lex', "approve: c'est (carré\n");
ok(!$ngx->reload, 'a reload with a bad lexicon is refused');
like($ngx->error, qr{fr-studio\.lex:1: unbalanced}, 'naming its line');
is(verdict("C'est calé."), 'approve',
   'and the running configuration keeps its lexicon');


# --- replace ---------------------------------------------------------------

ok($ngx->reload(conf("postflow_review_lexicon only.lex replace;\n")),
   'a lexicon replaces the built-in vocabulary') or diag($ngx->error);
is(verdict("C'est la banane !"), 'approve', 'its phrase approves');
is(verdict('Validé'), 'neutral', 'the built-in "validé" is gone');

ok($ngx->reload(conf("postflow_review_lexicon only.lex replace;\n"
    . "postflow_review_keywords approve validé;\n")),
   'postflow_review_keywords works beside it') or diag($ngx->error);
is(verdict('Validé'), 'approve', 'the keyword is a cue again');

$ngx->stop;
unlike(PostFlow::Harness::log_since($ngx->error_log_path, 0),
       qr/\[(?:alert|crit)\]/, 'no alert in the error log');
$ngx->valgrind_ok;

done_testing;
