"""Being on a team, from this desktop: ``trayapp team join|status|sync|leave``, and the sync
that commands which judge or record (check, add, touch, promise) run first.

The address joined is kept in the settings folder without its password; the password goes to
the system keychain. Where there is none, PostgreSQL's own PGPASSWORD or ~/.pgpass must give it
(said at join). Leaving forgets the address and the password; the ledger keeps every touch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from psycopg.conninfo import make_conninfo

from trayapp.cli.output import emit_json
from trayapp.core.errors import BadInput, UserFacingError
from trayapp.core.ports import SecretStoreUnavailable
from trayapp.disk.atomic import write_private_file
from trayapp.ledger.opening import Opened
from trayapp.platform.paths import AppPaths, ensure_private_dir
from trayapp.platform.secrets import KeyringSecretStore
from trayapp.store.team_server import TeamServerError, connect, parse_dsn, schema_version
from trayapp.store.team_sync import LocalState, local_state, sync

TEAM_FILE = "team.json"
#: What commands that judge or record give the team ledger before going on without it.
QUICK_SYNC_SECONDS = 2


def _secret_name(paths: AppPaths) -> str:
    return f"team-password:{paths.data}"


def joined(paths: AppPaths) -> dict[str, str] | None:
    try:
        found = json.loads((paths.config / TEAM_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and "address" in found else None


def _dsn(paths: AppPaths, team: dict[str, str], *, quick: bool = False) -> str:
    parts = parse_dsn(team["address"])
    try:
        password = KeyringSecretStore().get(_secret_name(paths))
    except SecretStoreUnavailable:
        password = None
    if password:
        parts["password"] = password
    if quick:
        parts["connect_timeout"] = str(QUICK_SYNC_SECONDS)
        parts["options"] = f"-c statement_timeout={QUICK_SYNC_SECONDS * 1000}"
    return make_conninfo(**parts)


def cmd_join(args: argparse.Namespace, opened: Opened) -> int:
    """Join the team ledger at ADDRESS: check it answers, keep it, share and fetch at once."""
    paths = opened.paths
    parts = parse_dsn(args.dsn)
    with connect(args.dsn) as server:
        if schema_version(server) == 0:
            raise TeamServerError("no team ledger on that server yet: its owner runs team init")
        me = str(server.info.user)
    password = parts.pop("password", "")
    kept = "in the system keychain"
    if password:
        try:
            KeyringSecretStore().set(_secret_name(paths), password)
        except SecretStoreUnavailable:
            kept = "nowhere (no keychain): PGPASSWORD or ~/.pgpass must give it"
    ensure_private_dir(paths.config, "the settings folder")
    team = {"address": make_conninfo(**parts), "me": me}
    write_private_file(paths.config / TEAM_FILE, json.dumps(team).encode())
    result = sync(opened.connection, args.dsn)
    print(f"Joined the team ledger as {me}; the password is kept {kept}.")
    print(f"  Shared {result.pushed} of your touches; fetched {result.pulled} of the team's.")
    if result.private:
        print(f"  {result.private} stay here only: their contact has no e-mail, phone or LinkedIn.")
    return 0


def cmd_sync(args: argparse.Namespace, opened: Opened) -> int:
    """Share and fetch now."""
    team = _need_team(opened.paths)
    result = sync(opened.connection, _dsn(opened.paths, team))
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
    print(f"On the team ledger {_where(team)} as {team['me']}.")
    print(f"  {state.outbox} touches waiting to be shared; {state.mirrored} of the team's here.")
    print(f"  {reached}")
    return 0


def _reached(team: dict[str, str], opened: Opened) -> str:
    state = local_state(opened.connection)
    try:
        with connect(_dsn(opened.paths, team, quick=True)):
            pass
    except TeamServerError:
        said = not_reached_since(state, opened.ctx.tz)
        return f"{said[:1].upper()}{said[1:]}." if said else "The team ledger cannot be reached."
    return "The team ledger answers." + (
        f" Last synced {_local(state.last_sync, opened.ctx.tz)}." if state.last_sync else ""
    )


def _status_json(team: dict[str, str] | None, state: LocalState, reached: str | None) -> Any:
    return {
        "kind": "team_status",
        "joined": team is not None,
        "server": _where(team) if team else None,
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
    (paths.config / TEAM_FILE).unlink()
    with contextlib.suppress(SecretStoreUnavailable):
        KeyringSecretStore().delete(_secret_name(paths))
    print("Left the team ledger. Your touches and the team's fetched so far stay here.")
    return 0


def sync_first(opened: Opened) -> None:
    """Before a command judges or records: share and fetch, within a couple of seconds; when
    the server cannot be reached, say so and go on with what this desktop knows."""
    team = joined(opened.paths)
    if team is None:
        return
    try:
        sync(opened.connection, _dsn(opened.paths, team, quick=True))
    except UserFacingError:
        state = local_state(opened.connection)
        said = not_reached_since(state, opened.ctx.tz) or "team ledger not reached"
        sys.stderr.write(f"trayapp: {said}; judging with the team's touches fetched before\n")


def not_reached_since(state: LocalState, tz: ZoneInfo) -> str | None:
    """``team ledger not reached since 09:12`` (the last time it answered), if it ever did."""
    if state.last_sync is None:
        return None
    return f"team ledger not reached since {_local(state.last_sync, tz)}"


def _local(at: datetime, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    today = datetime.now(local.tzinfo).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%a} {local.day} {local:%b %H:%M}"


def _where(team: dict[str, str]) -> str:
    parts = parse_dsn(team["address"])
    return f"{parts.get('host', 'localhost')}:{parts.get('port', '5432')}/{parts['dbname']}"


def _need_team(paths: AppPaths) -> dict[str, str]:
    team = joined(paths)
    if team is None:
        raise BadInput("not on a team: join one with 'trayapp team join ADDRESS'")
    return team
