#!/usr/bin/env bash
# Make the Pulumi CLI (and a Node.js language host) available without
# get.pulumi.com: use an installed Pulumi if it is new enough, otherwise build
# it with Go from the Go module proxy (wrapper module: tools/pulumi-cli) into a
# per-user cache.
#
# stdout: ONLY the absolute path of a directory holding `pulumi` and
#         `pulumi-language-nodejs` (prepend it to PATH). Progress goes to stderr.
# exit:   0 on success, non-zero (with install instructions on stderr) otherwise.
#
# Environment:
#   EXPRESSROUTE_GUARD_CACHE           cache root (default
#                                      ${XDG_CACHE_HOME:-$HOME/.cache}/expressroute-m365-guard)
#   EXPRESSROUTE_GUARD_PULUMI_CLI_ONLY=1
#                                      accept an installed `pulumi` that has no
#                                      `pulumi-language-nodejs` next to it.
#
# STAND-IN LANGUAGE HOST: the Go module proxy does not serve Pulumi's own
# github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, so the
# cache holds the REAL pulumi CLI (every `tool` in tools/pulumi-cli/go.mod)
# next to the project's STAND-IN Node.js language host
# (tools/pulumi-cli/stand-in-language-host), built under the name
# `pulumi-language-nodejs`. An installed Pulumi that ships the real host is
# preferred (step 1).
set -euo pipefail

readonly PULUMI_VERSION=3.274.1
readonly INSTALL_URL=https://www.pulumi.com/docs/install/

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  log "Install Pulumi v${PULUMI_VERSION} or newer (it ships pulumi and pulumi-language-nodejs) as described at ${INSTALL_URL} and put it on PATH, or install Go >= 1.26 so this script can build it from the Go module proxy."
  exit 1
}

# version_ge A B: true if version A >= version B (both X.Y.Z, optional leading v).
version_ge() {
  local a=${1#v} b=${2#v}
  a=${a%%[-+]*}
  b=${b%%[-+]*}
  printf '%s\n%s\n' "$b" "$a" | sort -V -C
}

# has_all DIR: DIR holds the binaries we promise on stdout.
has_all() {
  [[ -x "$1/pulumi" ]] || return 1
  [[ -x "$1/pulumi-language-nodejs" ]] && return 0
  [[ ${EXPRESSROUTE_GUARD_PULUMI_CLI_ONLY:-} == 1 ]]
}

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd -- "$script_dir/.." && pwd -P)
wrapper_dir="$repo_root/tools/pulumi-cli"
cache_root=${EXPRESSROUTE_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/expressroute-m365-guard}
mkdir -p -- "$cache_root" && cache_root=$(cd -- "$cache_root" && pwd -P) || die "cannot create cache directory $cache_root."

# 1. An installed Pulumi that is new enough and has the Node.js language host
#    (our own cache on PATH does not count: step 2 reports it as a stand-in).
if existing=$(command -v pulumi 2>/dev/null) &&
  existing_dir=$(cd -- "$(dirname -- "$existing")" && pwd -P) &&
  [[ $existing_dir != "$cache_root"/* ]]; then
  existing_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$existing" version 2>/dev/null || true)
  if [[ $existing_version =~ ^v?[0-9]+\.[0-9]+\.[0-9]+ ]] &&
    version_ge "$existing_version" "$PULUMI_VERSION" &&
    has_all "$existing_dir"; then
    log "using installed pulumi $existing_version in $existing_dir"
    printf '%s\n' "$existing_dir"
    exit 0
  fi
  log "ignoring installed pulumi at $existing (version '${existing_version:-unknown}', need >= v$PULUMI_VERSION next to pulumi-language-nodejs)"
fi

# 2. The per-user cache, built on demand. The key includes a hash of the
# wrapper module and the stand-in's sources, so editing either rebuilds.
standin_dir="$wrapper_dir/stand-in-language-host"
[[ -f "$wrapper_dir/go.mod" && -d "$standin_dir" ]] || die "wrapper module $wrapper_dir (go.mod, stand-in-language-host/) is incomplete."
source_hash=$(cat -- "$wrapper_dir/go.mod" "$wrapper_dir/go.sum" "$standin_dir"/*.go | sha256sum | cut -c1-12)
version_dir="$cache_root/pulumi-v$PULUMI_VERSION-langhost-standin-$source_hash"
bin_dir="$version_dir/bin"

report_cache() {
  if [[ -x "$bin_dir/pulumi" && -x "$bin_dir/pulumi-language-nodejs" ]]; then
    log "using pulumi v$PULUMI_VERSION (real CLI) with the project's STAND-IN Node.js language host (tools/pulumi-cli/stand-in-language-host, not Pulumi's pulumi-language-nodejs) from $bin_dir"
    printf '%s\n' "$(cd -- "$bin_dir" && pwd -P)"
    exit 0
  fi
}

report_cache

command -v go >/dev/null 2>&1 || die "pulumi v$PULUMI_VERSION was not found and 'go' is not on PATH to build it."

mkdir -p -- "$version_dir" || die "cannot create cache directory $version_dir."
# Serialise concurrent builds; the winner's result is reused by the others.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$version_dir/.lock"
  flock 9
  report_cache
fi

tmp_dir=$(mktemp -d "$version_dir/.build.XXXXXX")
trap 'rm -rf -- "$tmp_dir"' EXIT
mkdir -- "$tmp_dir/bin"

log "building pulumi v$PULUMI_VERSION from the Go module proxy ($(go env GOVERSION 2>/dev/null || echo go)); this takes several minutes the first time..."
start=$SECONDS
if ! (
  cd -- "$wrapper_dir" &&
    GOWORK=off go build -mod=readonly -trimpath \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$tmp_dir/bin/" tool
) >&2; then
  die "go build of the Pulumi CLI in $wrapper_dir failed."
fi
log "building the STAND-IN Node.js language host (tools/pulumi-cli/stand-in-language-host) as pulumi-language-nodejs..."
if ! (
  cd -- "$wrapper_dir" &&
    GOWORK=off go build -mod=readonly -trimpath \
      -ldflags "-X main.cliVersion=$PULUMI_VERSION" \
      -o "$tmp_dir/bin/pulumi-language-nodejs" ./stand-in-language-host
) >&2; then
  die "go build of the stand-in language host in $standin_dir failed."
fi

built_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$tmp_dir/bin/pulumi" version 2>/dev/null || true)
[[ $built_version == "v$PULUMI_VERSION" ]] ||
  die "built pulumi reports version '$built_version', expected v$PULUMI_VERSION."
log "built $(cd -- "$tmp_dir/bin" && echo *) in $((SECONDS - start))s"

# Atomic publish: rename the finished directory into place.
rm -rf -- "$bin_dir"
mv -T -- "$tmp_dir/bin" "$bin_dir" || die "cannot move the build into $bin_dir."
report_cache
die "unexpected state of $bin_dir."
