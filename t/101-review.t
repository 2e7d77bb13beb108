# Review analysis through the API: /analyze, comments on a track, and
# what they do to its status and to the statistics.

use Test::Nginx::Socket 'no_plan';

sub analyze {
    my @comments = map { my $c = $_; $c =~ s/(["\\])/\\$1/g; qq("$c") } @_;
    return "POST /api/analyze\n" . '{"comments":[' . join(',', @comments)
        . ']}';
}

sub comment {
    my ($upload_id, $text, $comment_id) = @_;
    my $id = defined $comment_id ? qq(,"comment_id":"$comment_id") : '';
    return "POST /api/uploads/$upload_id/comments\n"
        . qq({"text":"$text","author":"Léa"$id});
}

add_block_preprocessor(sub {
    my $block = shift;

    $block->set_value("http_config", "    postflow_zone tracks 1m;\n")
        unless defined $block->http_config;
    $block->set_value("config", <<'_EOC_');
    location = /hook {
        postflow_webhook tracks;
    }
    location /api/ {
        postflow_api tracks;
    }
    location = /stats {
        postflow_stats tracks;
    }
_EOC_
});

no_shuffle();
run_tests();

__DATA__

=== TEST 1: one verdict per comment, the thread's status, the seed score
--- request eval
::analyze("validé 👍", "fix the logo at 00:12", "pas ok")
--- error_code: 200
--- response_body_like: ^\{"review_status":"NEEDS_CHANGES","review_score":-?\d\.\d{3},"comments":\[\{"verdict":"approve","score":\d\.\d{3},"matches":\[\{"rule":"[a-z_]+","text":"[^"]+"\}.*\]\},\{"verdict":"changes",.*\},\{"verdict":"changes",.*\}\]\}$
--- no_error_log
[error]



=== TEST 2: whole words, accents, negation, in both languages
--- request eval
[::analyze("Approuvé"), ::analyze("APPROUVE"), ::analyze("Let me look at it now"),
 ::analyze("ce n'est pas validé"), ::analyze("not approved"),
 ::analyze("no problem, approved"), ::analyze("pas de souci, on valide")]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200]
--- response_body_like eval
[qr/"comments":\[\{"verdict":"approve"/, qr/"comments":\[\{"verdict":"approve"/,
 qr/"comments":\[\{"verdict":"neutral"/, qr/"comments":\[\{"verdict":"changes"/,
 qr/"comments":\[\{"verdict":"changes"/, qr/"comments":\[\{"verdict":"approve"/,
 qr/"comments":\[\{"verdict":"approve"/]



=== TEST 3: change requests inside praise or approval, and questions
--- request eval
[::analyze("Great cut, but fix the logo at 00:12"),
 ::analyze("great cut but fix the typo"), ::analyze("OK pour moi sauf le son"),
 ::analyze("approved once the logo is fixed"),
 ::analyze("Tu peux resserrer le plan d'ouverture ?"),
 ::analyze("c'est validé ?"), ::analyze("is this approved?")]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200]
--- response_body_like eval
[qr/"comments":\[\{"verdict":"changes"/,
 qr/"verdict":"changes"/, qr/"verdict":"changes"/, qr/"verdict":"changes"/,
 qr/"verdict":"changes"/, qr/"review_status":"PENDING","review_score":[-0-9.]+,"comments":\[\{"verdict":"neutral"/,
 qr/"review_status":"PENDING".*"verdict":"neutral"/]



=== TEST 4: the latest decision stands; a delivered fix waits for review
--- request eval
[::analyze("fix the logo", "fixed in v2, please check"),
 ::analyze("fix the logo", "fixed in v2, please check", "approved"),
 ::analyze("approved", "legal: the disclaimer is missing")]
--- error_code eval
[200, 200, 200]
--- response_body_like eval
[qr/^\{"review_status":"PENDING"/, qr/^\{"review_status":"APPROVED"/,
 qr/^\{"review_status":"NEEDS_CHANGES"/]



=== TEST 5: bad analysis requests
--- request eval
["POST /api/analyze\n{}", "POST /api/analyze\n{\"comments\":\"ok\"}",
 "POST /api/analyze\n{\"comments\":[1]}", "POST /api/analyze\n[]",
 "POST /api/analyze\n{\"comments\":[]}"]
--- error_code eval
[400, 400, 400, 400, 200]
--- response_body_like eval
[qr/^\{"error":"\\"comments\\" is required"\}$/,
 qr/^\{"error":"\\"comments\\" must be an array of strings or objects"\}$/,
 qr/^\{"error":"\\"comments\\" must be an array of strings or objects"\}$/,
 qr/^\{"error":"a JSON object is expected"\}$/,
 qr/^\{"review_status":"PENDING","review_score":0\.000,"comments":\[\]\}$/]



=== TEST 6: comments on a track decide its review, COMPLETED once ready
--- request eval
["POST /api/uploads\n" . '{"upload_id":"cut-1","filename":"a.mov","file_id":"f-1"}',
 "POST /hook\n" . '{"type":"file.ready","resource":{"id":"f-1","type":"file"}}',
 ::comment("cut-1", "great cut but fix the typo at 0:45", "c-1"),
 ::comment("cut-1", "great cut but fix the typo at 0:45", "c-1"),
 ::comment("cut-1", "fixed in v2, please check", "c-2"),
 ::comment("cut-1", "Validé, bravo", "c-3"),
 "GET /stats"]
--- error_code eval
[201, 200, 201, 200, 201, 201, 200]
--- response_body_like eval
[qr/REGISTERED/, qr/applied/,
 qr/"status":"READY","review_status":"NEEDS_CHANGES","review_score":[-0-9.]+,"comments_count":1,/,
 qr/"review_status":"NEEDS_CHANGES","review_score":[-0-9.]+,"comments_count":1,/,
 qr/"status":"READY","review_status":"PENDING",.*"comments_count":2,/,
 qr/"status":"COMPLETED","review_status":"APPROVED",.*"comments_count":3,/,
 qr/"active_tracks":0,"events_processed":1,"comments_analyzed":3,.*"COMPLETED":1,.*"review_status_distribution":\{"PENDING":0,"APPROVED":1,/]



=== TEST 7: comments on an unknown upload, or without text
--- request eval
[::comment("nope", "ok"),
 "POST /api/uploads\n" . '{"upload_id":"cut-1","filename":"a.mov"}',
 "POST /api/uploads/cut-1/comments\n{\"author\":\"x\"}",
 "POST /api/uploads/cut-1/comments\n{\"text\":42}"]
--- error_code eval
[404, 201, 400, 400]
--- response_body_like eval
[qr/^\{"error":"no such upload"\}$/, qr/cut-1/,
 qr/^\{"error":"\\"text\\" is required and must not be empty"\}$/,
 qr/^\{"error":"\\"text\\" must be a string"\}$/]



=== TEST 8: added keywords count
--- http_config
    postflow_zone tracks 1m;
    postflow_review_keywords approve greenlit;
    postflow_review_keywords reject "pas top";
--- request eval
[::analyze("Greenlit."), ::analyze("C'est pas top.")]
--- error_code eval
[200, 200]
--- response_body_like eval
[qr/"verdict":"approve"/, qr/"verdict":"changes"/]
