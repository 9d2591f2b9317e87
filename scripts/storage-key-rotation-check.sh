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

WORK=${JP_CHECK_DIR:-/tmp/jp-storage-key-rotation-check}
GATEWAY=${JP_CHECK_GATEWAY:-http://127.0.0.1:5184}
for tool in jq curl; do command -v "$tool" >/dev/null || { jp_log "$tool is missing: apt-get install -y $tool"; exit 1; }; done
rm -rf "$WORK" && mkdir -p "$WORK" && chmod 755 "$WORK"
. "$ROOT/scripts/check-lib.sh"
trap stop_system EXIT
export JP_SILOS=1

SUBJECT=110101199003071233 # GB 11643 check digit valid
still_readable() { # still_readable STEP: blocked for rail, and the court's view shows the listing (subject state decrypted)
  local decision case
  decision=$(api POST /v1/checks "$RAIL_KEY" "{\"measure\":\"consumption.rail\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\"},\"action\":{\"trainNumber\":\"G1\",\"seatClass\":\"second\"}}" | jq -r .decision)
  case=$(api GET "/v1/court/subjects/resident_id/$SUBJECT" "$COURT_KEY" | jq -r '.. | .caseNumber? // empty' | head -1)
  [ "$decision" = block ] && [ "$case" = "(2026)京01执9号" ] || { jp_log "$1: decision '$decision', case '$case'"; exit 1; }
  jp_log "$1: blocked, court view reads case $case"
}

jp_log "1/4 starting the system on $WORK and listing a subject"
start_system "$WORK"
OPERATOR_KEY=$(cat "$WORK/secrets/operator-key")
COURT_KEY=$(api POST /v1/courts "$OPERATOR_KEY" '{"code":"rotation-court","name":"法院"}' | jq -r .apiKey)
RAIL_KEY=$(api POST /v1/agencies "$OPERATOR_KEY" '{"code":"rotation-rail","name":"铁路","measures":["consumption.rail"]}' | jq -r .apiKey)
status=$(api POST /v1/court/events "$COURT_KEY" "{\"events\":[{\"eventId\":\"r1\",\"type\":\"listed\",\"caseNumber\":\"(2026)京01执9号\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\",\"name\":\"测试\"},\"listedOn\":\"2026-11-20\",\"public\":true}]}" | jq -r '.results[0].status')
[ "$status" = applied ] || { jp_log "the listing was not applied: $status"; exit 1; }
still_readable "under key A"
KEY_A=$(cat "$WORK/secrets/storage-key")
stop_system

jp_log "2/4 new storage key, restart"
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-storage-key.sh" new
[ "$(cat "$WORK/secrets/storage-old-keys")" = "$KEY_A" ] || { jp_log "key A is not the old key"; exit 1; }
start_system "$WORK"
still_readable "key B current, A old"

jp_log "3/4 reencrypt while the system runs, then retire key A"
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-storage-key.sh" reencrypt
JP_DATA_DIR="$WORK" "$ROOT/scripts/rotate-storage-key.sh" retire
[ ! -e "$WORK/secrets/storage-old-keys" ] || { jp_log "key A is still an old key"; exit 1; }
stop_system

jp_log "4/4 restart with key B alone"
start_system "$WORK"
still_readable "key B alone"
stop_system
echo "storage-key-rotation-check: ok"
