"""The app's windows: quick add, the main window and reminder cards, created when first needed.

Files the windows edit (settings, the user's script copies) are written here, through the
callables the windows were given, so the widgets never touch the file system themselves.

Signals (the composition root connects them):
    promise_acted(int): a promise's card was seen or its missed reminder dismissed.
    promise_changed(int): a card kept, snoozed, renegotiated or released a promise.
    contact_changed(int): the main window added or edited a contact.
    kept_requested(int), snooze_requested(int, str): keys on the main window's Promises.
    export_requested(int), erase_requested(int): the Contacts tab's Export… and Erase….
    quick_added(str): quick add saved a line; the payload says what.
    settings_saved(object): the new ``Context`` after settings were saved.
    main_window_created(object): the ``MainWindow``, once, when it is first made.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from trayapp.core.errors import BadInput, StorageError
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.core.scripts.template import parse_script_file
from trayapp.core.settings import Settings
from trayapp.disk.atomic import write_private_file
from trayapp.ledger.opening import with_settings
from trayapp.platform.paths import AppPaths, ensure_private_dir
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.platform.templates import (
    FileTemplateSource,
    load_script_library,
    script_file_text,
    shipped_scripts_dir,
)
from trayapp.services.context import Context
from trayapp.services.phones import write_stored_phones
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.quick_add import QuickAddWindow

if TYPE_CHECKING:
    from trayapp.app.hotkey import QuickAddHotkey
    from trayapp.services.stats import Stats
    from trayapp.ui.main_window.window import MainWindow

__all__ = ["Windows"]

SCRIPT_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)?\.toml$")
log = logging.getLogger(__name__)


class Windows(QObject):
    """Creates, shows and refreshes the app's windows."""

    promise_acted = Signal(int)
    promise_changed = Signal(int)
    contact_changed = Signal(int)
    kept_requested = Signal(int)
    snooze_requested = Signal(int, str)
    export_requested = Signal(int)
    erase_requested = Signal(int)
    quick_added = Signal(str)
    settings_saved = Signal(object)
    main_window_created = Signal(object)

    def __init__(
        self,
        ctx: Context,
        reminder_log: ReminderLog,
        paths: AppPaths,
        hotkey: QuickAddHotkey | None = None,
        connect_copy: Callable[[Path], sqlite3.Connection] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._hotkey = hotkey
        self._log = reminder_log
        self._paths = paths
        self._connect_copy = connect_copy
        self.scripts: ScriptLibrary = load_script_library(paths.user_scripts)
        self._quick: QuickAddWindow | None = None
        self._team_line = ""
        self._main: MainWindow | None = None
        self._cards: dict[int, ReminderCard] = {}

    def quick_add(self) -> None:
        if self._quick is None:
            self._quick = QuickAddWindow(self.ctx)
            self._quick.saved.connect(self.quick_added)
            self._quick.set_team_line(self._team_line)
        self._quick.open()

    def set_team_line(self, line: str) -> None:
        """What the team link says ("team ledger not reached since 09:12"; empty when all is
        well): quick add shows it under a verdict, which then counts only what was fetched."""
        self._team_line = line
        if self._quick is not None:
            self._quick.set_team_line(line)

    def _window_state_file(self) -> str | None:
        """Where the main window keeps its size and columns; None (not remembered) when the
        settings folder cannot be the app's."""
        try:
            ensure_private_dir(self._paths.config, "the settings folder")
        except BadInput as exc:
            log.warning("the main window's layout is not remembered: %s", exc)
            return None
        return str(self._paths.config / "window.ini")

    def _read_stats(self) -> Stats:
        """The week in numbers on a connection of its own (the Numbers tab's worker thread)."""
        from trayapp.services.stats import week_stats
        from trayapp.store.ledger import SqliteLedger
        from trayapp.ui.main_window.numbers import WEEKS

        assert self._connect_copy is not None
        conn = self._connect_copy(self._paths.database)
        try:
            return week_stats(replace(self.ctx, ledger=SqliteLedger(conn)), WEEKS)
        finally:
            conn.close()

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
                shipped_script_text=self.shipped_script_text,
                state_file=self._window_state_file(),
                read_stats=self._read_stats if self._connect_copy is not None else None,
            )
            self._main.card_requested.connect(self.open_card)
            self._main.missed_dismissed.connect(self.promise_acted)
            self._main.contact_changed.connect(self.contact_changed)
            self._main.promise_added.connect(self.promise_changed)
            self._main.kept_requested.connect(self.kept_requested)
            self._main.snooze_requested.connect(self.snooze_requested)
            self._main.action_requested.connect(self.act_in_card)
            self._main.export_requested.connect(self.export_requested)
            self._main.erase_requested.connect(self.erase_requested)
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

    def show_review(self) -> None:
        """The main window on its Debt review tab (the weekly review notification)."""
        self.show_main()
        self.main_window().show_review()

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

    def keep_with_reason(self, promise_id: int) -> None:
        """Keeping the promise needs a reason (its contact is at Stop): its card opens, says
        why and asks for the reason."""
        self.open_card(promise_id)
        self._cards[promise_id].keep()

    def act_in_card(self, promise_id: int, action: str) -> None:
        """Open the promise's card and start ``action`` there ("renegotiate": it asks for the
        new date; "release": it asks for the reason)."""
        self.open_card(promise_id)
        card = self._cards.get(promise_id)
        if card is None:
            return
        row = card.action_row
        buttons = {"renegotiate": row.renegotiate_button, "release": row.release_button}
        button = buttons.get(action)
        if button is not None and button.isEnabled():
            button.click()

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
        """Save and apply ``settings``; a hotkey the system refuses is a BadInput, unsaved."""
        if self._hotkey is not None:
            self._hotkey.change(settings.hotkey)  # applies at once, or refuses before saving
        JsonSettingsStore(self._paths.settings_file).save(settings)
        self.ctx = with_settings(self.ctx, settings)
        write_stored_phones(self.ctx, self._log)  # a new phone region: numbers written for it
        for window in (self._quick, self._main, *self._cards.values()):
            if window is not None:
                window.set_context(self.ctx)
        self.settings_saved.emit(self.ctx)
        log.info("settings saved")

    def _script_path(self, name: str) -> str:
        if not SCRIPT_NAME.match(name):
            raise BadInput(f"'{name[:40]}' is not a script file name")
        return str(self._paths.user_scripts / name)

    def save_user_script(self, name: str, data: Mapping[str, Any] | None) -> None:
        """Keep ``data`` as the user's copy of script file ``name`` (checked first; written
        atomically); ``None`` removes the copy, so the shipped file is used again."""
        path = Path(self._script_path(name))
        if data is None:
            path.unlink(missing_ok=True)
        else:
            text = script_file_text(data)
            parse_script_file(name, text)
            ensure_private_dir(self._paths.user_scripts)
            try:
                write_private_file(path, text.encode("utf-8"))
            except OSError as error:
                raise StorageError(f"could not save {name}: {error.strerror or error}") from None
        self.scripts = load_script_library(self._paths.user_scripts)

    def shipped_script_text(self, name: str) -> str | None:
        return FileTemplateSource(shipped_scripts_dir()).read(name)

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
