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

# Ubuntu ships Chromium only as a snap (its chromium/chromium-browser debs install the snap). Playwright cannot drive
# the snap: its confinement hides the profile directory Playwright creates under /tmp. Say what to do instead.
SNAP_ADVICE="set PMOS_CHROMIUM to a Chromium or Chrome that is not a snap, e.g. Google Chrome's .deb (PMOS_CHROMIUM=/usr/bin/google-chrome) or Playwright's own build ('cd web-ui && npx playwright install --with-deps chromium', then PMOS_CHROMIUM=\$(ls -d ~/.cache/ms-playwright/chromium-*/chrome-linux*/chrome | tail -n1)); README.md, 'Chromium on Ubuntu'"
# A link into /snap, or a small launcher script that runs /snap/bin/... (Ubuntu's /usr/bin/chromium-browser).
is_snap() {
  [[ $(readlink -f "$CHROMIUM" 2>/dev/null) == /snap/* ]] && return 0
  [[ $(head -c 2 "$CHROMIUM" 2>/dev/null) == '#!' && $(stat -c %s "$CHROMIUM") -lt 65536 ]] && grep -qs '/snap/bin/' "$CHROMIUM"
}

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

if present && is_snap; then
  die "$CHROMIUM is the Chromium snap, which Playwright cannot drive: $SNAP_ADVICE"
fi

if ! present; then
  if grep -qs '^ID=ubuntu' /etc/os-release; then
    die "$CHROMIUM not found, and on Ubuntu the chromium package is a snap that Playwright cannot drive: $SNAP_ADVICE"
  fi
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
