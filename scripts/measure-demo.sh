#!/usr/bin/env bash
# Times the demo (see scripts/demo.sh) on this machine: scripts/ensure-pulumi.sh with its cache in place, then
# `pulumi preview` of the demo hub without a policy pack, with the pack (blocked) and with the pack plus
# demo/policy-config.json (passes), REPS times each in one run (default 5), and prints medians.
# The previews type-check the program as Pulumi does by default; ts-node keeps its cache in the system temp dir,
# so only the first preview of a fresh machine pays the full compile (shown as the warm-up).
# Usage: scripts/measure-demo.sh [REPS]
set -euo pipefail
reps=${1:-5}
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [REPS]" >&2; exit 2; }
source "$(dirname -- "${BASH_SOURCE[0]}")/demo-env.sh"

# seconds CMD...: wall time of CMD in seconds (3 decimals); CMD's output is discarded, its exit code ignored.
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  printf '%d.%03d\n' $(((end - start) / 1000000000)) $(((end - start) / 1000000 % 1000))
}

# measure LABEL CMD...: REPS timings of CMD, then "LABEL  median  (min .. max)".
measure() {
  local label=$1 times
  shift
  times=$(for ((i = 0; i < reps; i++)); do seconds "$@"; done | sort -n)
  printf '%-52s median %6ss  (min %ss, max %ss, n=%d)\n' "$label" \
    "$(sed -n "$(((reps + 1) / 2))p" <<<"$times")" "$(head -1 <<<"$times")" "$(tail -1 <<<"$times")" "$reps"
}

print_setup
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-52s %6ss\n' "warm-up: first preview with the pack" "$(seconds pulumi_demo preview --policy-pack policies)"
measure "scripts/ensure-pulumi.sh (cached CLI)" bash scripts/ensure-pulumi.sh
measure "preview without a policy pack" pulumi_demo preview
measure "preview with the pack (blocked)" pulumi_demo preview --policy-pack policies
measure "preview with the pack + policy-config.json (passes)" \
  pulumi_demo preview --policy-pack policies --policy-pack-config demo/policy-config.json
