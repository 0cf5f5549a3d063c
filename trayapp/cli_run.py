"""``trayapp run [--demo] [--quit-after SECONDS]``: start the tray app."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from trayapp.app import run_app_safely

    quit_after = getattr(args, "quit_after", None)
    return run_app_safely(args.data_dir, bool(getattr(args, "demo", False)), quit_after)
