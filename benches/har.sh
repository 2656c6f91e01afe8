#!/usr/bin/env bash
# `scopecheck import har` on a generated HAR (about 500 MB) against
# `jq '.log.entries[].request.url'` on the same file, side by side with hyperfine, and the peak
# memory of each (GNU time's maximum resident set size). Prints the ratio (target: scopecheck
# at least 3x faster than jq) and scopecheck's peak memory (target: under 100 MB, whatever the
# file's size). Run from anywhere: bash benches/har.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-500}"

for tool in hyperfine jq; do
  if ! command -v "$tool" >/dev/null; then
    apt-get update -qq && apt-get install -y -qq hyperfine jq >/dev/null
  fi
done
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet

har="${HAR_BENCH_FILE:-/tmp/scopecheck-bench-$megabytes.har}"
if [ ! -f "$har.complete" ]; then
  python3 benches/har_gen.py "$har" "$megabytes"
  touch "$har.complete"
fi
stat -c %s "$har" | awk '{printf "HAR size: %.0f MB\n", $1 / 1048576}'

out="$(mktemp -d)"
hyperfine -N --warmup 1 --runs 5 --export-json "$out/har.json" \
  "target/release/scopecheck import har $har --format json" \
  "jq .log.entries[].request.url $har" >/dev/null
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
scopecheck_kb="$(peak target/release/scopecheck import har "$har" --format json)"
jq_kb="$(peak jq '.log.entries[].request.url' "$har")"
python3 - "$out/har.json" "$scopecheck_kb" "$jq_kb" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours, jq = results[0]["median"], results[1]["median"]
print(f"scopecheck import har: median {ours:.2f} s; jq .log.entries[].request.url: median {jq:.2f} s")
print(f"jq / scopecheck: {jq / ours:.2f}x faster (target: at least 3x)")
print(f"peak memory: scopecheck {int(sys.argv[2]) / 1024:.1f} MB (target: under 100 MB); jq {int(sys.argv[3]) / 1024:.0f} MB")
PY
