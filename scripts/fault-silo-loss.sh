#!/usr/bin/env bash
# Silo loss under load (docs/operations.md "Faults", "Fault runs"). Starts ./run.sh (2 silos + gateway) on its own data
# dir and port 5380, adds a third silo with ./run.sh silo, and under checks and unit listings of three officers:
#   1. kills the third silo with SIGKILL;  2. adds another silo, then stops it with SIGTERM (graceful).
# Prints the figures of each phase, a summary line each, and, last, one JSON line {"kill": {...}, "graceful": {...}};
# exits 1 on a wrong answer or a lost acknowledgement.
#   scripts/fault-silo-loss.sh [--seconds S]   (load per phase, default 40; the fault comes 10 s in)
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
SECONDS_PER_PHASE=40
[ "${1:-}" = "--seconds" ] && SECONDS_PER_PHASE=$2
FAULT_NAME=silo-loss FAULT_PORT=5380
. "$ROOT/scripts/fault-lib.sh"

fault_silo 3
fault_silos 3
jp_log "phase 1: SIGKILL silo pid $FAULT_SILO_PID under load"
fault_run silo-kill seconds="$SECONDS_PER_PHASE" base=0 fault="kill -KILL $FAULT_SILO_PID" || STATUS=1
KILL=$FAULT_JSON

fault_silo 4
fault_silos 3
jp_log "phase 2: SIGTERM silo pid $FAULT_SILO_PID under load"
fault_run silo-term seconds="$SECONDS_PER_PHASE" base=2000000 \
  fault="kill -TERM $FAULT_SILO_PID; while kill -0 $FAULT_SILO_PID 2>/dev/null; do sleep 0.1; done" || STATUS=1
echo "{\"kill\": $KILL, \"graceful\": $FAULT_JSON}"
exit "${STATUS:-0}"
