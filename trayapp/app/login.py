"""Start at login, composed: the system's entry (``platform.autostart``), the command it
runs, the Settings section, and the question asked once on a data folder's first run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from trayapp.app.trust import first_time
from trayapp.core.ports import Autostart
from trayapp.ledger.opening import Opened
from trayapp.platform.autostart import autostart_for, launch_command
from trayapp.platform.paths import is_default_data_dir
from trayapp.platform.resources import app_icon_file
from trayapp.ui.login_section import StartAtLoginSection, ask_start_at_login

if TYPE_CHECKING:
    from trayapp.ui.main_window.window import MainWindow

ASKED = "start-at-login"


class StartAtLogin:
    """The app's start-at-login entry, for the Settings tab and the first run's question."""

    def __init__(
        self, opened: Opened, *, demo: bool = False, autostart: Autostart | None = None
    ) -> None:
        self._opened = opened
        self._demo = demo
        self._autostart = autostart or autostart_for(icon=app_icon_file("png"))
        data = opened.paths.data
        # The demo's folder is thrown away when it quits: the entry starts the real profile.
        chosen = None if demo or is_default_data_dir(data) else data
        self.command = launch_command(chosen)
        self.question: QMessageBox | None = None

    def add_section(self, window: MainWindow) -> None:
        """Put the start-at-login box on the Settings tab of a new main window."""
        window.settings.add_section(StartAtLoginSection(self._autostart, self.command), "You")

    def ask_once(self) -> None:
        """On a data folder's first run, when the app does not start at login yet, ask (never
        on the demo)."""
        if self._demo or self._autostart.status().enabled or not first_time(self._opened, ASKED):
            return
        self.question = ask_start_at_login(self._autostart, self.command)
