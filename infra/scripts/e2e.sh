#!/usr/bin/env bash
# e2e.sh — starts the built PMOS jar against a fresh, empty database on a spare port, runs the Playwright
# suite and then the production smoke suite (infra/smoke/run) against it, and stops it again (also on failure).
# Used by `make test-e2e`; fails when either fails.
#
# Environment: PMOS_E2E_DB_NAME (pmos_e2e), PMOS_E2E_PORT (18080), PMOS_E2E_FLOW_PIECES_PORT (18081),
# PMOS_E2E_MCP_PORT (18082), PMOS_E2E_OPENAI_PORT (18083), PMOS_E2E_MANAGEMENT_PORT (18084, health and metrics),
# PMOS_DB_* as for ensure-postgres.sh.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
DB_NAME="${PMOS_E2E_DB_NAME:-pmos_e2e}"
PORT="${PMOS_E2E_PORT:-18080}"
MANAGEMENT_PORT="${PMOS_E2E_MANAGEMENT_PORT:-18084}"
JAR="$REPO_DIR/backend/target/quarkus-app/quarkus-run.jar"
LOG_DIR="$REPO_DIR/web-ui/test-results"
LOG="$LOG_DIR/e2e-backend.log"

[ -f "$JAR" ] || { echo "[e2e] $JAR is missing: run 'make build' first" >&2; exit 1; }
mkdir -p "$LOG_DIR"

# the project-local cluster's password when none is given (as the Makefile does); PMOS reads PMOS_DB_PASSWORD
export PMOS_DB_PASSWORD="${PMOS_DB_PASSWORD:-$("$SCRIPT_DIR/ensure-postgres.sh" --password)}"
export PGPASSWORD="$PMOS_DB_PASSWORD"
"$SCRIPT_DIR/ensure-postgres.sh" postgres >/dev/null
echo "[e2e] fresh database $DB_NAME" >&2
psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d postgres \
  -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"
"$SCRIPT_DIR/ensure-postgres.sh" "$DB_NAME"

# Local Flow Pieces and MCP server of its own (ports apart from `make run`'s), and a fake OpenAI models endpoint.
export PMOS_LOCAL_FLOW_PIECES_PORT="${PMOS_E2E_FLOW_PIECES_PORT:-18081}"
export PMOS_LOCAL_MCP_PORT="${PMOS_E2E_MCP_PORT:-18082}"
export PMOS_LOCAL_RUN_DIR="$LOG_DIR/run" PMOS_LOCAL_LOG_DIR="$LOG_DIR"
export PMOS_LOCAL_FLOW_PIECES_DATA="$LOG_DIR/flow-pieces.json"
rm -f "$PMOS_LOCAL_FLOW_PIECES_DATA"
OPENAI_PORT="${PMOS_E2E_OPENAI_PORT:-18083}"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  "$SCRIPT_DIR/local-services.sh" stop || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
eval "$("$SCRIPT_DIR/local-services.sh" start)"
PORT="$OPENAI_PORT" node "$REPO_DIR/infra/fakes/openai-models.mjs" >"$LOG_DIR/fake-openai.log" 2>&1 &
PIDS+=($!)
export PMOS_E2E_OPENAI_URL="http://127.0.0.1:$OPENAI_PORT/v1"

echo "[e2e] starting PMOS on port $PORT (log: $LOG)" >&2
# the local stand-ins and the fake model listen on 127.0.0.1, which the outbound address policy refuses by default
PMOS_DB_NAME="$DB_NAME" PMOS_HTTP_PORT="$PORT" PMOS_HTTP_HOST=127.0.0.1 PMOS_OUTBOUND_ALLOW_PRIVATE=true PMOS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
  PMOS_SECRET_KEY_FILE="$LOG_DIR/e2e-secret.key" java -jar "$JAR" >"$LOG" 2>&1 &
PIDS+=($!)

if ! "$SCRIPT_DIR/wait-http.sh" "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 90; then
  echo "[e2e] PMOS did not become ready; last log lines:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
fi

cd "$REPO_DIR/web-ui"
PMOS_BASE_URL="http://127.0.0.1:$PORT" npx --no-install playwright test

# The smoke suite as an operator runs it after a deploy: a throwaway account (the local presets connected), every
# connector test must pass here (--strict-connectors), and the Flow Pieces the instance fronts must answer.
echo "[e2e] smoke suite (infra/smoke/run) against the same instance" >&2
"$REPO_DIR/infra/smoke/run" --url "http://127.0.0.1:$PORT" --management-url "http://127.0.0.1:$MANAGEMENT_PORT" \
  --flow-pieces-url "$PMOS_LOCAL_FLOW_PIECES_URL" --strict-connectors
