#!/usr/bin/env bash
# Writes the fuzz targets' seeds into DIR/TARGET, from the repository's own examples and
# fixtures, so the seeds follow the fixtures and nothing is copied twice into the repository.
# Marker secrets in the fixtures (SECRET…) are replaced: no corpus may hold a secret.
#
#   fuzz/seeds.sh DIR
# shellcheck disable=SC2016 # backticks in the OpenAPI seeds are their own Markdown
set -euo pipefail
out="${1:?usage: fuzz/seeds.sh DIR}"
cd "$(dirname "$0")/.."

seed() { # seed TARGET NAME PREFIX-BYTE-OR-EMPTY FILE
  local target="$1" name="$2" pick="$3" file="$4"
  mkdir -p "$out/$target"
  {
    if [ -n "$pick" ]; then printf '%b' "\\x$(printf %02x "$pick")"; fi
    sed 's/SECRET/redacted/g' "$file"
  } >"$out/$target/$name"
}

n=0
for file in examples/*/scopecheck.toml tests/fixtures/malformed/*.toml tests/fixtures/checklist/*.toml; do
  n=$((n + 1))
  seed manifest "m$n" "" "$file"
  seed sync "m$n" "" "$file"
done
n=0
for file in tests/fixtures/har/*.har tests/fixtures/har/record/*.har; do
  [ -f "$file" ] || continue
  n=$((n + 1))
  seed har "h$n" "" "$file"
done

# scan: the first byte picks the file name (fuzz_targets/scan.rs's FILES).
names=(js ts tsx jsx mjs py rb go java php vue json)
n=0
while IFS= read -r file; do
  extension="${file##*.}"
  for i in "${!names[@]}"; do
    if [ "${names[$i]}" = "$extension" ]; then
      n=$((n + 1))
      seed scan "s$n" "$i" "$file"
    fi
  done
done < <(find tests/fixtures/scan tests/fixtures/scan-patterns -type f -size -64k | sort)

# templates: the first byte picks the template (fuzz_targets/templates.rs's TEMPLATES).
seed templates t0 0 templates/justification.md
seed templates t1 1 templates/justification.html
seed templates t2 2 templates/checklist.md
seed templates t3 3 templates/scope-reasons.txt

# openapi: the first byte picks JSON (even) or YAML (odd); a small description of each.
mkdir -p "$out/openapi"
printf '\x01openapi: 3.0.1\ninfo:\n  title: Intercom API\n  version: "2.99"\npaths:\n  /contacts/{id}:\n    get:\n      summary: Retrieve a contact\n      description: Requires the `read_users` OAuth scope.\n      security:\n        - bearerAuth: []\n      responses:\n        "200":\n          description: ok\n  /widgets:\n    post:\n      summary: Create a widget\n      responses:\n        "200":\n          description: ok\n' >"$out/openapi/o1"
printf '\x00{"openapi": "3.0.1", "info": {"title": "Intercom API", "version": "2.99"}, "paths": {"/tags": {"get": {"summary": "List tags", "description": "Requires the `read_tags` scope.", "responses": {"200": {"description": "ok"}}}}}}' >"$out/openapi/o2"

# evidence and baseline: what the tool itself writes.
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
cargo build --quiet --locked
target/debug/scopecheck import har tests/fixtures/har/chromium.har --granted "Read conversations" \
  --evidence "$bin/evidence.toml" >/dev/null
seed evidence e1 "" "$bin/evidence.toml"
target/debug/scopecheck baseline write examples/over-privileged/scopecheck.toml -o "$bin/baseline.toml" >/dev/null
seed baseline b1 "" "$bin/baseline.toml"

# The structured target reads bytes as choices: any bytes do (the same ones every time).
mkdir -p "$out/manifest_structured"
for n in 1 2 3 4; do
  seq 1 $((n * 97)) >"$out/manifest_structured/r$n"
done
