#!/usr/bin/env bash
# Makes sure a `redis-server` binary is on PATH (DESIGN.md, "Tests need a real Redis").
#
# The tests start their own throwaway redis-server on a free loopback port, so all this script
# provides is the binary. It is idempotent: when the binary is already there it returns at once,
# without touching apt.
#
#   build/ensure-redis.sh              the binary is required (build/test.sh: the finder's own
#                                      tests start redis-server from PATH, whatever else is set)
#   build/ensure-redis.sh --allow-env  a server named by TYPEDJOBS_REDIS will do instead
#                                      (build/run-sample.sh)
set -euo pipefail

allow_env=false
if [[ "${1:-}" == "--allow-env" ]]; then
  allow_env=true
fi

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

if [[ "$allow_env" == true && -n "${TYPEDJOBS_REDIS:-}" ]]; then
  # RedisServer tries TYPEDJOBS_REDIS before PATH, so nothing needs installing.
  echo "ensure-redis: no redis-server on PATH; using TYPEDJOBS_REDIS=${TYPEDJOBS_REDIS}."
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  # Installing needs root. Say exactly what to run rather than prompting for a password:
  # CI has no stdin and a developer should see what is about to change on their machine.
  echo "ensure-redis: \`redis-server\` is not on PATH and installing it needs root. Run" >&2
  echo "    sudo apt-get update && sudo apt-get install -y redis-server" >&2
  if [[ "$allow_env" == true ]]; then
    echo "or use a Redis server you already have:  export TYPEDJOBS_REDIS=host:port" >&2
  fi
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: \`redis-server\` is not on PATH and this is not a Debian-like system (no apt-get)." >&2
  echo "Install Redis with your package manager, or set TYPEDJOBS_REDIS=host:port." >&2
  exit 1
fi

echo "ensure-redis: installing redis-server with apt-get (first run on this machine)..."

# The package's postinst starts the Debian service (port 6379) through invoke-rc.d or
# deb-systemd-invoke. The tests never use it, so keep it from starting: both tools ask
# /usr/sbin/policy-rc.d first, and exit code 101 means "action forbidden". Only a file this
# script created is removed again; an existing policy (Docker images ship one) is left alone.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# Temporary, from TypedJobs build/ensure-redis.sh: do not start services.\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=true
fi
cleanup() {
  if [[ "$created_policy" == true ]]; then rm -f "$policy"; fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
# A new machine's package lists are empty, so `update` is not optional. The lock timeout waits
# out unattended-upgrades on a freshly booted machine instead of failing at once.
apt_options=(-o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
apt-get "${apt_options[@]}" update -qq
apt-get "${apt_options[@]}" install -y -qq --no-install-recommends redis-server >/dev/null

if ! command -v redis-server >/dev/null 2>&1; then
  echo "ensure-redis: apt-get installed redis-server but it is still not on PATH ($PATH)." >&2
  exit 1
fi
echo "ensure-redis: $(redis-server --version)"
