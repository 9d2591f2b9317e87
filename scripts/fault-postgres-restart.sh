#!/usr/bin/env bash
# PostgreSQL restart under load (docs/operations.md "Faults"). Starts ./run.sh (2 silos + gateway) on its own data dir and
# port 5381; under a steady mix of checks and court events, stops PostgreSQL (pg_ctl stop -m fast), keeps it down
# for 10 s and starts it again. Prints the figures and, last, one JSON line.
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

PG_CTL="$(jp_pg_bindir)/pg_ctl"
AS_PG=""; [ "$(id -u)" -eq 0 ] && AS_PG="runuser -u postgres --"
PORT=$(cat "$DATA/pg.port")
jp_log "stopping PostgreSQL for $DOWN s under load"
fault_driver seconds="$SECONDS_PER_PHASE" fault="$AS_PG $PG_CTL -D $DATA/pg -m fast -w stop >/dev/null && sleep $DOWN && \
$AS_PG $PG_CTL -D $DATA/pg -l $DATA/pg-run/postgres.log -w -t 60 -o '-c listen_addresses=127.0.0.1 -p $PORT -k $DATA/pg-run -c max_connections=300' start >/dev/null"
