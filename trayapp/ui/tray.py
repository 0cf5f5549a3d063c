"""The tray icon and its menu: state at a glance, the promises due, and quick actions.

The tray only announces what the person picked (signals); the composition root acts on it.

Signals:
    quick_add_requested(): "Quick add…" was picked.
    window_requested(): "Open Follow-Through" was picked (or the icon was clicked).
    card_requested(int): "Open script…" for a promise.
    kept_requested(int): "Mark kept" for a promise.
    snooze_requested(int, str): a snooze preset ("15m", "1h", "tomorrow", "monday").
    pause_requested(str): a pause preset ("1h", "tomorrow").
    resume_requested(): "Resume reminders".
    settings_requested(), quit_requested(), missed_requested().
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from trayapp import APP_NAME
from trayapp.core.guard.verdict import Verdict
from trayapp.core.model import Contact
from trayapp.services.overview import Overview
from trayapp.services.promises import PromiseView
from trayapp.services.tray_state import TrayState
from trayapp.ui.icons import dark_bar, tray_icon
from trayapp.ui.presets import PAUSE_LABELS, PAUSE_PRESETS, SNOOZE_LABELS, SNOOZE_PRESETS
from trayapp.words import verdicts as words

MAX_TITLE = 60


class Tray(QObject):
    """Wraps a ``QSystemTrayIcon``; ``update`` redraws icon, tooltip and menu from an Overview."""

    quick_add_requested = Signal()
    window_requested = Signal()
    card_requested = Signal(int)
    kept_requested = Signal(int)
    snooze_requested = Signal(int, str)
    pause_requested = Signal(str)
    resume_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    missed_requested = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        tz: ZoneInfo | None = None,
        icon: QSystemTrayIcon | None = None,
    ) -> None:
        """``icon``: the icon already shown while the app started, adopted as it is."""
        super().__init__(parent)
        self._tz = tz or ZoneInfo("UTC")
        self._menu = QMenu()
        if icon is None:
            icon = QSystemTrayIcon()
        icon.setParent(self)
        self._icon = icon
        self._icon.setContextMenu(self._menu)
        self._icon.activated.connect(self._on_activated)
        self._state = TrayState.CLEAR
        self._set_state(TrayState.CLEAR)
        # The desktop switched between light and dark: redraw the icon for the new bar.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._redraw)
        self._tip, self._team_line = f"{APP_NAME}: all clear", ""
        self._icon.setToolTip(self._tip)
        self._build_menu(None, 0, None)

    # -- public ---------------------------------------------------------------------------

    @staticmethod
    def available() -> bool:
        """Whether the desktop has a tray to show the icon in."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> bool:
        """Show the icon when there is a tray; returns whether it could."""
        if not self.available():
            return False
        self._icon.show()
        return True

    def hide(self) -> None:
        self._icon.hide()

    def state(self) -> TrayState:
        return self._state

    def menu(self) -> QMenu:
        return self._menu

    def tooltip(self) -> str:
        return self._icon.toolTip()

    def update(self, ov: Overview, missed_count: int, *, snooze_budget: int | None = None) -> None:
        """Redraw from ``ov``; with ``snooze_budget``, spent promises offer no snooze."""
        self._set_state(ov.state)
        self._tip = tooltip_text(ov, missed_count)
        self._show_tooltip()
        self._build_menu(ov, missed_count, snooze_budget)

    def set_team_line(self, line: str) -> None:
        """A line under the tooltip about the team ledger ("team ledger not reached since
        09:12"); empty when there is nothing to say."""
        self._team_line = line
        self._show_tooltip()

    def _show_tooltip(self) -> None:
        tip, line = self._tip, self._team_line
        self._icon.setToolTip(f"{tip}\n{line}" if line else tip)

    def show_message(self, title: str, body: str) -> None:
        """A balloon from the icon: the fallback when native notifications are unavailable."""
        if self._icon.isVisible():
            self._icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def set_time_zone(self, tz: ZoneInfo) -> None:
        self._tz = tz

    # -- drawing --------------------------------------------------------------------------

    def _redraw(self, *_: object) -> None:
        self._set_state(self._state)

    def icon(self) -> QIcon:
        """The icon shown now."""
        return self._icon.icon()

    def _set_state(self, state: TrayState) -> None:
        self._state = state
        self._icon.setIcon(tray_icon(state, dark=dark_bar()))

    def _build_menu(self, ov: Overview | None, missed: int, budget: int | None) -> None:
        menu = self._menu
        menu.clear()
        menu.setToolTipsVisible(True)
        self._action(menu, "Quick add…", self.quick_add_requested.emit)
        if ov is not None:
            self._promise_section(f"Overdue ({ov.overdue_count})", ov.overdue, budget)
            self._promise_section(f"Due soon ({ov.due_soon_count})", ov.due_soon, budget)
        if missed:
            menu.addSeparator()
            self._action(menu, f"Missed ({missed})…", self.missed_requested.emit)
        if ov is not None and ov.cooling:
            menu.addSeparator()
            _header(menu, "Cooling down")
            for contact, verdict in ov.cooling:
                item = menu.addAction(_cut(cooling_title(contact, verdict, self._tz)))
                item.setToolTip(words.verdict_details(verdict, self._tz))
                item.setEnabled(False)
        menu.addSeparator()
        if ov is not None and ov.paused:
            self._action(menu, "Resume reminders", self.resume_requested.emit)
        else:
            for preset in PAUSE_PRESETS:
                self._action(menu, PAUSE_LABELS[preset], _bind(self.pause_requested, preset))
        menu.addSeparator()
        self._action(menu, f"Open {APP_NAME}", self.window_requested.emit)
        self._action(menu, "Settings…", self.settings_requested.emit)
        self._action(menu, "Quit", self.quit_requested.emit)

    def _promise_section(
        self, title: str, views: tuple[PromiseView, ...], budget: int | None
    ) -> None:
        if not views:
            return
        self._menu.addSeparator()
        _header(self._menu, title)
        for view in views:
            pid = view.promise.id
            if pid is None:
                continue
            sub = self._menu.addMenu(_cut(promise_title(view)))
            self._action(sub, "Open script…", _bind(self.card_requested, pid))
            self._action(sub, "Mark kept", _bind(self.kept_requested, pid))
            sub.addSeparator()
            spent = budget is not None and view.promise.snooze_count >= budget
            for preset in SNOOZE_PRESETS:
                action = self._action(sub, SNOOZE_LABELS[preset], self._snoozer(pid, preset))
                action.setEnabled(not spent)
            if spent:
                sub.addAction("No snoozes left: keep, renegotiate or release").setEnabled(False)

    def _snoozer(self, pid: int, preset: str) -> Callable[[], None]:
        return lambda: self.snooze_requested.emit(pid, preset)

    @staticmethod
    def _action(menu: QMenu, text: str, slot: Callable[[], None]) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.window_requested.emit()


def _bind(signal: SignalInstance, value: int | str) -> Callable[[], None]:
    return lambda: signal.emit(value)


def tooltip_text(ov: Overview, missed: int = 0) -> str:
    """``Follow-Through: 2 overdue, 1 due soon, 3 missed`` (or ``all clear``, ``paused``)."""
    parts = []
    if ov.overdue_count:
        parts.append(f"{ov.overdue_count} overdue")
    if ov.due_soon_count:
        parts.append(f"{ov.due_soon_count} due soon")
    if missed:
        parts.append(f"{missed} missed")
    text = ", ".join(parts) or "all clear"
    if ov.paused:
        text = f"reminders paused; {text}"
    return f"{APP_NAME}: {text}"


def promise_title(view: PromiseView) -> str:
    """``Dana Smith — send Acme feedback (3 days late)``; ``Urgent · Dana Smith — …`` for an
    urgent promise."""
    late = f" ({words.plural(view.days_late, 'day')} late)" if view.days_late else ""
    mark = words.urgent_mark(view.promise.urgent)
    return f"{mark}{view.contact.name} — {view.promise.what}{late}"


def cooling_title(contact: Contact, verdict: Verdict, tz: ZoneInfo) -> str:
    """``Dana Smith — Caution, OK again Mon 23 Nov 10:00``."""
    head = f"{contact.name} — {words.LEVEL_WORDS[verdict.level]}"
    if verdict.next_ok_at is not None:
        return f"{head}, OK again {words.when(verdict.next_ok_at, tz, verdict.at)}"
    return f"{head}, until you lift it"


def _header(menu: QMenu, text: str) -> None:
    item = menu.addAction(text)
    item.setEnabled(False)
    font = item.font()
    font.setBold(True)
    item.setFont(font)


def _cut(text: str) -> str:
    """Menu entries stay short; ``&`` would otherwise become a keyboard accelerator."""
    short = text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"
    return short.replace("&", "&&")
