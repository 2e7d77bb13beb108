"""The exceptions the client raises.

Every error answer of the server is JSON, ``{"error": "..."}``: the
exception carries that message as ``.error`` and the HTTP status as
``.status``.  The class says what happened, so that a caller can catch
what it can handle:

    try:
        postflow.register_upload("spot-30s-v2", "SPOT_30S_v2.mov")
    except Conflict as e:
        print("already registered with other data:", e.error)
"""

from __future__ import annotations

from typing import Dict, Optional, Type


class PostFlowError(Exception):
    """An answer the client did not expect, or no answer at all.

    ``status`` is the HTTP status (``None`` when the server could not be
    reached) and ``error`` the server's ``{"error"}`` message, or a
    description of what went wrong.
    """

    def __init__(self, status: Optional[int], error: str,
                 url: Optional[str] = None) -> None:
        self.status = status
        self.error = error
        self.url = url
        self.headers = None     # the answer's, when there was one
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.status is None:
            return self.error
        return "%d: %s" % (self.status, self.error)


class BadRequest(PostFlowError):
    """400: the server refused the input (its message says why)."""


class NotFound(PostFlowError):
    """404: no such upload (or no such endpoint: check the API URL)."""


class Conflict(PostFlowError):
    """409: the upload_id or file_id is registered with other data."""


class ZoneFull(PostFlowError):
    """507: the tracks' zone is full and no finished track can go."""


class Unavailable(PostFlowError):
    """503: the journal cannot be written or too many requests wait;
    retry later."""


class Unreachable(PostFlowError):
    """No HTTP answer: the connection failed or timed out."""

    def __init__(self, error: str, url: Optional[str] = None) -> None:
        super().__init__(None, error, url)


_BY_STATUS: Dict[int, Type[PostFlowError]] = {
    400: BadRequest,
    404: NotFound,
    409: Conflict,
    503: Unavailable,
    507: ZoneFull,
}


def error_for(status: int, error: str,
              url: Optional[str] = None) -> PostFlowError:
    """The exception for an error answer with this status."""
    return _BY_STATUS.get(status, PostFlowError)(status, error, url)
