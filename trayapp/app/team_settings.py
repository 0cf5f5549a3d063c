"""The Settings tab's Team ledger section, kept true: joining (off the GUI thread: the server
may take a couple of seconds to answer, and the first exchange longer), leaving, and the
state shown after each and whenever the team link says something."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal

from trayapp.app.team_slot import TeamSlot
from trayapp.core.errors import UserFacingError
from trayapp.ledger.opening import Opened
from trayapp.ui.team_section import TeamSection

if TYPE_CHECKING:
    from trayapp.ui.main_window.window import MainWindow

NOT_JOINED = (
    "Not on a team. Join with the address the team's owner gave you ('trayapp team invite'): "
    "your touches and the team's then count together in every verdict."
)


class TeamSettings(QObject):
    """Puts the section on each new main window and carries out its join and leave."""

    finished = Signal(str, bool)  # what joining came to, and whether it is a problem

    def __init__(self, opened: Opened, slot: TeamSlot, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opened, self._slot = opened, slot
        self._line = ""
        self.section: TeamSection | None = None
        self.finished.connect(self._finished)
        slot.state.connect(self._on_state)

    def add_section(self, window: MainWindow) -> None:
        self.section = TeamSection()
        window.settings.add_section(self.section, "Team")
        self.section.join_requested.connect(self.join)
        self.section.leave_requested.connect(self.leave)
        self._show()

    def join(self, address: str) -> None:
        threading.Thread(
            target=self._join, args=(address,), name="trayapp-join", daemon=True
        ).start()

    def _join(self, address: str) -> None:
        from trayapp.ledger.team_link import join

        local = self._opened.connect_copy(self._opened.paths.database)
        try:
            done = join(self._opened.paths, local, address)
        except UserFacingError as error:
            self.finished.emit(f"Not joined: {error.message}", True)
            return
        finally:
            local.close()
        result = done.result
        self.finished.emit(
            f"Joined as {done.me}; the password is kept {done.kept}. Shared {result.pushed} of "
            f"your touches, fetched {result.pulled} of the team's.",
            False,
        )

    def _finished(self, text: str, problem: bool) -> None:
        self._slot.look()  # joined: the app links at once
        self._show()
        if (section := self._live()) is not None:
            section.show_outcome(text, problem=problem)

    def leave(self) -> None:
        from trayapp.ledger.team_link import forget

        forget(self._opened.paths)
        self._slot.look()
        self._show()
        if (section := self._live()) is not None:
            section.show_outcome(
                "Left the team ledger. Your touches and the team's fetched so far stay here.",
                problem=False,
            )

    def _on_state(self, line: str) -> None:
        self._line = line
        self._show()

    def _show(self) -> None:
        section = self._live()
        if section is None:
            return
        from trayapp.ledger.team_link import joined, local_time, where
        from trayapp.store.team_sync import local_state

        team = joined(self._opened.paths)
        if team is None:
            section.show_state(NOT_JOINED, joined=False)
            return
        state = local_state(self._opened.connection)
        text = (
            f"On the team ledger {where(team)} as {team['me']}. {state.outbox} of your touches "
            f"waiting to be shared; {state.mirrored} of the team's here."
        )
        if self._line:
            text += f" {self._line[:1].upper()}{self._line[1:]}."
        elif state.last_sync is not None:
            text += f" Last synced {local_time(state.last_sync, self._opened.ctx.tz)}."
        section.show_state(text, joined=True)

    def _live(self) -> TeamSection | None:
        """The section, while its window lives."""
        section = self.section
        return section if section is not None and shiboken6.isValid(section) else None
