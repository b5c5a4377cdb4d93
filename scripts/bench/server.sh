# shellcheck shell=bash
# The release server for the HTTP benchmarks (scripts/bench-crash.sh, scripts/bench-load.sh).
# Source this file (after scripts/pg-throwaway.sh, whose _pgt_free_port it uses), then:
#
#   bench_server_bin              # sets SERVER_BIN: $SERVER_BIN if given, else builds it
#   bench_start_server URL LOG    # development mode on a free port; sets SERVER_PID, BASE
#   bench_stop_server             # SIGTERM, then SIGKILL; safe to call twice
#
# The server runs as the Playwright journeys run it (end2end/playwright.config.ts): the
# LEPTOS_* variables instead of Cargo.toml, demo data, RUST_LOG=warn.

SERVER_PID=""
BASE=""

_bench_log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }

# SERVER_BIN given (scripts/test.sh passes the binary `cargo leptos build --release` made):
# used as it is. Otherwise `cargo build --release -p server` (incremental; quick when fresh).
bench_server_bin() {
  if [ -n "${SERVER_BIN:-}" ]; then
    [ -x "$SERVER_BIN" ] || { _bench_log "SERVER_BIN=$SERVER_BIN is not an executable" >&2; return 1; }
    return 0
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selvbetjening/target}"
  _bench_log "building the release server (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  cargo build --release -p server --features ssr
  SERVER_BIN="$CARGO_TARGET_DIR/release/server"
}

# bench_start_server DATABASE_URL LOGFILE: starts the server and waits until it answers.
bench_start_server() {
  local url=$1 log=$2 port site_root
  port=$(_pgt_free_port)
  # The pages reference /pkg files; the benchmarks only need the HTML, so any directory will
  # do when no site was built.
  site_root="${BENCH_SITE_ROOT:-$PWD/target/site}"
  [ -d "$site_root" ] || site_root=$(mktemp -d "${TMPDIR:-/tmp}/bench-site.XXXXXX")
  BASE="http://127.0.0.1:$port"
  LEPTOS_OUTPUT_NAME=selvbetjening LEPTOS_SITE_ROOT="$site_root" LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_ENV=PROD DATABASE_URL="$url" \
    SELVBETJENING_MODE=development PUBLIC_URL="$BASE" RUST_LOG="${BENCH_RUST_LOG:-warn}" \
    "$SERVER_BIN" >>"$log" 2>&1 &
  SERVER_PID=$!
  local t0=$SECONDS code
  while :; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      _bench_log "server exited during start-up; its log:" >&2
      tail -n 30 "$log" >&2
      SERVER_PID=""
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/" || true)
    [ "$code" = 200 ] && return 0
    if [ $((SECONDS - t0)) -ge 120 ]; then
      _bench_log "server not answering after 120 s (last status $code); its log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
}

bench_stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
