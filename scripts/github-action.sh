#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml at the repository root). Every expressroute-m365-guard and pulumi
# invocation of the Action is in this file.
#
#   github-action.sh run       install the guard, check the exception register, preview with the pack (or take
#                              the given files), scan into SARIF, add the Markdown report to the job summary and
#                              set the step outputs. Exits non-zero only when the guard cannot judge (exit 2:
#                              invalid config or register, unreadable input); findings are left to `verdict`, so
#                              that the SARIF upload step between the two still runs.
#   github-action.sh verdict   fail the job on a mandatory finding, an exception register that needs action, or
#                              a preview that failed for another reason.
#
# Inputs come as GUARD_* environment variables (action.yml maps them); GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
# RUNNER_TEMP and GITHUB_ACTION_PATH are the runner's.
set -euo pipefail

readonly NAME=expressroute-m365-guard

error() {
  printf '::error title=%s::%s\n' "$NAME" "$*"
}

output() {
  printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
}

summary() {
  printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
}

# The package this Action installs: GUARD_PACKAGE (an npm spec: a version, a tarball, a registry alias), else the
# version of the Action itself, so that the Action at tag vX.Y.Z runs the package X.Y.Z.
package_spec() {
  if [[ -n ${GUARD_PACKAGE:-} ]]; then
    printf '%s\n' "$GUARD_PACKAGE"
  else
    printf '%s@%s\n' "$NAME" "$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
  fi
}

install_guard() {
  local spec
  spec=$(package_spec)
  echo "Installing $spec into $GUARD_HOME"
  mkdir -p "$GUARD_HOME"
  # A package.json of its own, so that npm does not install into a project above RUNNER_TEMP.
  [[ -f $GUARD_HOME/package.json ]] || echo '{"private": true}' >"$GUARD_HOME/package.json"
  if ! npm install --prefix "$GUARD_HOME" --no-audit --no-fund --prefer-offline "$spec"; then
    error "installing $spec failed (npm install, see the log above); check the package input"
    exit 2
  fi
}

guard() {
  "$GUARD_HOME/node_modules/.bin/$NAME" "$@"
}

now_args=()
config_args=()
pack_config_args=()

check_exceptions() {
  [[ -n $GUARD_CONFIG ]] || return 0
  set +e
  guard exceptions check "$GUARD_CONFIG" "${now_args[@]}" >"$GUARD_HOME/exceptions.txt" 2>&1
  local code=$?
  set -e
  cat "$GUARD_HOME/exceptions.txt"
  output exceptions-exit-code "$code"
  summary "#### Exception register \`$GUARD_CONFIG\`" '' '```text' "$(cat "$GUARD_HOME/exceptions.txt")" '```' ''
  if ((code >= 2)); then
    error "the policy pack config $GUARD_CONFIG is invalid (exceptions check exit $code); see the log"
    exit "$code"
  fi
}

# Every input that can be checked without the guard is checked before anything is installed: exactly one of
# stack (preview with the pack) and scan (files given), the date, the files named, the SARIF mode.
check_inputs() {
  if [[ -n $GUARD_STACK && -n $GUARD_SCAN ]]; then
    error "set either stack (preview with the pack) or scan (files to scan), not both"
    exit 2
  fi
  if [[ -z $GUARD_STACK && -z $GUARD_SCAN ]]; then
    error "set stack (preview with the policy pack) or scan (stack exports or preview streams to scan)"
    exit 2
  fi
  if [[ -n ${GUARD_NOW:-} ]] && ! [[ $GUARD_NOW =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ && $(date -u -d "$GUARD_NOW" +%F 2>/dev/null) == "$GUARD_NOW" ]]; then
    error "now: \"$GUARD_NOW\" is not a calendar date written YYYY-MM-DD"
    exit 2
  fi
  if [[ -n ${GUARD_CONFIG:-} && ! -f $GUARD_CONFIG ]]; then
    error "config: $GUARD_CONFIG: no such file in $PWD"
    exit 2
  fi
  case ${GUARD_SARIF_ACCEPTED_RISKS:=omit} in
  include | omit) ;;
  *)
    error "sarif-accepted-risks: \"$GUARD_SARIF_ACCEPTED_RISKS\" is neither include nor omit"
    exit 2
    ;;
  esac
  local file
  while IFS= read -r file; do
    if [[ -n ${file//[[:space:]]/} && ! -f $file ]]; then
      error "scan: $file: no such file in $PWD"
      exit 2
    fi
  done <<<"${GUARD_SCAN:-}"
}

# Sets scanned[] to the files to scan: the preview's summary, or the files given.
scanned=()
preview_or_take_files() {
  if [[ -n $GUARD_STACK ]]; then
    # The summary, not the event stream: it records the program line of each resource; --show-sames lists the
    # unchanged ones too, so that the scan sees the whole stack.
    local preview=$GUARD_HOME/preview.json
    echo "pulumi preview --stack $GUARD_STACK with the policy pack ($GUARD_HOME/node_modules/$NAME/policies)"
    set +e
    pulumi preview --stack "$GUARD_STACK" --non-interactive --json --show-sames \
      --policy-pack "$GUARD_HOME/node_modules/$NAME/policies" "${pack_config_args[@]}" >"$preview"
    local code=$?
    set -e
    output preview-exit-code "$code"
    echo "pulumi preview exit code: $code"
    summary "pulumi preview of \`$GUARD_STACK\` with the policy pack: exit code $code" ''
    if [[ ! -s $preview ]]; then
      error "pulumi preview failed (exit $code) before it could preview the stack; see its log above"
      exit 2
    fi
    scanned=("$preview")
  else
    local file
    while IFS= read -r file; do
      if [[ -n ${file//[[:space:]]/} ]]; then scanned+=("$file"); fi
    done <<<"$GUARD_SCAN"
  fi
}

# One scan writes every report: annotations in the log, SARIF for code scanning, JSON for the outputs, and
# Markdown added to the job summary (after the register's section, so not written there directly).
scan_reports() {
  local sarif report markdown code
  # Absolute: the upload step resolves paths from the workspace, not from working-directory.
  case $GUARD_SARIF_FILE in
  /*) sarif=$GUARD_SARIF_FILE ;;
  *) sarif=$PWD/$GUARD_SARIF_FILE ;;
  esac
  # Accepted risks are left out of what is uploaded by default: code scanning ignores SARIF suppressions and
  # would open an alert for each (the job summary lists them, with their exception).
  report=$GUARD_HOME/report.json
  markdown=$GUARD_HOME/report.md
  set +e
  guard scan "${scanned[@]}" "${config_args[@]}" "${now_args[@]}" --format github \
    --sarif-accepted-risks "$GUARD_SARIF_ACCEPTED_RISKS" \
    --output "sarif=$sarif" --output "json=$report" --output "markdown=$markdown"
  code=$?
  set -e
  if ((code >= 2)); then
    error "expressroute-m365-guard scan could not judge ${scanned[*]} (exit $code); see the log"
    exit "$code"
  fi
  cat "$markdown" >>"$GITHUB_STEP_SUMMARY"

  output sarif-file "$sarif"
  output report-file "$report"
  output blocked "$(node -p 'require(process.argv[1]).summary.blocked' "$report")"
  output mandatory "$(node -p 'require(process.argv[1]).summary.mandatory' "$report")"
  output advisory "$(node -p 'require(process.argv[1]).summary.advisory' "$report")"
}

run() {
  check_inputs
  GUARD_HOME=${RUNNER_TEMP:?RUNNER_TEMP is not set}/$NAME
  [[ -z ${GUARD_NOW:-} ]] || now_args=(--now "$GUARD_NOW")
  if [[ -n $GUARD_CONFIG ]]; then
    config_args=(--config "$GUARD_CONFIG")
    pack_config_args=(--policy-pack-config "$GUARD_CONFIG")
  fi
  install_guard
  check_exceptions
  preview_or_take_files
  scan_reports
}

verdict() {
  local failed=0
  if [[ ${GUARD_EXCEPTIONS_EXIT_CODE:-0} != 0 ]]; then
    error "the exception register $GUARD_CONFIG needs action (exceptions check exit $GUARD_EXCEPTIONS_EXIT_CODE): see the job summary"
    failed=1
  fi
  if [[ $GUARD_BLOCKED == true ]]; then
    error "$GUARD_MANDATORY mandatory finding(s): the deployment would be blocked; see the job summary and code scanning"
    failed=1
  elif [[ ${GUARD_PREVIEW_EXIT_CODE:-0} != 0 ]]; then
    error "pulumi preview failed (exit $GUARD_PREVIEW_EXIT_CODE) with no mandatory finding of this pack; see its log"
    failed=1
  fi
  if ((failed == 0)); then
    echo "$NAME: passed ($GUARD_ADVISORY advisory finding(s))"
  fi
  return "$failed"
}

case ${1:-} in
run) run ;;
verdict) verdict ;;
*)
  echo "usage: $0 run|verdict" >&2
  exit 2
  ;;
esac
