#!/usr/bin/env bash
# What the operator gives an agency whose own .NET gateway checks through the Orleans client (docs/security.md,
# "Agencies' Orleans clients"), for the system ./run.sh runs on JP_DATA_DIR:
#   scripts/agency-credentials.sh CODE [OUT_DIR]
# writes into OUT_DIR (default JP_DATA_DIR/agencies/CODE, mode 0700):
#   agency.crt, agency.key  the agency's client certificate (CN=CODE), issued by the agency CA (JP_DATA_DIR/secrets)
#   cluster.crt             the cluster certificate, public part only: the agency's client trusts silos presenting it
#   agency.env              JP_POSTGRES (a login that may read only where the silos are) and the Tls__ settings
# and creates the agency's PostgreSQL login jp_agency_<code> in role jp_agency_client (migration 0026), or gives it a
# new password when run again. With JP_POSTGRES set (a database ./run.sh did not start) it writes OUT_DIR/login.sql
# for the database administrator instead. The agency's API key (JP_AGENCY_KEY) is the one POST /v1/agencies returned
# (POST /v1/agencies/{code}/keys rotates it); it is not written here. Silos accept agency certificates only when they
# run with Tls__AgencyCaPath (./run.sh sets it) and must be restarted after the agency CA is first created.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

CODE=${1:-}
if ! [[ "$CODE" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]]; then
  echo "usage: scripts/agency-credentials.sh CODE [OUT_DIR]   (CODE: the agency's registered code)" >&2
  exit 2
fi
JP_DATA_DIR=$(cd "${JP_DATA_DIR:-$ROOT/.data}" && pwd)
SECRETS="$JP_DATA_DIR/secrets"
OUT=${2:-$JP_DATA_DIR/agencies/$CODE}
[ -s "$SECRETS/cluster.crt" ] || { jp_log "no cluster certificate in $SECRETS: start ./run.sh once first"; exit 1; }
jp_agency_ca "$SECRETS"
mkdir -p "$OUT" && chmod 700 "$OUT" && OUT=$(cd "$OUT" && pwd)
umask 077

openssl req -newkey rsa:2048 -nodes -subj "/O=JointPunishment agency/CN=$CODE" \
  -keyout "$OUT/agency.key" -out "$OUT/agency.csr" 2> /dev/null
openssl x509 -req -in "$OUT/agency.csr" -CA "$SECRETS/agency-ca.crt" -CAkey "$SECRETS/agency-ca.key" \
  -set_serial "0x$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" -days 825 -out "$OUT/agency.crt" \
  -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n') 2> /dev/null
rm -f "$OUT/agency.csr"
cp "$SECRETS/cluster.crt" "$OUT/cluster.crt"

LOGIN="jp_agency_$(printf '%s' "$CODE" | tr 'A-Z-' 'a-z_')"
PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '=+/\n')
SQL="DO \$\$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '$LOGIN') THEN
    ALTER ROLE $LOGIN LOGIN PASSWORD '$PASSWORD' CONNECTION LIMIT 4;
  ELSE
    CREATE ROLE $LOGIN LOGIN PASSWORD '$PASSWORD' CONNECTION LIMIT 4 IN ROLE jp_agency_client;
  END IF;
END \$\$;"
if [ -z "${JP_POSTGRES:-}" ] && [ -s "$JP_DATA_DIR/pg.port" ]; then
  PORT=$(cat "$JP_DATA_DIR/pg.port")
  printf '%s\n' "$SQL" | jp_pg_run psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d jointpunishment > /dev/null
  POSTGRES="Host=127.0.0.1;Port=$PORT;Username=$LOGIN;Password=$PASSWORD;Database=jointpunishment"
else
  printf '%s\n' "$SQL" > "$OUT/login.sql"
  POSTGRES="Host=DATABASE_HOST;Port=5432;Username=$LOGIN;Password=$PASSWORD;Database=jointpunishment"
  jp_log "run $OUT/login.sql on the platform's database as a role with CREATEROLE, and put its address in agency.env"
fi

cat > "$OUT/agency.env" << ENV
# Agency $CODE's own gateway (samples/AgencyGateway); docs/security.md, "Agencies' Orleans clients".
JP_POSTGRES=$POSTGRES
Tls__CertificatePath=$OUT/agency.crt
Tls__KeyPath=$OUT/agency.key
Tls__CaPath=$OUT/cluster.crt
# JP_AGENCY_KEY=jpa.$CODE.…   the API key POST /v1/agencies returned, handed over separately
ENV
jp_log "agency $CODE: hand over $OUT (agency.crt, agency.key, cluster.crt, agency.env) and its API key; keep $SECRETS to yourself"
