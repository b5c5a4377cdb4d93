#!/usr/bin/env bash
# The first-load benchmark. Prints
#   1. the built site's files: the main WASM, the JS, the CSS and every WASM chunk, each raw,
#      gzip and brotli (the .gz/.br copies `cargo leptos build -P` makes are what is served);
#   2. the main WASM's brotli size against the budget in bench/first-load-budget.json, and
#      fails when it is more than 10 % over (size is deterministic, so this runs in CI);
#   3. twiggy's top list of the main WASM before optimisation (names are stripped after),
#      when twiggy is installed (`cargo install twiggy --locked`);
#   4. with Playwright in Chromium, against the release server: the front page,
#      "Integrasjoner", an integration's page and "Mine API", cold and warm: bytes on the
#      wire by type, requests, and time until hydrated (p50 of RUNS, default 7).
#
#   scripts/bench-size.sh              everything; builds the site first if it is missing
#   SIZES_ONLY=1 scripts/bench-size.sh 1 and 2 only (what scripts/test.sh runs)
#   BUILD=1 scripts/bench-size.sh      rebuild the site first
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
pkg=target/site/pkg
hash_file="$CARGO_TARGET_DIR/release/hash.txt"

if [ "${BUILD:-0}" = 1 ] || [ ! -f "$hash_file" ] || [ ! -d "$pkg" ]; then
  scripts/setup.sh
  cargo leptos build --release --split --precompress
fi

# The built names carry content hashes; hash.txt (next to the server) says which is current.
hash_of() { sed -n "s/^$1: //p" "$hash_file"; }
main_wasm="$pkg/selvbetjening.$(hash_of wasm).wasm"
main_js="$pkg/selvbetjening.$(hash_of js).js"
split_js="$pkg/__wasm_split.$(hash_of split).js"
css="$pkg/selvbetjening.$(hash_of css).css"
for f in "$main_wasm" "$main_js" "$split_js" "$css"; do
  [ -f "$f" ] || { echo "missing $f: build with 'cargo leptos build --release --split --precompress'" >&2; exit 1; }
done

size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }
row() { printf '%-46s %10s %10s %10s\n' "$1" "$2" "$3" "$4"; }
file_row() { row "$1" "$(size "$2")" "$(size "$2.gz")" "$(size "$2.br")"; }

echo "== Built files (bytes) =="
row file raw gzip brotli
file_row "main WASM" "$main_wasm"
file_row "JS glue" "$main_js"
file_row "chunk loader (__wasm_split.js)" "$split_js"
file_row "CSS" "$css"
echo
echo "== WASM chunks, largest first (bytes) =="
row chunk raw gzip brotli
chunks=$(find "$pkg" -name '*.wasm' ! -path "$main_wasm" -printf '%s %p\n' | sort -rn)
total_raw=0 total_br=0 n=0
while read -r raw path; do
  [ -n "$path" ] || continue
  n=$((n + 1)); total_raw=$((total_raw + raw)); total_br=$((total_br + $(size "$path.br")))
  name=$(basename "$path" .wasm); name=${name%.*}
  # The pages' own chunks, and the ten largest shared ones.
  if [[ $name == split_* ]] || [ "$n" -le 10 ]; then file_row "$name" "$path"; fi
done <<<"$chunks"
row "all $n chunks" "$total_raw" "" "$total_br"
echo

budget_file=bench/first-load-budget.json
budget=$(sed -n 's/.*"main_wasm_brotli_bytes": *\([0-9]*\).*/\1/p' "$budget_file")
main_br=$(size "$main_wasm.br")
limit=$((budget + budget / 10))
echo "== Budget ($budget_file) =="
if [ "$main_br" -gt "$limit" ]; then
  echo "FAIL: main WASM is $main_br bytes brotli, more than 10 % over the budget of $budget (limit $limit)."
  echo "      Move code behind a lazy route or #[lazy] function, or raise the budget with a reason."
  exit 1
fi
echo "PASS: main WASM $main_br bytes brotli; budget $budget, limit $limit."
[ "${SIZES_ONLY:-0}" = 1 ] && exit 0

echo
if command -v twiggy >/dev/null; then
  echo "== twiggy top 25: the main module before wasm-bindgen and wasm-opt =="
  twiggy top -n 25 "$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm" || true
else
  echo "(twiggy not installed: 'cargo install twiggy --locked' adds its top list here)"
fi

echo
echo "== First load in Chromium (release server, fresh SQLite, development mode) =="
export E2E_SERVER_BIN="${E2E_SERVER_BIN:-$CARGO_TARGET_DIR/release/server}"
export E2E_SITE_ROOT="$PWD/target/site"
export E2E_PORT="${E2E_PORT:-3190}"
unset E2E_POSTGRES_URL
cd end2end && npx playwright test --config bench/playwright.config.ts --reporter=list
