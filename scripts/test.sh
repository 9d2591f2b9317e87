#!/usr/bin/env bash
# The README's test command. Builds once and runs every test project; the integration tests run in two test hosts,
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
# Two test hosts side by side, each with its own PostgreSQL server and its tests one at a time: a test mostly waits
# (silos starting and stopping, timers), so two use the machine's cores where one left them half idle. The halves
# took about the same time in one host (EndToEnd 820 s, the rest 730 s, December 2026); with the tests added since,
# EndToEnd ran about 3 minutes longer side by side (18m58s against 15m59s), so its WatchlistTests (about 100 s) run
# with the rest.
namespace=JointPunishment.Integration.Tests.EndToEnd.
moved="FullyQualifiedName~${namespace}WatchlistTests"
groups=("FullyQualifiedName~${namespace}&FullyQualifiedName!~${namespace}WatchlistTests" "FullyQualifiedName!~${namespace}|${moved}")
names=(end-to-end rest)
pids=()
for i in "${!groups[@]}"; do
  dotnet test "$integration" --no-build --filter "${groups[$i]}" \
    --logger "trx;LogFileName=integration-${names[$i]}.trx" --results-directory "$results" \
    > >(sed -u "s/^/[${names[$i]}] /") 2>&1 &
  pids+=($!)
done
# A test host is a process running this checkout's integration test assembly (not another checkout's).
assembly="$PWD/$integration/bin/"
declare -A peak=()
running() { for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
while running; do
  for host in $(pgrep -f "testhost.*${assembly}|${assembly}.*testhost" || true); do
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$host/status" 2>/dev/null || true)
    [[ -n $hwm && $hwm -gt ${peak[$host]:-0} ]] && peak[$host]=$hwm
  done
  sleep 2
done
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
for host in "${!peak[@]}"; do
  echo "integration test host $host: peak resident memory $((peak[$host] / 1024)) MB"
done

if ! compgen -G "$results/*.trx" > /dev/null; then
  echo "scripts/test.sh: the integration test runs wrote no results (.trx); see their output above" >&2
  exit 1
fi

# Every EndToEnd class ran: a class that ran no test (a missing [Fact], a wrong namespace) would otherwise go unnoticed.
for file in "$integration"/EndToEnd/*Tests.cs; do
  class=$(basename "$file" .cs)
  grep -qs "className=\"JointPunishment.Integration.Tests.EndToEnd.${class}\"" "$results"/*.trx \
    || { echo "scripts/test.sh: no test of EndToEnd/$class ran" >&2; failed=1; }
done
exit $failed
