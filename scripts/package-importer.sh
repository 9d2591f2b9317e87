#!/usr/bin/env bash
# Packages the importer (tools/Importer) for court staff (docs/operations.md "Importing a court's list"):
#   OUT/nupkg/JointPunishment.Importer.<version>.nupkg   a .NET tool: dotnet tool install -g JointPunishment.Importer
#                                                        --add-source OUT/nupkg, then the command jp-import
#   OUT/linux-x64/jp-import, OUT/win-x64/jp-import.exe   single-file executables that need no .NET installed
# Usage: scripts/package-importer.sh [OUT] [RID…]   (OUT default artifacts/importer; RIDs default linux-x64 win-x64;
#        RID "none" packs the tool only)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

out=$(mkdir -p "${1:-artifacts/importer}" && cd "${1:-artifacts/importer}" && pwd)
shift $(( $# > 0 ? 1 : 0 ))
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 win-x64)
project=tools/Importer/Importer.csproj

dotnet pack "$project" -c Release -o "$out/nupkg"

for rid in "${rids[@]}"; do
  [ "$rid" = none ] && continue
  dotnet publish "$project" -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:PackAsTool=false -o "$out/$rid"
  rm -f "$out/$rid"/*.pdb "$out/$rid"/*.xml
  for exe in "$out/$rid"/JointPunishment.Importer "$out/$rid"/JointPunishment.Importer.exe; do
    [ -e "$exe" ] && mv -f "$exe" "$out/$rid/jp-import${exe##*JointPunishment.Importer}"
  done
done
ls -l "$out"/nupkg "${rids[@]/#/$out/}" 2>/dev/null | grep -v '^total' || true
