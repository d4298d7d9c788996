#!/usr/bin/env bash
# wait-http.sh URL [SECONDS]
#
# Polls URL with curl (about once a second, each attempt capped at 5 s) until
# it answers with a 2xx status, for at most SECONDS (default 90). Redirects are
# not followed: a 3xx counts as "not ready". Exit 0 when it answered, 1 on
# timeout or bad usage. Messages go to stderr, prefixed "[wait-http]".
set -euo pipefail

log() { printf '[wait-http] %s\n' "$*" >&2; }
die() { printf '[wait-http] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 2 && -n $1 ]] || die "usage: $(basename "$0") URL [SECONDS]"
url="$1"
limit="${2:-90}"
[[ $limit =~ ^[0-9]+$ && $limit -gt 0 ]] || die "SECONDS must be a positive whole number (got '$limit')"

if ! command -v curl >/dev/null; then
  [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null || die "curl is not installed (apt-get install curl)"
  log "curl not found; installing it"
  lock=/run/lock/pmos-apt.lock
  [[ -d /run/lock && -w /run/lock ]] || lock="${TMPDIR:-/tmp}/pmos-apt.lock"
  flock -o -w 900 "$lock" apt-get -q -o DPkg::Lock::Timeout=300 update </dev/null >&2 || true
  DEBIAN_FRONTEND=noninteractive flock -o -w 900 "$lock" \
    apt-get -q -y -o DPkg::Lock::Timeout=300 install curl </dev/null >&2 || die "apt-get install curl failed"
fi

# Milliseconds since the epoch, in NOW (EPOCHREALTIME: bash >= 5, no fork).
now() { NOW=$((${EPOCHREALTIME//[.,]/} / 1000)); }

now
start=$NOW
deadline=$((start + limit * 1000))
next_note=$((start + 15000))
last="no attempt yet"
log "waiting up to ${limit}s for $url"
while :; do
  now
  per=$((deadline - NOW))
  ((per <= 5000)) || per=5000
  ((per >= 200)) || per=200
  result="$(curl -s -o /dev/null --max-time "$((per / 1000)).$(printf '%03d' $((per % 1000)))" \
    -w '%{http_code} %{errormsg}' "$url" </dev/null 2>/dev/null)" || true
  code="${result%% *}"
  now
  if [[ $code =~ ^2[0-9][0-9]$ ]]; then
    log "$url answered HTTP $code after $(((NOW - start) / 1000))s"
    exit 0
  fi
  if [[ -z $code || $code == 000 ]]; then
    err="${result#* }"
    last="${err:-no answer}"
  else
    last="HTTP $code"
  fi
  ((NOW < deadline)) || break
  if ((NOW >= next_note)); then
    log "still waiting for $url ($(((NOW - start) / 1000))s, last result: $last)"
    next_note=$((NOW + 15000))
  fi
  pause=$((deadline - NOW))
  ((pause <= 1000)) || pause=1000
  sleep "$((pause / 1000)).$(printf '%03d' $((pause % 1000)))"
done
die "$url did not answer with 2xx within ${limit}s (last result: $last)"
