"""What every use case needs: ledger, clock, settings, the user's zone, a date reader and a
phone number writer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from trayapp.core.clock import Clock
from trayapp.core.errors import BadInput
from trayapp.core.ports import Ledger, PhoneNumbers, WhenParser
from trayapp.core.quickadd.when import future_instant, past_weekday
from trayapp.core.settings import Settings
from trayapp.core.when_phrases import DATE_EXAMPLES, unread

MAX_WHEN = 100


@dataclass(frozen=True, slots=True)
class Context:
    """The injected collaborators of the use cases."""

    ledger: Ledger
    clock: Clock
    settings: Settings
    tz: ZoneInfo
    when: WhenParser
    phones: PhoneNumbers

    def now(self) -> datetime:
        return self.clock.now()

    def parse_when(
        self,
        text: str,
        *,
        what: str = "date",
        day_time: time | None = None,
        future: bool = True,
        late: bool = False,
    ) -> datetime:
        """Read ``text`` as an instant (UTC).

        A day without a time takes ``day_time`` (default: the end of the working day).
        ``future`` refuses instants in the past (but with ``late``, a past date that names its
        year: a promise already owed); otherwise instants in the future are refused.
        """
        cleaned = " ".join(text.split())
        if not cleaned:
            raise BadInput(f"give a {what}, such as {DATE_EXAMPLES}")
        if len(cleaned) > MAX_WHEN:
            raise BadInput(f"the {what} is too long to be a date")
        now = self.now()
        parsed = self.when.parse(cleaned, now=now, tz=self.tz)
        if parsed is None:
            raise BadInput(unread(cleaned, what))
        at = parsed.at
        if not parsed.has_time:
            local = at.astimezone(self.tz)
            wall = datetime.combine(local.date(), day_time or self.settings.reminders.work_end)
            at = wall.replace(tzinfo=self.tz).astimezone(UTC)
        at = at.astimezone(UTC)
        if future:
            return future_instant(at, cleaned, now, self.tz, what=f"the {what}", late=late)
        at = past_weekday(at, cleaned, now, self.tz)
        if at > now:
            raise BadInput(
                f"the {what} '{cleaned}' is in the future; a touch is something that happened"
            )
        return at

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.tz)
