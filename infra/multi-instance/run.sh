#!/usr/bin/env bash
# run.sh — the two-instance test (`make test-multi`): a fresh database, the local Flow Pieces and MCP server on ports
# of their own, then `node --test` drives two PMOS processes of the built jar on that one database (it starts and
# kills them itself). Everything it started is stopped on the way out, also on failure or timeout.
#
# Environment: PMOS_MULTI_DB_NAME (pmos_multi), PMOS_MULTI_PORT_BASE (18180): instance A on +0 (management +4),
# instance B on +10 (management +14), local Flow Pieces +1, MCP server +2; PMOS_DB_* as for ensure-postgres.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$HERE/../.." && pwd)"
SCRIPTS="$REPO_DIR/infra/scripts"
DB_NAME="${PMOS_MULTI_DB_NAME:-pmos_multi}"
BASE="${PMOS_MULTI_PORT_BASE:-18180}"
OUT="$HERE/.out"
JAR="$REPO_DIR/backend/target/quarkus-app/quarkus-run.jar"

[ -f "$JAR" ] || { echo "[multi] $JAR is missing: run 'make build' first" >&2; exit 1; }
[ -d "$HERE/node_modules/ws" ] || (cd "$HERE" && npm ci --no-audit --no-fund >&2)
rm -rf "$OUT" && mkdir -p "$OUT"

"$SCRIPTS/fresh-database.sh" "$DB_NAME"

export PMOS_LOCAL_FLOW_PIECES_PORT=$((BASE + 1)) PMOS_LOCAL_MCP_PORT=$((BASE + 2))
export PMOS_LOCAL_RUN_DIR="$OUT/run" PMOS_LOCAL_LOG_DIR="$OUT" PMOS_LOCAL_FLOW_PIECES_DATA="$OUT/flow-pieces.json"

cleanup() {
  # the PMOS processes the test started (it removes their pid files when it stopped them itself)
  for f in "$OUT"/pmos-*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q quarkus-run.jar; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  "$SCRIPTS/local-services.sh" stop || true
}
trap cleanup EXIT
eval "$("$SCRIPTS/local-services.sh" start)"

cd "$HERE"
# in the background, so that a signal to this script is handled at once (a foreground child would defer it)
PMOS_MULTI_DB_NAME="$DB_NAME" PMOS_MULTI_PORT_BASE="$BASE" PMOS_MULTI_OUT="$OUT" PMOS_MULTI_JAR="$JAR" \
  timeout -k 5 240 node --test multi-instance.test.mjs &
TEST_PID=$!
trap 'kill -TERM "$TEST_PID" 2>/dev/null; exit 143' TERM
trap 'kill -TERM "$TEST_PID" 2>/dev/null; exit 130' INT
wait "$TEST_PID"
