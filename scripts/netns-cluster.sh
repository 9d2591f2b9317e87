#!/usr/bin/env bash
# The platform across several hosts, simulated on this machine with Linux network namespaces (root, iproute2):
#   jp8-pg     10.77.0.10  PostgreSQL
#   jp8-silo1  10.77.0.11  silo (advertises 10.77.0.11:11111, gateway port 30000)
#   jp8-silo2  10.77.0.12  silo (advertises 10.77.0.12:11111, gateway port 30000)
#   jp8-gw     10.77.0.20  HTTP gateway on :8080
# joined by veth pairs on a bridge (10.77.0.1 on this host). Each process sees only its own address, so a
# silo that advertised the wrong one would be unreachable. The script lists a subject and checks through the
# gateway, verifies /v1/cluster shows both silos at their own addresses, stops silo 1 with SIGTERM and checks
# again through silo 2; it prints "netns-cluster: ok" and removes everything it created.
#   scripts/netns-cluster.sh            (JP_NETNS_KEEP=1 leaves it running until Ctrl-C)
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

[ "$(id -u)" -eq 0 ] || { jp_log "network namespaces need root"; exit 1; }
command -v ip >/dev/null || { jp_log "iproute2 is missing: apt-get install -y iproute2"; exit 1; }
for tool in jq curl; do command -v "$tool" >/dev/null || { jp_log "$tool is missing: apt-get install -y $tool"; exit 1; }; done
jp_ensure_pg_binaries
jp_build "$ROOT"

NET=10.77.0 BRIDGE=jp8br0 PREFIX=jp8
WORK=${JP_NETNS_DIR:-/tmp/jp-netns-cluster}
SILO_DLL="$ROOT/src/Silo/bin/Release/net10.0/JointPunishment.Silo.dll"
GATEWAY_DLL="$ROOT/src/Gateway/bin/Release/net10.0/JointPunishment.Gateway.dll"
GATEWAY=http://$NET.20:8080
SUBJECT_KEY=netns-subject-key-0123456789abcdef STORAGE_KEY=netns-storage-key-0123456789abcdef OPERATOR_KEY=netns-operator-key-0123456789abcdef
POSTGRES="Host=$NET.10;Port=5432;Username=postgres;Database=jointpunishment;Maximum Pool Size=50"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -s "$WORK/pg/postmaster.pid" ]; then
    ip netns exec "$PREFIX-pg" runuser -u postgres -- "$(jp_pg_bindir)/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  for host in pg silo1 silo2 gw; do ip netns del "$PREFIX-$host" 2>/dev/null || true; done
  ip link del "$BRIDGE" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup
rm -rf "$WORK" && mkdir -p "$WORK" && chmod 755 "$WORK"

jp_log "creating namespaces on bridge $BRIDGE ($NET.0/24)"
ip link add "$BRIDGE" type bridge
ip addr add "$NET.1/24" dev "$BRIDGE"
ip link set "$BRIDGE" up
add_host() { # add_host NAME LAST_OCTET
  local ns="$PREFIX-$1"
  ip netns add "$ns"
  ip link add "$PREFIX-v$2" type veth peer name eth0 netns "$ns"
  ip link set "$PREFIX-v$2" master "$BRIDGE" up
  ip netns exec "$ns" ip addr add "$NET.$2/24" dev eth0
  ip netns exec "$ns" ip link set eth0 up
  ip netns exec "$ns" ip link set lo up
}
add_host pg 10; add_host silo1 11; add_host silo2 12; add_host gw 20

jp_log "PostgreSQL in $PREFIX-pg at $NET.10:5432"
mkdir -p "$WORK/pg" "$WORK/pg-run" && chown postgres "$WORK/pg" "$WORK/pg-run" && chmod 700 "$WORK/pg"
runuser -u postgres -- "$(jp_pg_bindir)/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
echo "host all all $NET.0/24 trust" >> "$WORK/pg/pg_hba.conf"
ip netns exec "$PREFIX-pg" runuser -u postgres -- "$(jp_pg_bindir)/pg_ctl" -D "$WORK/pg" -l "$WORK/pg-run/postgres.log" -w -t 60 \
  -o "-c listen_addresses=$NET.10 -p 5432 -k $WORK/pg-run -c max_connections=200" start >/dev/null
ip netns exec "$PREFIX-pg" runuser -u postgres -- "$(jp_pg_bindir)/createdb" -h "$NET.10" -U postgres jointpunishment

start_silo() { # start_silo N
  ip netns exec "$PREFIX-silo$1" env JP_POSTGRES="$POSTGRES" JP_SUBJECT_KEY="$SUBJECT_KEY" JP_STORAGE_KEY="$STORAGE_KEY" "${TLS[@]}" \
    Silo__Endpoints__AdvertisedAddress="$NET.1$1" Silo__Endpoints__SiloPort=11111 Silo__Endpoints__GatewayPort=30000 \
    Silo__MetricsPort=9464 dotnet "$SILO_DLL" > "$WORK/silo$1.log" 2>&1 &
  PIDS+=("$!")
  jp_log "silo $1 in $PREFIX-silo$1 (pid $!), advertising $NET.1$1:11111"
}
# Silos and the gateway talk over TLS (docs/security.md "Transport security"), pinned to one generated cluster certificate.
jp_cluster_certificate "$WORK/secrets"
TLS=(Tls__CertificatePath="$WORK/secrets/cluster.crt" Tls__KeyPath="$WORK/secrets/cluster.key")
start_silo 1
start_silo 2
ip netns exec "$PREFIX-gw" env JP_POSTGRES="$POSTGRES" JP_SUBJECT_KEY="$SUBJECT_KEY" JP_STORAGE_KEY="$STORAGE_KEY" JP_OPERATOR_KEY="$OPERATOR_KEY" "${TLS[@]}" \
  JP_GATEWAY_URL="$GATEWAY" dotnet "$GATEWAY_DLL" > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
jp_log "gateway in $PREFIX-gw (pid $GATEWAY_PID) at $GATEWAY"

api() { # api METHOD PATH KEY [BODY]
  curl -fsS -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+--data "$4"}
}
active_addresses() { api GET /v1/cluster "$OPERATOR_KEY" | jq -r '[.silos[] | select(.status == "active") | .address | split("@")[0]] | sort | join(" ")'; }
wait_for() { # wait_for DESCRIPTION COMMAND…
  local what=$1 deadline=$((SECONDS + 180)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { jp_log "timed out waiting for $what; cluster: $(api GET /v1/cluster "$OPERATOR_KEY" || true); logs in $WORK"; exit 1; }
    sleep 1
  done
}
wait_for "the gateway" curl -fsS "$GATEWAY/health"
wait_for "two active silos" test "$(active_addresses)" = "$NET.11:11111 $NET.12:11111"
jp_log "cluster: $(active_addresses)"

SUBJECT=110101199003071233
check() { # check AGENCY_KEY ID_NUMBER → decision
  api POST /v1/checks "$1" "{\"measure\":\"consumption.air\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$2\"}}" | jq -r .decision
}
COURT_KEY=$(api POST /v1/courts "$OPERATOR_KEY" '{"code":"netns-court","name":"法院"}' | jq -r .apiKey)
AIR_KEY=$(api POST /v1/agencies "$OPERATOR_KEY" '{"code":"netns-air","name":"航空","measures":["consumption.air"]}' | jq -r .apiKey)
api POST /v1/court/events "$COURT_KEY" "{\"events\":[{\"eventId\":\"n1\",\"type\":\"listed\",\"caseNumber\":\"(2026)京01执7号\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"$SUBJECT\",\"name\":\"测试\"},\"listedOn\":\"2026-11-20\",\"public\":true}]}" >/dev/null
[ "$(check "$AIR_KEY" "$SUBJECT")" = block ] || { jp_log "the listed subject is not blocked"; exit 1; }
[ "$(check "$AIR_KEY" 110101198001014564)" = allow ] || { jp_log "an unlisted subject is not allowed"; exit 1; }
for silo in 1 2; do
  metrics=$(curl -fsS "http://$NET.1$silo:9464/metrics")
  grep -q '^orleans_' <<< "$metrics" || { jp_log "silo $silo serves no metrics on :9464"; exit 1; }
done
jp_log "checks through $GATEWAY: listed → block, unlisted → allow; both silos serve /metrics on :9464"

jp_log "stopping silo 1 with SIGTERM"
kill -TERM "${PIDS[0]}"
wait "${PIDS[0]}" || { jp_log "silo 1 exited with $?"; exit 1; }
wait_for "silo 1 to leave" test "$(active_addresses)" = "$NET.12:11111"
[ "$(check "$AIR_KEY" "$SUBJECT")" = block ] || { jp_log "after silo 1 left, the listed subject is not blocked"; exit 1; }
jp_log "after silo 1 left: $(active_addresses) active; the listed subject is still blocked"

if [ "${JP_NETNS_KEEP:-0}" = 1 ]; then
  jp_log "kept running (Ctrl-C to remove): curl $GATEWAY/v1/cluster -H 'Authorization: Bearer $OPERATOR_KEY'"
  wait "$GATEWAY_PID"
fi
echo "netns-cluster: ok"
