#!/usr/bin/env bash
# Proves the JP_STORAGE_KEY rotation of docs/operations.md ("Rotating keys") end to end with ./run.sh:
#   1. starts the system on a fresh data dir, lists a subject (its state holds the identity, encrypted under key A);
#   2. scripts/rotate-storage-key.sh new (B current, A old) and a restart: the subject is still blocked and its court view reads;
#   3. scripts/rotate-storage-key.sh reencrypt while the system runs, then retire (A leaves the data dir);
#   4. a restart with B alone: still blocked, the court view still reads the subject.
# Exits 0 and prints "storage-key-rotation-check: ok" when every step held.
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

. "$ROOT/scripts/check-lib.sh"
check_begin storage-key-rotation-check 5184

jp_log "1/4 starting the system on $WORK and listing a subject"
start_system "$WORK"
list_subject rotation
subject_found "under key A"
KEY_A=$(cat "$WORK/secrets/storage-key")
stop_system

jp_log "2/4 new storage key, restart"
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-storage-key.sh" new
[ "$(cat "$WORK/secrets/storage-old-keys")" = "$KEY_A" ] || { jp_log "key A is not the old key"; exit 1; }
start_system "$WORK"
subject_found "key B current, A old"

jp_log "3/4 reencrypt while the system runs, then retire key A"
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-storage-key.sh" reencrypt
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-storage-key.sh" retire
[ ! -e "$WORK/secrets/storage-old-keys" ] || { jp_log "key A is still an old key"; exit 1; }
stop_system

jp_log "4/4 restart with key B alone"
start_system "$WORK"
subject_found "key B alone"
stop_system
echo "storage-key-rotation-check: ok"
