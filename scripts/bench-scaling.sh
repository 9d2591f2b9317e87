#!/usr/bin/env bash
# Check throughput through the HTTP gateway as silos join: 1, 2, … N silos on this machine (docs/operations.md "Scaling").
# Starts ./run.sh with one silo on a fresh data dir, lists a few subjects, then for each step adds a silo with
# './run.sh silo', waits until /v1/cluster shows it active, and drives POST /v1/checks with wrk
# (bench/http-check.lua: 99% never-listed, 1% listed). Prints a table and, last, one JSON line.
#   scripts/bench-scaling.sh [--seconds S] [--warmup W] [--connections C] [--max-silos N]
# On one machine the silos share its cores: the figures show the cost of a membership change and of more
# silo-to-silo hops, not the gain of more hardware (for that, put each silo on its own host).
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

SECONDS_PER_STEP=10 WARMUP=5 CONNECTIONS=64 MAX_SILOS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_STEP=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --max-silos) MAX_SILOS=$2; shift 2 ;;
    *) echo "usage: scripts/bench-scaling.sh [--seconds S] [--warmup W] [--connections C] [--max-silos N]" >&2; exit 2 ;;
  esac
done

for tool in wrk jq curl bc; do
  if ! command -v "$tool" >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { jp_log "$tool is missing: sudo apt-get install -y $tool"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
  fi
done

DATA=${JP_BENCH_DIR:-/tmp/jp-bench-scaling}
GATEWAY=${JP_BENCH_GATEWAY:-http://127.0.0.1:5182}
export JP_SILOS=1
. "$ROOT/scripts/fault-lib.sh"

api() { # api METHOD PATH KEY [BODY]
  curl -fsS -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+--data "$4"}
}

# A valid resident id (GB 11643 MOD 11-2) in region 110101, born 1980-01-01, sequence $1.
resident_id() {
  local body weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) checks=10X98765432 sum=0 i
  body=$(printf '11010119800101%03d' "$1")
  for i in $(seq 0 16); do sum=$((sum + ${body:$i:1} * weights[i])); done
  echo "$body${checks:$((sum % 11)):1}"
}

COURT_KEY=$(api POST /v1/courts "$OPERATOR_KEY" '{"code":"bench-court","name":"bench"}' | jq -r .apiKey)
AGENCY_KEY=$(api POST /v1/agencies "$OPERATOR_KEY" \
  '{"code":"bench-scaling","name":"bench","measures":["consumption.rail","consumption.air","consumption.hotel"]}' | jq -r .apiKey)
: > "$DATA/listed.txt"
events=()
for i in $(seq 0 99); do
  id=$(resident_id "$i")
  echo "$id" >> "$DATA/listed.txt"
  events+=("{\"eventId\":\"l$i\",\"type\":\"listed\",\"caseNumber\":\"(2026)京01执$i号\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$id\",\"name\":\"测试\"},\"listedOn\":\"2026-11-20\",\"public\":true}")
done
api POST /v1/court/events "$COURT_KEY" "{\"events\":[$(IFS=,; echo "${events[*]}")]}" > /dev/null

results=()
printf '%-6s %12s %10s %10s %8s\n' silos checks/s p50_ms p99_ms failed >&2
for silos in $(seq 1 "$MAX_SILOS"); do
  if [ "$silos" -gt 1 ]; then
    fault_silo "$silos"
    fault_silos "$silos"
    sleep 6 # the gateway's client refreshes its gateway list every 5 s
  fi
  JP_BENCH_KEY="$AGENCY_KEY" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/bench/http-check.lua" "$GATEWAY" -- "$DATA/listed.txt" > /dev/null
  JP_BENCH_KEY="$AGENCY_KEY" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_STEP}s" --latency -s "$ROOT/bench/http-check.lua" \
    "$GATEWAY" -- "$DATA/listed.txt" > "$DATA/wrk-$silos.txt"
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$DATA/wrk-$silos.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$DATA/wrk-$silos.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$DATA/wrk-$silos.txt")
  failed=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$DATA/wrk-$silos.txt" | paste -sd+ | bc 2>/dev/null || echo 0)
  to_ms() { case "$1" in *us) echo "scale=3; ${1%us} / 1000" | bc ;; *ms) echo "${1%ms}" ;; *s) echo "scale=3; ${1%s} * 1000" | bc ;; *) echo null ;; esac; }
  p50=$(to_ms "$p50") p99=$(to_ms "$p99")
  printf '%-6s %12s %10s %10s %8s\n' "$silos" "$rps" "$p50" "$p99" "${failed:-0}" >&2
  results+=("{\"silos\":$silos,\"checksPerSecond\":$rps,\"p50Ms\":$p50,\"p99Ms\":$p99,\"failed\":${failed:-0}}")
done
echo "{\"machineCores\":$(nproc),\"seconds\":$SECONDS_PER_STEP,\"connections\":$CONNECTIONS,\"steps\":[$(IFS=,; echo "${results[*]}")]}"
