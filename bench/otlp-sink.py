#!/usr/bin/env python3
"""An OTLP/HTTP trace sink for bench/tracing-cost.sh: answers every POST /v1/traces with 200 and an
empty ExportTraceServiceResponse (zero bytes are a valid one), after DELAY seconds. Counts what it got
and prints it when stopped (SIGTERM).   otlp-sink.py PORT [DELAY]"""
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
got = {"requests": 0, "bytes": 0}
lock = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            got["requests"] += 1
            got["bytes"] += len(body)
        if delay:
            time.sleep(delay)
        self.send_response(200 if self.path == "/v1/traces" else 404)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", port), Sink)
server.daemon_threads = True


def stop(*_):
    print(f"otlp-sink :{port} delay {delay}s: {got['requests']} exports, {got['bytes']} bytes", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
server.serve_forever()
