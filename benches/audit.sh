#!/usr/bin/env bash
# Start-up plus the audit of the bundled example, against `cat` of the same files, side by side
# with hyperfine; the review documents of the same example against the audit alone; then the
# solver against the whole audit of a 5,000-call manifest.
# Prints the ratios. Run from anywhere: bash benches/audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi
cargo build --release --quiet

manifest=examples/helpdesk-sync/scopecheck.toml
out=$(mktemp -d)
# -i: the example has findings, so scopecheck exits 1 by design.
hyperfine -N -i --warmup 20 --runs 300 --export-json "$out/audit.json" \
  "target/release/scopecheck audit $manifest --format json" \
  "cat $manifest scope-catalog.toml" >/dev/null

python3 - "$out/audit.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
scopecheck, cat = results[0], results[1]
print(f"scopecheck audit: median {scopecheck['median']*1e3:.2f} ms; cat of the same files: median {cat['median']*1e3:.2f} ms")
print(f"audit / cat: {scopecheck['median'] / cat['median']:.2f}x (target: within 2x)")
PY

# The review documents of the mid-size example, each against the audit alone, in one run.
pack=$(mktemp -d)
hyperfine -N -i --warmup 20 --runs 300 --export-json "$out/render.json" \
  "target/release/scopecheck audit $manifest --format json" \
  "target/release/scopecheck justify $manifest" \
  "target/release/scopecheck justify $manifest --format html" \
  "target/release/scopecheck checklist $manifest" \
  "target/release/scopecheck prepare $manifest -o $pack --force" >/dev/null

python3 - "$out/render.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
audit = results[0]["median"]
print(f"review documents of {results[0]['command'].split()[2]}, as a ratio to the audit alone ({audit*1e3:.2f} ms):")
for result in results[1:]:
    words = result["command"].split()
    name = " ".join(words[1:2] + words[3:5]).replace(words[4] if len(words) > 4 and words[3] == "-o" else "\0", "DIR")
    print(f"  {name:<28} {result['median']*1e3:6.2f} ms  {result['median'] / audit:.2f}x")
PY

cargo bench --quiet --bench solver
