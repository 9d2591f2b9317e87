#!/usr/bin/env bash
# A silo killed while officer deliveries are in flight (docs/operations.md "Fault runs"). Starts ./run.sh (2 silos +
# gateway) on its own data dir and port 5383, adds a third silo, and under checks and unit listings of three officers
# from 8 court loops (each listing delivers the officer links from the unit's grain to its three officers' grains
# before the court hears "applied") kills the third silo with SIGKILL. Afterwards the court resends what got no answer,
# and every acknowledged unit and officer is checked and looked up in the court view. Also counts the deliveries the
# silos logged as cut short (event 3001). Prints the figures, a summary line and, last, one JSON line; exits 1 on a
# wrong answer or a lost acknowledgement.
#   scripts/fault-officer-delivery-kill.sh [--seconds S]   (load 40 s, the kill 10 s in)
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
LOAD=40
[ "${1:-}" = "--seconds" ] && LOAD=$2
FAULT_NAME=officer-delivery-kill FAULT_PORT=5383
. "$ROOT/scripts/fault-lib.sh"

fault_silo 3
fault_silos 3
jp_log "SIGKILL silo pid $FAULT_SILO_PID while officer deliveries are in flight"
fault_run officer-delivery-kill seconds="$LOAD" eventLoops=8 concurrency=20 fault="kill -KILL $FAULT_SILO_PID" || STATUS=1
CUT=$(cat "$DATA"/logs/*.log | grep -c "not delivered yet" || true)
jp_log "officer deliveries the silos logged as not delivered (event 3001): $CUT"
jq -c --argjson cut "$CUT" '. + {deliveriesCutShort: $cut}' <<< "$FAULT_JSON"
exit "${STATUS:-0}"
