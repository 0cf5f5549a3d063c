"""The app's windows: quick add, the main window and reminder cards, created when first needed.

Files the windows edit (settings, the user's script copies) are written here, through the
callables the windows were given, so the widgets never touch the file system themselves.

Signals (the composition root connects them):
    promise_acted(int): a promise's card was seen or its missed reminder dismissed.
    promise_changed(int): a card kept, snoozed, renegotiated or released a promise.
    quick_added(str): quick add saved a line; the payload says what.
    settings_saved(object): the new ``Context`` after settings were saved.
    main_window_created(object): the ``MainWindow``, once, when it is first made.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from trayapp.core.errors import BadInput
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.core.settings import Settings
from trayapp.platform.localzone import local_zone
from trayapp.platform.paths import AppPaths, ensure_private_dir
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.platform.templates import load_script_library
from trayapp.services.context import Context
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.quick_add import QuickAddWindow

if TYPE_CHECKING:
    from trayapp.ui.main_window.window import MainWindow

__all__ = ["Windows"]

SCRIPT_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)?\.toml$")
log = logging.getLogger(__name__)


class Windows(QObject):
    """Creates, shows and refreshes the app's windows."""

    promise_acted = Signal(int)
    promise_changed = Signal(int)
    quick_added = Signal(str)
    settings_saved = Signal(object)
    main_window_created = Signal(object)

    def __init__(self, ctx: Context, reminder_log: ReminderLog, paths: AppPaths) -> None:
        super().__init__()
        self.ctx = ctx
        self._log = reminder_log
        self._paths = paths
        self.scripts: ScriptLibrary = load_script_library(paths.user_scripts)
        self._quick: QuickAddWindow | None = None
        self._main: MainWindow | None = None
        self._cards: dict[int, ReminderCard] = {}

    def quick_add(self) -> None:
        if self._quick is None:
            self._quick = QuickAddWindow(self.ctx)
            self._quick.saved.connect(self.quick_added)
        self._quick.open()

    def main_window(self) -> MainWindow:
        if self._main is None:
            from trayapp.ui.main_window.window import MainWindow

            self._main = MainWindow(
                self.ctx,
                self._log,
                self.scripts,
                self.save_settings,
                self.save_user_script,
                self.user_script_text,
            )
            self._main.card_requested.connect(self.open_card)
            self._main.missed_dismissed.connect(self.promise_acted)
            self.main_window_created.emit(self._main)
        return self._main

    def show_main(self) -> None:
        window = self.main_window()
        window.bring_up_to_date()  # read again only what changed since it was last shown
        window.show()
        window.raise_()
        window.activateWindow()

    def show_missed(self) -> None:
        """The main window on its Missed tab (the tray's "Missed (N)…")."""
        self.show_main()
        self.main_window().show_missed()

    def show_settings(self) -> None:
        """The main window on its Settings tab (the tray's "Settings…")."""
        self.show_main()
        self.main_window().show_settings()

    def open_card(self, promise_id: int) -> None:
        """Bring up a promise's card; seeing it counts as acting on its reminders, whether it
        was opened from a notification, the tray or the main window."""
        card = self._cards.get(promise_id)
        if card is None:
            card = ReminderCard(self.ctx, self._log, self.scripts, promise_id)
            card.promise_changed.connect(self.promise_changed)
            card.finished.connect(lambda _code, pid=promise_id: self._cards.pop(pid, None))
            self._cards[promise_id] = card
        _bring_up(card)
        self.promise_acted.emit(promise_id)

    def refresh(self) -> None:
        """Redraw what is open after the ledger changed."""
        if self._main is not None:
            self._main.mark_changed()
        for card in self._cards.values():
            card.refresh()

    def close_all(self) -> None:
        """Close and delete every window (before the application object goes away)."""
        windows: list[QWidget] = [*self._cards.values()]
        windows += [w for w in (self._quick, self._main) if w is not None]
        self._cards.clear()
        self._quick = self._main = None
        for window in windows:
            window.close()
        delete_now(list(windows))

    # -- files the windows edit -------------------------------------------------------------

    def save_settings(self, settings: Settings) -> None:
        JsonSettingsStore(self._paths.settings_file).save(settings)
        self.ctx = replace(self.ctx, settings=settings, tz=local_zone(settings))
        for window in (self._quick, self._main):
            if window is not None:
                window.set_context(self.ctx)
        self.settings_saved.emit(self.ctx)
        log.info("settings saved")

    def _script_path(self, name: str) -> str:
        if not SCRIPT_NAME.match(name):
            raise BadInput(f"'{name[:40]}' is not a script file name")
        return str(self._paths.user_scripts / name)

    def save_user_script(self, name: str, text: str) -> None:
        path = self._script_path(name)
        ensure_private_dir(self._paths.user_scripts)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.scripts = load_script_library(self._paths.user_scripts)

    def user_script_text(self, name: str) -> str | None:
        try:
            with open(self._script_path(name), encoding="utf-8") as handle:
                return handle.read()
        except FileNotFoundError:
            return None


def _bring_up(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


def top_level_windows() -> list[QWidget]:
    """The windows no other object owns. A submenu is a top-level window too, but its menu
    deletes it; deleting it again would free it twice."""
    return [w for w in QApplication.topLevelWidgets() if w.parent() is None]


def delete_now(objects: list[QObject]) -> None:
    """Delete Qt objects while the application still exists; left to Python's exit, their
    destructors would run after it and crash."""
    for thing in objects:
        if shiboken6.isValid(thing):
            shiboken6.delete(thing)
