# The Prometheus exposition passes a strict check: promtool's when it is
# installed, and this file's own line grammar always.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use PostFlow::Harness;

my $ngx = PostFlow::Harness->new(tag => 'prometheus');

# a Frame.io token adds the poller's families; polling stays off
$ngx->start($ngx->conf(
    http => "postflow_zone tracks 1m;\n"
            . "postflow_frameio_token fio-u-test;\n"
            . "postflow_poll_interval off;\n",
    server => <<'EOS')) or BAIL_OUT($ngx->error);
    location = /hook { postflow_webhook tracks; }
    location /api/ { postflow_api tracks; }
    location = /metrics { postflow_stats tracks; }
EOS

$ngx->http_request(POST => '/api/uploads', {},
                   '{"upload_id":"cut-1","filename":"a.mov","file_id":"f"}');
$ngx->http_request(POST => '/hook', {},
                   '{"type":"file.ready","resource":{"id":"f"}}');
$ngx->http_request(GET => '/hook');

my $res = $ngx->http_request(GET => '/metrics',
                             { Accept => 'text/plain;version=0.0.4' });
is($res->{status}, 200, 'metrics answered');

my $text = $res->{body};
my (%type, %help, @bad);

for my $line (split /\n/, $text) {
    if ($line =~ /^# (HELP|TYPE) (postflow_[a-z_]+) (.+)$/) {
        ($1 eq 'TYPE' ? \%type : \%help)->{$2} = $3;
        next;
    }

    if ($line =~ /^(postflow_[a-z_]+)\{zone="tracks"(?:,[a-z_]+="[A-Za-z0-9_]+")?\} \d+$/) {
        my $family = $1;
        push @bad, "no TYPE before $line" unless $type{$family};
        push @bad, "no HELP before $line" unless $help{$family};
        push @bad, "counter without _total: $line"
            if ($type{$family} // '') eq 'counter' && $family !~ /_total$/;
        next;
    }

    push @bad, "malformed: $line";
}

is_deeply(\@bad, [], 'every line is a HELP, a TYPE or a sample');
ok(substr($text, -1) eq "\n", 'the text ends with a line break');
like($text, qr/^postflow_webhooks_rejected_total\{zone="tracks",reason="method"\} 1$/m,
     'a labelled counter has its value');
like($text, qr/^postflow_frameio_calls_total\{zone="tracks",outcome="4xx"\} 0$/m,
     'the poller\'s families are there');

SKIP: {
    my ($promtool) = grep { -x } map { "$_/promtool" } split /:/, $ENV{PATH};
    skip 'promtool is not installed', 1 unless $promtool;

    my $file = $ngx->servroot . '/logs/metrics.txt';
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh;

    my $out = `$promtool check metrics < $file 2>&1`;
    is($?, 0, 'promtool check metrics accepts it') or diag($out);
}

$ngx->valgrind_ok;

done_testing;
