#!/bin/sh
# sepm-verify --serve as Harbor uses it (bench/serve-client.py plays
# Harbor): 100 distinct images, then the same 100 again (answered from the
# results), on Debian's docker-registry on 127.0.0.1 with TLS.  Prints
# scans per second, p50 and p99 latency from POST /scan to the finished
# report, the peak memory of the server and of its largest worker, and a
# cold scan alone against the CLI on the same images.
. "$(dirname "$0")/lib.sh"
COUNT=${SEPM_BENCH_IMAGES:-100}
registry_bench
busybox_layout 'mkdir -p usr/bin && cp bin/busybox usr/bin/worker'
printf '/bin/busybox\t--\tweb.exec\n/usr/bin/worker\t--\tweb.worker_exec\n/var/www(/.*)?\tweb.content\n' > "$work/labels"
# shellcheck disable=SC2086
sepm-build -q $POL -m "$top/tests/modules/templated-web.cil" -l "$work/labels" -e web.process \
  oci:"$work/img:base" oci:"$work/img:web" > /dev/null
# Distinct images: the same policy, a label of their own (another config,
# so another manifest digest).
i=0
: > "$work/all"
while [ $i -lt $((COUNT + 5)) ]; do
  umoci config --image "$work/img:web" --tag "i$i" --config.label "bench.n=$i" > /dev/null
  push oci:"$work/img:i$i" "docker://$REG/web$i:v1"
  echo "web$i $(skopeo inspect -n --cert-dir "$work/certs" "docker://$REG/web$i:v1" | jq -r .Digest)" >> "$work/all"
  i=$((i + 1))
done
# Five for one scan at a time, the rest for the runs of $COUNT.
head -n 5 "$work/all" > "$work/five"
tail -n +6 "$work/all" > "$work/images"

port=$(free_port)
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/token"
# shellcheck disable=SC2086
sepm-verify $POL --cert-dir "$work/certs" --serve "127.0.0.1:$port" --serve-token-file "$work/token" \
  --serve-state "$work/state" 2> "$work/serve.log" &
server=$!
REGISTRY_PIDS="$REGISTRY_PIDS $server"
trap 'cp "$work/serve.log" "${TMPDIR:-/tmp}/sepm-serve-bench.log" 2> /dev/null; stop_registries || true' EXIT
until curl -sf "http://127.0.0.1:$port/probe/ready" > /dev/null; do sleep 0.1; done
api="http://127.0.0.1:$port/api/v1"
client () { python3 "$top/bench/serve-client.py" "$api" "$(cat "$work/token")" "$REG" "$@"; }

# Warm the verification cache (the policy's), as a running server has it.
# shellcheck disable=SC2086
sepm-verify $POL --cert-dir "$work/certs" "docker://$REG/web:v1" > /dev/null 2>&1 || true
alone=$(client "$work/five" sequential)
cold=$(client "$work/images")
warm=$(client "$work/images")
warm_alone=$(client "$work/images" sequential)
kill -TERM $server
wait $server
stopped=$(grep '"event":"stopped"' "$work/serve.log")
# The CLI on the five images scanned alone above.
cli_total=0
while read -r repo digest; do
  # shellcheck disable=SC2086
  t=$(strict=1 best_of 1 sepm-verify $POL --cert-dir "$work/certs" "docker://$REG/$repo@$digest")
  cli_total=$(echo "$cli_total + $t" | bc -l)
done < "$work/five"
cli_ms=$(echo "$cli_total * 1000 / 5" | bc -l)
alone_ms=$(echo "$alone" | jq .p50_ms)

echo "sepm-verify --serve, $COUNT distinct images on $(nproc) cores, $(nproc) workers"
printf '%-34s %10s %10s %10s %8s\n' "run" "scans/s" "p50 ms" "p99 ms" "failed"
for run in cold warm; do
  eval "r=\$$run"
  printf '%-34s %10s %10s %10s %8s\n' "$run ($COUNT at once)" "$(echo "$r" | jq .per_second)" \
    "$(echo "$r" | jq .p50_ms)" "$(echo "$r" | jq .p99_ms)" "$(echo "$r" | jq .failed)"
done
printf '%-34s %10s %10s %10s %8s\n' "warm, one at a time ($COUNT)" "$(echo "$warm_alone" | jq .per_second)" \
  "$(echo "$warm_alone" | jq .p50_ms)" "$(echo "$warm_alone" | jq .p99_ms)" "$(echo "$warm_alone" | jq .failed)"
printf '%-34s %10s %10s\n' "one cold scan at a time (5)" "" "$alone_ms"
printf '%-34s %10s %10.1f\n' "sepm-verify docker:// (CLI, 5)" "" "$cli_ms"
echo "peak memory: server $(echo "$stopped" | jq .peak_rss_kib) KiB, largest worker $(echo "$stopped" | jq .peak_worker_rss_kib) KiB"
echo "cold scan alone vs the CLI: $(printf %.2f "$(echo "$alone_ms / $cli_ms" | bc -l)")x (goal: at most 1.2x)"
echo "warm rescans, one at a time: p50 $(echo "$warm_alone" | jq .p50_ms) ms, p99 $(echo "$warm_alone" | jq .p99_ms) ms (goal: under 10 ms)"
exit 0
