"""The README's workflow example runs as written."""

from __future__ import annotations

import re
import threading
import uuid

from conftest import REPO


def readme_example() -> str:
    text = (REPO / "README.md").read_text()
    section = text[text.index("## Python client"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_workflow(server, client, capsys):
    ns = {}
    exec(readme_example().replace("http://127.0.0.1:8080", server.url), ns)
    file_id = "file-" + uuid.uuid4().hex

    class Workflow(ns["MyVideoWorkflow"]):
        def upload_to_frameio(self, video_path):
            return file_id

    def frameio_and_reviewers():
        server.webhook("file.ready", file_id)
        track = next(t for t in client.iter_uploads()
                     if t["file_id"] == file_id)
        client.add_comment(track["upload_id"], "validé, bon pour diffusion")

    t = threading.Timer(0.5, frameio_and_reviewers)
    t.start()
    try:
        upload_id = Workflow().process_video("/media/SC03_SH010_v2.mov")
    finally:
        t.join()

    track = client.get_upload_status(upload_id)
    assert track["file_id"] == file_id
    assert track["status"] == "COMPLETED"
    out = capsys.readouterr().out
    assert "SC03_SH010_v2.mov is ready" in out
    assert "SC03_SH010_v2.mov approved" in out

    client.add_comment(upload_id, "fix the logo at 00:12")
    Workflow().monitor_uploads()
    assert "needs changes: SC03_SH010_v2.mov" in capsys.readouterr().out
