# Shared setup for scripts/fault-*.sh, bench-public-scale.sh and bench-scaling.sh: source after lib.sh with FAULT_NAME
# and FAULT_PORT set (or DATA and GATEWAY themselves). Builds, starts ./run.sh on a fresh data dir of its own, and
# defines fault_silo, fault_silos and fault_driver (bench/Bench "fault" mode).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
DATA=${DATA:-${JP_FAULT_DIR:-/tmp/jp-fault-$FAULT_NAME}}
GATEWAY=${GATEWAY:-http://127.0.0.1:$FAULT_PORT}
jp_build "$ROOT"
dotnet build "$ROOT/bench/Bench/Bench.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
BENCH="$ROOT/bench/Bench/bin/Release/net10.0/JointPunishment.Bench.dll"

rm -rf "$DATA" && mkdir -p "$DATA" && chmod 755 "$DATA"
RUN_PID="" EXTRA_PIDS=()
fault_cleanup() {
  for pid in "${EXTRA_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${EXTRA_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$RUN_PID" ] && kill -TERM "$RUN_PID" 2>/dev/null && wait "$RUN_PID" 2>/dev/null || true
}
trap fault_cleanup EXIT
trap 'exit 130' INT TERM

# A generated operator key (hosts refuse one shorter than 32 characters), kept in the environment of every process started here.
JP_OPERATOR_KEY=$(jp_new_secret)
export JP_DATA_DIR=$DATA JP_GATEWAY_URL=$GATEWAY JP_OPERATOR_KEY
# One agency carries the whole load: a fast machine exceeds the per-agency limit (50,000 requests/s by default).
export RateLimits__Agency__RequestsPerSecond=1000000000
"$ROOT/run.sh" > "$DATA/run.log" 2>&1 &
RUN_PID=$!
until grep -q "is ready" "$DATA/run.log" 2>/dev/null; do
  kill -0 "$RUN_PID" 2>/dev/null || { cat "$DATA/run.log" >&2; exit 1; }
  sleep 0.5
done
OPERATOR_KEY=$JP_OPERATOR_KEY
jp_log "machine: $(nproc) cores; system up at $GATEWAY (data $DATA)"

# fault_silo: starts one more silo with ./run.sh silo; its pid (the silo process itself) goes to FAULT_SILO_PID.
fault_silo() {
  "$ROOT/run.sh" silo > "$DATA/logs/extra-silo-$1.log" 2>&1 &
  FAULT_SILO_PID=$!
  EXTRA_PIDS+=("$FAULT_SILO_PID")
}

# fault_silos N: waits until GET /v1/cluster shows N active silos.
fault_silos() {
  local deadline=$((SECONDS + 120))
  until [ "$(curl -fsS -H "Authorization: Bearer $OPERATOR_KEY" "$GATEWAY/v1/cluster" | grep -o '"status":"active"' | wc -l)" -ge "$1" ]; do
    [ $SECONDS -ge $deadline ] && { jp_log "fewer than $1 active silos after 120 s"; return 1; }
    sleep 1
  done
}

# fault_driver key=value…: runs the load with its fault; prints figures and a JSON line; fails on wrong answers or lost events.
fault_driver() {
  dotnet "$BENCH" fault gateway="$GATEWAY" operatorKey="$OPERATOR_KEY" "$@"
}
