#!/usr/bin/env bash
# Rotates JP_SUBJECT_KEY, the secret subject grain keys are derived with, for a ./run.sh deployment
# (docs/operations.md, "Rotating keys"). A full stop: stop ./run.sh first; this script stops nothing and refuses while
# its PostgreSQL (hence the system) runs, and the tool refuses while any silo is alive in the membership table.
#   scripts/rotate-subject-key.sh [--drop-unmapped]
# It starts the data dir's PostgreSQL, copies secrets/subject-key to secrets/subject-key.old-<date>, writes a new key to
# secrets/subject-key.new, runs `Silo.dll rekey-subjects` with both (one transaction: a failure changes nothing) and only
# then puts the new key in place, so secrets/subject-key always names the key the database is under. Interrupted, run
# it again: a subject-key.new left behind is used again, and the tool finds nothing left to move.
# Keys from the environment (JP_SUBJECT_KEY set): run the tool yourself with JP_SUBJECT_OLD_KEY, JP_SUBJECT_KEY, the
# storage keys and JP_POSTGRES (docs/operations.md).
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
JP_DATA_DIR=$(cd "${JP_DATA_DIR:-./.data}" && pwd)
SECRETS="$JP_DATA_DIR/secrets"
SILO_DLL="$ROOT/src/Silo/bin/Release/net10.0/JointPunishment.Silo.dll"

case "${1:-}" in
  '' | --drop-unmapped) [ $# -le 1 ] || { echo "usage: $0 [--drop-unmapped]" >&2; exit 2; } ;;
  *) echo "usage: $0 [--drop-unmapped]   (to only count what is under the current key: Silo.dll rekey-subjects --check)" >&2; exit 2 ;;
esac
if [ -n "${JP_SUBJECT_KEY:-}" ]; then
  jp_log "keys come from the environment: stop every silo and gateway, then run with JP_SUBJECT_OLD_KEY (the current key), JP_SUBJECT_KEY (a new one, e.g. $(jp_new_secret)), the storage keys and JP_POSTGRES set: dotnet $SILO_DLL rekey-subjects"
  exit 2
fi
[ -s "$SECRETS/subject-key" ] || { jp_log "no $SECRETS/subject-key: set JP_DATA_DIR to the data dir ./run.sh uses"; exit 1; }
jp_storage_keys "$JP_DATA_DIR"
jp_build "$ROOT"
jp_ensure_pg_binaries
if ! jp_pg_start "$JP_DATA_DIR" > /dev/null; then
  jp_log "refused: stop ./run.sh first (no silo or gateway may run while subject keys move); nothing was changed"
  exit 1
fi
trap 'jp_pg_stop "$JP_DATA_DIR"' EXIT

BACKUP="$SECRETS/subject-key.old-$(date +%Y%m%d-%H%M%S)"
(umask 077
 cp "$SECRETS/subject-key" "$BACKUP"
 [ -s "$SECRETS/subject-key.new" ] || jp_new_secret > "$SECRETS/subject-key.new")
if ! JP_SUBJECT_OLD_KEY=$(cat "$SECRETS/subject-key") JP_SUBJECT_KEY=$(cat "$SECRETS/subject-key.new") \
     JP_POSTGRES=$(jp_pg_connection_string "$JP_DATA_DIR") JP_POSTGRES_ADMIN=$(jp_pg_connection_string "$JP_DATA_DIR" admin) \
     dotnet "$SILO_DLL" rekey-subjects "$@"; then
  jp_log "rekey-subjects did not complete (see above); $SECRETS/subject-key is still the key in use, $SECRETS/subject-key.new is kept for the next attempt"
  exit 1
fi
mv "$SECRETS/subject-key.new" "$SECRETS/subject-key"
jp_log "new subject key in $SECRETS/subject-key; the old one is in $BACKUP (keep it with the backups taken before now). Start ./run.sh."
