#!/usr/bin/env bash
# Installs what the load tool's peer benchmarks need (benchmarks/peers, `--peers`): Sidekiq 6.4 under
# Ruby (Debian's ruby-sidekiq) and BullMQ 6.7 under Node.js (npm ci, from the folder's package-lock.json).
# Idempotent: what is already there is left alone. Exits non-zero, saying what is missing, when a peer
# cannot be installed; build/benchmarks.sh then runs without the peers.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$repo_root/benchmarks/peers"

# shellcheck source=apt.sh
source "$repo_root/build/apt.sh"

if ! ruby -e 'require "sidekiq"' >/dev/null 2>&1; then
  apt_install "ensure-peers (Sidekiq)" ruby ruby-sidekiq
fi
if ! command -v node >/dev/null 2>&1; then
  apt_install "ensure-peers (Node.js)" nodejs npm
fi
if [[ ! -d "$peers/node_modules/bullmq" ]]; then
  echo "ensure-peers: installing BullMQ with npm ci..."
  npm ci --prefix "$peers" --no-audit --no-fund --loglevel=error
fi
echo "ensure-peers: $(ruby -e 'require "sidekiq"; print "Sidekiq ", Sidekiq::VERSION, " on Ruby ", RUBY_VERSION'), BullMQ $(node -p "require('$peers/node_modules/bullmq/package.json').version") on Node.js $(node --version)"
