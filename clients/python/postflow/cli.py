"""The ``postflow`` command.

    postflow status spot-30s-v2
    postflow wait spot-30s-v2 --for approved --timeout 1h
    postflow list --review-status NEEDS_CHANGES
    postflow stats
    postflow register spot-30s-v2 SPOT_30S_v2.mov --file-id 0b6f1e5c-...

The server is ``--url`` (default ``$POSTFLOW_URL``, else
http://127.0.0.1:8080).  Exit codes, for shell scripts:

    0  done: the condition holds, the track exists, ...
    1  an error: no answer, a conflict, an unexpected answer
    2  bad usage, or input the server refused (400)
    3  no such upload (404)
    4  wait: the time ran out before the condition held
    5  wait: the file was deleted, the condition cannot hold
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, List, Optional

from . import __version__
from .client import CONDITIONS, PostFlowIntegration
from .duration import parse_duration
from .errors import BadRequest, NotFound, PostFlowError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_TIMEOUT = 4
EXIT_DELETED = 5

STATUSES = ("REGISTERED", "UPLOADING", "PROCESSING", "READY", "COMPLETED",
            "DELETED")
REVIEW_STATUSES = ("PENDING", "APPROVED", "NEEDS_CHANGES",
                   "LEANING_APPROVED", "LEANING_REJECTED")


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command in ``argv`` (default sys.argv[1:]); its exit code."""
    args = _parser().parse_args(argv)
    client = PostFlowIntegration(args.url, api_url=args.api_url,
                                 stats_url=args.stats_url)
    upload_id = getattr(args, "upload_id", None)
    try:
        return args.run(client, args)
    except NotFound as e:
        _say("postflow: %s%s" % (upload_id + ": " if upload_id else "",
                                 e.error))
        return EXIT_NOT_FOUND
    except BadRequest as e:
        _say("postflow: the server refused it: %s" % e.error)
        return EXIT_USAGE
    except PostFlowError as e:
        _say("postflow: %s" % e)
        return EXIT_ERROR
    except ValueError as e:
        _say("postflow: %s" % e)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (postflow list | head): no traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR


# the commands

def _status(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    track = client.get_upload_status(args.upload_id)
    _print_track(track, args.json)
    return EXIT_OK


def _wait(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    result = client.wait(args.upload_id, args.condition, args.timeout)
    track = result.track

    # a DELETE during the wait leaves no track to show
    if track is not None and args.json:
        _print_json(track)
    elif track is not None and not args.quiet:
        print(_track_line(track))

    if result.satisfied:
        return EXIT_OK
    if result.outcome == "deleted":
        _say("postflow: %s: the file was deleted" % args.upload_id)
        return EXIT_DELETED
    _say("postflow: %s: not %s after %gs" % (args.upload_id, args.condition,
                                             args.timeout))
    return EXIT_TIMEOUT


def _list(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    tracks = []
    for track in client.iter_uploads(args.status, args.review_status,
                                     page_size=min(args.limit or 1000,
                                                   1000)):
        tracks.append(track)
        if args.limit and len(tracks) == args.limit:
            break

    if args.json:
        _print_json(tracks)
    else:
        for track in tracks:
            print(_track_line(track))
    return EXIT_OK


def _stats(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    stats = client.get_tracking_stats()
    if args.json:
        _print_json(stats)
        return EXIT_OK

    for key in ("total_tracked", "active_tracks", "events_processed",
                "comments_analyzed"):
        print("%-26s %s" % (key, stats.get(key)))
    for key in ("status_distribution", "review_status_distribution"):
        counts = stats.get(key) or {}
        print("%-26s %s" % (key, " ".join("%s=%s" % kv
                                          for kv in counts.items())))
    print("%-26s %s" % ("active_uploads",
                        " ".join(stats.get("active_uploads") or []) or "-"))
    return EXIT_OK


def _register(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    track = client.register_upload(
        args.upload_id, args.filename, file_id=args.file_id,
        project_id=args.project_id, workspace_id=args.workspace_id,
        account_id=args.account_id, review_link=args.review_link)
    _print_track(track, args.json)
    return EXIT_OK


def _comment(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    track = client.add_comment(args.upload_id, args.text, author=args.author,
                               comment_id=args.comment_id)
    _print_track(track, args.json)
    return EXIT_OK


def _delete(client: PostFlowIntegration, args: argparse.Namespace) -> int:
    client.delete_upload(args.upload_id)
    return EXIT_OK


def _webhook_url(client: PostFlowIntegration,
                 args: argparse.Namespace) -> int:
    print(client.get_webhook_url())
    return EXIT_OK


# output

def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _track_line(track: Dict[str, Any]) -> str:
    return "%s  %s  %s  %s" % (track["upload_id"], track["status"],
                               track["review_status"], track["filename"])


def _print_track(track: Dict[str, Any], as_json: bool) -> None:
    if as_json:
        _print_json(track)
        return
    width = max(len(k) for k in track)
    for key, value in track.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "-"
        elif value is None:
            value = "-"
        print("%-*s  %s" % (width, key, value))


# arguments

def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError("not a positive number: %r" % text)
    return n


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="postflow",
        description="Ask a PostFlow nginx about the uploads it tracks.",
        epilog="exit codes: 0 done, 1 error, 2 bad usage or input,"
               " 3 no such upload, 4 wait timed out, 5 file deleted")
    p.add_argument("--version", action="version",
                   version="postflow " + __version__)
    p.add_argument("--url", help="the server's base URL (default"
                                 " $POSTFLOW_URL, else"
                                 " http://127.0.0.1:8080)")
    p.add_argument("--api-url", help="the API's URL (default URL/api/)")
    p.add_argument("--stats-url", help="the statistics' URL"
                                       " (default URL/stats)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def command(name: str, run: Any, help: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help, description=help)
        c.set_defaults(run=run)
        return c

    def json_flag(c: argparse.ArgumentParser) -> None:
        c.add_argument("--json", action="store_true",
                       help="print the server's JSON")

    c = command("status", _status, "show an upload's track")
    c.add_argument("upload_id")
    json_flag(c)

    c = command("wait", _wait, "wait until an upload is ready, approved or"
                               " reviewed")
    c.add_argument("upload_id")
    c.add_argument("--for", dest="condition", choices=CONDITIONS,
                   default="ready", help="the condition (default ready)")
    c.add_argument("--timeout", type=_duration, default=600.0,
                   metavar="TIME",
                   help="how long to wait: 90s, 10m, 1h (default 10m)")
    c.add_argument("-q", "--quiet", action="store_true",
                   help="print nothing; the exit code says it")
    json_flag(c)

    c = command("list", _list, "list the tracked uploads")
    c.add_argument("--status", type=str.upper, choices=STATUSES)
    c.add_argument("--review-status", type=str.upper,
                   choices=REVIEW_STATUSES)
    c.add_argument("--limit", type=_positive, help="at most this many")
    json_flag(c)

    c = command("stats", _stats, "show the server's statistics")
    json_flag(c)

    c = command("register", _register, "register an upload for tracking")
    c.add_argument("upload_id")
    c.add_argument("filename")
    for name in ("file-id", "project-id", "workspace-id", "account-id",
                 "review-link"):
        c.add_argument("--" + name)
    json_flag(c)

    c = command("comment", _comment, "add a review comment to an upload")
    c.add_argument("upload_id")
    c.add_argument("text")
    c.add_argument("--author")
    c.add_argument("--comment-id")
    json_flag(c)

    c = command("delete", _delete, "forget an upload")
    c.add_argument("upload_id")

    command("webhook-url", _webhook_url,
            "print the URL to give Frame.io for its webhook")

    return p
