"""HTTP with urllib.request: a JSON request, a JSON answer.

One function, ``request()``, returns the answer's status, headers and
decoded JSON for a 2xx, and raises the exception of ``errors`` for any
other answer or for no answer.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any, Mapping, NamedTuple, Optional

from . import __version__
from .errors import PostFlowError, Unreachable, error_for

USER_AGENT = "postflow-python/" + __version__


class Answer(NamedTuple):
    """A 2xx answer: its status, its headers and its JSON (None if empty)."""

    status: int
    headers: Mapping[str, str]
    data: Any


def request(method: str, url: str, body: Any = None,
            timeout: float = 10.0) -> Answer:
    """Send ``body`` (any JSON value, or None) and decode the answer.

    ``timeout`` bounds each socket operation, in seconds.
    """
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    payload = None

    if body is not None:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"

    req = urllib.request.Request(url, data=payload, headers=headers,
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return Answer(resp.status, resp.headers, _decode(raw, url))

    except urllib.error.HTTPError as e:
        raw = e.read()
        e.close()
        err = error_for(e.code, _error_message(raw, e.reason), url)
        err.headers = e.headers
        raise err from None

    except urllib.error.URLError as e:
        raise Unreachable("%s: %s" % (url, e.reason), url) from None

    except (socket.timeout, TimeoutError):
        raise Unreachable("%s: no answer within %gs" % (url, timeout),
                          url) from None

    except (OSError, ValueError) as e:
        # a connection reset mid-answer, a malformed URL
        raise Unreachable("%s: %s" % (url, e), url) from None


def _decode(raw: bytes, url: str) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        raise PostFlowError(None, "%s: the answer is not JSON: %r"
                            % (url, raw[:80]), url) from None


def _error_message(raw: bytes, reason: Optional[str]) -> str:
    """The server's {"error"}, or what an answer from something else
    (a proxy, nginx's own error page) says."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            return data["error"]
    except ValueError:
        pass
    return str(reason or "error")
