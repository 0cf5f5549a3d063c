"""The start-up sequence ``root.run_app`` calls: it builds the reminder log, runtime, tray,
notifier, hotkey, windows and trust flows, connects every signal between them here and
nowhere else, and starts them in order: the tray first (it takes over the icon shown while
the app started); the first sweep, the hotkey and the date parser's warm-up once the event
loop turns; the timers and the trust flows. :meth:`Running.stop` takes them down in reverse.

The parts talk only through Qt signals: the tray's and the windows' requests go to the
runtime, the runtime's ``refreshed`` redraws the windows, the main window's creation adds the
trust sections.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from trayapp import APP_NAME
from trayapp.app.hotkey import QuickAddHotkey
from trayapp.app.login import StartAtLogin
from trayapp.app.notifying import NotificationsState
from trayapp.app.people import People
from trayapp.app.runtime import Runtime
from trayapp.app.team_settings import TeamSettings
from trayapp.app.team_slot import TeamSlot
from trayapp.app.trust import Trust, first_time
from trayapp.app.windows import Windows, delete_now, top_level_windows
from trayapp.core.ports import Notice, NoticeAction, Notifier
from trayapp.ledger.opening import Opened
from trayapp.platform.hotkey.choose import make_hotkey
from trayapp.platform.notifications import BalloonNotifier, NativeNotifier, choose_notifier
from trayapp.platform.resources import app_icon_file
from trayapp.platform.single_instance import SingleInstance
from trayapp.services.context import Context
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.bridge import Bridge
from trayapp.ui.tray import Tray

__all__ = ["Running", "start_app"]

NO_TRAY = (
    "No system tray was found, so Follow-Through shows its window instead. "
    "Reminders still arrive as notifications."
)
log = logging.getLogger(__name__)


@dataclass
class Running:
    """What ``start_app`` started, for a clean stop."""

    app: QApplication
    tray: Tray
    bridge: Bridge
    runtime: Runtime
    windows: Windows
    notifier: Notifier
    hotkey: QuickAddHotkey
    trust: Trust
    login: StartAtLogin
    people: People
    notifying: NotificationsState
    team: TeamSlot

    def describe(self) -> str:
        tray = "yes" if self.tray.available() else "no"
        hotkey = "yes" if self.hotkey.on else "no"
        return f"tray={tray} notifier={self.notifier.name} hotkey={hotkey}"

    def stop(self) -> None:
        """Reverse order of start: team link, trust flows, hotkey, timers, notifier, windows,
        tray."""
        self.team.stop()
        self.trust.stop()
        self.hotkey.stop()
        self.runtime.stop()
        if isinstance(self.notifier, NativeNotifier):
            self.notifier.close()
        self.windows.close_all()
        self.tray.hide()
        delete_now([*top_level_windows(), self.tray, self.runtime, self.windows, self.bridge])
        log.info("stopped")


def _notifier(tray: Tray, bridge: Bridge) -> Notifier:
    def on_action(key: str, action: NoticeAction) -> None:
        bridge.notice_acted.emit(key, action.value)

    def on_failed(notice: Notice) -> None:
        bridge.notice_failed.emit(notice)

    return choose_notifier(
        APP_NAME, on_action, tray.show_message, on_failed, icon=app_icon_file("png")
    )


def _tell_hotkey_refused(opened: Opened, runtime: Runtime, hotkey: QuickAddHotkey) -> None:
    """A chord the system refused is told once per chord (where the system has global
    hotkeys at all; elsewhere ``doctor`` explains)."""
    why = hotkey.refusal()
    if hotkey.system_has_none or why is None or not first_time(opened, f"hotkey:{hotkey.chord}"):
        return
    runtime.notify(
        Notice(
            "hotkey",
            APP_NAME,
            f"Quick add's hotkey {hotkey.chord} does not work: {why}. Choose another in "
            "Settings; quick add stays in the tray menu.",
        )
    )


def _wire_tray(tray: Tray, runtime: Runtime, windows: Windows, app: QApplication) -> None:
    tray.quick_add_requested.connect(windows.quick_add)
    tray.window_requested.connect(windows.show_main)
    tray.settings_requested.connect(windows.show_settings)
    tray.missed_requested.connect(windows.show_missed)
    tray.card_requested.connect(windows.open_card)
    tray.kept_requested.connect(runtime.keep)
    tray.snooze_requested.connect(runtime.snooze)
    tray.pause_requested.connect(runtime.pause)
    tray.resume_requested.connect(runtime.resume)
    tray.quit_requested.connect(app.quit)


def _wire_windows(runtime: Runtime, windows: Windows) -> None:
    """A card or the missed list acted on a promise, a card or quick add changed the ledger,
    settings were saved: the runtime records it or refreshes once; its refresh redraws them."""
    runtime.card_requested.connect(windows.open_card)
    runtime.reason_requested.connect(windows.keep_with_reason)
    runtime.window_requested.connect(windows.show_main)
    runtime.review_requested.connect(windows.show_review)
    runtime.refreshed.connect(windows.refresh)
    windows.promise_acted.connect(runtime.acted_on)
    windows.promise_changed.connect(lambda _pid: runtime.changed_elsewhere())
    windows.contact_changed.connect(lambda _cid: runtime.changed_elsewhere())
    windows.kept_requested.connect(runtime.keep)
    windows.snooze_requested.connect(runtime.snooze)
    windows.quick_added.connect(lambda _summary: runtime.changed_elsewhere())
    windows.settings_saved.connect(_use_settings(runtime))


def _use_settings(runtime: Runtime) -> Callable[[object], None]:
    def use(ctx: object) -> None:
        if isinstance(ctx, Context):
            runtime.use_settings(ctx)

    return use


def _wire_requests(
    instance: SingleInstance, runtime: Runtime, windows: Windows, team: TeamSlot
) -> None:
    """Another process's requests: show, quick add, or look again after it changed data
    (which may have been joining or leaving a team)."""

    def handle(action: str) -> None:
        if action == "show":
            windows.show_main()
        elif action == "quick_add":
            windows.quick_add()
        else:
            team.look()
            runtime.changed_elsewhere()

    instance.request_received.connect(handle)


def _warm_in_background(ctx: Context) -> None:
    """Once the icon shows: load the date parser on a worker thread, so that the first
    keystroke in quick add does not wait for it on the GUI thread."""
    warm = getattr(ctx.when, "warm", None)
    if callable(warm):
        threading.Thread(target=warm, name="warm-date-parser", daemon=True).start()


def _start_hotkey(opened: Opened, runtime: Runtime, hotkey: QuickAddHotkey) -> None:
    if not hotkey.start(runtime.ctx.settings.hotkey):
        _tell_hotkey_refused(opened, runtime, hotkey)


def start_app(
    app: QApplication,
    opened: Opened,
    instance: SingleInstance,
    *,
    demo: bool = False,
    icon: QSystemTrayIcon | None = None,
) -> Running:
    """Build and start everything; the first sweep runs as soon as the tray is up. ``icon``:
    the tray icon shown while the app started, which the tray takes over."""
    ctx = opened.ctx
    bridge = Bridge()
    tray = Tray(tz=ctx.tz, icon=icon)
    has_tray = tray.show()
    runtime = Runtime(ctx, SqliteReminderLog(opened.connection), opened.connection, tray, bridge)
    hotkey = QuickAddHotkey(make_hotkey(), bridge.hotkey_pressed.emit)
    windows = Windows(ctx, runtime.log, opened.paths, hotkey, opened.connect_copy)
    _wire_tray(tray, runtime, windows, app)
    _wire_windows(runtime, windows)
    # On a team: the worker that keeps the team ledger in step, started after the icon.
    team = TeamSlot(opened, runtime)
    team.state.connect(tray.set_team_line)
    team.state.connect(windows.set_team_line)
    team_settings = TeamSettings(opened, team, runtime)
    windows.main_window_created.connect(team_settings.add_section)
    _wire_requests(instance, runtime, windows, team)
    notifier = _notifier(tray, bridge)
    runtime.start(notifier)
    if not has_tray:
        log.warning("no system tray available; showing the main window")
        runtime.notify(Notice("no-tray", APP_NAME, NO_TRAY))
        QTimer.singleShot(0, windows.show_main)
    if isinstance(notifier, BalloonNotifier):
        clicked = getattr(tray, "message_clicked", None)
        if clicked is not None:
            clicked.connect(notifier.clicked)
    bridge.hotkey_pressed.connect(windows.quick_add)
    if opened.settings_problem:
        runtime.notify(Notice("settings", APP_NAME, f"{opened.settings_problem}; using defaults"))
    trust = Trust(opened, runtime)
    windows.main_window_created.connect(trust.add_sections)
    trust.start()
    people = People(opened, runtime, windows)
    windows.export_requested.connect(people.ask_where_to_export)
    windows.erase_requested.connect(people.erase)
    login = StartAtLogin(opened, demo=demo)
    windows.main_window_created.connect(login.add_section)
    login.ask_once()
    notifying = NotificationsState(notifier)
    windows.main_window_created.connect(notifying.add_section)
    team.look()
    QTimer.singleShot(0, lambda: _warm_in_background(ctx))
    # After the icon: the hotkey connects to the display.
    QTimer.singleShot(0, lambda: _start_hotkey(opened, runtime, hotkey))
    return Running(
        app, tray, bridge, runtime, windows, notifier, hotkey, trust, login, people, notifying, team
    )
