"""Choosing the notifier, and the balloon fallback reporting clicks for the notice it showed."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from trayapp.core.ports import Notice, NoticeAction
from trayapp.platform import notifications
from trayapp.platform.notifications import (
    BalloonNotifier,
    NativeNotifier,
    choose_notifier,
    has_session_bus,
)

Actions = list[tuple[str, NoticeAction]]


class FakeNative:
    def __init__(
        self, app_name: str, on_action: object, on_failed: object, icon: object = None
    ) -> None:
        self.app_name = app_name

    @property
    def name(self) -> str:
        return "native"


def _choose(
    platform: str, environ: dict[str, str], shown: list[tuple[str, str]], actions: Actions
) -> str:
    notifier = choose_notifier(
        "Follow-Through",
        lambda key, action: actions.append((key, action)),
        lambda title, body: shown.append((title, body)),
        lambda notice: None,
        platform=platform,
        environ=environ,
    )
    return notifier.name


@pytest.fixture(autouse=True)
def _no_real_native(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notifications, "NativeNotifier", FakeNative)


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/bus"}, "native"),
        ("linux", {}, "balloon"),
        ("linux", {"DBUS_SESSION_BUS_ADDRESS": ""}, "balloon"),
        ("darwin", {}, "native"),
        ("win32", {}, "native"),
    ],
)
def test_native_only_where_the_platform_has_it(
    platform: str, environ: dict[str, str], expected: str
) -> None:
    assert _choose(platform, environ, [], []) == expected


def test_a_runtime_folder_with_a_bus_socket_counts_as_a_session_bus(tmp_path: object) -> None:
    from pathlib import Path

    runtime = Path(str(tmp_path))
    assert not has_session_bus({"XDG_RUNTIME_DIR": str(runtime)})
    (runtime / "bus").touch()
    assert has_session_bus({"XDG_RUNTIME_DIR": str(runtime)})


def test_a_native_backend_that_cannot_start_falls_back_to_the_balloon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> None:
        raise OSError("no backend")

    monkeypatch.setattr(notifications, "NativeNotifier", broken)
    assert _choose("darwin", {}, [], []) == "balloon"


def _balloon() -> tuple[BalloonNotifier, list[tuple[str, str]], Actions]:
    shown: list[tuple[str, str]] = []
    actions: Actions = []
    show: Callable[[str, str], None] = lambda title, body: shown.append((title, body))  # noqa: E731
    return BalloonNotifier(show, lambda k, a: actions.append((k, a))), shown, actions


def test_the_balloon_shows_title_and_body_and_a_click_opens_the_last_notice() -> None:
    balloon, shown, actions = _balloon()
    balloon.clicked()
    assert actions == []
    balloon.notify(Notice("1:100:due:0", "Due now: send CV — Dana", "OK to contact", 1))
    balloon.notify(Notice("2:100:due:0", "Due now: call back — Lee", "Caution", 2))
    assert shown == [
        ("Due now: send CV — Dana", "OK to contact"),
        ("Due now: call back — Lee", "Caution"),
    ]
    balloon.clicked()
    assert actions == [("2:100:due:0", NoticeAction.OPEN)]


def test_the_native_notifier_starts_nothing_before_the_first_notification() -> None:
    before = {thread.name for thread in threading.enumerate()}
    notifier = NativeNotifier("Follow-Through", lambda _k, _a: None, lambda _n: None)
    assert notifier.name == "native"
    assert {thread.name for thread in threading.enumerate()} == before
    notifier.close()  # nothing to stop
