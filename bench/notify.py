#!/usr/bin/env python3
"""Figures of postflow_notify, measured on this machine:

  1. delivery latency: from a change's acknowledgement (the webhook's
     2xx) to its receipt by a receiver on 127.0.0.1, p50 and p99;
  2. kill -9 under a stream of changes: of the acknowledged ones, how
     many were not notified after a restart;
  3. the webhook's latency p50/p99 while the receiver hangs.

    bench/notify.py [--nginx /usr/sbin/nginx] [--module build/...so]
                    [--changes 200] [--port 3990]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
RECEIVER = os.path.join(HERE, '..', 't', 'lib', 'notify-receiver.py')

CONF = """
daemon off;
master_process on;
worker_processes 2;
error_log {root}/error.log info;
pid {root}/nginx.pid;
{user}
load_module {module};
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp;
    postflow_zone tracks 32m;
    postflow_state {root}/state/journal;
    postflow_notify http://127.0.0.1:{rport}/hook on=ready secret=s3cret;
    server {{
        listen 127.0.0.1:{port};
        location /hook {{ postflow_webhook tracks; }}
        location /api/ {{ postflow_api tracks; }}
        location /stats {{ postflow_stats tracks; }}
    }}
}}
"""


def pct(values, p):
    values = sorted(values)
    if not values:
        return float('nan')
    return values[min(len(values) - 1, int(len(values) * p / 100))]


class Bench:
    def __init__(self, args):
        self.args = args
        self.root = tempfile.mkdtemp(prefix='postflow-notify-')
        os.chmod(self.root, 0o755)
        os.makedirs(os.path.join(self.root, 'state'))
        os.makedirs(os.path.join(self.root, 'tmp'))
        user = ''
        if os.geteuid() == 0:
            user = 'user nobody nogroup;'
            shutil.chown(os.path.join(self.root, 'state'), 'nobody')
        self.rport = args.port + 1
        self.rlog = os.path.join(self.root, 'receiver.log')
        self.rmode = os.path.join(self.root, 'receiver.mode')
        self.conf = os.path.join(self.root, 'nginx.conf')
        with open(self.conf, 'w') as f:
            f.write(CONF.format(root=self.root, user=user,
                                module=os.path.abspath(args.module),
                                rport=self.rport, port=args.port))
        self.mode('ok')
        self.receiver = subprocess.Popen(
            [sys.executable, RECEIVER, str(self.rport), self.rlog,
             self.rmode])
        self.nginx = None
        self.n = 0

    def mode(self, m):
        with open(self.rmode, 'w') as f:
            f.write(m)

    def start(self):
        self.nginx = subprocess.Popen(
            [self.args.nginx, '-p', self.root + '/', '-c', self.conf],
            start_new_session=True)
        for _ in range(100):
            try:
                self.get('/stats')
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit('nginx did not start')

    def kill9(self):
        os.killpg(self.nginx.pid, signal.SIGKILL)
        self.nginx.wait()

    def stop(self):
        if self.nginx and self.nginx.poll() is None:
            os.killpg(self.nginx.pid, signal.SIGQUIT)
            self.nginx.wait()

    def request(self, path, body):
        req = urllib.request.Request(
            'http://127.0.0.1:%d%s' % (self.args.port, path),
            data=json.dumps(body).encode(), method='POST')
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status

    def get(self, path):
        with urllib.request.urlopen(
                'http://127.0.0.1:%d%s' % (self.args.port, path),
                timeout=10) as res:
            return json.loads(res.read())

    def change(self):
        """a new track made ready: one notification; (id, acked at)"""
        self.n += 1
        uid, fid = 'u%d' % self.n, 'f%d' % self.n
        self.request('/api/uploads', {'upload_id': uid,
                                      'filename': uid + '.mov',
                                      'file_id': fid})
        t0 = time.time()
        self.request('/hook', {'type': 'file.ready',
                               'resource': {'type': 'file', 'id': fid},
                               'account': {'id': 'a'}})
        return uid, t0, time.time()

    def received(self, counts=None):
        got = {}
        try:
            with open(self.rlog) as f:
                for line in f:
                    r = json.loads(line)
                    if r['answered'] != 200:
                        continue
                    uid = json.loads(r['body'])['track']['upload_id']
                    got.setdefault(uid, r['t'])
                    if counts is not None:
                        counts[uid] = counts.get(uid, 0) + 1
        except OSError:
            pass
        return got

    def wait_for(self, uids, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            got = self.received()
            if all(u in got for u in uids):
                return got
            time.sleep(0.1)
        return self.received()

    def latency(self):
        acked = {}
        for _ in range(self.args.changes):
            uid, _, t1 = self.change()
            acked[uid] = t1
            time.sleep(0.01)
        got = self.wait_for(acked)
        lat = [(got[u] - acked[u]) * 1000 for u in acked if u in got]
        print('delivery latency over %d changes: p50 %.1f ms, p99 %.1f ms,'
              ' max %.1f ms, %d not delivered'
              % (len(acked), pct(lat, 50), pct(lat, 99), max(lat),
                 len(acked) - len(lat)))

    def kill_under_stream(self):
        acked, stop = [], threading.Event()

        def stream():
            while not stop.is_set():
                try:
                    uid, _, _ = self.change()
                    acked.append(uid)
                except OSError:
                    return

        th = threading.Thread(target=stream)
        th.start()
        time.sleep(2)
        self.kill9()
        stop.set()
        th.join()
        self.start()
        got = self.wait_for(acked)
        lost = [u for u in acked if u not in got]
        time.sleep(1)
        counts = {}
        self.received(counts)
        twice = sum(1 for u in acked if counts.get(u, 0) > 1)
        print('kill -9 under a stream: %d changes acknowledged, %d not'
              ' notified after the restart, %d notified twice'
              % (len(acked), len(lost), twice))

    def hanging(self):
        self.mode('hang')
        time.sleep(0.2)
        lat = []
        for _ in range(self.args.changes):
            _, t0, t1 = self.change()
            lat.append((t1 - t0) * 1000)
        print('webhook latency while the receiver hangs (%d webhooks):'
              ' p50 %.1f ms, p99 %.1f ms, max %.1f ms'
              % (len(lat), pct(lat, 50), pct(lat, 99), max(lat)))
        self.mode('ok')

    def close(self):
        self.stop()
        self.receiver.terminate()
        self.receiver.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nginx', default='/usr/sbin/nginx')
    ap.add_argument('--module', default=os.path.join(
        HERE, '..', 'build', 'ngx_http_postflow_module.so'))
    ap.add_argument('--changes', type=int, default=200)
    ap.add_argument('--port', type=int, default=3990)
    args = ap.parse_args()

    b = Bench(args)
    try:
        time.sleep(0.3)
        b.start()
        b.latency()
        b.kill_under_stream()
        b.hanging()
    finally:
        b.close()


if __name__ == '__main__':
    main()
