#!/usr/bin/env bash
# Installs what the load tool's peer benchmarks need (benchmarks/peers, `--peers`): Sidekiq 6.4 under
# Ruby (Debian's ruby-sidekiq) and BullMQ 6.7 under Node.js (npm ci, from the folder's package-lock.json).
# Idempotent: what is already there is left alone. Exits non-zero, saying what is missing, when a peer
# cannot be installed; build/benchmarks.sh then runs without the peers.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$repo_root/benchmarks/peers"

apt_install() {
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-peers: $1 is missing and installing it needs root on a Debian-like system. Run" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${*:2}" >&2
    return 1
  fi
  echo "ensure-peers: installing ${*:2} with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  local apt_options=(-o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
  apt-get "${apt_options[@]}" update -qq
  apt-get "${apt_options[@]}" install -y -qq --no-install-recommends "${@:2}" >/dev/null
}

if ! ruby -e 'require "sidekiq"' >/dev/null 2>&1; then
  apt_install "Sidekiq (Ruby)" ruby ruby-sidekiq
fi
if ! command -v node >/dev/null 2>&1; then
  apt_install "Node.js" nodejs npm
fi
if [[ ! -d "$peers/node_modules/bullmq" ]]; then
  echo "ensure-peers: installing BullMQ with npm ci..."
  npm ci --prefix "$peers" --no-audit --no-fund --loglevel=error
fi
echo "ensure-peers: $(ruby -e 'require "sidekiq"; print "Sidekiq ", Sidekiq::VERSION, " on Ruby ", RUBY_VERSION'), BullMQ $(node -p "require('$peers/node_modules/bullmq/package.json').version") on Node.js $(node --version)"
