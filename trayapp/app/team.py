"""The tray app's link to the team ledger: a worker thread, with a connection of its own to this
desktop's ledger, that shares and fetches when the app starts, whenever the server nudges it
(LISTEN/NOTIFY: a teammate's touch arrives within a second or two) and whenever a touch here
waits in the outbox; when the server cannot be reached it says so ("team ledger not reached
since 09:12") for the tray's tooltip, and tries again. What it fetches is committed to the
ledger; the app's look at SQLite's data_version then redraws the tray and the windows.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

import psycopg
from PySide6.QtCore import QObject, Signal

from trayapp.ledger.opening import Opened
from trayapp.ledger.team_link import joined, link_address, not_reached_since
from trayapp.store.team_server import NUDGE_CHANNEL, TeamServerError, connect
from trayapp.store.team_sync import local_state, sync

log = logging.getLogger(__name__)
#: How often the outbox is looked at between nudges (seconds).
OUTBOX_LOOK_S = 5.0
#: How long to wait before trying an unreachable server again (seconds).
RETRY_S = 30.0


class TeamLink(QObject):
    """Keeps the team ledger in step while the app runs. ``state(str)``: the tooltip's line
    about the team ("" when all is well or there is no team), on the GUI thread."""

    state = Signal(str)
    _posted = Signal(str)

    def __init__(self, opened: Opened, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opened = opened
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._posted.connect(self.state)  # queued: posted from the worker

    def start(self) -> bool:
        """Start the worker when this desktop is on a team; whether it was started."""
        team = joined(self._opened.paths)
        if team is None:
            return False
        address = link_address(self._opened.paths, team)
        self._thread = threading.Thread(
            target=self._run, args=(address,), name="trayapp-team", daemon=True
        )
        self._thread.start()
        return True

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, address: str) -> None:
        local = self._opened.connect_copy(self._opened.paths.database)
        try:
            while not self._stop.is_set():
                try:
                    self._listen(local, address)
                except (TeamServerError, psycopg.Error) as error:
                    log.info("team ledger not reached: %s", type(error).__name__)
                    said = not_reached_since(local_state(local), self._opened.ctx.tz)
                    self._post(said or "team ledger not reached")
                    self._stop.wait(RETRY_S)
        finally:
            local.close()

    def _listen(self, local: sqlite3.Connection, address: str) -> None:
        with connect(address) as server:
            server.execute(f"LISTEN {NUDGE_CHANNEL}")
            sync(local, address)
            self._post("")
            while not self._stop.is_set():
                nudged = any(True for _ in server.notifies(timeout=OUTBOX_LOOK_S, stop_after=1))
                if self._stop.is_set():
                    break  # left the team, or the app is closing: not one more exchange
                if nudged or local_state(local).waiting:
                    sync(local, address)
                    self._post("")

    def _post(self, line: str) -> None:
        if not self._stop.is_set():
            self._posted.emit(line)
