#!/usr/bin/env bash
# PostgreSQL outage under load (docs/operations.md "Faults", "Fault runs"). Starts ./run.sh (2 silos + gateway) on its
# own data dir and port 5381; under checks and unit listings of three officers, stops PostgreSQL (pg_ctl stop -m fast),
# keeps it down for 10 s and starts it again. Checks go on all through the outage, in loops of their own: the figures
# count those sent during it (checksDuringFault), how many failed and how many were wrong. Prints the figures, a
# summary line and, last, one JSON line; exits 1 on a wrong answer or a lost acknowledgement.
#   scripts/fault-postgres-restart.sh [--seconds S] [--down S]
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
SECONDS_PER_PHASE=40 DOWN=10
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_PHASE=$2; shift 2 ;;
    --down) DOWN=$2; shift 2 ;;
    *) echo "usage: scripts/fault-postgres-restart.sh [--seconds S] [--down S]" >&2; exit 2 ;;
  esac
done
FAULT_NAME=postgres-restart FAULT_PORT=5381
. "$ROOT/scripts/fault-lib.sh"

jp_log "stopping PostgreSQL for $DOWN s under load"
# Stopped and started again with lib.sh's own functions (pg_ctl stop -m fast; start on the port it remembers).
fault_run postgres-outage seconds="$SECONDS_PER_PHASE" \
  fault="bash -c '. $ROOT/scripts/lib.sh && jp_pg_stop $DATA && sleep $DOWN && jp_pg_start $DATA > /dev/null'" || STATUS=1
echo "$FAULT_JSON"
exit "${STATUS:-0}"
