"""nginx with the module, run as this process's child.

The Python client's tests (clients/python/tests), the browser tests
(t/dashboard) and the demo (demo/play.py) each run one this way: in the
foreground (daemon off), so that it is theirs to wait for and stop, on
a free port of 127.0.0.1, in a temporary prefix that holds its
configuration, logs and journal, its workers as nobody when run as
root.  Each gives its own configuration and does its own requests.

    $POSTFLOW_NGINX   the nginx binary (default /usr/sbin/nginx)
    $POSTFLOW_MODULE  the module (default build/ngx_http_postflow_module.so)

Python 3.9 or later, standard library only.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import hashlib
import hmac
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, Iterator, Optional, TypeVar

REPO = Path(__file__).resolve().parents[2]
NGINX = os.environ.get("POSTFLOW_NGINX") or "/usr/sbin/nginx"
MODULE = os.environ.get("POSTFLOW_MODULE") \
    or str(REPO / "build" / "ngx_http_postflow_module.so")

# the Test::Nginx suite's ports, which a run beside this one may hold
TEST_NGINX_PORTS = range(1984, 1991)


def missing(nginx: str = NGINX, module: str = MODULE,
            nginx_var: str = "POSTFLOW_NGINX") -> str:
    """Why nginx cannot be started, said before trying; "" if it can."""
    for path, what in ((nginx, nginx_var), (module, "POSTFLOW_MODULE")):
        if not os.path.exists(path):
            return "%s: %s does not exist (make builds the module)" \
                % (what, path)
    return ""


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now (it may be taken
    before nginx binds it: Nginx.start() tries again then)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in TEST_NGINX_PORTS:
            return port
    raise RuntimeError("no free port on 127.0.0.1")


def listening(port: int) -> bool:
    """Whether nginx accepts connections yet: it has read its
    configuration, loaded the module and opened its journal."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def worker_group() -> str:
    """nobody's group: nogroup on Debian, nobody elsewhere."""
    for g in ("nogroup", "nobody"):
        try:
            grp.getgrnam(g)
            return g
        except KeyError:
            continue
    return ""


def user_directive() -> str:
    """nginx's user directive.  As root, the workers are nobody and its
    group named, since nginx's default group, nobody, is not Debian's;
    otherwise they are this user and the directive would be a warning."""
    if os.geteuid() != 0:
        return ""
    return "user nobody %s;" % worker_group()


def make_prefix(name: str, parent: Optional[Path] = None,
                dirs: tuple = ()) -> Path:
    """A new temporary prefix: state/ for the journal, and dirs."""
    prefix = Path(tempfile.mkdtemp(prefix=name, dir=parent))
    os.chmod(prefix, 0o755)  # the workers (nobody, as root) read below it
    for d in ("state",) + tuple(dirs):
        (prefix / d).mkdir()
    if os.geteuid() == 0:
        # the workers write the journal
        shutil.chown(prefix / "state", "nobody", worker_group() or None)
    return prefix


# what each caller's http {} holds besides its own: nginx's temporary
# files in the prefix, not in a system directory a test may not write
CONF = """
load_module {module};
{user}
daemon off;
master_process on;
worker_processes 2;
error_log {prefix}/error.log info;
pid {prefix}/nginx.pid;

events {{
    worker_connections 256;
}}

http {{
    client_body_temp_path {prefix}/client_body_temp;
    proxy_temp_path {prefix}/proxy_temp;
    fastcgi_temp_path {prefix}/fastcgi_temp;
    uwsgi_temp_path {prefix}/uwsgi_temp;
    scgi_temp_path {prefix}/scgi_temp;
{http}
}}
"""


def config(http: str, prefix: Path, port: int, module: str = MODULE,
           **values: str) -> str:
    """A whole nginx.conf for a prefix: http is what goes in http {}, a
    format string of {prefix}, {port} and the values."""
    return CONF.format(module=module, user=user_directive(), prefix=prefix,
                       http=http.format(prefix=prefix, port=port, **values))


def signed(secret: str, body: bytes) -> Dict[str, str]:
    """The headers of a webhook signed as Frame.io V4 signs it, now:
    v0=HMAC-SHA256(secret, "v0:" timestamp ":" body)."""
    ts = str(int(time.time()))
    sig = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body,
                   hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json",
            "User-Agent": "Frame.io V4 API",
            "X-Frameio-Request-Timestamp": ts,
            "X-Frameio-Signature": "v0=" + sig}


def _die_with_parent() -> None:
    """In the child before exec: nginx gets SIGTERM if its parent dies
    without stopping it (Linux; elsewhere nothing)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PDEATHSIG
    except (OSError, AttributeError):
        pass


class Nginx:
    """One nginx in a prefix, started on a free port by start() and
    stopped by stop(), or as a context manager around its use.

    render(port) is the configuration, written to conf (relative to the
    prefix); logs is where the configuration puts error.log, and where
    nginx's own stderr goes.  graceful: stop with SIGQUIT first, letting
    the workers finish their requests.  detach: nginx in a session of
    its own, away from the terminal's Ctrl-C, which the caller handles,
    and killed if the caller dies first.
    """

    def __init__(self, prefix: Path, render: Callable[[int], str], *,
                 nginx: str = NGINX, conf: str = "nginx.conf",
                 logs: str = ".", graceful: bool = False,
                 detach: bool = False) -> None:
        self.prefix = prefix
        self.render = render
        self.nginx = nginx
        self.conf = prefix / conf
        self.logs = prefix / logs
        self.graceful = graceful
        self.detach = detach
        self.port = 0
        self.proc: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def start(self) -> None:
        """nginx listening on a free port; a port taken meanwhile is
        tried again.  RuntimeError with its logs if it did not start."""
        last = ""
        for _ in range(3):
            self.port = free_port()
            self.conf.write_text(self.render(self.port))
            with open(self.logs / "stderr.log", "w") as err:
                self.proc = subprocess.Popen(
                    [self.nginx, "-p", str(self.prefix) + "/",
                     "-c", str(self.conf)],
                    stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                    start_new_session=self.detach,
                    preexec_fn=_die_with_parent if self.detach else None)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                if listening(self.port):
                    return
                time.sleep(0.05)
            self.stop()
            last = self.log("stderr.log") + self.log("error.log")
            if "Address already in use" not in last:
                break
        raise RuntimeError("nginx did not start:\n" + last[-3000:])

    def stop(self) -> None:
        """nginx and its workers gone, and waited for (no zombie)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        steps = [(signal.SIGTERM, 10.0), (signal.SIGKILL, None)]
        if self.graceful:
            steps = [(signal.SIGQUIT, 5.0), (signal.SIGTERM, 5.0),
                     (signal.SIGKILL, None)]
        for sig, wait in steps:
            try:
                proc.send_signal(sig)
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                proc.wait()
                return

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self, name: str) -> str:
        """A log of the logs directory, "" if there is none yet."""
        try:
            return (self.logs / name).read_text(errors="replace")
        except OSError:
            return ""

    def __enter__(self) -> "Nginx":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


N = TypeVar("N", bound=Nginx)


@contextlib.contextmanager
def serving(make: Callable[[Path], N], name: str) -> Iterator[N]:
    """A test run's nginx, make(prefix) in a new temporary prefix named
    name..., stopped and the prefix removed at the end whatever the
    tests did; then an AssertionError if a worker died of a signal,
    which fails the run even if no request saw it."""
    # the tests talk to 127.0.0.1 directly, whatever proxy is configured
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    prefix = make_prefix(name)
    try:
        with make(prefix) as srv:
            yield srv
        log = srv.log("error.log")
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    assert "exited on signal" not in log, log[-3000:]
