#!/usr/bin/env bash
# Checks the Prometheus rules and the Grafana dashboard (make test-monitoring): promtool check rules, promtool test
# rules (tests.yml), and the dashboard is valid JSON. promtool comes from Debian's prometheus package; when it is
# missing, only that package's promtool binary is unpacked into .local/promtool (apt-get download: no dependencies
# installed and no prometheus service started). That needs the apt lists, so `apt-get update` runs first as root.
# That every metric name used here is one PMOS exports is checked by the backend test io.pmos.metrics.MetricsTest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

promtool_bin() {
  if command -v promtool >/dev/null 2>&1; then
    command -v promtool
    return
  fi
  local local_bin="$root/.local/promtool/usr/bin/promtool"
  if [[ ! -x "$local_bin" ]]; then
    echo "[monitoring] promtool not found: unpacking it from Debian's prometheus package" >&2
    local work
    work="$(mktemp -d)"
    if [[ "$(id -u)" == 0 ]]; then
      apt-get update -qq >&2
    fi
    (cd "$work" && apt-get download prometheus >&2) || {
      echo "[monitoring] could not download the prometheus package (as root, apt-get update must be able to run)" >&2
      exit 1
    }
    mkdir -p "$root/.local/promtool"
    dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
    install -D -m 0755 "$work/x/usr/bin/promtool" "$local_bin"
    rm -rf "$work"
  fi
  echo "$local_bin"
}

promtool="$(promtool_bin)"
"$promtool" --version 2>&1 | head -1
"$promtool" check rules "$here/rules.yml"
(cd "$here" && "$promtool" test rules tests.yml)
node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (!Array.isArray(d.panels) || d.panels.length === 0) throw new Error("dashboard has no panels");
  for (const p of d.panels) if (p.type !== "row" && !(p.targets || []).every(t => t.expr)) throw new Error("panel without a query: " + p.title);
  console.log("grafana/pmos.json: " + d.panels.length + " panels");' "$here/grafana/pmos.json"
