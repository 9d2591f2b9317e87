#!/usr/bin/env bash
# The README's test command. Builds once and runs every test project; the integration tests run in one test host,
# whose peak resident memory (the kernel's high-water mark, VmHWM) is printed at the end. Each integration test class
# starts its own silos and gateway and disposes them; HostDisposalTests fails if anything keeps a disposed system alive
# (issue 26 item 6: such a leak once took the test host to 22 GB).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build JointPunishment.sln
for project in tests/*/; do
  [[ $project == tests/Integration.Tests/ ]] && continue
  dotnet test "$project" --no-build
done

integration=tests/Integration.Tests
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test "$integration" --no-build --logger "trx;LogFileName=integration.trx" --results-directory "$results" &
pid=$!
# The test host is the process running this checkout's integration test assembly (not another checkout's).
assembly="$PWD/$integration/bin/"
peak=0
while kill -0 "$pid" 2>/dev/null; do
  for host in $(pgrep -f "testhost.*${assembly}|${assembly}.*testhost" || true); do
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$host/status" 2>/dev/null || true)
    [[ -n $hwm && $hwm -gt $peak ]] && peak=$hwm
  done
  sleep 2
done
failed=0
wait "$pid" || failed=1
echo "integration test host peak resident memory: $((peak / 1024)) MB"

# Every EndToEnd class ran: a class that ran no test (a missing [Fact], a wrong namespace) would otherwise go unnoticed.
for file in "$integration"/EndToEnd/*Tests.cs; do
  class=$(basename "$file" .cs)
  grep -q "className=\"JointPunishment.Integration.Tests.EndToEnd.${class}\"" "$results"/*.trx \
    || { echo "scripts/test.sh: no test of EndToEnd/$class ran" >&2; failed=1; }
done
exit $failed
