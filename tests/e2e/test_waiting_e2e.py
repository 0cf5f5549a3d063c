"""The real tray app on the headless desktop: a wait for a reply whose time passes with no
reply reminds exactly once, with the guard's verdict and the gone-dark script the unanswered
streak calls for (a contact with no streak gets a check-in); a wait whose contact replied
first never reminds.

Times are printed (run with ``-s``): from the wait's time to its notification.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.rig import Desktop
from tests.e2e.test_app_e2e import Profile, shown_since

pytestmark = pytest.mark.x11


@pytest.fixture
def profile(desktop: Desktop, tmp_path: Path) -> Iterator[Profile]:
    desktop.dismiss_notifications()
    made = Profile(desktop, tmp_path / "profile")
    yield made
    made.stop_all()


def test_a_wait_with_no_reply_reminds_once_with_the_gone_dark_script(
    desktop: Desktop, profile: Profile
) -> None:
    before = {n.id for n in desktop.notifications()}
    app = profile.start()
    app.wait_line("trayapp: ready", timeout=30)
    profile.contacts("Dana Smith,Acme", "Lee Park,Northwind", "Kim Cho,Initech")
    now = datetime.now(UTC).replace(microsecond=0)
    for days in (20, 15, 10):  # three e-mails to Dana, none answered: the streak's limit
        when = (now - timedelta(days=days)).isoformat()
        profile.cli("touch", "Dana Smith", "--channel", "email", "--at", when)
    until = now + timedelta(seconds=25)
    profile.cli("waiting", "Dana Smith", "--until", until.isoformat(), "--about", "the offer")
    profile.cli("waiting", "Lee Park", "--until", until.isoformat(), "--about", "the brief")
    profile.cli("touch", "Lee Park", "--channel", "email", "--in")  # Lee replies in time
    # Kim's wait ends later: its notice comes from a sweep after Dana's was shown.
    later = until + timedelta(seconds=20)
    profile.cli("waiting", "Kim Cho", "--until", later.isoformat())
    assert "Lee Park" not in profile.cli("waiting", "list")
    shown, _ = profile.wait_shown("No reply yet: Dana Smith re the offer", timeout=90)
    late = datetime.now(UTC) - until
    print(f"\nwait notice {late.total_seconds():.1f} s after its time")
    assert late < timedelta(seconds=60)
    # The streak's pause has passed (OK to contact), but three went unanswered: not a fourth
    # check-in, the gone-dark message.
    assert shown.body == "OK to contact\nSuggested: a last try before going quiet"
    desktop.screenshot(desktop.shots / "wait-no-reply.png")
    kim, _ = profile.wait_shown("No reply yet: Kim Cho", timeout=90)
    assert "Suggested: a quick check-in" in kim.body
    summaries = [n.summary for n in shown_since(desktop, before)]
    assert summaries.count(shown.summary) == 1, summaries
    assert not any("Lee Park" in s for s in summaries), summaries
    assert profile.cli("waiting", "list").startswith("Not waiting")
    assert "Dana Smith re the offer (reminded)" in profile.cli("waiting", "list", "--all")
    assert app.stop() == 0
