#!/usr/bin/env bash
# Sets up everything the tests need, then runs them all: formatting and lint (ruff), types
# (mypy --strict), the layer contracts (import-linter) and pytest — offscreen widget tests and
# the end-to-end tests on a headless desktop (Xvfb, a tray host and a notification daemon); then
# every benchmark at a tiny size, so that a broken benchmark fails the run; then, on Linux with
# Xvfb, the frozen app: built (packaging/build.sh) and smoke-tested (packaging/smoke.sh), 1 to
# 2.5 minutes. TRAYAPP_FROZEN_SMOKE=0 leaves that step out.
#
#   bash tests/run-all.sh            # from the repository root, on a machine with Python 3.11+
#
# Debian packages for the headless desktop are installed when running as root with apt-get;
# elsewhere the desktop tests skip themselves (set TRAYAPP_REQUIRE_X=1 to make that a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ -f .ci/install-system-deps.sh ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  bash .ci/install-system-deps.sh
fi

step() { printf '\n== %s\n' "$*"; }
step "ruff format --check"; .venv/bin/ruff format --check .
step "ruff check";          .venv/bin/ruff check .
step "mypy --strict";       .venv/bin/mypy
step "import contracts";    .venv/bin/lint-imports
step "pytest";              QT_QPA_PLATFORM=offscreen .venv/bin/pytest -q -p no:cacheprovider "$@"
step "benchmarks (tiny)";   .venv/bin/python -m benchmarks --tiny

if [ "$(uname -s)" = Linux ] && command -v Xvfb >/dev/null 2>&1 && [ "${TRAYAPP_FROZEN_SMOKE:-1}" != 0 ]; then
  step "frozen app: build and smoke test"
  SMOKE_REQUIRE_DESKTOP=${TRAYAPP_REQUIRE_X:-0} bash packaging/smoke.sh --build
fi
