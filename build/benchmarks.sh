#!/usr/bin/env bash
# Re-generates the figures of docs/benchmarks.md: the results table (between its load-tool:table
# markers) and the chart docs/benchmarks-throughput.svg, from one run of the load tool against a
# throwaway local redis-server, with redis-benchmark's reference figures taken in the same run, and
# BullMQ and Sidekiq measured against the same redis-server at its end (benchmarks/peers).
#
#   build/benchmarks.sh             the tables and the chart (about five minutes)
#   build/benchmarks.sh --soak      also the 10-minute memory run (the load-tool:soak section)
#   build/benchmarks.sh --no-peers  without BullMQ and Sidekiq (nothing is installed for them)
#
# Any other arguments go to the load tool (e.g. --sweep 1,16,64); see benchmarks/TypedJobs.LoadTest.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

soak=false
peers=true
args=()
for arg in "$@"; do
  case "$arg" in
    --soak) soak=true ;;
    --no-peers) peers=false ;;
    *) args+=("$arg") ;;
  esac
done

# redis-server for the load tool; redis-benchmark comes with it (Debian's redis-tools).
bash build/ensure-redis.sh
if ! command -v redis-benchmark >/dev/null 2>&1; then
  echo "benchmarks: redis-benchmark is not on PATH; the reference figures will read n/a (Debian: apt-get install redis-tools)." >&2
fi

if [[ "$peers" == true ]]; then
  if bash build/ensure-peers.sh; then
    args+=(--peers benchmarks/peers)
  else
    echo "benchmarks: BullMQ and Sidekiq could not be installed (above); the table beside them is left out." >&2
  fi
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build -c Release benchmarks/TypedJobs.LoadTest -v quiet -nologo
load_tool=(dotnet run -c Release --no-build --project benchmarks/TypedJobs.LoadTest --)

"${load_tool[@]}" --doc docs/benchmarks.md --chart docs/benchmarks-throughput.svg "${args[@]}"
if [[ "$soak" == true ]]; then
  "${load_tool[@]}" --soak 600 --rate 2000 --doc docs/benchmarks.md
fi
