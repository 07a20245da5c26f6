#!/usr/bin/env bash
# Runs the sample app (samples/WordCount) against a real Redis: the README's first command.
# Arguments are passed through to the sample, e.g.  build/run-sample.sh http://nvie.com
# The sample finds (or starts) Redis itself with TypedJobs.Testing's RedisServer; this script only
# makes sure a redis-server is there to be found.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# --allow-env: a server named by TYPEDJOBS_REDIS is enough for the sample.
bash "$repo_root/build/ensure-redis.sh" --allow-env

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# No cd: the caller's working directory stays, so relative paths among the arguments still work.
exec dotnet run -c Release --project "$repo_root/samples/WordCount" -- "$@"
