"""A real nginx with the module, for the whole test run.

nginx is ``$POSTFLOW_NGINX`` (default /usr/sbin/nginx), the module
``$POSTFLOW_MODULE`` (default build/ngx_http_postflow_module.so of this
checkout, which ``make`` builds).  nginx runs in the foreground as this
process's child, on a free port of 127.0.0.1, in a temporary prefix
that holds its configuration, logs and journal; it is stopped at the
end of the run whatever the tests did.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, Tuple

import pytest

HERE = Path(__file__).resolve().parent
CLIENT_DIR = HERE.parent
REPO = CLIENT_DIR.parent.parent

sys.path.insert(0, str(CLIENT_DIR))

NGINX = os.environ.get("POSTFLOW_NGINX", "/usr/sbin/nginx")
MODULE = os.environ.get("POSTFLOW_MODULE",
                        str(REPO / "build" / "ngx_http_postflow_module.so"))
SECRET = "test-secret"
ACCOUNT = "6f70f1bd-7f89-4b3c-8d2a-2a9a3d7a1c01"

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
    postflow_zone tracks 4m;
    postflow_state {prefix}/state/postflow.state;
    postflow_webhook_secret {secret};

    access_log off;
    client_body_temp_path {prefix}/client_body_temp;
    proxy_temp_path {prefix}/proxy_temp;
    fastcgi_temp_path {prefix}/fastcgi_temp;
    uwsgi_temp_path {prefix}/uwsgi_temp;
    scgi_temp_path {prefix}/scgi_temp;

    server {{
        listen 127.0.0.1:{port};

        location = /frameio/webhook {{
            postflow_webhook tracks;
        }}

        location /api/ {{
            postflow_api tracks;
        }}

        location = /stats {{
            postflow_stats tracks;
        }}
    }}
}}
"""


class Server:
    """The running nginx: its base URL and how to send it webhooks."""

    def __init__(self, port: int, prefix: Path) -> None:
        self.port = port
        self.prefix = prefix
        self.url = "http://127.0.0.1:%d" % port
        self.webhook_url = self.url + "/frameio/webhook"

    def webhook(self, event: str, resource_id: str,
                secret: str = SECRET) -> Dict[str, Any]:
        """Post a Frame.io V4 event signed as Frame.io signs it
        (tools/frameio-send); the receiver's JSON answer."""
        rtype = "comment" if event.startswith("comment.") else "file"
        body = json.dumps({
            "type": event,
            "resource": {"type": rtype, "id": resource_id},
            "account": {"id": ACCOUNT},
            "workspace": {"id": "3b8f8a4e-1f0c-4d6e-8d2b-9a7c6e5f4d13"},
            "project": {"id": "0d3f3e52-4c2a-4c1e-9a51-5e1a0b8c2d11"},
            "user": {"id": "56b2bd33-ba0c-4a4f-8c1b-7c5f1c0e9a12"},
        }, separators=(",", ":")).encode()
        ts = str(int(time.time()))
        sig = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body,
                       hashlib.sha256).hexdigest()
        req = urllib.request.Request(self.webhook_url, data=body, headers={
            "Content-Type": "application/json",
            "User-Agent": "Frame.io V4 API",
            "X-Frameio-Request-Timestamp": ts,
            "X-Frameio-Signature": "v0=" + sig,
        })
        with urllib.request.urlopen(req, timeout=5) as resp:
            return json.loads(resp.read())

    def error_log(self) -> str:
        try:
            return (self.prefix / "error.log").read_text(errors="replace")
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _start(prefix: Path) -> Tuple[subprocess.Popen, Server]:
    """nginx on a free port; a port taken meanwhile is tried again."""
    as_root = os.geteuid() == 0
    last = ""

    for _ in range(3):
        server = Server(_free_port(), prefix)
        conf = prefix / "nginx.conf"
        conf.write_text(CONF.format(
            module=MODULE, prefix=prefix, port=server.port, secret=SECRET,
            user="user nobody nogroup;" if as_root else ""))

        with open(prefix / "stderr.log", "w") as err:
            proc = subprocess.Popen(
                [NGINX, "-p", str(prefix) + "/", "-c", str(conf)],
                stdin=subprocess.DEVNULL, stdout=err, stderr=err)

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if _listening(server.port):
                return proc, server
            time.sleep(0.05)

        _stop(proc)
        last = (prefix / "stderr.log").read_text(errors="replace") \
            + server.error_log()
        if "Address already in use" not in last:
            break

    raise RuntimeError("nginx did not start:\n" + last[-3000:])


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The nginx of the run."""
    for path, what in ((NGINX, "POSTFLOW_NGINX"), (MODULE, "POSTFLOW_MODULE")):
        if not os.path.exists(path):
            pytest.fail("%s: %s does not exist (make builds the module)"
                        % (what, path), pytrace=False)

    # the tests talk to 127.0.0.1 directly, whatever proxy is configured
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"

    prefix = Path(tempfile.mkdtemp(prefix="postflow-pytest-"))
    os.chmod(prefix, 0o755)  # the workers (nobody as root) read below it
    (prefix / "state").mkdir()
    if os.geteuid() == 0:
        shutil.chown(prefix / "state", "nobody", "nogroup")

    try:
        proc, srv = _start(prefix)
        try:
            yield srv
        finally:
            _stop(proc)
        # a worker that crashed fails the run, even if no test saw it
        log = srv.error_log()
        assert "exited on signal" not in log, log[-3000:]
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture
def uid() -> Callable[..., str]:
    """Makes upload ids no other test uses."""
    def make(tag: str = "up") -> str:
        return "%s-%s" % (tag, uuid.uuid4().hex[:12])
    return make


@pytest.fixture
def client(server: Server):
    """A PostFlowIntegration of the run's nginx."""
    from postflow import PostFlowIntegration
    return PostFlowIntegration(server.url)
