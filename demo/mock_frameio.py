"""A small Frame.io for the demo: the V4 endpoints the module calls.

Python 3 standard library only.  It serves, on a loopback port, from
data the demo changes as it plays:

    GET /v4/accounts/{a}/comments/{id}              {"data": comment}
    GET /v4/accounts/{a}/files/{id}                 {"data": file}
    GET /v4/accounts/{a}/files/{id}/comments        {"data": [comments],
                                                     "links": {"next": null}}
    GET /v4/accounts/{a}/files/{id}/metadata        {"data":
                                                     {"metadata": [...]}}
    GET /v4/accounts/{a}/version_stacks/{id}/children
                                                    {"data": [files], ...}

Anything else is a 404 in Frame.io's error shape.  Every request is
written to the log file given, one line each: time, status, path.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, TextIO, Tuple

_ROUTES = [
    (re.compile(r"^/v4/accounts/[^/]+/comments/([^/]+)$"), "comment"),
    (re.compile(r"^/v4/accounts/[^/]+/files/([^/]+)/comments$"), "thread"),
    (re.compile(r"^/v4/accounts/[^/]+/files/([^/]+)/metadata$"), "metadata"),
    (re.compile(r"^/v4/accounts/[^/]+/files/([^/]+)$"), "file"),
    (re.compile(r"^/v4/accounts/[^/]+/version_stacks/([^/]+)/children$"),
     "stack"),
]


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) \
        + ".%06dZ" % int((t % 1) * 1e6)


class FrameIO:
    """What Frame.io knows: files, version stacks, comments, and the
    Status field of each file.  Safe to change from another thread."""

    def __init__(self, log: Optional[TextIO] = None) -> None:
        self._lock = threading.Lock()
        self._files: Dict[str, Dict[str, Any]] = {}
        self._stacks: Dict[str, List[str]] = {}
        self._comments: Dict[str, Dict[str, Any]] = {}
        self._status: Dict[str, str] = {}
        self._log = log
        self._server: Optional[ThreadingHTTPServer] = None
        self.requests = 0

    # --- what the demo does in Frame.io --------------------------------

    def add_file(self, file_id: str, name: str, project_id: str,
                 folder_id: str) -> None:
        with self._lock:
            self._files[file_id] = {
                "id": file_id, "name": name, "type": "file",
                "status": "created", "parent_id": folder_id,
                "project_id": project_id, "inserted_at": _iso(time.time()),
            }

    def set_file_status(self, file_id: str, status: str) -> None:
        with self._lock:
            self._files[file_id]["status"] = status

    def stack(self, stack_id: str, file_ids: List[str]) -> None:
        """Puts the files, oldest first, in one version stack."""
        with self._lock:
            self._stacks[stack_id] = list(file_ids)
            for f in file_ids:
                self._files[f]["parent_id"] = stack_id

    def add_comment(self, comment_id: str, file_id: str, text: str,
                    owner: str) -> None:
        with self._lock:
            self._comments[comment_id] = {
                "id": comment_id, "file_id": file_id, "text": text,
                "inserted_at": _iso(time.time()), "completed": False,
                "parent_id": None, "owner": {"name": owner},
            }

    def set_status_field(self, file_id: str, value: str) -> None:
        with self._lock:
            self._status[file_id] = value

    # --- what the demo reads back ----------------------------------------

    def file_name(self, file_id: str) -> Optional[str]:
        with self._lock:
            f = self._files.get(file_id)
            return f["name"] if f else None

    def latest_comment(self, file_ids: List[str]) -> Optional[Dict[str, Any]]:
        """The newest comment on any of these files."""
        with self._lock:
            on = [c for c in self._comments.values()
                  if c["file_id"] in file_ids]
        return max(on, key=lambda c: c["inserted_at"]) if on else None

    # --- the API -------------------------------------------------------

    def answer(self, path: str) -> Tuple[int, Any]:
        for pattern, kind in _ROUTES:
            m = pattern.match(path)
            if m:
                return self._answer(kind, m.group(1))
        return 404, {"errors": [{"detail": "Not Found", "status": 404}]}

    def _answer(self, kind: str, rid: str) -> Tuple[int, Any]:
        missing = (404, {"errors": [{"detail": "Not Found", "status": 404}]})

        with self._lock:
            if kind == "comment":
                c = self._comments.get(rid)
                return (200, {"data": c}) if c else missing

            if kind == "file":
                f = self._files.get(rid)
                return (200, {"data": f}) if f else missing

            if kind == "thread":
                if rid not in self._files:
                    return missing
                on = sorted((c for c in self._comments.values()
                             if c["file_id"] == rid),
                            key=lambda c: c["inserted_at"])
                return 200, {"data": on, "links": {"next": None}}

            if kind == "metadata":
                if rid not in self._files:
                    return missing
                value = self._status.get(rid)
                return 200, {"data": {"metadata": [
                    {"field_definition_name": "Status",
                     "field_type": "select",
                     "value": [{"display_name": value, "id": "s-" + value}]
                              if value else []}]}}

            if kind == "stack":
                files = self._stacks.get(rid)
                if files is None:
                    return missing
                return 200, {"data": [self._files[f] for f in files],
                             "links": {"next": None}}

        return missing

    # --- the server ----------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Serves in a thread; the port it listens on."""
        frameio = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                status, doc = frameio.answer(path)
                body = json.dumps(doc, ensure_ascii=False,
                                  separators=(",", ":")).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                frameio._logged(status, self.path)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever,
                         name="mock-frameio", daemon=True).start()
        return self._server.server_address[1]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _logged(self, status: int, path: str) -> None:
        with self._lock:
            self.requests += 1
            if self._log is not None:
                self._log.write("%.3f %d %s\n" % (time.time(), status, path))
                self._log.flush()
