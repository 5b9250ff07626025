#!/usr/bin/env bash
# LocalStack on the host, without Docker and without an auth token, for `npm run test:localstack` (docs/deploy.md,
# "LocalStack"): localstack-core from PyPI, pinned in test/localstack/requirements.txt, with two plugins of ours
# (test/localstack/plugins): DynamoDB served by dynalite, and Node.js functions run as host processes.
#
#   scripts/localstack.sh install  create the venv (once) and install the plugins into it; start does it too
#   scripts/localstack.sh start    create the venv (once), start LocalStack with a fresh data dir, wait until ready
#   scripts/localstack.sh stop     stop LocalStack and every function process it started; remove the data dir
#   scripts/localstack.sh status   exit 0 when it answers
#
# Settings (environment): LOCALSTACK_PORT (4566; the gateway binds 127.0.0.1 only), LOCALSTACK_RUN_DIR
# (<tmp>/aep-sink-localstack-<port>: pid, log, TLS certificate and the data dir of the current run),
# LOCALSTACK_VENV (~/.cache/aep-streaming-sink/localstack-<hash>, one per set of pins; the plugins are reinstalled
# into it when they change),
# LOCALSTACK_PYTHON (Python 3.13: pyenv's, else python3.13 on PATH). Nothing else is written outside the run dir.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${LOCALSTACK_PORT:-4566}"
RUN_DIR="${LOCALSTACK_RUN_DIR:-${TMPDIR:-/tmp}/aep-sink-localstack-$PORT}"
DATA_DIR="$RUN_DIR/data"
REQUIREMENTS="$ROOT/test/localstack/requirements.txt"
PLUGINS="$ROOT/test/localstack/plugins"
NODE="$ROOT/node_modules/.bin/node"
ENDPOINT="http://127.0.0.1:$PORT"
define_service localstack LocalStack "$RUN_DIR" localstack "$ENDPOINT" 'localstack.runtime.main'

# The venv depends on the pins and the Python version: any change gives a new one. The plugins are reinstalled into
# it whenever they change (fast and offline).
venv_dir() {
  if [ -n "${LOCALSTACK_VENV:-}" ]; then echo "$LOCALSTACK_VENV"; return; fi
  local hash
  hash="$( (cat "$REQUIREMENTS"; "$1" --version) | sha256sum | cut -c1-12)"
  echo "$CACHE_ROOT/localstack-$hash"
}

find_python() {
  if [ -n "${LOCALSTACK_PYTHON:-}" ]; then echo "$LOCALSTACK_PYTHON"; return; fi
  local candidate
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13 "$(command -v python3.13 || true)"; do
    if [ -x "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  log "Python 3.13 is required (localstack-core 2026.3.0 does not run on 3.11): install it (e.g. pyenv install 3.13) or set LOCALSTACK_PYTHON"
  exit 1
}

# Creates the venv once, atomically (a half-built one is never used), under a lock shared by concurrent callers;
# pip's temporary files go to the run dir, and the venv is the only cache.
ensure_venv() {
  local python plugins_hash
  python="$(find_python)"
  VENV="$(venv_dir "$python")"
  mkdir -p "$(dirname "$VENV")"
  exec 8>"$VENV.lock"
  flock -w 900 8
  pip_install() { TMPDIR="$RUN_DIR/pip" "$1/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check "${@:2}" >&2; }
  rm -rf "$RUN_DIR/pip"
  mkdir -p "$RUN_DIR/pip"
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV (localstack-core from PyPI; a few minutes, once)"
    rm -rf "$VENV.tmp"
    "$python" -m venv "$VENV.tmp"
    pip_install "$VENV.tmp" --requirement "$REQUIREMENTS"
    mv "$VENV.tmp" "$VENV"
  fi
  plugins_hash="$(find "$PLUGINS" -type f \( -name '*.py' -o -name '*.toml' \) | sort | xargs cat | sha256sum | cut -c1-12)"
  if [ "$(cat "$VENV/.plugins" 2>/dev/null)" != "$plugins_hash" ]; then
    # built from a copy: an in-tree build would write build/ and *.egg-info into the repository
    cp -r "$PLUGINS" "$RUN_DIR/pip/plugins"
    pip_install "$VENV" --no-deps --no-build-isolation --force-reinstall "$RUN_DIR/pip/plugins"
    echo "$plugins_hash" >"$VENV/.plugins"
  fi
  rm -rf "$RUN_DIR/pip"
  exec 8>&-
}

is_up() {
  service_pid >/dev/null && curl --silent --fail --max-time 2 "$ENDPOINT/_localstack/health" >/dev/null 2>&1
}

# A self-signed certificate for the gateway's TLS side: LocalStack's own generation fails with pyOpenSSL 26, and
# its download of a real one needs the internet. The suite speaks plain HTTP; the gateway only needs a certificate.
make_certificate() {
  local pem="$RUN_DIR/server.test.pem"
  [ -f "$pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=localhost.localstack.cloud' \
    -addext 'subjectAltName=DNS:localhost.localstack.cloud,DNS:*.localhost.localstack.cloud,IP:127.0.0.1' \
    -keyout "$RUN_DIR/server.key" -out "$RUN_DIR/server.crt" 2>/dev/null
  cat "$RUN_DIR/server.key" "$RUN_DIR/server.crt" >"$pem"
  rm -f "$RUN_DIR/server.key" "$RUN_DIR/server.crt"
}

launch() {
  [ -x "$NODE" ] || { log "run npm ci first: $NODE (Node.js for dynalite and the functions) is missing"; exit 1; }
  ensure_venv
  make_certificate
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR/filesystem" "$DATA_DIR/tmp" "$DATA_DIR/cache" "$DATA_DIR/home"
  : >"$LOG_FILE"
  # setsid: LocalStack, dynalite and the function processes form one process group, which stop ends as a whole.
  # HOME, TMPDIR and XDG_CACHE_HOME point into the data dir, so nothing LocalStack writes lands elsewhere.
  HOME="$DATA_DIR/home" TMPDIR="$DATA_DIR/tmp" XDG_CACHE_HOME="$DATA_DIR/cache" \
    FILESYSTEM_ROOT="$DATA_DIR/filesystem" \
    GATEWAY_LISTEN="127.0.0.1:$PORT" LOCALSTACK_HOST="127.0.0.1:$PORT" \
    OVERRIDE_IN_DOCKER=0 DNS_ADDRESS=0 SKIP_SSL_CERT_DOWNLOAD=1 CUSTOM_SSL_CERT_PATH="$RUN_DIR/server.test.pem" \
    DISABLE_EVENTS=1 SQS_ENDPOINT_STRATEGY=path CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES=1 \
    PROVIDER_OVERRIDE_DYNAMODB=dynalite DYNALITE_NODE="$NODE" DYNALITE_CLI="$ROOT/node_modules/dynalite/cli.js" \
    LAMBDA_RUNTIME_EXECUTOR=host-process HOST_LAMBDA_NODE="$NODE" HOST_LAMBDA_RUNTIME="$ROOT/test/localstack/host-runtime.ts" \
    setsid "$VENV/bin/python" -m localstack.runtime.main >>"$LOG_FILE" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$PID_FILE"
}

stop() {
  lock "$RUN_DIR" 900
  local pid
  if pid="$(service_pid)"; then
    # the whole group: LocalStack, dynalite and any function process still alive
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "stopped"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
  [ -n "${LOCALSTACK_KEEP_DATA:-}" ] || rm -rf "$DATA_DIR"
}

case "${1:-}" in
  install) mkdir -p "$RUN_DIR"; ensure_venv ;;
  start) start_service 900 "$PORT" LOCALSTACK_PORT 120 ;;
  stop) stop ;;
  status) service_status ;;
  *) sed -n '2,${/^#/!q;p;}' "$0" >&2; exit 2 ;;
esac
