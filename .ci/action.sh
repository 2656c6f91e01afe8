#!/usr/bin/env bash
# Runs the GitHub Action's script as the runner would, with no scopecheck installed: it must
# build scopecheck from this checkout, write the SARIF report and record exit code 1 for the
# help-desk example. (The integration tests run the same script with a prebuilt binary.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/workspace"
cp "$root/examples/helpdesk-sync/scopecheck.toml" "$work/workspace/"
(
  cd "$work/workspace"
  unset SCOPECHECK_BIN
  PATH="$(dirname "$(command -v cargo)"):/usr/bin:/bin" \
    GITHUB_ACTION_PATH="$root" RUNNER_TEMP="$work" \
    GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
    bash "$root/action/run.sh" >"$work/log"
)
grep -qx "exit-code=1" "$work/output" || { cat "$work/output" "$work/log" >&2; exit 1; }
grep -qx "sarif-file=scopecheck.sarif" "$work/output"
test -s "$work/workspace/scopecheck.sarif"
grep -q "^::error file=scopecheck.toml" "$work/log"
echo "action: built scopecheck from source, wrote SARIF, recorded exit code 1"
