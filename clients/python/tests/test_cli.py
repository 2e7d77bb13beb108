"""The postflow command: its output and its exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import CLIENT_DIR
from postflow import cli


def command(url, args):
    """``python3 -m postflow --url URL ARGS...``, and its environment."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(CLIENT_DIR), env.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", "postflow", "--url", url] + list(args), env


def run(server, *args, url=None):
    """Run the command to its end; the finished process."""
    argv, env = command(url or server.url, args)
    return subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=30)


def start(server, *args):
    """Start the command in the background; the process."""
    argv, env = command(server.url, args)
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture
def upload(client, uid):
    """A registered upload: (upload_id, file_id)."""
    upload_id = uid()
    client.register_upload(upload_id, upload_id + ".mov",
                           file_id="file-" + upload_id)
    return upload_id, "file-" + upload_id


def test_exit_codes_are_distinct():
    codes = [cli.EXIT_OK, cli.EXIT_ERROR, cli.EXIT_USAGE,
             cli.EXIT_NOT_FOUND, cli.EXIT_TIMEOUT, cli.EXIT_DELETED]
    assert codes == [0, 1, 2, 3, 4, 5]


def test_status(server, upload):
    upload_id, file_id = upload
    p = run(server, "status", upload_id)
    assert p.returncode == 0, p.stderr
    assert upload_id in p.stdout and "REGISTERED" in p.stdout

    p = run(server, "status", upload_id, "--json")
    assert p.returncode == 0
    assert json.loads(p.stdout)["file_id"] == file_id


def test_status_unknown_is_3(server, uid):
    p = run(server, "status", uid())
    assert p.returncode == cli.EXIT_NOT_FOUND
    assert "no such upload" in p.stderr


def test_wait_ready_is_0(server, upload):
    upload_id, file_id = upload
    server.webhook("file.ready", file_id)
    p = run(server, "wait", upload_id, "--for", "ready", "--timeout", "5s")
    assert p.returncode == cli.EXIT_OK, p.stderr
    assert "READY" in p.stdout


def test_wait_approved_for_an_hour_ends_with_the_approval(
        server, client, upload):
    upload_id, _ = upload
    proc = start(server, "wait", upload_id, "--for", "approved",
                 "--timeout", "1h", "--quiet")
    try:
        time.sleep(0.7)  # the command is waiting: the approval comes now
        assert proc.poll() is None, proc.communicate()
        start_time = time.monotonic()
        client.add_comment(upload_id, "validé, bon pour diffusion")
        out, err = proc.communicate(timeout=10)
        assert time.monotonic() - start_time < 3
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == cli.EXIT_OK, err
    assert out == ""


def test_wait_timeout_is_4(server, upload):
    upload_id, _ = upload
    start_time = time.monotonic()
    p = run(server, "wait", upload_id, "--for", "approved", "--timeout", "1")
    assert p.returncode == cli.EXIT_TIMEOUT, p.stderr
    assert 0.9 <= time.monotonic() - start_time < 5
    assert "not approved" in p.stderr


def test_wait_deleted_is_5(server, upload):
    upload_id, file_id = upload
    server.webhook("file.deleted", file_id)
    p = run(server, "wait", upload_id, "--for", "reviewed", "--timeout", "5")
    assert p.returncode == cli.EXIT_DELETED, p.stderr


def test_wait_unknown_is_3(server, uid):
    p = run(server, "wait", uid(), "--timeout", "5")
    assert p.returncode == cli.EXIT_NOT_FOUND


def test_register(server, uid):
    upload_id = uid()
    p = run(server, "register", upload_id, "SPOT_30S_v2.mov",
            "--file-id", "f-" + upload_id, "--project-id", "p-1", "--json")
    assert p.returncode == 0, p.stderr
    track = json.loads(p.stdout)
    assert track["upload_id"] == upload_id and track["project_id"] == "p-1"

    # the same again: 0; other data: a conflict, 1; refused input, 2
    p = run(server, "register", upload_id, "SPOT_30S_v2.mov",
            "--file-id", "f-" + upload_id, "--project-id", "p-1")
    assert p.returncode == 0, p.stderr
    p = run(server, "register", upload_id, "OTHER.mov")
    assert p.returncode == cli.EXIT_ERROR
    assert "409" in p.stderr
    p = run(server, "register", uid(), "")
    assert p.returncode == cli.EXIT_USAGE
    assert "filename" in p.stderr


def test_comment_and_delete(server, upload):
    upload_id, _ = upload
    p = run(server, "comment", upload_id, "pas ok, le son sature",
            "--author", "Léa", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["review_status"] == "NEEDS_CHANGES"

    assert run(server, "delete", upload_id).returncode == 0
    assert run(server, "delete", upload_id).returncode == cli.EXIT_NOT_FOUND


def test_list(server, client, upload, uid):
    upload_id, file_id = upload
    server.webhook("file.ready", file_id)
    other = uid()
    client.register_upload(other, other + ".mov")

    p = run(server, "list")
    assert p.returncode == 0, p.stderr
    assert upload_id in p.stdout and other in p.stdout

    p = run(server, "list", "--status", "ready", "--json")
    assert p.returncode == 0, p.stderr
    ids = [t["upload_id"] for t in json.loads(p.stdout)]
    assert upload_id in ids and other not in ids

    p = run(server, "list", "--limit", "1", "--json")
    assert len(json.loads(p.stdout)) == 1


def test_stats(server, upload):
    p = run(server, "stats")
    assert p.returncode == 0, p.stderr
    assert "total_tracked" in p.stdout
    p = run(server, "stats", "--json")
    assert json.loads(p.stdout)["total_tracked"] >= 1


def test_webhook_url(server):
    p = run(server, "webhook-url")
    assert p.returncode == 0
    assert p.stdout.strip() == server.url + "/frameio/webhook"


def test_bad_usage_is_2(server, upload):
    upload_id, _ = upload
    for args in (["wait", upload_id, "--timeout", "soon"],
                 ["wait", upload_id, "--for", "published"],
                 ["list", "--limit", "0"],
                 []):
        p = run(server, *args)
        assert p.returncode == cli.EXIT_USAGE, (args, p.stderr)


def test_no_server_is_1(server):
    p = run(server, "stats", url="http://127.0.0.1:9")
    assert p.returncode == cli.EXIT_ERROR
    assert "127.0.0.1:9" in p.stderr
