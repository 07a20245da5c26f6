# Sourced by the build/ensure-*.sh scripts: apt_install WHO PACKAGE... installs Debian packages when this
# is a Debian-like machine and we are root; otherwise it says what to run and returns 1. A new machine's
# package lists are empty, so it runs `apt-get update` first; the lock timeout waits out
# unattended-upgrades on a freshly booted machine instead of failing at once.
apt_install() {
  local who="$1"
  shift
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: installing $* needs root on a Debian-like system. Run" >&2
    echo "    sudo apt-get update && sudo apt-get install -y $*" >&2
    return 1
  fi
  echo "$who: installing $* with apt-get..."
  local apt_options=(-o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}
