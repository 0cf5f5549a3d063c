#!/usr/bin/env bash
# install-system-deps.sh -- the Debian packages the tests need (Xvfb, a tray host, a
# notification daemon, Qt's xcb plugin libraries, screenshots, a Secret Service, PostgreSQL).
#
# Runs as root with no terminal and no stdin. Idempotent: installs only what is missing, and
# runs `apt-get update` (once) only when something is. With everything present it returns in
# well under a second.
#
#   .ci/install-system-deps.sh           # install what is missing
#   .ci/install-system-deps.sh --check   # list what is missing; exit 1 if anything is
#
# Not installed on purpose: dbus-x11 (its X11 autolaunch starts stray session buses that outlive
# a test run) and libxcb-xinerama0 (Qt 5 needed it; Qt 6's xcb plugin does not link it).
set -euo pipefail

PACKAGES=(
  # the headless desktop: X server, X tools, input/pointer driving, session bus, tray, notifications
  xvfb x11-utils xdotool dbus trayer dunst
  # what Qt 6's xcb platform plugin links against (checked with ldd on libQt6XcbQpa / libqxcb)
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  # screenshots (`import -window root`) and a real Secret Service for keychain tests
  imagemagick gnome-keyring
  # the team ledger's tests start a throw-away PostgreSQL cluster of their own
  postgresql
)

missing_packages() {  # one dpkg-query for all: packages it does not know are simply not listed
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${PACKAGES[@]}" 2>/dev/null \
    | awk '$1 == "ii" {print $2}' || true)
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    grep -qxF "$pkg" <<<"$installed" || printf '%s\n' "$pkg"
  done
}

main() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "system packages: all ${#PACKAGES[@]} present"
    return 0
  fi
  echo "system packages missing: ${missing[*]}"
  if [[ "${1:-}" == "--check" ]]; then
    return 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-system-deps.sh: must run as root to install packages" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local apt_opts=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  apt-get update -q </dev/null
  apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" </dev/null
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -ne 0 ]]; then
    echo "install-system-deps.sh: still missing after install: ${missing[*]}" >&2
    return 1
  fi
  echo "system packages: installed"
}

main "$@"
