#!/usr/bin/env bash
# check-node.sh — stops with a plain sentence when `node` is missing or older than the web UI's build needs.
# Vite 8 (web-ui) requires Node ^20.19.0 || >=22.12.0; with an older Node, `npm ci` only warns (EBADENGINE) and the
# build fails later with an error that does not say why, so `make` runs this first. The range is vite's own
# "engines.node" from web-ui/package-lock.json (infra/scripts/test/check-node.test.mjs keeps the two equal).
set -euo pipefail
REQUIRED='^20.19.0 || >=22.12.0'

die() { printf '[node] ERROR: %s\n' "$*" >&2; exit 1; }
command -v node >/dev/null || die "node is not installed: the web UI's build (Vite 8) needs Node $REQUIRED"
version="$(node --version 2>/dev/null)" || die "'node --version' failed"
[[ $version =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+) ]] || die "cannot read the Node version from '$version'"
major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
if ((major == 20 && minor >= 19)) || ((major == 22 && minor >= 12)) || ((major > 22)); then
  exit 0
fi
die "Node ${version#v} is too old for the web UI's build: Vite 8 needs Node $REQUIRED. Install Node 20.19+ or 22.12+ (e.g. NodeSource's nodejs package, or nvm) and run make again."
