#!/usr/bin/env bash
# The silo hosting the index shards paused under load (docs/operations.md "Fault runs"). Starts ./run.sh (2 silos +
# gateway) on its own data dir and port 5382, adds a third silo, finds the silo on which most of the 64 index shard
# grains are active (bench "shard-hosts": the grain directory), and under checks and unit listings of three officers
# stops it with SIGSTOP for 15 s, then SIGCONT. The others declare it dead meanwhile (docs/operations.md "Faults": about
# 6–10 s), so the shards move, and the paused silo, resumed, finds itself dead and stops. Prints the figures, a summary
# line and, last, one JSON line; exits 1 on a wrong answer or a lost acknowledgement.
#   scripts/fault-index-pause.sh [--seconds S] [--pause S]   (load 45 s, the pause 10 s in, 15 s long)
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
LOAD=45 PAUSE=15
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) LOAD=$2; shift 2 ;;
    --pause) PAUSE=$2; shift 2 ;;
    *) echo "usage: scripts/fault-index-pause.sh [--seconds S] [--pause S]" >&2; exit 2 ;;
  esac
done
FAULT_NAME=index-pause FAULT_PORT=5382
. "$ROOT/scripts/fault-lib.sh"
PAUSED=""
# A stopped silo would not act on run.sh's SIGTERM: resume it before stopping everything.
trap '[ -n "$PAUSED" ] && kill -CONT "$PAUSED" 2>/dev/null; fault_cleanup' EXIT

fault_silo 3
fault_silos 3
PAUSED=$(fault_shard_silo_pid)
jp_log "pausing silo pid $PAUSED (most index shards) for $PAUSE s under load"
fault_run index-pause seconds="$LOAD" fault="kill -STOP $PAUSED && sleep $PAUSE; kill -CONT $PAUSED" || STATUS=1
sleep 2
if kill -0 "$PAUSED" 2>/dev/null; then jp_log "the paused silo (pid $PAUSED) is still running"; else jp_log "the paused silo (pid $PAUSED) has exited (declared dead while paused)"; fi
fault_shard_silo_pid > /dev/null || true
echo "$FAULT_JSON"
exit "${STATUS:-0}"
