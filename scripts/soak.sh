#!/usr/bin/env bash
# Soak: mixed load for a long time on a fresh system, one line per slice with throughput, errors and memory,
# so a leak or a growing error rate shows as a trend. See docs/operations.md "Soak".
#   scripts/soak.sh [--minutes M] [--slice SECONDS] [--concurrency C]
# Load per slice: HTTP checks with wrk (99% unlisted / 1% listed, rail/air/hotel) and, at the same time, court
# events through the importer (a fresh batch of listings, then the shielding of half of them).
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

MINUTES=30 SLICE=30 CONCURRENCY=32
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --slice) SLICE=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    *) echo "usage: scripts/soak.sh [--minutes M] [--slice SECONDS] [--concurrency C]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "soak needs wrk: apt-get install wrk" >&2; exit 1; }

DATA=${JP_SOAK_DIR:-$ROOT/.soak-data} GATEWAY=http://127.0.0.1:5480
jp_build "$ROOT"
dotnet build "$ROOT/tools/Importer/Importer.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
IMPORTER="$ROOT/tools/Importer/bin/Release/net10.0/JointPunishment.Importer.dll"
rm -rf "$DATA" && mkdir -p "$DATA"
RUN_PID=""
cleanup() { [ -n "$RUN_PID" ] && kill -TERM "$RUN_PID" 2>/dev/null && wait "$RUN_PID" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# One agency carries the whole load: a fast machine exceeds the per-agency limit (50,000 requests/s by default).
# A generated operator key: hosts refuse one shorter than 32 characters.
OP=$(jp_new_secret)
RateLimits__Agency__RequestsPerSecond=1000000000 JP_DATA_DIR="$DATA" JP_GATEWAY_URL="$GATEWAY" JP_OPERATOR_KEY="$OP" JP_SILO_METRICS_PORT=5490 "$ROOT/run.sh" > "$DATA/run.log" 2>&1 &
RUN_PID=$!
until grep -q "is ready" "$DATA/run.log" 2>/dev/null; do kill -0 "$RUN_PID" 2>/dev/null || { cat "$DATA/run.log" >&2; exit 1; }; sleep 0.5; done
post() { curl -sf -X POST "$GATEWAY$1" -H "Authorization: Bearer $OP" -H 'content-type: application/json' -d "$2"; }
COURT=$(post /v1/courts '{"code":"soakcourt","name":"soak court"}' | sed 's/.*"apiKey":"\([^"]*\)".*/\1/')
AGENCY=$(post /v1/agencies '{"code":"soakagency","name":"soak agency","measures":["consumption.rail","consumption.air","consumption.hotel"]}' | sed 's/.*"apiKey":"\([^"]*\)".*/\1/')

# Valid resident ids of region 110101 (listed by the soak), one per line, for wrk's 1% listed checks.
resident() { python3 -c "
import sys
from datetime import date, timedelta
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
for i in range(int(sys.argv[1]), int(sys.argv[2])):
    b=date(1950,1,1)+timedelta(days=i//1000); body=f'110101{b:%Y%m%d}{i%1000:03d}'
    print(body+'10X98765432'[sum(int(c)*w for c,w in zip(body,W))%11])" "$1" "$2"; }
events() { # slice first last: listings of [first,last), then shielding of every second one
  resident "$2" "$3" | awk -v s="$1" -v f="$2" '{ i=f+NR-1; printf "{\"eventId\":\"s%s-l%d\",\"type\":\"listed\",\"caseNumber\":\"(2026)soak-%d\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"%s\",\"name\":\"soak%d\"},\"listedOn\":\"2026-01-01\",\"public\":true}\n", s, i, i, $1, i;
    if (i % 2 == 0) printf "{\"eventId\":\"s%s-s%d\",\"type\":\"shielded\",\"caseNumber\":\"(2026)soak-%d\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"%s\",\"name\":\"soak%d\"}}\n", s, i, i, $1, i }'; }
resident 0 2000 > "$DATA/listed.txt"
events 0 0 2000 > "$DATA/events-0.jsonl"
dotnet "$IMPORTER" --gateway "$GATEWAY" --key "$COURT" --file "$DATA/events-0.jsonl" --state "$DATA/import-0.state" --quiet > /dev/null

# Memory of this run's own processes only (other systems may run on the machine): the pids run.sh logged, and
# PostgreSQL's postmaster with its backends. PSS counts shared pages once, so PostgreSQL's shared buffers are not
# multiplied by its backends. The managed heap after the last GC comes from each process's /metrics.
SILO_PIDS=$(sed -n 's/.*silo [0-9]*: pid \([0-9]*\),.*/\1/p' "$DATA/run.log" | tr '\n' ' ')
GATEWAY_PID=$(sed -n 's/.*gateway: pid \([0-9]*\),.*/\1/p' "$DATA/run.log")
PG_PID=$(head -1 "$DATA/pg/postmaster.pid")
# A figure that cannot be read this slice (a backend that just exited, a scrape that timed out) must not end the soak.
pss() { for p in "$@"; do awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true; done | awk '{s+=$1} END {printf "%.0f", s/1024}'; }
heap() { for url in "$@"; do curl -fsS --max-time 5 "$url/metrics" 2>/dev/null || true; done | awk '/^dotnet_gc_last_collection_heap_size_bytes/ {s+=$NF} END {printf "%.0f", s/1048576}'; }
SILO_METRICS=() i=0
for _ in $SILO_PIDS; do SILO_METRICS+=("http://127.0.0.1:$((5490 + i))"); i=$((i + 1)); done
activations() { { curl -fsS --max-time 5 -H "Authorization: Bearer $OP" "$GATEWAY/v1/cluster" || true; } | grep -o '"activations":[0-9]*' | awk -F: '{s+=$2} END {print s+0}'; }
SLICES=$(( MINUTES * 60 / SLICE ))
jp_log "soak: $MINUTES min in $SLICES slices of $SLICE s, concurrency $CONCURRENCY, gateway $GATEWAY"
printf '%5s %9s %8s %7s %7s %9s %9s %10s %8s %9s %10s %7s\n' slice checks/s p99_ms non2xx errors events/s silos_MB silo_heap gw_MB gw_heap activations pg_MB
echo '[' > "$DATA/soak.json"
for s in $(seq 1 "$SLICES"); do
  first=$(( s * 2000 ))
  events "$s" "$first" "$(( first + 2000 ))" > "$DATA/events-$s.jsonl"
  ( start=$(date +%s.%N); dotnet "$IMPORTER" --gateway "$GATEWAY" --key "$COURT" --file "$DATA/events-$s.jsonl" --state "$DATA/import-$s.state" --quiet > "$DATA/import-$s.json" 2>&1 || true
    echo "$(date +%s.%N) $start" > "$DATA/import-$s.time" ) &
  IMPORT_PID=$!
  JP_BENCH_KEY="$AGENCY" wrk -t2 -c"$CONCURRENCY" -d"${SLICE}s" --latency -s "$ROOT/bench/http-check.lua" "$GATEWAY" -- "$DATA/listed.txt" > "$DATA/wrk-$s.txt" 2>&1 || true
  wait "$IMPORT_PID" || true
  rps=$(awk '/Requests\/sec/ {print $2}' "$DATA/wrk-$s.txt")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$DATA/wrk-$s.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$DATA/wrk-$s.txt"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$DATA/wrk-$s.txt"); errors=${errors:-0}
  applied=$(sed -n 's/.*"applied":\([0-9]*\).*/\1/p' "$DATA/import-$s.json"); applied=${applied:-0}
  read -r end start < "$DATA/import-$s.time"
  evs=$(awk -v a="$applied" -v e="$end" -v b="$start" 'BEGIN {printf "%.0f", a/(e-b)}')
  # shellcheck disable=SC2086 # the pid lists are meant to split
  silos=$(pss $SILO_PIDS) gw=$(pss "$GATEWAY_PID") pg=$(pss "$PG_PID" $(pgrep -P "$PG_PID" | tr '\n' ' '))
  siloheap=$(heap "${SILO_METRICS[@]}") gwheap=$(heap "$GATEWAY") acts=$(activations)
  printf '%5d %9.0f %8.2f %7s %7s %9s %9s %10s %8s %9s %10s %7s\n' "$s" "$rps" "$p99" "$non2xx" "$errors" "$evs" "$silos" "$siloheap" "$gw" "$gwheap" "$acts" "$pg"
  [ "$s" -gt 1 ] && echo ',' >> "$DATA/soak.json"
  printf '{"slice":%d,"checksPerSec":%s,"p99Ms":%s,"non2xx":%s,"errors":%s,"eventsPerSec":%s,"silosMB":%s,"silosHeapMB":%s,"gatewayMB":%s,"gatewayHeapMB":%s,"activations":%s,"postgresMB":%s}\n' \
    "$s" "$rps" "$p99" "$non2xx" "$errors" "$evs" "$silos" "$siloheap" "$gw" "$gwheap" "$acts" "$pg" >> "$DATA/soak.json"
done
echo ']' >> "$DATA/soak.json"
python3 - "$DATA/soak.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
half = rows[len(rows) // 2:]
def growth(key):
    return round(half[-1][key] - half[0][key], 1) if len(half) > 1 else 0
print(json.dumps({
    "slices": len(rows),
    "checksPerSecFirst": rows[0]["checksPerSec"], "checksPerSecLast": rows[-1]["checksPerSec"],
    "failedRequests": sum(r["non2xx"] + r["errors"] for r in rows),
    "errorsFirstHalf": sum(r["non2xx"] + r["errors"] for r in rows[:len(rows) // 2]),
    "errorsSecondHalf": sum(r["non2xx"] + r["errors"] for r in half),
    "silosMBSecondHalfGrowth": growth("silosMB"), "gatewayMBSecondHalfGrowth": growth("gatewayMB"),
    "silosHeapMBSecondHalfGrowth": growth("silosHeapMB"), "gatewayHeapMBSecondHalfGrowth": growth("gatewayHeapMB"),
    "silosMBLast": rows[-1]["silosMB"], "gatewayMBLast": rows[-1]["gatewayMB"], "activationsLast": rows[-1]["activations"],
}))
PY
