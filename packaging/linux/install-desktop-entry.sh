#!/bin/sh
# install-desktop-entry.sh -- put Follow-Through in the applications menu (for this user only).
#
#   ./install-desktop-entry.sh            # from the unpacked follow-through/ folder
#   ./install-desktop-entry.sh --remove   # take the entry out again (your data stays)
#
# Writes ~/.local/share/applications/follow-through.desktop, its Exec lines pointing at this
# folder's follow-through, and the icon when the bundle has one. Nothing else is touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/follow-through.desktop" "$icons/follow-through.png"
  echo "removed the menu entry; your promises and settings are kept"
  exit 0
fi
mkdir -p "$apps"
sed "s|^Exec=follow-through|Exec=\"$here/follow-through\"|" "$here/follow-through.desktop" \
  >"$apps/follow-through.desktop"
icon="$here/_internal/trayapp/resources/icons/app.png"
if [ -f "$icon" ]; then
  mkdir -p "$icons"
  cp "$icon" "$icons/follow-through.png"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "added Follow-Through to the applications menu ($apps/follow-through.desktop)"
