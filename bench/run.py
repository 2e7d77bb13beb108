#!/usr/bin/env python3
"""ngx_postflow benchmark driver (make bench).

Starts one nginx (2 workers) with the module and stock baselines side by
side on 127.0.0.1, loads 100,000 tracks, then measures with wrk, the
same settings for every scenario, in interleaved rounds:

  (a) stock `return 204`                         GET  /stock/return
  (b) stock, reads a 323-byte body, 204          POST /stock/body
  (c) postflow_webhook, signed V4 events         POST /frameio/webhook
  (d) GET /api/uploads/{id} over 100,000 tracks  GET  /api/uploads/...
  (e) postflow_stats with 100,000 tracks         GET  /stats
  (f) registrations (a fresh zone per run)       POST /reg/<run>/uploads

Every figure is the median of the runs, and each ratio is taken within a
round (the runs of a round follow each other) before its median.  Zone
memory is measured on the 100,000 tracks, and a 64 MiB zone is filled
until it answers 507.  nginx runs in the foreground as our child and is
stopped and waited for on exit, Ctrl-C included.
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "lua")
ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so"
SECRET = "bench-frameio-secret-0123456789abcdef"
BODY_B_LEN = 323
EVENT_TYPES = ("file.created", "file.upload.completed", "file.ready")

SCENARIOS = [
    ("a", "stock `return 204`"),
    ("b", "stock, reads a 323-byte body, 204"),
    ("c", "postflow_webhook, signed V4 events, 10,000 uploads"),
    ("d", "GET /api/uploads/{id}, 100,000 tracks"),
    ("e", "postflow_stats, 100,000 tracks"),
    ("f", "POST /api/uploads (registrations)"),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# typical names and ids, the same formulas as bench/lua/register.lua

def hx(x):
    return "%08x" % (x & 0xFFFFFFFF)


def uuid(k):
    return "%s-%s-4%s-a%s-%012x" % (
        hx(k * 2654435761), hx(k * 40503 + 12345)[:4],
        hx(k * 69069 + 1)[:3], hx(k * 1103515245 + 12345)[:3], k)


PROJECTS = [uuid(9000100 + j) for j in range(20)]
WORKSPACES = [uuid(9000200 + j) for j in range(4)]
ACCOUNT = uuid(9000000)
USERS = [uuid(9000300 + j) for j in range(12)]


def track(k):
    m = k % 100000
    scene, shot, version = m // 1000, m // 10 % 100 * 10 + 10, m % 10 + 1
    upload = "sc%02d-sh%04d-comp-v%03d" % (scene, shot, version)
    if k >= 100000:
        upload += "-%d" % (k // 100000)
    p = m % 20
    return {
        "upload_id": upload,
        "filename": "SC%02d_SH%04d_comp_v%03d.mov" % (scene, shot, version),
        "file_id": uuid(k + 7),
        "project_id": PROJECTS[p],
        "workspace_id": WORKSPACES[p % 4],
        "account_id": ACCOUNT,
        "review_link": "https://f.io/" + hx(k * 2246822519 + 7)[:8],
    }


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def v4_event(etype, k, user):
    """A V4 delivery as Frame.io serialises it: compact, keys sorted."""
    t = track(k)
    return compact({
        "account": {"id": t["account_id"]},
        "project": {"id": t["project_id"]},
        "resource": {"id": t["file_id"], "type": "file"},
        "type": etype,
        "user": {"id": user},
        "workspace": {"id": t["workspace_id"]},
    })


def sign(ts, body):
    mac = hmac.new(SECRET.encode(), b"v0:%d:" % ts + body.encode(),
                   hashlib.sha256)
    return "v0=" + mac.hexdigest()


def frameio_headers(ts, sig):
    return ["Content-Type: application/json", "User-Agent: Frame.io V4 API",
            "X-Frameio-Request-Timestamp: %d" % ts,
            "X-Frameio-Signature: " + sig]


def write_requests(path, reqs):
    with open(path, "w") as f:
        for method, uri, headers, body in reqs:
            assert "\t" not in body and "\n" not in body
            f.write("%s\t%s\t%s\t%s\n" % (method, uri, "|".join(headers),
                                          body))


def body_b():
    """A V4-shaped payload of exactly 323 bytes (its type is filler)."""
    base = v4_event("", 0, USERS[0])
    body = v4_event("x" * (BODY_B_LEN - len(base)), 0, USERS[0])
    assert len(body) == BODY_B_LEN
    return body


# ---------------------------------------------------------------------------
# nginx

class Nginx:
    def __init__(self, binary, conf, prefix):
        self.binary, self.conf, self.prefix = binary, conf, prefix
        self.proc = None

    def test(self):
        r = subprocess.run([self.binary, "-t", "-q", "-p", self.prefix + "/",
                            "-c", self.conf, "-g", "daemon off;"],
                           capture_output=True, text=True)
        return r.returncode == 0, r.stderr

    def start(self, port, nice=0):
        self.proc = subprocess.Popen(
            [self.binary, "-p", self.prefix + "/", "-c", self.conf,
             "-g", "daemon off;"],
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.prefix, "stderr.log"), "w"))
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited with %d, see %s"
                                   % (self.proc.returncode, self.prefix))
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx does not listen on port %d" % port)

    def workers(self):
        pid = self.proc.pid
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def cpu_ns(self):
        """On-CPU time of the workers so far (schedstat, nanoseconds)."""
        total = 0
        for pid in self.workers():
            try:
                for tid in os.listdir("/proc/%d/task" % pid):
                    with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                        total += int(f.read().split()[0])
            except OSError:
                pass
        return total

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        # SIGQUIT: graceful; the master waits for its workers
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def req(port, method, uri, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, uri, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def stats(port, uri="/stats"):
    status, data = req(port, "GET", uri)
    assert status == 200, (uri, status, data[:200])
    return json.loads(data)


# ---------------------------------------------------------------------------
# wrk

class Wrk:
    def __init__(self, binary, out, nice=0):
        self.binary, self.out, self.nice = binary, out, nice
        self.procs = []

    def start(self, port, script, args, threads, conns, seconds, env=None):
        cmd = [self.binary, "-t%d" % threads, "-c%d" % conns,
               "-d%ds" % seconds, "--timeout", "5s",
               "-s", os.path.join(LUA, script),
               "http://127.0.0.1:%d" % port, "--"] + [str(a) for a in args]
        e = dict(os.environ, BENCH_LUA_DIR=LUA)
        e.update(env or {})
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, env=e,
                             preexec_fn=(lambda: os.nice(self.nice))
                             if self.nice else None)
        self.procs.append(p)
        return p

    def finish(self, p, until=None):
        """until: polled while wrk runs; once true wrk is interrupted
        (SIGINT: wrk stops and reports), since wrk sleeps its whole
        duration even when its Lua threads have stopped."""
        if until:
            while p.poll() is None:
                if until():
                    p.send_signal(signal.SIGINT)
                    break
                time.sleep(0.2)
        out, _ = p.communicate()
        self.procs.remove(p)
        m = re.search(r"^BENCHJSON (\{.*\})$", out, re.M)
        if p.returncode != 0 or not m:
            raise RuntimeError("wrk failed:\n" + out)
        res = json.loads(m.group(1))
        res["rps"] = res["requests"] / (res["duration_us"] / 1e6)
        return res

    def run(self, *a, until=None, **kw):
        return self.finish(self.start(*a, **kw), until)

    def stop_all(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                p.wait()
        self.procs = []


# ---------------------------------------------------------------------------

def render_conf(args, prefix, port, body_mode, reg_keys, workers=2):
    with open(os.path.join(HERE, "nginx.conf.in")) as f:
        conf = f.read()

    load = ["load_module %s;" % os.path.abspath(args.module)]
    if body_mode == "echo":
        load.insert(0, "load_module %s;" % ECHO_MODULE)
        body = """        # echo_read_request_body reads it in the content phase, as
        # postflow_webhook does (ngx_http_read_client_request_body)
        location = /stock/body {
            echo_read_request_body;
            echo_status  204;
        }"""
    else:
        body = """        # no echo module: mirror reads the body in the precontent
        # phase (and costs a subrequest), the static module then
        # finds nothing and the named location answers 204
        location = /stock/body {
            root                 %s/empty;
            mirror               /stock/sink;
            mirror_request_body  on;
            error_page           404 = @stock_body_done;
        }

        location = /stock/sink {
            internal;
            return  204;
        }

        location @stock_body_done {
            return  204;
        }""" % prefix

    zones = "\n".join("    postflow_zone  reg_%s  %s;" % (k.replace("-", "_"),
                                                       args.reg_zone)
                      for k in reg_keys)
    locs = "\n\n".join("""        location /reg/%s/ {
            postflow_api  reg_%s;
        }""" % (k, k.replace("-", "_")) for k in reg_keys)

    for name, value in (("LOAD_MODULES", "\n".join(load)),
                        ("PREFIX", prefix), ("PORT", str(port)),
                        ("WORKERS", str(workers)),
                        ("SECRET", SECRET), ("BODY_LOCATION", body),
                        ("REG_ZONES", zones), ("REG_LOCATIONS", locs)):
        conf = conf.replace("@%s@" % name, value)
    return conf


def check_body_read(port):
    """(b) must wait for its body: nothing is answered before it comes."""
    s = socket.create_connection(("127.0.0.1", port), 5)
    body = body_b().encode()
    s.sendall(b"POST /stock/body HTTP/1.1\r\nHost: bench\r\n"
              b"Content-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body))
    s.settimeout(0.3)
    try:
        early = s.recv(1024)
    except socket.timeout:
        early = b""
    s.settimeout(5)
    s.sendall(body)
    answer = early or s.recv(1024)
    s.close()
    if early:
        raise RuntimeError("(b) answered before its body was sent: it does"
                           " not read the body")
    if not answer.startswith(b"HTTP/1.1 204"):
        raise RuntimeError("(b) answered %r" % answer[:40])


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def common_args(ap):
    """The options bench/run.py and bench/profile.py share."""
    ap.add_argument("--nginx", default="/usr/sbin/nginx")
    ap.add_argument("--module", required=True)
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    ap.add_argument("--tracks", type=int, default=100000)
    ap.add_argument("--event-tracks", type=int, default=10000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(ap)
    ap.add_argument("--duration", type=int, default=5,
                    help="seconds per wrk run (at most 15)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slices", type=int, default=5,
                    help="a run is this many wrk runs of duration/slices"
                    " seconds, interleaved with the other scenarios'")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--conns", default="50,1")
    ap.add_argument("--reg-zone", default="256m")
    ap.add_argument("--only", default="abcdef",
                    help="scenarios to run, e.g. acd")
    ap.add_argument("--no-fill", action="store_true",
                    help="skip filling the 64 MiB zone")
    ap.add_argument("--nice", type=int, default=0,
                    help="run nginx and wrk at this nice value (e.g. -10,"
                    " root only): on a machine shared with other work,"
                    " req/s then measures nginx rather than the scheduler;"
                    " it slows the other work down while it runs")
    ap.add_argument("--keep", action="store_true",
                    help="leave nginx running until Enter (profiling)")
    args = ap.parse_args()

    args.duration = max(1, min(args.duration, 15))
    conns = [int(c) for c in args.conns.split(",")]
    out = os.path.abspath(args.out)
    prefix = os.path.join(out, "nginx")
    data = os.path.join(out, "data")
    shutil.rmtree(prefix, ignore_errors=True)
    for d in (prefix, data, os.path.join(prefix, "empty")):
        os.makedirs(d, exist_ok=True)

    if not shutil.which(args.wrk) and not os.path.exists(args.wrk):
        sys.exit("bench: wrk is missing (apt-get install wrk)")

    port = free_port()
    reg_keys = ["%d-%d" % (r + 1, c) for r in range(args.runs) for c in conns]
    conf_path = os.path.join(out, "nginx.conf")

    nginx = None
    body_mode = "echo" if os.path.exists(ECHO_MODULE) else "mirror"
    for mode in ((body_mode, "mirror") if body_mode == "echo"
                 else ("mirror",)):
        with open(conf_path, "w") as f:
            f.write(render_conf(args, prefix, port, mode, reg_keys))
        nginx = Nginx(args.nginx, conf_path, prefix)
        ok, err = nginx.test()
        if ok:
            body_mode = mode
            break
        log("bench: nginx -t failed with (b) by %s:\n%s" % (mode, err))
    else:
        sys.exit("bench: no working configuration")

    if body_mode == "mirror":
        log("bench: WARNING: no echo module (apt-get install"
            " libnginx-mod-http-echo): (b) reads the body through mirror,"
            " which adds a subrequest and an internal redirect")

    wrk = Wrk(args.wrk, out, args.nice)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    # also when started with SIGINT ignored (a background job)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    try:
        nginx.start(port, args.nice)
        log("bench: nginx (pid %d) on 127.0.0.1:%d, %s"
            % (nginx.proc.pid, port, conf_path))
        results = bench(args, nginx, port, wrk, data, conns, body_mode)
        results["port"] = port
        report(args, out, results, body_mode, conns)
        if args.keep:
            input("nginx is running on port %d; Enter stops it " % port)
    except KeyboardInterrupt:
        log("bench: interrupted")
        return 130
    except (RuntimeError, OSError, AssertionError) as e:
        log("bench: failed: %r (nginx logs in %s)" % (e, prefix))
        return 1
    finally:
        wrk.stop_all()
        if nginx:
            nginx.stop()
    return 0


def load_tracks(args, port, wrk, data, seconds=15):
    """Registers args.tracks uploads exactly; zone bytes before/after."""
    s0 = stats(port)
    regs = os.path.join(data, "registrations.jsonl")
    with open(regs, "w") as f:
        for k in range(args.tracks):
            f.write(compact(track(k)) + "\n")

    t0 = time.time()
    for attempt in range(6):
        wrk.run(port, "load.lua", [regs, args.threads, "/api"],
                args.threads, 50, seconds,
                until=lambda: stats(port)["total_tracked"] >= args.tracks)
        s1 = stats(port)
        if s1["total_tracked"] >= args.tracks:
            break
    load_s = time.time() - t0
    if s1["total_tracked"] != args.tracks:
        raise RuntimeError("loaded %d tracks, not %d"
                           % (s1["total_tracked"], args.tracks))

    st, body = req(port, "GET", "/api/uploads/" + track(0)["upload_id"])
    assert st == 200, (st, body)

    used = s1["zone_usage"]["bytes"] - s0["zone_usage"]["bytes"]
    return {
        "tracks": args.tracks, "seconds": round(load_s, 2),
        "bytes_before": s0["zone_usage"]["bytes"],
        "bytes_after": s1["zone_usage"]["bytes"],
        "bytes_per_track": used / args.tracks,
        "tracks_per_64mib": int(64 * 1024 * 1024 / (used / args.tracks)),
        "per_second": args.tracks / load_s,
        "sample": track(12345),
    }


def request_files(args, data):
    """The request files of (a), (b), (d), (e), and a function that signs
    the (c) events afresh and returns their file."""
    files = {}
    files["a"] = os.path.join(data, "a.req")
    write_requests(files["a"], [("GET", "/stock/return", [], "")])
    files["b"] = os.path.join(data, "b.req")
    write_requests(files["b"], [("POST", "/stock/body",
                                 frameio_headers(int(time.time()),
                                                 sign(0, body_b())),
                                 body_b())])
    files["d"] = os.path.join(data, "d.req")
    # a stride through all tracks, not the same few
    order = [(i * 7919) % args.tracks for i in range(args.tracks)]
    write_requests(files["d"], [("GET", "/api/uploads/"
                                 + track(k)["upload_id"], [], "")
                                for k in order])
    files["e"] = os.path.join(data, "e.req")
    write_requests(files["e"], [("GET", "/stats", [], "")])

    step = max(1, args.tracks // args.event_tracks)
    event_keys = list(range(0, args.tracks, step))[:args.event_tracks]
    event_bodies = [v4_event(t, k, USERS[k % len(USERS)])
                    for t in EVENT_TYPES for k in event_keys]

    def sign_events():
        """Signed right before the run: fresh for the default 300s."""
        ts = int(time.time())
        path = os.path.join(data, "c.req")
        write_requests(path, [("POST", "/frameio/webhook",
                               frameio_headers(ts, sign(ts, b)), b)
                              for b in event_bodies])
        return path

    return files, sign_events, event_bodies


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def bench(args, nginx, port, wrk, data, conns, body_mode):
    res = {"runs": {}, "memory": {}, "checks": {"loadavg": [loadavg()]}}

    # -- sanity ---------------------------------------------------------
    st, _ = req(port, "GET", "/stock/return")
    assert st == 204, st
    check_body_read(port)

    # -- 100,000 tracks -------------------------------------------------
    res["memory"]["load"] = load_tracks(args, port, wrk, data)
    log("bench: %d tracks loaded in %.1fs: %.0f zone bytes per track"
        % (args.tracks, res["memory"]["load"]["seconds"],
           res["memory"]["load"]["bytes_per_track"]))

    files, sign_events, event_bodies = request_files(args, data)
    res["checks"]["event_body_bytes"] = [min(map(len, event_bodies)),
                                         max(map(len, event_bodies))]

    # one request of each kind before measuring
    c_file = sign_events()
    with open(c_file) as f:
        method, uri, hdrs, b = f.readline().rstrip("\n").split("\t")
    st, body = req(port, "POST", uri, b.encode(),
                    dict(h.split(": ", 1) for h in hdrs.split("|")))
    assert st == 200, (st, body)

    # warm-up: one second of each fixed scenario
    for s in "abde":
        wrk.run(port, "requests.lua", [files[s], args.threads],
                args.threads, 50, 1)

    # -- rounds -------------------------------------------------------------
    # A run of a scenario is args.slices slices of wrk; within a round the
    # scenarios take turns slice by slice, so that a burst of load from
    # elsewhere on the machine falls on all of them alike.
    slice_s = max(1, args.duration // args.slices)
    for rnd in range(1, args.runs + 1):
        for c in conns:
            threads = min(args.threads, c)
            parts = {}
            path_c = sign_events()      # valid for the whole round
            for k in range(args.slices):
                for s, _ in SCENARIOS:
                    if s not in args.only:
                        continue
                    before = stats(port) if s == "c" else None
                    cpu0 = nginx.cpu_ns()
                    if s == "f":
                        r = wrk.run(port, "register.lua",
                                    ["/reg/%d-%d" % (rnd, c), threads,
                                     k * 1000000], threads, c, slice_s)
                    else:
                        path = path_c if s == "c" else files[s]
                        r = wrk.run(port, "requests.lua", [path, threads],
                                    threads, c, slice_s)
                    r["cpu_ns"] = nginx.cpu_ns() - cpu0
                    if s == "c":
                        r["webhooks"] = webhook_delta(before, stats(port))
                    parts.setdefault(s, []).append(r)

            for s, _ in SCENARIOS:
                if s not in parts:
                    continue
                r = merge(parts[s])
                bad = sum(r["errors"].values())
                res["runs"].setdefault("%s/%d" % (s, c), []).append(r)
                log("bench: round %d  (%s) c=%-3d %9.0f req/s  p50 %6d us"
                    "  p99 %6d us  cpu %5.1f us/req%s"
                    % (rnd, s, c, r["rps"], r["latency"]["p50"],
                       r["latency"]["p99"], r["cpu_us"],
                       "  ERRORS %r" % r["errors"] if bad else ""))

    # -- webhooks while /stats is polled: the zone lock -------------------
    if "c" in args.only and "e" in args.only:
        path = sign_events()
        pw = wrk.start(port, "requests.lua", [path, 1], 1, 10, args.duration)
        ps = wrk.start(port, "requests.lua", [files["e"], 1], 1, 10,
                       args.duration)
        res["checks"]["concurrent"] = {"webhook": wrk.finish(pw),
                                       "stats": wrk.finish(ps)}
        pw = wrk.start(port, "requests.lua", [path, 1], 1, 10, args.duration)
        pd = wrk.start(port, "requests.lua", [files["d"], 1], 1, 10,
                       args.duration)
        res["checks"]["concurrent_get"] = {"webhook": wrk.finish(pw),
                                           "get": wrk.finish(pd)}

    res["checks"]["loadavg"].append(loadavg())

    # -- a 64 MiB zone, filled ---------------------------------------------
    if not args.no_fill:
        f0 = stats(port, "/fill/stats")
        t0 = time.time()
        start = 0
        for attempt in range(4):
            r = wrk.run(port, "register.lua", ["/fill", args.threads, start],
                        args.threads, 50, 15,
                        env={"BENCH_STOP_ON_FULL": "1"},
                        until=lambda: stats(port, "/fill/stats")["tracks"]
                        ["registrations_failed"] > 0)
            f1 = stats(port, "/fill/stats")
            if f1["tracks"]["registrations_failed"] > 0:
                break
            start = 1000000 * (attempt + 1)
        fz = f1["zone_usage"]
        res["memory"]["fill"] = {
            "zone_size": fz["size"], "tracks": f1["total_tracked"],
            "bytes": fz["bytes"], "empty_bytes": f0["zone_usage"]["bytes"],
            "full": f1["tracks"]["registrations_failed"] > 0,
            "evicted": f1["tracks"]["evicted"],
            "seconds": round(time.time() - t0, 2),
        }
        log("bench: 64 MiB zone: %d tracks when full (%s)"
            % (f1["total_tracked"],
               "507 reached" if res["memory"]["fill"]["full"]
               else "NOT full"))

    return res


def merge(parts):
    """One run from its slices: requests and time add up; p50 and p99
    are the medians of the slices' (wrk's histograms cannot be merged)."""
    r = {"requests": sum(p["requests"] for p in parts),
         "duration_us": sum(p["duration_us"] for p in parts),
         "slices": len(parts),
         "errors": {k: sum(p["errors"][k] for p in parts)
                    for k in parts[0]["errors"]},
         "latency": {"p50": median([p["latency"]["p50"] for p in parts]),
                     "p99": median([p["latency"]["p99"] for p in parts]),
                     "max": max(p["latency"]["max"] for p in parts)}}
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["cpu_us"] = sum(p["cpu_ns"] for p in parts) / 1000.0 / max(
        1, r["requests"])
    if "webhooks" in parts[0]:
        r["webhooks"] = {k: sum(p["webhooks"][k] for p in parts)
                         for k in parts[0]["webhooks"]}
    return r


def webhook_delta(a, b):
    wa, wb = a["webhooks"], b["webhooks"]
    d = {k: wb[k] - wa[k] for k in ("received", "accepted", "duplicates",
                                     "out_of_order", "unmatched", "ignored")}
    d["rejected"] = sum(wb["rejected"].values()) - sum(
        wa["rejected"].values())
    d["applied"] = (d["accepted"] - d["duplicates"] - d["out_of_order"]
                    - d["unmatched"] - d["ignored"])
    return d


# ---------------------------------------------------------------------------
# the table

def fmt_us(us):
    if us >= 10000:
        return "%.1f ms" % (us / 1000.0)
    if us >= 1000:
        return "%.2f ms" % (us / 1000.0)
    return "%d us" % us


def report(args, out, res, body_mode, conns):
    runs = res["runs"]
    rows = []
    summary = {}

    def ratio(s, base, c, key="rps"):
        """median over the rounds of x/base (req/s), or base/x (CPU cost:
        above 1 is cheaper than the base), both within the round"""
        xs, ys = runs.get("%s/%d" % (s, c)), runs.get("%s/%d" % (base, c))
        if not xs or not ys:
            return float("nan")
        if key == "rps":
            return median([x["rps"] / y["rps"] for x, y in zip(xs, ys)])
        return median([y["cpu_us"] / x["cpu_us"] for x, y in zip(xs, ys)])

    for c in conns:
        for s, name in SCENARIOS:
            rs = runs.get("%s/%d" % (s, c))
            if not rs:
                continue
            row = {
                "scenario": s, "name": name, "conns": c,
                "rps": median([r["rps"] for r in rs]),
                "p50": median([r["latency"]["p50"] for r in rs]),
                "p99": median([r["latency"]["p99"] for r in rs]),
                "vs_a": ratio(s, "a", c), "vs_b": ratio(s, "b", c),
                "cpu_us": median([r["cpu_us"] for r in rs]),
                "cpu_vs_a": ratio(s, "a", c, "cpu"),
                "cpu_vs_b": ratio(s, "b", c, "cpu"),
                "errors": sum(sum(r["errors"].values()) for r in rs),
                "runs": len(rs),
            }
            rows.append(row)
            summary["%s/%d" % (s, c)] = row

    lines = []
    w = lines.append
    w("# ngx_postflow benchmark")
    w("")
    w("%s, %s; nginx %s, 2 workers; wrk -t%d (-t1 at 1 connection),"
      " %d s per run in %d interleaved slices, median of %d rounds;"
      " loopback only."
      % (time.strftime("%Y-%m-%d %H:%M"), machine(), nginx_version(args),
         args.threads, max(1, args.duration // args.slices) * args.slices,
         args.slices, args.runs))
    la = res["checks"].get("loadavg", ["?", "?"])
    w("Load average before the rounds %s, after them %s (%d CPUs: other"
      " work on the machine shows here)%s." % (la[0], la[-1],
                                             os.cpu_count() or 0,
                                             "; nginx and wrk at nice %d"
                                             % args.nice if args.nice
                                             else ""))
    w("(b) reads its body with %s."
      % ("the echo module's echo_read_request_body (Debian"
         " libnginx-mod-http-echo), in the content phase like"
         " postflow_webhook" if body_mode == "echo" else
         "mirror + mirror_request_body (no echo module: a subrequest and"
         " an internal redirect more than a plain read)"))
    w("")
    w("| scenario | conns | req/s | p50 | p99 | vs (a) | vs (b) "
      "| nginx CPU/req | CPU vs (a) | CPU vs (b) |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        w("| (%s) %s | %d | %.0f | %s | %s | %.2f | %.2f | %.1f us | %.2f"
          " | %.2f |%s"
          % (r["scenario"], r["name"], r["conns"], r["rps"], fmt_us(r["p50"]),
             fmt_us(r["p99"]), r["vs_a"], r["vs_b"], r["cpu_us"],
             r["cpu_vs_a"], r["cpu_vs_b"],
             "  errors: %d" % r["errors"] if r["errors"] else ""))
    w("")
    w("req/s, p50, p99: medians of the rounds (p50, p99 of a run: the"
      " medians of its slices); vs (a), vs (b): median over the rounds of"
      " the req/s ratio within the round.  nginx CPU/req: on-CPU time of"
      " the two workers (schedstat) per request; CPU vs (x) = CPU/req of"
      " (x) / CPU/req of the row, so 0.75 means 1/0.75 = 1.33 times the"
      " cost.  The machine is shared and wrk runs on the same CPUs:"
      " req/s moves with the neighbours' load, CPU per request much less.")
    w("")

    # what the webhooks did
    cs = [r for c in conns for r in runs.get("c/%d" % c, [])]
    if cs:
        tot = {}
        for r in cs:
            for k, v in r["webhooks"].items():
                tot[k] = tot.get(k, 0) + v
        lo, hi = res["checks"]["event_body_bytes"]
        w("(c): %d-%d byte bodies, %d event types over %d uploads, signed"
          " at the start of each round (well within the default 300 s);"
          " in all runs %d received: %d applied,"
          " %d duplicates, %d out of order, %d rejected."
          % (lo, hi, len(EVENT_TYPES), args.event_tracks, tot["received"],
             tot["applied"], tot["duplicates"], tot["out_of_order"],
             tot["rejected"]))
        w("")

    conc = res["checks"].get("concurrent")
    if conc:
        cg = res["checks"]["concurrent_get"]
        w("Zone lock: webhooks (1 thread, 10 conns) while /stats is polled"
          " (1 thread, 10 conns): webhook p99 %s at %.0f req/s, /stats p99"
          " %s at %.0f req/s; the same webhooks beside GETs instead of"
          " /stats: p99 %s at %.0f req/s."
          % (fmt_us(conc["webhook"]["latency"]["p99"]),
             conc["webhook"]["rps"], fmt_us(conc["stats"]["latency"]["p99"]),
             conc["stats"]["rps"], fmt_us(cg["webhook"]["latency"]["p99"]),
             cg["webhook"]["rps"]))
        w("")

    mem = res["memory"]
    w("## Memory")
    w("")
    if "load" in mem:
        m = mem["load"]
        w("- %d tracks (typical names: `%s`, `%s`, uuids, a review link):"
          " %.0f zone bytes per track (%d -> %d bytes), so a 64 MiB zone"
          " holds about %d tracks; loaded in %.1f s (%.0f registrations/s,"
          " 50 connections)."
          % (m["tracks"], m["sample"]["upload_id"], m["sample"]["filename"],
             m["bytes_per_track"], m["bytes_before"], m["bytes_after"],
             m["tracks_per_64mib"], m["seconds"], m["per_second"]))
    if "fill" in mem:
        m = mem["fill"]
        w("- A 64m zone filled until 507: %d tracks (%s, %.0f bytes per"
          " track, %.1f s)."
          % (m["tracks"], "full" if m["full"] else "NOT full in time",
             (m["bytes"] - m["empty_bytes"]) / max(1, m["tracks"]),
             m["seconds"]))
    w("")

    # targets: as the brief states them, on req/s; and the same ratios
    # on CPU per request, which the neighbours disturb much less
    w("## Targets")
    w("")
    w("Judged on the req/s ratios, as specified; [CPU] is the same target"
      " on the CPU-per-request ratio.")
    w("")

    def target(label, ok, detail):
        w("- %s %s: %s" % ("PASS" if ok else "MISS", label, detail))

    def both(label, row, key, limit):
        rps, cpu = row["vs_" + key], row["cpu_vs_" + key]
        target(label, rps >= limit, "%.2f  [CPU %.2f: %s]"
               % (rps, cpu, "pass" if cpu >= limit else "miss"))

    for c in conns:
        cr, dr, er = (summary.get("%s/%d" % (s, c)) for s in "cde")
        if cr:
            both("(c) >= 0.75 x (a), c=%d" % c, cr, "a", 0.75)
            both("(c) >= 0.9 x (b), c=%d" % c, cr, "b", 0.9)
        if dr:
            both("(d) >= 0.85 x (a), c=%d" % c, dr, "a", 0.85)
        if er:
            target("(e) p99 < 50 ms, c=%d" % c, er["p99"] < 50000,
                   fmt_us(er["p99"]))
    if "load" in mem:
        target("<= 1 KiB of zone per track",
               mem["load"]["bytes_per_track"] <= 1024,
               "%.0f bytes" % mem["load"]["bytes_per_track"])
    w("")

    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"rows": rows, "memory": mem, "checks": res["checks"],
                   "runs": runs, "body_mode": body_mode}, f, indent=1)
    log("bench: written to %s/results.md" % out)


def machine():
    try:
        with open("/proc/cpuinfo") as f:
            model = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except Exception:
        model = platform.processor() or "?"
    return "%s, %d CPUs" % (model.strip(), os.cpu_count() or 0)


def nginx_version(args):
    r = subprocess.run([args.nginx, "-v"], capture_output=True, text=True)
    m = re.search(r"nginx/(\S+)", r.stderr)
    return m.group(1) if m else "?"


if __name__ == "__main__":
    sys.exit(main())
