"""PostFlow's Python client: the tracks an nginx with ngx_postflow keeps.

    from postflow import PostFlowIntegration

    postflow = PostFlowIntegration("http://127.0.0.1:8080")
    postflow.register_upload("spot-30s-v2", "SPOT_30S_v2.mov",
                             file_id=file_id)
    if postflow.wait_for_upload_ready("spot-30s-v2", timeout=600):
        postflow.wait_approval("spot-30s-v2", max_wait=3600)

Standard library only.  ``python3 -m postflow`` (or ``postflow``) is the
command-line client.
"""

__version__ = "0.1.0"

from .client import (CONDITIONS, PostFlowIntegration,  # noqa: E402
                     WaitResult)
from .default import (check_upload_ready, get_postflow,  # noqa: E402
                      init_postflow, track_upload)
from .errors import (BadRequest, Conflict, NotFound,  # noqa: E402
                     PostFlowError, Unavailable, Unreachable, ZoneFull)

__all__ = [
    "PostFlowIntegration", "WaitResult", "CONDITIONS",
    "init_postflow", "get_postflow", "track_upload", "check_upload_ready",
    "PostFlowError", "BadRequest", "NotFound", "Conflict", "Unavailable",
    "Unreachable", "ZoneFull",
]
