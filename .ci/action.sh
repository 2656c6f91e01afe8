#!/usr/bin/env bash
# The GitHub Action end to end, as a runner runs it: action/install.sh, then action/run.sh on
# the help-desk example, against a loopback server standing in for GitHub's release downloads
# (.ci/release-server.py). Needs the release build (target/release/scopecheck).
#
# - a real archive (.ci/package.py, as the release workflow packs it): downloaded, checksum
#   verified, no cargo on PATH, and the audit's first result;
# - a tampered archive, an interrupted download, no network: a one-line reason, exit 1, and no
#   binary put anywhere;
# - no archive for the release (404): built from source and said so, or a one-line reason when
#   there is no cargo; an unreleased (-dev) source and a platform with no release build: built.
#
# The archive holds this machine's glibc build under the x86_64-unknown-linux-musl name the
# Action asks for on Linux x64: this machine cannot fetch the musl target, and what is tested is
# the download, the checksum and the install, which are the same for either.
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

dev_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
version="${dev_version%-dev}"
target=x86_64-unknown-linux-musl
archive="scopecheck-v$version-$target.tar.gz"

# The Action's source as of a release commit: the same files, a plain version.
release_source="$work/action-release"
mkdir "$release_source"
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$release_source"
sed -i "0,/^version = \".*\"$/s//version = \"$version\"/" "$release_source/Cargo.toml"
sed -i "/^name = \"scopecheck\"$/{n;s/^version = \".*\"$/version = \"$version\"/}" "$release_source/Cargo.lock"

# The release server: good/v<version> gets the real archive once it is built; tampered/ one
# with a byte added (beside the real checksum), cut/ one cut off half-way, empty/ none.
serve="$work/serve"
mkdir -p "$serve/good/v$version" "$serve/tampered/v$version" "$serve/cut/v$version" "$serve/empty"
python3 "$root/.ci/release-server.py" "$serve" "$work/port" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"

# The release source builds in a copy of the release build, so only scopecheck itself compiles.
mkdir "$work/target"
cp -r "$root/target/release" "$work/target/release"

cp "$root/examples/helpdesk-sync/scopecheck.toml" "$work/scopecheck.toml"
cargo_dir="$(dirname "$(command -v cargo)")"
no_cargo_path="/usr/bin:/bin"

# install CASE ACTION_PATH URL PATH [VAR=VALUE...]: runs install.sh as the runner would, in a
# fresh RUNNER_TEMP; leaves $case/{out,err,output,path} and sets `status`.
install() {
  local name="$1" action="$2" url="$3" path="$4"
  shift 4
  case="$work/case-$name"
  mkdir -p "$case/temp"
  : >"$case/output"
  : >"$case/path"
  status=0
  env -i HOME="$HOME" PATH="$path" RUNNER_OS=Linux RUNNER_ARCH=X64 \
    RUNNER_TEMP="$case/temp" GITHUB_ACTION_PATH="$action" GITHUB_OUTPUT="$case/output" \
    GITHUB_PATH="$case/path" SCOPECHECK_DOWNLOAD_URL="$url" \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
    CARGO_TARGET_DIR="$work/target" "$@" \
    bash "$action/action/install.sh" >"$case/out" 2>"$case/err" || status=$?
}

# audit: runs run.sh with what install.sh put in place; the help-desk example exits 1.
audit() {
  local bin
  bin="$(sed -n 's/^bin=//p' "$case/output")"
  (
    cd "$work"
    env -i PATH="$no_cargo_path" SCOPECHECK_BIN="$bin" GITHUB_OUTPUT="$case/audit-output" \
      GITHUB_STEP_SUMMARY="$case/summary" INPUT_SARIF_FILE="$case/scopecheck.sarif" \
      bash "$root/action/run.sh" >"$case/audit-log"
  )
  grep -qx "exit-code=1" "$case/audit-output" || fail "$case: the audit did not record exit code 1"
  test -s "$case/scopecheck.sarif" || fail "$case: no SARIF report"
  grep -q "^::error file=scopecheck.toml" "$case/audit-log" || fail "$case: no annotations"
}

fail() {
  echo "error: action: $1" >&2
  for file in out err output path; do
    [ ! -f "$case/$file" ] || { echo "--- $file" >&2; cat "$case/$file" >&2; }
  done
  exit 1
}

# refused CASE REASON: exit 1, one line on stderr saying REASON, nothing installed.
refused() {
  [ "$status" -eq 1 ] || fail "$1: exit $status, expected 1"
  [ "$(wc -l <"$case/err")" -eq 1 ] || fail "$1: the reason is not one line"
  grep -q "$2" "$case/err" || fail "$1: the reason does not say '$2'"
  ! grep -q "^bin=" "$case/output" || fail "$1: a binary was recorded"
  [ ! -s "$case/path" ] || fail "$1: something was added to PATH"
  ! find "$case/temp" -name 'scopecheck*' -type f | grep -q . || fail "$1: files were left behind"
  echo "action: $1: $(cat "$case/err")"
}

milliseconds() { echo $(($(date +%s%N) / 1000000)); }

# No archive for the release: built from the Action's source (shared dependency cache), audited.
start="$(milliseconds)"
install missing "$release_source" "$base/empty" "$cargo_dir:$no_cargo_path"
[ "$status" -eq 0 ] || fail "missing: exit $status"
grep -q "release v$version has no archive for $target .*: 404); building scopecheck $version from the Action's source" "$case/out" ||
  fail "missing: the fallback is not said"
grep -q "^scopecheck: scopecheck $version at " "$case/out" || fail "missing: the built binary"
echo "action: missing: $(head -n 1 "$case/out")"
audit
build_ms=$(($(milliseconds) - start))

# The archive the release workflow would publish, from that build (.ci/package.py).
python3 "$release_source/.ci/package.py" "$target" "$work/target/release/scopecheck" "$serve/good/v$version" >/dev/null
cp "$serve/good/v$version/$archive"* "$serve/tampered/v$version/"
printf 'x' >>"$serve/tampered/v$version/$archive"
cp "$serve/good/v$version/$archive"* "$serve/cut/v$version/"
touch "$serve/cut/v$version/$archive.cut"

# A real archive, no cargo: downloaded, verified, installed, audited.
start="$(milliseconds)"
install download "$release_source" "$base/good" "$no_cargo_path"
[ "$status" -eq 0 ] || fail "download: exit $status"
grep -qx "bin=$case/temp/scopecheck-v$version/scopecheck" "$case/output" || fail "download: bin"
grep -qx "$case/temp/scopecheck-v$version" "$case/path" || fail "download: PATH"
grep -q "downloaded $archive (SHA-256 " "$case/out" || fail "download: not said"
audit
download_ms=$(($(milliseconds) - start))

install tampered "$release_source" "$base/tampered" "$no_cargo_path"
refused tampered "checksum mismatch for $archive"
install interrupted "$release_source" "$base/cut" "$no_cargo_path"
refused interrupted "transfer closed"
install offline "$release_source" "http://127.0.0.1:9/releases" "$no_cargo_path"
refused offline "Failed to connect"
install missing-no-cargo "$release_source" "$base/empty" "$no_cargo_path"
refused missing-no-cargo "no archive for $target.*no cargo on this runner"

# A platform with no release build, and an unreleased source: built, never downloaded.
install platform "$release_source" "$base/good" "$cargo_dir:$no_cargo_path" RUNNER_ARCH=ARM
[ "$status" -eq 0 ] || fail "platform: exit $status"
grep -q "no release build exists for Linux/ARM; building" "$case/out" || fail "platform: not said"
if [ "$dev_version" != "$version" ]; then
  install dev "$root" "$base/good" "$cargo_dir:$no_cargo_path" CARGO_TARGET_DIR="$root/target"
  [ "$status" -eq 0 ] || fail "dev: exit $status"
  grep -q "this Action's source is $dev_version, not a release; building" "$case/out" || fail "dev: not said"
fi

echo "action: time to first result: $download_ms ms with the download, $build_ms ms with the build from source (dependencies already built)"
echo "action: downloads and verifies the release archive; refuses a tampered archive, an interrupted download and no network with one line; builds from source where no release exists, and says so"
