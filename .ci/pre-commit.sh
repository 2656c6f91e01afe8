#!/usr/bin/env bash
# Installs pre-commit from PyPI, and runs this repository's hook for real in a temporary git
# repository: it must pass on the clean example and fail on the over-privileged one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PRE_COMMIT_HOME="$work/cache"

mkdir "$work/app"
cd "$work/app"
git init -q
git config user.email ci@example.com
git config user.name CI
cp "$root/examples/clean/scopecheck.toml" scopecheck.toml
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: scopecheck
YAML
git add -A

if ! "$work/venv/bin/pre-commit" run --all-files >"$work/clean.log" 2>&1; then
  echo "error: the pre-commit hook failed on the clean example" >&2
  cat "$work/clean.log" >&2
  exit 1
fi
grep -q "scopecheck audit.*Passed" "$work/clean.log"

cp "$root/examples/over-privileged/scopecheck.toml" scopecheck.toml
git add -A
if "$work/venv/bin/pre-commit" run --all-files >"$work/bad.log" 2>&1; then
  echo "error: the pre-commit hook passed the over-privileged example" >&2
  cat "$work/bad.log" >&2
  exit 1
fi
grep -q "unused-scope" "$work/bad.log"
echo "pre-commit hook: passes the clean example, fails the over-privileged one"
