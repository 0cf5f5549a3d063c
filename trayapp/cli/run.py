"""``trayapp run [--demo] [--quick-add] [--quit-after SECONDS]``: start the tray app.

``--quick-add`` opens the quick-add window: handed to the running app when there is one (the
second launch exits at once), else in the app this command starts. Bind it to a desktop shortcut
where the global hotkey cannot listen (Wayland).
"""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from trayapp.app.root import run_app_safely

    quit_after = getattr(args, "quit_after", None)
    demo = bool(getattr(args, "demo", False))
    quick_add = bool(getattr(args, "quick_add", False))
    return run_app_safely(args.data_dir, demo, quit_after, quick_add=quick_add)
