#!/usr/bin/env bash
# Make the Pulumi CLI and its Node.js and YAML language hosts available without get.pulumi.com: use an
# installed Pulumi if it is new enough and has both hosts beside it, otherwise build all three with Go into a
# per-user cache. Everything built is Pulumi's own released code:
#   pulumi                  v3.274.1, from the Go module proxy (wrapper module tools/pulumi-cli)
#   pulumi-language-nodejs  v3.259.0, from its released source vendored unmodified in
#                           ../shared/vendor/pulumi-language-nodejs-v3.259.0 (beside the repository; see its
#                           PROVENANCE.md: the proxy does not serve this module, but serves what it needs)
#   pulumi-language-yaml    v1.25.0, module github.com/pulumi/pulumi-yaml from the Go module proxy
#
# stdout: ONLY the absolute path of a directory holding `pulumi`, `pulumi-language-nodejs` and
#         `pulumi-language-yaml` (prepend it to PATH). Progress goes to stderr.
# exit:   0 on success, non-zero (with install instructions on stderr) otherwise.
#
# Environment:
#   EXPRESSROUTE_GUARD_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/expressroute-m365-guard)
set -euo pipefail

readonly PULUMI_VERSION=3.274.1
readonly NODEJS_HOST_VERSION=3.259.0
readonly YAML_HOST_MODULE=github.com/pulumi/pulumi-yaml
readonly YAML_HOST_VERSION=1.25.0
readonly INSTALL_URL=https://www.pulumi.com/docs/install/
readonly BINARIES=(pulumi pulumi-language-nodejs pulumi-language-yaml)

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  log "Install Pulumi v${PULUMI_VERSION} or newer (it ships pulumi, pulumi-language-nodejs and pulumi-language-yaml) as described at ${INSTALL_URL} and put it on PATH, or install Go >= 1.26 so this script can build them."
  exit 1
}

# version_ge A B: true if version A >= version B (both X.Y.Z, optional leading v).
version_ge() {
  local a=${1#v} b=${2#v}
  a=${a%%[-+]*}
  b=${b%%[-+]*}
  printf '%s\n%s\n' "$b" "$a" | sort -V -C
}

# has_all DIR: DIR holds every binary we promise on stdout.
has_all() {
  local binary
  for binary in "${BINARIES[@]}"; do [[ -x "$1/$binary" ]] || return 1; done
}

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd -- "$script_dir/.." && pwd -P)
wrapper_dir="$repo_root/tools/pulumi-cli"
nodejs_host_source="$(dirname -- "$repo_root")/shared/vendor/pulumi-language-nodejs-v$NODEJS_HOST_VERSION"
cache_root=${EXPRESSROUTE_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/expressroute-m365-guard}
mkdir -p -- "$cache_root" && cache_root=$(cd -- "$cache_root" && pwd -P) || die "cannot create cache directory $cache_root."

# 1. An installed Pulumi that is new enough, with both language hosts beside it (our own cache on PATH does not
#    count: step 2 checks it by its key).
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
  log "ignoring installed pulumi at $existing (version '${existing_version:-unknown}', need >= v$PULUMI_VERSION next to ${BINARIES[*]:1})"
fi

# 2. The per-user cache, built on demand. The key covers the wrapper module, the vendored host source and the
#    versions, so changing any of them builds anew.
[[ -f "$wrapper_dir/go.mod" && -f "$wrapper_dir/go.sum" ]] || die "wrapper module $wrapper_dir (go.mod, go.sum) is incomplete."
[[ -f "$nodejs_host_source/PROVENANCE.md" ]] ||
  die "the vendored source of pulumi-language-nodejs v$NODEJS_HOST_VERSION is not at $nodejs_host_source (the project's shared/ folder, beside the repository)."
source_hash=$(
  {
    printf '%s\n' "$PULUMI_VERSION" "$NODEJS_HOST_VERSION" "$YAML_HOST_MODULE@v$YAML_HOST_VERSION"
    cat -- "$wrapper_dir/go.mod" "$wrapper_dir/go.sum"
    (cd -- "$nodejs_host_source" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 cat --)
  } | sha256sum | cut -c1-12
)
version_dir="$cache_root/pulumi-v$PULUMI_VERSION-nodejs-v$NODEJS_HOST_VERSION-yaml-v$YAML_HOST_VERSION-$source_hash"
bin_dir="$version_dir/bin"

report_cache() {
  if has_all "$bin_dir"; then
    log "using pulumi v$PULUMI_VERSION, pulumi-language-nodejs v$NODEJS_HOST_VERSION and pulumi-language-yaml v$YAML_HOST_VERSION from $bin_dir"
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
log "building with $(go env GOVERSION) into $bin_dir; the first build takes several minutes..."

# timed NAME CMD...: run CMD (output to stderr), log how long it took, die naming NAME if it fails.
timed() {
  local name=$1 start=$SECONDS
  shift
  log "building $name..."
  "$@" >&2 || die "building $name failed (see above)."
  log "built $name in $((SECONDS - start))s"
}

build_cli() (
  cd -- "$wrapper_dir" &&
    GOWORK=off go build -mod=readonly -trimpath \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$tmp_dir/bin/" tool
)

# The vendored files are exactly those PROVENANCE.md lists, with the checksums it gives.
check_nodejs_host_source() (
  cd -- "$nodejs_host_source" &&
    sed -nE 's/^ +([0-9a-f]{64})  (\S+)$/\1  \2/p' PROVENANCE.md | sha256sum --quiet -c - &&
    [[ $(sed -nE 's/^ +[0-9a-f]{64}  (\S+)$/\1/p' PROVENANCE.md | LC_ALL=C sort) == \
      "$(find . -type f ! -name PROVENANCE.md -printf '%P\n' | LC_ALL=C sort)" ]]
)

# As PROVENANCE.md says: in a writable copy (shared/ may be read-only), point the module at pkg/v3 and sdk/v3 from
# the proxy instead of the upstream tree, and build it with its version stamped in.
build_nodejs_host() (
  local src="$tmp_dir/pulumi-language-nodejs"
  check_nodejs_host_source || die "$nodejs_host_source is not the source its PROVENANCE.md lists (files or checksums differ)."
  cp -R -- "$nodejs_host_source" "$src" && chmod -R u+w -- "$src" && cd -- "$src" &&
    GOWORK=off go mod edit \
      -dropreplace github.com/pulumi/pulumi/pkg/v3 -dropreplace github.com/pulumi/pulumi/sdk/v3 \
      -require "github.com/pulumi/pulumi/pkg/v3@v$NODEJS_HOST_VERSION" -require "github.com/pulumi/pulumi/sdk/v3@v$NODEJS_HOST_VERSION" &&
    GOWORK=off GOFLAGS=-mod=mod go mod tidy &&
    GOWORK=off GOFLAGS=-mod=mod go build -trimpath \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$NODEJS_HOST_VERSION" \
      -o "$tmp_dir/bin/pulumi-language-nodejs" .
)

# Outside any module, as `go install` of a released command; the version stamp is what its release build sets.
build_yaml_host() (
  cd -- "$tmp_dir" &&
    GOWORK=off GOBIN="$tmp_dir/bin" go install -trimpath \
      -ldflags "-X $YAML_HOST_MODULE/pkg/version.Version=v$YAML_HOST_VERSION" \
      "$YAML_HOST_MODULE/cmd/pulumi-language-yaml@v$YAML_HOST_VERSION"
)

start=$SECONDS
timed "pulumi v$PULUMI_VERSION (tools/pulumi-cli)" build_cli
timed "pulumi-language-nodejs v$NODEJS_HOST_VERSION ($nodejs_host_source)" build_nodejs_host
timed "pulumi-language-yaml v$YAML_HOST_VERSION ($YAML_HOST_MODULE)" build_yaml_host

built_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$tmp_dir/bin/pulumi" version 2>/dev/null || true)
[[ $built_version == "v$PULUMI_VERSION" ]] || die "built pulumi reports version '$built_version', expected v$PULUMI_VERSION."
built_version=$("$tmp_dir/bin/pulumi-language-nodejs" -version 2>/dev/null || true)
[[ $built_version == "v$NODEJS_HOST_VERSION" ]] ||
  die "built pulumi-language-nodejs reports version '$built_version', expected v$NODEJS_HOST_VERSION."
log "built ${BINARIES[*]} in $((SECONDS - start))s"

# Atomic publish: rename the finished directory into place.
rm -rf -- "$bin_dir"
mv -T -- "$tmp_dir/bin" "$bin_dir" || die "cannot move the build into $bin_dir."
report_cache
die "unexpected state of $bin_dir."
