#!/usr/bin/env bash
# Prints the size of the release WASM (raw and gzip), building it first if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
wasm=target/site/pkg/selvbetjening.wasm
[ -f "$wasm" ] || { scripts/setup.sh; cargo leptos build --release; }
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
js=$(stat -c %s target/site/pkg/selvbetjening.js)
css=$(stat -c %s target/site/pkg/selvbetjening.css)
printf 'release WASM: %d bytes raw, %d bytes gzip\nJS glue: %d bytes, CSS: %d bytes\n' "$raw" "$gz" "$js" "$css"
