"""The dashboard in a real browser.

A real nginx with the module (``$POSTFLOW_NGINX`` loading
``$POSTFLOW_MODULE``) runs in the foreground as this process's child on
a free port of 127.0.0.1, in a temporary prefix, with a zone, a webhook
receiver (an HMAC secret in a file), the API and the dashboard.
``/usr/bin/chromedriver`` runs on another free port and drives headless
Chromium through the W3C WebDriver protocol, spoken here with urllib.
Everything started here is stopped at the end, whatever the tests did.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
NGINX = os.environ.get("POSTFLOW_NGINX", "/usr/sbin/nginx")
MODULE = os.environ.get("POSTFLOW_MODULE",
                        str(REPO / "build" / "ngx_http_postflow_module.so"))
CHROMEDRIVER = os.environ.get("POSTFLOW_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("POSTFLOW_CHROMIUM", "/usr/bin/chromium")
SECRET = "dashboard-test-secret"

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
    postflow_zone tracks 32m;
    postflow_state {prefix}/state/postflow.state;
    postflow_webhook_secret file={prefix}/webhook.secret;

    access_log off;
    client_body_temp_path {prefix}/client_body_temp;
    proxy_temp_path {prefix}/proxy_temp;
    fastcgi_temp_path {prefix}/fastcgi_temp;
    uwsgi_temp_path {prefix}/uwsgi_temp;
    scgi_temp_path {prefix}/scgi_temp;

    server {{
        listen 127.0.0.1:{port};
        keepalive_requests 100000;

        location = /frameio/webhook {{ postflow_webhook tracks; }}
        location /api/ {{ postflow_api tracks; }}
        location /dashboard/ {{ postflow_dashboard tracks; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check: Callable[[], Any], timeout: float = 5.0,
             every: float = 0.05) -> Any:
    """check()'s first true answer, or a failure after timeout seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = check()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 -- said in the failure
            last = e
        if time.monotonic() > deadline:
            raise AssertionError("%s: not within %.1f s (last: %r)"
                                 % (what, timeout, last))
        time.sleep(every)


def stop(proc: subprocess.Popen, group: bool = False) -> None:
    """TERM, then KILL after 10 s; group: the process group it leads."""
    if proc.poll() is not None and not group:
        return
    kill = (lambda s: os.killpg(proc.pid, s)) if group else proc.send_signal
    try:
        kill(signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        kill(signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass
    if group:
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # what it left behind
        except ProcessLookupError:
            pass


# --- nginx ---------------------------------------------------------------

class Server:
    """The running nginx: the API, signed webhooks, the dashboard's data."""

    def __init__(self, port: int, prefix: Path) -> None:
        self.port = port
        self.prefix = prefix
        self.url = "http://127.0.0.1:%d" % port
        self.dashboard = self.url + "/dashboard/"
        self.conn: Optional[http.client.HTTPConnection] = None

    def request(self, method: str, path: str, body: Any = None,
                headers: Optional[Dict[str, str]] = None) -> Any:
        """One request on a kept-alive connection; (status, JSON)."""
        data = body if isinstance(body, bytes) or body is None \
            else json.dumps(body).encode()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=10)
            try:
                self.conn.request(method, path, body=data,
                                  headers=headers or {})
                resp = self.conn.getresponse()
                text = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        return resp.status, json.loads(text) if text else None

    def get(self, path: str) -> Any:
        status, answer = self.request("GET", path)
        assert status == 200, (path, status, answer)
        return answer

    def register(self, upload_id: str, filename: str, **more: str) -> Any:
        status, answer = self.request("POST", "/api/uploads", dict(
            upload_id=upload_id, filename=filename, file_id="f-" + upload_id,
            **more))
        assert status in (200, 201), (status, answer)
        return answer

    def comment(self, upload_id: str, text: str) -> Any:
        status, answer = self.request(
            "POST", "/api/uploads/%s/comments" % upload_id, {"text": text})
        assert status == 201, (status, answer)
        return answer

    def webhook(self, event: str, upload_id: str) -> Any:
        """A Frame.io V4 event on the upload's file, signed as Frame.io
        signs it: v0=HMAC-SHA256(secret, "v0:" timestamp ":" body)."""
        body = json.dumps({
            "type": event,
            "resource": {"type": "file", "id": "f-" + upload_id},
            "account": {"id": "6f70f1bd-7f89-4b3c-8d2a-2a9a3d7a1c01"},
        }, separators=(",", ":")).encode()
        ts = str(int(time.time()))
        sig = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body,
                       hashlib.sha256).hexdigest()
        status, answer = self.request("POST", "/frameio/webhook", body, {
            "Content-Type": "application/json",
            "X-Frameio-Request-Timestamp": ts,
            "X-Frameio-Signature": "v0=" + sig})
        assert status == 200, (status, answer)
        return answer

    def data(self, query: str = "") -> Any:
        return self.get("/dashboard/data" + query)

    def tracks(self) -> List[Dict[str, Any]]:
        """Every track, through the API's pages."""
        out: List[Dict[str, Any]] = []
        after = None
        while True:
            q = "?limit=1000" + ("&after=" + urllib.parse.quote(after)
                                 if after else "")
            page = self.get("/api/uploads" + q)
            out += page["uploads"]
            after = page["next"]
            if not after:
                return out

    def error_log(self) -> str:
        try:
            return (self.prefix / "error.log").read_text(errors="replace")
        except OSError:
            return ""


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    for path, what in ((NGINX, "POSTFLOW_NGINX"), (MODULE, "POSTFLOW_MODULE")):
        if not os.path.exists(path):
            pytest.fail("%s: %s does not exist (make builds the module)"
                        % (what, path), pytrace=False)
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"

    prefix = Path(tempfile.mkdtemp(prefix="postflow-dashboard-"))
    os.chmod(prefix, 0o755)   # the workers (nobody, as root) read below
    (prefix / "state").mkdir()
    (prefix / "webhook.secret").write_text(SECRET + "\n")
    if os.geteuid() == 0:
        shutil.chown(prefix / "state", "nobody", "nogroup")

    srv = Server(free_port(), prefix)
    (prefix / "nginx.conf").write_text(CONF.format(
        module=MODULE, prefix=prefix, port=srv.port,
        user="user nobody nogroup;" if os.geteuid() == 0 else ""))
    with open(prefix / "stderr.log", "w") as err:
        proc = subprocess.Popen(
            [NGINX, "-p", str(prefix) + "/", "-c", str(prefix / "nginx.conf")],
            stdin=subprocess.DEVNULL, stdout=err, stderr=err)
    try:
        wait_for("nginx listening",
                 lambda: proc.poll() is None and _listening(srv.port), 10)
        yield srv
    except AssertionError:
        raise RuntimeError("nginx did not start:\n"
                           + (prefix / "stderr.log").read_text()
                           + srv.error_log()[-3000:])
    finally:
        if srv.conn:
            srv.conn.close()
        stop(proc)
        log = srv.error_log()
        shutil.rmtree(prefix, ignore_errors=True)
    assert "exited on signal" not in log, log[-3000:]


# --- WebDriver -----------------------------------------------------------

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"   # the W3C element key


class WebDriverError(Exception):
    pass


class Browser:
    """One WebDriver session: the few commands the tests need."""

    def __init__(self, driver: str, lang: str = "en-US",
                 size: str = "1280,900") -> None:
        self.driver = driver
        args = ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--window-size=" + size, "--lang=" + lang,
                "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update"]
        caps = {"browserName": "chrome",
                "goog:loggingPrefs": {"browser": "ALL"},
                "goog:chromeOptions": {
                    "binary": CHROMIUM, "args": args,
                    "prefs": {"intl.accept_languages": lang}}}
        answer = self._call("POST", "/session",
                            {"capabilities": {"alwaysMatch": caps}})
        self.session = "/session/" + answer["sessionId"]

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body if body is not None else {}).encode() \
            if method == "POST" else None
        req = urllib.request.Request(
            self.driver + path, data=data, method=method,
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read())["value"]
        except urllib.error.HTTPError as e:
            raise WebDriverError("%s %s: %s" % (method, path,
                                                e.read()[:2000])) from None

    def cmd(self, method: str, path: str, body: Any = None) -> Any:
        return self._call(method, self.session + path, body)

    def go(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def js(self, script: str, *args: Any) -> Any:
        """The value of a function body run in the page."""
        return self.cmd("POST", "/execute/sync",
                        {"script": script, "args": list(args)})

    def find(self, css: str) -> str:
        return self.cmd("POST", "/element",
                        {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css: str) -> List[str]:
        return [e[ELEMENT] for e in self.cmd(
            "POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, css: str) -> None:
        self.cmd("POST", "/element/%s/click" % self.find(css))

    def type(self, css: str, text: str) -> None:
        self.cmd("POST", "/element/%s/value" % self.find(css), {"text": text})

    def clear(self, css: str) -> None:
        self.cmd("POST", "/element/%s/clear" % self.find(css))

    def logs(self) -> List[Dict[str, Any]]:
        """The console's entries since the last call (chromedriver's)."""
        return self.cmd("POST", "/se/log", {"type": "browser"})

    def resize(self, width: int, height: int) -> None:
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.cmd("GET", "/screenshot")))

    def quit(self) -> None:
        try:
            self._call("DELETE", self.session)
        except (WebDriverError, OSError):
            pass


@pytest.fixture(scope="session")
def chromedriver() -> Iterator[str]:
    """chromedriver on a free port; its URL."""
    for path in (CHROMEDRIVER, CHROMIUM):
        if not os.path.exists(path):
            pytest.fail("%s is missing (apt-get install chromium "
                        "chromium-driver)" % path, pytrace=False)
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    log = tempfile.NamedTemporaryFile(prefix="chromedriver-", suffix=".log")
    # its own process group, so that no Chromium outlives the run
    proc = subprocess.Popen([CHROMEDRIVER, "--port=%d" % port],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                            start_new_session=True)
    try:
        def ready() -> bool:
            with urllib.request.urlopen(url + "/status", timeout=1) as r:
                return json.loads(r.read())["value"]["ready"]
        wait_for("chromedriver ready", ready, 10)
        yield url
    finally:
        stop(proc, group=True)
        log.close()


@pytest.fixture(scope="session")
def open_browser(chromedriver: str) -> Iterator[Callable[..., Browser]]:
    """Opens browser sessions, all closed at the end of the run."""
    sessions: List[Browser] = []

    def make(**kw: str) -> Browser:
        b = Browser(chromedriver, **kw)
        sessions.append(b)
        return b

    try:
        yield make
    finally:
        for b in sessions:
            b.quit()


# --- reading the page ----------------------------------------------------

ROWS_JS = """
return Array.from(document.querySelectorAll('#rows tr')).map(tr => ({
    id: tr.dataset.uploadId,
    file: tr.querySelector('.c-file .name').textContent,
    status: tr.querySelector('.c-status .word').textContent,
    review: tr.querySelector('.c-review .word').textContent,
    review_class: tr.querySelector('.c-review .badge').className,
    comments: tr.querySelector('.c-comments').textContent,
    verdict: tr.querySelector('.c-latest .verdict').textContent,
    excerpt: tr.querySelector('.c-latest .excerpt').textContent,
    activity: tr.querySelector('.c-activity time').textContent,
    link: (tr.querySelector('.c-link a') || {}).href || null}));
"""


def page_rows(browser: Browser) -> List[Dict[str, Any]]:
    return browser.js(ROWS_JS)
