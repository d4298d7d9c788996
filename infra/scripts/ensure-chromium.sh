#!/usr/bin/env bash
# ensure-chromium.sh
#
# Makes sure the Chromium that the Playwright end-to-end tests drive exists:
# if ${PMOS_CHROMIUM:-/usr/bin/chromium} is missing, installs Debian's
# "chromium" package with apt-get (never "playwright install": browser
# downloads do not work here), then prints the version. Idempotent; a no-op
# apart from "chromium --version" when the browser is present.
# Messages go to stderr, prefixed "[chromium]".
set -euo pipefail

CHROMIUM="${PMOS_CHROMIUM:-/usr/bin/chromium}"

log() { printf '[chromium] %s\n' "$*" >&2; }
die() { printf '[chromium] ERROR: %s\n' "$*" >&2; exit 1; }

present() { [[ -f $CHROMIUM && -x $CHROMIUM ]]; }

# Runs "$@" with only stdin/stdout/stderr open, so that daemons started by
# postinst scripts do not keep pipes of the calling CI runner open.
without_extra_fds() {
  (
    for fd in /proc/self/fd/*; do
      fd="${fd##*/}"
      ((fd <= 2)) || eval "exec $fd>&-" 2>/dev/null || true
    done
    "$@"
  )
}

if ! present; then
  log "$CHROMIUM not found; installing Debian's chromium package"
  [[ $EUID -eq 0 ]] || die "installing chromium needs root: run as root, or 'apt-get install chromium', or set PMOS_CHROMIUM to an existing browser"
  command -v apt-get >/dev/null || die "apt-get is not available; install Chromium yourself and set PMOS_CHROMIUM"
  # Same lock as ensure-postgres.sh, so both scripts can run in parallel.
  lock=/run/lock/pmos-apt.lock
  [[ -d /run/lock && -w /run/lock ]] || lock="${TMPDIR:-/tmp}/pmos-apt.lock"
  log "apt-get update"
  without_extra_fds flock -o -w 900 "$lock" apt-get -q -o DPkg::Lock::Timeout=300 update </dev/null >&2 ||
    log "apt-get update failed; trying the install with the existing package lists"
  log "apt-get install -y chromium"
  without_extra_fds env DEBIAN_FRONTEND=noninteractive flock -o -w 900 "$lock" \
    apt-get -q -y -o DPkg::Lock::Timeout=300 install chromium </dev/null >&2 ||
    die "apt-get install chromium failed"
  present || die "the chromium package is installed, but $CHROMIUM does not exist: unset PMOS_CHROMIUM or point it at /usr/bin/chromium"
fi

# Debian's launcher sources /etc/chromium.d/* and may print harmless shell
# noise on stderr; only show it when --version actually fails.
if ! version="$("$CHROMIUM" --version 2>/dev/null </dev/null)" || [[ -z $version ]]; then
  "$CHROMIUM" --version </dev/null >&2 || true
  die "$CHROMIUM --version failed"
fi
log "ready: $CHROMIUM ($version)"
