# `nginx -t` refuses bad postflow directives with a message that names
# the directive, and accepts the shipped example.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'config');

sub check {
    my ($name, $http, $server, $expect) = @_;
    my ($rc, $out) = $ngx->nginx_t($ngx->conf(http => $http,
                                              server => $server // ''));

    if (defined $expect) {
        isnt($rc, 0, "$name: refused");
        like($out, $expect, "$name: says why");

    } else {
        is($rc, 0, "$name: accepted") or diag($out);
    }

    return $out;
}

my $zone = "postflow_zone tracks 1m;\n";

check('a complete configuration', $zone . <<'EOF2', <<'EOF3');
postflow_track_ttl 7d;
postflow_webhook_secret s1 s2;
postflow_review_keywords approve greenlit "locked picture";
postflow_review_keywords reject nope;
postflow_review_thresholds 0.6 -0.4;
EOF2
location = /hook { postflow_webhook tracks; postflow_webhook_tolerance 5m; }
location /api/ { postflow_api tracks; }
location = /stats { postflow_stats tracks; }
EOF3

for my $zero ('postflow_track_ttl 0', 'postflow_webhook_tolerance 0s',
              'postflow_webhook_max_body 0') {
    my ($name) = $zero =~ /^(\S+)/;
    check("$zero", $zone . "$zero;\n", '',
          qr/\[emerg\] "$name" directive must be more than 0 in \S+:\d+/);
}

check('zone size too small', "postflow_zone tracks 1k;\n", '',
      qr/\[emerg\].*postflow_zone "tracks": invalid size "1k"/);

check('zone size not a size', "postflow_zone tracks lots;\n", '',
      qr/\[emerg\].*postflow_zone "tracks": invalid size "lots"/);

check('zone declared twice', $zone . $zone, '',
      qr/\[emerg\].*postflow_zone "tracks" is already declared/);

check('zone without arguments', "postflow_zone;\n", '',
      qr/\[emerg\].*invalid number of arguments in "postflow_zone"/);

check('unknown zone', '', "location /api/ { postflow_api nowhere; }\n",
      qr/\[emerg\] postflow_api: no postflow_zone "nowhere" is declared, in \S+nginx_t\.conf:\d+$/m);

check('a webhook with a zone nobody declared', $zone,
      "location = /h { postflow_webhook trakcs; }\n",
      qr/\[emerg\] postflow_webhook: no postflow_zone "trakcs" is declared/);

check('handler twice', $zone,
      "location /api/ { postflow_api tracks; postflow_api tracks; }\n",
      qr/\[emerg\].*"postflow_api" directive is duplicate/);

check('bad ttl', $zone . "postflow_track_ttl forever;\n", '',
      qr/\[emerg\].*"postflow_track_ttl" directive invalid value/);

check('bad tolerance', $zone,
      "location = /h { postflow_webhook tracks;"
      . " postflow_webhook_tolerance soon; }\n",
      qr/\[emerg\].*"postflow_webhook_tolerance" directive invalid value/);

check('missing secret file', $zone
      . "postflow_webhook_secret file=/nonexistent/frameio.secret;\n", '',
      qr/\[emerg\].*postflow_webhook_secret: open\(\) "\/nonexistent\/frameio.secret" failed/);

check('secrets twice', $zone
      . "postflow_webhook_secret a;\npostflow_webhook_secret b;\n", '',
      qr/\[emerg\].*"postflow_webhook_secret" directive is duplicate/);

check('bad keyword kind', $zone . "postflow_review_keywords maybe yes;\n",
      '', qr/\[emerg\].*postflow_review_keywords: "maybe" must be "approve" or "reject"/);

check('keyword kind without words', $zone
      . "postflow_review_keywords approve replace;\n", '',
      qr/\[emerg\].*postflow_review_keywords: no word given/);

check('thresholds not numbers', $zone
      . "postflow_review_thresholds high low;\n", '',
      qr/\[emerg\].*postflow_review_thresholds: "high low" are not numbers between -1 and 1/);

check('thresholds out of range', $zone
      . "postflow_review_thresholds 2 -0.5;\n", '',
      qr/\[emerg\].*postflow_review_thresholds: "2 -0.5" are not numbers between -1 and 1/);

check('thresholds in the wrong order', $zone
      . "postflow_review_thresholds -0.5 0.5;\n", '',
      qr/\[emerg\].*postflow_review_thresholds: /);

check('state with a bad compaction size', $zone
      . "postflow_state logs/s compact=big;\n", '',
      qr/\[emerg\].*postflow_state: invalid size in "compact=big"/);

check('state with an unknown parameter', $zone
      . "postflow_state logs/s sync=always;\n", '',
      qr/\[emerg\].*postflow_state: unknown parameter "sync=always"/);

check('state twice', $zone
      . "postflow_state logs/a;\npostflow_state logs/b;\n", '',
      qr/\[emerg\].*"postflow_state" directive is duplicate/);

my $out = check('a webhook without secret', $zone,
                "location = /h { postflow_webhook tracks; }\n");
like($out, qr/\[warn\].*signatures of Frame\.io events are not checked/,
     'a webhook without secret: warns');

# the shipped example, with the module loaded as make run does
{
    my $example = do {
        local $/;
        open my $fh, '<', "$FindBin::Bin/../nginx.conf.example" or die $!;
        <$fh>;
    };

    # the state directory is the workers' own, as make run makes it
    my $dir = $ngx->servroot . '/state';
    mkdir $dir;
    chown scalar(getpwnam('nobody')), scalar(getgrnam('nogroup')), $dir
        if $> == 0;

    my $load = join "\n", PostFlow::Harness::load_module_lines();
    my ($rc, $out) = $ngx->nginx_t("$load\n$example");
    is($rc, 0, 'nginx.conf.example is accepted') or diag($out);
}

done_testing;
