#!/usr/bin/env bash
# Proves the README's backup and restore procedure end to end:
#   1. starts the system on a fresh data dir, lists a subject, and checks that rail blocks them;
#   2. backs up PostgreSQL with pg_dump (custom format) and copies the secrets (the subject key above all);
#   3. stops the system, restores the dump with pg_restore into a PostgreSQL on another fresh data dir;
#   4. starts the system on the restored data dir and checks that the subject is still blocked, with the
#      agency's and the court's keys from before the backup.
# Exits 0 and prints "backup-restore-check: ok" when every step held.
#   scripts/backup-restore-check.sh
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

WORK=${JP_CHECK_DIR:-/tmp/jp-backup-restore-check}
GATEWAY=${JP_CHECK_GATEWAY:-http://127.0.0.1:5183}
ORIGINAL="$WORK/original" RESTORED="$WORK/restored" BACKUP="$WORK/backup"
for tool in jq curl; do command -v "$tool" >/dev/null || { jp_log "$tool is missing: apt-get install -y $tool"; exit 1; }; done
jp_ensure_pg_binaries
rm -rf "$WORK" && mkdir -p "$ORIGINAL" "$RESTORED" "$BACKUP" && chmod 755 "$WORK" "$ORIGINAL" "$RESTORED"

. "$ROOT/scripts/check-lib.sh"
trap 'stop_system; jp_pg_stop "$RESTORED"' EXIT

SUBJECT=110101199003071233 # GB 11643 check digit valid
check_decision() { # check_decision AGENCY_KEY → prints the decision
  api POST /v1/checks "$1" "{\"measure\":\"consumption.rail\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\"},\"action\":{\"trainNumber\":\"G1\",\"seatClass\":\"second\"}}" | jq -r .decision
}

jp_log "1/4 starting the system on $ORIGINAL and listing a subject"
start_system "$ORIGINAL"
OPERATOR_KEY=$(cat "$ORIGINAL/secrets/operator-key")
COURT_KEY=$(api POST /v1/courts "$OPERATOR_KEY" '{"code":"backup-court","name":"法院"}' | jq -r .apiKey)
RAIL_KEY=$(api POST /v1/agencies "$OPERATOR_KEY" '{"code":"backup-rail","name":"铁路","measures":["consumption.rail"]}' | jq -r .apiKey)
status=$(api POST /v1/court/events "$COURT_KEY" "{\"events\":[{\"eventId\":\"b1\",\"type\":\"listed\",\"caseNumber\":\"(2026)京01执1号\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\",\"name\":\"测试\"},\"listedOn\":\"2026-11-20\",\"public\":true}]}" | jq -r '.results[0].status')
[ "$status" = applied ] || { jp_log "the listing was not applied: $status"; exit 1; }
[ "$(check_decision "$RAIL_KEY")" = block ] || { jp_log "the listed subject is not blocked before the backup"; exit 1; }

jp_log "2/4 backing up with pg_dump, and the secrets"
PORT=$(cat "$ORIGINAL/pg.port")
PGPASSWORD=$(cat "$ORIGINAL/secrets/pg-admin-password") jp_pg_run pg_dump -h 127.0.0.1 -p "$PORT" -U postgres -Fc jointpunishment > "$BACKUP/jointpunishment.dump"
cp -a "$ORIGINAL/secrets" "$BACKUP/secrets"
stop_system

jp_log "3/4 restoring with pg_restore into a fresh PostgreSQL on $RESTORED"
cp -a "$BACKUP/secrets" "$RESTORED/secrets"
jp_pg_start "$RESTORED" > /dev/null
PGPASSWORD=$(cat "$RESTORED/secrets/pg-admin-password") jp_pg_run pg_restore -h 127.0.0.1 -p "$(cat "$RESTORED/pg.port")" -U postgres -d jointpunishment --exit-on-error --no-owner \
  < "$BACKUP/jointpunishment.dump"
jp_pg_stop "$RESTORED"

jp_log "4/4 starting the system on the restored data and checking"
start_system "$RESTORED"
decision=$(check_decision "$RAIL_KEY")
[ "$decision" = block ] || { jp_log "after the restore the listed subject is '$decision', not blocked"; exit 1; }
view=$(api GET "/v1/court/subjects/resident_id/$SUBJECT" "$COURT_KEY" | jq -r '.listings[0].caseNumber // .cases[0].caseNumber // empty')
jp_log "restored: decision $decision, case ${view:-?}"
stop_system
echo "backup-restore-check: ok"
