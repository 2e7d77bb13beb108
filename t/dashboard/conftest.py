"""The dashboard in a real browser.

A real nginx with the module (``$POSTFLOW_NGINX`` loading
``$POSTFLOW_MODULE``) runs in the foreground as this process's child on
a free port of 127.0.0.1, in a temporary prefix, with a zone, a webhook
receiver (an HMAC secret in a file), the API and the dashboard
(t/lib/postflow_nginx.py).
``/usr/bin/chromedriver`` runs on another free port and drives headless
Chromium through the W3C WebDriver protocol, spoken here with urllib.
Everything started here is stopped at the end, whatever the tests did.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "t" / "lib"))

import postflow_nginx  # noqa: E402

CHROMEDRIVER = os.environ.get("POSTFLOW_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("POSTFLOW_CHROMIUM", "/usr/bin/chromium")
SECRET = "dashboard-test-secret"

HTTP = """
    postflow_zone tracks 32m;
    postflow_state {prefix}/state/postflow.state;
    postflow_webhook_secret file={prefix}/webhook.secret;

    access_log off;

    server {{
        listen 127.0.0.1:{port};
        keepalive_requests 100000;

        location = /frameio/webhook {{ postflow_webhook tracks; }}
        location /api/ {{ postflow_api tracks; }}
        location /dashboard/ {{ postflow_dashboard tracks; }}
    }}
"""


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


def stop_group(proc: subprocess.Popen) -> None:
    """The process group proc leads (chromedriver and the Chromiums it
    started): TERM, KILL after 10 s or for what outlived its leader."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


# --- nginx ---------------------------------------------------------------

class Server(postflow_nginx.Nginx):
    """The running nginx: the API, signed webhooks, the dashboard's data."""

    def __init__(self, prefix: Path) -> None:
        super().__init__(prefix, lambda port: postflow_nginx.config(
            HTTP, prefix, port))
        (prefix / "webhook.secret").write_text(SECRET + "\n")
        self.conn: Optional[http.client.HTTPConnection] = None

    @property
    def dashboard(self) -> str:
        return self.url + "/dashboard/"

    def stop(self) -> None:
        if self.conn:
            self.conn.close()
            self.conn = None
        super().stop()

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
        status, answer = self.request("POST", "/frameio/webhook", body,
                                      postflow_nginx.signed(SECRET, body))
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


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    problem = postflow_nginx.missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    with postflow_nginx.serving(Server, "postflow-dashboard-") as srv:
        yield srv


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
    port = postflow_nginx.free_port()
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
        stop_group(proc)
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
