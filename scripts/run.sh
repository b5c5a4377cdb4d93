#!/usr/bin/env bash
# The run command (see README): installs any missing build tools, then builds the release
# site and serves it with `cargo leptos serve` on LEPTOS_SITE_ADDR (default 127.0.0.1:3000).
# Data lives in ./data; SELVBETJENING_MODE defaults to development.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# wasm-opt comes from npm's binaryen (Debian's is too old), cargo-leptos from ~/.cargo/bin.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Same persistent target dir as scripts/test.sh, so the two share build artefacts.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"

mkdir -p data
export SELVBETJENING_MODE="${SELVBETJENING_MODE:-development}"
exec cargo leptos serve --release --split --precompress
