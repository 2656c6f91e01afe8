#!/usr/bin/env bash
# What the GitHub Action runs (action.yml) after action/install.sh; the tests run this same
# script. It writes the SARIF report, annotates the pull request with workflow commands,
# writes a Markdown summary for the job, and records the exit code as a step output. It exits
# 0 itself when scopecheck ran, so the SARIF upload that follows always happens; the action's
# last step fails the job on the recorded code.
set -euo pipefail

manifest="${INPUT_MANIFEST:-scopecheck.toml}"
fail_on="${INPUT_FAIL_ON:-warning}"
base="${INPUT_BASE:-}"
baseline="${INPUT_BASELINE:-}"
sarif="${INPUT_SARIF_FILE:-scopecheck.sarif}"
output="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

# The binary: SCOPECHECK_BIN (what action/install.sh put in place), else one on PATH.
if [ -n "${SCOPECHECK_BIN:-}" ]; then
  bin="$SCOPECHECK_BIN"
elif command -v scopecheck >/dev/null 2>&1; then
  bin="$(command -v scopecheck)"
else
  echo "::error title=scopecheck::no scopecheck binary: run action/install.sh first"
  exit 1
fi

args=(audit "$manifest" --fail-on "$fail_on")
if [ -n "$baseline" ]; then
  args+=(--baseline "$baseline")
fi

code=0
"$bin" "${args[@]}" --format sarif --output "$sarif" || code=$?
if [ "$code" -eq 2 ]; then
  # Bad input: say why (the message goes to the log) and leave no SARIF to upload.
  "$bin" "${args[@]}" >/dev/null || true
  echo "exit-code=2" >>"$output"
  echo "sarif-file=" >>"$output"
  exit 0
fi
# Annotations on the diff, then the summary; their exit codes repeat the one above.
"$bin" "${args[@]}" --format github || true
"$bin" "${args[@]}" --format markdown >>"$summary" || true

if [ -n "$base" ]; then
  diff_code=0
  "$bin" diff --base "$base" "$manifest" --format markdown >>"$summary" || diff_code=$?
  if [ "$diff_code" -gt "$code" ]; then
    code=$diff_code
  fi
fi

echo "exit-code=$code" >>"$output"
echo "sarif-file=$sarif" >>"$output"
