# The review analysis over the labelled dev corpus, through POST /analyze:
# at least 0.90 of the comments and of the threads right.  Prints both
# figures, and the accuracy per label and per language.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use JSON::PP;
use PostFlow::Harness;

my $corpus = "$FindBin::Bin/fixtures/corpus";
my $json = JSON::PP->new->utf8->canonical;

sub lines {
    my ($file) = @_;
    open my $fh, '<', "$corpus/$file" or die "$corpus/$file: $!";
    return map { $json->decode($_) } grep { /\S/ } <$fh>;
}

my $ngx = PostFlow::Harness->new(tag => 'corpus');

$ngx->start($ngx->conf(
    http => "postflow_zone tracks 1m;\n",
    server => "location /api/ { postflow_api tracks; }\n"))
    or BAIL_OUT($ngx->error);

sub analyze {
    my (@comments) = @_;
    my $res = $ngx->http_request(POST => '/api/analyze',
        { 'Content-Type' => 'application/json' },
        $json->encode({ comments => \@comments }));
    die "analyze: $res->{status} $res->{body}" if $res->{status} != 200;
    return $json->decode($res->{body});
}

# comments, one analysis request for all of them
my @comments = lines('review-comments-dev.jsonl');
my $answer = analyze(map { $_->{text} } @comments);
my (%right, %total, @wrong);

for my $i (0 .. $#comments) {
    my $c = $comments[$i];
    my $got = $answer->{comments}[$i]{verdict};
    my $ok = $got eq $c->{label};

    for my $key ("label $c->{label}", "lang $c->{lang}", 'all') {
        $total{$key}++;
        $right{$key}++ if $ok;
    }

    push @wrong, "  $c->{label} read as $got: $c->{text}" unless $ok;
}

my $comment_accuracy = $right{all} / $total{all};

diag(sprintf "comments: %.3f (%d of %d)", $comment_accuracy,
     $right{all}, $total{all});
diag(sprintf "  %-14s %.3f (%d of %d)", $_, ($right{$_} // 0) / $total{$_},
     $right{$_} // 0, $total{$_})
    for sort grep { $_ ne 'all' } keys %total;
diag($_) for @wrong;

# threads, one request each, in order
my @threads = lines('review-threads-dev.jsonl');
my (%tright, %ttotal, @twrong);

for my $t (@threads) {
    my $got = analyze(@{ $t->{comments} })->{review_status};
    my $ok = $got eq $t->{expected};

    $ttotal{$t->{expected}}++;
    $tright{$t->{expected}}++ if $ok;
    push @twrong, "  $t->{expected} read as $got: "
                  . join(' | ', @{ $t->{comments} }) unless $ok;
}

my $tr = 0;
$tr += $_ for values %tright;
my $thread_accuracy = $tr / @threads;

diag(sprintf "threads: %.3f (%d of %d)", $thread_accuracy, $tr,
     scalar @threads);
diag(sprintf "  %-14s %.3f (%d of %d)", $_, ($tright{$_} // 0) / $ttotal{$_},
     $tright{$_} // 0, $ttotal{$_})
    for sort keys %ttotal;
diag($_) for @twrong;

cmp_ok($comment_accuracy, '>=', 0.90, 'comments: accuracy of at least 0.90');
cmp_ok($thread_accuracy, '>=', 0.90, 'threads: accuracy of at least 0.90');

$ngx->valgrind_ok;

done_testing;
