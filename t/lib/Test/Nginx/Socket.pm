package Test::Nginx::Socket;

# A small stand-in for Test::Nginx::Socket (openresty/test-nginx 0.33), used
# only where the real one is not installed (`prove -I t/lib`).  It runs the
# same data-driven .t files with the same semantics for the sections it
# supports (listed in t/README.md) and refuses, loudly, the real one's
# sections it does not support rather than ignore them.
#
# Per block: a fresh servroot, nginx started as our foreground child, the
# requests sent on fresh connections, every check a TAP test named as the
# real one names it, nginx stopped (SIGQUIT) and reaped; under
# TEST_NGINX_USE_VALGRIND one more test per block fails on valgrind errors
# or definite leaks.

use strict;
use warnings;

use Test::Base -base;

use HTTP::Response;
use IO::Select;
use IO::Socket::INET;
use List::Util qw(shuffle min);
use PostFlow::Harness ();
use Scalar::Util qw(looks_like_number);
use Test::LongString ();
use Test::More ();
use Test::Nginx::Util qw(:DEFAULT :runner);
use Time::HiRes qw(sleep time);

our @EXPORT = (@Test::Nginx::Util::EXPORT, qw(run_tests));

# Sections of the real Test::Nginx that this runner does not implement: a
# block using one is a test this runner cannot check, so it bails out.
my @Unsupported = qw(
    pipelined_requests request_eval response_body_eval response_body_filters
    response_body_json_sort charset access_log no_access_log
    shutdown_error_log no_shutdown_error_log stap stap_out stap_out_like
    stap_out_unlike tcp_listen tcp_reply tcp_query udp_listen udp_reply
    udp_query http2 http3 curl shutdown ignore_response init
    post_setup_server_root todo todo_nginx skip_nginx2 skip_openssl
    skip_slave error_log_file server_addr_for_client write_resp_body_file
    http09 reload_fails
);

# Where error.log was read up to: checks see only the lines logged since
# the previous check of the same block.
my $ErrLogPos = 0;

# The block's $TEST_NGINX_RAND_PORT_N values, for every section.
my $RandPorts = {};


sub run_tests {
    $ENV{TEST_NGINX_SERVER_PORT} //= $ServerPort;

    my @blocks = Test::Base::blocks();
    @blocks = shuffle @blocks unless $NoShuffle;

    for my $block (@blocks) {
        $_->($block) for @BlockPreprocessors;
        $block->set_value(name => "$0 " . $block->name);
        run_block($block);
    }
}


sub run_block {
    my ($block) = @_;
    my $name = $block->name;

    for my $s (@Unsupported) {
        bail_out("$name - --- $s is not supported by the bundled runner "
                 . "(t/lib); install Test::Nginx or see t/README.md")
            if defined $block->$s;
    }

    if (my ($count, $reason) = skip_spec($block)) {
        for (1 .. $RepeatEach) {
            SKIP: { Test::More::skip("$name - $reason", $count) }
        }
        return;
    }

    my $config = $block->config
        // bail_out("$name - No '--- config' section specified (the real "
                    . "Test::Nginx would reuse the previous block's nginx)");
    $RandPorts = {};
    $config = expand_env($config, $name, $RandPorts);
    my $conf = build_conf($block, $config, $RandPorts);
    my $must_die = $block->must_die;

    (my $tag = $0) =~ s{.*/}{};
    $Current = eval {
        PostFlow::Harness->new(
            servroot => $ServRoot, port => $ServerPort,
            tag => "$tag-" . $block->seq_num,
            valgrind => PostFlow::Harness::valgrind_enabled()
                        && !defined $must_die);
    } or bail_out("$name - $@");
    write_index_html();
    write_user_files($block, $RandPorts);
    $ErrLogPos = 0;

    return run_must_die($block, $conf, $must_die) if defined $must_die;

    if (!$Current->start($conf)) {
        Test::More::fail("$name - nginx started");
        Test::More::diag($Current->error);
        return;
    }

    run_requests($block, $_) for 0 .. $RepeatEach - 1;
    stop_nginx($block);
}


# "N: CONDITION[: REASON]" of --- skip_nginx (a version test) and
# --- skip_eval (Perl code): the number of tests to skip and why, or ().
sub skip_spec {
    my ($block) = @_;
    my $name = $block->name;

    if (defined(my $spec = $block->skip_nginx)) {
        my ($n, $op, @v, $why);
        ($n, $op, @v[0 .. 2], $why) = $spec =~
            /^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)(?:\s*:\s*(.*?))?\s*$/
            or bail_out("$name - Invalid --- skip_nginx spec: $spec");
        my $want = sprintf '%d.%03d%03d', @v;
        my $have = nginx_version();
        my $skip = $op eq '<'  ? $have < $want  : $op eq '<=' ? $have <= $want
                 : $op eq '>'  ? $have > $want  : $have >= $want;
        return ($n, $why || "nginx version $op $v[0].$v[1].$v[2]") if $skip;
    }

    if (defined(my $spec = $block->skip_eval)) {
        my ($n, $code) = $spec =~ /^\s*(\d+)\s*:\s*(.*)/s
            or bail_out("$name - Invalid --- skip_eval spec: $spec");
        my $skip = eval $code;
        bail_out("$name - skip_eval - failed to eval \"$code\": $@") if $@;
        return ($n, 'skip_eval') if $skip;
    }
    return;
}


# --- must_die: nginx has to fail to start.  Passing the daemonization
# point (our nginx: writing its pid file) counts as not dying, as it does
# for the real one's daemonized nginx.
sub run_must_die {
    my ($block, $conf, $must_die) = @_;
    my $name = $block->name;

    for my $rep (0 .. $RepeatEach - 1) {
        my $started = $Current->start($conf);
        my $status = $started ? 0 : $Current->exit_status;
        $Current->stop if $started;

        if (!defined $status) {
            Test::More::fail("$name - nginx neither died nor started");
            Test::More::diag($Current->error);
        } elsif ($status & 127) {
            Test::More::fail("$name - nginx killed by signal "
                             . ($status & 127));
        } elsif (looks_like_number($must_die)) {
            Test::More::is($status >> 8, $must_die,
                           "$name - die with the expected exit code");
        } else {
            Test::More::isnt($status, 0, "$name - die as expected");
        }
        check_error_log($block, $rep);
    }
}


# Stops the block's nginx; under valgrind, one more test: its report.
sub stop_nginx {
    my ($block) = @_;
    my $name = $block->name;

    if ($Current->valgrind) {
        $Current->valgrind_ok("$name - valgrind: no errors or definite leaks");
    } else {
        $Current->stop;
    }
    Test::More::diag("WARNING: $name - nginx needed SIG"
                     . $Current->stopped_by . " to exit")
        if $Current->stopped_by ne 'QUIT';
}


# One round of the block's requests (one of repeat_each's), with the checks
# after each response and the error log checks after each request.
sub run_requests {
    my ($block, $rep) = @_;
    my $name = $block->name;
    my @reqs = requests($block);
    my $need_array = @reqs > 1;
    my $timeout = parse_time($block->timeout) // $Timeout;
    my $wait = parse_time($block->wait);

    for my $idx (0 .. $#reqs) {
        my ($raw, $head) = send_request($block, $reqs[$idx], $timeout);
        my ($res, $raw_headers) = parse_response($name, $raw, $head);
        my @at = ($idx, $need_array);

        check_error_code($block, $res, @at);
        check_raw_response_headers($block, $raw_headers, @at);
        check_response_headers($block, $res, $raw_headers, @at);
        check_response_body($block, $res, $rep, @at);

        if ($idx < $#reqs) {
            sleep $wait if $wait;
            check_error_log($block, $rep);
        }
    }

    sleep $wait if $wait;
    check_error_log($block, $rep);
}


# A section's value for request $idx: with several requests the value must
# be an array with one element per request.
sub value_at {
    my ($block, $value, $idx, $need_array) = @_;
    my $is_array = ref $value && ref $value eq 'ARRAY';

    return $is_array ? $value->[0] : $value unless $need_array;
    bail_out($block->name . " - You asked for many requests, the expected "
             . "results should be arrays as well.") unless $is_array;
    return $value->[$idx];
}


# --- requests ---------------------------------------------------------------

# The block's requests, each a list of packets {value, delay_before}.
sub requests {
    my ($block) = @_;
    my $name = $block->name;

    if (defined(my $raw = $block->raw_request)) {
        return [map { { value => $_ } } ref $raw ? @$raw : $raw];
    }

    my $request = $block->request;
    my $more = $block->more_headers // '';

    if (!ref $request) {
        bail_out("$name - Request line should be non-empty")
            unless defined $request;
        1 while $request =~ s/^\s*\#[^\n]+\s+|^\s+//gs;
        return [{ value => build_request($block, $request, $more, 0) }];
    }

    bail_out("$name - invalid --- request: MUST be string or array of "
             . "requests") if ref $request ne 'ARRAY';

    my @reqs;
    for my $i (0 .. $#$request) {
        bail_out("$name - request packet arrays are not supported by the "
                 . "bundled runner") if ref $request->[$i];
        push @reqs, [{ value => build_request($block, $request->[$i], $more,
                                              $i) }];
    }
    return @reqs;
}


# "METHOD [URI [VERSION]]" on the first line, the body after it.  Like the
# real one: Host and Connection: close unless --- more_headers has them; a
# non-empty body is trimmed of surrounding whitespace and gets a
# Content-Length, unless --- more_headers sets Content-Length or
# Transfer-Encoding: chunked (then the body is sent exactly as written).
sub build_request {
    my ($block, $text, $more, $idx) = @_;
    my $name = $block->name;

    my ($line, $body) = $text =~ /\A([^\n]*\n?)(.*)\z/s;
    bail_out("$name - Request line should be non-empty") if $line eq '';
    my ($method, $uri, $version) =
        $line =~ /^\s*(\S+) *(?:(\S+) *)?(?:(\S+) *)?\s*$/
        or bail_out("$name - Request line is not valid. Should be 'meth "
                    . "[url [version]]' but got \"$line\".");

    my ($headers, $chunked) = more_headers($block, $more, $idx);
    my $length = '';
    if (!$chunked && $body ne '' && $headers !~ /(?:^|\n)Content-Length:/) {
        $body =~ s/^\s+|\s+$//gs;
        $length = 'Content-Length: ' . length($body) . "\r\n";
    }

    my $auto = '';
    $auto .= "Host: $ServerName\r\n" if $headers !~ /(?:^|\n)Host:/i;
    $auto .= "Connection: close\r\n" if $headers !~ /(?:^|\n)Connection/i;

    return sprintf "%s %s %s\r\n%s%s%s\r\n%s", $method, $uri // '/',
                   $version // 'HTTP/1.1', $auto, $headers, $length, $body;
}


# --- more_headers as "Name: value\r\n" lines (# lines are comments), and
# whether they ask for a chunked request body.
sub more_headers {
    my ($block, $more, $idx) = @_;

    if (ref $more eq 'ARRAY') {
        $more = $more->[$idx] // bail_out($block->name
                    . " - --- more_headers lacks data for the request $idx");
    }

    my ($out, $chunked) = ('', 0);
    for my $line (split /\n+/, $more) {
        next if $line eq '' || $line =~ /^\s*#/;
        my ($key, $val) = split /:\s*/, $line, 2;
        $val //= '';
        $chunked = 1 if lc $key eq 'transfer-encoding' && $val eq 'chunked';
        $out .= "$key: $val\r\n";
    }
    return ($out, $chunked);
}


# Sends one request on a fresh connection and reads the response until the
# server closes it.  Every I/O wait is bounded by $timeout; a timeout fails
# the test unless the block has --- abort.  Returns (raw response, whether
# it was a HEAD request).
sub send_request {
    my ($block, $packets, $timeout) = @_;
    my $name = $block->name;
    my $head = join('', map { $_->{value} } @$packets) =~ /^\s*HEAD\s+/;

    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => $ServerPort,
                                     Proto => 'tcp', Timeout => $timeout);
    if (!$sock) {
        Test::More::fail("$name - Can't connect to 127.0.0.1:$ServerPort: $!");
        return ('', $head);
    }

    local $SIG{PIPE} = 'IGNORE';
    my $sel = IO::Select->new($sock);
    my $gap = parse_time($block->raw_request_middle_delay);

    for my $i (0 .. $#$packets) {
        my $delay = $packets->[$i]{delay_before} // ($i ? $gap : undef);
        sleep $delay if $delay;
        my $err = write_all($sock, $sel, $packets->[$i]{value}, $timeout);
        next unless $err;
        return socket_timeout($block, $sock, '', $head) if $err eq 'timeout';
        warn "write failed: $err\n";
        return ("write failed: $err", $head);
    }

    my $resp = '';
    for (;;) {
        return socket_timeout($block, $sock, $resp, $head)
            unless $sel->can_read($timeout);
        my $n = sysread $sock, my $buf, 16384;
        if (!defined $n) {
            next if $!{EINTR} || $!{EAGAIN};
            warn "WARNING: $name - HTTP response read failure: $!\n";
            last;
        }
        last if $n == 0;
        $resp .= $buf;
    }
    close $sock;
    return ($resp, $head);
}


# Writes $data; returns '' or the error ('timeout' or errno text).
sub write_all {
    my ($sock, $sel, $data, $timeout) = @_;
    my $off = 0;

    while ($off < length $data) {
        return 'timeout' unless $sel->can_write($timeout);
        my $n = syswrite $sock, $data, length($data) - $off, $off;
        if (!defined $n) {
            next if $!{EINTR} || $!{EAGAIN};
            return "$!";
        }
        $off += $n;
    }
    return '';
}


sub socket_timeout {
    my ($block, $sock, $resp, $head) = @_;
    close $sock;
    Test::More::fail("ERROR: client socket timed out - " . $block->name)
        unless defined $block->abort;
    return ($resp, $head);
}


# --- responses --------------------------------------------------------------

# An HTTP::Response with the body de-chunked or cut at Content-Length, and
# the raw header block; (undef, headers) for a malformed chunked body.
sub parse_response {
    my ($name, $raw, $head) = @_;
    my ($raw_headers) = $raw =~ /(.*?\r\n)\r\n/s;
    my $res = HTTP::Response->parse($raw);
    my $code = $res->code;

    $res->code(undef) if defined $code && $code !~ /^\d+$/;
    return ($res, $raw_headers // '') if $code && ($code == 304 || $code == 101);

    my $te = $res->header('Transfer-Encoding');
    my $len = $res->header('Content-Length');
    my $body = $res->content // '';
    my $left = '';

    if (defined $te && $te eq 'chunked') {
        my $err;
        ($body, $left, $err) = dechunk($body);
        if ($err) {
            Test::More::fail("$name - invalid chunked data received ($err)");
            return (undef, $raw_headers // '');
        }
        $res->content($body);

    } elsif (defined $len && $len =~ /^\d+$/) {
        if (length $body > $len) {
            $left = substr $body, $len;
            $res->content(substr $body, 0, $len);
        } elsif (length $body < $len && !$head) {
            warn "WARNING: $name - response body truncated: $len expected, "
                 . "but got " . length($body) . "\n";
        }
    }

    warn "WARNING: $name - unexpected extra bytes after last chunk in "
         . "response: \"$left\"\n" if length $left;
    return ($res, $raw_headers // '');
}


# Decodes a chunked body: (data, bytes after the last chunk, error).
sub dechunk {
    my ($raw) = @_;
    my ($out, $pos) = ('', 0);

    for (;;) {
        pos($raw) = $pos;
        if ($raw =~ /\G0[ \t]*\r\n(?:[^\r\n]+\r\n)*\r\n/gc) {
            return ($out, substr($raw, pos $raw), '');
        }
        $raw =~ /\G[ \t]*([A-Fa-f0-9]+)[ \t]*\r\n/gc
            or return ('', '', $pos < length $raw ? 'bad chunk size'
                                                  : 'no last chunk found');
        my ($size, $start) = (hex $1, pos $raw);
        return ('', '', 'not enough octets for the data section')
            if length($raw) - $start < $size;
        $out .= substr $raw, $start, $size;
        $pos = $start + $size;
        return ('', '', 'expected CRLF') if substr($raw, $pos, 2) ne "\r\n";
        $pos += 2;
    }
}


# --- response checks --------------------------------------------------------

sub check_error_code {
    my ($block, $res, @at) = @_;
    my $name = $block->name;
    my $code = ($res && $res->code) || '';

    if (defined $block->error_code_like) {
        my $pat = value_at($block, $block->error_code_like, @at);
        Test::More::like($code, qr/$pat/sm, "$name - status code ok");
    } elsif (defined $block->error_code) {
        Test::More::is($code, value_at($block, $block->error_code, @at),
                       "$name - status code ok");
    } else {
        Test::More::is($code, 200, "$name - status code ok");
    }
}


sub check_raw_response_headers {
    my ($block, $raw_headers, @at) = @_;
    my $name = $block->name;

    if (defined $block->raw_response_headers_like) {
        my $pat = value_at($block, $block->raw_response_headers_like, @at);
        Test::More::like($raw_headers, qr/$pat/s,
                         "$name - raw resp headers like");
    }
    if (defined $block->raw_response_headers_unlike) {
        my $pat = value_at($block, $block->raw_response_headers_unlike, @at);
        Test::More::unlike($raw_headers, qr/$pat/s,
                           "$name - raw resp headers unlike");
    }
}


# "Name: value" lines ("!Name" for an absent header), trimmed.
sub parse_header_lines {
    my ($text) = @_;
    my @pairs;
    for my $line (split /\n/, $text // '') {
        $line =~ s/^\s+|\s+$//g;
        if ($line =~ s/^!\s*//) {
            push @pairs, [$line, undef];
        } else {
            push @pairs, [split /\s*:\s*/, $line, 2];
        }
    }
    return @pairs;
}


sub check_response_headers {
    my ($block, $res, $raw_headers, @at) = @_;
    my $name = $block->name;

    if (defined $block->response_headers) {
        my $spec = value_at($block, $block->response_headers, @at);
        for my $pair (parse_header_lines($spec)) {
            my ($key, $val) = @$pair;
            if (!defined $val) {
                Test::More::unlike($raw_headers, qr/^\s*\Q$key\E\s*:/ms,
                    "$name - header $key not present in the raw headers");
                next;
            }
            $val =~ s/\$ServerPort\b/$ServerPort/g;
            Test::More::is(($res && $res->header($key)) // '', $val,
                           "$name - header $key ok");
        }

    } elsif (defined $block->response_headers_like) {
        my $spec = value_at($block, $block->response_headers_like, @at);
        for my $pair (parse_header_lines($spec)) {
            my ($key, $val) = @$pair;
            Test::More::like(($res && $res->header($key)) // '', qr/^$val$/,
                             "$name - header $key like ok");
        }
    }
}


sub check_response_body {
    my ($block, $res, $rep, $idx, $need_array) = @_;
    my $name = $block->name;
    my $content = $res ? $res->content : undef;

    if (defined $block->response_body) {
        my $expected = value_at($block, $block->response_body, $idx,
                                $need_array);
        my $what = "(repeated req $rep, req $idx)";
        if (ref $expected) {
            Test::More::like($content, $expected,
                             "$name - response_body - like $what");
            return;
        }
        if (defined $expected) {
            $expected =~ s/\$ServerPort\b/$ServerPort/g;
            $expected = expand_env($expected, $name, $RandPorts);
        }
        my $is = $NoLongString ? \&Test::More::is
                               : \&Test::LongString::is_string;
        $is->($content, $expected,
              "$name - response_body - response is expected $what");

    } elsif (defined $block->response_body_like
             || defined $block->response_body_unlike)
    {
        my $type = defined $block->response_body_like ? 'like' : 'unlike';
        my $method = "response_body_$type";
        my $pat = value_at($block, $block->$method, $idx, $need_array);
        $pat =~ s/\$ServerPort\b/$ServerPort/g;
        (my $summary = $content // '') =~ s/^\s+|\s+$//g;
        $summary =~ s/\s+/ /g;
        my $cmp = $type eq 'like' ? \&Test::More::like : \&Test::More::unlike;
        $cmp->($content, qr/$pat/s,
               "$name - response_body_$type - response is expected ($summary)");
    }
}


# --- error log checks -------------------------------------------------------

# The error.log lines written since the previous call, once nginx has
# stopped writing (the size is stable for 45 ms; at most 1 s).
sub new_error_log_lines {
    my ($last, $stable) = (-1, 0);
    my $deadline = time + 1;

    while ($stable < 3 && time < $deadline) {
        sleep 0.015;
        my $size = -s $ErrLogFile // 0;
        $stable = $size == $last ? $stable + 1 : 0;
        $last = $size;
    }

    open my $fh, '<', $ErrLogFile or return [];
    seek $fh, $ErrLogPos, 0;
    my @lines = <$fh>;
    $ErrLogPos = tell $fh;
    return \@lines;
}


# A pattern section as a list: text is one substring per line; an eval
# value is a string, a qr// or an array of them.
sub patterns {
    my ($value) = @_;
    return @$value if ref $value eq 'ARRAY';
    return ($value) if ref $value;
    chomp $value;
    return split /\n+/, $value;
}


sub line_matches {
    my ($line, $pat) = @_;
    return ref $pat ? $line =~ $pat : index($line, $pat) >= 0;
}


sub fmt_str {
    my ($s) = @_;
    chomp $s;
    $s =~ s/"/\\"/g;
    $s =~ s/\r/\\r/g;
    $s =~ s/\n/\\n/g;
    return $s;
}


sub check_error_log {
    my ($block, $rep) = @_;
    my $name = $block->name;
    my $lines = new_error_log_lines();
    my %mentioned;

    # lines of these levels are reported unless a pattern mentions them
    for my $section (qw(error_log no_error_log)) {
        next unless defined $block->$section;
        for my $pat (grep { defined } patterns($block->$section)) {
            $mentioned{$_} = 1 for "$pat" =~ /\[(alert|crit|emerg)/g;
        }
    }

    if (defined $block->error_log) {
        for my $pat (grep { defined } patterns($block->error_log)) {
            my $found = grep { line_matches($_, $pat) } @$lines;
            Test::More::ok($found, $found
                ? "$name - pattern \"$pat\" matches a line in error.log (req $rep)"
                : "$name - pattern \"$pat\" should match a line in error.log (req $rep)");
        }
    }

    if (defined $block->no_error_log) {
        my @pats = grep { defined } patterns($block->no_error_log);
        check_no_error_log($name, $rep, $lines, @pats);
    }

    check_grep_error_log($block, $rep, $lines) if defined $block->grep_error_log;

    for my $line (@$lines) {
        if ($line =~ /\[(alert|crit|emerg)\]/ && !$mentioned{$1}) {
            warn "WARNING: $name - " . fmt_str($line) . "\n";
        }
        if ($line =~ /\bAssertion .*?failed\b/) {
            chomp(my $l = $line);
            Test::More::fail("$name - $l");
        }
    }
}


sub check_no_error_log {
    my ($name, $rep, $lines, @pats) = @_;
    my %found;

    for my $i (0 .. $#$lines) {
        for my $pat (@pats) {
            next unless line_matches($lines->[$i], $pat);
            $found{$pat} = 1;
            my @more = @$lines[$i + 1 .. min($i + 9, $#$lines - 1)];
            Test::More::fail(sprintf "%s - pattern \"%s\" should not match any "
                . "line in error.log but matches line \"%s\" (req %d)\n%s",
                $name, fmt_str($pat), fmt_str($lines->[$i]), $rep,
                join '', @more);
        }
    }

    for my $pat (grep { !$found{$_} } @pats) {
        Test::More::pass(sprintf "%s - pattern \"%s\" does not match a line "
                         . "in error.log (req %d)", $name, fmt_str($pat), $rep);
    }
}


# --- grep_error_log: the matched parts of the lines, one per line,
# compared with --- grep_error_log_out (arrays are per repeat_each round).
sub check_grep_error_log {
    my ($block, $rep, $lines) = @_;
    my $name = $block->name;
    my $pat = $block->grep_error_log;
    $pat = $pat->[$rep] if ref $pat eq 'ARRAY';
    my $expected = $block->grep_error_log_out
        // bail_out("$name - No --- grep_error_log_out defined but "
                    . "--- grep_error_log is defined");
    $expected = $expected->[$rep] if ref $expected eq 'ARRAY';
    $expected = expand_env($expected, $name, $RandPorts) unless ref $expected;

    my $got = '';
    for my $line (@$lines) {
        my $m = ref $pat ? ($line =~ $pat ? $& : undef)
                         : (index($line, $pat) >= 0 ? $pat : undef);
        $got .= "$m\n" if defined $m && $m !~ /\n/;
    }

    my $test = "$name - grep_error_log_out (req $rep)";
    if (ref $expected) {
        Test::More::like($got, $expected, $test);
    } elsif ($NoLongString) {
        Test::More::is($got, $expected, $test);
    } else {
        Test::LongString::is_string($got, $expected, $test);
    }
}


1;
