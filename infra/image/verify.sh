#!/usr/bin/env bash
# verify.sh [IMAGE.tar] — runs the image `make image` built, the way a container runtime would, without one:
# unpacks its layers into a root file system, then runs the image's own entrypoint, working directory, user and
# environment under chroot, with the root file system read-only and a fresh /tmp (as infra/k8s runs it).
# Checks, against a fresh database: the migration step (PMOS_MIGRATE_ONLY=true) applies the schema and exits 0;
# then PMOS serves /api/health, the SPA and /q/health/ready on the management port, as a non-root user.
# Needs root (chroot, mounts). Environment: PMOS_IMAGE_DB_NAME (pmos_image), PMOS_IMAGE_PORT (18180),
# PMOS_IMAGE_MANAGEMENT_PORT (18184), PMOS_DB_* as for ensure-postgres.sh.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
IMAGE="${1:-$REPO_DIR/backend/target/pmos-image.tar}"
DB_NAME="${PMOS_IMAGE_DB_NAME:-pmos_image}"
PORT="${PMOS_IMAGE_PORT:-18180}"
MANAGEMENT_PORT="${PMOS_IMAGE_MANAGEMENT_PORT:-18184}"
log() { printf '[image] %s\n' "$*" >&2; }
fail() { printf '[image] FAILED: %s\n' "$*" >&2; exit 1; }
[[ -s "$IMAGE" ]] || fail "$IMAGE is missing: run 'make image' first"
[[ $EUID -eq 0 ]] || fail "needs root (chroot and mounts)"

work="$(mktemp -d)"
root="$work/rootfs"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/image" "$root"
tar -xf "$IMAGE" -C "$work/image"
# Layers in manifest order; this image has no whiteout files (checked, not assumed).
mapfile -t layers < <(node -e 'for (const l of JSON.parse(require("fs").readFileSync(process.argv[1]))[0].Layers) console.log(l)' "$work/image/manifest.json")
for layer in "${layers[@]}"; do
  if tar -tzf "$work/image/$layer" --warning=no-unknown-keyword | grep -q '\.wh\.'; then fail "layer $layer has whiteouts, which this script does not apply"; fi
  tar -xzf "$work/image/$layer" -C "$root" --numeric-owner --warning=no-unknown-keyword
done
config="$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1]))[0]; console.log(m.Config)' "$work/image/manifest.json")"
eval "$(node -e '
  const c = JSON.parse(require("fs").readFileSync(process.argv[1])).config;
  const q = (s) => "\x27" + String(s).replace(/\x27/g, "\x27\\\x27\x27") + "\x27";
  console.log("entrypoint=(" + c.Entrypoint.map(q).join(" ") + ")");
  console.log("image_env=(" + (c.Env || []).map(q).join(" ") + ")");
  console.log("workdir=" + q(c.WorkingDir || "/"));
  console.log("user=" + q(c.User || "0"));
' "$work/image/$config")"
log "entrypoint: ${entrypoint[*]} (user $user, working directory $workdir)"
[[ "$user" != 0 && "$user" != root* ]] || fail "the image runs as root"
uid="${user%%:*}"
gid="${user#*:}"; [[ "$gid" != "$user" ]] || gid="$uid"
[[ -f "$root/work/quarkus-run.jar" || -f "$root$workdir/quarkus-run.jar" ]] || fail "no quarkus-run.jar in $workdir"
app_jar_listing="$(unzip -l "$root$workdir"/app/pmos-backend-*.jar)"
[[ "$app_jar_listing" == *META-INF/resources/index.html* ]] || fail "the SPA (META-INF/resources/index.html) is not in the image's application jar"

export PGPASSWORD="${PMOS_DB_PASSWORD:-}"
"$REPO_DIR/infra/scripts/ensure-postgres.sh" postgres >/dev/null
psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d postgres \
  -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"
"$REPO_DIR/infra/scripts/ensure-postgres.sh" "$DB_NAME"

# The settings infra/k8s gives the container; the JVM sees only these and the image's own environment.
secret_key="$(head -c 32 /dev/urandom | base64)"
app_env=(PMOS_DB_HOST="${PMOS_DB_HOST:-127.0.0.1}" PMOS_DB_PORT="${PMOS_DB_PORT:-5432}" PMOS_DB_NAME="$DB_NAME"
  PMOS_DB_USER="${PMOS_DB_USER:-postgres}" PMOS_DB_PASSWORD="${PMOS_DB_PASSWORD:-}" PMOS_SECRET_KEY="$secret_key"
  PMOS_HTTP_PORT="$PORT" PMOS_MANAGEMENT_PORT="$MANAGEMENT_PORT" PMOS_HTTP_HOST=127.0.0.1 PMOS_BEHIND_PROXY=true)
run_image() { # [NAME=VALUE...]: the entrypoint in its own mount namespace, read-only root, tmpfs /tmp, host /proc
  local unshare_bin; unshare_bin="$(command -v unshare)"
  # exec all the way down: the caller's process becomes the JVM, so killing it stops PMOS
  exec unshare --mount --propagation private -- bash -c '
    set -e; root="$1"; shift
    mount --bind "$root" "$root"; mount -o remount,bind,ro "$root" "$root"
    mount -t tmpfs -o mode=1777,size=256m tmpfs "$root/tmp"
    mount --rbind /proc "$root/proc"
    exec env -i "$@"
  ' run-image "$root" "${image_env[@]}" "${app_env[@]}" "$@" \
    "$unshare_bin" --root="$root" --wd="$workdir" --setgid="$gid" --setuid="$uid" -- "${entrypoint[@]}"
}
mkdir -p "$root/proc" "$root/tmp"

log "migration step: PMOS_MIGRATE_ONLY=true"
started=$SECONDS
if ! timeout 180 bash -c "$(declare -f run_image); $(declare -p root image_env app_env workdir uid gid entrypoint); run_image PMOS_MIGRATE_ONLY=true" >"$work/migrate.log" 2>&1; then
  tail -n 30 "$work/migrate.log" >&2; fail "the migration step did not exit 0"
fi
applied="$(psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d "$DB_NAME" -Atc \
  "SELECT count(*) FROM flyway_schema_history WHERE success")"
expected="$(ls "$REPO_DIR"/backend/src/main/resources/db/migration/V*.sql | wc -l)"
[[ "$applied" == "$expected" ]] || fail "the migration step applied $applied migrations, expected $expected"
# it stops without having served: no "started in ... Listening on" line, the exit after the init tasks instead
if grep -q 'Listening on' "$work/migrate.log" || ! grep -q 'Successfully applied\|is up to date' "$work/migrate.log"; then
  tail -n 20 "$work/migrate.log" >&2; fail "the migration step served requests or did not migrate"
fi
log "migration step: $applied migrations applied, exited 0 in $((SECONDS - started))s"

log "starting PMOS from the image on port $PORT (management $MANAGEMENT_PORT)"
run_image >"$work/pmos.log" 2>&1 &
pid=$!
if ! "$REPO_DIR/infra/scripts/wait-http.sh" "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 90; then
  tail -n 40 "$work/pmos.log" >&2; fail "PMOS from the image did not become ready"
fi
health="$(curl -fsS "http://127.0.0.1:$PORT/api/health")"
[[ "$health" == *'"ok":true'* ]] || fail "/api/health answered $health"
curl -fsS "http://127.0.0.1:$PORT/" | grep -qi '<div id="root"' || fail "the SPA index is not served"
curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/q/health/live" >/dev/null || fail "/q/health/live did not answer"
[[ "$(readlink "/proc/$pid/root")" == "$root" ]] || fail "the started process is not the image's chrooted JVM"
java_uid="$(ps -o uid= -p "$pid" | tr -d ' ')"
[[ -n "$java_uid" && "$java_uid" == "$uid" ]] || fail "the JVM runs as uid '${java_uid:-?}', expected $uid"
grep -q -i 'read-only\|Read-only' "$work/pmos.log" && { grep -i 'read-only' "$work/pmos.log" >&2; fail "PMOS tried to write to the read-only root file system"; }
log "ok: /api/health $health, SPA index, /q/health/ready and /q/health/live; JVM uid $java_uid; read-only root"
