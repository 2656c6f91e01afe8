#!/usr/bin/env bash
# Writes catalog/google.toml, the bundled Google catalog, from the discovery documents vendored
# under catalog/sources/google/discovery/ (google-api-python-client, pinned in SOURCE.md there)
# and Google's scope classes in catalog/sources/google/scope-classes.tsv, with the arguments in
# catalog/sources/google/import-args.txt (one per line). `cargo test` runs the same import and
# fails when the committed file differs.
#
#   bash tools/google_catalog.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t args < catalog/sources/google/import-args.txt
cargo run --quiet --locked -- "${args[@]}" --output catalog/google.toml --force
