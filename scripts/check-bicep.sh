#!/usr/bin/env bash
# Generates the Azure Policy files of examples/azure-policy and compiles them with Microsoft's Bicep
# CLI; any warning or error fails. Needs NuGet (scripts/ensure-bicep.sh). Not part of `npm test`:
# the machines this project is built on cannot reach NuGet.
set -euo pipefail
cd "$(dirname "$0")/.."
bicep=$(bash scripts/ensure-bicep.sh)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node bin/expressroute-m365-guard.js azure-policy --config examples/azure-policy/policy-config.json --out "$out" --now 2026-12-04 --peerings-without-filter >/dev/null
for file in main.bicep route-filter-exemptions.bicep; do
  diagnostics=$("$bicep" build "$out/$file" --stdout 2>&1 >/dev/null || true)
  if [[ -n "$diagnostics" ]]; then
    printf 'check-bicep: %s is not clean:\n%s\n' "$file" "$diagnostics" >&2
    exit 1
  fi
done
echo "check-bicep: main.bicep and route-filter-exemptions.bicep compile with no warning ($("$bicep" --version))"
