#!/usr/bin/env bash
# Prepare this machine for the e2e test tier (see /work/shared/E2E.md):
#   1. install the host tools the tests need (Debian packages, apt-get),
#   2. start a Docker engine without any bridge network (unless one already answers),
#   3. build the local base image ml-env-e2e/debian:bookworm with debootstrap
#      (nothing can be pulled from an image registry on these machines).
#
# Idempotent and fast when everything is already in place. Safe to run concurrently
# (serialised with flock). Prints one line per step.
#
# Environment:
#   E2E_STATE_DIR   state dir for dockerd's pid file and log (default /tmp/ml-env-e2e)
#   E2E_BASE_IMAGE  name of the local base image (default ml-env-e2e/debian:bookworm)
#   E2E_SUITE       Debian suite for the base image (default bookworm)
set -euo pipefail

readonly DOCKER=/usr/bin/docker
readonly DOCKERD=/usr/sbin/dockerd
STATE_DIR="${E2E_STATE_DIR:-/tmp/ml-env-e2e}"
BASE_IMAGE="${E2E_BASE_IMAGE:-ml-env-e2e/debian:bookworm}"
SUITE="${E2E_SUITE:-bookworm}"
readonly STATE_DIR BASE_IMAGE SUITE
readonly PID_FILE="${STATE_DIR}/dockerd.pid"
readonly LOG_FILE="${STATE_DIR}/dockerd.log"
readonly LOCK_FILE="${STATE_DIR}/setup.lock"

export DEBIAN_FRONTEND=noninteractive

log() { printf '[e2e-setup] %s\n' "$*"; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || die "must run as root (installs packages, runs dockerd)"

mkdir -p "${STATE_DIR}"
exec 9>"${LOCK_FILE}"
flock 9

SCRIPT_START=${SECONDS}

# ---------------------------------------------------------------------------
# Cleanup of temporary things this script creates (policy-rc.d, rootfs).
# ---------------------------------------------------------------------------
CREATED_POLICY_RC_D=""
ROOTFS=""
cleanup() {
  if [[ -n "${CREATED_POLICY_RC_D}" ]]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  if [[ -n "${ROOTFS}" && -d "${ROOTFS}" ]]; then
    rm -rf --one-file-system "${ROOTFS}"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Step 1: host packages.
# ---------------------------------------------------------------------------
pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# python that can build wheels offline: pip + setuptools + wheel importable.
python_can_build_wheels() {
  "$1" -c 'import setuptools, wheel, pip' >/dev/null 2>&1
}

MISSING=()
# package name | a file that proves it is usable
check_tool() {
  local pkg="$1" probe="$2"
  if [[ -x "${probe}" ]]; then
    log "package ${pkg}: already there (${probe})"
  else
    MISSING+=("${pkg}")
  fi
}
check_tool docker.io "${DOCKERD}"
if [[ -x "${DOCKERD}" && ! -x "${DOCKER}" ]]; then
  MISSING+=(docker.io)
fi
check_tool debootstrap /usr/sbin/debootstrap
if [[ -x /usr/sbin/nginx ]]; then
  log "package nginx: already there (/usr/sbin/nginx)"
else
  MISSING+=(nginx-light)
fi
check_tool apache2-utils /usr/bin/htpasswd
check_tool shellcheck /usr/bin/shellcheck

# The wheel builder (test/e2e/support) uses the first of these that can build wheels.
PYTHON_OK=""
if python_can_build_wheels python3; then
  PYTHON_OK=1
  log "python: already there (python3 on PATH has pip, setuptools and wheel)"
elif python_can_build_wheels /usr/bin/python3; then
  PYTHON_OK=1
  log "python: already there (/usr/bin/python3 has pip, setuptools and wheel; python3 on PATH does not)"
else
  for p in python3-pip python3-wheel python3-setuptools; do
    pkg_installed "${p}" || MISSING+=("${p}")
  done
fi

if ((${#MISSING[@]} > 0)); then
  # Never let package maintainer scripts start services (dockerd with a bridge, nginx on :80).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    CREATED_POLICY_RC_D=1
  fi
  t0=${SECONDS}
  log "apt-get update (missing: ${MISSING[*]})"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >"${STATE_DIR}/apt-install.log" 2>&1 \
    || { cat "${STATE_DIR}/apt-install.log" >&2; die "apt-get install ${MISSING[*]} failed"; }
  if [[ -n "${CREATED_POLICY_RC_D}" ]]; then
    rm -f /usr/sbin/policy-rc.d
    CREATED_POLICY_RC_D=""
  fi
  log "packages: installed ${MISSING[*]} in $((SECONDS - t0)) s"
fi
if [[ -z "${PYTHON_OK}" ]]; then
  python_can_build_wheels /usr/bin/python3 || die "/usr/bin/python3 lacks pip, setuptools or wheel"
  log "python: /usr/bin/python3 has pip, setuptools and wheel"
fi

# ---------------------------------------------------------------------------
# Step 2: Docker engine.
# ---------------------------------------------------------------------------
engine_answers() { "${DOCKER}" version >/dev/null 2>&1; }

if engine_answers; then
  if [[ -f "${PID_FILE}" ]] && kill -0 "$(cat "${PID_FILE}")" 2>/dev/null; then
    log "dockerd: already running (pid $(cat "${PID_FILE}"), started by this script, pid file ${PID_FILE})"
  else
    log "dockerd: already running (not started by this script; left alone)"
  fi
else
  if [[ -f "${PID_FILE}" ]]; then
    old_pid="$(cat "${PID_FILE}")"
    if [[ -n "${old_pid}" ]] && kill -0 "${old_pid}" 2>/dev/null \
      && [[ "$(cat "/proc/${old_pid}/comm" 2>/dev/null || true)" == dockerd ]]; then
      die "dockerd pid ${old_pid} (from ${PID_FILE}) is alive but does not answer; see ${LOG_FILE}"
    fi
    rm -f "${PID_FILE}"
  fi
  t0=${SECONDS}
  # setsid: own session, so the daemon outlives the caller (jest, a CI step).
  # All fds redirected, so callers waiting on our stdout/stderr do not hang; fd 9 (the
  # setup lock) closed, or the daemon would hold the lock for its whole life.
  setsid "${DOCKERD}" --bridge=none --iptables=false --ip-masq=false \
    </dev/null >>"${LOG_FILE}" 2>&1 9>&- &
  dockerd_pid=$!
  echo "${dockerd_pid}" >"${PID_FILE}"
  for _ in $(seq 1 120); do
    engine_answers && break
    if ! kill -0 "${dockerd_pid}" 2>/dev/null; then
      tail -n 30 "${LOG_FILE}" >&2 || true
      rm -f "${PID_FILE}"
      die "dockerd exited during start-up; see ${LOG_FILE}"
    fi
    sleep 0.5
  done
  if ! engine_answers; then
    tail -n 30 "${LOG_FILE}" >&2 || true
    die "dockerd (pid ${dockerd_pid}) did not answer within 60 s; see ${LOG_FILE}"
  fi
  log "dockerd: started (pid ${dockerd_pid}, pid file ${PID_FILE}, log ${LOG_FILE}) in $((SECONDS - t0)) s"
fi

# ---------------------------------------------------------------------------
# Step 3: local base image.
# ---------------------------------------------------------------------------
# First URIs value of the stanza whose Suites contain ${SUITE} (deb822), else the first
# matching "deb" line of the one-line format.
apt_mirror() {
  local f=/etc/apt/sources.list.d/debian.sources uri=""
  if [[ -r "${f}" ]]; then
    uri="$(awk -v suite="${SUITE}" '
      function flush() { if (!found && uris != "" && has_suite) { print uris; found = 1 } uris = ""; has_suite = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      tolower($1) == "uris:" { uris = $2 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
      END { flush() }
    ' "${f}")"
  fi
  if [[ -z "${uri}" && -r /etc/apt/sources.list ]]; then
    uri="$(awk -v suite="${SUITE}" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }
    ' /etc/apt/sources.list)"
  fi
  [[ -n "${uri}" ]] || return 1
  printf '%s\n' "${uri}"
}

if "${DOCKER}" image inspect "${BASE_IMAGE}" >/dev/null 2>&1; then
  log "base image ${BASE_IMAGE}: already there"
else
  MIRROR="$(apt_mirror)" || die "cannot find a Debian mirror for ${SUITE} in the host's apt sources"
  t0=${SECONDS}
  ROOTFS="$(mktemp -d "${STATE_DIR}/rootfs.XXXXXX")"
  log "base image ${BASE_IMAGE}: debootstrap --variant=minbase ${SUITE} from the host's apt mirror"
  debootstrap --variant=minbase "${SUITE}" "${ROOTFS}" "${MIRROR}" >"${STATE_DIR}/debootstrap.log" 2>&1 \
    || { tail -n 30 "${STATE_DIR}/debootstrap.log" >&2; die "debootstrap failed; see ${STATE_DIR}/debootstrap.log"; }
  t1=${SECONDS}
  # Apt sources inside the image: the same mirror(s) as the host. Prefer the host's own deb822
  # file (gives -updates and -security too); otherwise debootstrap's sources.list already points
  # at ${MIRROR}.
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    mkdir -p "${ROOTFS}/etc/apt/sources.list.d"
    cp /etc/apt/sources.list.d/debian.sources "${ROOTFS}/etc/apt/sources.list.d/debian.sources"
    rm -f "${ROOTFS}/etc/apt/sources.list"
  else
    printf 'deb %s %s main\n' "${MIRROR}" "${SUITE}" >"${ROOTFS}/etc/apt/sources.list"
  fi
  # Same keep-images-small apt settings as the official Debian images.
  printf '%s\n' 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
    'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
    'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";' >"${ROOTFS}/etc/apt/apt.conf.d/docker-clean"
  rm -rf "${ROOTFS:?}/var/cache/apt/archives/"*.deb "${ROOTFS:?}/var/lib/apt/lists/"* "${ROOTFS:?}/dev/"* 2>/dev/null || true
  : >"${ROOTFS}/etc/resolv.conf"
  : >"${ROOTFS}/etc/hostname"
  tar --numeric-owner -C "${ROOTFS}" -c . \
    | "${DOCKER}" import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --message "debootstrap --variant=minbase ${SUITE} (ml-env-constructs e2e)" \
      - "${BASE_IMAGE}" >/dev/null
  rm -rf --one-file-system "${ROOTFS}"
  ROOTFS=""
  log "base image ${BASE_IMAGE}: created (debootstrap $((t1 - t0)) s, import $((SECONDS - t1)) s)"
fi

log "done in $((SECONDS - SCRIPT_START)) s"
