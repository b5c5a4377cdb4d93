#!/usr/bin/env bash
# Load: the release server (development mode, fresh database) under 64 concurrent sessions.
#
# scripts/bench/load-client.mjs prefills 50 integrations per demo organisation in ver1, logs
# in 64 sessions (the six demo people, several sessions each), and then for DURATION seconds
# every session calls, without pause, the list server functions of ver1 (my_clients,
# my_scopes, available_scopes) and the rendered page /tjenester/ver1/integrasjoner, the
# administrators' sessions also writing now and then (integrations and scopes in ver2, so
# the measured lists keep their size). Meanwhile 300 logins arrive, in bursts of 30 at random
# moments; the password-work limiter (two Argon2 hashes per core, 429 after a 2 s wait) and
# the per-account limit on attempts in progress turn some away.
# The server's VmRSS is sampled every second.
#
#   scripts/bench-load.sh                        # SQLite, 60 s
#   BACKEND=postgres scripts/bench-load.sh       # a throwaway PostgreSQL (or TEST_POSTGRES_URL)
#
#   DURATION      seconds of load (default 60)
#   SESSIONS      concurrent sessions (default 64)
#   LOGINS        logins arriving during the run (default 300)
#   LOGIN_BURST   logins arriving at the same moment (default 30; 1 spreads them out)
#   PREFILL       integrations per organisation created before the run (default 50)
#   BACKEND       sqlite | postgres (default sqlite)
#   SERVER_BIN    use this server binary instead of building one (cargo build --release)
#   MEM_CEILING_MB  memory goal, max VmRSS (default 512)
#   P99_GOAL_MS     latency goal, p99 of the list calls (default 50)
# Prints requests per kind, p50/p95/p99 latencies, max RSS and the logins' 200/429/other,
# with PASS/FAIL against the two goals. It is a benchmark: it exits non-zero only on a 5xx,
# a network error or a server that died, not on a missed goal (the figures depend on the
# machine; the load client runs on the same cores).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
SESSIONS=${SESSIONS:-64}
LOGINS=${LOGINS:-300}
PREFILL=${PREFILL:-50}
BACKEND=${BACKEND:-sqlite}
MEM_CEILING_MB=${MEM_CEILING_MB:-512}
P99_GOAL_MS=${P99_GOAL_MS:-50}

log() { printf '\033[1;34m[load]\033[0m %s\n' "$*"; }

for tool in node curl; do
  command -v "$tool" >/dev/null || { log "$tool is needed" >&2; exit 2; }
done

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
# shellcheck source=scripts/bench/server.sh
source scripts/bench/server.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-load.XXXXXX")
PG_DB=""
cleanup() {
  local rc=$?
  set +e
  bench_stop_server
  if [ -n "$PG_DB" ]; then psql "$TEST_POSTGRES_URL" -XqAt -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1; fi
  stop_test_postgres
  if [ "$rc" != 0 ]; then log "kept $WORK (server log)"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_server_bin
case "$BACKEND" in
  sqlite) URL="sqlite://$WORK/load.db?mode=rwc" ;;
  postgres)
    ensure_test_postgres || { log "no PostgreSQL available" >&2; exit 1; }
    PG_DB="load_$$_$RANDOM"
    psql "$TEST_POSTGRES_URL" -XqAt -c "CREATE DATABASE $PG_DB" >/dev/null
    URL="${TEST_POSTGRES_URL%/*}/$PG_DB"
    ;;
  *) log "BACKEND must be sqlite or postgres" >&2; exit 2 ;;
esac

bench_start_server "$URL" "$WORK/server.log"
log "server $SERVER_BIN on $BASE ($BACKEND), pid $SERVER_PID; $SESSIONS sessions, $LOGINS logins, $DURATION s"
RESULT=$(BASE=$BASE SESSIONS=$SESSIONS DURATION=$DURATION LOGINS=$LOGINS LOGIN_BURST=${LOGIN_BURST:-30} PREFILL=$PREFILL SERVER_PID=$SERVER_PID \
  node scripts/bench/load-client.mjs) || { log "the load client failed"; exit 1; }
ALIVE=1
kill -0 "$SERVER_PID" 2>/dev/null || ALIVE=0

# The report, and the verdict: 0 = ok, 1 = 5xx / network errors / server gone.
node - "$RESULT" "$ALIVE" "$MEM_CEILING_MB" "$P99_GOAL_MS" "$BACKEND" <<'EOF'
const [json, alive, ceiling, goal, backend] = process.argv.slice(2);
const r = JSON.parse(json);
const say = (s) => console.log(`\x1b[1;34m[load]\x1b[0m ${s}`);
const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const sum = (o) => Object.entries(o).filter(([k]) => !k.startsWith('429 ')).reduce((a, [, b]) => a + b, 0);
say(`---- ${backend}: ${r.sessions} sessions for ${r.seconds.toFixed(1)} s`);
let total = 0, e5 = 0, net = 0;
for (const [kind, c] of Object.entries(r.counts).sort()) {
  const n = sum(c);
  if (kind !== 'login') total += n;
  e5 += c['5xx'];
  net += c.network;
  const l = r.latency[kind] ?? {};
  const other = Object.entries(c).filter(([k, v]) => k !== '200' && v).map(([k, v]) => `${k} ${v}`).join(', ');
  say(`${kind.padEnd(17)} ${String(n).padStart(7)} requests (${(n / r.seconds).toFixed(0)}/s)  p50 ${f(l.p50)} ms  p95 ${f(l.p95)} ms  p99 ${f(l.p99)} ms  max ${f(l.max)} ms${other ? '  non-200: ' + other : ''}`);
}
const lists = r.latency.lists;
say(`list calls together: ${lists.n} requests, p50 ${f(lists.p50)} ms, p95 ${f(lists.p95)} ms, p99 ${f(lists.p99)} ms`);
say(`all sessions: ${total} requests, ${(total / r.seconds).toFixed(0)}/s`);
const lg = r.counts.login ?? { 200: 0, 429: 0 };
const why = ['429 hashing busy', '429 attempt limits'].filter((k) => lg[k]).map((k) => `${k.slice(4)} ${lg[k]}`).join(', ');
say(`logins: ${sum(lg)} arrived: 200 ${lg[200]}, 429 ${lg[429]}${why ? ` (${why})` : ''}, other ${sum(lg) - lg[200] - lg[429]}`);
const mb = (kb) => (kb == null ? '–' : (kb / 1024).toFixed(1));
say(`memory: VmRSS at start ${mb(r.rss_kb.start)} MB, max ${mb(r.rss_kb.max)} MB, at end ${mb(r.rss_kb.end)} MB; VmHWM ${mb(r.rss_kb.hwm)} MB (${r.rss_kb.samples} samples)`);
const cores = (s) => (s == null ? '–' : `${s.toFixed(1)} s, ${(s / r.seconds).toFixed(2)} cores`);
say(`CPU during the run: server ${cores(r.cpu_seconds.server)}; load client ${cores(r.cpu_seconds.client)} (of ${require('os').cpus().length} cores)`);
say(`errors: 5xx ${e5}, network ${net}, server ${alive === '1' ? 'alive' : 'GONE'}`);
for (const e of r.errors) say(`  ${e}`);
const peak = Math.max(r.rss_kb.max ?? 0, r.rss_kb.hwm ?? 0) / 1024;
say(`${peak <= Number(ceiling) ? 'PASS' : 'FAIL'}: memory ceiling ${ceiling} MB (peak ${peak.toFixed(1)} MB)`);
say(`${lists.p99 <= Number(goal) ? 'PASS' : 'FAIL'}: p99 of the list calls ≤ ${goal} ms (${f(lists.p99)} ms)`);
const ok = e5 === 0 && net === 0 && alive === '1';
say(`${ok ? 'PASS' : 'FAIL'}: no 5xx, no network error, server alive`);
process.exit(ok ? 0 : 1);
EOF
