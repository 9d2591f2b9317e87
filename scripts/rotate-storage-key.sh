#!/usr/bin/env bash
# Rotates JP_STORAGE_KEY, the secret grain state, webhook secrets and federation events are encrypted with (docs/operations.md,
# "Rotating keys"). Three steps; reencrypt and retire may be run again at any time:
#   scripts/rotate-storage-key.sh new        JP_DATA_DIR/secrets: the current key joins storage-old-keys, a new
#                                            storage-key is generated. Then restart every silo and gateway (./run.sh).
#   scripts/rotate-storage-key.sh reencrypt  rewrites everything under the new key; safe while the cluster runs
#                                            (rows a silo writes meanwhile are its own); rerun to resume.
#   scripts/rotate-storage-key.sh retire     checks nothing is left under an old key, then moves storage-old-keys to
#                                            storage-retired-keys (for older backups), which ./run.sh does not read.
#                                            Restart once more so no process holds the old key.
# Keys come from the environment when JP_STORAGE_KEY is set (JP_STORAGE_OLD_KEYS, JP_POSTGRES: a deployment's own
# secrets; then `new` and `retire` only print what to change), else from JP_DATA_DIR (default ./.data) as ./run.sh keeps them.
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
JP_DATA_DIR=${JP_DATA_DIR:-./.data}
SECRETS="$JP_DATA_DIR/secrets"
SILO_DLL="$ROOT/src/Silo/bin/Release/net10.0/JointPunishment.Silo.dll"
FROM_ENV=0
[ -n "${JP_STORAGE_KEY:-}" ] && FROM_ENV=1

keys_from_data_dir() {
  jp_storage_keys "$JP_DATA_DIR" || exit 1
  if [ -z "${JP_POSTGRES:-}" ]; then
    [ -s "$JP_DATA_DIR/pg.port" ] || { jp_log "no PostgreSQL for $JP_DATA_DIR: start ./run.sh, or set JP_POSTGRES"; exit 1; }
    export JP_POSTGRES; JP_POSTGRES=$(jp_pg_connection_string "$JP_DATA_DIR" admin)
  fi
}

reencrypt() { # reencrypt [--check] [--encrypt-unmarked]
  jp_build "$ROOT"
  [ "$FROM_ENV" = 1 ] || keys_from_data_dir
  [ -n "${JP_POSTGRES:-}" ] || { jp_log "set JP_POSTGRES"; exit 1; }
  dotnet "$SILO_DLL" reencrypt "$@"
}

case "${1:-}" in
  new)
    if [ "$FROM_ENV" = 1 ]; then
      jp_log "keys come from the environment: set JP_STORAGE_OLD_KEYS to the current key (and any older ones), JP_STORAGE_KEY to a new secret, e.g. $(jp_new_secret), on every silo and gateway, restart them, then run: $0 reencrypt"
      exit 0
    fi
    [ -s "$SECRETS/storage-key" ] || { jp_log "no $SECRETS/storage-key to rotate"; exit 1; }
    (umask 077
     printf '%s\n' "$(cat "$SECRETS/storage-old-keys" 2>/dev/null || true)" "$(cat "$SECRETS/storage-key")" | grep -v '^$' | sort -u > "$SECRETS/storage-old-keys.new"
     jp_new_secret > "$SECRETS/storage-key.new")
    mv "$SECRETS/storage-old-keys.new" "$SECRETS/storage-old-keys"
    mv "$SECRETS/storage-key.new" "$SECRETS/storage-key"
    jp_log "new storage key in $SECRETS/storage-key; the old one is kept in $SECRETS/storage-old-keys (back it up with the backups it can read)"
    jp_log "next: restart every silo and the gateway (./run.sh), then run: $0 reencrypt"
    ;;
  reencrypt)
    shift
    reencrypt "$@"
    ;;
  retire)
    if ! reencrypt --check; then
      jp_log "something is still under an old key: run $0 reencrypt (after every silo and gateway runs with the new key)"
      exit 1
    fi
    if [ "$FROM_ENV" = 1 ]; then
      jp_log "nothing is under an old key: remove JP_STORAGE_OLD_KEYS from every silo and gateway and restart them"
    else
      # Kept apart, unread by ./run.sh: backups taken before the rotation still need them.
      (umask 077 && cat "$SECRETS/storage-old-keys" >> "$SECRETS/storage-retired-keys" 2>/dev/null || true)
      rm -f "$SECRETS/storage-old-keys"
      jp_log "old storage keys retired to $SECRETS/storage-retired-keys (only older backups need them); restart ./run.sh so that no process holds them"
    fi
    ;;
  *)
    echo "usage: $0 new | reencrypt [--check] [--encrypt-unmarked] | retire" >&2
    exit 2
    ;;
esac
