#!/usr/bin/env bash
# Runs a command with a Redis of its own at localhost:6379, so that a documented program that connects to
# "localhost:6379" (the README's do) runs exactly as written, without touching a Redis the machine may
# already have there: the command runs in a network namespace of its own (unshare --net), whose loopback
# has nothing on it but the redis-server started here. Everything started here is stopped by its pid.
#
#   build/with-localhost-redis.sh COMMAND [ARGS...]
#
# Needs unshare (util-linux), ip (iproute2) and the right to make a network namespace: root, or a kernel
# that lets users make user namespaces (then --map-root-user is used).
set -euo pipefail

if [[ "${TYPEDJOBS_PRIVATE_LOCALHOST:-}" != 1 ]]; then
  for tool in unshare ip redis-server redis-cli; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "with-localhost-redis: \`$tool\` is not on PATH (Debian: util-linux, iproute2, redis-server)." >&2
      exit 1
    fi
  done
  as_user=()
  [[ "$(id -u)" -eq 0 ]] || as_user=(--map-root-user)
  if ! unshare --net "${as_user[@]}" true 2>/dev/null; then
    echo "with-localhost-redis: cannot make a network namespace here (unshare --net ${as_user[*]} failed);" >&2
    echo "run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)." >&2
    exit 1
  fi
  export TYPEDJOBS_PRIVATE_LOCALHOST=1
  exec unshare --net "${as_user[@]}" bash "$0" "$@"
fi

# Inside the namespace: bring its loopback up and start the Redis the command will find.
ip link set lo up
dir="$(mktemp -d)"
# appendonly on and noeviction (the default): the settings TypedJobs asks for, so a program's output has
# no warning about the server.
redis-server --bind "127.0.0.1 -::1" --port 6379 --dir "$dir" --save '' --appendonly yes \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
stop() {
  if [[ -s "$dir/redis.pid" ]]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap stop EXIT

# Wait until it answers: a bounded wait on the condition, not a fixed sleep.
for _ in $(seq 1 200); do
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
  sleep 0.05
done
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "with-localhost-redis: redis-server did not answer on localhost:6379; its log:" >&2
  cat "$dir/redis.log" >&2 || true
  exit 1
fi

"$@"
