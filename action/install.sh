#!/usr/bin/env bash
# Puts the scopecheck of this Action's own version on the runner (action.yml's first step; the
# tests in .ci/action.sh run this same script against a loopback server).
#
# A release commit carries a plain version in Cargo.toml (0.3.1); the commits between releases
# carry `-dev` (0.4.0-dev). For a release, the archive for the runner's platform is downloaded
# from the GitHub release, its SHA-256 checked against the release's .sha256 file, and only then
# moved into place: a download that fails or does not match leaves nothing on PATH. scopecheck
# is built from the Action's source instead, and the log says why, when the source is not a
# release, when the release has no archive for this platform, or when the platform has no
# release build at all. A checksum mismatch, an interrupted download or no network stop the job
# with a one-line reason: a build would hide them.
#
# Environment: RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT (set by the
# runner); SCOPECHECK_BIN (a binary to use as it is); SCOPECHECK_DOWNLOAD_URL (where releases
# are, default https://github.com/scopecheck/scopecheck/releases/download: a mirror, or the
# tests' loopback server).
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
if command -v cygpath >/dev/null 2>&1; then
  temp="$(cygpath -u "$temp")" # Windows runners: RUNNER_TEMP is D:\a\_temp
fi
output="${GITHUB_OUTPUT:-/dev/null}"
download_url="${SCOPECHECK_DOWNLOAD_URL:-https://github.com/scopecheck/scopecheck/releases/download}"

fail() {
  echo "::error title=scopecheck install::$1"
  echo "scopecheck install: error: $1" >&2
  exit 1
}

# Tells the later steps (and the job's own steps) where scopecheck is.
installed() {
  local bin="$1"
  echo "bin=$bin" >>"$output"
  if [ -n "${GITHUB_PATH:-}" ]; then
    if command -v cygpath >/dev/null 2>&1; then
      cygpath -w "$(dirname "$bin")" >>"$GITHUB_PATH"
    else
      dirname "$bin" >>"$GITHUB_PATH"
    fi
  fi
  echo "scopecheck: $("$bin" --version) at $bin"
  exit 0
}

if [ -n "${SCOPECHECK_BIN:-}" ]; then
  installed "$SCOPECHECK_BIN"
fi

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)"
[ -n "$version" ] || fail "no version in $action_path/Cargo.toml"

# The release target for this runner; empty where no release is built.
os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$os/$arch" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

build_from_source() {
  command -v cargo >/dev/null 2>&1 ||
    fail "$1, and there is no cargo on this runner to build from source (install Rust, e.g. with dtolnay/rust-toolchain)"
  echo "scopecheck: $1; building scopecheck $version from the Action's source (a few minutes)"
  local target_dir="${CARGO_TARGET_DIR:-$temp/scopecheck-target}"
  echo "::group::Building scopecheck"
  cargo build --release --locked --quiet --manifest-path "$action_path/Cargo.toml" --target-dir "$target_dir" ||
    fail "building scopecheck from source failed (see the log above)"
  echo "::endgroup::"
  local exe=""
  case "$target" in *windows*) exe=.exe ;; esac
  installed "$target_dir/release/scopecheck$exe"
}

case "$version" in
  *-dev) build_from_source "this Action's source is $version, not a release" ;;
esac
[ -n "$target" ] || build_from_source "no release build exists for $os/$arch"

case "$target" in
  *windows*) archive="scopecheck-v$version-$target.zip" exe=.exe ;;
  *) archive="scopecheck-v$version-$target.tar.gz" exe="" ;;
esac
url="$download_url/v$version/$archive"

work="$(mktemp -d "$temp/scopecheck-download.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Sets `code` to the HTTP status; curl's own failures (no network, a cut-off transfer) stop here.
fetch() {
  local from="$1" to="$2"
  if ! code="$(curl --silent --show-error --location --retry 2 --connect-timeout 10 --max-time 300 \
    --output "$to" --write-out '%{http_code}' "$from" 2>"$work/curl.err")"; then
    fail "downloading $from failed: $(tail -n 1 "$work/curl.err" | sed 's/^curl: ([0-9]*) //')"
  fi
}

fetch "$url" "$work/$archive"
case "$code" in
  200) ;;
  404) build_from_source "release v$version has no archive for $target ($url: 404)" ;;
  *) fail "downloading $url failed: HTTP $code" ;;
esac
fetch "$url.sha256" "$work/$archive.sha256"
[ "$code" = 200 ] || fail "downloading $url.sha256 failed: HTTP $code"

expected="$(sed -n '1s/^\([0-9a-fA-F]\{64\}\) .*/\1/p' "$work/$archive.sha256")"
[ -n "$expected" ] || fail "$url.sha256 is not a SHA-256 checksum file"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$archive" | cut -d ' ' -f 1)"
else
  actual="$(shasum -a 256 "$work/$archive" | cut -d ' ' -f 1)"
fi
if [ "$(echo "$actual" | tr 'A-F' 'a-f')" != "$(echo "$expected" | tr 'A-F' 'a-f')" ]; then
  fail "checksum mismatch for $archive: expected $expected, got $actual; refusing to install it"
fi

mkdir "$work/unpacked"
case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" || fail "$archive is not a zip archive" ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" || fail "$archive is not a .tar.gz archive" ;;
esac
unpacked="$work/unpacked/scopecheck-v$version-$target/scopecheck$exe"
[ -f "$unpacked" ] || fail "$archive holds no scopecheck-v$version-$target/scopecheck$exe"
chmod +x "$unpacked"
"$unpacked" --version >/dev/null 2>&1 || fail "the scopecheck in $archive does not run on this runner"

# A rename on one file system: the binary appears whole or not at all.
dest="$temp/scopecheck-v$version"
mkdir -p "$dest"
mv -f "$unpacked" "$dest/scopecheck$exe"
echo "scopecheck: downloaded $archive (SHA-256 $actual)"
installed "$dest/scopecheck$exe"
