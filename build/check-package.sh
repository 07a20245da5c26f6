#!/usr/bin/env bash
# The packages, consumed the way a new user consumes them, by the README's own commands and code:
#
#   1. a clean copy of this work tree (tracked and new files, no bin/ or obj/), laid out as the README's
#      `git clone` leaves it, with the project's home as its origin (so SourceLink maps as in a real clone);
#   2. the README's quick-start commands, run as written: pack, `dotnet new console`, a nuget.config,
#      `dotnet add package`; then its Program.cs, built with warnings as errors and run against a Redis of
#      its own at localhost:6379 (build/with-localhost-redis.sh), and the README's first example and the
#      package readme's the same way;
#   3. the same app published with PublishAot=true, run as a native executable, with no trim or AOT
#      warning from TypedJobs' own assemblies;
#   4. the README's worker-service commands (`dotnet new worker`, TypedJobs.Hosting): the template's
#      Program.cs with the README's hosting lines and its appsettings.json section, the README's Signups.cs,
#      built with warnings as errors (and again with `using TypedJobs;` and the README's alias for the
#      template's Worker), run until it has run a job on each of the README's workers, with no warning
#      in its log;
#   5. the packages' metadata (licence, readme, URLs, symbols, SourceLink).
#
# Each part prints "package check: PART ok" or says what failed; the last line is "N passed, N failed".
# build/test.sh runs it after the test suite, so CI runs it on every run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readme="$repo_root/README.md"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash "$repo_root/build/ensure-redis.sh"
bash "$repo_root/build/ensure-tools.sh"

work="$(mktemp -d)"
# TYPEDJOBS_KEEP_CHECK=1 keeps the apps and their output for a look afterwards.
if [[ -n "${TYPEDJOBS_KEEP_CHECK:-}" ]]; then echo "package check: working in $work (kept)"; else trap 'rm -rf "$work"' EXIT; fi
log="$work/log"
passed=0
failed=0

# The body of the fenced block that follows the README marker `<!-- check: KIND KEY=VALUE ... -->`.
block() {
  local kind="$1" key="$2"
  awk -v marker="<!-- check: $kind " -v key="$key" '
    index($0, marker) == 1 && index($0, " " key " ") { armed = 1; next }
    armed && !inside && /^```/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }
  ' "$readme"
}

# The shell commands of a README console block: "$ " lines, without their trailing "# ..." comments.
commands() {
  block package-commands "app=$1" | sed -n 's/^\$ //p' | sed 's/[[:space:]]\{2,\}#.*$//'
}

part() {
  local name="$1"
  shift
  echo "package check: $name ..."
  # In a subshell with errexit of its own: in an `if` condition bash would ignore every failure inside.
  local status=0
  (set -e; "$@") >"$log" 2>&1 || status=$?
  if [[ "$status" -eq 0 ]]; then
    echo "package check: $name ok"
    passed=$((passed + 1))
  else
    echo "package check: $name FAILED; its output:" >&2
    tail -n 60 "$log" >&2
    failed=$((failed + 1))
  fi
}

# Runs the commands of one README console block in $work, in one shell as a user types them (so a `cd`
# carries over to the next line); the `git clone` of the project is the copy this script made.
readme_commands() {
  local script="$work/$1.sh"
  {
    echo "set -e"
    while IFS= read -r line; do
      [[ -n "$line" ]] || continue
      printf 'echo %q\n' "\$ $line"
      case "$line" in
        "git clone "*) echo "echo '(the work tree copy stands in for it)'" ;;
        *) echo "$line" ;;
      esac
    done < <(commands "$1")
  } >"$script"
  (cd "$work" && bash "$script")
}

copy_work_tree() {
  local clone="$work/typedjobs"
  mkdir -p "$clone"
  (cd "$repo_root" && git ls-files -co --exclude-standard -z | tar --null -T - -c) | tar -x -C "$clone"
  git -C "$clone" init -q
  git -C "$clone" add -A
  git -C "$clone" -c user.name="package check" -c user.email="check@localhost" commit -qm "work tree"
  git -C "$clone" remote add origin https://github.com/typedjobs/typedjobs.git
  # A version never changes, so NuGet keeps the first package of one forever: drop the copies of earlier
  # checks, or this one would test those.
  local cache
  cache="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
  rm -rf "$cache/typedjobs" "$cache/typedjobs.hosting"
}

# The README's quick start: its commands, its Program.cs, built with warnings as errors, run.
console_app() {
  readme_commands MyApp
  block program "name=quick-start" >"$work/MyApp/Program.cs"
  dotnet build "$work/MyApp" -c Release -warnaserror
  bash "$repo_root/build/with-localhost-redis.sh" dotnet run --project "$work/MyApp" -c Release --no-build | tee "$work/MyApp.out"
  grep -qx 'WordJobs.CountWords(text: "http://nvie.com is a site") = 4' "$work/MyApp.out"
}

# Another whole program of the docs, in the same app: built with warnings as errors, run, its last line
# checked. The README's first example, at its top, and the package readme's (src/PACKAGE.md).
other_program() {
  local page="$1" name="$2" last="$3"
  readme="$repo_root/$page" block program "name=$name" >"$work/MyApp/Program.cs"
  dotnet build "$work/MyApp" -c Release -warnaserror
  bash "$repo_root/build/with-localhost-redis.sh" dotnet run --project "$work/MyApp" -c Release --no-build | tee "$work/$name.out"
  [[ "$(tail -n 1 "$work/$name.out")" == "$last" ]]
}

# The quick start again, as a native executable.
aot_app() {
  block program "name=quick-start" >"$work/MyApp/Program.cs"
  dotnet publish "$work/MyApp" -c Release -p:PublishAot=true -o "$work/MyApp/aot" | tee "$work/aot.build"
  # MemoryPack.Core's own warnings (IL2104/IL3053) are its matter; none may come from TypedJobs.
  if grep -E 'warning IL[0-9]{4}' "$work/aot.build" | grep -v "MemoryPack.Core"; then
    echo "trim or AOT warnings other than MemoryPack.Core's, above" >&2
    return 1
  fi
  bash "$repo_root/build/with-localhost-redis.sh" "$work/MyApp/aot/MyApp" | tee "$work/aot.out"
  grep -qx 'WordJobs.CountWords(text: "http://nvie.com is a site") = 4' "$work/aot.out"
}

# The README's hosting: a worker service with the README's lines, settings and Signups.cs.
worker_app() {
  readme_commands MyWorker
  local app="$work/MyWorker"
  # The template's Program.cs, with the README's `builder.Services` lines after its `var builder` line.
  block host-program "name=hosting" | grep '^builder\.Services\.' >"$work/hosting-lines"
  awk -v lines="$work/hosting-lines" '{ print } /^var builder = / { while ((getline l < lines) > 0) print l }' \
    "$app/Program.cs" >"$work/Program.cs"
  mv "$work/Program.cs" "$app/Program.cs"
  grep -q 'AddTypedJobs' "$app/Program.cs"
  block appsettings "name=hosting" >"$work/hosting.json"
  jq -s '.[0] * .[1]' "$app/appsettings.json" "$work/hosting.json" >"$work/appsettings.json"
  mv "$work/appsettings.json" "$app/appsettings.json"
  block file "name=signups" >"$app/Signups.cs"
  # In place of the template's placeholder Worker, one (of the same name) that uses Signups the way an
  # app would, then stops the app: a job on each of the README's workers, with its result.
  cat >"$app/Worker.cs" <<'EOF'
using Microsoft.Extensions.DependencyInjection;
using TypedJobs;
using TypedJobs.Hosting;

namespace MyWorker;

public sealed class Worker(TypedJobsClient jobs, [FromKeyedServices("high")] JobQueue high, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signups = new Signups(jobs, high);
        var welcome = await signups.Welcome(7);
        var report = await signups.Report("2026-12-04");
        var reportText = await report.WaitForResultAsync(TimeSpan.FromSeconds(60), stoppingToken);
        var welcomeStatus = await welcome.WaitForEndAsync(TimeSpan.FromSeconds(60), stoppingToken);
        Console.WriteLine($"package check: {welcomeStatus}, {reportText}");
        lifetime.StopApplication();
    }
}
EOF
  # Program.cs needs no `using TypedJobs;` ...
  dotnet build "$app" -c Release -warnaserror
  # ... and with one, the alias the README gives keeps the template's Worker unambiguous (no CS0104).
  cp "$app/Program.cs" "$work/Program.plain.cs"
  { printf 'using TypedJobs;\nusing Worker = MyWorker.Worker;\n'; cat "$work/Program.plain.cs"; } >"$app/Program.cs"
  grep -q 'using Worker = MyWorker.Worker;' "$readme"
  dotnet build "$app" -c Release -warnaserror
  bash "$repo_root/build/with-localhost-redis.sh" timeout 120 dotnet run --project "$app" -c Release --no-build | tee "$work/MyWorker.out"
  grep -qx 'package check: Finished, Signups on 2026-12-04: 42' "$work/MyWorker.out"
  grep -q 'Welcome, user 7!' "$work/MyWorker.out"
  # The README's pieces agree: no worker twice, a host that waits for its workers, no risky setting.
  if grep -E '^(warn|fail|crit):' "$work/MyWorker.out"; then
    echo "the worker service logged the warnings above" >&2
    return 1
  fi
}

# What a feed and a licence scanner read, and symbols whose sources a debugger can fetch.
metadata() {
  local artifacts="$work/typedjobs/artifacts" package nuspec
  for package in TypedJobs TypedJobs.Hosting; do
    nuspec="$(unzip -p "$artifacts/$package.0.1.0.nupkg" "$package.nuspec")"
    for field in '<license type="expression">MIT</license>' '<readme>README.md</readme>' \
      '<projectUrl>https://github.com/typedjobs/typedjobs</projectUrl>' '<authors>' '<description>' '<tags>' \
      '<repository type="git" url="https://github.com/typedjobs/typedjobs.git"'; do
      grep -qF "$field" <<<"$nuspec" || { echo "$package.nuspec has no $field" >&2; return 1; }
    done
    unzip -l "$artifacts/$package.0.1.0.nupkg" | grep -q ' README.md$'
    unzip -o -q "$artifacts/$package.0.1.0.snupkg" -d "$work/symbols-$package"
    strings "$work/symbols-$package/lib/net10.0/$package.pdb" | grep -q 'https://raw.githubusercontent.com/typedjobs/typedjobs/[0-9a-f]\{40\}/\*'
  done
  # Floors, not the newest: an app on StackExchange.Redis 2.7 or Microsoft.Extensions 8 gets no NU1605.
  unzip -p "$artifacts/TypedJobs.0.1.0.nupkg" TypedJobs.nuspec | grep -q '<dependency id="StackExchange.Redis" version="2.7.27"'
  unzip -p "$artifacts/TypedJobs.Hosting.0.1.0.nupkg" TypedJobs.Hosting.nuspec | grep -q '<dependency id="Microsoft.Extensions.Hosting" version="8.0.0"'
}

part "copy of the work tree" copy_work_tree
part "console app (README quick start)" console_app
part "README first example" other_program README.md first-example 4
part "package readme example" other_program src/PACKAGE.md package-readme 4
part "Native AOT publish" aot_app
part "worker service (README hosting)" worker_app
part "package metadata" metadata

echo "package check: $passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
