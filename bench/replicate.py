#!/usr/bin/env python3
"""ngx_postflow replication benchmark (make bench-replicate).

Two nginx nodes (A and B, 2 workers each) share their tracks through a
Redis stream (`postflow_replicate`, a redis-server that this script
starts and stops), next to ONE node with the same configuration but
for `postflow_replicate`, which also serves stock nginx (`return 200`).
All of them run at once on 127.0.0.1, in one run:

  1. replication lag: changes (file.ready webhooks for pre-registered
     uploads) split across A and B, a few in flight at a time; for each,
     the time from its acknowledgement (the webhook's 200) by one node
     to its visibility on the other, seen by GETs of the upload
     (`GET /api/uploads/{id}` until READY) and by a long poll started
     before the change (`?wait=ready&timeout=10s`); the same while wrk
     loads both nodes; and the `lag_ms` of /stats, sampled every 20 ms;
  2. webhook throughput with the same wrk settings (two wrk processes,
     --conns/2 connections each) on: stock `return 200`, the single
     node, A and B (one wrk each), A only (B follows); in interleaved
     rounds, median of the rounds, every figure also as a ratio to
     stock and to the single node within its round;
  3. webhook p50/p99 of the same runs, and at 1 connection.

Every process is a child in its own process group, stopped and waited
for at the end, also when the script fails or is interrupted.

    bench/replicate.py --module build/ngx_http_postflow_module.so
                       [--nginx /usr/sbin/nginx] [--out build/bench]
                       [--changes 300] [--seconds 5] [--rounds 3]
                       [--conns 50] [--port 3990] [--redis-port 3980]
"""

import argparse
import http.client
import json
import os
import pwd
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run  # noqa: E402  (bench/run.py: wrk and its Lua scripts)


CONF = """
daemon off;
master_process on;
worker_processes 2;
error_log {prefix}/error.log notice;
pid {prefix}/nginx.pid;
{user}
load_module {module};
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    client_body_temp_path {prefix}/tmp;
    postflow_zone tracks 64m;
    postflow_state {prefix}/state/journal;
{replicate}
    server {{
        listen 127.0.0.1:{port};
        location = /stock {{ return 200; }}
        location /hook {{ postflow_webhook tracks; }}
        location /api/ {{ postflow_api tracks; }}
        location /stats {{ postflow_stats tracks; }}
    }}
}}
"""

REPLICATE = ("    postflow_replicate redis://127.0.0.1:{rport}"
             " stream={stream} node={node} timeout=3s;")

EVENT_TYPES = ("file.created", "file.upload.completed", "file.ready")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def pct(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def event(etype, file_id):
    return run.compact({"type": etype,
                        "resource": {"type": "file", "id": file_id},
                        "account": {"id": "a1"}, "project": {"id": "p1"}})


def registration(uid, fid):
    return run.compact({"upload_id": uid, "filename": uid + ".mov",
                        "file_id": fid})


def group_stop(proc, sig, grace):
    """sig to proc's process group, then SIGKILL to it after grace."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        proc.wait()


def task_cpu_ns(pid):
    total = 0
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
    except OSError:
        pass
    return total


# ---------------------------------------------------------------------------
# the processes

class Redis:
    def __init__(self, binary, root, port):
        self.port = port
        self.dir = os.path.join(root, "redis")
        os.makedirs(self.dir)
        self.proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1",
             "--dir", self.dir, "--appendonly", "yes",
             "--appendfsync", "everysec", "--save", "",
             "--daemonize", "no", "--protected-mode", "no"],
            stdin=subprocess.DEVNULL,
            stdout=open(os.path.join(self.dir, "redis.log"), "w"),
            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("redis-server exited with %d, see %s"
                                   % (self.proc.returncode, self.dir))
            try:
                if self.cmd("PING") == "PONG":
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("redis-server does not answer on %d" % port)

    def cmd(self, *args):
        """One command in RESP; its reply (simple types only)."""
        s = socket.create_connection(("127.0.0.1", self.port), 5)
        try:
            s.sendall(b"*%d\r\n" % len(args) + b"".join(
                b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode())
                for a in args))
            f = s.makefile("rb")
            line = f.readline().rstrip(b"\r\n")
            kind, rest = line[:1], line[1:].decode()
            if kind in (b"+", b"-"):
                return rest
            if kind == b":":
                return int(rest)
            if kind == b"$":
                n = int(rest)
                return None if n < 0 else f.read(n + 2)[:-2].decode()
            return line.decode()
        finally:
            s.close()

    def cpu_ns(self):
        return task_cpu_ns(self.proc.pid)

    def stop(self):
        group_stop(self.proc, signal.SIGTERM, 10)


class Node:
    def __init__(self, args, root, name, port, replicate):
        self.name, self.port, self.args = name, port, args
        self.prefix = os.path.join(root, name)
        for d in ("state", "tmp"):
            os.makedirs(os.path.join(self.prefix, d))
        user = ""
        if os.geteuid() == 0:
            user = "user nobody nogroup;"
            pw = pwd.getpwnam("nobody")
            os.chown(os.path.join(self.prefix, "state"), pw.pw_uid,
                     pw.pw_gid)
        self.conf = os.path.join(self.prefix, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(CONF.format(
                prefix=self.prefix, user=user, port=port,
                module=os.path.abspath(args.module),
                replicate=REPLICATE.format(rport=args.redis_port,
                                           stream=args.stream, node=name)
                if replicate else ""))
        self.proc = None
        self.error_log = os.path.join(self.prefix, "error.log")

    def start(self):
        self.proc = subprocess.Popen(
            [self.args.nginx, "-p", self.prefix + "/", "-c", self.conf],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.prefix, "stderr.log"), "w"),
            start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx %s exited with %d, see %s"
                                   % (self.name, self.proc.returncode,
                                      self.prefix))
            try:
                self.stats()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx %s does not answer on %d"
                           % (self.name, self.port))

    def workers(self):
        pid = self.proc.pid
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def cpu_ns(self):
        return sum(task_cpu_ns(p) for p in self.workers())

    def stop(self):
        group_stop(self.proc, signal.SIGQUIT, 10)

    def req(self, method, path, body=None):
        return run.req(self.port, method, path,
                       body.encode() if isinstance(body, str) else body,
                       {"Content-Type": "application/json"} if body
                       else None)

    def stats(self):
        return run.stats(self.port)

    def tracks(self):
        """Every track, page by page, as the API lists them."""
        out, after = [], None
        while True:
            path = "/api/uploads?limit=1000" + (
                "&after=" + after if after else "")
            st, body = self.req("GET", path)
            assert st == 200, (st, body[:200])
            page = json.loads(body)
            out += page["uploads"]
            after = page.get("next")
            if not after:
                return out


class Conn:
    """One keep-alive connection to a node."""

    def __init__(self, port):
        self.port = port
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)

    def req(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body else {}
        for attempt in (0, 1):
            try:
                self.c.request(method, path, body=body, headers=headers)
                r = self.c.getresponse()
                return r.status, r.read()
            except (http.client.HTTPException, OSError):
                self.c.close()
                if attempt:
                    raise

    def close(self):
        self.c.close()


# ---------------------------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.root = tempfile.mkdtemp(prefix="postflow-replicate-")
        os.chmod(self.root, 0o755)
        self.out = os.path.abspath(args.out)
        os.makedirs(self.out, exist_ok=True)
        self.redis = None
        self.solo = Node(args, self.root, "solo", args.port, False)
        self.a = Node(args, self.root, "a", args.port + 1, True)
        self.b = Node(args, self.root, "b", args.port + 2, True)
        self.nodes = (self.solo, self.a, self.b)
        self.wrk = run.Wrk(args.wrk, self.root)
        self.notes = []
        self.failed = False

    # -- set-up --------------------------------------------------------------

    def start(self):
        self.redis = Redis(self.args.redis, self.root, self.args.redis_port)
        for n in self.nodes:
            n.start()
        log("bench: redis on %d, solo on %d, A on %d, B on %d (%s)"
            % (self.args.redis_port, self.solo.port, self.a.port,
               self.b.port, self.root))

    def register(self, node, pairs, threads=4):
        """Registers (upload, file) pairs on node through keep-alive
        connections; each must be answered 201 (or 200: the same)."""
        bad, retried = [], []

        def work(k):
            c = Conn(node.port)
            for uid, fid in pairs[k::threads]:
                for attempt in range(50):
                    st, body = c.req("POST", "/api/uploads",
                                     registration(uid, fid))
                    if st != 503:
                        break
                    # refused (see the Checks): asked again, as a client
                    # should; a repetition is 200
                    retried.append(uid)
                    time.sleep(0.01)
                if st not in (200, 201):
                    bad.append((uid, st, body[:120]))
            c.close()

        ths = [threading.Thread(target=work, args=(k,))
               for k in range(threads)]
        for t in ths:
            t.start()
        for t in ths:
            t.join()
        if retried:
            self.notes.append("registrations on %s answered 503 and asked"
                              " again: %d times (%d uploads)"
                              % (node.name.upper(), len(retried),
                                 len(set(retried))))
        if bad:
            raise RuntimeError("registrations refused on %s: %r"
                               % (node.name, bad[:3]))

    def converged(self, timeout=30):
        """A and B at the same stream position with the same number of
        tracks; the seconds it took, or None."""
        t0 = time.time()
        while time.time() - t0 < timeout:
            sa, sb = self.a.stats(), self.b.stats()
            if (sa["replication"]["last_applied_id"]
                    == sb["replication"]["last_applied_id"]
                    and sa["total_tracked"] == sb["total_tracked"]):
                return time.time() - t0
            time.sleep(0.05)
        return None

    def load(self):
        m = self.args.uploads
        pairs = [("bench-u%05d" % k, "bench-f%05d" % k) for k in range(m)]
        t0 = time.time()
        self.register(self.solo, pairs)
        half = len(pairs) // 2
        self.register(self.a, pairs[:half])
        self.register(self.b, pairs[half:])
        if self.converged() is None:
            raise RuntimeError("A and B do not converge after loading")
        log("bench: %d uploads registered on the single node and, half on"
            " A and half on B, on both (%.1f s)" % (m, time.time() - t0))

        # the webhooks of the throughput runs: 3 event types over the
        # uploads, unsigned (no postflow_webhook_secret)
        bodies = [event(t, fid) for t in EVENT_TYPES for _, fid in pairs]
        self.files = {}
        for name, path in (("hook", "/hook"), ("stock", "/stock")):
            self.files[name] = os.path.join(self.root, name + ".req")
            run.write_requests(self.files[name],
                               [("POST", path, ["Content-Type:"
                                                " application/json"], b)
                                for b in bodies])
        self.body_bytes = (min(map(len, bodies)), max(map(len, bodies)))

        # one of each before measuring
        for n in self.nodes:
            st, body = n.req("POST", "/hook", bodies[-1])
            assert st == 200, (n.name, st, body[:200])
        st, _ = self.solo.req("POST", "/stock", bodies[0])
        assert st == 200, st

    # -- 1. lag ----------------------------------------------------------------

    def lag(self, label, n, method, concurrency):
        """n file.ready changes, origin A and B in turn, concurrency at
        a time; per change: (origin, sent->ack, ack->visible on the peer,
        sent->visible) in ms, and whether it was visible at once."""
        tag = "lag-%s-%s" % (label, method)
        pairs = [("%s-%04d" % (tag, i), "%s-f%04d" % (tag, i))
                 for i in range(n)]
        # registered on the node that will take their change
        self.register(self.a, pairs[0::2], 2)
        self.register(self.b, pairs[1::2], 2)
        if self.converged() is None:
            raise RuntimeError("%s: A and B do not converge" % label)

        results, errors = [], []
        lock = threading.Lock()

        def one(i, conns):
            origin, peer = (self.a, self.b) if i % 2 == 0 else (self.b,
                                                                 self.a)
            uid, fid = pairs[i]
            oc, pc = conns[origin.name], conns[peer.name]
            body = event("file.ready", fid)
            seen = {}

            if method == "longpoll":
                lc = http.client.HTTPConnection("127.0.0.1", peer.port,
                                                timeout=15)
                lc.request("GET", "/api/uploads/%s?wait=ready&timeout=10s"
                           % uid)

                def wait():
                    try:
                        r = lc.getresponse()
                        data = r.read()
                        seen["t"] = time.perf_counter()
                        seen["how"] = r.getheader("X-Postflow-Wait")
                        seen["ok"] = (r.status == 200
                                      and b'"status":"READY"' in data)
                    except (http.client.HTTPException, OSError) as e:
                        seen["err"] = repr(e)

                th = threading.Thread(target=wait)
                th.start()
                # the waiter parked in the peer; its worker checks its
                # waiters every 50 ms: a random phase to that timer
                time.sleep(0.01 + 0.05 * random.random())

            t0 = time.perf_counter()
            st, res = oc.req("POST", "/hook", body)
            t1 = time.perf_counter()
            if st != 200 or b'"applied"' not in res:
                # refused: made anyway? (the peer shows it within 3 s)
                made = False
                while time.perf_counter() - t1 < 3 and not made:
                    pst, data = pc.req("GET", "/api/uploads/" + uid)
                    made = pst == 200 and b'"status":"READY"' in data
                    time.sleep(0.01)
                errors.append((origin.name, st, res[:100].decode(
                    errors="replace").strip(), "READY on the peer anyway"
                    if made else "not on the peer"))
                if method == "longpoll":
                    th.join()
                    lc.close()
                return

            at_once = False
            if method == "longpoll":
                th.join()
                lc.close()
                if not seen.get("ok"):
                    errors.append((peer.name, "long poll", seen))
                    return
                t2 = seen["t"]
                at_once = seen["how"] != "satisfied"
            else:
                polls = 0
                while True:
                    pst, data = pc.req("GET", "/api/uploads/" + uid)
                    polls += 1
                    if pst == 200 and b'"status":"READY"' in data:
                        t2 = time.perf_counter()
                        break
                    if time.perf_counter() - t1 > 10:
                        errors.append((peer.name, "not visible after 10 s",
                                       uid))
                        return
                    time.sleep(0.0005)
                at_once = polls == 1
            with lock:
                results.append({"origin": origin.name,
                                "ack": (t1 - t0) * 1000,
                                "lag": (t2 - t1) * 1000,
                                "total": (t2 - t0) * 1000,
                                "at_once": at_once})

        def worker(k):
            conns = {"a": Conn(self.a.port), "b": Conn(self.b.port)}
            try:
                for i in range(k, n, concurrency):
                    one(i, conns)
            except Exception as e:      # noqa: BLE001  (said in the table)
                errors.append(("worker", repr(e)))
            finally:
                for c in conns.values():
                    c.close()

        samples = {"a": [], "b": []}
        stop = threading.Event()

        def sampler():
            while not stop.wait(0.02):
                for node in (self.a, self.b):
                    try:
                        samples[node.name].append(
                            node.stats()["replication"]["lag_ms"])
                    except (OSError, AssertionError, KeyError):
                        pass

        sth = threading.Thread(target=sampler)
        sth.start()
        t0 = time.time()
        ths = [threading.Thread(target=worker, args=(k,))
               for k in range(concurrency)]
        for t in ths:
            t.start()
        for t in ths:
            t.join()
        seconds = time.time() - t0
        stop.set()
        sth.join()
        return {"label": label, "method": method, "changes": n,
                "concurrency": concurrency, "results": results,
                "errors": errors, "samples": samples, "seconds": seconds}

    def lag_under_load(self, n, method, concurrency):
        """The same while wrk loads A and B (one wrk each)."""
        half = max(1, self.args.conns // 2)
        procs = [self.wrk.start(node.port, "requests.lua",
                                [self.files["hook"], 1], 1, half, 120)
                 for node in (self.a, self.b)]
        time.sleep(1)
        try:
            r = self.lag("load", n, method, concurrency)
        finally:
            wres = [self.wrk.finish(p, until=lambda: True) for p in procs]
        r["wrk_rps"] = sum(w["rps"] for w in wres)
        r["wrk_errors"] = sum(sum(w["errors"].values()) for w in wres)
        return r

    # -- 2, 3. throughput and latency -------------------------------------------

    def run_wrk(self, targets, file, conns, seconds, cpu_of):
        """One wrk per target port (1 thread, conns/len connections)."""
        per = max(1, conns // len(targets))
        cpu0 = sum(x.cpu_ns() for x in cpu_of)
        procs = [self.wrk.start(port, "requests.lua", [file, 1], 1, per,
                                seconds) for port in targets]
        res = [self.wrk.finish(p) for p in procs]
        cpu = sum(x.cpu_ns() for x in cpu_of) - cpu0
        requests = sum(r["requests"] for r in res)
        return {"rps": sum(r["rps"] for r in res),
                "p50": statistics.mean(r["latency"]["p50"] for r in res),
                "p99": max(r["latency"]["p99"] for r in res),
                "max": max(r["latency"]["max"] for r in res),
                "errors": sum(sum(r["errors"].values()) for r in res),
                "requests": requests,
                "cpu_us": cpu / 1000.0 / max(1, requests)}

    def scenarios(self):
        s, a, b, r = self.solo, self.a, self.b, self.redis
        hook, stock = self.files["hook"], self.files["stock"]
        return [
            ("stock", "stock nginx `return 200`, one nginx",
             [s.port, s.port], stock, [s]),
            ("solo", "postflow_webhook, one node, no postflow_replicate",
             [s.port, s.port], hook, [s]),
            ("ab", "postflow_replicate, A and B (one wrk each)",
             [a.port, b.port], hook, [a, b, r]),
            ("a", "postflow_replicate, all on A (B follows)",
             [a.port, a.port], hook, [a, b, r]),
        ]

    def throughput(self):
        args = self.args
        runs = {}
        for conns, seconds in ((args.conns, args.seconds),
                               (1, max(1, args.seconds // 2))):
            # warm-up
            for key, _, targets, file, cpu_of in self.scenarios():
                if conns == 1 and key == "a":
                    continue
                t = targets[:1] if conns == 1 else targets
                self.run_wrk(t, file, conns, 1, cpu_of)
            for rnd in range(args.rounds):
                for key, _, targets, file, cpu_of in self.scenarios():
                    if conns == 1 and key == "a":
                        continue    # at 1 connection, "ab" is all on A
                    t = targets[:1] if conns == 1 else targets
                    r = self.run_wrk(t, file, conns, seconds, cpu_of)
                    runs.setdefault((key, conns), []).append(r)
                    log("bench: round %d  %-5s c=%-3d %8.0f req/s  p50 %6d"
                        " us  p99 %6d us  %5.1f us CPU/req%s"
                        % (rnd + 1, key, conns, r["rps"], r["p50"], r["p99"],
                           r["cpu_us"], "  ERRORS %d" % r["errors"]
                           if r["errors"] else ""))
        return runs

    # -- the end -----------------------------------------------------------------

    def check_logs(self):
        found = {}
        for n in self.nodes:
            try:
                with open(n.error_log) as f:
                    lines = [ln.rstrip("\n") for ln in f
                             if any(x in ln for x in ("[warn]", "[error]",
                                                      "[crit]", "[alert]",
                                                      "[emerg]"))]
            except OSError:
                lines = []
            found[n.name] = lines
        return found

    def close(self):
        self.wrk.stop_all()
        for n in self.nodes:
            n.stop()
        if self.redis:
            self.redis.stop()
        if self.args.keep or self.failed:
            log("bench: logs kept in %s" % self.root)
        else:
            shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------------------
# the table

def fmt_ms(ms):
    return "%.2f ms" % ms if ms < 10 else "%.1f ms" % ms


def lag_rows(r):
    res = r["results"]
    rows = []
    for origin in (None, "a", "b"):
        sel = [x for x in res if origin is None or x["origin"] == origin]
        if not sel:
            continue
        lag = [x["lag"] for x in sel]
        rows.append("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %d |"
                    % (r["label"] if origin is None else "",
                       {"poll": "GET every 0.5 ms",
                        "longpoll": "long poll"}[r["method"]]
                       if origin is None else "",
                       "both" if origin is None else
                       "%s -> %s" % (origin.upper(),
                                     "B" if origin == "a" else "A"),
                       len(sel),
                       fmt_ms(pct([x["ack"] for x in sel], 50)),
                       fmt_ms(pct(lag, 50)), fmt_ms(pct(lag, 99)),
                       fmt_ms(max(lag)),
                       fmt_ms(pct([x["total"] for x in sel], 99)),
                       sum(1 for x in sel if x["at_once"])))
    return rows


def report(b, lags, runs, converge, extra):
    args = b.args
    lines = []
    w = lines.append
    w("# postflow_replicate: lag and webhook throughput")
    w("")
    w("%s, %d CPUs, load average %s before, %s after; nginx %s, 2 workers"
      " per node; redis-server %s (appendonly yes, everysec); loopback only."
      % (time.strftime("%Y-%m-%d %H:%M"), os.cpu_count() or 0,
         extra["load_before"], run.loadavg(), extra["nginx_version"],
         extra["redis_version"]))
    w("")
    w("## 1. Replication lag")
    w("")
    w("Each change a `file.ready` webhook for an upload registered"
      " beforehand, taken by A and B in turn, %d in flight at a time;"
      " lag = from the webhook's 200 on its node to the upload READY on"
      " the other (GET: the first GET after the 200 that shows it, so at"
      " least one GET's round trip, `visible at once` when that first GET"
      " shows it; long poll: its answer, started 10-60 ms before the"
      " change, which may come before the 200; the peer's worker checks"
      " its waiters every 50 ms)."
      % args.lag_concurrency)
    w("")
    w("| phase | seen by | direction | changes | webhook p50 | lag p50 "
      "| lag p99 | lag max | sent->visible p99 | visible at once |")
    w("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in lags:
        lines.extend(lag_rows(r))
    w("")
    w("phase `idle`: only these changes; `load`: while wrk (1 thread,"
      " %d connections) sends webhooks to each of A and B (%s)."
      % (max(1, args.conns // 2),
         ", ".join("%.0f req/s in all, %d wrk errors" % (r["wrk_rps"],
                                                         r["wrk_errors"])
                   for r in lags if "wrk_rps" in r) or "-"))
    w("")
    w("`lag_ms` of /stats (the latest applied entry, from its XADD to its"
      " application), sampled every 20 ms during each phase:")
    w("")
    w("| phase, seen by | node | samples | p50 | p99 | max |")
    w("|---|---|---:|---:|---:|---:|")
    for r in lags:
        for node in ("a", "b"):
            s = r["samples"][node]
            if s:
                w("| %s, %s | %s | %d | %d ms | %d ms | %d ms |"
                  % (r["label"], r["method"], node.upper(), len(s),
                     pct(s, 50), pct(s, 99), max(s)))
    w("")

    w("## 2, 3. Webhook throughput and latency")
    w("")
    w("Two wrk processes (-t1, --conns/2 connections each; one at 1"
      " connection), %d s per run, %d interleaved rounds, median of the"
      " rounds; the ratios are taken within a round.  %d unsigned webhook"
      " bodies (%d-%d bytes: 3 event types over %d uploads, mostly"
      " duplicates after the first pass, each one still an XADD with"
      " postflow_replicate).  p50: mean of the two wrk's, p99: the larger."
      " CPU/req: nginx workers on-CPU time (schedstat) per request, with"
      " both nodes' workers and redis-server for postflow_replicate."
      % (args.seconds, args.rounds, 3 * args.uploads, b.body_bytes[0],
         b.body_bytes[1], args.uploads))
    w("")
    w("| scenario | conns | req/s | vs stock | vs one node | p50 | p99 "
      "| CPU/req | errors |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    names = {k: name for k, name, _, _, _ in b.scenarios()}
    summary = {}
    for conns in (args.conns, 1):
        for key in ("stock", "solo", "ab", "a"):
            rs = runs.get((key, conns))
            if not rs:
                continue
            vs_stock = median([x["rps"] / y["rps"] for x, y in
                               zip(rs, runs[("stock", conns)])])
            vs_solo = median([x["rps"] / y["rps"] for x, y in
                              zip(rs, runs[("solo", conns)])])
            row = {"rps": median([x["rps"] for x in rs]),
                   "p50": median([x["p50"] for x in rs]),
                   "p99": median([x["p99"] for x in rs]),
                   "cpu": median([x["cpu_us"] for x in rs]),
                   "errors": sum(x["errors"] for x in rs),
                   "vs_stock": vs_stock, "vs_solo": vs_solo}
            summary[(key, conns)] = row
            w("| %s | %d | %.0f | %.2f | %.2f | %s | %s | %.1f us | %d |"
              % (names[key], conns, row["rps"], vs_stock, vs_solo,
                 run.fmt_us(row["p50"]), run.fmt_us(row["p99"]),
                 row["cpu"], row["errors"]))
    w("")

    w("## Checks")
    w("")
    for node, st in extra["final_stats"].items():
        if "replication" in st:
            rp = st["replication"]
            w("- %s: %d tracks, redis %s, last applied %s, applied own %d,"
              " from peers %d, submitted %d, refused %d, skipped %d;"
              " webhooks received %d, rejected %d."
              % (node.upper(), st["total_tracked"], rp["redis"],
                 rp["last_applied_id"], rp["applied_own"],
                 rp["applied_from_peers"], rp["submitted"], rp["refused"],
                 rp["skipped"], st["webhooks"]["received"],
                 sum(st["webhooks"]["rejected"].values())))
        else:
            w("- single node: %d tracks; webhooks received %d, rejected %d."
              % (st["total_tracked"], st["webhooks"]["received"],
                 sum(st["webhooks"]["rejected"].values())))
    w("- A and B %s; their track lists %s."
      % ("at the same stream position %.1f s after the last run"
         % converge if converge is not None else
         "NOT at the same position 30 s after the last run",
         "are the same (%d tracks)" % extra["tracks_same"]
         if extra["tracks_same"] is not None else "DIFFER"))
    subm = sum(st["replication"]["submitted"]
               for st in extra["final_stats"].values()
               if "replication" in st)
    w("- Redis: stream length %s at the end for %d entries submitted in"
      " the run (the nodes trim it every 10 s below their journals'"
      " positions), used memory %s."
      % (extra["xlen"], subm, extra["redis_memory"]))
    errs = [(r["label"], r["method"], e) for r in lags for e in r["errors"]]
    w("- lag changes not applied or not seen: %d%s"
      % (len(errs), (": " + "; ".join(repr(e) for e in errs[:5]))
         if errs else ""))
    for node, found in extra["logs"].items():
        w("- error_log of %s: %d lines at warn or above%s"
          % (node, len(found), (": `" + "`, `".join(
              ln[ln.find("["):][:200] for ln in found[:3]) + "`")
             if found else ""))
    w("")
    text = "\n".join(lines) + "\n"
    return text, summary


def nginx_version(binary):
    r = subprocess.run([binary, "-v"], capture_output=True, text=True)
    return (r.stderr.strip().split("/")[-1] or "?").split()[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nginx", default="/usr/sbin/nginx")
    ap.add_argument("--module", required=True)
    ap.add_argument("--redis", default="/usr/bin/redis-server")
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    ap.add_argument("--port", type=int, default=3990,
                    help="the single node's; A and B take the next two")
    ap.add_argument("--redis-port", type=int, default=3980)
    ap.add_argument("--stream", default="pf-bench")
    ap.add_argument("--uploads", type=int, default=2000,
                    help="uploads the throughput webhooks are for")
    ap.add_argument("--changes", type=int, default=300,
                    help="changes per lag measurement")
    ap.add_argument("--lag-concurrency", type=int, default=4)
    ap.add_argument("--seconds", type=int, default=5,
                    help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory (logs, journals)")
    args = ap.parse_args()

    for what, path in (("wrk", args.wrk), ("redis-server", args.redis),
                       ("nginx", args.nginx)):
        if not shutil.which(path) and not os.path.exists(path):
            sys.exit("bench: %s is missing (%s)" % (what, path))

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    b = Bench(args)
    extra = {"load_before": run.loadavg(),
             "nginx_version": nginx_version(args.nginx)}
    try:
        b.start()
        extra["redis_version"] = subprocess.run(
            [args.redis, "--version"], capture_output=True,
            text=True).stdout.split()[2].split("=")[-1]
        b.load()

        lags = []
        for method in ("poll", "longpoll"):
            r = b.lag("idle", args.changes, method, args.lag_concurrency)
            log("bench: lag idle/%s: %d changes in %.1f s, %d errors"
                % (method, len(r["results"]), r["seconds"],
                   len(r["errors"])))
            lags.append(r)
            r["label"] = "idle"
        for method in ("poll", "longpoll"):
            r = b.lag_under_load(max(50, args.changes // 2), method,
                                 args.lag_concurrency)
            r["label"] = "load"
            log("bench: lag load/%s: %d changes in %.1f s, %d errors"
                % (method, len(r["results"]), r["seconds"],
                   len(r["errors"])))
            lags.append(r)

        runs = b.throughput()

        converge = b.converged(30)
        ta, tb = b.a.tracks(), b.b.tracks()
        key = lambda t: t["upload_id"]   # noqa: E731
        same = (json.dumps(sorted(ta, key=key), sort_keys=True)
                == json.dumps(sorted(tb, key=key), sort_keys=True))
        extra["tracks_same"] = len(ta) if same else None
        if not same:
            da = {t["upload_id"]: t for t in ta}
            db = {t["upload_id"]: t for t in tb}
            diff = [u for u in set(da) | set(db) if da.get(u) != db.get(u)]
            b.notes.append("tracks differing between A and B: %d, e.g. %s"
                           % (len(diff), diff[:3]))
        extra["final_stats"] = {n.name: n.stats() for n in b.nodes}
        extra["xlen"] = b.redis.cmd("XLEN", args.stream)
        info = b.redis.cmd("INFO", "memory") or ""
        extra["redis_memory"] = next(
            (ln.split(":")[1].strip() for ln in info.splitlines()
             if ln.startswith("used_memory_human:")), "?")
        extra["logs"] = b.check_logs()
        text, _ = report(b, lags, runs, converge, extra)
        if b.notes:
            text += "\n".join("- " + n for n in b.notes) + "\n"
        with open(os.path.join(b.out, "replicate.md"), "w") as f:
            f.write(text)
        print(text)
        log("bench: written to %s/replicate.md"
            % os.path.relpath(b.out))
        return 0 if converge is not None and same else 1
    except KeyboardInterrupt:
        log("bench: interrupted")
        b.failed = True
        return 130
    except (RuntimeError, OSError, AssertionError) as e:
        log("bench: failed: %r" % (e,))
        b.failed = True
        return 1
    finally:
        b.close()


if __name__ == "__main__":
    sys.exit(main())
