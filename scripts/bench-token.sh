#!/usr/bin/env bash
# Token endpoint throughput: the release server (development mode, fresh database) on SQLite
# and on PostgreSQL, and a load client in its own process (scripts/bench/token-client.mjs)
# posting pre-signed assertions, each with a unique jti, over 64 keep-alive connections.
# In the same run it measures the machine's RSA-2048 signing limit with
# `openssl speed -seconds 5 -multi <cores> rsa2048`: every grant signs one token, so that
# is the ceiling a grant rate is compared with.
#
#   scripts/bench-token.sh                    # both databases, 15 s each
#   BACKEND=sqlite scripts/bench-token.sh     # sqlite | postgres | both
#
#   DURATION       seconds of load per database (default 15)
#   CONNECTIONS    concurrent connections (default 64)
#   SERVER_BIN     use this server binary instead of building one (cargo build --release)
#   GOAL_GRANTS    grants/s goal on SQLite (default 2000)
#   GOAL_RATIO     share of the RSA signing limit (default 0.70)
#   GOAL_P99_MS    p99 latency goal (default 25)
# Prints grants/s, p50/p90/p99, status counts, the server's CPU use, the signing limit and
# the ratio, with PASS/FAIL against the goals. It is a benchmark: it exits non-zero only on
# a 5xx, a network error or a server that died, not on a missed goal.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
BACKEND=${BACKEND:-both}
GOAL_GRANTS=${GOAL_GRANTS:-2000}
GOAL_RATIO=${GOAL_RATIO:-0.70}
GOAL_P99_MS=${GOAL_P99_MS:-25}

log() { printf '\033[1;34m[token]\033[0m %s\n' "$*"; }

for tool in node curl openssl; do
  command -v "$tool" >/dev/null || { log "$tool is needed" >&2; exit 2; }
done

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
# shellcheck source=scripts/bench/server.sh
source scripts/bench/server.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-token.XXXXXX")
PG_DB=""
cleanup() {
  local rc=$?
  set +e
  bench_stop_server
  if [ -n "$PG_DB" ]; then psql "$TEST_POSTGRES_URL" -XqAt -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1; fi
  stop_test_postgres
  if [ "$rc" != 0 ]; then log "kept $WORK (server logs)"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_server_bin
# The per-integration limit protects a real deployment; here one integration is the load.
export TOKEN_GRANTS_PER_MINUTE=1000000000

case "$BACKEND" in
  both) BACKENDS="sqlite postgres" ;;
  sqlite | postgres) BACKENDS=$BACKEND ;;
  *) log "BACKEND must be sqlite, postgres or both" >&2; exit 2 ;;
esac

RESULTS=()
for backend in $BACKENDS; do
  if [ "$backend" = sqlite ]; then
    URL="sqlite://$WORK/token.db?mode=rwc"
  else
    ensure_test_postgres || { log "no PostgreSQL available" >&2; exit 1; }
    PG_DB="token_$$_$RANDOM"
    psql "$TEST_POSTGRES_URL" -XqAt -c "CREATE DATABASE $PG_DB" >/dev/null
    URL="${TEST_POSTGRES_URL%/*}/$PG_DB"
  fi
  bench_start_server "$URL" "$WORK/server-$backend.log"
  log "$backend: server $SERVER_BIN on $BASE, pid $SERVER_PID; $CONNECTIONS connections, $DURATION s"
  R=$(BASE=$BASE CONNECTIONS=$CONNECTIONS DURATION=$DURATION SERVER_PID=$SERVER_PID node scripts/bench/token-client.mjs) || { log "the load client failed"; exit 1; }
  ALIVE=1
  kill -0 "$SERVER_PID" 2>/dev/null || ALIVE=0
  bench_stop_server
  if [ -n "$PG_DB" ]; then psql "$TEST_POSTGRES_URL" -XqAt -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1; PG_DB=""; fi
  RESULTS+=("$backend" "$R" "$ALIVE")
done

# The machine's signing limit, measured now, on every core (the server may use them all).
CORES=$(nproc)
log "openssl speed -seconds 5 -multi $CORES rsa2048"
SPEED=$(openssl speed -seconds 5 -multi "$CORES" rsa2048 2>/dev/null | awk '/^rsa *2048 bits/ {print $6; exit}')
[ -n "$SPEED" ] || { log "could not read openssl's signing rate" >&2; SPEED=0; }

node - "$SPEED" "$GOAL_GRANTS" "$GOAL_RATIO" "$GOAL_P99_MS" "$CORES" "${RESULTS[@]}" <<'EOF'
const [speed, goalGrants, goalRatio, goalP99, cores, ...rest] = process.argv.slice(2);
const say = (s) => console.log(`\x1b[1;34m[token]\x1b[0m ${s}`);
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const limit = Number(speed);
say(`RSA-2048 signing limit (openssl, ${cores} processes): ${f(limit, 0)} sign/s`);
let ok = true;
for (let i = 0; i < rest.length; i += 3) {
  const [backend, json, alive] = [rest[i], JSON.parse(rest[i + 1]), rest[i + 2]];
  const rate = json.grants / json.seconds;
  const ratio = limit ? rate / limit : NaN;
  const l = json.latency;
  const other = Object.entries(json.counts).filter(([k]) => k !== '200').map(([k, v]) => `${k} ${v}`).join(', ');
  say(`---- ${backend}: ${json.grants} grants in ${f(json.seconds)} s over ${json.connections} connections${json.ran_out ? ' (used every pre-signed assertion)' : ''}`);
  say(`grants/s ${f(rate, 0)}; latency p50 ${f(l.p50)} ms, p90 ${f(l.p90)} ms, p99 ${f(l.p99)} ms, max ${f(l.max)} ms`);
  say(`${f(ratio * 100)} % of the signing limit; server CPU ${f(json.server_cpu_seconds)} s (${f(json.server_cpu_seconds / json.seconds, 2)} cores); ${json.signing.assertions} assertions pre-signed in ${f(json.signing.seconds)} s`);
  if (other) say(`non-200: ${other}`);
  for (const e of json.errors) say(`  ${e}`);
  if (backend === 'sqlite') say(`${rate >= Number(goalGrants) ? 'PASS' : 'FAIL'}: ≥ ${goalGrants} grants/s on SQLite (${f(rate, 0)})`);
  say(`${ratio >= Number(goalRatio) ? 'PASS' : 'FAIL'}: ≥ ${f(Number(goalRatio) * 100, 0)} % of the signing limit (${f(ratio * 100)} %)`);
  say(`${l.p99 <= Number(goalP99) ? 'PASS' : 'FAIL'}: p99 ≤ ${goalP99} ms (${f(l.p99)} ms)`);
  const fine = !json.counts['500'] && !json.counts.network && alive === '1' && !Object.keys(json.counts).some((k) => k.startsWith('5'));
  say(`${fine ? 'PASS' : 'FAIL'}: no 5xx, no network error, server alive`);
  ok &&= fine;
}
process.exit(ok ? 0 : 1);
EOF
