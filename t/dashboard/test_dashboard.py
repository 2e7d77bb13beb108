"""The dashboard in headless Chromium against a real nginx: it loads
under its Content-Security-Policy without an error, shows what the API
holds, follows a webhook within 5 s without a reload, filters, searches,
pages, speaks French to a French browser, and turns rows into cards on a
phone.  Screenshots go to build/dashboard*.png."""

from __future__ import annotations

import time
from typing import Any, Dict, List

import pytest

from conftest import REPO, Browser, Server, page_rows, wait_for

SHOTS = REPO / "build"

EN = {"REGISTERED": "Registered", "UPLOADING": "Uploading",
      "PROCESSING": "Processing", "READY": "Ready",
      "COMPLETED": "Completed", "DELETED": "Deleted",
      "PENDING": "Pending", "APPROVED": "Approved",
      "NEEDS_CHANGES": "Needs changes",
      "LEANING_APPROVED": "Leaning approved",
      "LEANING_REJECTED": "Leaning rejected"}

# a dozen uploads of a week of review: (id, file, events, comments)
SCENE = [
    ("spot-30s", "SPOT_30S_v2.mov", ["file.created", "file.ready"],
     ["Le logo est trop petit à 00:12, il faut l'agrandir"]),
    ("trailer", "TRAILER_v3.mov", ["file.created", "file.ready"],
     ["Nice pacing", "Please fix the colour grade in the last shot"]),
    ("teaser", "BA_Teaser_15s.mov", ["file.created", "file.upload.completed"],
     ["Pas convaincu par la musique, à revoir peut-être"]),
    ("interview", "INTERVIEW_CEO_v1.mov", ["file.created"], []),
    ("spot-15s", "SPOT_15S.mov", ["file.created", "file.ready"],
     ["Approved, great work!"]),
    ("credits", "Générique fin.mov", ["file.created", "file.ready"],
     ["validé 👍"]),
    ("sc03", "SC03_SH010_v2.mov", ["file.created", "file.ready"],
     ["Looks good overall, nice transitions"]),
    ("making-of", "MAKING_OF_v1.mov", [], []),
    ("doc-ep2", "DOC_Episode2_v4.mov", ["file.created", "file.ready"],
     ["Super travail, on valide !"]),
    ("promo", "PROMO_Instagram_9x16.mp4",
     ["file.created", "file.upload.completed"], []),
    ("old-cut", "OLD_CUT_v0.mov", ["file.created", "file.deleted"], []),
    ("ba-vf", "Bande_annonce_VF.mov", ["file.created", "file.ready"],
     ["Peux-tu corriger le sous-titre à 01:05 ?"]),
]


@pytest.fixture(scope="module")
def scene(server: Server) -> List[str]:
    for uid, name, events, comments in SCENE:
        server.register(uid, name, review_link="https://f.io/r/" + uid)
        for event in events:
            server.webhook(event, uid)
        for text in comments:
            server.comment(uid, text)
    return [s[0] for s in SCENE]


def shown(browser: Browser, server: Server, query: str = "") -> None:
    """Waits until the page's rows are those of data?query, in order."""
    def same() -> bool:
        want = [u["upload_id"] for u in server.data(query)["uploads"]]
        return [r["id"] for r in page_rows(browser)] == want
    wait_for("the rows of data" + query, same, 5)


def load(browser: Browser, server: Server) -> None:
    browser.go(server.dashboard)
    shown(browser, server)


@pytest.fixture(scope="module")
def en(open_browser, server: Server, scene: List[str]) -> Browser:
    b = open_browser(lang="en-US")
    load(b, server)
    return b


def console_problems(browser: Browser) -> List[Dict[str, Any]]:
    return [e for e in browser.logs()
            if e.get("level") in ("SEVERE", "WARNING")]


def test_loads_without_error(en: Browser, server: Server) -> None:
    load(en, server)
    time.sleep(0.3)   # a late violation would be logged by now
    assert console_problems(en) == []
    # the bars' lengths came through the CSSOM, which the CSP allows
    counts = server.data()["counts"]

    def lengths() -> bool:
        bars = en.js("""
            return Array.from(document.querySelectorAll('#chart-status .bar'))
                .map(li => [li.className,
                            li.querySelector('.bar-fill').offsetWidth,
                            li.querySelector('.bar-track').offsetWidth]);""")
        for cls, fill, track in bars:
            share = counts["status"][cls.split("st-")[1]] / counts["total"]
            assert abs(fill - share * track) <= 2, (cls, fill, track, share)
        return any(fill > 0 for _, fill, _ in bars)
    wait_for("bars as long as their counts", lengths, 2)

    # the check can fail: an inline style is refused, and said
    en.js("document.body.insertAdjacentHTML('beforeend',"
          " '<p style=\"color: red\">x</p>')")
    wait_for("a CSP violation in the console", lambda: any(
        "Content Security Policy" in e["message"]
        for e in console_problems(en)), 2)


def test_copies_the_webhook_url(en: Browser, server: Server) -> None:
    load(en, server)
    en.click("#copy")
    wait_for("the button says it copied", lambda: en.js(
        "return document.getElementById('copy').textContent") == "Copied", 2)
    assert console_problems(en) == []


def test_rows_and_counts_are_the_apis(en: Browser, server: Server) -> None:
    data = server.data()
    tracks = {t["upload_id"]: t for t in server.tracks()}
    rows = page_rows(en)
    assert [r["id"] for r in rows] == [u["upload_id"] for u in data["uploads"]]
    assert len(rows) == len(tracks) == 12
    for row, u in zip(rows, data["uploads"]):
        t = tracks[row["id"]]
        assert row["file"] == t["filename"]
        assert row["status"] == EN[t["status"]]
        assert row["review"] == EN[t["review_status"]]
        assert "rv-" + t["review_status"] in row["review_class"]
        assert row["comments"] == str(t["comments_count"])
        assert row["link"] == t["review_link"]
        lc = u["last_comment"]
        assert row["excerpt"] == (lc["excerpt"] if lc else "")
        assert row["activity"].endswith("ago") or row["activity"] == "now"
    # attention first: the server's order is kept
    assert rows[0]["review"] in ("Needs changes", "Leaning rejected")

    bars = en.js("""
        const out = {};
        for (const li of document.querySelectorAll('.bar'))
            out[li.className.split(' ')[1]] =
                li.querySelector('.bar-count').textContent;
        return out;""")
    for name in EN:
        kind = "status" if "st-" + name in bars else "review_status"
        want = sum(1 for t in tracks.values() if t[kind] == name)
        prefix = "st-" if kind == "status" else "rv-"
        assert bars[prefix + name] == str(want) == \
            str(data["counts"][kind][name]), name
    assert en.js("return document.getElementById('range').textContent") \
        == "1–12 of 12"
    assert en.js("return document.getElementById('webhook').value") \
        == server.url + "/frameio/webhook"
    assert en.js("return document.getElementById('health-journal')"
                 ".textContent") == "OK"
    assert en.js("return document.getElementById('health-poller')"
                 ".textContent") == "Off"


def test_filters_and_search(en: Browser, server: Server) -> None:
    load(en, server)
    en.click('#f-review option[value="NEEDS_CHANGES"]')
    shown(en, server, "?review_status=NEEDS_CHANGES")
    assert {r["review"] for r in page_rows(en)} == {"Needs changes"}

    en.click('#f-status option[value="READY"]')
    shown(en, server, "?status=READY&review_status=NEEDS_CHANGES")

    en.click('#f-review option[value=""]')
    en.click('#f-status option[value=""]')
    en.type("#f-q", "spot")
    shown(en, server, "?q=spot")
    assert sorted(r["file"] for r in page_rows(en)) == \
        ["SPOT_15S.mov", "SPOT_30S_v2.mov"]

    en.clear("#f-q")
    en.type("#f-q", "zzz-none")
    shown(en, server, "?q=zzz-none")
    assert en.js("return document.getElementById('empty').hidden") is False


def seen_within(browser: Browser, what: str, script: str,
                timeout: float = 5.0) -> float:
    start = time.monotonic()
    wait_for(what, lambda: browser.js(script), timeout, 0.02)
    return time.monotonic() - start


def test_follows_changes_without_reload(en: Browser, server: Server) -> None:
    load(en, server)
    en.js("window.notReloaded = true;")

    server.webhook("file.upload.completed", "interview")
    took = seen_within(en, "a webhook's change", """
        const tr = document.querySelector('tr[data-upload-id="interview"]');
        return tr && tr.querySelector('.c-status .word').textContent
               === 'Processing';""")
    print("\nwebhook shown in %.2f s" % took)
    assert took < 5

    server.comment("making-of", "Please change the title card, too dark")
    took = seen_within(en, "a comment's change", """
        const tr = document.querySelector('#rows tr');
        return tr.dataset.uploadId === 'making-of'
            && tr.querySelector('.c-comments').textContent === '1'
            && tr.querySelector('.verdict').textContent.includes('changes');
        """)
    print("comment shown in %.2f s" % took)
    assert en.js("return window.notReloaded === true")
    shown(en, server)
    assert console_problems(en) == []


def test_screenshots(open_browser, en: Browser, server: Server) -> None:
    load(en, server)
    en.resize(1280, 1340)   # the whole dozen, for the README
    try:
        en.screenshot(SHOTS / "dashboard.png")
    finally:
        en.resize(1280, 900)

    phone = open_browser(lang="en-US", size="390,844")
    load(phone, server)
    cards = phone.js("""
        const tr = document.querySelector('#rows tr');
        return [getComputedStyle(tr).display,
                getComputedStyle(document.querySelector('thead')).position,
                getComputedStyle(tr.querySelector('.c-status'), '::before')
                    .content];""")
    assert cards == ["block", "absolute", '"Status"']
    phone.js("document.getElementById('uploads-title').scrollIntoView()")
    phone.screenshot(SHOTS / "dashboard-phone.png")
    phone.quit()


def test_french(open_browser, server: Server, scene: List[str]) -> None:
    fr = open_browser(lang="fr-FR")
    load(fr, server)
    assert fr.js("return document.documentElement.lang") == "fr"
    assert fr.js("return Array.from(document.querySelectorAll('thead th'))"
                 ".map(th => th.textContent)") == \
        ["Fichier", "État", "Revue", "Commentaires", "Dernier commentaire",
         "Dernière activité", "Lien de revue"]
    rows = {r["id"]: r for r in page_rows(fr)}
    assert rows["credits"]["status"] == "Terminé"
    assert rows["credits"]["review"] == "Validé"
    assert rows["credits"]["verdict"] == "✓ Valide"
    assert rows["spot-30s"]["review"] == "Corrections demandées"
    assert all(r["activity"].startswith("il y a")
               or r["activity"] == "maintenant" for r in rows.values())
    assert fr.js("return document.getElementById('range').textContent") \
        == "1–12 sur 12"
    assert fr.js("return document.getElementById('f-review')"
                 ".options[0].textContent") == "Tous"
    fr.screenshot(SHOTS / "dashboard-fr.png")
    assert console_problems(fr) == []
    fr.quit()


def test_says_when_the_server_is_unreachable(en: Browser,
                                             server: Server) -> None:
    load(en, server)

    def block(urls: List[str]) -> None:
        """the data's requests fail, as when nginx is gone"""
        for cmd, params in (("Network.enable", {}),
                            ("Network.setBlockedURLs", {"urls": urls})):
            en.cmd("POST", "/goog/cdp/execute",
                   {"cmd": cmd, "params": params})

    updated = "return document.getElementById('updated').textContent"
    block(["*/dashboard/data*"])
    try:
        wait_for("said offline", lambda: en.js(updated).startswith(
            "Server unreachable"), 5)
        assert en.js("return document.body.classList.contains('offline')")
    finally:
        block([])
    server.comment("promo", "Please fix the subtitles at 00:40")
    wait_for("back", lambda: en.js(updated).startswith("Updated at"), 5)
    shown(en, server)
    en.logs()   # the failed fetches were logged, as they should


def test_pages(en: Browser, server: Server) -> None:
    for i in range(150):
        server.register("bulk-%03d" % i, "BULK_%03d.mov" % i)
    load(en, server)
    rng = "return document.getElementById('range').textContent"
    assert en.js(rng) == "1–100 of 162"
    assert en.js("return document.getElementById('prev').disabled") is True

    en.click("#next")
    shown(en, server, "?offset=100")
    assert en.js(rng) == "101–162 of 162"
    assert len(page_rows(en)) == 62
    assert en.js("return document.getElementById('next').disabled") is True

    en.click("#prev")
    shown(en, server, "?offset=0")
    assert len(page_rows(en)) == 100
