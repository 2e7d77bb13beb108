"""PostFlowIntegration and the seed's functions against a real nginx."""

from __future__ import annotations

import threading
import time

import pytest

import postflow
import postflow.client
from postflow import (BadRequest, Conflict, NotFound, PostFlowError,
                      PostFlowIntegration, Unreachable)
from postflow.duration import parse_duration

APPROVAL = "validé, bon pour diffusion"
CHANGES = "fix the logo at 00:12"


def later(seconds, fn, *args):
    """Run fn(*args) in a thread after ``seconds``; the thread."""
    t = threading.Timer(seconds, fn, args)
    t.start()
    return t


def register(client, uid, **kw):
    upload_id = uid()
    file_id = "file-" + upload_id
    client.register_upload(upload_id, upload_id.upper() + ".mov",
                           file_id=file_id, **kw)
    return upload_id, file_id


# registration and reading

def test_register_returns_the_track(client, uid):
    upload_id = uid()
    track = client.register_upload(upload_id, "SPOT_30S_v2.mov",
                                   file_id="f-" + upload_id,
                                   project_id="p-1", workspace_id="w-1",
                                   review_link="https://f.io/abc")
    assert track["upload_id"] == upload_id
    assert track["filename"] == "SPOT_30S_v2.mov"
    assert track["file_id"] == "f-" + upload_id
    assert track["project_id"] == "p-1"
    assert track["workspace_id"] == "w-1"
    assert track["review_link"] == "https://f.io/abc"
    assert track["status"] == "REGISTERED"
    assert track["review_status"] == "PENDING"
    assert track["webhook_events_received"] == []


def test_register_again_is_harmless_other_data_conflicts(client, uid):
    upload_id, file_id = register(client, uid)
    again = client.register_upload(upload_id, upload_id.upper() + ".mov",
                                   file_id=file_id)
    assert again["upload_id"] == upload_id

    with pytest.raises(Conflict) as e:
        client.register_upload(upload_id, "OTHER.mov")
    assert e.value.status == 409
    assert "already registered" in e.value.error
    assert isinstance(e.value, PostFlowError)

    # another upload with a file another one has
    with pytest.raises(Conflict):
        client.register_upload(uid(), "X.mov", file_id=file_id)


def test_editors_never_approve_their_upload(client, uid):
    upload_id = uid()
    track = client.register_upload(upload_id, "SPOT.mov",
                                   editors=["ed-1", "ed-2"])
    assert track["editors"] == ["ed-1", "ed-2"]

    track = client.add_comment(upload_id, APPROVAL, author="ed-2")
    assert track["review_status"] == "PENDING"
    track = client.add_comment(upload_id, APPROVAL, author="ed-2",
                               role="reviewer")
    assert track["review_status"] == "APPROVED"

    thread = [{"text": APPROVAL, "role": "editor"}]
    assert client.analyze(thread)["review_status"] == "PENDING"
    with pytest.raises(BadRequest) as e:
        client.analyze([{"text": APPROVAL, "role": "boss"}])
    assert "role" in e.value.error


def test_register_bad_input_is_bad_request(client, uid):
    with pytest.raises(BadRequest) as e:
        client.register_upload(uid(), "")
    assert e.value.status == 400
    assert "filename" in e.value.error

    with pytest.raises(BadRequest):
        client.register_upload("with/slash", "A.mov")


def test_get_upload_status(client, server, uid):
    upload_id, file_id = register(client, uid)
    server.webhook("file.created", file_id)

    details = client.get_upload_status(upload_id)
    assert details["status"] == "UPLOADING"
    assert details["review_status"] == "PENDING"
    assert details["comments_count"] == 0
    assert details["file_id"] == file_id
    assert details["created_at"].endswith("Z")
    assert details["account_id"] == "6f70f1bd-7f89-4b3c-8d2a-2a9a3d7a1c01"
    assert [e.split(":")[0] for e in details["webhook_events_received"]] \
        == ["file.created"]


def test_unknown_upload_is_not_found(client, uid):
    upload_id = uid()
    for call in (client.get_upload_status, client.is_upload_approved,
                 client.check_upload_ready, client.wait_for_upload_ready,
                 client.delete_upload):
        with pytest.raises(NotFound) as e:
            call(upload_id)
        assert e.value.status == 404
        assert e.value.error == "no such upload"


def test_ids_that_are_not_ids(client):
    for bad in ("", "a/b", None):
        with pytest.raises(ValueError):
            client.get_upload_status(bad)


def test_is_upload_approved_false_then_true(client, uid):
    upload_id, _ = register(client, uid)
    assert client.is_upload_approved(upload_id) is False

    track = client.add_comment(upload_id, APPROVAL, author="Léa",
                               comment_id="c-" + upload_id)
    assert track["review_status"] == "APPROVED"
    assert track["comments_count"] == 1
    assert client.is_upload_approved(upload_id) is True


def test_check_upload_ready(client, server, uid):
    upload_id, file_id = register(client, uid)
    assert client.check_upload_ready(upload_id) is False
    assert server.webhook("file.ready", file_id)["outcome"] == "applied"
    assert client.check_upload_ready(upload_id) is True


def test_comments_and_analysis(client, uid):
    upload_id, _ = register(client, uid)
    track = client.add_comment(upload_id, CHANGES, comment_id="c1")
    assert track["review_status"] == "NEEDS_CHANGES"
    # the same comment_id again is not counted again
    track = client.add_comment(upload_id, CHANGES, comment_id="c1")
    assert track["comments_count"] == 1

    with pytest.raises(BadRequest):
        client.add_comment(upload_id, "")

    analysis = client.analyze([CHANGES, "fixed in v2", "validé 👍"])
    assert analysis["review_status"] == "APPROVED"
    assert [c["verdict"] for c in analysis["comments"]][-1] == "approve"


def test_list_and_delete(client, server, uid):
    ids = [register(client, uid)[0] for _ in range(3)]
    server.webhook("file.ready", "file-" + ids[0])

    seen = [t["upload_id"] for t in client.iter_uploads(page_size=1)]
    assert set(ids) <= set(seen)
    assert len(seen) == len(set(seen))

    ready = [t["upload_id"] for t in client.iter_uploads(status="READY")]
    assert ids[0] in ready and ids[1] not in ready

    page = client.list_uploads(limit=2)
    assert page["count"] == len(page["uploads"]) == 2

    with pytest.raises(BadRequest):
        client.list_uploads(status="NOPE")

    client.delete_upload(ids[2])
    with pytest.raises(NotFound):
        client.get_upload_status(ids[2])


# waits

def test_wait_for_upload_ready_returns_when_the_webhook_arrives(
        client, server, uid):
    upload_id, file_id = register(client, uid)
    t = later(0.5, server.webhook, "file.ready", file_id)
    start = time.monotonic()
    try:
        assert client.wait_for_upload_ready(upload_id, timeout=10) is True
    finally:
        t.join()
    elapsed = time.monotonic() - start
    assert 0.4 <= elapsed < 3, elapsed
    assert client.get_upload_status(upload_id)["status"] == "READY"


def test_wait_approval_returns_when_a_comment_approves(client, uid):
    upload_id, _ = register(client, uid)
    t = later(0.5, client.add_comment, upload_id, APPROVAL)
    start = time.monotonic()
    try:
        assert client.wait_approval(upload_id, max_wait=10) is True
    finally:
        t.join()
    assert time.monotonic() - start < 3


def test_wait_times_out_with_false(client, uid):
    upload_id, _ = register(client, uid)

    start = time.monotonic()
    assert client.wait_for_upload_ready(upload_id, timeout=1) is False
    assert 0.9 <= time.monotonic() - start < 3

    start = time.monotonic()
    assert client.wait_approval(upload_id, max_wait=1) is False
    assert 0.9 <= time.monotonic() - start < 3

    result = client.wait(upload_id, "approved", timeout=0)
    assert result.outcome == "timeout" and not result.satisfied
    assert result.track["upload_id"] == upload_id


def test_wait_already_true_answers_at_once(client, server, uid):
    upload_id, file_id = register(client, uid)
    server.webhook("file.ready", file_id)
    start = time.monotonic()
    result = client.wait(upload_id, "ready", timeout=30)
    assert result.satisfied and result.track["status"] == "READY"
    assert time.monotonic() - start < 1


class CountingRequests:
    """Wraps the client's transport to count the long polls it sends."""

    def __init__(self, monkeypatch):
        self.polls = []
        real = postflow.client.request

        def counted(method, url, body=None, timeout=10.0):
            if "wait=" in url:
                self.polls.append(url)
            return real(method, url, body, timeout)

        monkeypatch.setattr(postflow.client, "request", counted)


def test_wait_asks_again_while_the_server_says_timeout(
        client, server, uid, monkeypatch):
    # long polls of one second: the webhook comes during the third
    monkeypatch.setattr(postflow.client, "MAX_POLL", 1)
    counter = CountingRequests(monkeypatch)
    upload_id, file_id = register(client, uid)

    t = later(2.5, server.webhook, "file.ready", file_id)
    try:
        assert client.wait_for_upload_ready(upload_id, timeout=10) is True
    finally:
        t.join()
    assert len(counter.polls) == 3, counter.polls
    assert all("timeout=1s" in url for url in counter.polls)


def test_wait_stops_at_the_callers_total_timeout(
        client, uid, monkeypatch):
    monkeypatch.setattr(postflow.client, "MAX_POLL", 1)
    counter = CountingRequests(monkeypatch)
    upload_id, _ = register(client, uid)

    start = time.monotonic()
    assert client.wait_approval(upload_id, max_wait=2) is False
    assert 1.9 <= time.monotonic() - start < 4
    assert len(counter.polls) == 2, counter.polls


def test_wait_ends_when_the_file_is_deleted(client, server, uid):
    upload_id, file_id = register(client, uid)
    t = later(0.5, server.webhook, "file.deleted", file_id)
    start = time.monotonic()
    try:
        result = client.wait(upload_id, "approved", timeout=10)
    finally:
        t.join()
    assert result.outcome == "deleted" and not result.satisfied
    assert result.track["status"] == "DELETED"
    assert time.monotonic() - start < 3
    assert client.wait_for_upload_ready(upload_id, timeout=5) is False


def test_wait_ends_when_the_track_is_deleted(client, uid):
    upload_id, _ = register(client, uid)
    t = later(0.5, client.delete_upload, upload_id)
    try:
        result = client.wait(upload_id, "approved", timeout=10)
    finally:
        t.join()
    assert result.outcome == "deleted" and result.track is None
    with pytest.raises(NotFound):
        client.wait(upload_id, "approved", timeout=1)


def test_wait_for_review(client, uid):
    upload_id, _ = register(client, uid)
    t = later(0.3, client.add_comment, upload_id, CHANGES)
    try:
        assert client.wait_for_review(upload_id, timeout=10) \
            == "NEEDS_CHANGES"
    finally:
        t.join()
    assert client.wait_for_review(register(client, uid)[0], timeout=0) \
        is None


def test_wait_refuses_an_unknown_condition(client, uid):
    with pytest.raises(ValueError):
        client.wait(uid(), "published", timeout=1)


# statistics, webhook URL, configuration

def test_get_tracking_stats(client, server, uid):
    upload_id, file_id = register(client, uid)
    server.webhook("file.ready", file_id)

    stats = client.get_tracking_stats()
    for key in ("total_tracked", "active_tracks", "events_processed",
                "comments_analyzed", "status_distribution",
                "review_status_distribution", "active_uploads",
                "webhooks", "zone_usage"):
        assert key in stats, key
    assert stats["total_tracked"] >= 1
    assert stats["status_distribution"]["READY"] >= 1
    assert upload_id in stats["active_uploads"]
    assert stats["webhooks"]["accepted"] >= 1


def test_get_webhook_url_is_where_frameio_posts(client, server, uid):
    assert client.get_webhook_url() == server.url + "/frameio/webhook"
    assert server.webhook_url == client.get_webhook_url()
    assert PostFlowIntegration(server.url + "/",
                               webhook_url="https://hooks.example/fio") \
        .get_webhook_url() == "https://hooks.example/fio"


def test_api_and_stats_urls_can_be_given(server, uid):
    client = PostFlowIntegration("http://127.0.0.1:9",
                                 api_url=server.url + "/api",
                                 stats_url=server.url + "/stats")
    upload_id, _ = register(client, uid)
    assert client.get_upload_status(upload_id)["upload_id"] == upload_id
    assert client.get_tracking_stats()["total_tracked"] >= 1
    assert client.start_tracking() is True


def test_a_wrong_api_url_is_not_found(server):
    client = PostFlowIntegration(server.url, api_url=server.url + "/nope/")
    with pytest.raises(NotFound):
        client.get_upload_status("x")


def test_no_server_is_unreachable(server):
    client = PostFlowIntegration("http://127.0.0.1:9", timeout=2)
    with pytest.raises(Unreachable) as e:
        client.get_tracking_stats()
    assert e.value.status is None
    assert isinstance(e.value, PostFlowError)
    with pytest.raises(Unreachable):
        client.start_tracking()


def test_the_seeds_module_functions(server, uid, monkeypatch):
    monkeypatch.setattr(postflow.default, "_default", None)
    monkeypatch.setenv("POSTFLOW_URL", server.url)
    # without init_postflow(): the defaults, here $POSTFLOW_URL
    assert postflow.get_postflow().url == server.url

    pf = postflow.init_postflow(server.url)
    assert isinstance(pf, PostFlowIntegration)
    assert postflow.get_postflow() is pf

    upload_id = uid()
    track = postflow.track_upload(upload_id=upload_id,
                                  filename="ma_video.mp4",
                                  file_id="f-" + upload_id,
                                  project_id="p-1")
    assert track["project_id"] == "p-1"
    assert postflow.check_upload_ready(upload_id) is False
    server.webhook("file.ready", "f-" + upload_id)
    assert postflow.check_upload_ready(upload_id) is True
    assert pf.is_upload_approved(upload_id) is False


def test_parse_duration():
    assert parse_duration("90") == 90
    assert parse_duration("90s") == 90
    assert parse_duration("10m") == 600
    assert parse_duration("1h") == 3600
    assert parse_duration("1h30m") == 5400
    assert parse_duration("2d") == 172800
    assert parse_duration("1.5h") == 5400
    for bad in ("", "h", "1x", "1 h", "-1s", "10 20"):
        with pytest.raises(ValueError):
            parse_duration(bad)
