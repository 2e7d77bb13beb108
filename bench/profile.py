#!/usr/bin/env python3
"""ngx_postflow instruction profile (make bench-profile).

The same nginx configuration and requests as bench/run.py, in one nginx
process (master_process off) under valgrind --tool=callgrind with its
cache simulation.  Instructions are counted, not timed, so the figures do
not move with the neighbours' load on a shared machine:

  - instructions (Ir) and last-level data cache read misses (DLmr) per
    request of each scenario, in user space (nginx, the module, libc,
    libcrypto, yajl; not the kernel), and their ratio to (a) and (b);
  - the functions that dominate (c) and (d), from callgrind_annotate.

Loading runs with the instrumentation off; each scenario is then zeroed
(callgrind_control -z), driven by wrk (1 thread, 1 connection) and dumped
(callgrind_control -d).
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

SCENARIOS = [s for s in run.SCENARIOS]


def callgrind_control(*args):
    r = subprocess.run(["callgrind_control"] + list(args),
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError("callgrind_control %s: %s"
                           % (" ".join(args), r.stdout + r.stderr))


def totals(path):
    """events and their totals of a callgrind dump"""
    events, total = None, None
    with open(path) as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("summary:") or line.startswith("totals:"):
                total = [int(x) for x in line.split()[1:]]
    return dict(zip(events, total))


def annotate(path, n=18):
    r = subprocess.run(["callgrind_annotate", "--inclusive=no",
                        "--show=Ir,D1mr,DLmr", "--sort=Ir",
                        "--threshold=100", path],
                       capture_output=True, text=True)
    lines, out = r.stdout.splitlines(), []
    start = False
    for line in lines:
        if re.match(r"^-+$", line) and start:
            continue
        if "file:function" in line:
            start = True
            continue
        if start and line.strip():
            out.append(line.rstrip())
            if len(out) >= n:
                break
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    run.common_args(ap)
    ap.add_argument("--seconds", type=int, default=6,
                    help="wrk seconds per scenario under callgrind")
    ap.add_argument("--only", default="abcdef")
    ap.add_argument("--ll", default="33554432,16,64",
                    help="simulated last-level cache: size,ways,line")
    args = ap.parse_args()
    args.threads = 1
    args.reg_zone = "256m"

    if not shutil.which("valgrind"):
        sys.exit("bench-profile: valgrind is missing")

    out = os.path.abspath(os.path.join(args.out, "profile"))
    shutil.rmtree(out, ignore_errors=True)
    prefix = os.path.join(out, "nginx")
    data = os.path.join(out, "data")
    for d in (prefix, data, os.path.join(prefix, "empty")):
        os.makedirs(d)

    port = run.free_port()
    body_mode = "echo" if os.path.exists(run.ECHO_MODULE) else "mirror"
    conf = os.path.join(out, "nginx.conf")
    for mode in ((body_mode, "mirror") if body_mode == "echo"
                 else ("mirror",)):
        with open(conf, "w") as f:
            f.write(run.render_conf(args, prefix, port, mode, ["1-1"],
                                    workers=1))
        ok, err = run.Nginx(args.nginx, conf, prefix).test()
        if ok:
            body_mode = mode
            break
    else:
        sys.exit("bench-profile: no working configuration:\n" + err)

    cg_out = os.path.join(out, "callgrind.out")
    # the last level as on a typical server core complex (32 MiB, 16
    # ways), not what the VM reports (here 512 MiB, 2 ways)
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
           "--cache-sim=yes", "--LL=" + args.ll,
           "--callgrind-out-file=" + cg_out,
           args.nginx, "-p", prefix + "/", "-c", conf,
           "-g", "daemon off; master_process off;"]
    log = open(os.path.join(out, "valgrind.log"), "w")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT)
    wrk = run.Wrk(args.wrk, out)
    results = {}
    try:
        deadline = time.time() + 60
        while True:
            try:
                run.socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("nginx under callgrind did not start,"
                                       " see %s" % out)
                time.sleep(0.2)
        pid = str(proc.pid)

        run.log("bench-profile: loading %d tracks under valgrind"
                " (instrumentation off)" % args.tracks)
        mem = run.load_tracks(args, port, wrk, data, seconds=15)
        files, sign_events, _ = run.request_files(args, data)

        callgrind_control("-i", "on", pid)

        # warm: one request path of each kind through the JIT and caches
        for s in "abde":
            if s in args.only:
                wrk.run(port, "requests.lua", [files[s], 1], 1, 1, 1)

        for s, name in SCENARIOS:
            if s not in args.only:
                continue
            if s == "f":
                script, sargs = "register.lua", ["/reg/1-1", 1, 0]
            else:
                script = "requests.lua"
                sargs = [sign_events() if s == "c" else files[s], 1]
            callgrind_control("-z", pid)
            r = wrk.run(port, script, sargs, 1, 1, args.seconds)
            callgrind_control("-d", "scenario-" + s, pid)
            time.sleep(0.5)
            dumps = sorted(glob.glob(cg_out + ".*"), key=os.path.getmtime)
            t = totals(dumps[-1])
            n = max(1, r["requests"])
            results[s] = {"name": name, "requests": r["requests"],
                          "errors": sum(r["errors"].values()),
                          "dump": dumps[-1],
                          "per_req": {k: v / n for k, v in t.items()}}
            run.log("bench-profile: (%s) %d requests, %.0f Ir/req,"
                    " %.1f LL read misses/req"
                    % (s, n, t["Ir"] / n, t.get("DLmr", 0) / n))
    finally:
        wrk.stop_all()
        if proc.poll() is None:
            proc.send_signal(run.signal.SIGQUIT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()

    report(out, results, mem, body_mode, args.ll)


def report(out, results, mem, body_mode, ll):
    lines = []
    w = lines.append
    w("# ngx_postflow instruction profile (callgrind)")
    w("")
    w("One nginx process under callgrind --cache-sim=yes (LL %s), %d"
      " tracks, wrk 1 thread 1 connection; user-space instructions and"
      " simulated data read misses per request.  (b) by %s."
      % (ll, mem["tracks"], body_mode))
    w("")
    w("| scenario | requests | Ir/req | vs (a) | vs (b) | D1 read misses/req"
      " | LL read misses/req |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    a = results.get("a", {}).get("per_req", {}).get("Ir")
    b = results.get("b", {}).get("per_req", {}).get("Ir")
    for s, r in results.items():
        p = r["per_req"]
        w("| (%s) %s | %d | %.0f | %s | %s | %.1f | %.1f |"
          % (s, r["name"], r["requests"], p["Ir"],
             "%.2f" % (p["Ir"] / a) if a else "-",
             "%.2f" % (p["Ir"] / b) if b else "-",
             p.get("D1mr", 0), p.get("DLmr", 0)))
    w("")
    w("vs (a), vs (b): instructions of the row / instructions of (a) or"
      " (b): the cost multiple, the inverse of a throughput ratio.")
    w("")
    for s in "cdef":
        if s not in results:
            continue
        w("## (%s) %s: functions by own instructions" % (s, results[s]["name"]))
        w("")
        w("Ir, D1 read misses, LL read misses over %d requests."
          % results[s]["requests"])
        w("")
        w("```")
        lines.extend(annotate(results[s]["dump"]))
        w("```")
        w("")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(out, "profile.md"), "w") as f:
        f.write(text)
    run.log("bench-profile: written to %s/profile.md" % out)


if __name__ == "__main__":
    sys.exit(main())
