"""The composition root: builds the tray app from its parts, starts it in order, stops it in
reverse.

Start-up: display check → profile folder → Qt → single instance (a second launch hands its
request over and exits 0) → the tray icon, saying it is starting (``early_icon``; only then is
the rest loaded) → logging → ledger → the tray, which takes that icon over → notifier → the
first sweep → timer, periodic checks and the hotkey. The app prints one ``ready`` line (ids
and names of adapters only) once it is up, for scripts that start it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from trayapp import APP_NAME
from trayapp.core.errors import UserFacingError
from trayapp.platform.paths import claim_data_dir, resolve_paths
from trayapp.platform.single_instance import SingleInstance

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from trayapp.app.start import Running

__all__ = ["NO_DISPLAY", "display_problem", "run_app", "run_app_safely", "tell_refusal"]

NO_DISPLAY = (
    "trayapp: no display: run inside a desktop session, or under Xvfb: xvfb-run trayapp run"
)
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "wayland")


def display_problem(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> str | None:
    """What to tell the user when there is no screen to show the app on (Linux only)."""
    if not platform.startswith("linux"):
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if qpa in HEADLESS_PLATFORMS or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


@contextmanager
def _profile_folder(data_dir: str | None, demo: bool) -> Iterator[str | None]:
    """The data folder: the given one, or for the demo a temporary one removed afterwards."""
    if not demo:
        yield data_dir
        return
    import shutil
    import tempfile
    from datetime import time as dtime

    from trayapp.core.settings import ReminderSettings, Settings
    from trayapp.platform.settings_file import JsonSettingsStore

    folder = tempfile.mkdtemp(prefix="trayapp-demo-")
    try:
        every_hour = ReminderSettings(
            working_days=tuple(range(7)), work_start=dtime(0, 0), work_end=dtime(23, 59)
        )
        settings = Settings(reminders=replace(every_hour, heads_up_minutes=1))
        JsonSettingsStore(resolve_paths(folder).settings_file).save(settings)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_app(
    data_dir: str | None, demo: bool, quit_after: float | None, *, quick_add: bool = False
) -> int:
    """Run the tray app until the user quits; the process's exit code. With ``quick_add`` the
    quick-add window opens: in the running app when there is one, else once this one is up."""
    started = time.perf_counter()
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    with ExitStack() as stack:
        folder = stack.enter_context(_profile_folder(data_dir, demo))
        paths = resolve_paths(folder)
        claim_data_dir(paths.data, create=True)
        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "trayapp"])
        assert isinstance(app, QApplication)
        app.setApplicationName(APP_NAME)
        app.setQuitOnLastWindowClosed(False)
        instance = SingleInstance(paths.data)
        if not instance.acquire():
            return _hand_over(instance, "quick_add" if quick_add else "show")
        stack.callback(instance.release)
        # The icon first, then everything else is loaded while it shows "starting".
        early = _show_early_icon()
        _use_app_icon(app)  # the windows' icon: needed only once there are windows
        stack.callback(_hide_early_icon, early)
        _log_to_files(stack, paths.logs)
        from trayapp.app.unlock import open_for_app

        opened = open_for_app(stack, folder)
        if demo:
            from trayapp.services.demo import fill_demo

            fill_demo(opened.ctx)
        from trayapp.app.signals import SignalWatcher
        from trayapp.app.start import start_app

        running = start_app(app, opened, instance, demo=demo, icon=early)  # built, wired, in order
        stack.callback(running.stop)
        if quick_add:
            running.windows.quick_add()
        watcher = SignalWatcher()
        watcher.received.connect(lambda _number: app.quit())
        stack.callback(watcher.close)
        if quit_after is not None:
            QTimer.singleShot(int(quit_after * 1000), app.quit)
        QTimer.singleShot(0, lambda: _tell_ready(started, running))  # after the queued start
        return app.exec()
    return 0


def _show_early_icon() -> QSystemTrayIcon | None:
    from trayapp.app.early_icon import show_early_icon

    return show_early_icon()


def _hide_early_icon(icon: QSystemTrayIcon | None) -> None:
    """The starting icon, when start-up failed before the tray adopted it (the tray removes
    its own icon when it stops)."""
    from shiboken6 import isValid

    if icon is not None and isValid(icon) and icon.parent() is None:
        icon.hide()


def _log_to_files(stack: ExitStack, logs: Path) -> None:
    """The log files, and uncaught errors and Qt's warnings in them too (a windowed app has no
    stderr), until the stack closes."""
    from trayapp.platform.crash_log import log_crashes, stop_logging_crashes
    from trayapp.platform.logging_setup import configure_logging, unconfigure_logging

    configure_logging(logs)
    stack.callback(unconfigure_logging)
    log_crashes()
    stack.callback(stop_logging_crashes)


def _use_app_icon(app: QApplication) -> None:
    """Every window of the app shows the app's own icon."""
    from PySide6.QtGui import QIcon

    from trayapp.platform.resources import app_icon_file

    icon = app_icon_file("png")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))


def _tell_ready(started: float, running: Running) -> None:
    print(f"trayapp: ready in {time.perf_counter() - started:.2f} s; {running.describe()}",
          flush=True)  # fmt: skip


HANDED_OVER = {"show": "showed its window", "quick_add": "opened quick add"}


def _hand_over(instance: SingleInstance, action: str) -> int:
    for _ in range(3):
        if instance.hand_over(action):
            print(f"trayapp: already running; {HANDED_OVER[action]}", flush=True)
            return 0
        time.sleep(0.5)
    print("trayapp: another copy holds the profile but does not answer", file=sys.stderr)
    return 1


def run_app_safely(
    data_dir: str | None, demo: bool, quit_after: float | None, *, quick_add: bool = False
) -> int:
    """``run_app`` with a user-facing failure told in one line instead of a traceback, and
    also in a message box when there is a screen (a desktop-launched app has no terminal)."""
    try:
        code = run_app(data_dir, demo, quit_after, quick_add=quick_add)
    except UserFacingError as error:  # told in words; the tray app's refusal always exits 1
        tell_refusal(error.message)
        return 1
    from trayapp.app.restart import restart_if_asked

    restart_if_asked()  # Settings' restore or encryption: changes the ledger, starts again
    return code


def tell_refusal(message: str) -> None:
    """Why the app could not start: on stderr, and in a message box when a screen exists."""
    print(f"trayapp: {message}", file=sys.stderr, flush=True)
    if display_problem() is not None:
        return
    from trayapp.ui.refusal import has_screen, show_refusal

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "trayapp"])
    app.setApplicationName(APP_NAME)
    if has_screen():
        show_refusal(message)
