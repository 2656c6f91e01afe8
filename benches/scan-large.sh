#!/usr/bin/env bash
# `scopecheck scan` of large generated files that name Intercom (JSON recordings and JS
# bundles that name it in a few places, 1 MB to 50 MB) against `rg -i intercom` on the same
# tree, side by side with hyperfine. Prints the ratio (target: within 1.5x), the time per MB
# at each size (target: flat), a bundle dense with calls apart, and the start-up cost of the
# grammars (a file of each language against none).
# Run from anywhere: bash benches/scan-large.sh
# (SCOPECHECK_BIN=path times another build of scopecheck instead of this checkout's.)
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine rg; do
  if ! command -v "$tool" >/dev/null; then
    apt-get update -qq && apt-get install -y -qq hyperfine ripgrep >/dev/null
  fi
done
cargo build --release --quiet
bin="${SCOPECHECK_BIN:-$PWD/target/release/scopecheck}"

root="${SCAN_LARGE_TREE:-/tmp/scopecheck-scan-large}"
sizes=(1 5 10 25 50)
if [ ! -f "$root/.complete-3" ]; then
  rm -rf "$root"
  python3 - "$root" "${sizes[@]}" <<'PY'
import json, os, random, sys
root, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
random.seed(11)
words = "value result client request response items index count data error".split()

def recording(size):
    """A pretty-printed JSON list of recorded Intercom responses: URLs in records, every few KB."""
    out, total, n = ["[\n"], 2, 0
    while total < size:
        record = {
            "type": "contact",
            "id": f"{random.getrandbits(48):012x}",
            "email": f"user{n}@example.com",
            "url": f"https://api.intercom.io/contacts/{random.getrandbits(48):012x}",
            "custom_attributes": {w: random.randint(0, 9999) for w in random.sample(words, 6)},
            "notes": " ".join(random.choice(words) for _ in range(60)),
        }
        text = json.dumps(record, indent=2) + ",\n"
        out.append(text)
        total += len(text)
        n += 1
    out.append("{}\n]\n")
    return "".join(out)

def bundle(size, every=None):
    """Generated JavaScript: many small functions, naming Intercom in three places (start,
    middle, end) as a vendor bundle does, or (`every` lines) densely."""
    out, total, n = [], 0, 0
    lines = size // 95
    marks = {0, lines // 2, lines - 2}
    while total < size:
        if (every and n % every == 0) or (not every and n in marks):
            text = (f"function intercom{n}(id) {{ return fetch(\"https://api.intercom.io/contacts/\" + id,"
                    " { method: \"GET\" }); }\n")
        else:
            a, b = random.choice(words), random.choice(words)
            text = (f"function {a}{n}({b}) {{ const {a} = {b}.map((x) => x * {n % 97}); "
                    f"return {a}.filter(Boolean).length + {random.randint(0, 999)}; }}\n")
        out.append(text)
        total += len(text)
        n += 1
    return "".join(out)

for mb in sizes:
    folder = os.path.join(root, f"{mb}mb")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "recording.json"), "w") as f:
        f.write(recording(mb * 1024 * 1024))
    with open(os.path.join(folder, "bundle.js"), "w") as f:
        f.write(bundle(mb * 1024 * 1024))

# A bundle dense with calls: one every 400 functions (about 40 KB), 10 MB.
dense = os.path.join(root, "dense")
os.makedirs(dense, exist_ok=True)
with open(os.path.join(dense, "bundle.js"), "w") as f:
    f.write(bundle(10 * 1024 * 1024, every=400))

# Start-up: a small file in each language, against a tree with one text file.
langs = os.path.join(root, "startup", "languages")
plain = os.path.join(root, "startup", "plain")
os.makedirs(langs, exist_ok=True)
os.makedirs(plain, exist_ok=True)
files = {
    "a.ts": 'await fetch("https://api.intercom.io/admins");\n',
    "a.js": 'await fetch("https://api.intercom.io/admins");\n',
    "a.tsx": 'const x = <div>{fetch("https://api.intercom.io/admins")}</div>;\n',
    "a.py": 'requests.get("https://api.intercom.io/admins")\n',
    "a.go": 'package a\nfunc f() { http.Get("https://api.intercom.io/admins") }\n',
    "a.rb": 'Net::HTTP.get(URI("https://api.intercom.io/admins"))\n',
    "a.php": "<?php\n$client->get('https://api.intercom.io/admins');\n",
    "A.java": 'class A { void f() { client.get("https://api.intercom.io/admins"); } }\n',
}
for name, text in files.items():
    with open(os.path.join(langs, name), "w") as f:
        f.write(text)
# The fixed cost of a run that reads one small JavaScript file naming Intercom (start-up, the
# catalog, the SDK data, the grammar), taken off the per-size times.
js = os.path.join(root, "startup", "js")
os.makedirs(js, exist_ok=True)
with open(os.path.join(js, "a.js"), "w") as f:
    f.write(files["a.js"])
with open(os.path.join(plain, "notes.txt"), "w") as f:
    f.write("GET https://api.intercom.io/admins\n")
PY
  touch "$root/.complete-3"
fi
du -sh "$root" | cut -f1 | xargs echo "tree size:"

out="$(mktemp -d)"
trees=""
for mb in "${sizes[@]}"; do trees="$trees $root/${mb}mb"; done
hyperfine -N -i --warmup 2 --runs 15 --export-json "$out/whole.json" \
  "$bin scan $trees --format json" \
  "rg -i -c intercom $trees" >/dev/null
commands=()
for mb in "${sizes[@]}"; do commands+=("$bin scan $root/${mb}mb --format json"); done
hyperfine -N -i --warmup 2 --runs 15 --export-json "$out/sizes.json" "${commands[@]}" >/dev/null
hyperfine -N -i --warmup 1 --runs 5 --export-json "$out/dense.json" \
  "$bin scan $root/dense --format json" \
  "rg -i -c intercom $root/dense" >/dev/null
hyperfine -N -i --warmup 3 --runs 30 --export-json "$out/startup.json" \
  "$bin scan $root/startup/languages --format json" \
  "$bin scan $root/startup/plain --format json" \
  "$bin scan $root/startup/js --format json" >/dev/null

python3 - "$out" "${sizes[@]}" <<'PY'
import json, sys
out, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
median = lambda name: [r["median"] for r in json.load(open(f"{out}/{name}.json"))["results"]]
scan, rg = median("whole")
print(f"large files ({sum(sizes) * 2} MB in {len(sizes) * 2} files): scan median {scan:.3f} s, rg -i intercom median {rg:.3f} s")
print(f"scan / rg: {scan / rg:.2f}x (target: within 1.5x)")
languages, plain, small_js = median("startup")
# Per MB once the fixed cost of a run (start-up and one small JS file) is taken off.
per_mb = [(t - small_js) / (2 * mb) for t, mb in zip(median("sizes"), sizes)]
for mb, t in zip(sizes, per_mb):
    print(f"  {mb:>2} MB files: {1000 * t:.2f} ms per MB (fixed cost {1000 * small_js:.1f} ms taken off)")
print(f"time per MB, largest / smallest size: {per_mb[-1] / per_mb[0]:.2f} (flat is 1.00)")
scan, rg = median("dense")
print(f"a 10 MB bundle with a call every 40 KB (256 calls): scan {scan:.3f} s, rg {rg:.3f} s, {scan / rg:.0f}x:"
      " each call is parsed and followed, which rg does not do")
print(f"grammars' start-up (a file in each of 8 languages, against one text file): {1000 * (languages - plain):.1f} ms")
PY
