"""A reminder sweep to be killed: ``python sweeper.py LEDGER NOW CAUSE CRASH SHOWN``.

It opens the ledger file, runs one sweep at the instant NOW (ISO, with offset) for CAUSE, and
"shows" what the sweep returned by appending one line per notification to the file SHOWN:
``<notification key> <promise ids, comma-separated>``. CRASH names the step at which the
process dies with ``os._exit(9)`` (no clean-up, like a kill): ``before-commit`` (deliveries
recorded, transaction open), ``after-commit`` (nothing shown yet), ``mid-show`` (after the
first notification), ``after-show`` (after all of them), or ``none``.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from trayapp.core.clock import FixedClock
from trayapp.core.ports import ParsedWhen
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.reminding import SweepCause, SweepResult
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

RULES = ReminderSettings(
    working_days=(0, 1, 2, 3, 4, 5, 6),
    work_start=time(0, 0),
    work_end=time(23, 59),
    digest_enabled=False,
)


class NoDates:
    """The sweep reads no dates typed by the user."""

    def parse(self, text: str, *, now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
        return None


def _notices(result: SweepResult) -> list[str]:
    lines = [f"{r.occurrence.key} {r.view.promise.id}" for r in result.reminders]
    if result.digest is not None:
        views = result.digest.became_due + result.digest.coming_up
        lines.append(f"{result.digest.key} {','.join(str(v.promise.id) for v in views)}")
    return lines


def main(argv: list[str]) -> int:
    ledger, now, cause, crash, shown = argv
    conn = open_database(Path(ledger))
    ctx = Context(
        SqliteLedger(conn),
        FixedClock(datetime.fromisoformat(now)),
        Settings(reminders=RULES),
        ZoneInfo("Europe/London"),
        NoDates(),
        LibPhoneNumbers("GB"),
    )
    log = SqliteReminderLog(conn)
    if crash == "before-commit":
        record = log.record_deliveries

        def record_then_die(records: object) -> None:
            record(records)  # type: ignore[arg-type]
            os._exit(9)

        log.record_deliveries = record_then_die  # type: ignore[method-assign]
    result = reminding.sweep(ctx, log, SweepCause(cause))
    if crash == "after-commit":
        os._exit(9)
    with open(shown, "a", encoding="utf-8") as out:
        for n, line in enumerate(_notices(result)):
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
            if crash == "mid-show" and n == 0:
                os._exit(9)
    if crash == "after-show":
        os._exit(9)
    conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
