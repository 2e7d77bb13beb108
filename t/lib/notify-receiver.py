#!/usr/bin/env python3
"""A webhook receiver for the notification tests.

    notify-receiver.py PORT LOG MODE_FILE

Appends one JSON line per request to LOG: {"t", "path", "headers",
"body", "answered"}.  MODE_FILE says how to answer, read at each
request: "ok" (200, the default), "500", "400", "429", or "hang"
(answers nothing for 30 s).
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, MODE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()


def mode():
    try:
        with open(MODE) as f:
            return f.read().strip() or 'ok'
    except OSError:
        return 'ok'


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        m = mode()
        status = {'ok': 200, '500': 500, '400': 400, '429': 429}.get(m, 200)
        rec = {'t': time.time(), 'path': self.path,
               'headers': {k.lower(): v for k, v in self.headers.items()},
               'body': body.decode('utf-8', 'replace'),
               'answered': 0 if m == 'hang' else status}
        with lock, open(LOG, 'a') as f:
            f.write(json.dumps(rec) + '\n')
        if m == 'hang':
            time.sleep(30)
            return
        self.send_response(status)
        self.send_header('Content-Length', '2')
        self.end_headers()
        self.wfile.write(b'ok')

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.handle_error = lambda self, request, address: None
ThreadingHTTPServer.allow_reuse_address = True
ThreadingHTTPServer(('127.0.0.1', PORT), Handler).serve_forever()
