#!/usr/bin/env bash
# The cross-tenant attack matrix (app/tests/attack.rs) on SQLite and on a throwaway
# PostgreSQL: every registered server function, every page route and /events, called
# through the router by each kind of attacker (no session, forged cookie, cross-site,
# another organisation's ids, a colleague without the right, production without a
# step-up). Prints attempts and successes per database; the goal is 0 successes.
# The test command runs the same test as part of the Rust tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
ensure_test_postgres
trap stop_test_postgres EXIT
export REQUIRE_POSTGRES=1
out=$(mktemp)
status=0
cargo test --release -p app --features app/ssr,app/test-support --test attack -- --nocapture --test-threads 1 2>&1 | tee "$out" >/dev/null || status=$?
grep -E "attack matrix|got through|^[a-z_/ ]+ as [A-Za-z]+:|panicked|test result" "$out" || true
if [ "$status" != 0 ]; then
  echo "attack matrix FAILED (exit $status); full output in $out"
  exit "$status"
fi
rm -f "$out"
