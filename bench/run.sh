#!/usr/bin/env bash
# run.sh [full|smoke] — `make bench` (full: writes bench/results/<time>.json and docs/performance.md) and
# `make test-bench` (smoke: a few seconds per scenario, .local/bench/smoke.json, checked by report.mjs --check).
# Starts, on ports of its own and with a fresh database: the local Flow Pieces (and MCP server) through
# infra/scripts/local-services.sh, PMOS from the built jar, and the bare Vert.x baseline (bench/); then runs the load
# client (bench/, io.pmos.bench.Bench) against them, bounded in time. Everything it started is stopped on the way out.
#
# Environment: PMOS_BENCH_DB_NAME (pmos_bench), PMOS_BENCH_PORT_BASE (18580): PMOS on +0 (management +4), Flow Pieces
# +1, MCP server +2, baseline +10; BENCH_JAVA_OPTS (JVM options of both servers); BENCH_NOTE (a caveat printed in
# docs/performance.md); BENCH_BUDGET_SECONDS (460, smoke 80: the load client's time; fan-out points that would not fit
# are listed as not run); BENCH_FANOUT_SECONDS (5), BENCH_LONG_SECONDS (60: the 1,000 x 50/s point of the hub alone
# and of the baseline), BENCH_REST_SECONDS (3), BENCH_IDLE_SOCKETS (10000); PMOS_DB_* as for ensure-postgres.sh.
set -euo pipefail

MODE="${1:-full}"
[[ $MODE == full || $MODE == smoke ]] || { echo "usage: $(basename "$0") [full|smoke]" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$HERE/.." && pwd)"
SCRIPTS="$REPO_DIR/infra/scripts"
DB_NAME="${PMOS_BENCH_DB_NAME:-pmos_bench}"
BASE="${PMOS_BENCH_PORT_BASE:-18580}"
OUT="$REPO_DIR/.local/bench/$MODE"
JAR="$REPO_DIR/backend/target/quarkus-app/quarkus-run.jar"
BENCH_JAR="$HERE/target/pmos-bench.jar"
# the load client's time budget (it skips fan-out points that would not fit) and the hard bound on it: the whole run,
# start-up included, stays under 10 minutes
BUDGET="${BENCH_BUDGET_SECONDS:-$([[ $MODE == full ]] && echo 460 || echo 80)}"

log() { printf '[bench] %s\n' "$*" >&2; }
[ -f "$JAR" ] || { log "$JAR is missing: run 'make build' first"; exit 1; }
if [[ ! -f $BENCH_JAR || -n $(find "$HERE/pom.xml" "$HERE/src" -newer "$BENCH_JAR" -print -quit) ]]; then
  log "building the harness (bench/)"
  (cd "$HERE" && { mvn -B -ntp -o -q package || mvn -B -ntp -q package; }) >&2
fi
rm -rf "$OUT" && mkdir -p "$OUT"

"$SCRIPTS/fresh-database.sh" "$DB_NAME"

export PMOS_LOCAL_FLOW_PIECES_PORT=$((BASE + 1)) PMOS_LOCAL_MCP_PORT=$((BASE + 2))
export PMOS_LOCAL_RUN_DIR="$OUT/run" PMOS_LOCAL_LOG_DIR="$OUT" PMOS_LOCAL_FLOW_PIECES_DATA="$OUT/flow-pieces.json"

# Stops a process this script started, only while its command line is still the one it was started with.
stop_pid() {
  local pid="$1" marker="$2"
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do [[ -e /proc/$pid ]] || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
PMOS_PID="" BASELINE_PID="" CLIENT_PID=""
cleanup() {
  stop_pid "$CLIENT_PID" io.pmos.bench.Bench
  stop_pid "$BASELINE_PID" io.pmos.bench.Baseline
  stop_pid "$PMOS_PID" quarkus-run.jar
  "$SCRIPTS/local-services.sh" stop || true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
eval "$("$SCRIPTS/local-services.sh" start)"

now_ms() { echo $((${EPOCHREALTIME//[.,]/} / 1000)); }
# Polls URL every 50 ms until it answers 2xx (at most 90 s, or until the process exits); prints the milliseconds since START.
ready_after() {
  local url="$1" pid="$2" start="$3" log_file="$4"
  for _ in $(seq 1 1800); do
    if curl -sf -o /dev/null --max-time 1 "$url"; then echo $(($(now_ms) - start)); return 0; fi
    [[ -e /proc/$pid ]] || { log "the process exited; see $log_file"; tail -n 20 "$log_file" >&2; return 1; }
    sleep 0.05
  done
  log "$url did not answer within 90 s; see $log_file"
  return 1
}

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:-}"
start=$(now_ms)
PMOS_DB_NAME="$DB_NAME" PMOS_HTTP_PORT="$BASE" PMOS_HTTP_HOST=127.0.0.1 PMOS_MANAGEMENT_PORT=$((BASE + 4)) \
  PMOS_OUTBOUND_ALLOW_PRIVATE=true PMOS_SECRET_KEY_FILE="$OUT/secret.key" \
  java "${JAVA_OPTS[@]}" -jar "$JAR" >"$OUT/pmos.log" 2>&1 </dev/null &
PMOS_PID=$!
PMOS_STARTUP_MS=$(ready_after "http://127.0.0.1:$((BASE + 4))/q/health/ready" "$PMOS_PID" "$start" "$OUT/pmos.log")
log "PMOS ready after $PMOS_STARTUP_MS ms"

start=$(now_ms)
java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.pmos.bench.Baseline $((BASE + 10)) "$PMOS_LOCAL_FLOW_PIECES_URL" \
  "$PMOS_LOCAL_FLOW_PIECES_API_KEY" >"$OUT/baseline.log" 2>&1 </dev/null &
BASELINE_PID=$!
BASELINE_STARTUP_MS=$(ready_after "http://127.0.0.1:$((BASE + 10))/ready" "$BASELINE_PID" "$start" "$OUT/baseline.log")
log "baseline ready after $BASELINE_STARTUP_MS ms"

if [[ $MODE == full ]]; then
  RESULT="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).json"
  REPORT="$REPO_DIR/docs/performance.md"
else
  RESULT="$OUT/smoke.json"
  REPORT="$OUT/performance.md"
fi
BENCH_MODE="$MODE" BENCH_BUDGET_SECONDS="$BUDGET" BENCH_OUT="$RESULT" BENCH_DB_NAME="$DB_NAME" \
  BENCH_PMOS_URL="http://127.0.0.1:$BASE" BENCH_PMOS_PID="$PMOS_PID" BENCH_PMOS_STARTUP_MS="$PMOS_STARTUP_MS" \
  BENCH_BASELINE_URL="http://127.0.0.1:$((BASE + 10))" BENCH_BASELINE_PID="$BASELINE_PID" \
  BENCH_BASELINE_STARTUP_MS="$BASELINE_STARTUP_MS" \
  BENCH_FP_URL="$PMOS_LOCAL_FLOW_PIECES_URL" BENCH_FP_KEY="$PMOS_LOCAL_FLOW_PIECES_API_KEY" \
  BENCH_FP_PID="$(cat "$OUT/run/flow-pieces.pid")" \
  BENCH_QUARKUS_VERSION="$(sed -n 's|.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*|\1|p' "$REPO_DIR/backend/pom.xml")" \
  BENCH_NODE_VERSION="$(node -v)" \
  timeout -k 10 $((BUDGET + 30)) java -cp "$BENCH_JAR" io.pmos.bench.Bench &
CLIENT_PID=$!
status=0
wait "$CLIENT_PID" || status=$?
CLIENT_PID=""
[[ -f $RESULT ]] || { log "the load client wrote no results (exit $status)"; exit 1; }

if [[ $MODE == full ]]; then
  # also after a failure: the table then says what failed
  node "$HERE/report.mjs" "$RESULT" "$REPORT"
  log "results: $RESULT; table: $REPORT"
else
  node "$HERE/report.mjs" "$RESULT" "$REPORT" --check
fi
exit "$status"
