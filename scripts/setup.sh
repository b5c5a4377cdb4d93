#!/usr/bin/env bash
# Installs everything the run and test commands need, skipping what is already there.
# Safe to run again and again; every step checks first. Only package registries are used
# (crates.io, npm, Debian apt): nothing downloads a binary from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate version pinned in Cargo.toml (`=0.2.129`).
WASM_BINDGEN_VERSION=0.2.129
NEED_TEST_TOOLS=${NEED_TEST_TOOLS:-0}

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

# 1. Rust's WebAssembly target.
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt and clippy, for the test command's lint phase.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "rustup component add $component"
    rustup component add "$component"
  fi
done

# 2. cargo-leptos (0.3.11 needs rustc 1.96; 0.3.10 --locked installs on 1.95).
#    Thin LTO settings keep its build under ~1 GB of memory.
if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
  log "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (takes ~16 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

# 3. wasm-bindgen-cli at exactly the crate's version (cargo-leptos would otherwise download one).
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 4. npm packages: binaryen@132 (wasm-opt for release builds; Debian's 108 breaks hydration)
#    and Playwright. Reinstalled only when package-lock.json changed.
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
if [ ! -f end2end/node_modules/.stamp ] || ! cmp -s end2end/package-lock.json end2end/node_modules/.stamp; then
  log "npm ci in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp end2end/package-lock.json end2end/node_modules/.stamp
fi

# 5. Test-only tools: Debian's Chromium for Playwright, PostgreSQL for the throwaway cluster
# and the sqlite3 shell for the crash test's integrity check.
if [ "$NEED_TEST_TOOLS" = 1 ]; then
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
  if ! command -v sqlite3 >/dev/null; then apt_install sqlite3; fi
  if ! command -v openssl >/dev/null; then apt_install openssl; fi
fi
# 6. One persistent target dir may serve several clones (CI's and yours). The front end is
#    a cdylib, whose built file (frontend.wasm) has no per-clone name, so cargo can count
#    this clone's front end as up to date while that file is another clone's build; the
#    site would then pair this server with that WASM, and hydration fails. When the front
#    end was last built from another clone, make cargo build it again.
target="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
if [ -d "$target/front" ] && [ "$(cat "$target/front/.built-from" 2>/dev/null)" != "$PWD" ]; then
  log "the front end was last built from another clone: building it again"
  touch frontend/src/lib.rs
fi
mkdir -p "$target/front" && echo "$PWD" >"$target/front/.built-from"

log "tools ready"
