#!/usr/bin/env bash
# ensure-postgres.sh DBNAME [DBNAME...]
# ensure-postgres.sh --password   (prints the project-local cluster's password, generating it when missing)
#
# Makes sure a PostgreSQL server answers at PMOS_DB_HOST:PMOS_DB_PORT and that
# every named database exists. Idempotent; when everything is already there it
# only runs two quick queries.
#
#   1. psql connects                      -> create the missing databases.
#   2. local host, nothing usable answers -> (serialised by a lock)
#      a. a Debian cluster is configured for PMOS_DB_PORT -> start it
#         (pg_ctlcluster --skip-systemctl-redirect), wait, check the login;
#      b. no server binaries -> apt-get install postgresql (a cluster that the
#         install auto-creates on our port and that refuses the login is
#         dropped again: it is brand new and empty);
#      c. otherwise a project-local cluster in PMOS_PG_DATA, initialised and
#         started as the postgres system user: TCP logins need a password
#         (scram-sha-256; PMOS_DB_PASSWORD, else one generated into the 0600 file
#         PMOS_DB_PASSWORD_FILE), the Unix socket admits only the same-named OS
#         user (peer). A cluster an earlier version left on trust is tightened.
#   3. remote host that does not answer   -> exit 1.
#
# Environment: PMOS_DB_HOST (127.0.0.1), PMOS_DB_PORT (5432),
# PMOS_DB_USER (postgres), PMOS_DB_PASSWORD (empty: the password file's, when
# it exists), PMOS_DB_PASSWORD_FILE (<repo>/.local/pg-password), PMOS_PG_DATA
# (<repo>/.local/pgdata), PMOS_PG_WAIT (30, seconds to wait for a start).
# Messages go to stderr, prefixed "[postgres]".
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"

DB_HOST="${PMOS_DB_HOST:-127.0.0.1}"
DB_PORT="${PMOS_DB_PORT:-5432}"
DB_USER="${PMOS_DB_USER:-postgres}"
PW_FILE="${PMOS_DB_PASSWORD_FILE:-$REPO_DIR/.local/pg-password}"
export PGPASSWORD="${PMOS_DB_PASSWORD:-}"
# Outside make (which exports it), a password the project-local cluster was given earlier.
[[ -n $PGPASSWORD || ! -r $PW_FILE ]] || PGPASSWORD="$(tr -d '\n' <"$PW_FILE")"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"
WAIT_SECS="${PMOS_PG_WAIT:-30}"
DEFAULT_PG_DATA="$REPO_DIR/.local/pgdata"
SOCKET_DIR=/tmp
FALLBACK_PG_DATA=/var/lib/postgresql/pmos-pgdata
NAME_RE='^[A-Za-z0-9_][A-Za-z0-9_.-]*$'

PSQL="" PG_ISREADY="" MAINT_DB=postgres PG_OUT="" LAST_ERR=""
PORT_HOLDER="" NEW_CLUSTERS="" PG_DATA="" APT_UPDATED=""
DBS=()

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { printf '[postgres] ERROR: %s\n' "$*" >&2; exit 1; }

is_local_host() { case "$DB_HOST" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# Newest /usr/lib/postgresql/<ver>/bin/<tool> (calling it directly avoids the
# ~0.1 s perl start-up of Debian's pg_wrapper).
newest_pg_bin() { compgen -G "/usr/lib/postgresql/*/bin/$1" 2>/dev/null | sort -V | tail -n1 || true; }
server_bindir() { local p; p="$(newest_pg_bin postgres)"; [[ -n $p ]] && dirname "$p" || true; }

resolve_tools() {
  PSQL="$(newest_pg_bin psql)"
  [[ -n $PSQL ]] || PSQL="$(command -v psql || true)"
  PG_ISREADY="$(newest_pg_bin pg_isready)"
  [[ -n $PG_ISREADY ]] || PG_ISREADY="$(command -v pg_isready || true)"
}

# Runs one SQL command as the configured user. Result in PG_OUT, first error
# line in LAST_ERR.
pg_sql() {
  local out
  if out="$("$PSQL" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$MAINT_DB" \
    -w -X -q -At -v ON_ERROR_STOP=1 -c "$1" </dev/null 2>&1)"; then
    PG_OUT="$out"
    return 0
  fi
  LAST_ERR="${out%%$'\n'*}"
  LAST_ERR="${LAST_ERR#psql: error: }"
  return 1
}

can_connect() {
  if [[ -z $PSQL ]]; then LAST_ERR="psql is not installed"; return 1; fi
  MAINT_DB=postgres
  pg_sql 'SELECT 1' && return 0
  if [[ $LAST_ERR == *'database "postgres" does not exist'* ]]; then
    MAINT_DB=template1
    pg_sql 'SELECT 1' && return 0
  fi
  return 1
}

tcp_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$DB_HOST" "$DB_PORT" 2>/dev/null; }

# up | starting | down
server_state() {
  local rc=0
  if [[ -n $PG_ISREADY ]]; then
    "$PG_ISREADY" -h "$DB_HOST" -p "$DB_PORT" -t 3 -q </dev/null || rc=$?
    case $rc in 0) echo up ;; 1) echo starting ;; *) echo down ;; esac
  elif tcp_open; then echo up; else echo down; fi
}

wait_ready() {
  local deadline=$((SECONDS + ${1:-$WAIT_SECS}))
  while [[ $(server_state) != up ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  elif [[ $(id -un) == postgres ]]; then
    (cd / && "$@")
  else
    die "need root (or the postgres system user) to run $(basename "$1"); run as root or start PostgreSQL yourself"
  fi
}

# Runs "$@" with only stdin/stdout/stderr open, so that servers it starts do
# not inherit (and keep open) our lock fds or pipes of the calling CI runner.
without_extra_fds() {
  (
    for fd in /proc/self/fd/*; do
      fd="${fd##*/}"
      ((fd <= 2)) || eval "exec $fd>&-" 2>/dev/null || true
    done
    "$@"
  )
}

apt_install() {
  [[ $EUID -eq 0 ]] || die "$* is needed but not installed, and installing it needs root: run as root or 'apt-get install $*'"
  command -v apt-get >/dev/null || die "$* is needed but not installed, and apt-get is not available"
  # Daemons started by postinst scripts must not inherit lock fds (flock -o,
  # without_extra_fds).
  local lock=/run/lock/pmos-apt.lock
  [[ -d /run/lock && -w /run/lock ]] || lock="${TMPDIR:-/tmp}/pmos-apt.lock"
  if [[ -z $APT_UPDATED ]]; then
    log "apt-get update"
    without_extra_fds flock -o -w 900 "$lock" apt-get -q -o DPkg::Lock::Timeout=300 update </dev/null >&2 ||
      log "apt-get update failed; trying the install with the existing package lists"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  without_extra_fds env DEBIAN_FRONTEND=noninteractive flock -o -w 900 "$lock" \
    apt-get -q -y --no-install-recommends -o DPkg::Lock::Timeout=300 install "$@" </dev/null >&2 ||
    die "apt-get install $* failed"
}

# "ver name port status" per Debian cluster.
list_clusters() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters -h 2>/dev/null | awk '{print $1, $2, $3, $4}' || true
}

install_postgresql() {
  local before after
  before="$(list_clusters)"
  log "PostgreSQL server binaries not found; installing them"
  apt_install postgresql
  resolve_tools
  [[ -n $(server_bindir) ]] || die "apt-get install postgresql finished but /usr/lib/postgresql/*/bin/postgres is still missing"
  after="$(list_clusters)"
  NEW_CLUSTERS="$(comm -13 <(awk 'NF {print $1 "/" $2}' <<<"$before" | sort) <(awk 'NF {print $1 "/" $2}' <<<"$after" | sort))"
  local c
  for c in $NEW_CLUSTERS; do
    log "the package install created Debian cluster $c (port $(awk -v c="$c" '$1 "/" $2 == c {print $3}' <<<"$after"))"
  done
}

# 2a: start the Debian cluster configured for our port (if any), then check the login.
try_debian_cluster() {
  local line ver name status
  line="$(list_clusters | awk -v p="$DB_PORT" '$3 == p {print; exit}')"
  [[ -n $line ]] || return 1
  read -r ver name _ status <<<"$line"
  if [[ $status != online* ]]; then
    log "starting Debian cluster $ver/$name (port $DB_PORT)"
    if ! without_extra_fds pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start </dev/null >&2; then
      log "could not start cluster $ver/$name; trying a project-local cluster instead"
      return 1
    fi
  fi
  if ! wait_ready "$WAIT_SECS"; then
    log "cluster $ver/$name does not answer on $DB_HOST:$DB_PORT after ${WAIT_SECS}s"
    return 1
  fi
  if can_connect; then
    log "using Debian cluster $ver/$name"
    return 0
  fi
  if grep -qxF "$ver/$name" <<<"$NEW_CLUSTERS"; then
    log "cluster $ver/$name, just created by the install, refuses user $DB_USER over TCP ($LAST_ERR); dropping it (it is empty) to use a project-local cluster"
    pg_dropcluster --stop "$ver" "$name" </dev/null >&2 || die "pg_dropcluster $ver $name failed"
    return 1
  fi
  PORT_HOLDER="Debian cluster $ver/$name (left running)"
  log "cluster $ver/$name answers but refuses user $DB_USER over TCP ($LAST_ERR)"
  return 1
}

# Port of our own cluster if one is running in DIR (postmaster.pid, line 4).
running_port_of() {
  local pidfile="$1/postmaster.pid" pid
  [[ -r $pidfile ]] || return 1
  pid="$(sed -n 1p "$pidfile")"
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  sed -n 4p "$pidfile"
}

own_data_candidates() {
  if [[ -n ${PMOS_PG_DATA:-} ]]; then echo "$PMOS_PG_DATA"; else printf '%s\n' "$DEFAULT_PG_DATA" "$FALLBACK_PG_DATA"; fi
}

# Creates/validates DIR as a data directory owned by postgres; 1 = not reachable.
prepare_data_dir() {
  local dir="$1" anc
  anc="$(dirname "$dir")"
  while [[ ! -d $anc ]]; do anc="$(dirname "$anc")"; done
  as_pg test -x "$anc" || return 1
  (umask 022 && mkdir -p "$(dirname "$dir")")
  if [[ ! -d $dir ]]; then
    mkdir -m 700 "$dir"
    [[ $EUID -ne 0 ]] || chown postgres:postgres "$dir"
  elif [[ ! -f $dir/PG_VERSION ]]; then
    [[ -z $(ls -A "$dir") ]] || die "$dir exists, is not empty and is not a PostgreSQL data directory; remove it or set PMOS_PG_DATA"
    [[ $EUID -ne 0 ]] || chown postgres:postgres "$dir"
    chmod 700 "$dir"
  fi
  as_pg test -w "$dir" -a -x "$dir" || return 1
}

# Prints the password for the project-local cluster: PMOS_DB_PASSWORD when given, else the password file's,
# generated (random, 0600) on first use. Never logged.
cluster_password() {
  if [[ -n ${PMOS_DB_PASSWORD:-} ]]; then printf '%s' "$PMOS_DB_PASSWORD"; return; fi
  if [[ ! -s $PW_FILE ]]; then
    (umask 077 && mkdir -p "$(dirname "$PW_FILE")" &&
      head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$PW_FILE") ||
      die "could not write the password file $PW_FILE"
    log "generated a password for the project-local cluster into $PW_FILE (mode 0600)"
  fi
  tr -d '\n' <"$PW_FILE"
}

# SQL (stdin) as the postgres superuser over the cluster's Unix socket (peer: only the postgres OS user gets in),
# so that passwords never appear on a command line.
own_sql() {
  as_pg "$PSQL" -h "$SOCKET_DIR" -p "$DB_PORT" -U postgres -d postgres -w -X -q -At -v ON_ERROR_STOP=1
}

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

ensure_own_role() {
  [[ $DB_USER != postgres ]] || return 0
  [[ $DB_USER =~ $NAME_RE ]] || die "cannot create role '$DB_USER' in the project-local cluster (unusual characters)"
  if [[ $(own_sql <<<"SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'") != 1 ]]; then
    log "creating role $DB_USER (LOGIN CREATEDB, with the password) in the project-local cluster"
    own_sql <<<"CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD $(sql_literal "$PGPASSWORD")" >&2 ||
      die "could not create role $DB_USER"
  fi
}

# A project-local cluster made by an earlier version of this script trusted every TCP login from this machine
# (any local user could open it as postgres). Give the login user the password and require it.
TRUST_RE='^[[:space:]]*(local|host)[^#]*[[:space:]]trust([[:space:]]|$)'
secure_own_cluster() {
  local dir="$1" bindir="$2"
  grep -Eq "$TRUST_RE" "$dir/pg_hba.conf" 2>/dev/null || return 0
  if [[ $EUID -ne 0 && $(id -un) != postgres ]]; then
    log "WARNING: the project-local cluster in $dir trusts every local login; run this script once as root to require a password"
    return 0
  fi
  log "the project-local cluster in $dir trusts every local login; requiring a password on TCP (scram-sha-256) and the same OS user on its socket (peer)"
  own_sql <<<"SET password_encryption = 'scram-sha-256'; ALTER ROLE \"$DB_USER\" PASSWORD $(sql_literal "$PGPASSWORD")" >/dev/null ||
    die "could not set the password of $DB_USER in $dir"
  as_pg sed -i -E -e '/^[[:space:]]*local[[:space:]]/s/[[:space:]]trust([[:space:]]|$)/ peer\1/' \
    -e '/^[[:space:]]*host[[:space:]]/s/[[:space:]]trust([[:space:]]|$)/ scram-sha-256\1/' "$dir/pg_hba.conf" ||
    die "could not rewrite $dir/pg_hba.conf"
  as_pg "$bindir/pg_ctl" -D "$dir" reload >/dev/null || die "could not reload the project-local cluster in $dir"
}

# 2c: project-local cluster in PMOS_PG_DATA.
own_cluster() {
  local dir port bindir ver listen=127.0.0.1
  [[ $DB_HOST != ::1 ]] || listen=::1

  # Something already holds the port: fine only if it is our own cluster.
  if [[ $(server_state) != down ]] || tcp_open; then
    while read -r dir; do
      port="$(running_port_of "$dir")" || continue
      if [[ $port == "$DB_PORT" ]]; then
        log "project-local cluster in $dir is running on port $DB_PORT"
        wait_ready "$WAIT_SECS" || die "project-local cluster in $dir does not answer; see $dir/server.log"
        [[ -n $PGPASSWORD ]] || PGPASSWORD="$(cluster_password)"
        ensure_own_role
        secure_own_cluster "$dir" "/usr/lib/postgresql/$(<"$dir/PG_VERSION")/bin"
        can_connect || die "project-local cluster in $dir refuses user $DB_USER: $LAST_ERR"
        return 0
      fi
    done < <(own_data_candidates)
    if [[ -z $PORT_HOLDER ]]; then
      PORT_HOLDER="$(list_clusters | awk -v p="$DB_PORT" '$3 == p && $4 ~ /^online/ {print "Debian cluster " $1 "/" $2; exit}')"
    fi
    die "port $DB_PORT on $DB_HOST is taken by ${PORT_HOLDER:-a server} that refuses user '$DB_USER'${LAST_ERR:+ ($LAST_ERR)}. Set PMOS_DB_USER/PMOS_DB_PASSWORD to credentials that server accepts, or set PMOS_DB_PORT to a free port to get a project-local cluster there."
  fi

  id postgres >/dev/null 2>&1 || die "system user 'postgres' does not exist (is the postgresql package installed?)"
  command -v runuser >/dev/null || [[ $EUID -ne 0 ]] || die "runuser (util-linux) is missing"

  if [[ -n ${PMOS_PG_DATA:-} ]]; then
    PG_DATA="$(realpath -m "$PMOS_PG_DATA")"
    prepare_data_dir "$PG_DATA" ||
      die "PMOS_PG_DATA=$PG_DATA is not reachable/writable by the postgres system user; choose a directory it can traverse (e.g. under /var/lib/postgresql or /tmp)"
  else
    PG_DATA="$DEFAULT_PG_DATA"
    if ! prepare_data_dir "$PG_DATA"; then
      log "$PG_DATA is not reachable by the postgres system user; using $FALLBACK_PG_DATA instead"
      PG_DATA="$FALLBACK_PG_DATA"
      prepare_data_dir "$PG_DATA" || die "$PG_DATA is not usable by the postgres system user"
    fi
  fi

  if [[ -f $PG_DATA/PG_VERSION ]]; then
    ver="$(<"$PG_DATA/PG_VERSION")"
    bindir="/usr/lib/postgresql/$ver/bin"
    [[ -x $bindir/postgres ]] || die "$PG_DATA was initialised by PostgreSQL $ver, which is not installed: apt-get install postgresql-$ver, or delete $PG_DATA"
    if port="$(running_port_of "$PG_DATA")"; then
      die "project-local cluster $PG_DATA already runs on port $port; set PMOS_DB_PORT=$port, or stop it: runuser -u postgres -- $bindir/pg_ctl -D $PG_DATA stop"
    fi
  fi
  [[ -n $PGPASSWORD ]] || PGPASSWORD="$(cluster_password)"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    bindir="$(server_bindir)"
    log "initialising project-local cluster in $PG_DATA ($("$bindir/postgres" --version)); TCP logins need the password"
    # The superuser's password through a file only the postgres system user reads, removed right after.
    local pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$PGPASSWORD" >"$pwfile"
    [[ $EUID -ne 0 ]] || chown postgres "$pwfile"
    if ! as_pg env -u LANG -u LANGUAGE -u LC_ALL "$bindir/initdb" -D "$PG_DATA" -U postgres --auth-local=peer \
      --auth-host=scram-sha-256 --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null; then
      rm -f "$pwfile"
      die "initdb failed for $PG_DATA"
    fi
    rm -f "$pwfile"
  fi

  log "starting project-local cluster $PG_DATA on $listen:$DB_PORT (log: $PG_DATA/server.log)"
  if ! without_extra_fds as_pg "$bindir/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t "$WAIT_SECS" \
    -o "-p $DB_PORT -k $SOCKET_DIR -c listen_addresses=$listen" start </dev/null >/dev/null; then
    tail -n 5 "$PG_DATA/server.log" 2>/dev/null | sed 's/^/[postgres]   /' >&2 || true
    die "could not start the project-local cluster in $PG_DATA (log: $PG_DATA/server.log)"
  fi
  wait_ready "$WAIT_SECS" || die "project-local cluster started but does not answer on $DB_HOST:$DB_PORT"
  ensure_own_role
  secure_own_cluster "$PG_DATA" "$bindir"
  can_connect || die "project-local cluster answers but refuses user $DB_USER: $LAST_ERR"
}

# The server that accepted us may be a project-local cluster of ours that an earlier version left on trust.
secure_running_own_cluster() {
  is_local_host || return 0
  local dir
  while read -r dir; do
    [[ $(running_port_of "$dir" 2>/dev/null) == "$DB_PORT" ]] || continue
    grep -Eq "$TRUST_RE" "$dir/pg_hba.conf" 2>/dev/null || return 0
    [[ -n $PGPASSWORD ]] || PGPASSWORD="$(cluster_password)"
    secure_own_cluster "$dir" "/usr/lib/postgresql/$(<"$dir/PG_VERSION")/bin"
    can_connect || die "the project-local cluster in $dir refuses user $DB_USER after requiring a password: $LAST_ERR"
    return 0
  done < <(own_data_candidates)
}

provision_local() {
  if [[ $(server_state) != up ]]; then
    [[ -n $(server_bindir) ]] || install_postgresql
    [[ -n $PSQL ]] || { apt_install postgresql-client; resolve_tools; }
    try_debian_cluster && return 0
  fi
  [[ -n $PSQL ]] || { apt_install postgresql-client; resolve_tools; }
  own_cluster
}

create_databases() {
  local db err existing
  pg_sql 'SELECT datname FROM pg_database' || die "cannot list databases as $DB_USER: $LAST_ERR"
  existing=$'\n'"$PG_OUT"$'\n'
  for db in "${DBS[@]}"; do
    [[ $existing != *$'\n'"$db"$'\n'* ]] || continue
    if pg_sql "CREATE DATABASE \"$db\""; then
      log "created database $db"
    else
      err="$LAST_ERR"
      # Lost a race against a concurrent caller ("already exists" / duplicate key)?
      if pg_sql "SELECT 1 FROM pg_database WHERE datname = '$db'" && [[ $PG_OUT == 1 ]]; then
        log "database $db was created concurrently by another caller"
      else
        die "could not create database $db as $DB_USER: $err"
      fi
    fi
    existing+="$db"$'\n'
  done
}

finish() {
  create_databases
  local list
  list="$(printf '%s, ' "${DBS[@]}")"
  log "ready at $DB_HOST:$DB_PORT (databases: ${list%, })"
  exit 0
}

main() {
  [[ $# -ge 1 ]] || die "usage: $(basename "$0") DBNAME [DBNAME...] | --password"
  if [[ $1 == --password ]]; then
    cluster_password
    echo
    exit 0
  fi
  local db
  for db in "$@"; do
    [[ $db =~ $NAME_RE && ${#db} -le 63 ]] ||
      die "invalid database name '$db' (letters, digits, _ . - only; at most 63 characters)"
  done
  DBS=("$@")
  [[ $DB_PORT =~ ^[0-9]+$ ]] || die "PMOS_DB_PORT must be a number (got '$DB_PORT')"
  [[ $WAIT_SECS =~ ^[0-9]+$ ]] || die "PMOS_PG_WAIT must be a number of seconds (got '$WAIT_SECS')"

  resolve_tools
  if [[ -z $PSQL ]] && ! is_local_host; then apt_install postgresql-client; resolve_tools; fi

  # 1. Server answers and accepts us.
  if can_connect; then
    secure_running_own_cluster
    finish
  fi
  if [[ $(server_state) == starting ]]; then
    log "server at $DB_HOST:$DB_PORT is starting up; waiting"
    wait_ready "$WAIT_SECS" && can_connect && finish
  fi

  # 3. Remote host: never provisioned here.
  if ! is_local_host; then
    if [[ $(server_state) == down ]]; then
      die "no PostgreSQL server answers at $DB_HOST:$DB_PORT (remote host: this script only starts/installs local servers). Start it, or point PMOS_DB_HOST/PMOS_DB_PORT at a running server."
    fi
    die "PostgreSQL at $DB_HOST:$DB_PORT refuses user '$DB_USER': $LAST_ERR. Check PMOS_DB_USER/PMOS_DB_PASSWORD."
  fi

  # 2. Local: provision, one caller at a time per port.
  local lock=/run/lock/pmos-ensure-postgres-$DB_PORT.lock
  [[ -d /run/lock && -w /run/lock ]] || lock="${TMPDIR:-/tmp}/pmos-ensure-postgres-$DB_PORT.lock"
  exec 8>>"$lock"
  if ! flock -n 8; then
    log "another ensure-postgres run is provisioning port $DB_PORT; waiting for it"
    flock -w 900 8 || die "timed out waiting for $lock"
  fi
  can_connect && finish # provisioned meanwhile by the other caller
  log "no usable server at $DB_HOST:$DB_PORT${LAST_ERR:+ ($LAST_ERR)}"
  provision_local
  finish
}

main "$@"
