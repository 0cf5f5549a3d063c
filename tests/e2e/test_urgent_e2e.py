"""The real tray app on the headless desktop, outside working hours: an urgent promise's
heads-up and due reminders are shown when meant, an ordinary promise's wait.

Times are printed (run with ``-s``): from the due time to the urgent notification.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.rig import Desktop
from tests.e2e.test_app_e2e import Profile, shown_since

pytestmark = pytest.mark.x11


@pytest.fixture
def quiet_profile(desktop: Desktop, tmp_path: Path) -> Iterator[Profile]:
    """Working days that are neither today nor tomorrow (UTC): it is quiet hours all test long."""
    desktop.dismiss_notifications()
    made = Profile(desktop, tmp_path / "profile")
    today = datetime.now(UTC).weekday()
    days_off = {today, (today + 1) % 7}
    settings = {
        "timezone": "UTC",
        "reminders": {
            "working_days": [d for d in range(7) if d not in days_off],
            "work_start": "08:30",
            "work_end": "18:00",
            "heads_up_minutes": 1,
        },
    }
    (made.folder / "config" / "settings.json").write_text(json.dumps(settings))
    yield made
    made.stop_all()


def test_outside_working_hours_only_the_urgent_promise_reminds(
    desktop: Desktop, quiet_profile: Profile
) -> None:
    profile = quiet_profile
    before = {n.id for n in desktop.notifications()}
    app = profile.start()
    app.wait_line("trayapp: ready", timeout=30)
    profile.contacts("Dana Smith,Acme", "Lee Park,Northwind")
    due = (datetime.now(UTC) + timedelta(seconds=70)).replace(microsecond=0)
    profile.cli("promise", "Lee Park", "send the shortlist", "--due", due.isoformat())
    profile.cli("promise", "Dana Smith", "send the offer", "--due", due.isoformat(), "--urgent")
    heads_up, _ = profile.wait_shown("Urgent · Heads-up: send the offer", timeout=70)
    assert "Dana Smith" in heads_up.summary
    due_notice, _ = profile.wait_shown("Urgent · Due now: send the offer", timeout=90)
    late = datetime.now(UTC) - due
    print(f"\nurgent due notice {late.total_seconds():.1f} s after due")
    assert late < timedelta(seconds=60)
    desktop.screenshot(desktop.shots / "urgent-due.png")
    time.sleep(3)
    summaries = [n.summary for n in shown_since(desktop, before)]
    assert not any("shortlist" in s or "away" in s for s in summaries), summaries
    assert summaries.count(due_notice.summary) == 1
    assert app.stop() == 0
