#!/usr/bin/env bash
# local-services.sh start|stop|status — the local stand-ins `make run` offers in the wizard as "local":
#   * Flow Pieces (infra/flow-pieces-local) on PMOS_LOCAL_FLOW_PIECES_PORT (8081)
#   * the demo MCP server (@modelcontextprotocol/server-everything, infra/mcp-local) on PMOS_LOCAL_MCP_PORT (8082)
# `start` reuses a service that already answers, installs npm packages when missing, starts the rest in the
# background (logs and pids in .local/), and prints `export PMOS_LOCAL_...=...` lines for the caller to eval.
# Each service gets only PATH, HOME, LANG and its own settings (env -i), never the caller's environment.
# Set PMOS_LOCAL_SERVICES=false to start nothing (e.g. when real Flow Pieces / BCGPT URLs are configured).
# Other settings: PMOS_LOCAL_FLOW_PIECES_DATA (its data file), PMOS_LOCAL_RUN_DIR / PMOS_LOCAL_LOG_DIR (pids, logs).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
RUN_DIR="${PMOS_LOCAL_RUN_DIR:-$REPO_DIR/.local/run}"
LOG_DIR="${PMOS_LOCAL_LOG_DIR:-$REPO_DIR/.local/logs}"
FP_DATA="${PMOS_LOCAL_FLOW_PIECES_DATA:-$REPO_DIR/.local/flow-pieces.json}"
FP_PORT="${PMOS_LOCAL_FLOW_PIECES_PORT:-8081}"
MCP_PORT="${PMOS_LOCAL_MCP_PORT:-8082}"
# The local Flow Pieces' platform key: random per install (kept in a 0600 file beside its data), never a fixed
# value from the repository, since with it any project of the local Flow Pieces can be opened.
FP_KEY_FILE="${PMOS_LOCAL_FLOW_PIECES_KEY_FILE:-$(dirname "$FP_DATA")/flow-pieces.key}"
FP_KEY="${PMOS_LOCAL_FLOW_PIECES_API_KEY:-}"
FP_PROJECT="${PMOS_LOCAL_FLOW_PIECES_PROJECT_ID:-localProject000000001}"
MCP_ENTRY="node_modules/@modelcontextprotocol/server-everything/dist/index.js"
# The command lines the services run with (after env -i execs them); `stop` kills a pid only when its
# /proc/<pid>/cmdline and working directory are exactly these, so a stale pid file never hits another process.
FP_DIR="$REPO_DIR/infra/flow-pieces-local"
FP_ARGV=(node src/main.js)
MCP_DIR="$REPO_DIR/infra/mcp-local"
MCP_ARGV=(node "$MCP_ENTRY" streamableHttp)

log() { printf '[local] %s\n' "$*" >&2; }

answers() { curl -s -o /dev/null --max-time 2 "$1"; }

npm_ready() {
  local dir="$1"
  if [[ ! -d $dir/node_modules || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    log "installing npm packages in ${dir#"$REPO_DIR"/}"
    (cd "$dir" && npm ci --no-audit --no-fund >&2)
  fi
}

# Starts a service with a minimal, explicit environment: PATH, HOME and the variables given, nothing of the caller's
# (the demo MCP server has a tool that prints its environment; PMOS_SECRET_KEY or database settings must not be there).
start_bg() {
  local name="$1" dir="$2"; shift 2
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # The whole subshell is redirected: nothing may keep the caller's stdout (an eval "$(...)" pipe) open.
  (cd "$dir" && exec env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG=C.UTF-8 "$@") >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

start() {
  if [[ ${PMOS_LOCAL_SERVICES:-true} == false ]]; then
    log "PMOS_LOCAL_SERVICES=false: no local services"
    return 0
  fi
  local fp_url="http://127.0.0.1:$FP_PORT" mcp_url="http://127.0.0.1:$MCP_PORT/mcp"
  if [[ -z $FP_KEY ]]; then
    if [[ ! -s $FP_KEY_FILE ]]; then
      mkdir -p "$(dirname "$FP_KEY_FILE")"
      (umask 077 && printf 'sk-local-%s\n' "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$FP_KEY_FILE")
    fi
    FP_KEY="$(tr -d '\n' <"$FP_KEY_FILE")"
  fi
  if answers "$fp_url/api/v1/flags"; then
    log "Flow Pieces (local) already answers at $fp_url"
  else
    npm_ready "$REPO_DIR/infra/flow-pieces-local"
    log "starting Flow Pieces (local) at $fp_url"
    start_bg flow-pieces "$FP_DIR" FLOW_PIECES_PORT="$FP_PORT" FLOW_PIECES_API_KEY="$FP_KEY" \
      FLOW_PIECES_PROJECT_ID="$FP_PROJECT" FLOW_PIECES_DATA="$FP_DATA" "${FP_ARGV[@]}"
    "$SCRIPT_DIR/wait-http.sh" "$fp_url/api/v1/flags" 60
  fi
  if answers "http://127.0.0.1:$MCP_PORT/"; then
    log "MCP server (local) already listens on port $MCP_PORT"
  else
    npm_ready "$REPO_DIR/infra/mcp-local"
    log "starting the demo MCP server (local) at $mcp_url"
    start_bg mcp "$MCP_DIR" PORT="$MCP_PORT" "${MCP_ARGV[@]}"
    for _ in $(seq 1 100); do
      answers "http://127.0.0.1:$MCP_PORT/" && break
      sleep 0.2
    done
    answers "http://127.0.0.1:$MCP_PORT/" || { log "the MCP server did not start; see $LOG_DIR/mcp.log"; exit 1; }
  fi
  printf 'export PMOS_LOCAL_FLOW_PIECES_URL=%q\n' "$fp_url"
  printf 'export PMOS_LOCAL_FLOW_PIECES_API_KEY=%q\n' "$FP_KEY"
  printf 'export PMOS_LOCAL_MCP_URL=%q\n' "$mcp_url"
}

# Whether pid runs exactly the command line ($3...) in directory $2, i.e. is the service this script started.
is_ours() {
  local pid="$1" dir="$2"; shift 2
  local expected actual cwd
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  expected="$(printf '%s\n' "$@")"
  actual="$(tr '\0' '\n' </proc/"$pid"/cmdline 2>/dev/null)" || return 1
  cwd="$(readlink /proc/"$pid"/cwd 2>/dev/null)" || return 1
  [[ $actual == "$expected" && $cwd == "$(cd "$dir" && pwd -P)" ]]
}

stop() {
  local name pidfile pid dir argv
  for name in flow-pieces mcp; do
    pidfile="$RUN_DIR/$name.pid"
    [[ -f $pidfile ]] || continue
    pid="$(head -n1 "$pidfile")"
    if [[ $name == flow-pieces ]]; then dir="$FP_DIR" argv=("${FP_ARGV[@]}"); else dir="$MCP_DIR" argv=("${MCP_ARGV[@]}"); fi
    if is_ours "$pid" "$dir" "${argv[@]}"; then
      kill "$pid" 2>/dev/null && log "stopped $name"
    elif [[ $pid =~ ^[0-9]+$ && -e /proc/$pid ]]; then
      log "not stopping pid $pid from $pidfile: it is not the $name this script started (another process has that pid now)"
    fi
    rm -f "$pidfile"
  done
}

status() {
  answers "http://127.0.0.1:$FP_PORT/api/v1/flags" && log "Flow Pieces (local): up on $FP_PORT" || log "Flow Pieces (local): down"
  answers "http://127.0.0.1:$MCP_PORT/" && log "MCP server (local): up on $MCP_PORT" || log "MCP server (local): down"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $(basename "$0") start|stop|status" >&2; exit 2 ;;
esac
