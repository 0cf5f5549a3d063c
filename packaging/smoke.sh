#!/usr/bin/env bash
# smoke.sh -- start the frozen Follow-Through as a user would and check that it works.
#
#   bash packaging/smoke.sh              # the bundle in dist/ (build it first: build.sh)
#   bash packaging/smoke.sh --build      # build the bundle (timed), then check it
#   bash packaging/smoke.sh PROGRAM      # another frozen executable
#
# With no Python project around (an empty folder as working directory, no virtualenv on PATH,
# no PYTHON* variables) and a temporary data folder, it runs: --version, doctor --json, a
# promise added and listed through the frozen command line, a suggested message from the
# shipped scripts, a phone number written by the bundled phone tables, then `run
# --quit-after` on a desktop, which must show its tray icon and exit 0. On Linux the desktop is a headless one of its own (Xvfb, a session bus, trayer,
# dunst) when those are installed; without them the tray step is skipped, unless
# SMOKE_REQUIRE_DESKTOP=1. On Windows and macOS the runner's own desktop is used.
# Prints the build time (with --build) and the bundle's size. Exit 0 when all passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quit_after=${SMOKE_QUIT_AFTER:-4}

case "$(uname -s)" in
  Linux*) os=linux ;;
  Darwin*) os=macos ;;
  *) os=windows ;;
esac

if [[ "${1:-}" == "--build" ]]; then
  started=$(date +%s)
  bash "$root/packaging/build.sh" --bundle
  echo "build time: $(($(date +%s) - started)) s"
  shift
fi
case $os in
  linux) default="$root/dist/follow-through/follow-through" ;;
  macos) default="$root/dist/Follow-Through.app/Contents/MacOS/follow-through" ;;
  windows) default="$root/dist/follow-through/follow-through.exe" ;;
esac
program=${1:-$default}
[[ -x $program ]] || { echo "smoke: no frozen app at $program (run packaging/build.sh)" >&2; exit 1; }
bundle=$(dirname "$program")
[[ $os == macos ]] && bundle=$(cd "$bundle/../.." && pwd)
echo "bundle size: $(($(du -sk "$bundle" | cut -f1) / 1024)) MiB ($bundle)"

# ---- a profile with nothing of the project in it -----------------------------------------------
tmp=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/work" "$tmp/data" "$tmp/config" "$tmp/runtime"
chmod 700 "$tmp/data" "$tmp/config" "$tmp/runtime"
cd "$tmp/work"
unset VIRTUAL_ENV PYTHONPATH PYTHONHOME PYTHONSTARTUP CONDA_PREFIX
clean_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '\.venv' -e "$root" | paste -sd: -)
export PATH=$clean_path
native() {  # a path as the program sees it (Windows paths under Git Bash)
  if [[ $os == windows ]] && command -v cygpath >/dev/null; then cygpath -w "$1"; else echo "$1"; fi
}
export TRAYAPP_DATA_DIR="$(native "$tmp/data")" TRAYAPP_CONFIG_DIR="$(native "$tmp/config")"
[[ $os == linux ]] && export XDG_RUNTIME_DIR="$tmp/runtime"

failed=0
check() {  # check NAME EXPECTED-TEXT COMMAND...: exit 0 and EXPECTED-TEXT in its output
  local name=$1 expect=$2 out code=0
  shift 2
  out=$("$@" 2>&1) || code=$?
  if [[ $code -eq 0 && $out == *"$expect"* ]]; then
    echo "ok   $name"
  else
    echo "FAIL $name (exit $code)"
    printf '%s\n' "$out" | tail -n 20 | sed 's/^/     /'
    failed=1
  fi
}

version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/trayapp/__init__.py")
check "--version" "$version" "$program" --version
check "add a promise" '"what": "send feedback"' \
  "$program" add --json "Dana Reyes: send feedback by fri 3pm"
check "list it" '"contact": "Dana Reyes"' "$program" list --json
check "suggested message" "Dana" "$program" script 1
check "a phone number written the international way" '"phone": "+44 20 7946 0958"' \
  "$program" contacts edit "Dana Reyes" --phone "0044 (0)20 7946 0958" --json
check "doctor --json (keychain question)" '"backend": "keyring.backends.' \
  "$program" doctor --json

# ---- the desktop ----------------------------------------------------------------------------------
desktop_tools=(Xvfb dbus-daemon dbus-send trayer dunst xwininfo)
have_desktop() {
  local tool
  for tool in "${desktop_tools[@]}"; do command -v "$tool" >/dev/null || return 1; done
}

wait_until() {  # wait_until SECONDS WHAT COMMAND...: poll until COMMAND succeeds
  local what=$2 end=$((SECONDS + $1))
  shift 2
  while ((SECONDS < end)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "smoke: $what not ready in time" >&2
  return 1
}

start_desktop() {  # a headless desktop of our own; every process is stopped on exit
  exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>"$tmp/xvfb.log" & echo "pid $!")
  local line display=""
  read -r -t 10 line <&3 && pids+=("${line#pid }")
  read -r -t 10 display <&3 || { echo "smoke: Xvfb did not start" >&2; return 1; }
  export DISPLAY=":$display" QT_QPA_PLATFORM=xcb
  cat >"$tmp/bus.conf" <<CONF
<busconfig><type>session</type><listen>unix:path=$tmp/runtime/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>
CONF
  dbus-daemon --config-file="$tmp/bus.conf" --nofork --nopidfile >"$tmp/dbus.log" 2>&1 &
  pids+=($!)
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/runtime/bus"
  wait_until 10 "the session bus" test -S "$tmp/runtime/bus" || return 1
  trayer --edge top --align right --widthtype request --height 24 --SetDockType true \
    >"$tmp/trayer.log" 2>&1 &
  pids+=($!)
  wait_until 10 "the tray (trayer)" tray_host || return 1
  # dunst runs the recorder for every notification it shows: its app name and icon file
  printf '#!/bin/sh\nprintf "%%s\\t%%s\\n" "$DUNST_APP_NAME" "$DUNST_ICON_PATH" >>"%s"\n' \
    "$tmp/notifications.tsv" >"$tmp/recorder"
  chmod +x "$tmp/recorder"
  printf '[record]\n    summary = "*"\n    script = %s\n' "$tmp/recorder" >"$tmp/dunstrc"
  : >"$tmp/notifications.tsv"
  dunst -config "$tmp/dunstrc" >"$tmp/dunst.log" 2>&1 &
  pids+=($!)
  wait_until 10 "the notification daemon (dunst)" notifier_up || return 1
}

notifier_up() {
  dbus-send --session --print-reply --reply-timeout=2000 --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.Notifications | grep -q 'boolean true'
}

tray_host() { xwininfo -root -tree | grep -q '("panel" "trayer")'; }

# The app's icon is an X window embedded in trayer's panel: listed below the panel in the
# window tree, with the app's window class (WM_CLASS "follow-through", "Follow-Through").
tray_icon_shown() {
  xwininfo -root -tree | awk '
    /\("panel" "trayer"\)/ { depth = match($0, /[^ ]/); inside = 1; next }
    inside && match($0, /[^ ]/) <= depth { inside = 0 }
    inside && /\("follow-through" "Follow-Through"\)/ { found = 1 }
    END { exit !found }'
}

# Every notification the app showed carries its own icon (a file in the bundle), never
# desktop-notifier's Python logo.
notification_icons() {
  local icons
  icons=$(awk -F '\t' '$1 == "Follow-Through" { print $2 }' "$tmp/notifications.tsv")
  if [[ -z $icons ]]; then
    echo "skip notification icon: the app showed no notification this time"
  elif grep -qv "resources/icons/app" <<<"$icons"; then
    echo "FAIL notification without the app's icon:"; sed 's/^/     /' <<<"$icons"; failed=1
  else
    echo "ok   notifications carry the app's icon ($(wc -l <<<"$icons") shown)"
  fi
}

desktop=none
if [[ $os != linux ]]; then
  desktop=own
elif have_desktop; then
  start_desktop && desktop=headless
elif [[ ${SMOKE_REQUIRE_DESKTOP:-0} == 1 ]]; then
  echo "FAIL desktop: not installed: ${desktop_tools[*]} (.ci/install-system-deps.sh)"
  failed=1
fi

if [[ $desktop != none ]]; then
  # doctor's tray question runs in a child: the frozen program answering `-c CODE` itself
  check "doctor --json (tray question)" '"messages": ' "$program" doctor --json
  "$program" run --quit-after "$quit_after" >"$tmp/run.log" 2>&1 &
  app=$!
  pids+=("$app")
  if wait_until 30 "the app" grep -q '^trayapp: ready' "$tmp/run.log" \
    && grep -q 'tray=yes' "$tmp/run.log"; then
    echo "ok   tray app ready: $(grep '^trayapp: ready' "$tmp/run.log")"
  else
    echo "FAIL tray app not ready with a tray"; sed 's/^/     /' "$tmp/run.log"; failed=1
  fi
  if [[ $desktop == headless ]]; then
    if wait_until 10 "the tray icon" tray_icon_shown; then
      echo "ok   tray icon shown in the tray"
    else
      echo "FAIL no tray icon in the tray"; failed=1
    fi
  fi
  code=0
  wait "$app" || code=$?
  [[ $desktop == headless ]] && notification_icons
  if [[ $code -eq 0 ]]; then
    echo "ok   run --quit-after $quit_after exited 0"
  else
    echo "FAIL run --quit-after $quit_after exited $code"; sed 's/^/     /' "$tmp/run.log"
    failed=1
  fi
else
  echo "skip tray app: no desktop here (install ${desktop_tools[*]})"
fi

if ((failed)); then
  echo "smoke: FAILED"
  exit 1
fi
echo "smoke: passed"
