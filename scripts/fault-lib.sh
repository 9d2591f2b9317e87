# Shared setup for scripts/fault-*.sh, bench-public-scale.sh and bench-scaling.sh: source after lib.sh with FAULT_NAME
# and FAULT_PORT set (or DATA and GATEWAY themselves). Builds, starts ./run.sh on a fresh data dir of its own, and
# defines fault_silo, fault_silos, fault_shard_silo_pid, fault_driver (bench/Bench "fault" mode) and fault_run.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
for tool in jq curl ss; do command -v "$tool" > /dev/null || { jp_log "$tool is missing: apt-get install -y jq curl iproute2"; exit 1; }; done
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
  if declare -F fault_teardown > /dev/null; then fault_teardown; fi
}
trap fault_cleanup EXIT
trap 'exit 130' INT TERM

# A generated operator key (hosts refuse one shorter than 32 characters), kept in the environment of every process started here.
JP_OPERATOR_KEY=$(jp_new_secret)
export JP_DATA_DIR=$DATA JP_GATEWAY_URL=$GATEWAY JP_OPERATOR_KEY
# One agency carries the whole load: a fast machine exceeds the per-agency limit (50,000 requests/s by default).
export RateLimits__Agency__RequestsPerSecond=1000000000
# A script that needs something in place before the system starts (its own PostgreSQL behind a proxy: JP_POSTGRES)
# defines fault_prepare, run here on the fresh data dir, and fault_teardown, run after the system stopped.
if declare -F fault_prepare > /dev/null; then fault_prepare; fi
"$ROOT/run.sh" > "$DATA/run.log" 2>&1 &
RUN_PID=$!
until grep -q "is ready" "$DATA/run.log" 2>/dev/null; do
  kill -0 "$RUN_PID" 2>/dev/null || { cat "$DATA/run.log" >&2; exit 1; }
  sleep 0.5
done
OPERATOR_KEY=$JP_OPERATOR_KEY
jp_log "machine: $(nproc) cores; system up at $GATEWAY (data $DATA)"

# fault_silo N: starts one more silo with ./run.sh silo (log logs/extra-silo-N.log); its pid (the silo process itself)
# goes to FAULT_SILO_PID.
fault_silo() {
  FAULT_SILO_NAME=$1
  "$ROOT/run.sh" silo > "$DATA/logs/extra-silo-$1.log" 2>&1 &
  FAULT_SILO_PID=$!
  EXTRA_PIDS+=("$FAULT_SILO_PID")
}

# fault_silos N: waits until GET /v1/cluster shows N active silos. A silo fault_silo added that exits before it joined
# (on a loaded machine its probes of the others can time out, and they declare it dead) is started again, twice at most.
fault_silos() {
  local deadline=$((SECONDS + 180)) attempt=1
  until [ "$(curl -fsS -H "Authorization: Bearer $OPERATOR_KEY" "$GATEWAY/v1/cluster" | grep -o '"status":"active"' | wc -l)" -ge "$1" ]; do
    [ $SECONDS -ge $deadline ] && { jp_log "fewer than $1 active silos after 180 s"; return 1; }
    if [ -n "${FAULT_SILO_PID:-}" ] && ! kill -0 "$FAULT_SILO_PID" 2>/dev/null && [ "$attempt" -lt 3 ]; then
      attempt=$((attempt + 1))
      jp_log "the added silo (pid $FAULT_SILO_PID) exited before joining (logs/extra-silo-$FAULT_SILO_NAME.log); starting it again"
      fault_silo "${FAULT_SILO_NAME%%-*}-$attempt"
    fi
    sleep 1
  done
}

# fault_shard_silo_pid: prints the pid of the silo on which most of the 64 index shard grains are active (bench/Bench
# "shard-hosts" asks the grain directory; the silo's address gives its port, `ss` the process listening on it).
fault_shard_silo_pid() {
  local hosts address port pid
  # A platform host: its grain calls carry the credential derived from the storage key (docs/security.md).
  hosts=$(Tls__CertificatePath="$DATA/secrets/cluster.crt" Tls__KeyPath="$DATA/secrets/cluster.key" \
    JP_STORAGE_KEY="$(cat "$DATA/secrets/storage-key")" dotnet "$BENCH" shard-hosts postgres="$(jp_pg_connection_string "$DATA")")
  jp_log "index shards per silo: $(tr '\n' ';' <<< "$hosts")"
  address=$(head -n 1 <<< "$hosts" | cut -d' ' -f1)
  [ "$address" != none ] || { jp_log "no index shard is active"; return 1; }
  port=${address%@*}; port=${port##*:}
  pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
  [ -n "$pid" ] || { jp_log "no process listens on $address"; return 1; }
  echo "$pid"
}

# fault_driver key=value…: runs the load with its fault; prints figures and a JSON line; fails on wrong answers or lost events.
fault_driver() {
  dotnet "$BENCH" fault gateway="$GATEWAY" operatorKey="$OPERATOR_KEY" "$@"
}

# fault_run NAME key=value…: runs fault_driver, keeps its output in $DATA/NAME.out and shows it, then prints to stderr
# the summary line "NAME: wrongAnswers=… lostAcks=… failedRequests=… recoveryMs=…" and sets FAULT_JSON to the
# driver's JSON line with "scenario": NAME first. Returns the driver's status (1 on wrong answers or lost acknowledgements).
fault_run() {
  local name=$1 status=0
  shift
  fault_driver "$@" > "$DATA/$name.out" || status=$?
  cat "$DATA/$name.out" >&2
  FAULT_JSON=$(tail -n 1 "$DATA/$name.out" | jq -c --arg s "$name" '{scenario: $s} + .' 2>/dev/null) || FAULT_JSON="{\"scenario\": \"$name\", \"error\": \"the driver printed no figures\"}"
  jq -r '"\(.scenario): wrongAnswers=\(.wrongAnswers) lostAcks=\(.lostAcks) failedRequests=\(.failedRequests) recoveryMs=\(.recoveryMs) checks=\(.checks) checksDuringFault=\(.checksDuringFault) checksFailedDuringFault=\(.checksFailedDuringFault)"' <<< "$FAULT_JSON" >&2
  return "$status"
}
