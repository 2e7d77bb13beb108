package Test::Nginx::Util;

# Settings, nginx.conf generation and the servroot of the bundled
# Test::Nginx runner (Socket.pm runs the blocks).  Used only where the real
# Test::Nginx (openresty/test-nginx) is not installed; the knobs, defaults
# and the generated configuration follow the real one's, so that a .t file
# behaves the same under both.

use strict;
use warnings;

use Carp qw(croak);
use Exporter qw(import);
use File::Path qw(make_path);
use IO::Socket::INET;
use PostFlow::Harness qw(load_module_lines server_port default_servroot);
use Test::More ();

our @EXPORT = qw(
    repeat_each workers worker_connections master_on master_off
    master_process_enabled log_level no_shuffle no_root_location
    no_long_string env_to_nginx config_preamble add_block_preprocessor
    timeout server_port server_root html_dir bail_out
);

# For Socket.pm only: the settings and the helpers it builds blocks with.
our @EXPORT_OK = qw(
    $RepeatEach $Timeout $NoShuffle $NoLongString @BlockPreprocessors
    $ServerPort $ServerName $ServRoot $ErrLogFile $Current
    parse_time expand_env build_conf write_index_html write_user_files
    nginx_version
);
our %EXPORT_TAGS = (runner => \@EXPORT_OK);

# Knobs, with the real Test::Nginx's environment variables and defaults.
our $RepeatEach        = 1;
our $Workers           = 1;
our $WorkerConnections = 64;
our $LogLevel          = $ENV{TEST_NGINX_LOG_LEVEL} || 'debug';
our $MasterProcess     = $ENV{TEST_NGINX_MASTER_PROCESS} || 'off';
our $NoShuffle         = $ENV{TEST_NGINX_NO_SHUFFLE} || 0;
our $Timeout           = $ENV{TEST_NGINX_TIMEOUT} || 3;
our $NoRootLocation    = 0;
our $NoLongString      = 0;
our $ConfigPreamble    = '';
our @EnvToNginx;
our @BlockPreprocessors;

our $ServerPort = server_port();
our $ServerName = 'localhost';
our $ServRoot   = default_servroot();
our $HtmlDir    = "$ServRoot/html";
our $ErrLogFile = "$ServRoot/logs/error.log";

# The nginx of the block being run, stopped by bail_out.
our $Current;

$ENV{TEST_NGINX_SERVER_ROOT} = $ServRoot;


sub repeat_each        { $RepeatEach = shift if @_; $RepeatEach }
sub workers            { $Workers = shift if @_; $Workers }
sub worker_connections { $WorkerConnections = shift if @_; $WorkerConnections }
sub log_level          { $LogLevel = shift if @_; $LogLevel }
sub timeout            { $Timeout = shift if @_; $Timeout }
sub master_on          { $MasterProcess = 'on' }
sub master_off         { $MasterProcess = 'off' }
sub no_shuffle         { $NoShuffle = 1 }
sub no_root_location   { $NoRootLocation = 1 }
sub no_long_string     { $NoLongString = 1 }
sub config_preamble    { $ConfigPreamble = shift }
sub server_root        { $ServRoot }
sub html_dir           { $HtmlDir }


sub master_process_enabled {
    $MasterProcess = $_[0] ? 'on' : 'off' if @_;
    return $MasterProcess;
}


sub env_to_nginx {
    croak "env_to_nginx: no arguments specified" unless @_;
    for my $v (@_) {
        croak "env_to_nginx: bad argument value: $v"
            if $v !~ /^[A-Za-z_]/ || $v =~ /\n/;
        push @EnvToNginx, $v;
    }
}


# Preprocessors run on every block, most recently added first.
sub add_block_preprocessor (&) {
    unshift @BlockPreprocessors, shift;
}


sub bail_out {
    $Current->stop if $Current;
    Test::More::BAIL_OUT(join '', @_);
}


# "1.5", "1.5s" or "500ms" in seconds.
sub parse_time {
    my ($t) = @_;
    return undef unless defined $t;
    return $1 / 1000 if $t =~ /^\s*([\d.]+)\s*ms\s*$/;
    return $1 if $t =~ /^\s*([\d.]+)\s*s?\s*$/;
    return $t;
}


# Replaces every $TEST_NGINX_XXX by its environment variable, and
# $TEST_NGINX_RAND_PORT_N by a free port chosen once per block; an unset
# variable aborts the run, as in the real Test::Nginx.
sub expand_env {
    my ($text, $name, $rand_ports) = @_;
    return $text unless defined $text;

    $text =~ s{\$(TEST_NGINX_[_A-Z0-9]+)}{
        my $var = $1;
        $var =~ /^TEST_NGINX_RAND_PORT_\d+$/
            ? rand_port($var, $name, $rand_ports)
            : $ENV{$var} // bail_out("$name - No environment $var defined.\n");
    }ge;
    return $text;
}


# The port of $TEST_NGINX_RAND_PORT_N: a random unprivileged port, free
# now and not used by this block, chosen on first use.  It is taken below
# Linux's ephemeral range (32768-60999), where an outgoing connection of
# the test itself could take it before nginx binds it.
sub rand_port {
    my ($var, $name, $rand_ports) = @_;
    return $rand_ports->{$var} if defined $rand_ports->{$var};
    my %used = map { $_ => 1 } $ServerPort, values %$rand_ports;

    for (1 .. 1000) {
        my $port = 1988 + int rand(32768 - 1988);
        next if $used{$port};
        my $sock = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                         LocalPort => $port, Listen => 1,
                                         ReuseAddr => 1, Proto => 'tcp');
        next unless $sock;
        close $sock;
        return $rand_ports->{$var} = $port;
    }
    bail_out("$name - Cannot find an available listening port number.\n");
}


# nginx.conf for a block, laid out as the real Test::Nginx writes it
# except for `daemon off` (our nginx is a foreground child).
sub build_conf {
    my ($block, $config, $rand_ports) = @_;
    my $name = $block->name;
    my $level = $block->log_level || $LogLevel;
    my $http = expand_env($block->http_config // '', $name, $rand_ports);
    my $post_main = expand_env($block->post_main_config // '', $name,
                               $rand_ports);
    my $main = expand_env(join(' ', load_module_lines(),
                               $block->main_config // ''),
                          $name, $rand_ports);
    my $env = join '', map { /\s/ ? "env '$_';\n" : "env $_;\n" } @EnvToNginx;
    my $temp = PostFlow::Harness::temp_paths($ServRoot, $http);
    my $server_name = $block->server_name // $ServerName;
    $server_name =~ s/([\\'])/\\$1/g;
    my $root = $NoRootLocation ? '' : <<"_EOC_";
        location / {
            root $HtmlDir;
            index index.html index.htm;
        }
_EOC_
    my $user = PostFlow::Harness::worker_user();
    $user = $user ? "user $user;\n" : '';

    return <<"_EOC_";
worker_processes  $Workers;
daemon off;
master_process $MasterProcess;
error_log $ErrLogFile $level;
pid       $ServRoot/logs/nginx.pid;
$env
$main

http {
    access_log $ServRoot/logs/access.log; $temp

    default_type text/plain;
    keepalive_timeout  68000ms;

$http
    server {
        listen          $ServerPort;
        server_name     '$server_name';
        client_max_body_size 30M;

        # Begin preamble config...
$ConfigPreamble
        # End preamble config...

        # Begin test case config...
$config
        # End test case config.

$root    }
}

$post_main

events {
    accept_mutex off;

    worker_connections  $WorkerConnections;
}
$user
_EOC_
}


# The html directory's default page, as the real Test::Nginx writes it.
sub write_index_html {
    open my $fh, '>', "$HtmlDir/index.html" or bail_out("$HtmlDir: $!");
    print $fh '<html><head><title>It works!</title></head>'
              . '<body>It works!</body></html>';
    close $fh;
}


# --- user_files: ">>> name" headed text, or an array of [name, body];
# relative names go to the html directory.
sub write_user_files {
    my ($block, $rand_ports) = @_;
    my $files = $block->user_files or return;
    my $name = $block->name;

    if (!ref $files) {
        my @list;
        for my $line (split /^/m, $files) {
            if ($line =~ /^>>> (\S+)/) {
                push @list, [$1, ''];
            } elsif (@list) {
                $list[-1][1] .= $line;
            }
        }
        $files = \@list;
    }
    bail_out("$name - --- user_files must be text or an array")
        if ref $files ne 'ARRAY';

    for my $file (@$files) {
        my ($fname, $body) = @$file;
        my $path = $fname =~ m{^/} ? $fname : "$HtmlDir/$fname";
        make_path($1) if $path =~ m{(.*)/} && !-d $1;
        open my $fh, '>', $path or bail_out("$name - $path: $!");
        binmode $fh;
        print $fh expand_env($body // '', $name, $rand_ports);
        close $fh;
    }
}


# nginx -V's version as a number comparable to "1.022001", once.
my $NginxVersion;

sub nginx_version {
    return $NginxVersion if defined $NginxVersion;
    my $bin = PostFlow::Harness::nginx_binary();
    my $out = `$bin -V 2>&1`;
    bail_out("Failed to get the version of $bin: $out")
        unless $out =~ m{/(\d+)\.(\d+)\.(\d+)};
    return $NginxVersion = sprintf '%d.%03d%03d', $1, $2, $3;
}


1;
