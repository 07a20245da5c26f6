#!/usr/bin/env bash
# Builds the solution and runs every test against a real Redis: the one command for developers
# and for CI (.ci/run). It has to work on a fresh clone on a new Debian machine that has only the
# .NET SDK, so it installs what the tests need first instead of assuming it.
#
# Then it consumes the packages as a user does, by the README's own commands (build/check-package.sh:
# pack, a new console app and worker service on the package, a Native AOT publish), about two minutes.
#
# Extra arguments go to `dotnet test`, e.g.
#   build/test.sh --filter "FullyQualifiedName~Worker"
#   build/test.sh --artifacts-path /tmp/artifacts     # keep bin/obj out of the work tree
#   TYPEDJOBS_SKIP_PACKAGE_CHECK=1 build/test.sh ...    # the test suite only
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# The tests start their own redis-server (tests/TypedJobs.Testing/RedisServer.cs); this makes sure
# there is one to start, or says how to get one and stops here.
bash build/ensure-redis.sh

# No first-run banner, telemetry notice or workload check: CI has no terminal and reads the log.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Keep dotnet's own output (it says what failed and why) and a copy for the summary below.
# stdin from /dev/null: CI has none, and nothing here should ever wait for a keypress.
set +e
dotnet test TypedJobs.sln -c Release --nologo "$@" </dev/null 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One line for the whole run, summed over the test assemblies' own summary lines:
#   Passed!  - Failed:     0, Passed:    16, Skipped:     0, Total:    16, Duration: 1 s - X.dll (net10.0)
# It has the plain "N passed, N failed, N skipped" form that CI logs are read for, and it is the
# last line printed.
read -r assemblies passed failed skipped < <(
  sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
    /^[[:space:]]*(Passed|Failed)! +- +Failed: / {
      assemblies++
      for (i = 1; i <= NF; i++) {
        if ($i == "Failed:")  { f += $(i + 1) + 0 }
        if ($i == "Passed:")  { p += $(i + 1) + 0 }
        if ($i == "Skipped:") { s += $(i + 1) + 0 }
      }
    }
    END { printf "%d %d %d %d\n", assemblies, p, f, s }'
)

if [[ "$status" -ne 0 && "$assemblies" -eq 0 ]]; then
  echo "build/test.sh: dotnet test failed (exit $status) before any test assembly reported; see the output above." >&2
fi

# The packages as a user consumes them, by the README's own commands (build/check-package.sh); each of
# its parts counts as a test in the summary. TYPEDJOBS_SKIP_PACKAGE_CHECK=1 leaves it out while iterating
# on something else; CI never sets it.
if [[ -z "${TYPEDJOBS_SKIP_PACKAGE_CHECK:-}" ]]; then
  set +e
  bash build/check-package.sh </dev/null 2>&1 | tee "$log"
  check_status=${PIPESTATUS[0]}
  set -e
  read -r check_passed check_failed < <(sed -n 's/^package check: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -n 1)
  passed=$((passed + ${check_passed:-0}))
  failed=$((failed + ${check_failed:-0}))
  if [[ "$check_status" -ne 0 ]]; then
    [[ -n "${check_failed:-}" && "$check_failed" -gt 0 ]] || failed=$((failed + 1))
    [[ "$status" -ne 0 ]] || status=$check_status
  fi
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
