#!/usr/bin/env bash
# rollback-drill.sh — the rehearsed rollback of docs/runbook.md, run by `make test-drill`:
#   1. build the previous release (rule below; cached under backend/target/rollback-drill/<commit>/),
#   2. start it on a fresh database and create data through the API (rollback-drill.mjs seed),
#   3. stop it, start the current build on the same database (Flyway migrates), check the data, decide the waiting
#      approval,
#   4. stop it, start the previous build again on the new schema (the rollback), run the smoke suite when
#      infra/smoke/run exists, check the data again, stop,
#   5. start the current build on a schema with a migration newer than its own (the next release's rollback), check,
#   6. dump the database, drop it, restore the dump with the saved master key, start the current build, check.
# Every PMOS process, the local stand-ins and the temporary git worktree are stopped/removed on exit, also on failure.
#
# "Previous release": PMOS_DRILL_PREVIOUS (any commit) when set; else the newest `v*` tag before HEAD when tags exist;
# else the first parent of the newest commit on HEAD's first-parent history that changed
# backend/src/main/resources/db/migration (i.e. main as it was before the latest schema change was merged).
# Needs the full git history (a shallow clone fails with a clear message).
#
# Environment: PMOS_DRILL_DB_NAME (pmos_drill), PMOS_DRILL_PORT (18090), PMOS_DRILL_FLOW_PIECES_PORT (18091),
# PMOS_DRILL_MCP_PORT (18092), PMOS_DRILL_MANAGEMENT_PORT (18094), PMOS_DB_* as for ensure-postgres.sh.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
DB_NAME="${PMOS_DRILL_DB_NAME:-pmos_drill}"
PORT="${PMOS_DRILL_PORT:-18090}"
MANAGEMENT_PORT="${PMOS_DRILL_MANAGEMENT_PORT:-18094}"
MIGRATIONS=backend/src/main/resources/db/migration
CURRENT_APP="$REPO_DIR/backend/target/quarkus-app"
WORK="$REPO_DIR/backend/target/rollback-drill"
LOG_DIR="$WORK/logs"
STATE="$LOG_DIR/state.json"
START_TIMEOUT=120
START_SECONDS=$SECONDS

log() { printf '[drill] %s\n' "$*" >&2; }
die() { printf '[drill] ERROR: %s\n' "$*" >&2; exit 1; }
step() { log "$(printf '%3ds' $((SECONDS - START_SECONDS))) $*"; }

[[ -f $CURRENT_APP/quarkus-run.jar ]] || die "$CURRENT_APP/quarkus-run.jar is missing: run 'make build' first"
mkdir -p "$LOG_DIR"

# --- which commit is the previous release ---------------------------------------------------------------------
cd "$REPO_DIR"
if [[ $(git rev-parse --is-shallow-repository 2>/dev/null) == true ]]; then
  die "this clone is shallow; the drill builds an older commit and needs the full history (git fetch --unshallow)"
fi
if [[ -n ${PMOS_DRILL_PREVIOUS:-} ]]; then
  previous_ref="$PMOS_DRILL_PREVIOUS"; rule="PMOS_DRILL_PREVIOUS"
elif tag="$(git describe --tags --abbrev=0 --match 'v*' HEAD^ 2>/dev/null)"; then
  previous_ref="$tag"; rule="the newest tag before HEAD"
else
  latest="$(git log --first-parent -1 --format=%H HEAD -- "$MIGRATIONS")"
  [[ -n $latest ]] || die "no commit on HEAD's history changed $MIGRATIONS"
  previous_ref="$latest^1"; rule="the commit before ${latest:0:10}, the latest schema change"
fi
PREVIOUS="$(git rev-parse --verify -q "$previous_ref^{commit}")" \
  || die "the previous release $previous_ref is not in this clone (a shallow or partial clone? fetch the full history)"
step "previous release: ${PREVIOUS:0:10} ($rule): $(git log -1 --format=%s "$PREVIOUS" | cut -c1-80)"

# --- processes, cleaned up on any exit ----------------------------------------------------------------------------
PMOS_PID=""
WORKTREE=""
export PMOS_LOCAL_FLOW_PIECES_PORT="${PMOS_DRILL_FLOW_PIECES_PORT:-18091}"
export PMOS_LOCAL_MCP_PORT="${PMOS_DRILL_MCP_PORT:-18092}"
export PMOS_LOCAL_RUN_DIR="$LOG_DIR/run" PMOS_LOCAL_LOG_DIR="$LOG_DIR"
export PMOS_LOCAL_FLOW_PIECES_DATA="$LOG_DIR/flow-pieces.json"
stop_pmos() {
  [[ -n $PMOS_PID ]] || return 0
  kill "$PMOS_PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$PMOS_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$PMOS_PID" 2>/dev/null || true
  wait "$PMOS_PID" 2>/dev/null || true
  PMOS_PID=""
}
cleanup() {
  local status=$?
  stop_pmos
  "$SCRIPT_DIR/local-services.sh" stop >/dev/null 2>&1 || true
  if [[ -n $WORKTREE ]]; then
    git -C "$REPO_DIR" worktree remove --force "$WORKTREE" >/dev/null 2>&1 || rm -rf "$WORKTREE"
    git -C "$REPO_DIR" worktree prune || true
  fi
  if [[ $status -ne 0 ]]; then log "FAILED after $((SECONDS - START_SECONDS))s; logs in ${LOG_DIR#"$REPO_DIR"/}"; fi
}
trap cleanup EXIT

# --- the previous release's build (backend + its own SPA), cached per commit ------------------------------------
PREVIOUS_APP="$WORK/$PREVIOUS/quarkus-app"
if [[ -f $PREVIOUS_APP/quarkus-run.jar ]]; then
  step "previous build cached in ${PREVIOUS_APP#"$REPO_DIR"/}"
else
  step "building ${PREVIOUS:0:10} in a temporary worktree"
  WORKTREE="$(mktemp -d "${TMPDIR:-/tmp}/pmos-drill-XXXXXX")"
  git worktree add --detach -q "$WORKTREE" "$PREVIOUS"
  # Its SPA (the smoke suite checks the index and a deep link): the current node_modules when the lock file is the
  # same, else its own npm ci.
  if [[ -d $REPO_DIR/web-ui/node_modules ]] && cmp -s "$REPO_DIR/web-ui/package-lock.json" "$WORKTREE/web-ui/package-lock.json"; then
    ln -s "$REPO_DIR/web-ui/node_modules" "$WORKTREE/web-ui/node_modules"
  else
    (cd "$WORKTREE/web-ui" && timeout 300 npm ci --no-audit --no-fund >"$LOG_DIR/previous-npm.log" 2>&1) \
      || die "npm ci of the previous SPA failed (see ${LOG_DIR#"$REPO_DIR"/}/previous-npm.log)"
  fi
  # vite alone: that release's type check already ran in its own CI
  (cd "$WORKTREE/web-ui" && timeout 300 npx --no-install vite build >"$LOG_DIR/previous-web.log" 2>&1) \
    || die "the previous SPA did not build (see ${LOG_DIR#"$REPO_DIR"/}/previous-web.log)"
  if ! (cd "$WORKTREE/backend" && timeout 300 mvn -o -B -ntp -q package -DskipTests >"$LOG_DIR/previous-build.log" 2>&1); then
    step "offline build failed (Maven cache incomplete?); building online"
    (cd "$WORKTREE/backend" && timeout 600 mvn -B -ntp -q package -DskipTests >"$LOG_DIR/previous-build.log" 2>&1) \
      || die "the previous release did not build (see ${LOG_DIR#"$REPO_DIR"/}/previous-build.log)"
  fi
  rm -rf "$WORK/$PREVIOUS"
  mkdir -p "$WORK/$PREVIOUS"
  cp -r "$WORKTREE/backend/target/quarkus-app" "$PREVIOUS_APP"
  git worktree remove --force "$WORKTREE"
  WORKTREE=""
  step "previous build ready"
fi

# --- a fresh database and the local stand-ins ----------------------------------------------------------------------
export PGPASSWORD="${PMOS_DB_PASSWORD:-}"
"$SCRIPT_DIR/ensure-postgres.sh" postgres >/dev/null
psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d postgres \
  -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"
"$SCRIPT_DIR/ensure-postgres.sh" "$DB_NAME" >/dev/null
rm -f "$PMOS_LOCAL_FLOW_PIECES_DATA" "$LOG_DIR/secret.key" "$STATE" "$LOG_DIR"/pmos-*.log
eval "$("$SCRIPT_DIR/local-services.sh" start)"

# Starts one build on the drill database. Readiness: the management port (releases from issue 8 on) or /q/health on
# the public port (earlier releases); a process that exits (e.g. Flyway refusing the schema) fails at once.
start_pmos() {
  local app="$1" label="$2" log="$LOG_DIR/pmos-$2.log"
  shift 2
  step "starting the $label build${*:+ with $*}"
  env "$@" PMOS_DB_NAME="$DB_NAME" PMOS_HTTP_PORT="$PORT" PMOS_HTTP_HOST=127.0.0.1 PMOS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
    PMOS_OUTBOUND_ALLOW_PRIVATE=true PMOS_SECRET_KEY_FILE="$LOG_DIR/secret.key" \
    java -jar "$app/quarkus-run.jar" >"$log" 2>&1 </dev/null &
  PMOS_PID=$!
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$PMOS_PID" 2>/dev/null; then
      PMOS_PID=""
      tail -n 40 "$log" >&2
      die "the $label build exited during start-up (log: ${log#"$REPO_DIR"/})"
    fi
    for url in "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" "http://127.0.0.1:$PORT/q/health/ready"; do
      if curl -sf -o /dev/null --max-time 2 "$url"; then
        HEALTH_URL="$url"
        step "$label build ready ($url)"
        return 0
      fi
    done
    sleep 0.5
  done
  tail -n 40 "$log" >&2
  die "the $label build was not ready within ${START_TIMEOUT}s"
}

applied_migrations() {
  psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d "$DB_NAME" -Atqc \
    "SELECT string_agg(version, ' ' ORDER BY installed_rank) FROM flyway_schema_history WHERE success"
}

data() { timeout 180 node "$SCRIPT_DIR/rollback-drill.mjs" "$@"; }

# --- 1. the previous release, with data -----------------------------------------------------------------------------
start_pmos "$PREVIOUS_APP" previous
step "schema: $(applied_migrations)"
data seed "http://127.0.0.1:$PORT" "$STATE"
stop_pmos

# --- 2. upgrade -----------------------------------------------------------------------------------------------------
start_pmos "$CURRENT_APP" current
step "schema after the upgrade: $(applied_migrations)"
data check "http://127.0.0.1:$PORT" "$STATE" --decide
stop_pmos

# --- 3. roll back: the previous build on the new schema -----------------------------------------------------------
# Flyway refuses to start on a schema with migrations it does not know ("applied migration not resolved locally")
# unless told to ignore future ones. Releases that predate quarkus.flyway.ignore-migration-patterns=*:future are
# rolled back with it in their environment (docs/runbook.md "Roll back"); later ones carry it themselves.
rollback_env=()
if ! git show "$PREVIOUS:backend/src/main/resources/application.properties" | grep -q '^quarkus.flyway.ignore-migration-patterns=.*\*:future'; then
  step "NOTE: ${PREVIOUS:0:10} predates ignore-migration-patterns=*:future; rolled back with it set in its environment"
  rollback_env=("QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS=*:future")
fi
start_pmos "$PREVIOUS_APP" rolled-back "${rollback_env[@]}"
if grep -q 'ERROR' "$LOG_DIR/pmos-rolled-back.log"; then
  grep 'ERROR' "$LOG_DIR/pmos-rolled-back.log" | head -5 >&2
  die "the rolled-back build logged errors at start-up"
fi
if [[ -x $REPO_DIR/infra/smoke/run ]]; then
  step "smoke suite against the rolled-back build"
  smoke_args=(--url "http://127.0.0.1:$PORT" --email drill-admin@example.test --password drill-horse-battery-staple
    --flow-pieces-url "$PMOS_LOCAL_FLOW_PIECES_URL")
  # releases before the management port answer /q/health on the public port
  smoke_args+=(--management-url "${HEALTH_URL%/q/health/ready}")
  timeout 180 "$REPO_DIR/infra/smoke/run" "${smoke_args[@]}"
else
  step "NOTE: infra/smoke/run does not exist on this branch; the smoke step is skipped"
fi
data check "http://127.0.0.1:$PORT" "$STATE"
stop_pmos

# --- 4. the next rollback: the current build on a schema one release newer than itself ------------------------------
# A migration it does not know stands in for the next release's; the current build must start and keep the data.
psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d "$DB_NAME" -v ON_ERROR_STOP=1 -qc \
  "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
   SELECT max(installed_rank) + 1, '999999', 'drill next release', 'SQL', 'V999999__drill_next_release.sql', 0, 'drill', 0, true
   FROM flyway_schema_history"
start_pmos "$CURRENT_APP" current-on-newer-schema
data check "http://127.0.0.1:$PORT" "$STATE"
stop_pmos

# --- 6. restore a backup: the database dump and the master key, together (docs/runbook.md "Restore a backup") -----
PG=(-h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}")
pg_dump "${PG[@]}" --format=custom --file="$LOG_DIR/backup.dump" "$DB_NAME"
cp "$LOG_DIR/secret.key" "$LOG_DIR/backup.key"
psql "${PG[@]}" -d postgres -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" -c "CREATE DATABASE \"$DB_NAME\""
rm -f "$LOG_DIR/secret.key"
pg_restore "${PG[@]}" --no-owner --exit-on-error --dbname="$DB_NAME" "$LOG_DIR/backup.dump"
cp "$LOG_DIR/backup.key" "$LOG_DIR/secret.key"
start_pmos "$CURRENT_APP" restored
data check "http://127.0.0.1:$PORT" "$STATE"
stop_pmos

step "rollback drill passed: ${PREVIOUS:0:10} -> $(git rev-parse --short=10 HEAD) -> ${PREVIOUS:0:10}, nothing lost"
