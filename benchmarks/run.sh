#!/usr/bin/env bash
# Runs every benchmark and prints one table of figures, baselines, ratios and targets.
#
#   bash benchmarks/run.sh [--tiny] [--json FILE] [--only NAME ...]
#
# The tray app and its baseline (a bare PySide6 tray) are started on a headless desktop of
# their own (Xvfb, a private D-Bus, the trayer tray host and dunst) when those programs are
# installed (.ci/install-system-deps.sh installs them), and stopped afterwards; without them
# everything runs offscreen, start-up is timed to each program's ready line instead of its
# icon in the tray, and the table says so. The full run takes about ten minutes (five of them
# idle); --tiny takes well under one.
set -euo pipefail
cd "$(dirname "$0")/.."

python=.venv/bin/python
if [ ! -x "$python" ]; then
  echo "no .venv here: run  python3 -m venv .venv && .venv/bin/pip install -e '.[test]'" >&2
  exit 2
fi
missing=()
for program in Xvfb dbus-daemon trayer dunst xdotool; do
  command -v "$program" >/dev/null 2>&1 || missing+=("$program")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "benchmarks: no headless desktop (missing: ${missing[*]}): running offscreen" >&2
fi
exec "$python" -m benchmarks "$@"
