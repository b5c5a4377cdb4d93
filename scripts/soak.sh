#!/usr/bin/env bash
# Parser soak: the property tests that feed user input to the parsers ("never panics": keys
# as PEM, JWK, JWK array and JWKS, certificates, redirect URIs, the integration and scope
# forms, e-mail, names, organisation numbers, prefixes, subscopes) run with many more cases
# than in scripts/test.sh, once per seed. A failure prints proptest's minimal input and is
# saved under app/proptest-regressions/ (replayed first by every later run).
#
#   scripts/soak.sh                 # 250,000 cases per property and seed, 4 random seeds
#   SHORT=1 scripts/soak.sh         # 20,000 cases, one seed: a quick run
#
#   CASES        cases per property and seed (default 250000; SHORT=1: 20000)
#   SEEDS        seeds to run, separated by spaces (default: 4 random; SHORT=1: 1)
#   FILTER       test-name filters instead of the built-in list of properties
#
# Reproduce a failure with the printed seed and case count:
#   PROPTEST_RNG_SEED=<seed> PROPTEST_CASES=<cases> cargo test --release -p app \
#     --features ssr,test-support --lib <test name>
# Built in release mode (as scripts/test.sh builds the tests): overflow checks and debug
# assertions are off, as in the shipped server and WASM.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[soak]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
mkdir -p "$CARGO_TARGET_DIR"

if [ "${SHORT:-0}" = 1 ]; then
  CASES=${CASES:-20000}
  SEEDS=${SEEDS:-$(( (RANDOM << 15) | RANDOM ))}
else
  CASES=${CASES:-250000}
  SEEDS=${SEEDS:-$(for _ in 1 2 3 4; do echo $(( (RANDOM << 30) | (RANDOM << 15) | RANDOM )); done)}
fi
read -r -a SEED_LIST <<<"$(echo $SEEDS)"

# Every property test over parser input (proptest! blocks under app/src/domain and
# app/src/contract). Names are prefixes of the test paths.
DEFAULT_FILTERS=(
  domain::keys::proptests::
  domain::client::tests::redirect_parser_never_panics
  domain::client::tests::accepted_uris_are_https_or_local
  domain::text::tests::parsers_never_panic
  domain::text::tests::parsed_email_round_trips
  domain::org_number::tests::never_panics
  domain::org_number::tests::exactly_one_check_digit
  domain::org_number::tests::single_digit_errors_are_caught
  domain::prefix::tests::accepts_exactly_the_regex
  domain::scope::tests::subscope_matches_the_regex
  contract::clients::tests::parse_never_panics
  contract::scopes::tests::parse_never_panics
)
if [ -n "${FILTER:-}" ]; then read -r -a FILTERS <<<"$FILTER"; else FILTERS=("${DEFAULT_FILTERS[@]}"); fi

TEST_CMD=(cargo test --release -p app --features ssr,test-support --lib)
log "building the tests (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
"${TEST_CMD[@]}" --no-run

OUT=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

T0=$SECONDS
TOTAL_CASES=0
FAILURES=0
RESULTS=()
for seed in "${SEED_LIST[@]}"; do
  log "seed $seed: $CASES cases per property"
  t=$SECONDS
  rc=0
  # --exact is not used: the filters are prefixes. One property per thread.
  PROPTEST_CASES=$CASES PROPTEST_RNG_SEED=$seed "${TEST_CMD[@]}" -- "${FILTERS[@]}" --test-threads="$(nproc)" \
    >"$OUT/$seed.log" 2>&1 || rc=$?
  passed=$(grep -cE '^test .* \.\.\. ok$' "$OUT/$seed.log" || true)
  failed=$(grep -cE '^test .* \.\.\. FAILED$' "$OUT/$seed.log" || true)
  grep -E '^test .* \.\.\. (ok|FAILED)$' "$OUT/$seed.log" | sed 's/^/  /'
  if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
    log "seed $seed: cargo test failed without a failing property:"
    tail -n 30 "$OUT/$seed.log"
    failed=1
  fi
  if [ "$failed" != 0 ]; then
    log "seed $seed: failures (minimal inputs):"
    grep -E 'minimal failing input|Test failed|panicked at|thread .* panicked' "$OUT/$seed.log" | head -n 40 | sed 's/^/  /'
  fi
  cases=$((passed * CASES))
  TOTAL_CASES=$((TOTAL_CASES + cases))
  FAILURES=$((FAILURES + failed))
  RESULTS+=("seed $seed: $passed properties passed, $failed failed, $cases cases in $((SECONDS - t)) s")
  log "${RESULTS[-1]}"
  if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then
    log "no property matched the filters: ${FILTERS[*]}" >&2
    exit 2
  fi
done

log "---- parser soak"
for r in "${RESULTS[@]}"; do log "$r"; done
log "total: $TOTAL_CASES cases (passed properties × $CASES), $FAILURES failed properties, $((SECONDS - T0)) s"
if [ "$FAILURES" != 0 ]; then
  log "FAILED: a parser panicked or a property broke (inputs above; regressions saved under app/proptest-regressions/)"
  exit 1
fi
log "PASSED: no panic"
