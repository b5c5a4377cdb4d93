#!/usr/bin/env bash
# The test command (see README): installs missing tools, starts a throwaway PostgreSQL,
# runs the Rust tests, builds the release site, runs the short crash test with its server
# and the Playwright journeys against it.
#
# Switches for developers:
#   SKIP_RUST_TESTS=1   skip `cargo test`
#   SKIP_LINT=1         skip rustfmt, the layering check and clippy
#   SKIP_E2E=1          skip Playwright (the site is still built: that is the check that
#                       the WASM front end compiles)
#   SKIP_CRASH=1        skip the short crash test (scripts/bench-crash.sh, one round of 200
#                       writes per database, the server killed mid-write)
#   TEST_POSTGRES_URL   use this PostgreSQL instead of starting a throwaway one
#   RUST_TEST_CMD       override the Rust test command line (e.g. to add a test filter)
set -euo pipefail
cd "$(dirname "$0")/.."

# Only app and server: the frontend is a cdylib built with `hydrate`; selecting it here
# would unify its features with `ssr` and break the build.
RUST_TEST_CMD=${RUST_TEST_CMD:-"cargo test --release -p app -p server --features app/ssr,app/test-support"}

log() { printf '\033[1;34m[test]\033[0m %s\n' "$*"; }

# --- Phase timing -------------------------------------------------------------------
T_TOTAL=$SECONDS
TIMINGS=()
CURRENT_PHASE=""
PHASE_T0=0

phase() {  # phase "name" command...
  CURRENT_PHASE=$1; shift
  PHASE_T0=$SECONDS
  log "== $CURRENT_PHASE"
  "$@"
  TIMINGS+=("$CURRENT_PHASE: $((SECONDS - PHASE_T0)) s")
  log "$CURRENT_PHASE: $((SECONDS - PHASE_T0)) s"
  CURRENT_PHASE=""
}

skipped() { TIMINGS+=("$1: skipped ($2)"); log "$1: skipped ($2)"; }

# --- Cleanup: runs on every exit, including failures and Ctrl-C ----------------------
E2E_PID=""
cleanup() {
  local rc=$?
  set +e
  # Playwright runs in its own process group; if we are exiting while it still runs
  # (Ctrl-C, kill), stop it so it tears down the server it started.
  if [ -n "$E2E_PID" ] && kill -0 "$E2E_PID" 2>/dev/null; then
    log "stopping Playwright and its e2e server"
    kill -TERM -- "-$E2E_PID" 2>/dev/null || kill -TERM "$E2E_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$E2E_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$E2E_PID" 2>/dev/null
  fi
  if declare -F stop_test_postgres >/dev/null; then stop_test_postgres; fi

  if [ -n "$CURRENT_PHASE" ]; then
    TIMINGS+=("$CURRENT_PHASE: FAILED after $((SECONDS - PHASE_T0)) s")
  fi
  log "---- timings"
  local t
  for t in "${TIMINGS[@]}"; do log "$t"; done
  log "total: $((SECONDS - T_TOTAL)) s"
  if [ "$rc" = 0 ]; then log "PASSED"; else log "FAILED (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- a. Tools -----------------------------------------------------------------------
phase "setup" env NEED_TEST_TOOLS=1 scripts/setup.sh

# --- b/c. Environment ---------------------------------------------------------------
# wasm-opt comes from npm's binaryen (Debian's is too old), cargo-leptos from ~/.cargo/bin.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# A persistent target dir outside the clone, so repeated CI runs on the same machine
# build incrementally instead of from scratch.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
mkdir -p "$CARGO_TARGET_DIR"
log "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"

# --- c2. Lint: formatting, one-way layers, clippy for both builds ------------------
# Clippy runs on the server build (ssr, with tests and examples) and on the WASM build
# (hydrate, for wasm32); warnings fail the run.
lint() {
  cargo fmt --all -- --check
  scripts/check-layers.sh
  cargo clippy -p app -p server --features app/ssr,app/test-support --all-targets -- -D warnings
  cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
}
if [ "${SKIP_LINT:-0}" = 1 ]; then
  skipped "lint" "SKIP_LINT=1"
else
  phase "lint" lint
fi

# --- d/e. PostgreSQL ----------------------------------------------------------------
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
phase "postgres" ensure_test_postgres
# The Rust tests fail instead of skipping their PostgreSQL cases.
export REQUIRE_POSTGRES=1

# --- f. Rust tests ------------------------------------------------------------------
run_rust_tests() {
  log "$RUST_TEST_CMD"
  # eval so an overriding RUST_TEST_CMD may contain quoted arguments.
  eval "$RUST_TEST_CMD" 2>&1
}
if [ "${SKIP_RUST_TESTS:-0}" = 1 ]; then
  skipped "rust tests" "SKIP_RUST_TESTS=1"
else
  phase "rust tests" run_rust_tests
fi

# --- g. Release site (server binary + WASM + CSS) -----------------------------------
phase "site build" cargo leptos build --release --split --precompress

# --- g1. Size budget: the main WASM's brotli size may not grow more than 10 % over
# bench/first-load-budget.json (scripts/bench-size.sh; sizes are deterministic).
phase "size budget" env SIZES_ONLY=1 scripts/bench-size.sh

# --- g2. Crash safety, short form: the release server just built, killed with SIGKILL in
# the middle of 200 writes, on SQLite and on the PostgreSQL above; every acknowledged write
# must be there after the restart (scripts/bench-crash.sh; its full form runs 10 rounds).
run_crash() {
  SERVER_BIN="$CARGO_TARGET_DIR/release/server" BACKENDS=both ROUNDS=1 WRITES=200 scripts/bench-crash.sh
}
if [ "${SKIP_CRASH:-0}" = 1 ]; then
  skipped "crash test" "SKIP_CRASH=1"
else
  phase "crash test" run_crash
fi

# --- h. Playwright ------------------------------------------------------------------
# The Playwright config starts the server itself (webServer); it reads these.
# cargo-leptos resolves site-root ("target/site") against the workspace root, not
# CARGO_TARGET_DIR, while the server binary does live in CARGO_TARGET_DIR.
export E2E_SERVER_BIN="$CARGO_TARGET_DIR/release/server"
export E2E_SITE_ROOT="$PWD/target/site"

# Two more servers share a fresh PostgreSQL database, for the cross-instance live test.
make_e2e_database() {
  local name="e2e_$(date +%s)_$$"
  psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $name" >/dev/null || return 1
  export E2E_POSTGRES_URL="${TEST_POSTGRES_URL%/*}/$name"
  log "E2E_POSTGRES_URL=$E2E_POSTGRES_URL"
}
if [ "${SKIP_E2E:-0}" != 1 ]; then
  phase "e2e database" make_e2e_database
fi

run_e2e() {
  # Own process group (setsid) so cleanup can stop Playwright and everything it started.
  if command -v setsid >/dev/null; then
    (cd end2end && exec setsid npx playwright test) &
  else
    (cd end2end && exec npx playwright test) &
  fi
  E2E_PID=$!
  local rc=0
  wait "$E2E_PID" || rc=$?
  E2E_PID=""
  return "$rc"
}
if [ "${SKIP_E2E:-0}" = 1 ]; then
  skipped "playwright" "SKIP_E2E=1"
else
  phase "playwright" run_e2e
fi
# cargo test and Playwright print their own pass/fail summaries above; the EXIT trap
# prints the timings.
