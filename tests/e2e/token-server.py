#!/usr/bin/env python3
"""The token endpoint of the distribution spec's token flow, for the
registry tests: Debian's docker-registry with `auth: silly` challenges
with a Bearer realm and accepts any token, so this small server is where
credentials are really checked.

  token-server.py PORT CERT KEY USER PASS [anonymous]

GET /token?service=...&scope=... answers {"token": ..., "expires_in": 300}
for USER:PASS in Basic auth, 401 for other credentials, and for none
unless `anonymous` is given.  Each token is new and begins with
`sepm-test-token-`, so a test can grep for a leak.  Every request is
logged on stdout as `token GRANTED|REFUSED scope`."""
import base64
import http.server
import json
import secrets
import ssl
import sys

port, cert, key, user, password = sys.argv[1:6]
anonymous = len(sys.argv) > 6 and sys.argv[6] == "anonymous"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        if not self.path.startswith("/token"):
            self.send_error(404)
            return
        auth = self.headers.get("Authorization", "")
        ok = anonymous and not auth
        if auth.startswith("Basic "):
            try:
                given = base64.b64decode(auth[6:]).decode()
            except ValueError:
                given = ""
            ok = given == f"{user}:{password}"
        scope = self.path.partition("scope=")[2].partition("&")[0]
        print("token", "GRANTED" if ok else "REFUSED", scope, flush=True)
        if not ok:
            body = b'{"errors":[{"code":"UNAUTHORIZED","message":"wrong credentials"}]}'
            self.send_response(401)
        else:
            body = json.dumps({"token": "sepm-test-token-" + secrets.token_hex(16),
                               "expires_in": 300}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("ready", flush=True)
server.serve_forever()
