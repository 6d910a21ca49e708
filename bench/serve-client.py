#!/usr/bin/env python3
"""Harbor's side of bench/serve.sh: POST a scan for each image, then poll
every report until it is done; print the throughput and the latency from
POST to the finished report, as JSON.

  serve-client.py API TOKEN REGISTRY IMAGES_FILE [sequential]

IMAGES_FILE: one `REPOSITORY DIGEST` per line.  With `sequential`, each
scan is posted only when the one before is done (latency alone)."""
import json
import sys
import time
import urllib.error
import urllib.request

api, token, registry, images = sys.argv[1:5]
sequential = len(sys.argv) > 5 and sys.argv[5] == "sequential"
headers = {"Authorization": "Bearer " + token}
pairs = [line.split() for line in open(images) if line.strip()]


def post(repo, digest):
    body = json.dumps({"registry": {"url": "https://" + registry},
                       "artifact": {"repository": repo, "digest": digest,
                                    "mime_type": "application/vnd.oci.image.manifest.v1+json"}}).encode()
    req = urllib.request.Request(api + "/scan", data=body, method="POST", headers={
        **headers, "Content-Type": "application/vnd.scanner.adapter.scan.request+json; version=1.1"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["id"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


opener = urllib.request.build_opener(NoRedirect)


def status(scan_id):
    req = urllib.request.Request(api + "/scan/%s/report" % scan_id, headers=headers)
    try:
        with opener.open(req) as r:
            json.load(r)
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:
        print("GET", scan_id, repr(e), file=sys.stderr)
        raise


def run(batch):
    pending = {}
    started = {}
    latency = []
    failed = 0
    for repo, digest in batch:
        started_at = time.monotonic()
        scan_id = post(repo, digest)
        pending[scan_id] = started_at
    rounds = 0
    while pending and rounds < 20000:
        rounds += 1
        for scan_id in list(pending):
            code = status(scan_id)
            if code != 302:
                latency.append(time.monotonic() - pending.pop(scan_id))
                failed += code != 200
        if pending:
            time.sleep(0.005)
    return latency, failed, len(pending)


t0 = time.monotonic()
latency, failed, left = [], 0, 0
if sequential:
    for pair in pairs:
        l, f, n = run([pair])
        latency += l
        failed += f
        left += n
else:
    latency, failed, left = run(pairs)
elapsed = time.monotonic() - t0
latency.sort()


def pct(p):
    return latency[min(len(latency) - 1, int(round(p / 100 * (len(latency) - 1))))] if latency else None


print(json.dumps({"scans": len(pairs), "seconds": round(elapsed, 3),
                  "per_second": round(len(pairs) / elapsed, 2) if elapsed else None,
                  "p50_ms": round(pct(50) * 1000, 1), "p99_ms": round(pct(99) * 1000, 1),
                  "failed": failed, "unfinished": left}))
