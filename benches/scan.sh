#!/usr/bin/env bash
# `scopecheck scan` of a generated tree (100,000 files, about 1 GB; one in a hundred names
# Intercom) against ripgrep searching the strings scan reports (the name "intercom" in any case,
# and every webhook topic name) in the same run, side by side with hyperfine. Prints the ratio
# (target: within 1.2x of rg), and for reference the ratio to `rg -i intercom` alone.
# Run from anywhere: bash benches/scan.sh [FILES] [KB_PER_FILE]
# (SCOPECHECK_BIN=path times another build of scopecheck instead of this checkout's.)
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-100000}"
kilobytes="${2:-10}"

for tool in hyperfine rg; do
  if ! command -v "$tool" >/dev/null; then
    apt-get update -qq && apt-get install -y -qq hyperfine ripgrep >/dev/null
  fi
done
cargo build --release --quiet

tree="${SCAN_BENCH_TREE:-/tmp/scopecheck-scan-bench}"
if [ ! -f "$tree/.complete-$files-$kilobytes" ]; then
  rm -rf "$tree"
  python3 - "$tree" "$files" "$kilobytes" <<'PY'
import os, random, sys
root, files, kilobytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
words = "const let value result client request response items index count data error".split()
def filler(size):
    lines, total = [], 0
    while total < size:
        line = f"    {random.choice(words)}_{random.randint(0, 999)} = compute({random.choice(words)}, {random.randint(0, 99)});\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)
calls = [
    'await axios.post(`${BASE}/conversations/${id}/reply`, body);\n',
    'const r = await fetch("https://api.intercom.io/contacts/" + id);\n',
    'requests.get(f"https://api.intercom.io/admins/{admin_id}")\n',
    'on("conversation.user.created", handler);\n',
]
for n in range(files):
    folder = os.path.join(root, f"pkg{n // 1000:03d}", f"mod{(n // 100) % 10}")
    os.makedirs(folder, exist_ok=True)
    body = filler(kilobytes * 1024)
    if n % 100 == 0:
        body = "// talks to Intercom\nconst BASE = \"https://api.intercom.io\";\n" + body + random.choice(calls)
    with open(os.path.join(folder, f"file{n}.ts"), "w") as out:
        out.write(body)
PY
  touch "$tree/.complete-$files-$kilobytes"
fi
du -sh "$tree" | cut -f1 | xargs echo "tree size:"

patterns="$(mktemp)"
# The strings scan reports: "intercom" in any case, and the topic names.
{
  echo intercom
  grep -o '^name = "[a-z_.]*"' scope-catalog.toml | sed 's/^name = "//; s/"$//' | grep '\.'
} >"$patterns"

bin="${SCOPECHECK_BIN:-$PWD/target/release/scopecheck}"
out="$(mktemp -d)"
hyperfine -N -i --warmup 1 --runs 5 --export-json "$out/scan.json" \
  "$bin scan $tree --format json" \
  "rg --no-ignore-vcs -i -F -c -f $patterns $tree" \
  "rg --no-ignore-vcs -i -F -c intercom $tree" >/dev/null
python3 - "$out/scan.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
scan, rg, rg_name = (result["median"] for result in results)
print(f"scopecheck scan: median {scan:.2f} s; rg of the same patterns: median {rg:.2f} s")
print(f"scan / rg: {scan / rg:.2f}x (target: within 1.2x)")
print(f"for reference, rg -i intercom alone: median {rg_name:.2f} s; scan / it: {scan / rg_name:.2f}x")
PY
