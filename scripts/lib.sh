# Shared shell functions for run.sh, bench.sh and .ci/run. Source it; it defines functions only.

jp_log() { printf '[run] %s\n' "$*" >&2; }

# A new random secret of 42 letters and digits (32 random bytes): operator and storage keys.
jp_new_secret() { head -c 32 /dev/urandom | base64 | tr -d '=+/\n'; }

# The directory holding initdb/pg_ctl/postgres: PATH first, then Debian's versioned directories.
jp_pg_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}

# jp_apt_install PACKAGE WHAT: installs a Debian package that is missing (root only; otherwise says how to).
jp_apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    jp_log "$2 not found and not root: install them with 'sudo apt-get install -y $1'."
    return 1
  fi
  jp_log "installing $2 (apt-get install -y $1)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

# Installs Debian's postgresql package when the server binaries are missing (root only).
jp_ensure_pg_binaries() {
  if jp_pg_bindir >/dev/null; then return 0; fi
  jp_apt_install postgresql "PostgreSQL server binaries" && jp_pg_bindir >/dev/null
}

# Installs Debian's chromium when /usr/bin/chromium is missing (root only): the public page's browser test drives it headless.
jp_ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  jp_apt_install chromium "Chromium" && [ -x /usr/bin/chromium ]
}

# Runs a PostgreSQL binary as the server's owner: 'postgres' when we are root (the server refuses root).
jp_pg_run() {
  local bin
  bin="$(jp_pg_bindir)/$1"; shift
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin" "$@"
  else
    "$bin" "$@"
  fi
}

# jp_require_count NAME VALUE: exits 2, naming NAME, unless VALUE is a whole number of at least 1 (no leading zero).
jp_require_count() {
  case "$2" in
    '' | *[!0-9]* | 0*) echo "$1 must be a whole number of at least 1, not '$2'" >&2; exit 2 ;;
  esac
}

# jp_secret ROOT NAME: a secret kept in ROOT/secrets/NAME (0600), generated on first use.
jp_secret() {
  local file="$1/secrets/$2"
  if [ ! -s "$file" ]; then
    mkdir -p "$1/secrets" && chmod 700 "$1/secrets"
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '=+/\n' > "$file")
  fi
  cat "$file"
}

# jp_pg_connection_string ROOT [admin]: the Npgsql connection string for the server jp_pg_start runs for ROOT, as the
# application role jp_app, or with 'admin' as the superuser postgres, who owns the schema and runs the migrations
# (docs/security.md "PostgreSQL roles and the audit trail"); passwords from ROOT/secrets. JP_PG_POOL (default 32)
# connections a process (docs/benchmarks.md "Import, bounds").
jp_pg_connection_string() {
  local user=jp_app secret=pg-app-password
  if [ "${2:-}" = admin ]; then user=postgres secret=pg-admin-password; fi
  echo "Host=127.0.0.1;Port=$(cat "$1/pg.port");Username=$user;Password=$(jp_secret "$1" "$secret");Database=jointpunishment;Maximum Pool Size=${JP_PG_POOL:-32}"
}

# jp_storage_keys ROOT: exports JP_STORAGE_KEY and JP_STORAGE_OLD_KEYS as ./run.sh reads them from ROOT/secrets.
jp_storage_keys() {
  [ -s "$1/secrets/storage-key" ] || { jp_log "no $1/secrets/storage-key: set JP_DATA_DIR, or JP_STORAGE_KEY and JP_POSTGRES"; return 1; }
  export JP_STORAGE_KEY JP_STORAGE_OLD_KEYS
  JP_STORAGE_KEY=$(cat "$1/secrets/storage-key")
  JP_STORAGE_OLD_KEYS=$(cat "$1/secrets/storage-old-keys" 2>/dev/null || true)
}

jp_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

jp_free_port() {
  local port=${1:-55432}
  while ! jp_port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

# jp_pg_start DATA_ROOT: initialises DATA_ROOT/pg on first use, starts it on its remembered port, creates
# the database and the application's login role, and prints the application's connection string. Every connection
# authenticates with a password (scram-sha-256, never trust): the superuser's and jp_app's are generated into
# DATA_ROOT/secrets (pg-admin-password, pg-app-password); a data dir initialised with trust is switched over.
jp_pg_start() {
  local root=$1 pgdata="$1/pg" sock="$1/pg-run" port app_password
  local PGPASSWORD
  PGPASSWORD=$(jp_secret "$root" pg-admin-password)
  app_password=$(jp_secret "$root" pg-app-password)
  export PGPASSWORD
  mkdir -p "$root" "$sock"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$sock"
    if ! runuser -u postgres -- test -x "$root"; then
      jp_log "the postgres user cannot reach $root: choose a JP_DATA_DIR whose parent folders are world-searchable (e.g. under /srv or /tmp)"
      return 1
    fi
  fi
  if [ ! -s "$pgdata/PG_VERSION" ]; then
    jp_log "initialising PostgreSQL in $pgdata"
    mkdir -p "$pgdata"
    [ "$(id -u)" -eq 0 ] && chown postgres "$pgdata"
    chmod 700 "$pgdata"
    # initdb reads the superuser's password from a file: a copy the server's own user can read, removed at once.
    (umask 077 && printf '%s\n' "$PGPASSWORD" > "$sock/initdb-pwfile")
    [ "$(id -u)" -eq 0 ] && chown postgres "$sock/initdb-pwfile"
    jp_pg_run initdb -D "$pgdata" -U postgres --auth=scram-sha-256 --pwfile="$sock/initdb-pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$sock/initdb-pwfile"
  fi
  if [ -s "$root/pg.port" ] && jp_port_free "$(cat "$root/pg.port")"; then
    port=$(cat "$root/pg.port")
  elif [ -s "$root/pg.port" ] && jp_pg_run pg_ctl -D "$pgdata" status >/dev/null 2>&1; then
    jp_log "PostgreSQL is already running on $pgdata (another ./run.sh?)"
    return 1
  else
    port=$(jp_free_port 55432)
  fi
  echo "$port" > "$root/pg.port"
  jp_pg_run pg_ctl -D "$pgdata" -l "$sock/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c max_connections=300" start >/dev/null
  if grep -Eq '^[^#]*[[:space:]]trust([[:space:]]|$)' "$pgdata/pg_hba.conf"; then
    jp_log "PostgreSQL in $pgdata trusted every local connection: it asks for passwords (scram-sha-256) from now on"
    jp_pg_run psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
ALTER ROLE postgres PASSWORD '$PGPASSWORD';
SQL
    printf '%s\n' "# Written by scripts/lib.sh (jp_pg_start): every connection authenticates with a password." \
      "local all all scram-sha-256" "host all all 127.0.0.1/32 scram-sha-256" "host all all ::1/128 scram-sha-256" > "$pgdata/pg_hba.conf"
    jp_pg_run pg_ctl -D "$pgdata" reload >/dev/null
  fi
  if ! jp_pg_run "psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'jointpunishment'" | grep -q 1; then
    jp_pg_run createdb -h 127.0.0.1 -p "$port" -U postgres jointpunishment
  fi
  # The application's login role; the migrations grant it its rights (src/Storage/PostgresRoles.sql). Its password
  # is set again on every start, so the secrets dir stays the one place it is kept.
  jp_pg_run psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jp_app') THEN CREATE ROLE jp_app; END IF; END \$\$;
SET password_encryption = 'scram-sha-256';
ALTER ROLE jp_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$app_password';
SQL
  jp_pg_connection_string "$root"
}

jp_pg_stop() {
  local pgdata="$1/pg"
  if [ -s "$pgdata/postmaster.pid" ]; then
    jp_pg_run pg_ctl -D "$pgdata" -m fast -w -t 60 stop >/dev/null || true
  fi
}

# Builds the hosts in Release unless nothing under src/ changed since the last build.
jp_build() {
  local root=$1 stamp="$1/src/.release-build.stamp"
  if [ -f "$stamp" ] && [ -z "$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" \
        -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
    return 0
  fi
  jp_log "building (Release)"
  dotnet build "$root/src/Silo/Silo.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
  dotnet build "$root/src/Gateway/Gateway.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
  touch "$stamp"
}

# jp_self_signed DIR NAME WHAT OPENSSL_ARGS...: a self-signed certificate DIR/NAME.crt with key DIR/NAME.key, generated
# once with openssl (WHAT names it when openssl is missing).
jp_self_signed() {
  local dir=$1 name=$2 what=$3
  shift 3
  [ -s "$dir/$name.key" ] && [ -s "$dir/$name.crt" ] && return 0
  command -v openssl > /dev/null || { jp_log "openssl is needed to generate $what: apt-get install openssl"; return 1; }
  mkdir -p "$dir" && chmod 700 "$dir"
  (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes "$@" -keyout "$dir/$name.key" -out "$dir/$name.crt" 2> /dev/null)
}

# jp_agency_ca DIR: the agency CA DIR/agency-ca.crt with key DIR/agency-ca.key (docs/security.md, "Agencies' Orleans
# clients"): it issues each agency's client certificate, which silos accept on their gateway port only.
jp_agency_ca() {
  jp_self_signed "$1" agency-ca "the agency CA" -days 3650 -subj "/CN=jointpunishment-agency-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

# jp_cluster_certificate DIR: a self-signed cluster certificate DIR/cluster.crt with key DIR/cluster.key
# (docs/security.md "Transport security"); every silo and client presents and pins it.
jp_cluster_certificate() {
  jp_self_signed "$1" cluster "the cluster TLS certificate (or set Tls__CertificatePath, or Tls__Mode=off)" -days 825 \
    -subj "/CN=jointpunishment-cluster" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "extendedKeyUsage=serverAuth,clientAuth"
}
