#!/usr/bin/env bash
# Validates scopecheck's SARIF with Microsoft's SARIF validator (npm @microsoft/sarif-multitool,
# the `validate` verb, SARIF and GitHub rules): any error or warning fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool >/dev/null)
tool="$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
# npm may skip the package's own postinstall chmod.
chmod u+x "$tool"

cargo build --quiet --locked
bin=target/debug/scopecheck
for manifest in examples/*/scopecheck.toml; do
  name="$(basename "$(dirname "$manifest")")"
  # An example on an imported catalog keeps it beside the manifest.
  catalog=()
  for file in "$(dirname "$manifest")"/*-catalog.toml; do
    if [ -e "$file" ]; then catalog=(--catalog "$file"); fi
  done
  "$bin" audit "$manifest" "${catalog[@]}" --format sarif --output "$work/$name.sarif" || [ $? -eq 1 ]
done
"$bin" diff --base examples/clean/scopecheck.toml examples/over-privileged/scopecheck.toml \
  --format sarif --output "$work/diff.sarif" || [ $? -eq 1 ]
# Suppressed results: one by the manifest, the rest by a baseline.
mkdir "$work/suppressed"
cp examples/helpdesk-sync/scopecheck.toml "$work/suppressed/"
cat >>"$work/suppressed/scopecheck.toml" <<'TOML'

[[suppress]]
rule = "unused-scope"
scope = "Export message data"
reason = "Reports export ships next"
expires = 2099-12-31
TOML
"$bin" baseline write "$work/suppressed/scopecheck.toml" --output "$work/suppressed/baseline.json" >/dev/null
"$bin" audit "$work/suppressed/scopecheck.toml" --baseline "$work/suppressed/baseline.json" \
  --format sarif --output "$work/suppressed.sarif"

"$bin" scan tests/fixtures/scan --format sarif >"$work/scan.sarif"

status=0
for report in "$work"/*.sarif; do
  log="$report.validation"
  "$tool" validate "$report" --output "$log" --log ForceOverwrite \
    --rule-kind "Sarif;Gh" --level "Error;Warning" >/dev/null
  python3 - "$report" "$log" <<'PY' || status=1
import json, sys
report, log = sys.argv[1], sys.argv[2]
results = json.load(open(log))["runs"][0].get("results", [])
for result in results:
    message = result["message"]
    print(f"{report}: {result['level']} {result['ruleId']}: {message.get('text') or message.get('arguments')}")
sys.exit(1 if results else 0)
PY
done
if [ "$status" -ne 0 ]; then
  echo "error: the SARIF validator reports errors or warnings" >&2
  exit 1
fi
echo "SARIF validator: $(find "$work" -maxdepth 1 -name "*.sarif" | wc -l) reports, no errors or warnings"
