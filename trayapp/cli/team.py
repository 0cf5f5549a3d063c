"""``trayapp team init|invite``: set up the team's shared ledger on a PostgreSQL server, and
give each recruiter a role of their own to join it with.

``init`` runs as the database's owner; the address it was given (never its password) is kept
in the settings folder so that ``invite`` can use it again. Passwords come from where
PostgreSQL's own tools find them (the address, PGPASSWORD or ~/.pgpass).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from psycopg.conninfo import make_conninfo

from trayapp.cli.output import emit_json
from trayapp.core.errors import BadInput
from trayapp.disk.atomic import write_private_file
from trayapp.platform.paths import ensure_private_dir, resolve_paths
from trayapp.store.team_server import init_server, invite, parse_dsn

OWNER_FILE = "team-server.json"


def _owner_file(args: argparse.Namespace) -> Path:
    return resolve_paths(getattr(args, "data_dir", None)).config / OWNER_FILE


def _without_password(dsn: str) -> str:
    return make_conninfo(**{k: v for k, v in parse_dsn(dsn).items() if k != "password"})


def cmd_init(args: argparse.Namespace) -> int:
    """Set the team ledger up on the server (again: brings its schema up to date)."""
    version = init_server(args.dsn)
    place = _owner_file(args)
    ensure_private_dir(place.parent, "the settings folder")
    address = _without_password(args.dsn)
    write_private_file(place, json.dumps({"owner_address": address}).encode())
    parts = parse_dsn(args.dsn)
    where = f"{parts.get('host', 'localhost')}:{parts.get('port', '5432')}/{parts['dbname']}"
    if args.json:
        emit_json({"kind": "team_server", "server": where, "schema_version": version})
    else:
        print(f"Team ledger ready on {where} (schema {version}).")
        print("  Invite each recruiter with: trayapp team invite NAME")
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    """A recruiter's own role on the team server, and the address they join with."""
    invitation = invite(args.server or _remembered_owner(args), args.name)
    if args.json:
        emit_json({"name": invitation.name, "dsn": invitation.dsn})
    else:
        print(f"Invited {invitation.name}. They join with:")
        print(f"  trayapp team join '{invitation.dsn}'")
        print("  (the address holds their password: hand it over privately)")
    return 0


def _remembered_owner(args: argparse.Namespace) -> str:
    place = _owner_file(args)
    try:
        address = json.loads(place.read_text(encoding="utf-8"))["owner_address"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BadInput(
            "no team server set up from here: run 'trayapp team init ADDRESS' first, or give "
            "--server ADDRESS"
        ) from None
    return str(address)
