# Shared by the end-to-end check scripts (backup-restore-check.sh, storage-key-rotation-check.sh,
# subject-key-rotation-check.sh): source after lib.sh. check_begin NAME PORT sets up a one-silo run; start_system
# DATA_DIR runs ./run.sh there until stop_system; api METHOD PATH KEY [BODY] calls it; list_subject and subject_found
# list a person and check it is still found after a key rotation.
RUN_PID=""
check_begin() { # check_begin NAME PORT: WORK (JP_CHECK_DIR, else /tmp/jp-NAME) emptied, GATEWAY on PORT, one silo, stopped on exit
  WORK=${JP_CHECK_DIR:-/tmp/jp-$1}
  GATEWAY=${JP_CHECK_GATEWAY:-http://127.0.0.1:$2}
  for tool in jq curl; do command -v "$tool" >/dev/null || { jp_log "$tool is missing: apt-get install -y $tool"; exit 1; }; done
  rm -rf "$WORK" && mkdir -p "$WORK" && chmod 755 "$WORK"
  trap stop_system EXIT
  export JP_SILOS=1
}

stop_system() {
  if [ -n "$RUN_PID" ]; then kill -TERM "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; fi
  RUN_PID=""
}

start_system() { # start_system DATA_DIR
  JP_DATA_DIR="$1" JP_GATEWAY_URL="$GATEWAY" "$ROOT/run.sh" > "$1/run.log" 2>&1 &
  RUN_PID=$!
  until grep -q "is ready" "$1/run.log" 2>/dev/null; do
    kill -0 "$RUN_PID" 2>/dev/null || { cat "$1/run.log" >&2; exit 1; }
    sleep 0.5
  done
}

api() { # api METHOD PATH KEY [BODY]
  curl -fsS -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+--data "$4"}
}

SUBJECT=110101199003071233 # GB 11643 check digit valid
SUBJECT_CASE="(2026)京01执9号"
list_subject() { # list_subject CODE: a court and a rail agency (COURT_KEY, RAIL_KEY, codes CODE-court, CODE-rail); the court lists SUBJECT
  local operator_key status
  operator_key=$(cat "$WORK/secrets/operator-key")
  COURT_KEY=$(api POST /v1/courts "$operator_key" "{\"code\":\"$1-court\",\"name\":\"法院\"}" | jq -r .apiKey)
  RAIL_KEY=$(api POST /v1/agencies "$operator_key" "{\"code\":\"$1-rail\",\"name\":\"铁路\",\"measures\":[\"consumption.rail\"]}" | jq -r .apiKey)
  status=$(api POST /v1/court/events "$COURT_KEY" "{\"events\":[{\"eventId\":\"r1\",\"type\":\"listed\",\"caseNumber\":\"$SUBJECT_CASE\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\",\"name\":\"测试\"},\"listedOn\":\"2026-11-20\",\"public\":true}]}" | jq -r '.results[0].status')
  [ "$status" = applied ] || { jp_log "the listing was not applied: $status"; exit 1; }
}

subject_found() { # subject_found STEP: blocked for rail, and the court's view shows the listing (subject state decrypted)
  local decision case
  decision=$(api POST /v1/checks "$RAIL_KEY" "{\"measure\":\"consumption.rail\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\"},\"action\":{\"trainNumber\":\"G1\",\"seatClass\":\"second\"}}" | jq -r .decision)
  case=$(api GET "/v1/court/subjects/resident_id/$SUBJECT" "$COURT_KEY" | jq -r '.. | .caseNumber? // empty' | head -1)
  [ "$decision" = block ] && [ "$case" = "$SUBJECT_CASE" ] || { jp_log "$1: decision '$decision', case '$case'"; exit 1; }
  jp_log "$1: blocked, court view reads case $case"
}
