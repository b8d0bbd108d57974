#!/usr/bin/env bash
# Make Microsoft's Bicep CLI available: the NuGet package Azure.Bicep.CommandLine.linux-x64 (a .nupkg
# is a zip holding the self-contained `bicep` binary), unpacked into a per-user cache outside the repository.
#
# stdout: ONLY the absolute path of the `bicep` binary. Progress goes to stderr.
# exit:   0 on success; 1 when NuGet cannot be reached or the package holds no binary.
#
# Environment:
#   EXPRESSROUTE_GUARD_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/expressroute-m365-guard)
set -euo pipefail

readonly PACKAGE=azure.bicep.commandline.linux-x64
readonly VERSION=0.49.2
readonly CACHE=${EXPRESSROUTE_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/expressroute-m365-guard}
readonly DIR="$CACHE/bicep-$VERSION"

log() { printf 'ensure-bicep: %s\n' "$*" >&2; }

if [[ -x "$DIR/bicep" ]]; then
  printf '%s\n' "$DIR/bicep"
  exit 0
fi
command -v curl >/dev/null || { log "error: curl is needed to fetch the package"; exit 1; }
command -v unzip >/dev/null || { log "error: unzip is needed to unpack the package"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
url="https://api.nuget.org/v3-flatcontainer/$PACKAGE/$VERSION/$PACKAGE.$VERSION.nupkg"
log "fetching $PACKAGE $VERSION from NuGet"
if ! curl -fsSL --max-time 300 -o "$tmp/bicep.nupkg" "$url"; then
  log "error: NuGet cannot be reached from this machine ($url); the Bicep compile check cannot run"
  exit 1
fi
unzip -q "$tmp/bicep.nupkg" -d "$tmp/pkg"
binary=$(find "$tmp/pkg" -type f -name bicep | head -n 1)
[[ -n "$binary" ]] || { log "error: the package holds no bicep binary"; exit 1; }
mkdir -p "$DIR"
cp "$binary" "$DIR/bicep.part" && chmod +x "$DIR/bicep.part" && mv "$DIR/bicep.part" "$DIR/bicep"
log "$("$DIR/bicep" --version)"
printf '%s\n' "$DIR/bicep"
