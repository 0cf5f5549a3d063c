"""Notifications: native ones with buttons (desktop-notifier), else the tray's balloon.

desktop-notifier needs a running asyncio loop for its callbacks, so :class:`NativeNotifier`
owns one on a daemon thread and hands coroutines to it; ``notify`` never blocks the caller.
Clicks and buttons are reported to ``on_action(key, action)`` on that loop's thread (the app
hops them to the GUI thread with a Qt signal). A notice the platform refuses goes to
``on_failed(notice)`` — the app shows it as a balloon instead, so it is never lost. The
library logs and swallows a notification the desktop refuses, so success is taken only from its
"dispatched" callback, never assumed. Every notification carries the app's own icon.

:class:`BalloonNotifier` takes the tray's ``show(title, body)`` so this module needs no widget.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from trayapp.core.ports import Notice, NoticeAction, Notifier

__all__ = [
    "BUTTON_TITLES",
    "BalloonNotifier",
    "NativeNotifier",
    "OnAction",
    "choose_notifier",
    "has_session_bus",
]

OnAction = Callable[[str, NoticeAction], None]
BUTTON_TITLES = {
    NoticeAction.OPEN: "Open",
    NoticeAction.KEPT: "Mark kept",
    NoticeAction.SNOOZE_HOUR: "Snooze 1 h",
}
log = logging.getLogger(__name__)


class BalloonNotifier:
    """Shows notices through ``show(title, body)`` (the tray balloon); a click opens the last."""

    def __init__(self, show: Callable[[str, str], None], on_action: OnAction) -> None:
        self._show = show
        self._on_action = on_action
        self._last: Notice | None = None

    @property
    def name(self) -> str:
        return "balloon"

    def notify(self, notice: Notice) -> None:
        self._last = notice
        self._show(notice.title, notice.body)

    def clicked(self) -> None:
        """The balloon was clicked: report OPEN for the notice it showed."""
        if self._last is not None:
            self._on_action(self._last.key, NoticeAction.OPEN)


class NativeNotifier:
    """desktop-notifier on an asyncio loop of its own thread, started at the first notification
    (nothing of it is imported or running before: start-up and an app that never notifies do
    not pay for it). The library is imported and its notifier made on that thread too."""

    def __init__(
        self,
        app_name: str,
        on_action: OnAction,
        on_failed: Callable[[Notice], None],
        icon: Path | None = None,
    ) -> None:
        self._app_name = app_name
        self._icon = icon
        self._on_action = on_action
        self._on_failed = on_failed
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._notifier: Any = None

    @property
    def name(self) -> str:
        return "native"

    def notify(self, notice: Notice) -> None:
        loop = self._running_loop()
        dispatched: list[bool] = []
        coro = self._send(notice, dispatched)
        try:
            future = asyncio.run_coroutine_threadsafe(coro, loop)
        except RuntimeError:  # the loop is closed: we are shutting down
            coro.close()
            self._on_failed(notice)
            return
        future.add_done_callback(lambda done: self._sent(notice, done, bool(dispatched)))

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="notifier-loop", daemon=True
            )
            self._thread.start()
        return self._loop

    async def _send(self, notice: Notice, dispatched: list[bool]) -> str:
        """On the loop's thread: make the notifier the first time, then send; ``dispatched``
        gets an entry when the desktop took the notification."""
        from desktop_notifier import Button

        notifier = self._made()
        buttons = [
            Button(title=BUTTON_TITLES[action], on_pressed=self._reporter(notice.key, action))
            for action in notice.actions
            if action is not NoticeAction.OPEN
        ]
        sent = await notifier.send(
            title=notice.title,
            message=notice.body,
            buttons=buttons,
            on_clicked=self._reporter(notice.key, NoticeAction.OPEN),
            on_dispatched=lambda: dispatched.append(True),
        )
        return str(sent)

    def _made(self) -> Any:
        """The library's notifier, made (and the library imported) the first time; on the
        loop's thread."""
        if self._notifier is None:
            from desktop_notifier import DesktopNotifier, Icon

            app_icon = Icon(path=self._icon) if self._icon is not None else None
            self._notifier = DesktopNotifier(app_name=self._app_name, app_icon=app_icon)
        return self._notifier

    def check_allowed(self, answer: Callable[[bool | None], None]) -> None:
        """Ask the desktop whether it lets the app notify (on macOS, the user's choice in
        System Settings); ``answer`` gets True, False, or None when it could not tell — on the
        notifier's thread."""

        async def ask() -> bool:
            return bool(await self._made().has_authorisation())

        def done(future: Future[bool]) -> None:
            failed = future.cancelled() or future.exception() is not None
            answer(None if failed else future.result())

        coro = ask()
        try:
            asyncio.run_coroutine_threadsafe(coro, self._running_loop()).add_done_callback(done)
        except RuntimeError:  # the loop is closed: shutting down
            coro.close()
            answer(None)

    def _reporter(self, key: str, action: NoticeAction) -> Callable[[], None]:
        return lambda: self._on_action(key, action)

    def _sent(self, notice: Notice, done: Future[str], dispatched: bool) -> None:
        error = done.exception() if not done.cancelled() else None
        if done.cancelled() or error is not None or not dispatched:
            why = type(error).__name__ if error is not None else "refused by the desktop"
            log.warning("native notification failed (%s); showing a balloon", why)
            self._on_failed(notice)

    def close(self) -> None:
        """Stop the loop and its thread (when a notification ever started them)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running():
            loop.call_soon_threadsafe(loop.stop)
        thread.join(2)
        if not loop.is_running():
            loop.close()


def has_session_bus(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a D-Bus session bus is reachable by its usual address."""
    if environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and bool(runtime) and (Path(runtime) / "bus").exists()


def choose_notifier(
    app_name: str,
    on_action: OnAction,
    show: Callable[[str, str], None],
    on_failed: Callable[[Notice], None],
    *,
    icon: Path | None = None,
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
) -> Notifier:
    """Native notifications on macOS and Windows, and on Linux when a session bus is there;
    otherwise the tray balloon."""
    native = platform in ("darwin", "win32") or has_session_bus(environ)
    if native:
        try:
            return NativeNotifier(app_name, on_action, on_failed, icon)
        except Exception as error:  # a missing backend must not stop the app
            log.warning("native notifications unavailable (%s)", type(error).__name__)
    return BalloonNotifier(show, on_action)
