#!/usr/bin/env python3
"""make demo: a review session of three uploads, played in real time.

nginx with the module runs as this script's child (daemon off, a
temporary prefix under build/demo/), a mock Frame.io (mock_frameio.py)
answers its API calls on loopback, and the script plays what Frame.io
and the people of a review would do: registrations, signed webhooks,
comments in French and English, a change request, a new version, an
approval.  After each moment it reads the upload back from nginx's API
(and the opening of its latest comment from the dashboard's data) and
prints what a producer wants to know.  At the end: a summary, a check of
the final states against the script, and nginx left running, with the
dashboard's URL, until Ctrl-C.

    DEMO_SPEED=N   play N times faster (default 1: about two minutes)
    DEMO_EXIT=1    stop at the end instead of waiting for Ctrl-C; the
                   exit code says whether the final states are the
                   scripted ones (make demo-check)
    DEMO_KEEP=1    keep the prefix (logs, journal) under build/demo/
    NGINX_BIN      the nginx binary (default /usr/sbin/nginx)
    POSTFLOW_MODULE the module (default build/ngx_http_postflow_module.so)

Python 3.9 or later, standard library only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "t" / "lib"))
sys.dont_write_bytecode = True  # no __pycache__ in the checkout

import postflow_nginx  # noqa: E402
from mock_frameio import FrameIO  # noqa: E402

NGINX = os.environ.get("NGINX_BIN") or "/usr/sbin/nginx"
MODULE = postflow_nginx.MODULE
SPEED = float(os.environ.get("DEMO_SPEED") or 1)
EXIT_AT_END = os.environ.get("DEMO_EXIT", "") not in ("", "0")
KEEP = os.environ.get("DEMO_KEEP", "") not in ("", "0")

SECRET = "demo-webhook-secret"

# the longest a moment waits for nginx to show its effect (real seconds)
SETTLE = 8.0


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "postflow-demo:" + name))


ACCOUNT, WORKSPACE, PROJECT, FOLDER = (_id(n) for n in
                                       ("account", "workspace", "project",
                                        "folder"))

PEOPLE = {
    "claire": ("Claire", "client"),
    "marc": ("Marc", "director"),
    "sophie": ("Sophie", "agency"),
    "julien": ("Julien", "editor"),
}

UPLOADS = {
    "spot": ("spot-30s", "SPOT_30S_v1.mov"),
    "trailer": ("trailer-90s", "TRAILER_90S_v1.mov"),
    "teaser": ("teaser-15s", "TEASER_15S_v1.mov"),
}

# (scenario seconds, what happens); texts checked with POST /api/analyze.
# A comment may name the condition a pipeline would long-poll for
# (?wait=approved or reviewed) after it.
SCRIPT: List[Tuple[float, Tuple[Any, ...]]] = [
    (0, ("register", "spot")),
    (3, ("event", "spot", "file.created")),
    (9, ("event", "spot", "file.upload.completed")),
    (12, ("register", "trailer")),
    (14, ("event", "trailer", "file.created")),
    (18, ("event", "spot", "file.ready")),
    (22, ("event", "trailer", "file.upload.completed")),
    (26, ("register", "teaser")),
    (28, ("event", "teaser", "file.created")),
    (32, ("event", "trailer", "file.ready")),
    (36, ("event", "teaser", "file.upload.completed")),
    (41, ("comment", "spot", "claire",
          "Le logo est trop petit à 00:12, merci de corriger", "reviewed")),
    (46, ("event", "teaser", "file.ready")),
    (51, ("comment", "trailer", "marc", "Looks great, approved",
          "approved")),
    (58, ("comment", "teaser", "sophie",
          "Tu peux resserrer le plan à 00:05 ?", "reviewed")),
    (65, ("version", "spot", "SPOT_30S_v2.mov")),
    (70, ("event", "spot", "file.upload.completed")),
    (74, ("event", "spot", "file.ready")),
    (78, ("comment", "spot", "julien", "v2 is up, logo fixed")),
    (86, ("comment", "trailer", "claire", "pas ok pour la fin")),
    (95, ("comment", "teaser", "julien",
          "Plan resserré, c'est corrigé. Tu peux vérifier ?")),
    (104, ("comment", "spot", "claire", "validé 👍", "approved")),
    (112, ("comment", "teaser", "sophie", "Merci, je regarde ce soir")),
]
END = 118

# what the API must say at the end: status, review, comments, versions
EXPECTED = {
    "spot-30s": ("COMPLETED", "APPROVED", 3, 2),
    "trailer-90s": ("READY", "NEEDS_CHANGES", 2, 1),
    "teaser-15s": ("READY", "PENDING", 3, 1),
}

STATUS_WORDS = {
    "REGISTERED": "registered, waiting for Frame.io",
    "UPLOADING": "uploading to Frame.io",
    "PROCESSING": "uploaded, transcoding",
    "READY": "transcoded, waiting for review",
    "COMPLETED": "transcoded and approved",
    "DELETED": "deleted in Frame.io",
}


class Stop(Exception):
    """SIGTERM or SIGHUP: stop as Ctrl-C does."""


def _stop_signal(signum: int, frame: Any) -> None:
    raise Stop(signal.Signals(signum).name)


# --- nginx ------------------------------------------------------------


def nginx_conf(prefix: Path, port: int, mock_port: int) -> str:
    """demo/nginx.conf with its @NAMES@ filled in."""
    text = (HERE / "nginx.conf").read_text()
    for key, value in (("MODULE", MODULE),
                       ("USER", postflow_nginx.user_directive()),
                       ("PREFIX", str(prefix)),
                       ("SECRET", SECRET), ("PORT", str(port)),
                       ("MOCK_PORT", str(mock_port))):
        text = text.replace("@%s@" % key, value)
    return text


# --- HTTP ---------------------------------------------------------------

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(method: str, url: str, body: Optional[bytes] = None,
         headers: Optional[Dict[str, str]] = None,
         timeout: float = 10) -> Tuple[int, Dict[str, str], Any]:
    req = urllib.request.Request(url, data=body, method=method,
                                 headers=headers or {})
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            status, hdrs, raw = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, dict(e.headers), e.read()
    try:
        doc = json.loads(raw) if raw else None
    except ValueError:
        doc = raw.decode(errors="replace")
    return status, hdrs, doc


class Demo:
    def __init__(self, nginx: postflow_nginx.Nginx,
                 frameio: FrameIO) -> None:
        self.nginx = nginx
        self.frameio = frameio
        self.base = nginx.url
        self.files: Dict[str, List[str]] = {k: [] for k in UPLOADS}
        self.t0 = 0.0
        self.serial = 0
        self.problems: List[str] = []
        self.played = False

    # --- the clock -------------------------------------------------------

    def now(self) -> float:
        """Scenario seconds since the start."""
        return (time.monotonic() - self.t0) * SPEED

    def sleep_until(self, t: float) -> None:
        delay = t / SPEED - (time.monotonic() - self.t0)
        if delay > 0:
            time.sleep(delay)

    # --- talking to nginx ----------------------------------------------

    def track(self, upload: str, query: str = "",
              timeout: float = 10) -> Dict[str, Any]:
        uid = UPLOADS[upload][0]
        status, _, doc = http("GET", "%s/api/uploads/%s%s"
                              % (self.base, uid, query), timeout=timeout)
        if status != 200:
            raise RuntimeError("GET /api/uploads/%s: %s %s"
                               % (uid, status, doc))
        return doc

    def webhook(self, event: str, resource_id: str, who: str) -> str:
        """Posts a V4 event signed as Frame.io signs it; the outcome."""
        rtype = "comment" if event.startswith("comment.") else "file"
        body = json.dumps({
            "account": {"id": ACCOUNT}, "project": {"id": PROJECT},
            "resource": {"id": resource_id, "type": rtype},
            "type": event, "user": {"id": _id("user:" + who)},
            "workspace": {"id": WORKSPACE},
        }, separators=(",", ":")).encode()
        status, _, doc = http("POST", self.base + "/frameio/webhook", body,
                              postflow_nginx.signed(SECRET, body))
        if status not in (200, 202):
            raise RuntimeError("webhook %s: %s %s" % (event, status, doc))
        return doc.get("outcome", "")

    # --- what happens in Frame.io --------------------------------------

    def do(self, step: Tuple[Any, ...]) -> Tuple[str, bool, str]:
        """Plays one moment: the upload it concerns, whether nginx is
        expected to change it, and the long poll condition, if any."""
        kind, upload = step[0], step[1]

        if kind == "register":
            uid, name = UPLOADS[upload]
            fid = _id("file:" + name)
            self.frameio.add_file(fid, name, PROJECT, FOLDER)
            self.files[upload].append(fid)
            status, _, doc = http("POST", self.base + "/api/uploads",
                                  json.dumps({
                                      "upload_id": uid, "filename": name,
                                      "file_id": fid, "account_id": ACCOUNT,
                                      "workspace_id": WORKSPACE,
                                      "project_id": PROJECT,
                                      "review_link": "https://f.io/demo-"
                                                     + uid,
                                  }).encode(),
                                  {"Content-Type": "application/json"})
            if status != 201:
                raise RuntimeError("registration of %s: %s %s"
                                   % (uid, status, doc))
            return upload, False, ""

        fid = self.files[upload][-1]

        if kind == "event":
            event = step[2]
            self.frameio.set_file_status(fid, {
                "file.upload.completed": "uploaded",
                "file.ready": "transcoded"}.get(event, "created"))
            outcome = self.webhook(event, fid, "julien")
            return upload, outcome in ("applied", "queued"), \
                "ready" if event == "file.ready" else ""

        if kind == "version":
            name = step[2]
            new = _id("file:" + name)
            self.frameio.add_file(new, name, PROJECT, FOLDER)
            self.frameio.stack(_id("stack:" + upload),
                               self.files[upload] + [new])
            self.files[upload].append(new)
            self.webhook("file.created", new, "julien")
            # 202 "unmatched": the poller looks the new file up
            self.webhook("file.versioned", new, "julien")
            return upload, True, ""

        if kind == "comment":
            who, text = step[2], step[3]
            self.serial += 1
            cid = _id("comment:%d" % self.serial)
            name = PEOPLE[who][0]
            self.frameio.add_comment(cid, fid, text, name)
            outcome = self.webhook("comment.created", cid, who)
            return upload, outcome in ("applied", "queued"), \
                step[4] if len(step) > 4 else ""

        raise ValueError(step)

    # --- what nginx says -------------------------------------------------

    @staticmethod
    def _key(t: Dict[str, Any]) -> Tuple[Any, ...]:
        return (t["status"], t["review_status"], t["comments_count"],
                t["file_id"])

    def settle(self, upload: str, before: Dict[str, Any],
               wait: str) -> Dict[str, Any]:
        """The track once nginx has shown a change, or as it is after
        SETTLE seconds."""
        deadline = time.monotonic() + SETTLE
        if wait:
            # a long poll: answered as soon as the condition holds
            t = self.track(upload, "?wait=%s&timeout=%ds"
                           % (wait, int(SETTLE)), timeout=SETTLE + 5)
            if self._key(t) != self._key(before):
                return t
        while True:
            t = self.track(upload)
            if self._key(t) != self._key(before) \
                    or time.monotonic() > deadline:
                return t
            time.sleep(0.05)

    def file_name(self, t: Dict[str, Any]) -> str:
        return self.frameio.file_name(t["file_id"] or "") or t["filename"]

    def excerpt(self, upload_id: str) -> str:
        _, _, doc = http("GET", "%s/dashboard/data?q=%s"
                         % (self.base, urllib.parse.quote(upload_id)))
        for u in (doc or {}).get("uploads", []):
            if u["upload_id"] == upload_id and u.get("last_comment"):
                return u["last_comment"]["excerpt"]
        return ""

    def last_comment(self, t: Dict[str, Any]) -> str:
        """The opening of the track's latest comment, as the dashboard's
        data has it, and its author: Frame.io's, which nginx does not
        keep."""
        excerpt = self.excerpt(t["upload_id"])
        c = self.frameio.latest_comment(t.get("file_ids") or [t["file_id"]])
        who = " (%s)" % _who(c["owner"]["name"]) if c else ""
        return '"%s"%s' % (_cut(excerpt), who)

    def describe(self, before: Dict[str, Any], t: Dict[str, Any]) -> str:
        review, status = t["review_status"], t["status"]
        changed_review = review != before["review_status"]

        if t["file_id"] != before["file_id"]:
            n = t["comments_count"]
            return ("new version of %s, review back to %s (%d comment%s"
                    " kept)" % (self.file_name(before), review, n,
                                "" if n == 1 else "s"))

        if t["comments_count"] > before["comments_count"]:
            line = "%-13s  %s" % (review, self.last_comment(t))
            if not changed_review:
                return line + ", review unchanged"
            if before["review_status"] == "APPROVED":
                line += ", approval withdrawn"
            elif before["review_status"] == "NEEDS_CHANGES" \
                    and review == "PENDING":
                line += ", back to the reviewers"
            if status == "COMPLETED":
                line += ", ready to deliver"
            return line

        if changed_review:
            return "review %s" % review

        if status != before["status"]:
            return STATUS_WORDS.get(status, status)

        return "no change yet (%s, %s)" % (status, review)

    def say(self, t: Dict[str, Any], what: str) -> None:
        s = int(self.now())
        print("%02d:%02d  %-19s %s" % (s // 60, s % 60, self.file_name(t),
                                       what), flush=True)

    # --- the session ---------------------------------------------------

    def check_analyser(self) -> None:
        """Each thread as the analyser reads it, before playing it."""
        for upload, (uid, _) in UPLOADS.items():
            texts = [s[3] for _, s in SCRIPT
                     if s[0] == "comment" and s[1] == upload]
            _, _, doc = http("POST", self.base + "/api/analyze",
                             json.dumps({"comments": texts}).encode())
            want = EXPECTED[uid][1]
            if doc["review_status"] != want:
                self.problems.append("the analyser reads the thread of %s"
                                     " as %s, the script expects %s"
                                     % (uid, doc["review_status"], want))

    def play(self) -> None:
        self.check_analyser()
        self.t0 = time.monotonic()
        for at, step in SCRIPT:
            self.sleep_until(at)
            upload = step[1]
            before = None
            if step[0] != "register":
                before = self.track(upload)
            upload, expect, wait = self.do(step)
            if before is None:
                t = self.track(upload)
                self.say(t, STATUS_WORDS.get(t["status"], t["status"]))
                continue
            if not expect:
                continue
            t = self.settle(upload, before, wait)
            self.say(t, self.describe(before, t))
        self.sleep_until(END)

    def summary(self) -> bool:
        rows = []
        for upload, (uid, _) in UPLOADS.items():
            t = self.track(upload)
            got = (t["status"], t["review_status"], t["comments_count"],
                   len(t.get("file_ids") or []))
            rows.append((uid, self.file_name(t)) + got)
            if got != EXPECTED[uid]:
                self.problems.append("%s is %s, the script expects %s"
                                     % (uid, "/".join(map(str, got)),
                                        "/".join(map(str, EXPECTED[uid]))))
            last = [s[3] for _, s in SCRIPT
                    if s[0] == "comment" and s[1] == upload][-1]
            excerpt = self.excerpt(uid)
            if excerpt.rstrip("…") == "" \
                    or not last.startswith(excerpt.rstrip("…")):
                self.problems.append("the dashboard shows %r as the latest"
                                     " comment of %s, the script's is %r"
                                     % (excerpt, uid, last))

        status, hdrs, _ = http("GET", self.base + "/dashboard/")
        if status != 200 or not hdrs.get("Content-Type", "") \
                .startswith("text/html"):
            self.problems.append("GET /dashboard/: %d %s"
                                 % (status, hdrs.get("Content-Type")))

        print()
        print("%-12s %-19s %-10s %-14s %8s %8s"
              % ("upload", "file", "status", "review", "comments",
                 "versions"))
        for r in rows:
            print("%-12s %-19s %-10s %-14s %8d %8d" % r)

        _, _, st = http("GET", self.base + "/stats")
        wh, poller = st["webhooks"], st.get("poller", {})
        calls = poller.get("api_calls", {})
        rejected = sum(wh["rejected"].values())
        print()
        print("nginx: %d webhooks received, %d accepted, %d rejected;"
              " %d comments analysed"
              % (wh["received"], wh["accepted"], rejected,
                 st["comments_analyzed"]))
        print("Frame.io (mock): %d calls answered, %d polls of comment"
              " lists, %d version linked"
              % (sum(calls.values()),
                 poller.get("polls", {}).get("tracks", 0),
                 poller.get("versions_linked", 0)))

        if rejected:
            self.problems.append("%d webhooks rejected" % rejected)
        if calls.get("error") or calls.get("5xx") or calls.get("timeout"):
            self.problems.append("failed calls to the mock: %s" % calls)
        errors = [line for line in self.nginx.log("error.log").splitlines()
                  if re.search(r"\[(alert|crit|emerg)\]|exited on signal",
                               line)]
        self.problems += ["error.log: " + e for e in errors[:5]]

        print()
        if self.problems:
            print("Check: FAILED")
            for p in self.problems:
                print("  " + p)
        else:
            print("Check: every upload ended as scripted (spot-30s approved"
                  " after its fix, trailer-90s needs changes, teaser-15s"
                  " waits for its review)")
        return not self.problems


def _who(name: str) -> str:
    """"Claire, client": the producer knows who is who."""
    for n, role in PEOPLE.values():
        if n == name:
            return "%s, %s" % (n, role)
    return name


def _cut(text: str, width: int = 32) -> str:
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut + "…"


def main() -> int:
    problem = postflow_nginx.missing(NGINX, MODULE, "NGINX_BIN")
    if problem:
        print("demo: " + problem, file=sys.stderr)
        return 2
    if SPEED <= 0:
        print("demo: DEMO_SPEED must be more than 0", file=sys.stderr)
        return 2

    # Ctrl-C even when started where SIGINT is ignored (a background job)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_signal)
    signal.signal(signal.SIGHUP, _stop_signal)

    top = REPO / "build" / "demo"
    top.mkdir(parents=True, exist_ok=True)
    prefix = postflow_nginx.make_prefix("run-", top, ("conf", "logs"))
    (prefix / "conf" / "frameio.token").write_text("demo-token\n")
    os.chmod(prefix / "conf" / "frameio.token", 0o644)

    mock_log = open(prefix / "logs" / "frameio-mock.log", "w")
    frameio = FrameIO(log=mock_log)
    mock_port = frameio.start()
    # stopped gracefully, and by this script even on Ctrl-C, which says
    # so; killed by the kernel if this script dies first
    nginx = postflow_nginx.Nginx(
        prefix, lambda port: nginx_conf(prefix, port, mock_port),
        nginx=NGINX, conf="conf/nginx.conf", logs="logs",
        graceful=True, detach=True)
    demo: Optional[Demo] = None
    ok, rc = False, 0

    try:
        nginx.start()
        demo = Demo(nginx, frameio)
        print("PostFlow demo: nginx on 127.0.0.1:%d (2 workers), a mock"
              " Frame.io on 127.0.0.1:%d; three uploads, %s"
              % (nginx.port, mock_port,
                 "about two minutes" if SPEED == 1
                 else "%g times faster (DEMO_SPEED)" % SPEED), flush=True)
        print(flush=True)
        demo.play()
        ok = demo.summary()
        demo.played = True

        if not EXIT_AT_END:
            print()
            print("Dashboard: %s/dashboard/" % demo.base)
            print("API:       %s/api/uploads" % demo.base)
            print("Stats:     %s/stats" % demo.base)
            print("nginx keeps running; Ctrl-C stops it.", flush=True)
            while nginx.running():
                time.sleep(0.5)
            print("demo: nginx stopped by itself", file=sys.stderr)
            ok = False

    except (KeyboardInterrupt, Stop):
        # the way to end the demo once it has played; before, a stop
        played = demo is not None and demo.played
        print()
        print("demo: stopping nginx", flush=True)
        if not played:
            rc = 130
    except Exception as e:  # noqa: BLE001 (any failure stops nginx first)
        print("demo: %s" % e, file=sys.stderr)
        ok = False
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        nginx.stop()
        frameio.stop()
        mock_log.close()
        if (ok or rc == 130) and not KEEP:
            shutil.rmtree(prefix, ignore_errors=True)
        else:
            print("demo: logs and journal kept in %s" % prefix,
                  file=sys.stderr)

    return rc or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
