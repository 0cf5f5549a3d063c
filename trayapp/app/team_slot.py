"""Where the tray app's link to the team ledger lives while the app runs: started at start-up
when this desktop is on a team, and started, restarted or stopped when ``trayapp team join``
or ``team leave`` changes that while the app runs (they tell the running app, which looks
again here). The database driver is loaded only for a desktop on a team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from trayapp.ledger.opening import Opened

if TYPE_CHECKING:
    from trayapp.app.team import TeamLink


class TeamSlot(QObject):
    """The team link, if any, matching the team joined from this data folder. ``state(str)``:
    the line about the team for the tooltip and quick add ("team ledger not reached since
    09:12"; empty when all is well or there is no team)."""

    state = Signal(str)

    def __init__(self, opened: Opened, parent: QObject) -> None:
        super().__init__(parent)
        self._opened, self._parent = opened, parent
        self._link: TeamLink | None = None
        self._joined: bytes | None = None

    @property
    def link(self) -> TeamLink | None:
        return self._link

    def look(self) -> None:
        """Match the link to the team joined now: none, the same one, or another."""
        joined = self._read()
        if joined == self._joined:
            return
        self.stop()
        self._joined = joined
        if joined is None:
            return
        from trayapp.app.team import TeamLink

        link = TeamLink(self._opened, self._parent)
        link.state.connect(self.state)
        self._link = link
        QTimer.singleShot(0, link.start)

    def stop(self) -> None:
        if self._link is not None:
            self._link.stop()
            self._link.state.disconnect(self.state)
            self._link = None  # its parent keeps it until the app closes: its worker may
            # still be finishing its last wait for the server
            self.state.emit("")
        self._joined = None

    def _read(self) -> bytes | None:
        try:
            return self._opened.paths.team_file.read_bytes()
        except OSError:
            return None
