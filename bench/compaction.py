#!/usr/bin/env python3
"""ngx_postflow compaction benchmark (make bench-compaction).

Webhook latency while the journal of 100,000 tracks is compacted, next
to the same webhooks with a journal that is never compacted: the same
nginx binary, the same configuration but for the compaction threshold,
the same wrk settings, one after the other in the same run.

Each phase starts a fresh nginx (2 workers) with `postflow_state`,
loads the tracks through the API, then sends signed V4 webhooks for
10,000 of them (every delivery is a journal record) for --seconds.
With `compact=1m` the journal crosses four times its last snapshot
during that window, and a worker compacts it: error_log says how long
it took and how much of it the zone was locked.
"""

import argparse
import os
import pwd
import re
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run  # noqa: E402  (bench/run.py: nginx, wrk and the requests)


COMPACTED = re.compile(r"compacted from (\d+) to (\d+) bytes in (\d+) ms,"
                       r" (\d+) ms of them with the zone locked")


def state_dir(prefix):
    """The journal's directory, the workers' to write in (nobody when
    nginx runs as root)."""
    d = os.path.join(prefix, "state")
    os.makedirs(d, exist_ok=True)
    if os.geteuid() == 0:
        pw = pwd.getpwnam("nobody")
        os.chown(d, pw.pw_uid, pw.pw_gid)
    return d


def phase(args, name, compact, wrk):
    out = os.path.abspath(os.path.join(args.out, name))
    prefix = os.path.join(out, "nginx")
    data = os.path.join(out, "data")
    shutil.rmtree(out, ignore_errors=True)
    for d in (prefix, data, os.path.join(prefix, "empty")):
        os.makedirs(d, exist_ok=True)

    port = run.free_port()
    conf = run.render_conf(args, prefix, port, "mirror", [])
    conf = conf.replace("error.log  warn;", "error.log  notice;", 1)
    conf = conf.replace(
        "    postflow_zone  tracks  256m;\n",
        "    postflow_zone  tracks  256m;\n    postflow_state  %s/tracks.state"
        " compact=%s;\n" % (state_dir(prefix), compact), 1)
    conf_path = os.path.join(out, "nginx.conf")
    with open(conf_path, "w") as f:
        f.write(conf)

    nginx = run.Nginx(args.nginx, conf_path, prefix)
    try:
        nginx.start(port)
        run.log("%s: nginx on 127.0.0.1:%d, loading %d tracks"
                % (name, port, args.tracks))
        run.load_tracks(args, port, wrk, data)

        _, sign_events, _ = run.request_files(args, data)
        log_path = os.path.join(prefix, "error.log")
        log_at = os.path.getsize(log_path)

        res = wrk.run(port, "requests.lua", [sign_events(), args.threads],
                      args.threads, args.conns, args.seconds)

        with open(log_path) as f:
            f.seek(log_at)
            compactions = [tuple(int(x) for x in m.groups())
                           for m in COMPACTED.finditer(f.read())]
        s = run.stats(port)
    finally:
        nginx.stop()

    rejected = sum(s["webhooks"]["rejected"].values())
    return {"latency": res["latency"], "rps": res["rps"],
            "errors": res["errors"], "rejected": rejected,
            "compactions": compactions}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    run.common_args(ap)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--conns", type=int, default=50)
    args = ap.parse_args()
    args.reg_zone = "1m"

    if not shutil.which(args.wrk) and not os.path.exists(args.wrk):
        sys.exit("bench: wrk is missing (apt-get install wrk)")

    wrk = run.Wrk(args.wrk, os.path.abspath(args.out))

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    try:
        without = phase(args, "without", "100g", wrk)
        with_ = phase(args, "with", "1m", wrk)
    except KeyboardInterrupt:
        return 130
    finally:
        wrk.stop_all()

    lines = ["# Webhook latency during a compaction (%d tracks)" % args.tracks,
             "", time.strftime("%Y-%m-%d %H:%M:%S, ") + "load %s" %
             run.loadavg(), "",
             "| journal | req/s | p50 | p90 | p99 | max | compactions |",
             "|---|---|---|---|---|---|---|"]
    for name, r in (("never compacted", without), ("compacted", with_)):
        lat = r["latency"]
        c = ", ".join("%d MB in %d ms (%d ms locked)"
                      % (old // 1000000, total, locked)
                      for old, new, total, locked in r["compactions"])
        lines.append("| %s | %.0f | %s | %s | %s | %s | %s |"
                     % (name, r["rps"], run.fmt_us(lat["p50"]),
                        run.fmt_us(lat["p90"]), run.fmt_us(lat["p99"]),
                        run.fmt_us(lat["max"]), c or "none"))
    ratio = with_["latency"]["p99"] / max(1, without["latency"]["p99"])
    lines += ["", "p99 with a compaction / without: %.2f" % ratio,
              "rejected webhooks: %d and %d; wrk errors: %s and %s"
              % (without["rejected"], with_["rejected"], without["errors"],
                 with_["errors"])]

    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "compaction.md"), "w") as f:
        f.write(text)
    print(text)

    if not with_["compactions"]:
        print("bench: no compaction happened in the window: more --seconds")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
