"""This desktop's membership of a team ledger: the address joined (kept in the settings folder
without its password), the password (in the system keychain), and how to say the server has
not answered. Shared by the command line and the tray app.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from psycopg.conninfo import make_conninfo

from trayapp.core.ports import SecretStoreUnavailable
from trayapp.disk.atomic import write_private_file
from trayapp.platform.paths import AppPaths, ensure_private_dir
from trayapp.platform.secrets import KeyringSecretStore
from trayapp.store.team_server import TeamServerError, connect, parse_dsn, schema_version
from trayapp.store.team_sync import LocalState, SyncResult, sync

#: What commands that judge or record give the team ledger before going on without it.
QUICK_SYNC_SECONDS = 2


def _secret_name(paths: AppPaths) -> str:
    return f"team-password:{paths.data}"


def joined(paths: AppPaths) -> dict[str, str] | None:
    """The team joined from this data folder (``address``, ``me``), or None."""
    try:
        found = json.loads(paths.team_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and "address" in found else None


def remember(paths: AppPaths, dsn: str, me: str) -> str:
    """Keep the address (its password in the keychain); where the password went, in words."""
    parts = parse_dsn(dsn)
    password = parts.pop("password", "")
    kept = "in the system keychain"
    if password:
        try:
            KeyringSecretStore().set(_secret_name(paths), password)
        except SecretStoreUnavailable:
            kept = "nowhere (no keychain): PGPASSWORD or ~/.pgpass must give it"
    ensure_private_dir(paths.config, "the settings folder")
    team = {"address": make_conninfo(**parts), "me": me}
    write_private_file(paths.team_file, json.dumps(team).encode())
    return kept


@dataclass(frozen=True, slots=True)
class Joined:
    """A team joined: as whom, where the password was kept, and the first exchange."""

    me: str
    kept: str
    result: SyncResult


def join(paths: AppPaths, local: sqlite3.Connection, dsn: str) -> Joined:
    """Join the team ledger at ``dsn`` (from ``team invite``): check that it answers and is
    set up, keep the address (its password in the keychain), then share and fetch at once.
    :class:`TeamServerError` (nothing kept) when the server cannot be reached or refuses."""
    with connect(dsn) as server:
        if schema_version(server) == 0:
            raise TeamServerError("no team ledger on that server yet: its owner runs team init")
        me = str(server.info.user)
    kept = remember(paths, dsn, me)
    return Joined(me, kept, sync(local, dsn))


def forget(paths: AppPaths) -> None:
    paths.team_file.unlink(missing_ok=True)
    with contextlib.suppress(SecretStoreUnavailable):
        KeyringSecretStore().delete(_secret_name(paths))


def link_address(paths: AppPaths, team: dict[str, str], *, quick: bool = False) -> str:
    """The address to reach the team with, its password from the keychain; ``quick`` bounds
    connecting and each statement to a couple of seconds."""
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


def not_reached_since(state: LocalState, tz: ZoneInfo) -> str | None:
    """``team ledger not reached since 09:12`` (the last time it answered), if it ever did."""
    if state.last_sync is None:
        return None
    return f"team ledger not reached since {local_time(state.last_sync, tz)}"


def local_time(at: datetime, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    today = datetime.now(local.tzinfo).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%a} {local.day} {local:%b %H:%M}"


def where(team: dict[str, str]) -> str:
    parts = parse_dsn(team["address"])
    return f"{parts.get('host', 'localhost')}:{parts.get('port', '5432')}/{parts['dbname']}"
