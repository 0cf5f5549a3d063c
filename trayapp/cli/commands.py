"""The one table of commands, and ``dispatch``, which runs a parsed command by it.

Each entry names the command as typed ("touch", "contacts add"), its handler as
``"module:function"`` (imported only when the command runs, so ``trayapp --version`` and
``trayapp run`` stay fast), its help and arguments, whether it works on the opened ledger, and
whether it changes the ledger's records. The parser is built from this table, so a command
exists exactly when it has an entry here.

A handler on the opened ledger is called as ``handler(args, opened)``; around it the ledger is
opened (with its notices on stderr), and after success a running app is told of a change and
the daily backup is kept. Any other handler is called as ``handler(args)`` and takes the
ledger's file or key in hand itself (``restore``, ``encrypt`` and ``unlock`` hold the app's
lock, so no app runs to be told) or needs no ledger (``run``, ``doctor``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from trayapp.cli import options

if TYPE_CHECKING:
    from trayapp.ledger.opening import Opened

Options = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    """One command of the command line."""

    name: str
    handler: str
    help: str
    options: Options | None = None
    opens_ledger: bool = True
    #: Changes the records of the opened ledger, or the team it shares with: a running tray app
    #: is told to look again (redraw; start or stop its link to the team).
    changes_data: bool = False
    #: Makes a ledger where there is none yet (every command that changes data does too); a
    #: command that only reads never creates one.
    creates_ledger: bool = False
    #: Judges or records: on a team, shares and fetches first (a couple of seconds at most).
    syncs_team: bool = False

    def __post_init__(self) -> None:
        if self.changes_data and not self.opens_ledger:
            raise ValueError(f"{self.name}: only a command on the opened ledger tells the app")

    def load(self) -> Callable[..., int]:
        """The handler, imported now."""
        module, function = self.handler.split(":")
        return cast("Callable[..., int]", getattr(importlib.import_module(module), function))


_CLI = "trayapp.cli."
_PROMISE = f"{_CLI}promises:"
_CONTACTS = f"{_CLI}contacts:"
_WAITING = f"{_CLI}waiting:"

#: Commands that take an action word, with their help; without one, the group's first action.
GROUPS = {
    "contacts": "list, show, add or edit contacts",
    "autostart": "start the tray app at login: status, on or off",
    "team": "the team's shared ledger on PostgreSQL: init, invite, join, status, sync, leave",
    "waiting": "wait for a reply: waiting CONTACT --until WHEN; list; cancel ID",
}
#: The action a group's first word stands for when it is not one of the group's actions:
#: ``waiting Dana --until tue`` is ``waiting start Dana --until tue``.
DEFAULT_ACTIONS = {"waiting": "start"}

COMMANDS = (
    Command("run", f"{_CLI}run:run", "start the tray app", options.run, opens_ledger=False),
    Command(
        "add",
        f"{_CLI}quick:cmd_add",
        "quick add: one line such as 'called Dana'",
        options.quick_add,
        changes_data=True,
        syncs_team=True,
    ),
    Command(
        "promise",
        f"{_PROMISE}cmd_promise",
        "record a promise to a contact",
        options.promise,
        changes_data=True,
        syncs_team=True,
    ),
    Command(
        "touch",
        f"{_CLI}touches:cmd_touch",
        "log a call, e-mail, message...",
        options.touch,
        changes_data=True,
        syncs_team=True,
    ),
    Command(
        "check",
        f"{_CLI}touches:cmd_check",
        "may I contact this person now?",
        options.check,
        syncs_team=True,
    ),
    Command("list", f"{_PROMISE}cmd_list", "list promises", options.promise_list),
    Command("show", f"{_PROMISE}cmd_show", "show a promise", options.promise_id),
    Command("script", f"{_CLI}quick:cmd_script", "suggested message", options.script),
    Command(
        "check-in",
        f"{_CLI}quick:cmd_check_in",
        "add the close-out's check-in with a promise's contact",
        options.promise_id,
        changes_data=True,
    ),
    Command("kept", f"{_PROMISE}cmd_kept", "mark a promise kept", options.kept, changes_data=True),
    Command(
        "release",
        f"{_PROMISE}cmd_release",
        "let a promise go, with a reason",
        options.release,
        changes_data=True,
    ),
    Command(
        "snooze",
        f"{_PROMISE}cmd_snooze",
        "quiet a promise's reminders until WHEN",
        options.snooze,
        changes_data=True,
    ),
    Command(
        "renegotiate",
        f"{_PROMISE}cmd_renegotiate",
        "agree a new due date",
        options.renegotiate,
        changes_data=True,
    ),
    Command(
        "urgent",
        f"{_PROMISE}cmd_urgent",
        "remind about a promise even outside working hours",
        options.urgent,
        changes_data=True,
    ),
    Command("stats", f"{_CLI}stats:cmd_stats", "the week in numbers", options.stats),
    Command(
        "waiting list",
        f"{_WAITING}cmd_list",
        "the replies you are waiting for",
        options.waiting_list,
    ),
    Command(
        "waiting start",
        f"{_WAITING}cmd_start",
        "wait for a contact's reply until WHEN; remind then unless they reply",
        options.waiting_start,
        changes_data=True,
    ),
    Command(
        "waiting cancel",
        f"{_WAITING}cmd_cancel",
        "stop waiting for a reply",
        options.waiting_cancel,
        changes_data=True,
    ),
    Command("contacts list", f"{_CONTACTS}cmd_list", "list contacts"),
    Command(
        "contacts show", f"{_CONTACTS}cmd_show", "a contact's profile and history", options.contact
    ),
    Command(
        "contacts add",
        f"{_CONTACTS}cmd_add",
        "add a contact",
        options.contact_add,
        changes_data=True,
    ),
    Command(
        "contacts edit",
        f"{_CONTACTS}cmd_edit",
        "change a contact",
        options.contact_edit,
        changes_data=True,
        syncs_team=True,  # a do-not-contact or quiet-until mark reaches the team at once
    ),
    Command(
        "contacts erase",
        f"{_CONTACTS}cmd_erase",
        "erase a person and all their history",
        options.contact_erase,
        changes_data=True,
        syncs_team=True,  # the team ledger deletes this desktop's rows about them at once
    ),
    Command(
        "contacts stale",
        f"{_CONTACTS}cmd_stale",
        "people untouched for months",
        options.contact_stale,
    ),
    Command(
        "import",
        f"{_CLI}transfer:cmd_import",
        "import contacts, touches or promises from CSV",
        options.import_file,
        changes_data=True,
    ),
    Command(
        "export", f"{_CLI}transfer:cmd_export", "export the ledger or one person", options.export
    ),
    Command(
        "autostart status",
        f"{_CLI}autostart:cmd_status",
        "whether the app starts at login",
        opens_ledger=False,
    ),
    Command(
        "autostart on",
        f"{_CLI}autostart:cmd_on",
        "start the tray app at every login",
        opens_ledger=False,
    ),
    Command(
        "autostart off",
        f"{_CLI}autostart:cmd_off",
        "stop starting at login",
        opens_ledger=False,
    ),
    Command(
        "team init",
        f"{_CLI}team:cmd_init",
        "set up the team ledger on a PostgreSQL server (as its owner)",
        options.team_init,
        opens_ledger=False,
    ),
    Command(
        "team invite",
        f"{_CLI}team:cmd_invite",
        "give a recruiter a role on the team server; prints the address to join with",
        options.team_invite,
        opens_ledger=False,
    ),
    Command(
        "team join",
        f"{_CLI}team_member:cmd_join",
        "join the team ledger at ADDRESS (from 'team invite'); shares and fetches at once",
        options.team_join,
        creates_ledger=True,
        changes_data=True,  # the running app starts its link to the team; fetched touches show
    ),
    Command("team status", f"{_CLI}team_member:cmd_status", "on a team? reached? waiting?"),
    Command(
        "team sync",
        f"{_CLI}team_member:cmd_sync",
        "share and fetch touches now",
        changes_data=True,
    ),
    Command(
        "team leave",
        f"{_CLI}team_member:cmd_leave",
        "stop sharing; every touch stays in this ledger",
        changes_data=True,  # the running app stops its link to the team
    ),
    Command("doctor", f"{_CLI}doctor:doctor", "what works on this machine", opens_ledger=False),
    Command(
        "backup", f"{_CLI}backups:cmd_backup", "back up now (a verified copy)", creates_ledger=True
    ),
    Command("backups", f"{_CLI}backups:cmd_backups", "list the backups"),
    Command(
        "restore",
        f"{_CLI}backups:cmd_restore",
        "replace the ledger with a backup",
        options.restore,
        opens_ledger=False,
    ),
    Command(
        "encrypt",
        f"{_CLI}encryption:cmd_encrypt",
        "encrypt the ledger at rest",
        options.encrypt,
        opens_ledger=False,
    ),
    Command(
        "recovery-key",
        f"{_CLI}encryption:cmd_recovery_key",
        "show the recovery key again",
        opens_ledger=False,
    ),
    Command(
        "unlock",
        f"{_CLI}encryption:cmd_unlock",
        "unlock with the recovery key",
        options.unlock,
        opens_ledger=False,
    ),
)

_BY_NAME = {command.name: command for command in COMMANDS}


def command_name(args: argparse.Namespace) -> str:
    """The table's name of a parsed command: "touch", or "contacts add" for a group."""
    name = str(args.command)
    if name not in GROUPS:
        return name
    action = getattr(args, f"{name}_command", None)
    if action is None:
        action = next(c.name for c in COMMANDS if c.name.startswith(f"{name} ")).split()[1]
    return f"{name} {action}"


def dispatch(args: argparse.Namespace) -> int:
    """Run the parsed command by its entry in ``COMMANDS``; its exit code."""
    command = _BY_NAME[command_name(args)]
    handler = command.load()
    if not command.opens_ledger:
        return handler(args)
    return _on_the_ledger(args, command, handler)


def _sync_with_team(opened: Opened) -> None:
    from trayapp.cli.team_member import sync_first

    sync_first(opened)


def _on_the_ledger(args: argparse.Namespace, command: Command, handler: Callable[..., int]) -> int:
    from trayapp.cli.encryption import announce
    from trayapp.ledger.opening import open_ledger

    creates = command.changes_data or command.creates_ledger
    with open_ledger(args.data_dir, create=creates) as opened:
        announce(opened)
        _tell_about_safety(opened)
        if opened.settings_problem:
            sys.stderr.write(f"trayapp: {opened.settings_problem}; using default settings\n")
        on_team = command.syncs_team and opened.paths.team_file.exists()
        if on_team:
            _sync_with_team(opened)
        code = handler(args, opened)
        if on_team and code == 0 and command.changes_data:
            _sync_with_team(opened)  # what was just recorded reaches the team at once
        if code == 0:
            # What was asked is done and said first; the daily backup (seconds on a large
            # encrypted ledger) comes after, once a running app has been told of the change.
            sys.stdout.flush()
            if command.changes_data:
                _tell_the_app(opened)
            _backup_if_due(opened)
        return code


def _tell_the_app(opened: Opened) -> None:
    """Let a running tray app redraw now rather than at its next look at the ledger. Best
    effort, and quick when no app runs: the app notices every commit anyway (it polls
    SQLite's data_version), this only makes it immediate."""
    try:
        from trayapp.platform.single_instance import tell_running
    except ImportError:
        return
    tell_running(opened.paths.data, "refresh")


def _tell_about_safety(opened: Opened) -> None:
    """On stderr: a recovery from a backup just made, and a cloud-synced or network folder."""
    from trayapp.ledger.safekeeping import folder_warning

    if opened.recovery is not None:
        sys.stderr.write(f"trayapp: {opened.recovery.message()}\n")
    risk = folder_warning(opened.paths)
    if risk is not None:
        sys.stderr.write(f"trayapp: warning: {risk}\n")


def _backup_if_due(opened: Opened) -> None:
    """Keep a verified backup under a day old whenever the data changed. Never fails a
    command: what was done is saved, so a backup problem is a warning and the exit code stays."""
    from trayapp.ledger.safekeeping import automatic_backup

    problem = automatic_backup(opened).problem
    if problem is not None:
        sys.stderr.write(f"trayapp: warning: {problem}; what was done is saved\n")
