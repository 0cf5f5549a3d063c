"""The native notifier for real (desktop-notifier): it carries the app's own icon, and a
notification the desktop refuses is reported as failed, never taken for shown."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from trayapp.core.ports import Notice
from trayapp.platform.notifications import NativeNotifier
from trayapp.platform.resources import app_icon_file


def test_the_app_icon_is_shipped_and_given_to_the_notifications() -> None:
    icon = app_icon_file("png")
    assert icon is not None and icon.stat().st_size > 1000
    notifier = NativeNotifier("Follow-Through", lambda *_: None, lambda _n: None, icon)
    try:
        assert notifier._notifier is None  # made at the first notification, not before
        notifier.notify(Notice(key="promise:1:due", title="Due now", body="Dana Smith"))
        assert notifier._loop is not None
        # The first notification made the notifier on the loop's thread before sending.
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), notifier._loop).result(10)
        made: Any = notifier._notifier
        assert made.app_icon is not None
        assert made.app_icon.path == icon
        assert "python" not in str(made.app_icon.path).lower()
    finally:
        notifier.close()


def test_a_refused_notification_falls_back_to_the_tray(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A session bus address where nothing listens: the library logs and swallows the
    # failure; the notifier must still see that nothing was shown.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    failed: list[Notice] = []
    done = threading.Event()

    def on_failed(notice: Notice) -> None:
        failed.append(notice)
        done.set()

    notifier = NativeNotifier("Follow-Through", lambda *_: None, on_failed, app_icon_file())
    try:
        notice = Notice(key="promise:1:due", title="Due now", body="Dana Smith: send feedback")
        notifier.notify(notice)
        assert done.wait(10), "a refused notification was taken for shown"
        assert failed == [notice]
    finally:
        notifier.close()


def test_asking_whether_notifications_are_allowed_always_gets_an_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With no notification service listening, the question still comes back (the Settings
    tab never waits forever)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    answers: list[bool | None] = []
    done = threading.Event()

    def answer(allowed: bool | None) -> None:
        answers.append(allowed)
        done.set()

    notifier = NativeNotifier("Follow-Through", lambda *_: None, lambda _n: None)
    try:
        notifier.check_allowed(answer)
        assert done.wait(10), "no answer"
        assert answers in ([None], [True], [False])
    finally:
        notifier.close()
