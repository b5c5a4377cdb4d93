#!/usr/bin/env bash
# Live-update latency benchmark (app/examples/bench_live.rs): a change of a scope's access
# list to the `changed` event on a browser's SSE stream, 250 times, on SQLite and on
# PostgreSQL with two server instances (change through A, browser connected to B).
#
#   scripts/bench-live.sh
#
#   BENCH_POSTGRES_URL   use this PostgreSQL (admin URL; a fresh database is created on it)
#   TEST_POSTGRES_URL    likewise, if BENCH_POSTGRES_URL is not set
#   BENCH_ITERATIONS     rounds per backend (default 250)
# With neither URL a throwaway PostgreSQL is started (scripts/pg-throwaway.sh) and thrown
# away afterwards; if that is impossible, only SQLite is measured.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }

# As in scripts/test.sh.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
mkdir -p "$CARGO_TARGET_DIR"
log "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
trap stop_test_postgres EXIT
if [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  # Uses TEST_POSTGRES_URL if it is reachable, else starts a throwaway cluster.
  if ensure_test_postgres; then
    export BENCH_POSTGRES_URL="$TEST_POSTGRES_URL"
  else
    log "no PostgreSQL available: measuring SQLite only"
    unset TEST_POSTGRES_URL
  fi
fi

cargo run --release -p app --features ssr --example bench_live
