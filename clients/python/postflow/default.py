"""The seed's module-level functions, on one shared client.

    from postflow import init_postflow, track_upload, check_upload_ready

    postflow = init_postflow("http://nginx.studio:8080")
    track_upload("upload_001", "ma_video.mp4", file_id=file_id)
    if check_upload_ready("upload_001"):
        ...

``init_postflow()`` makes the client the other functions use; they make
one with the defaults (``$POSTFLOW_URL``, else http://127.0.0.1:8080)
if it was not called.
"""

from __future__ import annotations

from typing import Any, Optional

from .client import PostFlowIntegration, Track

_default: Optional[PostFlowIntegration] = None


def init_postflow(url: Optional[str] = None, **options: Any) \
        -> PostFlowIntegration:
    """Make the client of the server at ``url`` and keep it for
    ``track_upload()`` and ``check_upload_ready()``; return it.

    ``options`` are PostFlowIntegration's: ``api_url``, ``stats_url``,
    ``webhook_url``, ``timeout``.
    """
    global _default
    _default = PostFlowIntegration(url, **options)
    return _default


def get_postflow() -> PostFlowIntegration:
    """The client ``init_postflow()`` made (one with the defaults if it
    was not called)."""
    return _default if _default is not None else init_postflow()


def track_upload(upload_id: str, filename: str,
                 file_id: Optional[str] = None,
                 project_id: Optional[str] = None,
                 workspace_id: Optional[str] = None,
                 account_id: Optional[str] = None,
                 review_link: Optional[str] = None) -> Track:
    """Register an upload for tracking (``register_upload()``)."""
    return get_postflow().register_upload(
        upload_id, filename, file_id=file_id, project_id=project_id,
        workspace_id=workspace_id, account_id=account_id,
        review_link=review_link)


def check_upload_ready(upload_id: str) -> bool:
    """True if the upload's file is ready on Frame.io."""
    return get_postflow().check_upload_ready(upload_id)
