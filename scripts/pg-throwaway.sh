# shellcheck shell=bash
# Throwaway PostgreSQL for the tests. Source this file (don't execute it), then:
#
#   ensure_test_postgres        # exports TEST_POSTGRES_URL
#   trap stop_test_postgres EXIT
#
# If TEST_POSTGRES_URL already points at a reachable server it is used as is (CI with a
# service container, a developer's own database). Otherwise a private cluster is started
# in a temp dir on a free port, with durability switched off because its data is thrown
# away. stop_test_postgres only tears down a cluster this file started.

_PGT_DIR=""      # temp dir of the cluster we started (empty: none)
_PGT_BIN=""      # directory holding initdb/pg_ctl
_PGT_AS=()       # command prefix to run PostgreSQL tools as a non-root user

_pgt_log() { printf '\033[1;34m[test]\033[0m %s\n' "$*"; }

# Can we connect and run a query? Falls back to pg_isready when psql is missing.
_pgt_reachable() {
  if command -v psql >/dev/null 2>&1; then
    psql "$1" -XqAt -c 'select 1' >/dev/null 2>&1
  else
    pg_isready -q -d "$1" >/dev/null 2>&1
  fi
}

# Directory with initdb/pg_ctl: Debian keeps them under /usr/lib/postgresql/<version>/bin,
# off PATH; take the highest version. Otherwise try PATH (other distributions, Homebrew).
_pgt_find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    echo "$d"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    return 1
  fi
}

# A TCP port nobody listens on right now (small race until postgres binds it; the
# caller retries on failure).
_pgt_free_port() {
  local p
  if p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) && [ -n "$p" ]; then
    echo "$p"; return 0
  fi
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# Run a PostgreSQL tool, as the postgres user when we are root (postgres refuses to run
# as root). cd into the cluster dir so the tools never try to stat an unreadable cwd.
_pgt_run() {
  (cd "$_PGT_DIR" && "${_PGT_AS[@]}" "$@")
}

ensure_test_postgres() {
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    if _pgt_reachable "$TEST_POSTGRES_URL"; then
      _pgt_log "PostgreSQL: using TEST_POSTGRES_URL (reachable)"
      return 0
    fi
    _pgt_log "PostgreSQL: TEST_POSTGRES_URL is set but unreachable; starting a throwaway cluster instead"
  fi

  if ! _PGT_BIN=$(_pgt_find_bin); then
    _pgt_log "PostgreSQL: initdb/pg_ctl not found (install postgresql, or set TEST_POSTGRES_URL)" >&2
    return 1
  fi

  _PGT_AS=()
  if [ "$(id -u)" = 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
      _pgt_log "PostgreSQL: creating system user postgres"
      useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    if command -v runuser >/dev/null 2>&1; then
      _PGT_AS=(runuser -u postgres --)
    else
      _PGT_AS=(setpriv --reuid=postgres --regid="$(id -g postgres)" --init-groups --)
    fi
  fi

  local started=0 attempt port t0=$SECONDS
  _PGT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/test-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres: "$_PGT_DIR"; fi

  if ! _pgt_run "$_PGT_BIN/initdb" -D "$_PGT_DIR/data" -A trust -U postgres --no-sync \
      -E UTF8 --locale=C >"$_PGT_DIR/initdb.log" 2>&1; then
    _pgt_log "PostgreSQL: initdb failed:" >&2
    tail -n 20 "$_PGT_DIR/initdb.log" >&2
    stop_test_postgres
    return 1
  fi

  # A few attempts in case another process grabs the port between picking and binding.
  for attempt in 1 2 3; do
    port=$(_pgt_free_port) || break
    if _pgt_run "$_PGT_BIN/pg_ctl" -D "$_PGT_DIR/data" -l "$_PGT_DIR/server.log" -w -t 60 \
        -o "-p $port -k $_PGT_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      started=1
      break
    fi
    _pgt_log "PostgreSQL: start on port $port failed (attempt $attempt)"
  done
  if [ "$started" != 1 ]; then
    _pgt_log "PostgreSQL: could not start the throwaway cluster; server log:" >&2
    tail -n 20 "$_PGT_DIR/server.log" >&2 2>/dev/null || true
    stop_test_postgres
    return 1
  fi

  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  # pg_ctl -w already waited; make sure TCP connections work too.
  for _ in $(seq 1 50); do
    _pgt_reachable "$TEST_POSTGRES_URL" && break
    sleep 0.2
  done
  if ! _pgt_reachable "$TEST_POSTGRES_URL"; then
    _pgt_log "PostgreSQL: started but not reachable at $TEST_POSTGRES_URL" >&2
    stop_test_postgres
    return 1
  fi
  _pgt_log "PostgreSQL: throwaway cluster ($("$_PGT_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port, ready in $((SECONDS - t0)) s"
}

# Stops and deletes the cluster if ensure_test_postgres started one; safe to call twice.
stop_test_postgres() {
  [ -n "$_PGT_DIR" ] || return 0
  if [ -f "$_PGT_DIR/data/postmaster.pid" ]; then
    _pgt_run "$_PGT_BIN/pg_ctl" -D "$_PGT_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    _pgt_log "PostgreSQL: throwaway cluster stopped"
  fi
  rm -rf "$_PGT_DIR"
  _PGT_DIR=""
}
