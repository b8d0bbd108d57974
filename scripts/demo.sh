#!/usr/bin/env bash
# `npm run demo`: preview the demo hub (demo/index.ts) offline with the policy pack, first with no exception on
# record (blocked), then with the exception in demo/policy-config.json (passes). See scripts/demo-env.sh for
# what is real and what is a stand-in. Exits non-zero if either preview does not end as expected.
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/demo-env.sh"

print_setup
status=0

echo
echo "=== 1/2: pulumi preview --policy-pack policies   (no exception on record: expect BLOCKED)"
set +e
pulumi_demo preview --policy-pack policies
code=$?
set -e
if ((code != 0)); then
  echo "=== 1/2: exit code $code: blocked, as expected"
else
  echo "=== 1/2: exit code 0: NOT blocked, which is wrong" && status=1
fi

echo
echo "=== 2/2: pulumi preview --policy-pack policies --policy-pack-config demo/policy-config.json   (expect PASS)"
set +e
pulumi_demo preview --policy-pack policies --policy-pack-config demo/policy-config.json
code=$?
set -e
if ((code == 0)); then
  echo "=== 2/2: exit code 0: passes with exception ER365-2026-012 on record, as expected"
else
  echo "=== 2/2: exit code $code: blocked, which is wrong" && status=1
fi
exit "$status"
