#!/usr/bin/env bash
# `cargo binstall` with the metadata in Cargo.toml, end to end: it must find the release archive
# .ci/package.py makes (as .github/workflows/release.yml publishes it) and install the binary,
# with no build. The release is served over HTTPS on the loopback address, by a certificate of a
# throw-away CA that binstall is told to trust; the crate's `repository` points there. Needs the
# release build (target/release/scopecheck).
#
# cargo-binstall 1.16.0 is the newest release this machine's Rust (1.95) builds with its lock file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="$root/target/release/scopecheck"
[ -x "$binary" ] || { echo "error: build target/release/scopecheck first" >&2; exit 1; }
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cargo install --quiet --locked cargo-binstall@1.16.0 --root "$work/binstall" --target-dir "$work/binstall-target"

# A CA, and a certificate for 127.0.0.1 that it signs.
cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj "/CN=scopecheck CI CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
  -extfile server.ext 2>/dev/null

mkdir serve
python3 "$root/.ci/release-server.py" serve port server.pem server.key &
server_pid=$!
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
repository="https://127.0.0.1:$(cat port)/scopecheck/scopecheck"

# The crate as of a release commit, whose repository is the loopback server.
dev_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
version="${dev_version%-dev}"
mkdir crate
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C crate
sed -i "0,/^version = \".*\"$/s//version = \"$version\"/; s#^repository = .*#repository = \"$repository\"#" crate/Cargo.toml
release="serve/scopecheck/scopecheck/releases/download/v$version"
python3 crate/.ci/package.py x86_64-unknown-linux-musl "$binary" "$release" >/dev/null

"$work/binstall/bin/cargo-binstall" binstall --manifest-path crate/Cargo.toml --root "$work/installed" \
  --targets x86_64-unknown-linux-musl --disable-strategies quick-install,compile \
  --root-certificates ca.pem --no-confirm --no-track --log-level warn scopecheck >binstall.log 2>&1 ||
  { cat binstall.log >&2; exit 1; }
cmp "$binary" "$work/installed/bin/scopecheck" || { echo "error: binstall installed another binary" >&2; exit 1; }
status=0
"$work/installed/bin/scopecheck" audit "$root/examples/helpdesk-sync/scopecheck.toml" >audit.out || status=$?
if [ "$status" -ne 1 ] || ! grep -q "Least-privileged set" audit.out; then
  echo "error: the binstalled scopecheck exited $status on the bundled example" >&2
  exit 1
fi
echo "binstall: the Cargo.toml metadata finds $repository/releases/download/v$version/scopecheck-v$version-x86_64-unknown-linux-musl.tar.gz and installs its binary"
