"""PostFlowIntegration: the seed's class, on the module's REST API.

nginx keeps the tracks; this class only asks it.  Every method is one
HTTP request, except the waits, which repeat the server's long poll
(``GET /uploads/{id}?wait=...``) until the condition holds or the
caller's time is up: no sleep, no polling loop.
"""

from __future__ import annotations

import math
import os
import time
import urllib.parse
from typing import Any, Dict, Iterator, List, NamedTuple, Optional

from .errors import NotFound, PostFlowError
from .transport import Answer, request

DEFAULT_URL = "http://127.0.0.1:8080"
API_PATH = "/api/"
STATS_PATH = "/stats"
WEBHOOK_PATH = "/frameio/webhook"

#: what ``wait()`` may wait for, as the server names it
CONDITIONS = ("ready", "approved", "reviewed")

#: the longest long poll the server holds, in seconds
MAX_POLL = 3600

#: the header that says how a long poll ended
WAIT_HEADER = "X-Postflow-Wait"

READY_STATUSES = ("READY", "COMPLETED")

Track = Dict[str, Any]


class WaitResult(NamedTuple):
    """How a wait ended and the track at that moment.

    ``outcome`` is the server's ``X-Postflow-Wait``: ``satisfied``,
    ``timeout`` (the caller's time ran out), or ``deleted`` (the file
    was deleted: the condition can no longer come true).
    """

    outcome: str
    track: Optional[Track]      # None once a DELETE took the track away

    @property
    def satisfied(self) -> bool:
        return self.outcome == "satisfied"


class PostFlowIntegration:
    """A client of one PostFlow server.

    ``url`` is the server's base URL (default ``$POSTFLOW_URL``, else
    ``http://127.0.0.1:8080``); the API is at ``url + "/api/"``, the
    statistics at ``url + "/stats"`` and Frame.io's webhook at
    ``url + "/frameio/webhook"``, as in nginx.conf.example.  Give
    ``api_url``, ``stats_url`` or ``webhook_url`` where a server puts
    them elsewhere.  ``timeout`` bounds each request, in seconds (a
    wait adds its own time to it).
    """

    def __init__(self, url: Optional[str] = None,
                 api_url: Optional[str] = None,
                 stats_url: Optional[str] = None,
                 webhook_url: Optional[str] = None,
                 timeout: float = 10.0) -> None:
        base = (url or os.environ.get("POSTFLOW_URL") or DEFAULT_URL)
        base = base.rstrip("/")
        self.url = base
        self.api_url = (api_url or base + API_PATH).rstrip("/") + "/"
        self.stats_url = stats_url or base + STATS_PATH
        self.webhook_url = webhook_url or base + WEBHOOK_PATH
        self.timeout = timeout

    def __repr__(self) -> str:
        return "PostFlowIntegration(%r)" % self.url

    # the seed's methods

    def start_tracking(self) -> bool:
        """Check that the server answers; True if it does.

        The seed started a tracking thread here.  nginx tracks on its
        own: there is nothing to start, and seed code that calls this
        keeps working.  Raises ``Unreachable`` when nothing answers.
        """
        self.get_tracking_stats()
        return True

    def register_upload(self, upload_id: str, filename: str,
                        file_id: Optional[str] = None,
                        project_id: Optional[str] = None,
                        workspace_id: Optional[str] = None,
                        account_id: Optional[str] = None,
                        review_link: Optional[str] = None,
                        editors: Optional[List[str]] = None) -> Track:
        """Register an upload for tracking; the track.

        ``editors`` are the Frame.io user ids of those who cut it: their
        comments deliver fixes and never approve it.

        Registering the same data again is harmless (the server answers
        200 instead of 201).  Raises ``Conflict`` when the upload_id or
        the file_id is registered with other data, ``BadRequest`` for
        input the server refuses, ``ZoneFull`` when there is no room.
        """
        body = {"upload_id": upload_id, "filename": filename}
        optional = {"file_id": file_id, "project_id": project_id,
                    "workspace_id": workspace_id, "account_id": account_id,
                    "review_link": review_link, "editors": editors}
        body.update((k, v) for k, v in optional.items() if v is not None)
        return self._call("POST", self.api_url + "uploads", body).data

    def get_upload_status(self, upload_id: str) -> Track:
        """The track of an upload (status, review_status, comments_count,
        file_id, created_at, webhook_events_received, ...).

        Raises ``NotFound`` for an upload the server does not track.
        """
        return self._call("GET", self._upload_url(upload_id)).data

    def is_upload_approved(self, upload_id: str) -> bool:
        """True if the reviewers approved the upload (review APPROVED)."""
        return self.get_upload_status(upload_id)["review_status"] \
            == "APPROVED"

    def check_upload_ready(self, upload_id: str) -> bool:
        """True if Frame.io has the file ready (READY or COMPLETED)."""
        return self.get_upload_status(upload_id)["status"] in READY_STATUSES

    def wait_for_upload_ready(self, upload_id: str,
                              timeout: float = 600) -> bool:
        """Wait until the file is ready; False if ``timeout`` seconds
        pass first or the file is deleted.

        Raises ``NotFound`` for an unknown upload.
        """
        return self.wait(upload_id, "ready", timeout).satisfied

    def wait_approval(self, upload_id: str, max_wait: float = 3600) -> bool:
        """Wait until the upload is approved; False if ``max_wait``
        seconds pass first or the file is deleted.

        Raises ``NotFound`` for an unknown upload.
        """
        return self.wait(upload_id, "approved", max_wait).satisfied

    def get_tracking_stats(self) -> Dict[str, Any]:
        """The server's statistics: total_tracked, active_tracks,
        events_processed, comments_analyzed, status_distribution,
        review_status_distribution, active_uploads, and the webhook,
        track and zone counters."""
        return self._call("GET", self.stats_url).data

    def get_webhook_url(self) -> str:
        """The URL to give Frame.io for its webhook."""
        return self.webhook_url

    # waits

    def wait(self, upload_id: str, condition: str = "ready",
             timeout: float = 600) -> WaitResult:
        """Wait up to ``timeout`` seconds for ``condition``.

        ``condition`` is ``ready`` (READY or COMPLETED), ``approved``
        (review APPROVED) or ``reviewed`` (APPROVED or NEEDS_CHANGES).
        Each request is a long poll of at most an hour; it is asked
        again while the server answers ``timeout`` and time is left.
        The server counts whole seconds: a wait may last up to a second
        longer than ``timeout``.  ``timeout=0`` looks once.
        """
        if condition not in CONDITIONS:
            raise ValueError("condition must be one of %s, not %r"
                             % (", ".join(CONDITIONS), condition))

        url = self._upload_url(upload_id)
        deadline = time.monotonic() + max(0.0, float(timeout))

        while True:
            remaining = deadline - time.monotonic()
            seconds = min(MAX_POLL, max(0, math.ceil(remaining)))
            query = urllib.parse.urlencode(
                {"wait": condition, "timeout": "%ds" % seconds})

            try:
                answer = self._call("GET", url + "?" + query,
                                    timeout=seconds + self.timeout)
            except NotFound as e:
                # a DELETE during the wait: 404, and no track left
                if e.headers and e.headers.get(WAIT_HEADER) == "deleted":
                    return WaitResult("deleted", None)
                raise

            outcome = answer.headers.get(WAIT_HEADER)

            if outcome is None:
                raise PostFlowError(answer.status,
                                    "the answer has no %s header: is %s a"
                                    " PostFlow API?" % (WAIT_HEADER,
                                                        self.api_url), url)

            # less than a tenth of a second left is no time for a poll
            if outcome != "timeout" or deadline - time.monotonic() < 0.1:
                return WaitResult(outcome, answer.data)

    def wait_for_review(self, upload_id: str,
                        timeout: float = 3600) -> Optional[str]:
        """Wait until the reviewers decide: ``APPROVED`` or
        ``NEEDS_CHANGES``, or None if ``timeout`` seconds pass first or
        the file is deleted."""
        result = self.wait(upload_id, "reviewed", timeout)
        return result.track["review_status"] if result.satisfied else None

    # the rest of the API

    def list_uploads(self, status: Optional[str] = None,
                     review_status: Optional[str] = None,
                     limit: Optional[int] = None,
                     after: Optional[str] = None) -> Dict[str, Any]:
        """One page of tracks: ``{"uploads": [...], "count": N,
        "next": ...}``; pass ``next`` as ``after`` for the following
        page (``iter_uploads()`` does it)."""
        query = {"status": status, "review_status": review_status,
                 "limit": limit, "after": after}
        query = {k: v for k, v in query.items() if v is not None}
        url = self.api_url + "uploads"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return self._call("GET", url).data

    def iter_uploads(self, status: Optional[str] = None,
                     review_status: Optional[str] = None,
                     page_size: int = 100) -> Iterator[Track]:
        """Every track (with this status and review status), page after
        page."""
        after = None
        while True:
            page = self.list_uploads(status, review_status, page_size, after)
            for track in page["uploads"]:
                yield track
            after = page.get("next")
            if not after or not page["uploads"]:
                return

    def delete_upload(self, upload_id: str) -> None:
        """Forget an upload.  Raises ``NotFound`` if it is not tracked."""
        self._call("DELETE", self._upload_url(upload_id))

    def add_comment(self, upload_id: str, text: str,
                    author: Optional[str] = None,
                    comment_id: Optional[str] = None,
                    role: Optional[str] = None) -> Track:
        """Add a review comment from any source; the track, analysed
        again.  A ``comment_id`` already seen is not counted twice.
        ``role`` is "editor" or "reviewer"; without it, an author who is
        one of the upload's editors is an editor."""
        body = {"text": text}
        if author is not None:
            body["author"] = author
        if role is not None:
            body["role"] = role
        if comment_id is not None:
            body["comment_id"] = comment_id
        return self._call("POST", self._upload_url(upload_id) + "/comments",
                          body).data

    def analyze(self, comments: List[Any]) -> Dict[str, Any]:
        """The analysis of a thread of comments (in order), stored
        nowhere: ``{"review_status", "review_score", "comments"}``.  A
        comment is its text or ``{"text", "author", "role"}``."""
        return self._call("POST", self.api_url + "analyze",
                          {"comments": list(comments)}).data

    # helpers

    def _upload_url(self, upload_id: str) -> str:
        if not isinstance(upload_id, str) or not upload_id \
                or "/" in upload_id:
            raise ValueError("not an upload id: %r" % (upload_id,))
        return self.api_url + "uploads/" + urllib.parse.quote(upload_id,
                                                              safe="")

    def _call(self, method: str, url: str, body: Any = None,
              timeout: Optional[float] = None) -> Answer:
        return request(method, url, body,
                       self.timeout if timeout is None else timeout)
