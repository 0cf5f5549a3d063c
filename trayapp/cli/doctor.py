"""``trayapp doctor``: paths, versions and what works on this machine.

Each probe is bounded in time and runs apart from the others, so a missing display or a
locked keychain shows up as a line in the report instead of a hang.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from trayapp import APP_NAME, __version__
from trayapp.cli.output import emit_json
from trayapp.core.errors import BadInput, UserFacingError
from trayapp.ledger.opening import load_settings
from trayapp.platform.hotkey.choose import check_chord, hotkey_backend, hotkey_unavailable
from trayapp.platform.paths import AppPaths, resolve_paths

PROBE_SECONDS = 8.0

_QT_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
app = QApplication(sys.argv[:1])
print(json.dumps({"platform": app.platformName(),
                  "tray": QSystemTrayIcon.isSystemTrayAvailable(),
                  "messages": QSystemTrayIcon.supportsMessages()}))
"""


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def probe_qt() -> dict[str, Any]:
    """Start Qt in a child process and ask about the tray (no display: say how to get one)."""
    if not _has_display():
        return {"ok": False, "detail": "no display: set DISPLAY (e.g. run under Xvfb)"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _QT_PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError, OSError):
        return {"ok": False, "detail": "Qt could not start on this display"}
    return {"ok": bool(found["tray"]), **found}


def probe_keyring() -> dict[str, Any]:
    """Name the keychain backend, in a child process so a locked keychain cannot hang us."""
    code = (
        "import keyring; k = keyring.get_keyring(); "
        "print(type(k).__module__ + '.' + type(k).__name__)"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return {"ok": False, "detail": "the keychain did not answer"}
    backend = done.stdout.strip()
    usable = bool(backend) and "fail" not in backend.lower() and "null" not in backend.lower()
    return {"ok": usable, "backend": backend or "none"}


_AUTHORISATION_PROBE = """
import asyncio
from desktop_notifier import DesktopNotifier
print(asyncio.run(DesktopNotifier(app_name="Follow-Through").has_authorisation()))
"""
NOT_ALLOWED = (
    "notifications are not allowed for Follow-Through: allow them in System Settings > "
    "Notifications; until then reminders show in the menu bar only"
)


def probe_team(paths: AppPaths) -> dict[str, Any]:
    """Whether this desktop is on a team, and whether its server answers now (2 s at most)."""
    if not paths.team_file.exists():
        return {"ok": True, "detail": "not on a team"}
    from trayapp.ledger.team_link import joined, link_address, where
    from trayapp.store.team_server import TeamServerError, connect

    team = joined(paths)
    if team is None:
        return {"ok": False, "detail": "the team settings cannot be read: join again"}
    try:
        with connect(link_address(paths, team, quick=True)):
            pass
    except TeamServerError as error:
        return {"ok": False, "detail": error.message}
    return {"ok": True, "detail": f"on the team ledger {where(team)} as {team['me']}; it answers"}


def probe_notifications(platform: str = sys.platform) -> dict[str, Any]:
    """Whether native notifications can be shown; on macOS, whether the user allowed them."""
    if platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return {"ok": False, "detail": "no D-Bus session bus: notifications fall back to the tray"}
    if platform == "darwin":
        try:
            done = subprocess.run(
                [sys.executable, "-c", _AUTHORISATION_PROBE],
                capture_output=True,
                text=True,
                timeout=PROBE_SECONDS,
                check=False,
            )
        except (subprocess.TimeoutExpired, OSError):
            return {"ok": False, "detail": "the notification centre did not answer"}
        if done.stdout.strip() != "True":
            return {"ok": False, "detail": NOT_ALLOWED}
    return {"ok": True, "detail": "native notifications available"}


def probe_autostart() -> dict[str, Any]:
    """Whether the app starts at login, and where that entry is."""
    from trayapp.platform.autostart import autostart_for

    state = autostart_for().status()
    return {"ok": state.enabled, "enabled": state.enabled, "location": state.location}


def probe_hotkey(chord: str) -> dict[str, Any]:
    """Whether the configured quick-add chord can be a global hotkey here, and through what."""
    if not _has_display():
        return {"ok": False, "detail": "no display"}
    reason = hotkey_unavailable()
    if reason is not None:
        return {"ok": False, "detail": reason}
    backend = hotkey_backend()
    found = {"chord": chord, "through": backend}
    if backend == "python-xlib":
        found[backend] = _version(backend)
        if found[backend] == "not installed":
            return {"ok": False, **found}
    try:
        check_chord(chord)
    except ValueError as error:
        return {"ok": False, **found, "detail": str(error)}
    return {"ok": True, **found}


def _database(paths: AppPaths) -> dict[str, Any]:
    """Whether the ledger can be used: its schema is one this version understands and
    ``quick_check`` passes. An encrypted ledger is checked with its key when the keychain or
    ``TRAYAPP_PASSPHRASE`` gives it; otherwise it is reported as not checked."""
    from trayapp.ledger.opening import key_vault, unlock
    from trayapp.ledger.unlocking import refuse_not_a_database
    from trayapp.store.db import connect_raw, is_encrypted

    path = paths.database
    if not path.exists():
        return {"exists": False, "ok": True, "detail": "no ledger yet; one is made on first use"}
    if path.is_file() and path.stat().st_size == 0:
        return {"exists": True, "ok": False, "detail": _empty_ledger(paths)}
    key: bytes | None = None
    try:
        if is_encrypted(path):
            refuse_not_a_database(paths, key_vault(paths))
            key = unlock(key_vault(paths), interactive=False).key
        conn = connect_raw(path, key)
    except UserFacingError as err:
        return {"exists": True, "ok": False, "detail": f"not checked: {err.message}"}
    try:
        return {"exists": True, **_check(conn), "encrypted": key is not None}
    finally:
        conn.close()


def _empty_ledger(paths: AppPaths) -> str:
    from trayapp.ledger.unlocking import restore_hint

    return (
        f"unusable: the ledger file {paths.database} is empty (0 bytes) and holds no data. "
        + restore_hint(paths)
    )


def _check(conn: Any) -> dict[str, Any]:
    from trayapp.store.migrations import check_usable

    try:
        version = check_usable(conn)
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except UserFacingError as err:
        return {"ok": False, "detail": err.message}
    except Exception as err:  # a damaged file fails here, whatever the driver
        return {"ok": False, "detail": str(err) or type(err).__name__}
    return {"ok": check == "ok", "schema": version, "quick_check": check}


def doctor(args: argparse.Namespace) -> int:
    from trayapp.ledger.opening import describe_encryption
    from trayapp.store.driver import sqlite_version
    from trayapp.store.health import risky_location

    paths = resolve_paths(args.data_dir)
    if paths.data.exists() and not paths.data.is_dir():
        raise BadInput(
            f"the data folder {paths.data} is a file, not a folder; give a folder with "
            "--data-dir (or TRAYAPP_DATA_DIR)"
        )
    settings, settings_problem = load_settings(paths)
    encryption = describe_encryption(paths)
    risk = risky_location(paths.data)
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {
            "tray": pool.submit(probe_qt),
            "keyring": pool.submit(probe_keyring),
            "notifications": pool.submit(probe_notifications),
            "hotkey": pool.submit(probe_hotkey, settings.hotkey),
            "autostart": pool.submit(probe_autostart),
            "team": pool.submit(probe_team, paths),
        }
        probes = {name: f.result() for name, f in futures.items()}
    report: dict[str, Any] = {
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite_version,
        "packages": {
            d: _version(d)
            for d in ("PySide6-Essentials", "APScheduler", "keyring", "platformdirs", "dateparser")
        },
        "paths": {
            "data": str(paths.data),
            "config": str(paths.config),
            "logs": str(paths.logs),
            "database": str(paths.database),
        },
        "database": _database(paths),
        "settings": {"ok": settings_problem is None, "detail": settings_problem or "ok"},
        "encryption": {"ok": encryption.startswith("on ("), "detail": encryption},
        "location": {"ok": risk is None, "detail": risk or "a local folder"},
        **probes,
    }
    code = 0 if report["database"]["ok"] else 1  # the ledger cannot be used as it is
    if args.json:
        emit_json(report)
        return code
    _print_report(report)
    return code


def _print_report(report: dict[str, Any]) -> None:
    print(f"{APP_NAME} {report['version']} on Python {report['python']}, SQLite {report['sqlite']}")
    print(f"  {report['platform']}")
    for name, version in report["packages"].items():
        print(f"  {name} {version}")
    for name, where in report["paths"].items():
        print(f"  {name}: {where}")
    for name in (
        "database",
        "encryption",
        "location",
        "settings",
        "tray",
        "notifications",
        "hotkey",
        "keyring",
        "autostart",
        "team",
    ):
        item = report[name]
        state = "ok" if item.get("ok", item.get("exists", False)) else "no"
        detail = ", ".join(f"{k}={v}" for k, v in item.items() if k != "ok")
        print(f"  [{state:>2}] {name}: {detail}")
