#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, with libFuzzer's memory limit
# at 512 MB, a 10-second limit per input and inputs up to 64 KB (8 KB for source text and
# structured manifests), on the committed corpus plus seeds made from the repository's
# examples and fixtures, then prints executions and crashes per target.
#
#   fuzz/run.sh SECONDS [TARGET...]
#   RUNS=1000000 fuzz/run.sh 86400 scan    # a million executions, or SECONDS if sooner
#
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz). No sanitizer by
# default (SANITIZER=address to add one): scopecheck forbids unsafe code, so AddressSanitizer
# finds nothing the fuzzer's own checks miss, at a third of the speed. New inputs that
# reach new code are added to fuzz/corpus/TARGET; `cargo +nightly fuzz cmin TARGET` keeps
# the corpus minimal before it is committed. A crash stops its target, is saved under
# fuzz/artifacts/TARGET and fails the script.
set -euo pipefail
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
cd "$(dirname "$0")/.."
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
bash fuzz/seeds.sh "$seeds"

sanitizer="${SANITIZER:-none}"
cargo +nightly fuzz build --sanitizer "$sanitizer"

failed=0
summary=()
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  dict=()
  if [ -f "fuzz/dict/$target.dict" ]; then
    dict=("-dict=fuzz/dict/$target.dict")
  fi
  # Source text and structured manifests cost time in proportion to their length (a parse,
  # a whole audit): shorter inputs there give many more runs for the same constructs.
  case "$target" in
    scan | manifest_structured) max_len=8192 ;;
    *) max_len=65536 ;;
  esac
  runs_limit=()
  if [ -n "${RUNS:-}" ]; then
    runs_limit=("-runs=$RUNS")
  fi
  log="$seeds/$target.log"
  status=0
  cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "fuzz/corpus/$target" "$seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=512 -timeout=10 -max_len="$max_len" \
    -print_final_stats=1 "${dict[@]}" "${runs_limit[@]}" >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  peak="$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  if [ "$status" -ne 0 ]; then
    failed=1
    summary+=("$target: FAILED after ${runs:-?} runs (see fuzz/artifacts/$target)")
    tail -40 "$log" >&2
  else
    summary+=("$target: ${runs:-0} runs, 0 crashes, peak ${peak:-?} MB")
  fi
done
printf '%s\n' "${summary[@]}"
exit "$failed"
