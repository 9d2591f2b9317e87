#!/usr/bin/env bash
# Proves the JP_SUBJECT_KEY rotation of docs/operations.md ("Rotating keys") end to end with ./run.sh:
#   1. starts the system on a fresh data dir and lists a person (blocked, the court's view reads the case);
#   2. scripts/rotate-subject-key.sh while ./run.sh runs: refused, the key file unchanged;
#   3. stops ./run.sh, rotates: a new secrets/subject-key, the old one kept as subject-key.old-<date>;
#   4. starts again with the new key: still blocked, the court's view still reads the case.
# Exits 0 and prints "subject-key-rotation-check: ok" when every step held.
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/check-lib.sh"
check_begin subject-key-rotation-check 5186

jp_log "1/4 starting the system on $WORK and listing a person"
start_system "$WORK"
list_subject subject-rotation
subject_found "under the first key"
OLD_KEY=$(cat "$WORK/secrets/subject-key")

jp_log "2/4 rotating while ./run.sh runs: refused"
if JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-subject-key.sh"; then jp_log "the rotation ran while the system was up"; exit 1; fi
[ "$(cat "$WORK/secrets/subject-key")" = "$OLD_KEY" ] || { jp_log "the refused rotation changed secrets/subject-key"; exit 1; }
stop_system

jp_log "3/4 rotating with the system stopped"
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-subject-key.sh"
[ "$(cat "$WORK/secrets/subject-key")" != "$OLD_KEY" ] || { jp_log "secrets/subject-key did not change"; exit 1; }
[ "$(cat "$WORK"/secrets/subject-key.old-* | sort -u)" = "$OLD_KEY" ] || { jp_log "the old key was not kept"; exit 1; }

jp_log "4/4 starting with the new key"
start_system "$WORK"
subject_found "under the new key"
stop_system
echo "subject-key-rotation-check: ok"
