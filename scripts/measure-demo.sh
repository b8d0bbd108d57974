#!/usr/bin/env bash
# Times the demo (see scripts/demo.sh) on this machine: scripts/ensure-pulumi.sh with its cache in place, then
# `pulumi preview` of the demo hub with no policy pack, with bench/noop-pack (as many policies, doing nothing),
# with the pack (blocked) and with the pack plus demo/policy-config.json (passes). The variants take turns, REPS
# rounds (default 7), each round starting with the next variant so none always runs first; medians are printed.
# One unmeasured round first checks each variant ends as it should and warms the caches (ts-node type-checks the
# program into the system temp dir).
# Usage: scripts/measure-demo.sh [REPS]
set -euo pipefail
reps=${1:-7}
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [REPS]" >&2; exit 2; }
source "$(dirname -- "${BASH_SOURCE[0]}")/demo-env.sh"

labels=("preview without a policy pack" "preview with bench/noop-pack" "preview with the pack (blocked)" "preview with the pack + policy-config.json (passes)")
options=("" "--policy-pack bench/noop-pack" "--policy-pack policies" "--policy-pack policies --policy-pack-config demo/policy-config.json")
blocked=(no no yes no)

# seconds CMD...: wall time of CMD in seconds (3 decimals); CMD's output is discarded, its exit code ignored.
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  printf '%d.%03d\n' $(((end - start) / 1000000000)) $(((end - start) / 1000000 % 1000))
}

# summary LABEL FILE: "LABEL  median  (min .. max)" of the timings in FILE.
summary() {
  local times n
  times=$(sort -n "$2")
  n=$(wc -l <<<"$times")
  printf '%-56s median %6ss  (min %ss, max %ss, n=%d)\n' "$1" \
    "$(sed -n "$(((n + 1) / 2))p" <<<"$times")" "$(head -1 <<<"$times")" "$(tail -1 <<<"$times")" "$n"
}

print_setup
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

for ((i = 0; i < reps; i++)); do seconds bash scripts/ensure-pulumi.sh; done >"$demo_tmp/ensure"
summary "scripts/ensure-pulumi.sh (cached CLI and hosts)" "$demo_tmp/ensure"

for v in "${!labels[@]}"; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # options are words without spaces
  if pulumi_demo preview ${options[v]} >"$demo_tmp/warm-up.log" 2>&1; then outcome=no; else outcome=yes; fi
  if [[ $outcome != "${blocked[v]}" ]]; then
    echo "measure-demo: ${labels[v]}: blocked=$outcome, expected blocked=${blocked[v]}; its output:" >&2
    cat "$demo_tmp/warm-up.log" >&2
    exit 1
  fi
  elapsed=$(($(date +%s%N) - start))
  printf '%-56s %2d.%03ds\n' "warm-up: ${labels[v]}" $((elapsed / 1000000000)) $((elapsed / 1000000 % 1000))
done

for ((round = 0; round < reps; round++)); do
  for ((k = 0; k < ${#labels[@]}; k++)); do
    v=$(((round + k) % ${#labels[@]}))
    # shellcheck disable=SC2086
    seconds pulumi_demo preview ${options[v]} >>"$demo_tmp/times.$v"
  done
done
for v in "${!labels[@]}"; do summary "${labels[v]}" "$demo_tmp/times.$v"; done
