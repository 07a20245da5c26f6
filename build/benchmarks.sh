#!/usr/bin/env bash
# Re-generates the figures of docs/benchmarks.md: the results table (between its load-tool:table
# markers) and the chart docs/benchmarks-throughput.svg, from one run of the load tool against a
# throwaway local redis-server, with redis-benchmark's reference figures taken in the same run.
#
#   build/benchmarks.sh           the table and the chart (about three minutes)
#   build/benchmarks.sh --soak    also the 10-minute memory run (the load-tool:soak section)
#
# Any other arguments go to the load tool (e.g. --sweep 1,16,64); see benchmarks/TypedJobs.LoadTest.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

soak=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--soak" ]]; then soak=true; else args+=("$arg"); fi
done

# redis-server for the load tool; redis-benchmark comes with it (Debian's redis-tools).
bash build/ensure-redis.sh
if ! command -v redis-benchmark >/dev/null 2>&1; then
  echo "benchmarks: redis-benchmark is not on PATH; the reference figures will read n/a (Debian: apt-get install redis-tools)." >&2
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build -c Release benchmarks/TypedJobs.LoadTest -v quiet -nologo
load_tool=(dotnet run -c Release --no-build --project benchmarks/TypedJobs.LoadTest --)

"${load_tool[@]}" --doc docs/benchmarks.md --chart docs/benchmarks-throughput.svg "${args[@]}"
if [[ "$soak" == true ]]; then
  "${load_tool[@]}" --soak 600 --rate 2000 --doc docs/benchmarks.md
fi
