#!/usr/bin/env bash
# PostgreSQL slowed under load (docs/operations.md "Fault runs"): every round trip to the database takes 1–3 s longer
# for 60 s. Starts PostgreSQL (lib.sh's jp_pg_start) on its own data dir, puts bench "delay-proxy" in front of it and
# ./run.sh (2 silos + gateway, port 5384) behind it (JP_POSTGRES names the proxy), so every connection of silos and
# gateway — grain state, index, membership, reminders — goes through it. Under checks and unit listings of three
# officers, 10 s in, the proxy starts holding each answer of the database for a random 1–3 s (uniform), for 60 s.
# Why a proxy: this kernel has no netem queueing discipline (tc qdisc … netem: "Specified qdisc kind is unknown"), and
# no packaged tool delays TCP (Toxiproxy is not in Debian, socat cannot). Prints the figures, a summary line and, last,
# one JSON line; exits 1 on a wrong answer or a lost acknowledgement.
#   scripts/fault-postgres-slow.sh [--seconds S] [--slow S]   (load 100 s, the slowdown 10 s in, 60 s long)
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
LOAD=100 SLOW=60
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) LOAD=$2; shift 2 ;;
    --slow) SLOW=$2; shift 2 ;;
    *) echo "usage: scripts/fault-postgres-slow.sh [--seconds S] [--slow S]" >&2; exit 2 ;;
  esac
done
FAULT_NAME=postgres-slow FAULT_PORT=5384

fault_prepare() {
  local direct proxy_port
  jp_ensure_pg_binaries
  direct=$(jp_pg_start "$DATA")
  proxy_port=$(jp_free_port 56432)
  dotnet "$BENCH" delay-proxy listen="$proxy_port" target="127.0.0.1:$(cat "$DATA/pg.port")" control="$DATA/pg-slow" \
    > "$DATA/delay-proxy.log" 2>&1 &
  PROXY_PID=$!
  until ! jp_port_free "$proxy_port"; do
    kill -0 "$PROXY_PID" 2>/dev/null || { cat "$DATA/delay-proxy.log" >&2; exit 1; }
    sleep 0.2
  done
  export JP_POSTGRES=${direct/Port=$(cat "$DATA/pg.port")/Port=$proxy_port}
  # The schema owner's connection, for run.sh's migrate step only (the application's role cannot create the schema).
  export JP_POSTGRES_ADMIN; JP_POSTGRES_ADMIN=$(jp_pg_connection_string "$DATA" admin)
  jp_log "PostgreSQL on port $(cat "$DATA/pg.port"), the platform through the delay proxy on port $proxy_port"
}
# After the system stopped (its silos leave the membership table through the proxy): the proxy, then PostgreSQL.
fault_teardown() {
  [ -n "${PROXY_PID:-}" ] && kill -TERM "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null || true
  jp_pg_stop "$DATA"
}
. "$ROOT/scripts/fault-lib.sh"

jp_log "slowing every PostgreSQL round trip by 1–3 s for $SLOW s under load"
fault_run postgres-slow seconds="$LOAD" fault="touch $DATA/pg-slow && sleep $SLOW; rm -f $DATA/pg-slow" || STATUS=1
echo "$FAULT_JSON"
exit "${STATUS:-0}"
