#!/usr/bin/env bash
# Crash safety: no acknowledged write is lost when the server is killed mid-write.
#
# Per backend and round: the release server in development mode on a fresh database; a
# client (scripts/bench/crash-client.mjs) logs in as the three demo administrators and
# creates scopes and integrations in ver1, CONCURRENCY at a time, appending each write the
# server acknowledged (HTTP 200 with the new id) to a log before anything else. After a
# random 20–80 % of WRITES acknowledgements it sends the server SIGKILL (kill -9), with
# writes still in flight. Then:
#   * SQLite: PRAGMA integrity_check and foreign_key_check on the file as the crash left it;
#     PostgreSQL: amcheck's bt_index_check on every index of the database (if available);
#   * the server is restarted on the same database (recovery, migrations, seeding) and the
#     acknowledged ids are read back through it ("Mine API", "Integrasjoner");
#   * every acknowledged id, with its name, must be in the database (lost = acknowledged but
#     missing), and the app's invariants must hold: every scope's name is prefix:subscope of a
#     prefix its organisation holds in that environment; every created scope and integration
#     has its audit record and every audit record of one its object (same transaction);
#     every integration has exactly the scopes it was created with (k<n> in its name) and no
#     client_scopes row points at a missing integration or scope.
#
#   scripts/bench-crash.sh                  # 10 rounds × 1,000 writes on SQLite and PostgreSQL
#   ROUNDS=1 WRITES=200 scripts/bench-crash.sh     # the short form scripts/test.sh runs
#
#   ROUNDS        rounds per backend (default 10)
#   WRITES        writes per round (default 1000)
#   CONCURRENCY   writes in flight at once (default 64)
#   BACKENDS      sqlite | postgres | both (default both)
#   SERVER_BIN    use this server binary instead of building one (cargo build --release)
#   TEST_POSTGRES_URL  PostgreSQL to create the databases on; else a throwaway cluster
#   KEEP=1        keep the temp dir (databases, ack logs, server logs) afterwards
# Exits non-zero if a write is lost, a check fails or the server refuses a write.
#
# This kills the server process, not the machine: what is proven is that an answered write
# is committed (the transaction ends before the answer), not that the disk flushes it.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-10}
WRITES=${WRITES:-1000}
CONCURRENCY=${CONCURRENCY:-64}
BACKENDS=${BACKENDS:-both}
case "$BACKENDS" in
  sqlite) LIST=(sqlite) ;;
  postgres) LIST=(postgres) ;;
  both) LIST=(sqlite postgres) ;;
  *) echo "BACKENDS must be sqlite, postgres or both" >&2; exit 2 ;;
esac

log() { printf '\033[1;34m[crash]\033[0m %s\n' "$*"; }

for tool in node curl; do
  command -v "$tool" >/dev/null || { log "$tool is needed" >&2; exit 2; }
done
if [[ " ${LIST[*]} " == *" sqlite "* ]] && ! command -v sqlite3 >/dev/null; then
  log "the sqlite3 command-line tool is needed (apt-get install sqlite3)" >&2
  exit 2
fi

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
# shellcheck source=scripts/bench/server.sh
source scripts/bench/server.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-crash.XXXXXX")
PG_DBS=()
cleanup() {
  local rc=$?
  set +e
  bench_stop_server
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    for db in "${PG_DBS[@]}"; do psql "$TEST_POSTGRES_URL" -XqAt -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
  fi
  stop_test_postgres
  if [ "${KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then
    log "kept $WORK (databases, ack logs, server logs)"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_server_bin
log "server: $SERVER_BIN"
if [[ " ${LIST[*]} " == *" postgres "* ]]; then
  ensure_test_postgres || { log "no PostgreSQL available (BACKENDS=sqlite measures SQLite only)" >&2; exit 1; }
fi

# q BACKEND TARGET SQL: rows, tab-separated. TARGET is the SQLite file or the PostgreSQL URL.
q() {
  if [ "$1" = sqlite ]; then
    sqlite3 -batch -noheader -separator $'\t' "$2" "$3"
  else
    psql "$2" -XAtq -F $'\t' -v ON_ERROR_STOP=1 -c "$3"
  fi
}

# The app's invariants: each query counts violations and must answer 0.
INVARIANTS=(
  "scope name = prefix:subscope of a prefix the org holds|SELECT count(*) FROM scopes s WHERE s.name <> s.prefix || ':' || s.subscope OR NOT EXISTS (SELECT 1 FROM prefixes p WHERE p.org_id = s.org_id AND p.environment = s.environment AND p.prefix = s.prefix)"
  "created scope has its audit record|SELECT count(*) FROM scopes s WHERE s.name LIKE 'tilbyder:crash/%' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'scope.created' AND a.org_id = s.org_id AND a.after_state LIKE '%\"name\":\"' || s.name || '\"%')"
  "scope audit record has its scope|SELECT count(*) FROM audit_log a WHERE a.action = 'scope.created' AND a.after_state LIKE '%tilbyder:crash/%' AND NOT EXISTS (SELECT 1 FROM scopes s WHERE a.after_state LIKE '%\"name\":\"' || s.name || '\"%')"
  "created integration has its audit record|SELECT count(*) FROM clients c WHERE c.name LIKE 'crash %' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'client.created' AND a.org_id = c.org_id AND a.after_state LIKE '%\"client_id\":\"' || c.id || '\"%')"
  "integration audit record has its integration|SELECT count(*) FROM audit_log a WHERE a.action = 'client.created' AND a.after_state LIKE '%\"name\":\"crash %' AND NOT EXISTS (SELECT 1 FROM clients c WHERE a.after_state LIKE '%\"client_id\":\"' || c.id || '\"%')"
  "integration has the scopes it was created with|SELECT count(*) FROM clients c WHERE c.name LIKE 'crash %' AND (SELECT count(*) FROM client_scopes cs WHERE cs.client_id = c.id) <> CAST(substr(c.name, length(c.name)) AS INTEGER)"
  "no client_scopes row without its integration and scope|SELECT count(*) FROM client_scopes cs WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = cs.client_id) OR NOT EXISTS (SELECT 1 FROM scopes s WHERE s.id = cs.scope_id)"
  "no scope or integration without its organisation|SELECT (SELECT count(*) FROM scopes s WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = s.org_id)) + (SELECT count(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = c.org_id))"
)

# Storage-level check right after the crash, before anything else opens the database.
storage_check() {  # BACKEND TARGET → prints "ok" or the problem
  local out
  if [ "$1" = sqlite ]; then
    out=$(q sqlite "$2" "PRAGMA integrity_check;" 2>&1 || true)
    if [ "$out" != ok ]; then echo "integrity_check: $(echo "$out" | head -n 5 | tr '\n' ' ')"; return; fi
    out=$(q sqlite "$2" "PRAGMA foreign_key_check;" 2>&1 || true)
    if [ -n "$out" ]; then echo "foreign_key_check: $(echo "$out" | head -n 5 | tr '\n' ' ')"; return; fi
    echo ok
  else
    if ! q postgres "$2" "CREATE EXTENSION IF NOT EXISTS amcheck" >/dev/null 2>&1; then
      echo "ok (amcheck not available; PostgreSQL itself was not killed)"; return
    fi
    out=$(q postgres "$2" "SELECT count(bt_index_check(c.oid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace WHERE am.amname = 'btree' AND n.nspname = 'public'" 2>&1) \
      || { echo "bt_index_check: $out"; return; }
    echo "ok ($out btree indexes checked)"
  fi
}

SUMMARY=()
FAILED=0

round() {  # BACKEND N
  local backend=$1 n=$2 target url dir="$WORK/$1-$2" tag kill_at
  mkdir -p "$dir"
  if [ "$backend" = sqlite ]; then
    target="$dir/crash.db"
    url="sqlite://$target?mode=rwc"
  else
    local name="crash_$$_${n}_$RANDOM"
    psql "$TEST_POSTGRES_URL" -XqAt -c "CREATE DATABASE $name" >/dev/null
    PG_DBS+=("$name")
    target="${TEST_POSTGRES_URL%/*}/$name"
    url=$target
  fi
  tag="r${n}x$RANDOM"
  kill_at=$(( WRITES * (20 + RANDOM % 61) / 100 ))
  [ "$kill_at" -ge 1 ] || kill_at=1

  bench_start_server "$url" "$dir/server.log"
  local pid=$SERVER_PID result
  result=$(BASE=$BASE ACK_LOG="$dir/acked.tsv" TAG=$tag WRITES=$WRITES CONCURRENCY=$CONCURRENCY \
    KILL_AT=$kill_at SERVER_PID=$pid node scripts/bench/crash-client.mjs run 2>"$dir/client.err") || {
      log "$backend round $n: the client failed:"; cat "$dir/client.err" >&2; return 1; }
  [ -s "$dir/client.err" ] && sed 's/^/  client: /' "$dir/client.err" | head -n 10
  # The server is our child: reap it and make sure it died of SIGKILL (137), not otherwise.
  local status=0
  wait "$pid" 2>/dev/null || status=$?
  SERVER_PID=""
  if [ "$status" != 137 ]; then
    log "$backend round $n: server exited with $status, not by SIGKILL (137); log:" >&2
    tail -n 20 "$dir/server.log" >&2
    return 1
  fi

  local storage
  storage=$(storage_check "$backend" "$target")

  # Restart on the same database: recovery, migrations and seeding must cope.
  bench_start_server "$url" "$dir/server.log"
  local readback
  readback=$(BASE=$BASE ACK_LOG="$dir/acked.tsv" node scripts/bench/crash-client.mjs verify 2>>"$dir/client.err") || {
    log "$backend round $n: reading back failed:"; tail -n 5 "$dir/client.err" >&2; readback='{"read_back":-1}'; }
  bench_stop_server

  # Acknowledged (kind, id, name) lines against what the database holds.
  touch "$dir/acked.tsv"
  sort "$dir/acked.tsv" >"$dir/acked.sorted"
  q "$backend" "$target" "SELECT 'scope', id, name FROM scopes WHERE name LIKE 'tilbyder:crash/$tag/%' UNION ALL SELECT 'client', id, name FROM clients WHERE name LIKE 'crash $tag %'" \
    | sort >"$dir/present.sorted"
  local acked found lost extra
  acked=$(wc -l <"$dir/acked.sorted")
  lost=$(comm -23 "$dir/acked.sorted" "$dir/present.sorted" | wc -l)
  found=$((acked - lost))
  # Committed but never answered (in flight at the kill): allowed, shown for information.
  extra=$(comm -13 "$dir/acked.sorted" "$dir/present.sorted" | wc -l)

  local inv bad=() label sql v
  for inv in "${INVARIANTS[@]}"; do
    label=${inv%%|*}; sql=${inv#*|}
    v=$(q "$backend" "$target" "$sql" 2>&1) || v="error: $v"
    [ "$v" = 0 ] || bad+=("$label: $v")
  done

  local refused in_flight killed_at sent rb
  refused=$(node -e 'const r=JSON.parse(process.argv[1]); const s=Object.entries(r.refused).map(([k,v])=>k+"×"+v).join(" "); console.log((s||"none") + (r.network_errors_before_kill ? " network-errors-before-kill×"+r.network_errors_before_kill : ""))' "$result")
  sent=$(node -e 'console.log(JSON.parse(process.argv[1]).sent)' "$result")
  killed_at=$(node -e 'console.log(JSON.parse(process.argv[1]).killed_at)' "$result")
  in_flight=$(node -e 'console.log(JSON.parse(process.argv[1]).in_flight_at_kill)' "$result")
  rb=$(node -e 'console.log(JSON.parse(process.argv[1]).read_back)' "$readback")

  local verdict=ok
  if [ "$lost" != 0 ] || [[ "$storage" != ok* ]] || [ ${#bad[@]} != 0 ] || [ "$refused" != none ] || [ "$rb" != "$acked" ]; then
    verdict=FAIL
    FAILED=1
  fi
  local line
  line=$(printf '%-8s round %2d/%d: sent %4d, killed after %4s acks with %2s in flight; acknowledged %4d, found %4d, lost %d, read back %s, committed unanswered %d; storage %s; invariants %s; refused %s; %s' \
    "$backend" "$n" "$ROUNDS" "$sent" "$killed_at" "$in_flight" "$acked" "$found" "$lost" "$rb" "$extra" "$storage" \
    "$([ ${#bad[@]} = 0 ] && echo "ok (${#INVARIANTS[@]})" || echo "FAILED")" "$refused" "$verdict")
  log "$line"
  for v in "${bad[@]}"; do log "  invariant violated: $v"; done
  if [ "$lost" != 0 ]; then
    log "  lost (first 10):"; comm -23 "$dir/acked.sorted" "$dir/present.sorted" | head -n 10 | sed 's/^/    /'
  fi
  SUMMARY+=("$line")
}

T0=$SECONDS
for backend in "${LIST[@]}"; do
  for n in $(seq 1 "$ROUNDS"); do
    round "$backend" "$n"
  done
done

log "---- $WRITES writes per round, $CONCURRENCY in flight, SIGKILL after a random 20–80 % ($((SECONDS - T0)) s)"
for line in "${SUMMARY[@]}"; do log "$line"; done
for backend in "${LIST[@]}"; do
  awk -v b="$backend" '$1 == b' < <(printf '%s\n' "${SUMMARY[@]}") | awk -v b="$backend" '
    { for (i = 1; i <= NF; i++) { if ($i == "acknowledged") a += $(i+1); if ($i == "lost") l += $(i+1) } }
    END { printf "\033[1;34m[crash]\033[0m %-8s total: acknowledged %d, lost %d\n", b, a, l }'
done
if [ "$FAILED" != 0 ]; then
  log "FAILED: a write was lost, a check failed or a write was refused (see above)"
  exit 1
fi
log "PASSED: every acknowledged write survived kill -9"
