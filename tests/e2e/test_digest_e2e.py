"""The real tray app on the headless desktop, started after promises fell due while it was not
running (a weekend, in seconds): one notification names every one of them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.rig import Desktop
from tests.e2e.test_app_e2e import AWAY, Profile, shown_since

pytestmark = pytest.mark.x11

MISSED = (
    ("Dana Smith", "send Acme feedback"),
    ("Lee Park", "call back about the offer"),
    ("Sam Okafor", "book the panel"),
    ("Ana Ruiz", "send the shortlist"),
)


@pytest.fixture
def profile(desktop: Desktop, tmp_path: Path) -> Iterator[Profile]:
    desktop.dismiss_notifications()
    made = Profile(desktop, tmp_path / "profile")
    yield made
    made.stop_all()


def test_four_missed_promises_are_named_in_one_notification(
    desktop: Desktop, profile: Profile
) -> None:
    profile.contacts(
        "Dana Smith,Acme", "Lee Park,Northwind", "Sam Okafor,Globex", "Ana Ruiz,Initech"
    )
    start = datetime.now(UTC)
    for seconds, (who, what) in enumerate(MISSED, start=2):
        profile.promise(who, what, start + timedelta(seconds=seconds))
    time.sleep(max(0.0, (start + timedelta(seconds=8) - datetime.now(UTC)).total_seconds()))
    before = {n.id for n in desktop.notifications()}
    app = profile.start()
    app.wait_line("trayapp: ready", timeout=30)
    digest, _ = profile.wait_shown(AWAY, timeout=20)
    print(f"\ncatch-up: {digest.summary!r} / {digest.body!r}")
    assert "4 promises became due, oldest Dana Smith" in digest.summary
    lines = digest.body.splitlines()
    for who, what in MISSED:
        assert any(line.startswith(f"{who} — {what} — ") for line in lines), (who, lines)
    assert "more" not in digest.body
    desktop.screenshot(desktop.shots / "digest-four-missed.png")
    time.sleep(3)  # nothing else follows: no pop-up per promise
    others = [n for n in shown_since(desktop, before) if n.id != digest.id]
    for other in others:  # e.g. the word about encryption, the weekly review: none per promise
        assert not any(what in other.summary for _, what in MISSED), other
    assert app.stop() == 0
