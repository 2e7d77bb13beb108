package PostFlow::Harness;

# Process-level test helpers: run nginx as a foreground child of the test,
# talk HTTP to it, reload it, kill it, restart it, check a configuration,
# and compute Frame.io webhook signatures.
#
# Plain Test::More .t files use it for what Test::Nginx has no sections for
# (reload, kill -9, journal replay, several workers); the bundled
# Test::Nginx runner (t/lib/Test/Nginx) uses the same process layer.
#
#   use FindBin;
#   use lib "$FindBin::Bin/lib";
#   use Test::More;
#   use PostFlow::Harness qw(sign);
#
#   my $ngx = PostFlow::Harness->new;            # cleans the servroot
#   $ngx->start($ngx->conf(workers => 2, http => $http, server => $srv))
#       or BAIL_OUT($ngx->error);
#   my $res = $ngx->http_request(GET => '/t');   # {status, headers, body}
#   $ngx->reload or fail($ngx->error);
#   $ngx->kill9_all;  $ngx->restart;
#   $ngx->valgrind_ok;                           # stops nginx, checks logs
#   done_testing;
#
# Environment: TEST_NGINX_BINARY, TEST_NGINX_LOAD_MODULES,
# TEST_NGINX_SERVROOT, TEST_NGINX_SERVER_PORT / TEST_NGINX_PORT,
# TEST_NGINX_USE_VALGRIND, TEST_NGINX_VALGRIND_SUPPRESS (see t/README.md).

use strict;
use warnings;

use Carp qw(croak);
use Digest::SHA qw(hmac_sha256_hex);
use Exporter qw(import);
use File::Basename qw(basename);
use File::Path qw(make_path remove_tree);
use File::Spec;
use HTTP::Tiny;
use IO::Socket::INET;
use POSIX qw(WNOHANG);
use Test::More ();
use Time::HiRes qw(sleep time);

our @EXPORT_OK = qw(
    sign nginx_binary load_module_lines server_port default_servroot
    valgrind_enabled valgrind_errors wait_until free_port
);

# Bounds for every wait, in seconds; valgrind multiplies them.
use constant {
    START_TIMEOUT  => 10,
    STOP_TIMEOUT   => 5,
    RELOAD_TIMEOUT => 10,
    HTTP_TIMEOUT   => 10,
    VALGRIND_SLOWDOWN => 3,
};

# pid => 1 for every nginx we started and have not reaped yet, so that an
# interrupted test does not leave nginx behind.
my %Running;


# --- environment -----------------------------------------------------------

sub nginx_binary {
    return $ENV{TEST_NGINX_BINARY} || 'nginx';
}


sub load_module_lines {
    my @so = grep { length } split /\s+/, ($ENV{TEST_NGINX_LOAD_MODULES} // '');
    return map { "load_module $_;" } @so;
}


sub server_port {
    return $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
}


sub default_servroot {
    return File::Spec->rel2abs($ENV{TEST_NGINX_SERVROOT} || 't/servroot');
}


sub valgrind_enabled {
    return $ENV{TEST_NGINX_USE_VALGRIND} ? 1 : 0;
}


sub slowdown {
    return valgrind_enabled() ? VALGRIND_SLOWDOWN : 1;
}


# --- Frame.io signatures ---------------------------------------------------

# The X-Frameio-Signature value for a body sent at a timestamp; $body must
# be the exact bytes on the wire.
sub sign {
    my ($secret, $timestamp, $body) = @_;
    return 'v0=' . hmac_sha256_hex("v0:$timestamp:$body", $secret);
}


# --- waiting and processes -------------------------------------------------

# Polls $cond until it returns true or $timeout seconds have passed;
# returns the condition's value, or undef at the deadline.
sub wait_until {
    my ($timeout, $cond) = @_;
    my $deadline = time + $timeout;
    my $step = 0.002;

    for (;;) {
        my $v = $cond->();
        return $v if $v;
        return undef if time >= $deadline;
        sleep $step;
        $step = 0.05 if ($step *= 2) > 0.05;
    }
}


# Forks and execs @$argv in its own process group (so that master and
# workers can be killed together), stdout/stderr sent to files.
sub spawn {
    my ($argv, $stdout, $stderr) = @_;

    my $pid = fork // croak "fork: $!";
    if ($pid == 0) {
        setpgrp(0, 0);
        open STDIN, '<', '/dev/null';
        open STDOUT, '>>', $stdout or POSIX::_exit(126);
        open STDERR, '>>', $stderr or POSIX::_exit(126);
        exec { $argv->[0] } @$argv or POSIX::_exit(127);
    }
    $Running{$pid} = 1;
    return $pid;
}


# Non-blocking reap: the exit status if $pid is gone (-1 if it was reaped
# elsewhere), undef otherwise.
sub reaped {
    my ($pid) = @_;
    my $r = waitpid $pid, WNOHANG;
    return undef if $r == 0;
    delete $Running{$pid};
    return $r == $pid ? $? : -1;
}


# Stops a child nginx: SIGQUIT (graceful), then SIGTERM, then SIGKILL to its
# whole process group, each with a bounded wait.  Returns the signal that
# finally worked and the exit status.
sub stop_process {
    my ($pid, $timeout) = @_;
    my $status;
    return ('QUIT', -1) unless $Running{$pid};

    for my $sig (qw(QUIT TERM KILL)) {
        kill $sig, ($sig eq 'KILL' ? -$pid : $pid);
        my $gone = wait_until($timeout, sub {
            $status = reaped($pid);
            return defined $status;
        });
        return ($sig, $status) if $gone;
    }
    croak "nginx $pid survived SIGKILL";
}


# Pids of the live (non-zombie) children of $ppid, from /proc.
sub child_pids {
    my ($ppid) = @_;
    my @pids;

    opendir my $dh, '/proc' or croak "/proc: $!";
    for my $pid (grep { /^\d+$/ } readdir $dh) {
        open my $fh, '<', "/proc/$pid/stat" or next;
        my $stat = <$fh> // next;
        # "pid (comm) state ppid ...": comm may contain spaces
        my ($state, $parent) = $stat =~ /\) (\S) (\d+)/ or next;
        push @pids, $pid if $parent == $ppid && $state ne 'Z';
    }
    return sort { $a <=> $b } @pids;
}


sub kill_all_children {
    for my $pid (keys %Running) {
        kill 'KILL', -$pid;
        waitpid $pid, 0;
        delete $Running{$pid};
    }
}


# nginx still running when the test ends is stopped as stop() would.
END {
    local $?;
    stop_process($_, STOP_TIMEOUT) for keys %Running;
}


# An interrupted test (Ctrl-C, prove's timeout) still reaps its nginx.
for my $sig (qw(INT TERM)) {
    next if defined $SIG{$sig} && $SIG{$sig} ne 'DEFAULT';
    $SIG{$sig} = sub {
        kill_all_children();
        $SIG{$sig} = 'DEFAULT';
        kill $sig, $$;
    };
}


# --- valgrind --------------------------------------------------------------

sub valgrind_command {
    my ($logfile) = @_;
    my @supp = grep { length } split /\s+/,
        ($ENV{TEST_NGINX_VALGRIND_SUPPRESS} // '');
    push @supp, 'valgrind.suppress'
        if -f 'valgrind.suppress' && !grep { $_ eq 'valgrind.suppress' } @supp;

    return ('valgrind', '--tool=memcheck', '--leak-check=full',
            '--show-leak-kinds=definite', '--errors-for-leak-kinds=definite',
            '--num-callers=50', '--gen-suppressions=all',
            "--log-file=$logfile",
            map { '--suppressions=' . File::Spec->rel2abs($_) } @supp);
}


# Reads a valgrind log (every process of one nginx run writes to it) and
# returns one line per process that reported errors or definite leaks.
sub valgrind_errors {
    my ($logfile) = @_;
    open my $fh, '<', $logfile or return ("cannot read $logfile: $!");

    my @bad;
    while (my $line = <$fh>) {
        if ($line =~ /^==(\d+)== ERROR SUMMARY: (\d+) errors/ && $2 > 0) {
            push @bad, "process $1: $2 errors (see $logfile)";
        }
    }
    return @bad;
}


# A port on 127.0.0.1 nobody listens on now, below the ephemeral range,
# other than those given.
sub free_port {
    my %not = map { $_ => 1 } @_;

    for (1 .. 100) {
        my $port = 10000 + int rand 22768;
        next if $not{$port};
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                      LocalPort => $port, Listen => 1,
                                      ReuseAddr => 1) or next;
        close $s;
        return $port;
    }
    croak "no free port";
}


# --- an nginx instance -----------------------------------------------------

# new(servroot => DIR, port => N, master => BOOL, workers => N,
#     valgrind => BOOL, tag => NAME, keep => BOOL)
# Cleans the servroot (as Test::Nginx does) unless keep is set.
sub new {
    my ($class, %opt) = @_;

    my $self = bless {
        servroot => File::Spec->rel2abs($opt{servroot} // default_servroot()),
        port     => $opt{port} // server_port(),
        valgrind => $opt{valgrind} // valgrind_enabled(),
        tag      => $opt{tag} // basename($0),
        runs     => 0,
        stopped_by => 'QUIT',
        pid      => undef,
        conf     => undef,
        vg_logs  => [],
        error    => '',
    }, $class;

    $self->clean_servroot unless $opt{keep};
    make_path(map { "$self->{servroot}/$_" } qw(conf logs html));
    give_to_workers("$self->{servroot}/logs");
    return $self;
}


# As a studio runs nginx: a suite run as root runs the workers as nobody
# (TEST_NGINX_WORKER_USER names another "user [group]"), and logs/, where
# the tests keep their journals, is theirs to write in.
sub worker_user {
    return undef if $> != 0;
    return $ENV{TEST_NGINX_WORKER_USER} || 'nobody nogroup';
}


sub give_to_workers {
    my (@paths) = @_;
    my $user = worker_user() or return;
    my ($name, $group) = split ' ', $user;
    my $uid = getpwnam($name);
    my $gid = getgrnam($group // $name) // (getpwnam($name))[3];
    croak "no user \"$name\" to run the workers as" unless defined $uid;
    chown $uid, $gid, @paths;
}


sub servroot   { $_[0]{servroot} }
sub port       { $_[0]{port} }
sub pid        { $_[0]{pid} }
sub error      { $_[0]{error} }
sub valgrind   { $_[0]{valgrind} }
sub stopped_by { $_[0]{stopped_by} }
sub error_log_path { "$_[0]{servroot}/logs/error.log" }


# Removes what a previous run left (conf, logs, html, *_temp, *_cache) and
# refuses to go on if anything else is there: a misdirected
# TEST_NGINX_SERVROOT must not cost anybody their files.  Files a test needs
# to keep across restarts belong under logs/, state/ (a journal the workers
# own) or a *_cache directory.
sub clean_servroot {
    my ($self) = @_;
    my $root = $self->{servroot};
    return unless -d $root;

    remove_tree(map { "$root/$_" } qw(conf logs html state));
    remove_tree(glob("$root/*_temp"), glob("$root/*_cache"));
    rmdir $root or croak "cannot remove $root (not empty?): $!";
}


# A complete configuration in Test::Nginx's layout: daemon off, the default
# server on the port with server_name localhost, logs and temp paths in the
# servroot, TEST_NGINX_LOAD_MODULES loaded.
#   conf(master => 1, workers => 1, log_level => 'debug', main => TEXT,
#        http => TEXT, server => TEXT, worker_connections => 64)
sub conf {
    my ($self, %o) = @_;
    my $root = $self->{servroot};
    my $master = ($o{master} // 1) ? 'on' : 'off';
    my $workers = $o{workers} // 1;
    my $level = $o{log_level} // 'debug';
    my $wc = $o{worker_connections} // 64;
    my $user = $> != 0 ? ''
             : "user " . ($o{user} // worker_user()) . ";";
    my $modules = join "\n", load_module_lines();

    return <<"_EOC_";
daemon off;
master_process $master;
worker_processes $workers;
error_log $root/logs/error.log $level;
pid $root/logs/nginx.pid;
$user
$modules

@{[ $o{main} // '' ]}

events {
    accept_mutex off;
    worker_connections $wc;
}

http {
    access_log $root/logs/access.log;
    @{[ temp_paths($root, $o{http} // '') ]}
    default_type text/plain;

@{[ $o{http} // '' ]}

    server {
        listen $self->{port};
        server_name localhost;

@{[ $o{server} // '' ]}
    }
}
_EOC_
}


# *_temp_path directives inside the servroot (Debian's defaults live in
# /var/lib/nginx), except those the http configuration sets itself.
sub temp_paths {
    my ($root, $http) = @_;
    my @dirs = qw(client_body proxy fastcgi scgi uwsgi);
    return join ' ', map { "${_}_temp_path $root/${_}_temp;" }
                     grep { $http !~ /\b${_}_temp_path\b/ } @dirs;
}


# The directive's value in the main context of a configuration text,
# relative paths resolved against the servroot.
sub main_directive {
    my ($self, $conf, $name) = @_;
    my ($value) = $conf =~ /^\s*\Q$name\E\s+([^;\s]+)[^;]*;/m or return undef;
    return File::Spec->rel2abs($value, $self->{servroot});
}


sub nginx_command {
    my ($self, $conf_file, @extra) = @_;
    my @cmd = (nginx_binary(), '-p', "$self->{servroot}/", '-c', $conf_file,
               '-e', $self->error_log_path, @extra);
    return @cmd unless $self->{valgrind};

    (my $tag = $self->{tag}) =~ s/[^-\w.]/_/g;
    my $dir = "$self->{servroot}_valgrind";
    my $log = sprintf '%s/%s-%d.log', $dir, $tag, ++$self->{runs};
    make_path($dir);
    unlink $log;
    push @{$self->{vg_logs}}, $log;
    return (valgrind_command($log), @cmd);
}


sub write_conf {
    my ($self, $file, $text) = @_;
    open my $fh, '>', $file or croak "$file: $!";
    print $fh $text;
    close $fh or croak "$file: $!";
}


# Starts nginx with a full configuration text (default: the last one) and
# waits until it has written its pid file, i.e. its listening sockets are
# open.  Returns 1; or 0 with error() set and, if nginx exited,
# exit_status() set.  The configuration must set `pid` and `daemon off`.
sub start {
    my ($self, $conf) = @_;
    croak "nginx is already running" if $self->{pid};
    $self->{conf} = $conf if defined $conf;
    croak "no configuration given" unless defined $self->{conf};

    my $pidfile = $self->main_directive($self->{conf}, 'pid')
        // croak "the configuration must set pid";
    my $conf_file = "$self->{servroot}/conf/nginx.conf";
    $self->write_conf($conf_file, $self->{conf});
    unlink $pidfile;

    my $logs = "$self->{servroot}/logs";
    my $pid = spawn([$self->nginx_command($conf_file)],
                    '/dev/null', "$logs/stderr.log");
    $self->{exit_status} = undef;

    my $state = wait_until(START_TIMEOUT * slowdown(), sub {
        my $status = reaped($pid);
        if (defined $status) {
            $self->{exit_status} = $status;
            return 'exited';
        }
        return pidfile_has($pidfile, $pid) ? 'ready' : undef;
    });

    if (($state // '') eq 'ready') {
        $self->{pid} = $pid;
        return 1;
    }

    if (!defined $state) {
        stop_process($pid, STOP_TIMEOUT);
        $self->{error} = "nginx did not start within "
                         . START_TIMEOUT * slowdown() . " s";
    } elsif ($self->{exit_status} == 0) {
        $self->{error} = 'nginx exited with status 0 (does the '
                         . 'configuration set daemon off?)';
    } else {
        $self->{error} = sprintf 'nginx exited with status %d',
                                 $self->{exit_status} >> 8;
    }
    $self->{error} .= "\n" . $self->log_tail;
    return 0;
}


sub exit_status { $_[0]{exit_status} }


sub pidfile_has {
    my ($file, $pid) = @_;
    open my $fh, '<', $file or return 0;
    my $content = <$fh> // '';
    return $content =~ /^\Q$pid\E\n/;
}


# The last non-debug lines of error.log and of nginx's stderr, for failure
# messages.
sub log_tail {
    my ($self, $n) = @_;
    $n //= 20;
    my $out = '';
    for my $file ($self->error_log_path, "$self->{servroot}/logs/stderr.log") {
        open my $fh, '<', $file or next;
        my @lines = grep { !/ \[debug\] / } <$fh>;
        next unless @lines;
        splice @lines, 0, -$n if @lines > $n;
        $out .= "--- $file\n" . join '', @lines;
    }
    return $out;
}


# Stops nginx gracefully (SIGQUIT, then SIGTERM, then SIGKILL, each
# bounded).  Returns true when SIGQUIT was enough; stopped_by() tells which
# signal it took.
sub stop {
    my ($self) = @_;
    my $pid = delete $self->{pid} or return 1;
    ($self->{stopped_by}) = stop_process($pid, STOP_TIMEOUT * slowdown());
    return $self->{stopped_by} eq 'QUIT';
}


# SIGKILL to the master and every worker at once (a crash: no exit
# handlers, no journal flush), then reap the master.
sub kill9_all {
    my ($self) = @_;
    my $pid = delete $self->{pid} or croak "nginx is not running";
    kill 'KILL', -$pid;
    waitpid $pid, 0;
    delete $Running{$pid};
}


# Stops nginx (if running) and starts it again with the same
# configuration and servroot.
sub restart {
    my ($self) = @_;
    $self->stop if $self->{pid};
    return $self->start;
}


# The live worker (and cache manager) processes of the master.
sub worker_pids {
    my ($self) = @_;
    croak "nginx is not running" unless $self->{pid};
    return child_pids($self->{pid});
}


# Sends SIGHUP to the master (after writing $conf, if given) and waits
# until every old worker is gone and new ones run.  Returns 1; or 0 with
# error() set when nginx rejected the configuration (the previous one is
# then written back: it is the one still running) or the wait timed out.
sub reload {
    my ($self, $conf) = @_;
    croak "nginx is not running" unless $self->{pid};
    croak "reload needs master_process on"
        if $self->{conf} =~ /^\s*master_process\s+off/m;

    my $file = "$self->{servroot}/conf/nginx.conf";
    my $previous = $self->{conf};
    if (defined $conf) {
        $self->{conf} = $conf;
        $self->write_conf($file, $conf);
    }

    my %old = map { $_ => 1 } $self->worker_pids;
    my $log = $self->main_directive($self->{conf}, 'error_log')
              // $self->error_log_path;
    my $offset = -s $log // 0;
    kill 'HUP', $self->{pid};

    my $state = wait_until(RELOAD_TIMEOUT * slowdown(), sub {
        return 'rejected' if log_since($log, $offset) =~ /\[emerg\]/;
        my @now = $self->worker_pids;
        return (@now && !grep { $old{$_} } @now) ? 'done' : undef;
    });

    return 1 if ($state // '') eq 'done';

    if ($state) {
        $self->{conf} = $previous;
        $self->write_conf($file, $previous);
        $self->{error} = "nginx rejected the new configuration:\n"
                         . log_since($log, $offset);
    } else {
        $self->{error} = "reload did not finish within "
                         . RELOAD_TIMEOUT * slowdown() . " s";
    }
    return 0;
}


sub log_since {
    my ($file, $offset) = @_;
    open my $fh, '<', $file or return '';
    seek $fh, $offset, 0;
    local $/;
    return <$fh> // '';
}


# Runs `nginx -t` on a configuration text; returns (exit code, combined
# stdout and stderr).  A signal death is reported as 128 + signal.
sub nginx_t {
    my ($self, $conf) = @_;
    return $self->nginx_once($conf, '-t');
}


# nginx run to its end with this configuration (one that exits early:
# -t, or a second instance that must refuse to start); (exit code, output)
sub nginx_once {
    my ($self, $conf, @args) = @_;
    my $file = "$self->{servroot}/conf/nginx_t.conf";
    my $out = "$self->{servroot}/logs/nginx_t.out";
    $self->write_conf($file, $conf);
    unlink $out;

    my $pid = spawn([$self->nginx_command($file, @args)], $out, $out);
    my $status = wait_until(START_TIMEOUT * slowdown(), sub {
        my $s = reaped($pid);
        return defined $s ? [$s] : undef;
    });
    if (!$status) {
        stop_process($pid, STOP_TIMEOUT);
        croak "nginx @args did not finish";
    }

    my $s = $status->[0];
    my $code = ($s & 127) ? 128 + ($s & 127) : $s >> 8;
    open my $fh, '<', $out or croak "$out: $!";
    local $/;
    return ($code, <$fh> // '');
}


# One HTTP/1.1 request on a fresh connection (Connection: close).
# $headers is a hash or array ref; returns {status, reason, headers, body}
# with lower-case header names (HTTP::Tiny's form: a repeated header is an
# array ref).  status 599 means no response; body then says why.
sub http_request {
    my ($self, $method, $path, $headers, $body) = @_;
    my $http = HTTP::Tiny->new(keep_alive => 0, agent => 'postflow-harness',
                               timeout => HTTP_TIMEOUT * slowdown());
    my %args = (headers => $headers || {});
    $args{content} = $body if defined $body;

    my $res = $http->request($method, "http://127.0.0.1:$self->{port}$path",
                             \%args);
    return { status  => $res->{status},  reason => $res->{reason},
             headers => $res->{headers}, body   => $res->{content} };
}


# One test: every process of every nginx run of this instance exited
# without valgrind errors or definite leaks.  Stops nginx first (leaks are
# only known at exit).  A skipped test when valgrind is not enabled.
sub valgrind_ok {
    my ($self, $name) = @_;
    $name //= "$self->{tag}: valgrind reports no errors";

    $self->stop;
    SKIP: {
        Test::More::skip('TEST_NGINX_USE_VALGRIND is not set', 1)
            unless $self->{valgrind};

        my @bad = map { valgrind_errors($_) } @{$self->{vg_logs}};
        $self->{vg_logs} = [];
        local $Test::Builder::Level = $Test::Builder::Level + 1;
        Test::More::ok(!@bad, $name);
        Test::More::diag(join "\n", @bad) if @bad;
        return !@bad;
    }
    return 1;
}


sub DESTROY {
    my ($self) = @_;
    local ($?, $@);
    $self->stop if $self->{pid};
}


1;
