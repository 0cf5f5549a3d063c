"""Being on a team, from this desktop: ``trayapp team join|status|sync|leave``, and the sync
that commands which judge or record (check, add, touch, promise) run first.

The address joined is kept in the settings folder without its password; the password goes to
the system keychain. Where there is none, PostgreSQL's own PGPASSWORD or ~/.pgpass must give it
(said at join). Leaving forgets the address and the password; the ledger keeps every touch.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from trayapp.cli.output import emit_json
from trayapp.core.errors import BadInput, UserFacingError
from trayapp.ledger.opening import Opened
from trayapp.ledger.team_link import (
    forget,
    join,
    joined,
    link_address,
    local_time,
    not_reached_since,
    where,
)
from trayapp.platform.paths import AppPaths
from trayapp.store.team_server import TeamServerError, connect
from trayapp.store.team_sync import LocalState, local_state, sync


def cmd_join(args: argparse.Namespace, opened: Opened) -> int:
    """Join the team ledger at ADDRESS: check it answers, keep it, share and fetch at once."""
    joined_now = join(opened.paths, opened.connection, args.dsn)
    result = joined_now.result
    print(f"Joined the team ledger as {joined_now.me}; the password is kept {joined_now.kept}.")
    print(f"  Shared {result.pushed} of your touches; fetched {result.pulled} of the team's.")
    if result.private:
        print(f"  {result.private} stay here only: their contact has no e-mail, phone or LinkedIn.")
    return 0


def cmd_sync(args: argparse.Namespace, opened: Opened) -> int:
    """Share and fetch now."""
    team = _need_team(opened.paths)
    result = sync(opened.connection, link_address(opened.paths, team))
    if args.json:
        emit_json({"kind": "team_sync", "pushed": result.pushed, "pulled": result.pulled,
                   "private": result.private})  # fmt: skip
    else:
        print(f"Shared {result.pushed} touches, fetched {result.pulled} of the team's.")
    return 0


def cmd_status(args: argparse.Namespace, opened: Opened) -> int:
    """Joined or not, as whom, and when the server last answered."""
    team = joined(opened.paths)
    state = local_state(opened.connection)
    reached = None if team is None else _reached(team, opened)
    if args.json:
        emit_json(_status_json(team, state, reached))
        return 0
    if team is None:
        print("Not on a team: join one with 'trayapp team join ADDRESS'.")
        return 0
    print(f"On the team ledger {where(team)} as {team['me']}.")
    print(f"  {state.outbox} touches waiting to be shared; {state.mirrored} of the team's here.")
    print(f"  {reached}")
    return 0


def _reached(team: dict[str, str], opened: Opened) -> str:
    state = local_state(opened.connection)
    try:
        with connect(link_address(opened.paths, team, quick=True)):
            pass
    except TeamServerError:
        said = not_reached_since(state, opened.ctx.tz)
        return f"{said[:1].upper()}{said[1:]}." if said else "The team ledger cannot be reached."
    return "The team ledger answers." + (
        f" Last synced {local_time(state.last_sync, opened.ctx.tz)}." if state.last_sync else ""
    )


def _status_json(team: dict[str, str] | None, state: LocalState, reached: str | None) -> Any:
    return {
        "kind": "team_status",
        "joined": team is not None,
        "server": where(team) if team else None,
        "me": team["me"] if team else None,
        "outbox": state.outbox,
        "team_touches": state.mirrored,
        "last_sync": state.last_sync.isoformat() if state.last_sync else None,
        "reached": reached,
    }


def cmd_leave(args: argparse.Namespace, opened: Opened) -> int:
    """Forget the team's address and password; every touch stays in this ledger."""
    paths = opened.paths
    if joined(paths) is None:
        print("Not on a team: nothing to leave.")
        return 0
    forget(paths)
    print("Left the team ledger. Your touches and the team's fetched so far stay here.")
    return 0


def sync_first(opened: Opened) -> None:
    """Before a command judges or records: share and fetch, within a couple of seconds; when
    the server cannot be reached, say so and go on with what this desktop knows."""
    team = joined(opened.paths)
    if team is None:
        return
    try:
        sync(opened.connection, link_address(opened.paths, team, quick=True))
    except UserFacingError:
        state = local_state(opened.connection)
        said = not_reached_since(state, opened.ctx.tz) or "team ledger not reached"
        sys.stderr.write(f"trayapp: {said}; judging with the team's touches fetched before\n")


def _need_team(paths: AppPaths) -> dict[str, str]:
    team = joined(paths)
    if team is None:
        raise BadInput("not on a team: join one with 'trayapp team join ADDRESS'")
    return team
