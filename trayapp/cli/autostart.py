"""``trayapp autostart [status|on|off]``: start the tray app at login, or stop doing so."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from trayapp.cli.output import emit_json
from trayapp.core.ports import Autostart, AutostartEntry
from trayapp.platform.autostart import autostart_for, launch_command
from trayapp.platform.resources import app_icon_file


def _entry() -> Autostart:
    return autostart_for(icon=app_icon_file("png"))


def chosen_data_dir(args: argparse.Namespace) -> Path | None:
    """The data folder this command was pointed at, if any: the login entry keeps using it."""
    chosen = getattr(args, "data_dir", None) or os.environ.get("TRAYAPP_DATA_DIR")
    return Path(chosen).expanduser().absolute() if chosen else None


def cmd_status(args: argparse.Namespace, entry: Autostart | None = None) -> int:
    """Whether the app starts at login, and where that entry lives."""
    return _report(args, (entry or _entry()).status())


def cmd_on(args: argparse.Namespace, entry: Autostart | None = None) -> int:
    """Start the tray app at every login from now on."""
    return _report(args, (entry or _entry()).enable(launch_command(chosen_data_dir(args))))


def cmd_off(args: argparse.Namespace, entry: Autostart | None = None) -> int:
    """No longer start at login (the app itself, and its data, stay)."""
    return _report(args, (entry or _entry()).disable())


def _report(args: argparse.Namespace, state: AutostartEntry) -> int:
    if getattr(args, "json", False):
        emit_json({"kind": "autostart", "enabled": state.enabled, "location": state.location})
    elif state.enabled:
        print(f"Starts at login: on ({state.location})")
    else:
        print(f"Starts at login: off (the entry would be {state.location})")
    return 0
