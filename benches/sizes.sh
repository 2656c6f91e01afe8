#!/usr/bin/env bash
# Input sizes a pull request can choose, each run at a size and at ten times it, side by side:
# the time ratio says whether the cost is linear (about 10x) or worse, the memory ratio whether
# memory stays flat where scopecheck streams (about 1x).
#   - manifests of 10,000 and 100,000 calls, three kinds: every call covered by a requested
#     scope; every call needing a scope nobody requested (a finding each, with a snippet);
#     every call unknown to the catalog (an input error each, with a snippet);
#   - a --catalog with 100,000 and 1,000,000 rows beyond the bundled ones;
#   - HAR files of 200 MB and 2 GB (time and peak memory);
#   - a minified source file: one line of 10 MB and of 100 MB.
# Needs about 3 GB of disk in /tmp and 6 GB of memory (the million-row catalog).
# Run from anywhere: bash benches/sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet
bin="$PWD/target/release/scopecheck"
work="${SIZES_BENCH_DIR:-/tmp/scopecheck-bench-sizes}"
mkdir -p "$work"

# Manifests and catalogs, written once.
if [ ! -f "$work/inputs.complete" ]; then
  python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
head = 'provider = "intercom"\napi_version = "2.11"\n'
kinds = {
    "covered": ('\n[[scopes]]\nname = "Read one user and one company"\nreason = "r"\n', "GET /contacts/{}"),
    "missing": ("", "GET /contacts/{}"),
    "unknown": ("", "GET /no_such_resource_{}"),
}
for kind, (scopes, request) in kinds.items():
    for calls in (10_000, 100_000):
        with open(f"{work}/{kind}-{calls}.toml", "w") as out:
            out.write(head + scopes)
            for i in range(calls):
                out.write(f'\n[[calls]]\nrequest = "{request.format(i)}"\npurpose = "Call {i}"\n')
catalog = open("scope-catalog.toml").read()
for rows in (100_000, 1_000_000):
    with open(f"{work}/catalog-{rows}.toml", "w") as out:
        out.write(catalog)
        for i in range(rows):
            out.write(f'\n[[operation]]\nmethod = "GET"\npath = "/bench{i}/{{id}}"\nversions = ["2.11"]\n'
                      f'provenance = "inferred"\nsource = "bench"\n'
                      f'grants = [{{ scope = "Read admins", provenance = "inferred" }}]\n')
for megabytes in (10, 100):
    folder = f"{work}/line-{megabytes}"
    os.makedirs(folder, exist_ok=True)
    filler = "var a=function(b){return b+1};" * (megabytes * 1024 * 1024 // 30)
    with open(f"{folder}/bundle.min.js", "w") as out:
        out.write('fetch("https://api.intercom.io/contacts",{method:"GET"});' + filler
                  + 'fetch("https://api.intercom.io/tags",{method:"POST"});\n')
PY
  touch "$work/inputs.complete"
fi
for megabytes in 200 2048; do
  if [ ! -f "$work/traffic-$megabytes.har.complete" ]; then
    python3 benches/har_gen.py "$work/traffic-$megabytes.har" "$megabytes" >/dev/null
    touch "$work/traffic-$megabytes.har.complete"
  fi
done

results=()
# pair NAME SMALL-COMMAND LARGE-COMMAND: both timed (-i: findings exit 1, input errors 2, by
# design), with each one's peak memory.
pair() {
  local name="$1" small="$2" large="$3"
  hyperfine -N -i --runs "${RUNS:-3}" --export-json "$work/$name.json" "$small" "$large" >/dev/null
  local small_kb large_kb
  # Findings and input errors exit non-zero on purpose: only the memory line matters here.
  # shellcheck disable=SC2086 # the commands are word lists, split on purpose
  small_kb="$({ /usr/bin/time -f %M $small 2>&1 >/dev/null || true; } | tail -1)"
  # shellcheck disable=SC2086
  large_kb="$({ /usr/bin/time -f %M $large 2>&1 >/dev/null || true; } | tail -1)"
  results+=("$(python3 - "$work/$name.json" "$name" "$small_kb" "$large_kb" <<'PY'
import json, sys
small, large = (r["median"] for r in json.load(open(sys.argv[1]))["results"])
name, small_kb, large_kb = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
print(f"{name}: {small:.2f} s -> {large:.2f} s, time x{large / small:.1f}; "
      f"memory {small_kb / 1024:.0f} MB -> {large_kb / 1024:.0f} MB, x{large_kb / small_kb:.1f}")
PY
)")
  echo "${results[-1]}"
}

example=examples/helpdesk-sync/scopecheck.toml
for kind in covered missing unknown; do
  pair "manifest-$kind (10k -> 100k calls)" \
    "$bin audit $work/$kind-10000.toml" "$bin audit $work/$kind-100000.toml"
done
pair "catalog (100k -> 1M rows)" \
  "$bin audit $example --catalog $work/catalog-100000.toml" \
  "$bin audit $example --catalog $work/catalog-1000000.toml"
pair "har (200 MB -> 2 GB)" \
  "$bin import har $work/traffic-200.har --format json" \
  "$bin import har $work/traffic-2048.har --format json"
pair "one-line source (10 MB -> 100 MB)" \
  "$bin scan $work/line-10 --format json" "$bin scan $work/line-100 --format json"

echo
echo "Ten times the input (linear: time about x10; streamed HAR: memory about x1):"
printf '  %s\n' "${results[@]}"
