#!/usr/bin/env bash
# The intercept-path benchmark (see README "Benchmark"). Builds in Release, starts the whole system with
# ./run.sh on its own fresh data dir, seeds it through the API with the importer, runs bench/Bench against
# it and against the naive HTTP+PostgreSQL baseline, and prints a table and, last, one JSON line.
#   ./bench.sh [--listed N] [--seconds S] [--warmup W] [--concurrency C] [--silos K] [--churn] [--watched M]
# W: seconds of load before each timed phase starts counting (default 15: the JIT tiers up meanwhile).
# K: silos ./run.sh starts (default its own, JP_SILOS or 2); the JSON line's "silos" counts those active when checked.
# M: watchlist members added through HTTP for watchAddPerSec and bytesPerWatchedMember (default 1000000).
# --churn adds two check phases (Orleans client, HTTP; max(S, 30) s and more) during which a third silo joins with
# './run.sh silo' and leaves with SIGTERM; it fails (exit 1) on any failed request or wrong decision in them.
# --federation instead runs two nodes (docs/benchmarks.md): the upstream on JP_BENCH_GATEWAY seeded with N listings, and
# a downstream following it on JP_BENCH_DOWNSTREAM (default http://127.0.0.1:5182); it times the initial sync, PostgreSQL's
# COPY of as many rows on the downstream's server, and the lag from the upstream court's acknowledgement to a block
# downstream under check load (W s of it first; at least 100 listings and S s); each node keeps K silos.
# JP_BENCH_DIR (data dir, default .bench-data), JP_BENCH_GATEWAY and JP_BENCH_NAIVE (default http://127.0.0.1:5180
# and :5181) let runs coexist on one machine. JP_BENCH_COALESCE=0 has the client phase send one call per check.
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")" && pwd)
. "$ROOT/scripts/lib.sh"

LISTED=1000000 SECONDS_PER_PHASE=10 WARMUP=15 CONCURRENCY=64 CHURN="" SILOS=${JP_SILOS:-2} WATCHED=1000000 FEDERATION=""
USAGE="usage: ./bench.sh [--listed N] [--seconds S] [--warmup W] [--concurrency C] [--silos K] [--churn] [--watched M] | --federation [--listed N] [--seconds S] [--warmup W] [--concurrency C] [--silos K]"
while [ $# -gt 0 ]; do
  case "$1" in
    --listed) LISTED=$2; shift 2 ;;
    --seconds) SECONDS_PER_PHASE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --silos) SILOS=$2; shift 2 ;;
    --churn) CHURN="$ROOT/run.sh"; shift ;;
    --watched) WATCHED=$2; shift 2 ;;
    --federation) FEDERATION=1; shift ;;
    *) echo "$USAGE" >&2; exit 2 ;;
  esac
done
[ -n "$FEDERATION" ] && [ -n "$CHURN" ] && { echo "--churn does not go with --federation; $USAGE" >&2; exit 2; }

jp_require_count --silos "$SILOS"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
DATA=${JP_BENCH_DIR:-$ROOT/.bench-data}
GATEWAY=${JP_BENCH_GATEWAY:-http://127.0.0.1:5180}
NAIVE=${JP_BENCH_NAIVE:-http://127.0.0.1:5181}
# wrk is the HTTP phases' load generator; without it they fall back to an in-process client (and say so). A fresh
# machine's package lists may be empty, so they are updated first.
if ! command -v wrk >/dev/null && [ "$(id -u)" -eq 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >/dev/null 2>&1 || jp_log "could not install wrk; the HTTP phases use the in-process client"
fi
jp_log "building (Release)"
jp_build "$ROOT"
dotnet build "$ROOT/tools/Importer/Importer.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
dotnet build "$ROOT/bench/Bench/Bench.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
BENCH="$ROOT/bench/Bench/bin/Release/net10.0/JointPunishment.Bench.dll"
IMPORTER="$ROOT/tools/Importer/bin/Release/net10.0/JointPunishment.Importer.dll"

rm -rf "$DATA" && mkdir -p "$DATA"
RUN_PIDS=() NAIVE_PID=""
cleanup() {
  # A churn silo the bench started and did not stop (the bench was interrupted).
  [ -s "$DATA/churn-silo.pid" ] && kill -TERM "$(cat "$DATA/churn-silo.pid")" 2>/dev/null || true
  [ -n "$NAIVE_PID" ] && kill -TERM "$NAIVE_PID" 2>/dev/null && wait "$NAIVE_PID" 2>/dev/null || true
  # The nodes, the last started first (a downstream stops following before its upstream goes).
  for ((i = ${#RUN_PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${RUN_PIDS[i]}" 2>/dev/null && wait "${RUN_PIDS[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

OPERATOR_KEY=$(jp_new_secret) # hosts refuse an operator key shorter than 32 characters
# start_node DIR GATEWAY [NAME=VALUE…]: ./run.sh on its own data dir DIR serving GATEWAY, with the given environment
# besides, in the background (log DIR/run.log); returns once it is ready. Every benchmark request comes from one address
# and one agency, which stands for every agency of the country: raise the public query's per-client limit and the
# per-agency limit (50,000 requests/s a gateway by default), which a fast machine's HTTP phase exceeds.
start_node() {
  local dir=$1 gateway=$2 pid
  shift 2
  mkdir -p "$dir"
  env PublicQuery__PermitLimit=1000000000 RateLimits__Agency__RequestsPerSecond=1000000000 JP_SILOS="$SILOS" JP_DATA_DIR="$dir" \
    JP_GATEWAY_URL="$gateway" JP_OPERATOR_KEY="$OPERATOR_KEY" "$@" "$ROOT/run.sh" > "$dir/run.log" 2>&1 &
  pid=$!
  RUN_PIDS+=("$pid")
  until grep -q "is ready" "$dir/run.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/run.log" >&2; exit 1; }
    sleep 0.5
  done
}

if [ -n "$FEDERATION" ]; then
  UPSTREAM="$DATA/upstream" DOWNSTREAM="$DATA/downstream" DOWNSTREAM_GATEWAY=${JP_BENCH_DOWNSTREAM:-http://127.0.0.1:5182}
  jp_log "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; federation listed=$LISTED silos=$SILOS a node seconds=$SECONDS_PER_PHASE concurrency=$CONCURRENCY"
  start_node "$UPSTREAM" "$GATEWAY"
  # The seed joins the upstream's cluster as the check bench's client does (TLS, the platform's own credential).
  KEYS=$(Tls__CertificatePath="$UPSTREAM/secrets/cluster.crt" Tls__KeyPath="$UPSTREAM/secrets/cluster.key" \
    JP_STORAGE_KEY="${JP_STORAGE_KEY:-$(cat "$UPSTREAM/secrets/storage-key")}" \
    dotnet "$BENCH" federation-seed listed="$LISTED" gateway="$GATEWAY" operatorKey="$OPERATOR_KEY" importer="$IMPORTER" \
    work="$UPSTREAM" postgres="$(JP_PG_POOL=10 jp_pg_connection_string "$UPSTREAM" admin)")
  read -r COURT_KEY NODE_KEY <<< "$KEYS"
  jp_log "upstream seeded; starting the downstream node following it"
  start_node "$DOWNSTREAM" "$DOWNSTREAM_GATEWAY" JP_UPSTREAM_URL="$GATEWAY" JP_UPSTREAM_KEY="$NODE_KEY"
  dotnet "$BENCH" federation listed="$LISTED" upstream="$GATEWAY" downstream="$DOWNSTREAM_GATEWAY" \
    postgres="$(JP_PG_POOL=10 jp_pg_connection_string "$DOWNSTREAM" admin)" operatorKey="$OPERATOR_KEY" courtKey="$COURT_KEY" \
    work="$UPSTREAM" seconds="$SECONDS_PER_PHASE" warmup="$WARMUP" concurrency="$CONCURRENCY"
  exit
fi

start_node "$DATA" "$GATEWAY"
# As the superuser: the bench makes its own table for the naive baseline and reads the platform's behind its back.
POSTGRES=$(JP_PG_POOL=100 jp_pg_connection_string "$DATA" admin)
# The bench's own Orleans client joins over TLS with the cluster certificate run.sh generated.
export Tls__CertificatePath="$DATA/secrets/cluster.crt" Tls__KeyPath="$DATA/secrets/cluster.key"
# It calls health and management grains too, so it proves itself a platform host (docs/security.md).
JP_STORAGE_KEY=${JP_STORAGE_KEY:-$(cat "$DATA/secrets/storage-key")}; export JP_STORAGE_KEY

dotnet "$BENCH" naive-server "$NAIVE" "$POSTGRES" > "$DATA/naive.log" 2>&1 &
NAIVE_PID=$!

jp_log "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; listed=$LISTED silos=$SILOS seconds=$SECONDS_PER_PHASE concurrency=$CONCURRENCY"
dotnet "$BENCH" run listed="$LISTED" gateway="$GATEWAY" naive="$NAIVE" postgres="$POSTGRES" operatorKey="$OPERATOR_KEY" \
  importer="$IMPORTER" work="$DATA" seconds="$SECONDS_PER_PHASE" warmup="$WARMUP" concurrency="$CONCURRENCY" watched="$WATCHED" coalesce="${JP_BENCH_COALESCE:-1}" ${CHURN:+churn="$CHURN"}
