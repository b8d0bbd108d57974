#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml at the repository root). Every expressroute-m365-guard and pulumi
# invocation of the Action is in this file.
#
#   github-action.sh prepare   check the inputs (before anything is installed) and set the outputs the cache step
#                              uses: the directory the guard is installed into and the key of that install.
#   github-action.sh run       install the guard (unless the cache restored that install), check the exception
#                              register, preview with the pack (or take the given files), scan into SARIF, add the
#                              Markdown report to the job summary and set the step outputs. Exits non-zero only
#                              when the guard cannot judge (exit 2: a failed install or preview, an invalid config or
#                              register, unreadable input); findings are left to `verdict`, so that the SARIF upload
#                              step between the two still runs.
#   github-action.sh verdict   fail the job on a mandatory finding, an exception register that needs action, or
#                              a preview that failed for another reason. The verdict line itself is the scan's.
#
# Inputs come as GUARD_* environment variables (action.yml maps them); GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
# RUNNER_TEMP and GITHUB_ACTION_PATH are the runner's. Every error names the stage that failed (inputs, install,
# register, preview, scan) in its title.
set -euo pipefail

readonly NAME=expressroute-m365-guard

# error STAGE MESSAGE: an annotation whose title says which stage failed.
error() {
  local stage=$1
  shift
  printf '::error title=%s (%s)::%s\n' "$NAME" "$stage" "$*"
}

output() {
  printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
}

summary() {
  printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
}

# Where the guard is installed: its own directory, apart from the files of a run, so that the cache holds only
# the install; the same path in every run of a runner, as actions/cache restores to the path it saved.
install_dir() {
  printf '%s\n' "${RUNNER_TEMP:?RUNNER_TEMP is not set}/$NAME-install"
}

# The package's own files in the Action's checkout: what `npm pack` builds the tarball from.
checkout_sources() {
  (cd "$GITHUB_ACTION_PATH" && find package.json package-lock.json tsconfig.json LICENSE README.md src policies schemas scripts docs \
    -type f ! -name '*.map' ! -path 'policies/package.json' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# The key of an install: what is installed and the Node.js major version it is installed for. The default (the
# tarball built from the Action's checkout) by the checkout's sources; a `package` that is a file (a tarball) by
# its content; any other spec (a registry version, a URL) by its text, which npm resolves to the same package.
cache_key() {
  local what
  if [[ -z ${GUARD_PACKAGE:-} ]]; then
    what="checkout $(checkout_sources | sha256sum)"
  elif [[ -f $GUARD_PACKAGE ]]; then
    what="file $(sha256sum <"$GUARD_PACKAGE")"
  else
    what="spec $GUARD_PACKAGE"
  fi
  printf '%s-%s-node%s-%s\n' "$NAME" "$(uname -s)" "$(node -p 'process.versions.node.split(".")[0]')" \
    "$(printf '%s' "$what" | sha256sum | cut -c1-40)"
}

# The package this Action installs: GUARD_PACKAGE (a tarball, a URL, a registry spec), else the tarball `npm pack`
# makes of the Action's own checkout. Not the registry by default: the package is not published there, and a
# package of that name published by someone else would run with this job's credentials.
package_spec() {
  if [[ -n ${GUARD_PACKAGE:-} ]]; then
    # A relative file is relative to working-directory, where the step runs; npm installs from another directory.
    if [[ -f $GUARD_PACKAGE ]]; then realpath "$GUARD_PACKAGE"; else printf '%s\n' "$GUARD_PACKAGE"; fi
    return
  fi
  local dest=$GUARD_WORK/tarball
  rm -rf "$dest"
  mkdir -p "$dest"
  (
    cd "$GITHUB_ACTION_PATH"
    # The build needs the dev dependencies (TypeScript). A checkout that has them installed (uses: ./ after
    # npm ci) is packed as it is.
    if [[ ! -d node_modules ]]; then npm ci --no-audit --no-fund >&2; fi
    # npm pack runs the package's prepare script, the build, first.
    npm pack --pack-destination "$dest" >&2
  ) || return 1
  local tarballs=("$dest"/*.tgz)
  [[ -f ${tarballs[0]} ]] || return 1
  printf '%s\n' "${tarballs[0]}"
}

install_guard() {
  local key
  key=$(cache_key)
  if [[ -x $GUARD_HOME/node_modules/.bin/$NAME && $(cat "$GUARD_HOME/.cache-key" 2>/dev/null) == "$key" ]]; then
    echo "Using the install restored from the cache ($key)"
    return
  fi
  local spec
  if ! spec=$(package_spec); then
    error install "building the package from the Action's checkout ($GITHUB_ACTION_PATH) failed (npm ci, npm pack; see the log above)"
    exit 2
  fi
  echo "Installing $spec into $GUARD_HOME"
  rm -rf "$GUARD_HOME"
  mkdir -p "$GUARD_HOME"
  # A package.json of its own, so that npm does not install into a project above RUNNER_TEMP.
  echo '{"private": true}' >"$GUARD_HOME/package.json"
  if ! npm install --prefix "$GUARD_HOME" --no-audit --no-fund --prefer-offline "$spec"; then
    error install "installing $spec failed (npm install, see the log above); check the package input"
    exit 2
  fi
  printf '%s\n' "$key" >"$GUARD_HOME/.cache-key"
}

guard() {
  "$GUARD_HOME/node_modules/.bin/$NAME" "$@"
}

now_args=()
config_args=()
pack_config_args=()

check_exceptions() {
  [[ -n $GUARD_CONFIG ]] || return 0
  local log=$GUARD_WORK/exceptions.txt
  set +e
  guard exceptions check "$GUARD_CONFIG" "${now_args[@]}" >"$log" 2>&1
  local code=$?
  set -e
  cat "$log"
  output exceptions-exit-code "$code"
  summary "#### Exception register \`$GUARD_CONFIG\`" '' '```text' "$(cat "$log")" '```' ''
  if ((code >= 2)); then
    error register "the policy pack config $GUARD_CONFIG is invalid (exceptions check exit $code); see the log"
    exit "$code"
  fi
}

# Every input that can be checked without the guard is checked before anything is installed: exactly one of
# stack (preview with the pack) and scan (files given), the date, the files named, the SARIF mode.
check_inputs() {
  if [[ -n $GUARD_STACK && -n $GUARD_SCAN ]]; then
    error inputs "set either stack (preview with the pack) or scan (files to scan), not both"
    exit 2
  fi
  if [[ -z $GUARD_STACK && -z $GUARD_SCAN ]]; then
    error inputs "set stack (preview with the policy pack) or scan (stack exports or preview streams to scan)"
    exit 2
  fi
  if [[ -n ${GUARD_NOW:-} ]] && ! [[ $GUARD_NOW =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ && $(date -u -d "$GUARD_NOW" +%F 2>/dev/null) == "$GUARD_NOW" ]]; then
    error inputs "now: \"$GUARD_NOW\" is not a calendar date written YYYY-MM-DD"
    exit 2
  fi
  if [[ -n ${GUARD_CONFIG:-} && ! -f $GUARD_CONFIG ]]; then
    error inputs "config: $GUARD_CONFIG: no such file in $PWD"
    exit 2
  fi
  case ${GUARD_SARIF_ACCEPTED_RISKS:=omit} in
  include | omit) ;;
  *)
    error inputs "sarif-accepted-risks: \"$GUARD_SARIF_ACCEPTED_RISKS\" is neither include nor omit"
    exit 2
    ;;
  esac
  local file
  while IFS= read -r file; do
    if [[ -n ${file//[[:space:]]/} && ! -f $file ]]; then
      error inputs "scan: $file: no such file in $PWD"
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
    local preview=$GUARD_WORK/preview.json
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
      error preview "pulumi preview failed (exit $code) before it could preview the stack; see its log above"
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

# One scan writes every report: annotations and the verdict line in the log, SARIF for code scanning, JSON for
# the outputs, and Markdown added to the job summary (after the register's section, so not written there directly).
scan_reports() {
  local sarif report markdown code
  # Absolute: the upload step resolves paths from the workspace, not from working-directory.
  sarif=$(realpath -m "$GUARD_SARIF_FILE")
  # Accepted risks are left out of what is uploaded by default: code scanning ignores SARIF suppressions and
  # would open an alert for each (the job summary lists them, with their exception).
  report=$GUARD_WORK/report.json
  markdown=$GUARD_WORK/report.md
  set +e
  guard scan "${scanned[@]}" "${config_args[@]}" "${now_args[@]}" --format github \
    --sarif-accepted-risks "$GUARD_SARIF_ACCEPTED_RISKS" \
    --output "sarif=$sarif" --output "json=$report" --output "markdown=$markdown"
  code=$?
  set -e
  if ((code >= 2)); then
    error scan "expressroute-m365-guard scan could not judge ${scanned[*]} (exit $code); see the log"
    exit "$code"
  fi
  cat "$markdown" >>"$GITHUB_STEP_SUMMARY"

  output sarif-file "$sarif"
  output report-file "$report"
  output blocked "$(node -p 'require(process.argv[1]).summary.blocked' "$report")"
  output mandatory "$(node -p 'require(process.argv[1]).summary.mandatory' "$report")"
  output advisory "$(node -p 'require(process.argv[1]).summary.advisory' "$report")"
}

prepare() {
  check_inputs
  output install-dir "$(install_dir)"
  output cache-key "$(cache_key)"
}

run() {
  check_inputs
  GUARD_HOME=$(install_dir)
  # The files of this run, apart from the install (which the cache saves).
  GUARD_WORK=$RUNNER_TEMP/$NAME
  mkdir -p "$GUARD_WORK"
  [[ -z ${GUARD_NOW:-} ]] || now_args=(--now "$GUARD_NOW")
  if [[ -n $GUARD_CONFIG ]]; then
    config_args=(--config "$GUARD_CONFIG")
    pack_config_args=(--policy-pack-config "$GUARD_CONFIG")
  fi
  install_guard
  output command "$GUARD_HOME/node_modules/.bin/$NAME"
  check_exceptions
  preview_or_take_files
  scan_reports
}

# The scan step printed the verdict line; this step says only why the job fails.
verdict() {
  local failed=0
  if [[ ${GUARD_EXCEPTIONS_EXIT_CODE:-0} != 0 ]]; then
    error register "the exception register $GUARD_CONFIG needs action (exceptions check exit $GUARD_EXCEPTIONS_EXIT_CODE): see the job summary"
    failed=1
  fi
  if [[ $GUARD_BLOCKED == true ]]; then
    error blocked "the deployment would be blocked by mandatory findings (listed by the scan above, in the job summary and in code scanning)"
    failed=1
  elif [[ ${GUARD_PREVIEW_EXIT_CODE:-0} != 0 ]]; then
    error preview "pulumi preview failed (exit $GUARD_PREVIEW_EXIT_CODE) with no mandatory finding of this pack; see its log"
    failed=1
  fi
  return "$failed"
}

case ${1:-} in
prepare) prepare ;;
run) run ;;
verdict) verdict ;;
*)
  echo "usage: $0 prepare|run|verdict" >&2
  exit 2
  ;;
esac
