#!/bin/sh
# sepm-verify --serve, driven as Harbor drives a scanner adapter (the
# pluggable scanner API v1.2), with curl: metadata, scan, poll for the
# report.  The images are on Debian's docker-registry (tests/e2e/
# registry-lib.sh), pushed with skopeo; each report must carry the
# findings the CLI gives for the same docker:// reference.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/registry-lib.sh"
image_test
for tool in docker-registry openssl python3 curl jq; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
isolate_credentials
make_ca
start_registry open none || exit 1
start_registry tok token || exit 1
OPEN="127.0.0.1:$open_PORT"
TOK="127.0.0.1:$tok_PORT"
TLS="--cert-dir $T/certs"
C="$top_srcdir/tests/corpus"

# Images: an honest one built by sepm-build with its entry domain (no
# finding, no warning), and one per corpus case (embedded without checks).
busybox_image 'mkdir -p usr/bin && cp bin/busybox usr/bin/worker'
printf '/bin/busybox\t--\tweb.exec\n/usr/bin/worker\t--\tweb.worker_exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $POL -q -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:web > /dev/null \
  || { echo "FAIL: sepm-build" >&2; exit 1; }
push oci:img:web "docker://$OPEN/web:v1"
push --dest-creds alice:secret oci:img:web "docker://$TOK/web:v1"
grep -v '^#' "$C/EXPECTED" | grep -v '^core/entry\|^core/rolebounds\|^core/userbounds' | head -n 22 > cases
n=0
while IFS="$(printf '\t')" read -r path verdict ids; do
  n=$((n + 1))
  policy_image "c$n" "$(block_of "$C/$path")" "$C/$path" 2> /dev/null || continue
  push oci:img:"c$n" "docker://$OPEN/c$n:v1"
  printf 'c%s\t%s\t%s\t%s\n' "$n" "$path" "$verdict" "$ids" >> images
done < cases
[ "$(wc -l < images)" -ge 20 ] && pass "$(wc -l < images) corpus images pushed" || fail "only $(wc -l < images) images"
digest () { skopeo inspect -n --cert-dir "$T/certs" "$@" | jq -r .Digest; }

# The server: token from a file, 2 workers, its own state.
printf 'sepm-harbor-test-token-0123456789\n' > token
SPORT=$(free_port)
start_server () {
  # shellcheck disable=SC2086
  sepm-verify $POL $TLS --serve "127.0.0.1:$SPORT" --workers 2 --serve-token-file token \
    --serve-state "$T/state" 2>> serve.log &
  SERVER=$!
  REGISTRY_PIDS="$REGISTRY_PIDS $SERVER"
  i=0
  until curl -sf "http://127.0.0.1:$SPORT/probe/ready" > /dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { fail "the server did not start"; cat serve.log >&2; return 1; }
    sleep 0.1
  done
}
start_server || exit 1
H="Authorization: Bearer sepm-harbor-test-token-0123456789"
API="http://127.0.0.1:$SPORT/api/v1"
REQ_TYPE="Content-Type: application/vnd.scanner.adapter.scan.request+json; version=1.1"

# Metadata, with and without the token.
code=$(curl -s -o meta.json -w '%{http_code}' -H "$H" "$API/metadata")
[ "$code" = 200 ] && pass "metadata: 200" || fail "metadata: $code"
expect_jq meta.json '.scanner.name == "sepm" and (.capabilities[0].consumes_mime_types | index("application/vnd.oci.image.manifest.v1+json"))
  and (.capabilities[0].produces_mime_types | index("application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0"))
  and (.capabilities[0].produces_mime_types | index("application/vnd.sepm.report.v1+json"))' "metadata names sepm and its mime types"
code=$(curl -s -o /dev/null -w '%{http_code}' "$API/metadata")
[ "$code" = 401 ] && pass "no token: 401" || fail "no token: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer wrong-token-wrong-token" "$API/metadata")
[ "$code" = 401 ] && pass "a wrong token: 401" || fail "wrong token: $code"

# scan REGISTRY REPO DIGEST [AUTH]: the id, or nothing.
scan () {
  body=$(jq -nc --arg u "https://$1" --arg r "$2" --arg d "$3" --arg a "${4:-}" \
    '{registry: {url: $u, authorization: $a}, artifact: {repository: $r, digest: $d, tag: "v1",
      mime_type: "application/vnd.oci.image.manifest.v1+json"}}')
  curl -s -H "$H" -H "$REQ_TYPE" --data-binary "$body" "$API/scan" | jq -r '.id // empty'
}
# report ID [ACCEPT]: polls (bounded) until 200 or 500; the body in
# report.ID, the status printed.
report () {
  i=0
  while [ $i -lt 300 ]; do
    code=$(curl -s -o "report.$1" -w '%{http_code}' -H "$H" ${2:+-H "Accept: $2"} "$API/scan/$1/report")
    [ "$code" != 302 ] && { echo "$code"; return; }
    i=$((i + 1)); sleep 0.2
  done
  echo timeout
}
# cli_ids REF: the sorted rule ids of the CLI's verdict.
cli_ids () {
  # shellcheck disable=SC2086
  sepm-verify $POL $TLS --json "$1" 2> /dev/null \
    | jq -r '[.image.findings[]?.rule, .modules[]?.findings[]?.rule] | sort | join(",")'
}

# The honest image: an empty list; its own report type on request.
d=$(digest "docker://$OPEN/web:v1")
id=$(scan "$OPEN" web "$d")
[ -n "$id" ] && pass "scan accepted: $id" || fail "no id for the honest image"
code=$(report "$id")
[ "$code" = 200 ] && pass "the honest image's report: 200" || { fail "report: $code"; cat "report.$id" serve.log >&2; }
expect_jq "report.$id" '.vulnerabilities == [] and .artifact.digest == "'"$d"'" and .scanner.name == "sepm"' "an empty list for the honest image"
code=$(report "$id" "application/vnd.sepm.report.v1+json")
expect_jq "report.$id" '.verdict == "admit" and .image.reference == "docker://'"$OPEN"'/web@'"$d"'"' "sepm's own report through Accept"

# Registry credentials from the scan request, Basic: right and wrong.
d=$(digest --creds alice:secret "docker://$TOK/web:v1")
id=$(scan "$TOK" web "$d" "Basic $(printf alice:secret | base64)")
code=$(report "$id")
[ "$code" = 200 ] && pass "Basic registry credentials from the request" || { fail "Basic: $code"; cat "report.$id" >&2; }
rm -f "$T/state/results/"*
id=$(scan "$TOK" web "$d" "Basic $(printf alice:wrong | base64)")
code=$(report "$id")
[ "$code" = 500 ] && pass "wrong registry credentials: an error report (500)" || fail "wrong credentials: $code"
expect_jq "report.$id" '.error.message | test("unauthorized")' "it says unauthorized"

# 20 and more scans at once on 2 workers, each with the CLI's findings.
# Meanwhile clients that connect and take their time to ask must be
# answered while workers start and end (a worker's exit, a signal, once
# made the server drop every open connection).
python3 -c '
import socket, sys, time
dropped = 0
for k in range(6):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    time.sleep(0.7)
    s.sendall(b"GET /probe/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    reply = b""
    while True:
        b = s.recv(4096)
        if not b:
            break
        reply += b
    dropped += not reply.startswith(b"HTTP/1.1 200")
    s.close()
print(dropped)' "$SPORT" > hammer.failed 2>&1 &
HAMMER=$!
: > ids
while IFS="$(printf '\t')" read -r tag path verdict want; do
  printf '%s\t%s\t%s\t%s\t%s\n' "$(scan "$OPEN" "$tag" "$(digest "docker://$OPEN/$tag:v1")")" "$tag" "$path" "$verdict" "$want" >> ids
done < images
ok=0 bad=0
while IFS="$(printf '\t')" read -r id tag path verdict want; do
  code=$(report "$id")
  got=$(jq -r '[.vulnerabilities[].id] | sort | join(",")' "report.$id" 2> /dev/null)
  crit=$(jq -r '[.vulnerabilities[] | select(.severity == "Critical") | .id] | unique | join(",")' "report.$id" 2> /dev/null)
  cli=$(cli_ids "docker://$OPEN/$tag:v1")
  fine=1
  [ "$code" = 200 ] && [ "$got" = "$cli" ] || fine=0
  if [ "$verdict" = reject ]; then
    for w in $(echo "$want" | tr , ' '); do echo ",$crit," | grep -q ",$w," || fine=0; done
    [ -n "$crit" ] || fine=0
  else
    [ -z "$crit" ] || fine=0
  fi
  if [ $fine = 1 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "  $path: $code, served '$got', CLI '$cli', Critical '$crit', want $verdict $want" >&2; fi
done < ids
[ $bad = 0 ] && pass "$ok concurrent scans, each with the CLI's findings (Critical for each expected rule)" \
  || fail "$bad of $((ok + bad)) scans differ from the CLI"
wait $HAMMER
[ "$(cat hammer.failed)" = 0 ] && pass "slow clients during the scans: none dropped" || fail "slow clients during the scans: $(cat hammer.failed) of 6 dropped"

# A rescan of a digest answers from the results.
d=$(digest "docker://$OPEN/c1:v1")
grep -c '"scan.cached"' serve.log > cached.before || true
s=$(date +%s%N)
id=$(scan "$OPEN" c1 "$d")
code=$(report "$id")
ms=$((($(date +%s%N) - s) / 1000000))
[ "$code" = 200 ] && [ "$(grep -c '"scan.cached"' serve.log)" -gt "$(cat cached.before)" ] && pass "a rescan answers from the cache (${ms} ms)" || fail "rescan: $code"

# Malformed requests and unknown scans.
post () { curl -s -o post.out -w '%{http_code}' -H "$H" -H "$REQ_TYPE" --data-binary "$1" "$API/scan"; }
[ "$(post 'not json')" = 400 ] && pass "not JSON: 400" || fail "not JSON"
expect_jq post.out '.error.message | length > 0' "with the error mime type's body"
[ "$(post '{"registry":{"url":"https://x.io"},"artifact":{"repository":"web"}}')" = 422 ] && pass "no digest: 422" || fail "no digest"
[ "$(post '{"registry":{"url":"ftp://x.io"},"artifact":{"repository":"web","digest":"sha256:00"}}')" = 422 ] && pass "a bad URL: 422" || fail "bad URL"
[ "$(post '{"registry":{"url":"https://x.io"},"artifact":{"repository":"../web","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}}')" = 422 ] \
  && pass "a repository that is no name: 422" || fail "bad repository"
[ "$(post '{"registry":{"url":"https://x.io"},"artifact":{"repository":7}}')" = 400 ] && pass "a number for a string: 400" || fail "number"
head -c 70000 /dev/zero | tr '\0' a > big
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$H" -H "$REQ_TYPE" --data-binary @big "$API/scan")" = 413 ] \
  && pass "a request over 64 KiB: 413" || fail "large request"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$H" "$API/scan/0123456789abcdef0123456789abcdef/report")
[ "$code" = 404 ] && pass "an unknown id: 404" || fail "unknown id: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$H" "$API/scan/..%2F..%2Fetc/report")
[ "$code" = 404 ] && pass "an id that is a path: 404" || fail "path id: $code"
id=$(scan "$OPEN" web "sha256:0000000000000000000000000000000000000000000000000000000000000000")
code=$(report "$id")
[ "$code" = 500 ] && pass "a missing artifact: an error report (500), not an empty one" || fail "missing artifact: $code"
expect_jq "report.$id" '.error.message | test("manifest unknown")' "it says manifest unknown"

# SIGTERM while scans run: none is lost as admitted.  The results are
# removed first so that every scan really runs.
rm -f "$T/state/results/"*
: > term-ids
while IFS="$(printf '\t')" read -r tag path verdict want; do
  printf '%s\t%s\t%s\n' "$(scan "$OPEN" "$tag" "$(digest "docker://$OPEN/$tag:v1")")" "$tag" "$verdict" >> term-ids
done < images
kill -TERM "$SERVER"
i=0
while kill -0 "$SERVER" 2> /dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$SERVER" 2> /dev/null && fail "the server did not stop after SIGTERM" || pass "SIGTERM: the server stopped after its running scans"
grep -q '"event":"shutdown"' serve.log && pass "it logged the shutdown" || fail "no shutdown log"
start_server || exit 1
done=0 errors=0 wrong=0
while IFS="$(printf '\t')" read -r id tag verdict; do
  code=$(report "$id")
  case $code in
    200)
      done=$((done + 1))
      crit=$(jq '[.vulnerabilities[] | select(.severity == "Critical")] | length' "report.$id")
      if [ "$verdict" = reject ] && [ "$crit" = 0 ]; then wrong=$((wrong + 1)); fi ;;
    500) errors=$((errors + 1)) ;;
    *) wrong=$((wrong + 1)) ;;
  esac
done < term-ids
[ $wrong = 0 ] && pass "after SIGTERM and a restart: $done reports kept, $errors scans failed as errors, none admitted wrongly" \
  || fail "$wrong scans after SIGTERM were admitted or unanswered"
grep -q "sepm-harbor-test-token\|alice:secret\|YWxpY2U6c2VjcmV0" serve.log && fail "a token or credential was logged" || pass "no token or credential in the logs"
if jq -e . serve.log > /dev/null 2>&1; then pass "every log line is JSON"; else fail "a log line is not JSON"; grep -v '^{' serve.log | head -5 >&2; fi
kill -TERM "$SERVER"
finish
