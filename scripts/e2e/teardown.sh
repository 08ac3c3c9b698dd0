#!/usr/bin/env bash
# Stop the dockerd that scripts/e2e/setup.sh started, found through its pid file only.
# A daemon this machine runs for other reasons is never touched. The base image and
# docker's data root stay in place (cached for the next run).
#
# Environment:
#   E2E_STATE_DIR   same state dir as setup.sh (default /tmp/ml-env-e2e)
set -euo pipefail

STATE_DIR="${E2E_STATE_DIR:-/tmp/ml-env-e2e}"
readonly STATE_DIR
readonly PID_FILE="${STATE_DIR}/dockerd.pid"

log() { printf '[e2e-teardown] %s\n' "$*"; }

if [[ ! -f "${PID_FILE}" ]]; then
  log "no pid file ${PID_FILE}: nothing started by setup.sh, nothing to stop"
  exit 0
fi

pid="$(cat "${PID_FILE}")"
if ! [[ "${pid}" =~ ^[0-9]+$ ]]; then
  log "pid file ${PID_FILE} holds no pid; removing it"
  rm -f "${PID_FILE}"
  exit 0
fi
if ! kill -0 "${pid}" 2>/dev/null; then
  log "dockerd pid ${pid} is not running; removing stale pid file"
  rm -f "${PID_FILE}"
  exit 0
fi
if [[ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" != dockerd ]]; then
  log "pid ${pid} is not a dockerd (pid reused?); leaving it alone and removing stale pid file"
  rm -f "${PID_FILE}"
  exit 0
fi

log "stopping dockerd pid ${pid} (SIGTERM)"
kill -TERM "${pid}"
for _ in $(seq 1 60); do
  kill -0 "${pid}" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "${pid}" 2>/dev/null; then
  log "dockerd pid ${pid} still alive after 30 s; sending SIGKILL"
  kill -KILL "${pid}" 2>/dev/null || true
  sleep 1
fi
rm -f "${PID_FILE}"
log "dockerd pid ${pid} stopped"
