"""``trayapp stats [--weeks N]``: the week in numbers, as a table or as JSON."""

from __future__ import annotations

import argparse
from typing import Any

from trayapp.cli.output import emit_json
from trayapp.ledger.opening import Opened
from trayapp.services.stats import Stats, week_stats
from trayapp.words.stats import summary


def stats_json(stats: Stats) -> dict[str, Any]:
    return {
        "kind": "stats",
        "weeks": [
            {
                "week_start": week.week_start.isoformat(),
                "made": week.made,
                "kept_on_time": week.kept_on_time,
                "kept_late": week.kept_late,
                "released": week.released,
            }
            for week in stats.weeks
        ],
        "kept_on_time_rate": (
            round(stats.kept_on_time_rate, 4) if stats.kept_on_time_rate is not None else None
        ),
        "median_lateness_hours": stats.median_lateness_hours,
        "contacts_at_caution": stats.contacts_at_caution,
        "contacts_at_stop": stats.contacts_at_stop,
    }


def cmd_stats(args: argparse.Namespace, opened: Opened) -> int:
    """Promises made, kept on time, kept late and released per week, oldest first."""
    stats = week_stats(opened.ctx, args.weeks)
    if args.json:
        emit_json(stats_json(stats))
        return 0
    print(f"{'Week of':<12}{'Made':>6}{'On time':>9}{'Late':>6}{'Released':>10}")
    for week in stats.weeks:
        print(
            f"{week.week_start:%d %b %Y} {week.made:>5}{week.kept_on_time:>9}"
            f"{week.kept_late:>6}{week.released:>10}"
        )
    print(summary(stats))
    return 0
