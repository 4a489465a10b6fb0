#!/usr/bin/env bash
# Measures the local stack as docs/PERFORMANCE.md records it:
#   1. command -> "ready", warm caches (built jars, cached weights), RUNS times, fresh data dir each;
#   2. the API's Server-Timing split for one camera posting real street frames one after another.
# Usage: scripts/measure-local.sh [RUNS (3)] [FRAMES (40)]   (loopback only; stops what it starts)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
frames=${2:-40}
port=18099
work=$(mktemp -d)
pid=""
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$work"' EXIT

wait_ready() { # prints seconds from now until the log says ready
  local start=$(date +%s.%N) log=$1
  for _ in $(seq 1 600); do
    grep -q "ready in" "$log" 2>/dev/null && break
    grep -q "local-pipeline:" "$log" 2>/dev/null && { cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  awk -v now="$(date +%s.%N)" -v start="$start" 'BEGIN { print now - start }'
}

echo "command -> ready (./run-local, fresh data dir, warm caches):"
for i in $(seq 1 "$runs"); do
  ./run-local --api-port $port --data-dir "$work/data-$i" --camera-limits 1000:1000 > "$work/run-$i.log" 2>&1 &
  pid=$!
  printf '  run %d: %.1f s\n' "$i" "$(wait_ready "$work/run-$i.log")"
  if [ "$i" -lt "$runs" ]; then stop; fi
done

# the demo camera's key, printed at start
key=$(sed -n 's/.*camera key \(tcam_[A-Za-z0-9_-]*\).*/\1/p' "$work/run-$runs.log" | tail -1)
echo "one camera, $frames street frames in a row (ms; p50 p95 max):"
samples=(inference-lambda/src/test/resources/frames/street_frame_{40,220,380,620}.jpg)
for i in $(seq 1 "$frames"); do
  f=${samples[$((i % 4))]}
  curl -s -o /dev/null -D - -X POST -H 'Content-Type: image/jpeg' -H "Authorization: Bearer $key" --data-binary "@$f" \
    "http://127.0.0.1:$port/frames/tiensevest_Leuven_Belgium_12-10-2022_10-$(printf %02d $((i / 60)))-$(printf %02d $((i % 60))).jpg" \
    | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: //p'
done | awk -F', ' '
  { for (i = 1; i <= NF; i++) { split($i, kv, ";dur="); v[kv[1]] = v[kv[1]] " " kv[2] }
    split($2, m, ";dur="); split($4, t, ";dur="); v["overhead"] = v["overhead"] " " (t[2] - m[2]) }
  END { for (k in v) print k v[k] }' | while read -r stage values; do
    echo "$values" | tr ' ' '\n' | sort -n | awk -v s="$stage" '{ a[NR] = $1 } END {
      printf "  %-9s p50 %7.1f  p95 %7.1f  max %7.1f  (n=%d)\n", s, a[int(NR * 0.5 + 0.5)], a[int(NR * 0.95 + 0.5)], a[NR], NR }'
  done
