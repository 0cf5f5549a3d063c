#!/usr/bin/env bash
# build.sh -- build Follow-Through for the OS this runs on, then its installer.
#
#   bash packaging/build.sh              # from anywhere; uses (or makes) the checkout's .venv
#   bash packaging/build.sh --bundle     # the frozen app only, no installer or tarball
#
# Linux:   dist/follow-through/follow-through and dist/follow-through-<version>-linux-<arch>.tar.gz
# Windows: dist/follow-through/follow-through.exe and, with Inno Setup's iscc on PATH,
#          dist/Follow-Through-<version>-setup.exe
# macOS:   dist/Follow-Through.app and dist/Follow-Through-<version>.dmg (signed and notarised
#          when an Apple identity is configured; see packaging/macos/make-dmg.sh)
#
# PYTHON picks the interpreter that makes .venv (default python3). Prints the build time and
# the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle_only=0
[[ "${1:-}" == "--bundle" ]] && bundle_only=1

case "$(uname -s)" in
  Linux*) os=linux ;;
  Darwin*) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac

venv_python=.venv/bin/python
[[ $os == windows ]] && venv_python=.venv/Scripts/python.exe
if [[ ! -x $venv_python ]]; then
  "${PYTHON:-python3}" -m venv .venv
fi
pip=("$venv_python" -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" -e . -r packaging/requirements.txt

version=$("$venv_python" -c 'import trayapp; print(trayapp.__version__)')
echo "== building Follow-Through $version for $os"
started=$(date +%s)
"$venv_python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/follow-through.spec
built=$(($(date +%s) - started))

if [[ $os == macos ]]; then
  bundle="dist/Follow-Through.app"
  rm -rf dist/follow-through  # the .app holds the same files; one copy is enough
else
  bundle="dist/follow-through"
fi
size=$(du -sk "$bundle" | cut -f1)
echo "built $bundle in ${built} s; size $((size / 1024)) MiB"

((bundle_only)) && exit 0
case $os in
  linux)
    arch=$(uname -m)
    cp packaging/linux/follow-through.desktop packaging/linux/install-desktop-entry.sh dist/follow-through/
    tarball="dist/follow-through-$version-linux-$arch.tar.gz"
    tar -C dist -czf "$tarball" follow-through
    echo "tarball $tarball ($(($(du -sk "$tarball" | cut -f1) / 1024)) MiB)"
    ;;
  windows)
    if command -v iscc >/dev/null 2>&1; then
      iscc //Q "//DAppVersion=$version" packaging/windows/follow-through.iss
      echo "installer dist/Follow-Through-$version-setup.exe"
    else
      echo "no installer: Inno Setup's iscc is not on PATH (choco install innosetup)"
    fi
    ;;
  macos)
    bash packaging/macos/make-dmg.sh "$bundle" "dist/Follow-Through-$version.dmg"
    ;;
esac
