#!/usr/bin/env bash
# fresh-database.sh NAME — makes sure PostgreSQL runs (ensure-postgres.sh), then drops database NAME, closing its
# connections, and creates it again, empty: for runs that must start from nothing (`make bench`, `make test-multi`).
# Environment: PMOS_DB_HOST, PMOS_DB_PORT, PMOS_DB_USER, PMOS_DB_PASSWORD as for ensure-postgres.sh.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NAME="${1:-}"
[[ $NAME =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ && ${#NAME} -le 63 ]] ||
  { echo "usage: $(basename "$0") NAME (letters, digits, _ . - only; at most 63 characters)" >&2; exit 2; }

export PGPASSWORD="${PMOS_DB_PASSWORD:-}"
"$SCRIPT_DIR/ensure-postgres.sh" postgres >/dev/null
echo "[postgres] fresh database $NAME" >&2
psql -h "${PMOS_DB_HOST:-127.0.0.1}" -p "${PMOS_DB_PORT:-5432}" -U "${PMOS_DB_USER:-postgres}" -d postgres \
  -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS \"$NAME\" WITH (FORCE)"
"$SCRIPT_DIR/ensure-postgres.sh" "$NAME" >/dev/null
