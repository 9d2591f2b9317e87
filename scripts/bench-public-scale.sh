#!/usr/bin/env bash
# The public name search at national scale (docs/benchmarks.md, issue 5): starts ./run.sh on a fresh data dir of
# its own, fills the public list's read model to --rows (default 1,000,000) and measures name queries through the
# gateway at --baseline rows (default 100,000) and at --rows, printing both, their ratios and a JSON line.
#   scripts/bench-public-scale.sh [--rows N] [--baseline N] [--seconds S] [--concurrency C]
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rows|--baseline|--seconds|--concurrency) ARGS+=("${1#--}=$2"); shift 2 ;;
    *) echo "usage: scripts/bench-public-scale.sh [--rows N] [--baseline N] [--seconds S] [--concurrency C]" >&2; exit 2 ;;
  esac
done

# Every query comes from this one address: raise the public query's per-client limit.
export PublicQuery__PermitLimit=1000000000
FAULT_NAME=public-scale FAULT_PORT=5580
. "$ROOT/scripts/fault-lib.sh"
POSTGRES=$(JP_PG_POOL=100 jp_pg_connection_string "$DATA" admin)
dotnet "$BENCH" public-scale gateway="$GATEWAY" postgres="$POSTGRES" "${ARGS[@]}"
