# Shared by the end-to-end check scripts (backup-restore-check.sh, storage-key-rotation-check.sh): source after lib.sh
# with GATEWAY set. start_system DATA_DIR runs ./run.sh there until stop_system; api METHOD PATH KEY [BODY] calls it.
RUN_PID=""
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
