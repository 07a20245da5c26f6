#!/usr/bin/env bash
# Makes sure the tools the package check (build/check-package.sh) uses are there, installing the missing
# ones with apt-get when this is a Debian-like machine and we are root, as build/ensure-redis.sh does for
# redis-server; otherwise it says what to install and stops. Idempotent: with everything there it
# touches nothing.
#
#   clang, zlib      Native AOT's linker and the zlib it links (dotnet publish -p:PublishAot=true)
#   jq, unzip        merging appsettings.json, reading the packages
#   strings          finding SourceLink's map in the symbols (binutils)
#   unshare, ip      a network namespace with its own localhost (build/with-localhost-redis.sh)
set -euo pipefail

# "what to look for" "Debian package": a command on PATH, or a file for a library.
needs=(
  "clang clang"
  "/usr/include/zlib.h zlib1g-dev"
  "jq jq"
  "unzip unzip"
  "strings binutils"
  "unshare util-linux"
  "ip iproute2"
)

missing=()
for need in "${needs[@]}"; do
  read -r what package <<<"$need"
  if [[ "$what" == /* ]]; then
    [[ -e "$what" ]] || missing+=("$package")
  else
    command -v "$what" >/dev/null 2>&1 || missing+=("$package")
  fi
done
[[ ${#missing[@]} -gt 0 ]] || exit 0

# shellcheck source=apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
apt_install ensure-tools "${missing[@]}"
