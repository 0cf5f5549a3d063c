"""The command line's parser, built from the one table of commands (``commands.COMMANDS``).

Every command takes ``--json`` and ``--data-dir``; a usage error exits with the bad-input code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trayapp import APP_NAME, __version__
from trayapp.cli.commands import COMMANDS, DEFAULT_ACTIONS, GROUPS

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT, EXIT_NOT_FOUND = 0, 1, 2, 3

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction["_Parser"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with the bad-input code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"trayapp: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """``trayapp [--version] [--data-dir DIR] COMMAND ...`` with one sub-parser per command.

    Given the words to parse, and their first word names a command (or a group of them), only
    that command's sub-parser is built: the same parsing for it, without loading what every
    other command's options need (``trayapp run`` starts the tray app sooner). Otherwise, for
    help and for a word that names no command, every sub-parser is there.
    """
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="keep all data in DIR"
    )
    parser = _Parser(prog="trayapp", description=f"{APP_NAME}: keep promises, pace follow-ups.")
    parser.add_argument("--version", action="version", version=f"trayapp {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="keep all data in DIR")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    groups: dict[str, SubParsers] = {}
    word = _command_word(argv)
    for command in COMMANDS:
        group, _, action = command.name.partition(" ")
        if word is not None and group != word:
            continue
        if action:
            if group not in groups:
                groups[group] = _group(sub, common, group)
            p = groups[group].add_parser(action, parents=[common], help=command.help)
        else:
            p = sub.add_parser(command.name, parents=[common], help=command.help)
        if command.options is not None:
            command.options(p)
    return parser


def _group(sub: SubParsers, common: _Parser, group: str) -> SubParsers:
    """A command that takes an action word, e.g. ``contacts``."""
    p = sub.add_parser(group, parents=[common], help=GROUPS[group])
    return p.add_subparsers(dest=f"{group}_command", parser_class=_Parser, metavar="ACTION")


def with_default_action(argv: Sequence[str]) -> list[str]:
    """``argv`` with a group's default action put in where the first word after the group is
    not one of its actions (``waiting Dana`` → ``waiting start Dana``); anything else as given."""
    args = list(argv)
    group = _first_word(args, 0)
    if group is None or args[group] not in DEFAULT_ACTIONS:
        return args
    word = _first_word(args, group + 1)
    if word is None:
        return args
    name = args[group]
    actions = {c.name.partition(" ")[2] for c in COMMANDS if c.name.startswith(f"{name} ")}
    if args[word] in actions:
        return args
    return [*args[:word], DEFAULT_ACTIONS[name], *args[word:]]


def _command_word(argv: Sequence[str]) -> str | None:
    """The command (or group) the words name, when they name one."""
    args = list(argv)
    index = _first_word(args, 0)
    if index is None:
        return None
    word = args[index]
    return word if any(c.name.partition(" ")[0] == word for c in COMMANDS) else None


def _first_word(args: list[str], start: int) -> int | None:
    """Where the first word that is not an option (nor ``--data-dir``'s folder) stands."""
    index = start
    while index < len(args) and args[index].startswith("-"):
        if args[index] in ("-h", "--help"):
            return None
        index += 2 if args[index] == "--data-dir" else 1
    return index if index < len(args) else None
