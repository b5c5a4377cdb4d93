#!/usr/bin/env bash
# List pages at scale (app/examples/bench_lists.rs): the server functions behind
# "Integrasjoner", "Tilgjengelige scopes", the catalogue and "Mine API" at 10,000
# organisations / 100,000 integrations, 64 concurrent callers, p50/p99 per backend.
#
#   scripts/bench-lists.sh
#
#   BENCH_POSTGRES_URL   use this PostgreSQL (admin URL; a fresh database is created on it)
#   TEST_POSTGRES_URL    likewise, if BENCH_POSTGRES_URL is not set
#   BENCH_CALLS          calls per caller and page (default 10)
# With neither URL a throwaway PostgreSQL is started (scripts/pg-throwaway.sh) and thrown
# away afterwards; if that is impossible, only SQLite is measured.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
mkdir -p "$CARGO_TARGET_DIR"

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
trap stop_test_postgres EXIT
if [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  if ensure_test_postgres; then
    export BENCH_POSTGRES_URL="$TEST_POSTGRES_URL"
  else
    log "no PostgreSQL available: measuring SQLite only"
    unset TEST_POSTGRES_URL
  fi
fi

cargo run --release -p app --features ssr --example bench_lists
