"""A real nginx with the module, for the whole test run.

nginx is ``$POSTFLOW_NGINX`` (default /usr/sbin/nginx), the module
``$POSTFLOW_MODULE`` (default build/ngx_http_postflow_module.so of this
checkout, which ``make`` builds).  nginx runs in the foreground as this
process's child, on a free port of 127.0.0.1, in a temporary prefix
that holds its configuration, logs and journal; it is stopped at the
end of the run whatever the tests did (t/lib/postflow_nginx.py, which
the browser tests and the demo run theirs with).
"""

from __future__ import annotations

import json
import sys
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

import pytest

HERE = Path(__file__).resolve().parent
CLIENT_DIR = HERE.parent
REPO = CLIENT_DIR.parent.parent

sys.path.insert(0, str(CLIENT_DIR))
sys.path.insert(0, str(REPO / "t" / "lib"))

import postflow_nginx  # noqa: E402

SECRET = "test-secret"
ACCOUNT = "6f70f1bd-7f89-4b3c-8d2a-2a9a3d7a1c01"

HTTP = """
    postflow_zone tracks 4m;
    postflow_state {prefix}/state/postflow.state;
    postflow_webhook_secret {secret};

    access_log off;

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
"""


class Server(postflow_nginx.Nginx):
    """The running nginx: its base URL and how to send it webhooks."""

    def __init__(self, prefix: Path) -> None:
        super().__init__(prefix, lambda port: postflow_nginx.config(
            HTTP, prefix, port, secret=SECRET))

    @property
    def webhook_url(self) -> str:
        return self.url + "/frameio/webhook"

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
        req = urllib.request.Request(self.webhook_url, data=body,
                                     headers=postflow_nginx.signed(secret,
                                                                   body))
        with urllib.request.urlopen(req, timeout=5) as resp:
            return json.loads(resp.read())


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The nginx of the run."""
    problem = postflow_nginx.missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    with postflow_nginx.serving(Server, "postflow-pytest-") as srv:
        yield srv


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
