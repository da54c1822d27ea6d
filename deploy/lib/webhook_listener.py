#!/usr/bin/env python3
"""The demo's registration portal: an HTTP endpoint for StaticDhcpd's webhook (a JSON POST per event).

Prints one line per notice -- event, MAC, address, pool, and the node that sent it -- and answers 204.
Usage: webhook_listener.py ADDRESS PORT   (run inside a lab network namespace)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FIELDS = ("mac", "address", "pool", "interface", "lease_seconds")


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            notice = json.loads(body)
        except ValueError:
            notice = {"event": "unparsable body: " + body[:200].decode(errors="replace")}
        fields = " ".join(f"{k}={notice[k]}" for k in FIELDS if notice.get(k) is not None)
        print(f"webhook: {notice.get('event')} {fields} (POST {self.path} from {self.client_address[0]})", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):
        pass  # one line per notice above is the whole log


server = ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Hook)
print(f"listening on {sys.argv[1]}:{sys.argv[2]}", flush=True)
server.serve_forever()
