#!/usr/bin/env bash
# Starts the whole platform on this machine: PostgreSQL (unless JP_POSTGRES is set), JP_SILOS silos and
# the HTTP gateway. Stays in the foreground; Ctrl-C or SIGTERM stops everything.
#   ./run.sh          the whole system
#   ./run.sh silo     one more silo joining the cluster that runs on the same JP_DATA_DIR / JP_POSTGRES
#                     (SIGTERM makes it leave gracefully; Silo__MetricsPort=N serves its /metrics on port N)
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")" && pwd)
. "$ROOT/scripts/lib.sh"

JP_DATA_DIR=${JP_DATA_DIR:-./.data}
mkdir -p "$JP_DATA_DIR"
JP_DATA_DIR=$(cd "$JP_DATA_DIR" && pwd)
JP_GATEWAY_URL=${JP_GATEWAY_URL:-http://127.0.0.1:5080}
JP_SILOS=${JP_SILOS:-2}
# Connections each process may hold to the PostgreSQL started here (README "Import, bounds").
export JP_PG_POOL=${JP_PG_POOL:-32}
jp_require_count JP_SILOS "$JP_SILOS"
jp_require_count JP_PG_POOL "$JP_PG_POOL"
SILO_DLL="$ROOT/src/Silo/bin/Release/net10.0/JointPunishment.Silo.dll"
GATEWAY_DLL="$ROOT/src/Gateway/bin/Release/net10.0/JointPunishment.Gateway.dll"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# A secret kept in the data dir, generated on first use (0600).
secret() { jp_secret "$JP_DATA_DIR" "$1"; }

connection_string() {
  if [ -n "${JP_POSTGRES:-}" ]; then echo "$JP_POSTGRES"; return; fi
  if [ ! -s "$JP_DATA_DIR/pg.port" ]; then
    jp_log "no PostgreSQL for $JP_DATA_DIR: start ./run.sh first, or set JP_POSTGRES"; exit 1
  fi
  jp_pg_connection_string "$JP_DATA_DIR"
}

export JP_SUBJECT_KEY=${JP_SUBJECT_KEY:-$(secret subject-key)}
export JP_STORAGE_KEY=${JP_STORAGE_KEY:-$(secret storage-key)}
# Retired storage keys, for reading only until scripts/rotate-storage-key.sh has re-encrypted what they wrote.
export JP_STORAGE_OLD_KEYS=${JP_STORAGE_OLD_KEYS:-$(cat "$JP_DATA_DIR/secrets/storage-old-keys" 2>/dev/null || true)}
export JP_OPERATOR_KEY=${JP_OPERATOR_KEY:-$(secret operator-key)}

# TLS between silos and clients (README "Transport security"): unless a certificate is configured
# (Tls__CertificatePath) or TLS is turned off (Tls__Mode=off), a self-signed cluster certificate is
# generated once into the data dir and every silo and the gateway present and pin it.
if [ "${Tls__Mode:-}" != "off" ] && [ -z "${Tls__CertificatePath:-}" ]; then
  jp_cluster_certificate "$JP_DATA_DIR/secrets" || exit 1
  export Tls__CertificatePath="$JP_DATA_DIR/secrets/cluster.crt" Tls__KeyPath="$JP_DATA_DIR/secrets/cluster.key"
  # Agencies' own gateways (scripts/agency-credentials.sh) present certificates from this CA, on silos' gateway port only.
  jp_agency_ca "$JP_DATA_DIR/secrets" || exit 1
  export Tls__AgencyCaPath="${Tls__AgencyCaPath:-$JP_DATA_DIR/secrets/agency-ca.crt}"
fi

if [ "${1:-}" = "silo" ]; then
  jp_build "$ROOT"
  export JP_POSTGRES; JP_POSTGRES=$(connection_string)
  exec dotnet "$SILO_DLL"
fi
[ $# -eq 0 ] || { echo "usage: ./run.sh [silo]" >&2; exit 2; }

jp_build "$ROOT"
OWN_PG=0
if [ -z "${JP_POSTGRES:-}" ]; then
  jp_ensure_pg_binaries
  JP_POSTGRES=$(jp_pg_start "$JP_DATA_DIR")
  JP_POSTGRES_ADMIN=$(jp_pg_connection_string "$JP_DATA_DIR" admin)
  OWN_PG=1
fi
# The schema owner's connection (JP_POSTGRES_ADMIN; JP_POSTGRES when unset) is used by the migrate step below only:
# the silos and the gateway get the application role's (docs/security.md "PostgreSQL roles and the audit trail").
MIGRATE_POSTGRES=${JP_POSTGRES_ADMIN:-}
unset JP_POSTGRES_ADMIN
export JP_POSTGRES JP_GATEWAY_URL
mkdir -p "$JP_DATA_DIR/logs"

SILO_PIDS=()
GATEWAY_PID=""
stopping=0
shutdown() {
  [ "$stopping" = 1 ] && return
  stopping=1
  jp_log "stopping"
  [ -n "$GATEWAY_PID" ] && kill -TERM "$GATEWAY_PID" 2>/dev/null || true
  [ -n "$GATEWAY_PID" ] && wait "$GATEWAY_PID" 2>/dev/null || true
  for pid in "${SILO_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SILO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ "$OWN_PG" = 1 ] && jp_pg_stop "$JP_DATA_DIR"
  jp_log "stopped"
}
trap 'shutdown; exit 0' INT TERM
trap 'shutdown' EXIT

if ! JP_POSTGRES_ADMIN="$MIGRATE_POSTGRES" dotnet "$SILO_DLL" migrate > "$JP_DATA_DIR/logs/migrate.log" 2>&1; then
  jp_log "migrating the schema failed; see $JP_DATA_DIR/logs/migrate.log"; exit 1
fi

for i in $(seq 1 "$JP_SILOS"); do
  # Each silo serves its own Prometheus text on JP_SILO_METRICS_PORT + i - 1 when that is set.
  metrics_port=0
  [ -n "${JP_SILO_METRICS_PORT:-}" ] && metrics_port=$((JP_SILO_METRICS_PORT + i - 1))
  Silo__MetricsPort=$metrics_port dotnet "$SILO_DLL" > "$JP_DATA_DIR/logs/silo-$i.log" 2>&1 &
  SILO_PIDS+=("$!")
  jp_log "silo $i: pid $!, log $JP_DATA_DIR/logs/silo-$i.log"
done
# Its own directory as content root, so its appsettings.json (log levels above all) is the one read.
dotnet "$GATEWAY_DLL" --contentRoot "$(dirname "$GATEWAY_DLL")" > "$JP_DATA_DIR/logs/gateway.log" 2>&1 &
GATEWAY_PID=$!
jp_log "gateway: pid $GATEWAY_PID, log $JP_DATA_DIR/logs/gateway.log"

deadline=$((SECONDS + 180))
# An https:// gateway serves the cluster certificate (unless Kestrel__Certificates__Default__* names another).
CURL_TLS=()
if [[ "$JP_GATEWAY_URL" == https://* && "${Tls__CertificatePath:-}" == *.crt && -z "${Kestrel__Certificates__Default__Path:-}" ]]; then
  CURL_TLS=(--cacert "$Tls__CertificatePath")
fi
until curl -fsS "${CURL_TLS[@]}" -o /dev/null "$JP_GATEWAY_URL/health" 2>/dev/null; do
  if [ $SECONDS -ge $deadline ]; then jp_log "the gateway did not become healthy within 180 s; see $JP_DATA_DIR/logs"; exit 1; fi
  if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then jp_log "the gateway exited; see $JP_DATA_DIR/logs/gateway.log"; exit 1; fi
  sleep 0.5
done
echo "JointPunishment is ready at $JP_GATEWAY_URL"
echo "operator key: $JP_OPERATOR_KEY"

# Stay in the foreground until every child has exited (or a signal arrives).
while [ -n "$(jobs -pr)" ]; do wait -n 2>/dev/null || true; done
