"""``waiting Dana --until tue`` is ``waiting start Dana --until tue``: a group's default action is
put in only where the first word after the group is not one of its actions."""

from __future__ import annotations

import pytest

from trayapp.cli.parser import build_parser, with_default_action


@pytest.mark.parametrize(
    ("given", "read"),
    [
        (["waiting", "Dana", "--until", "tue"], ["waiting", "start", "Dana", "--until", "tue"]),
        (["--data-dir", "/d", "waiting", "Dana"], ["--data-dir", "/d", "waiting", "start", "Dana"]),
        (["--data-dir=/d", "waiting", "Dana"], ["--data-dir=/d", "waiting", "start", "Dana"]),
        (
            ["waiting", "--data-dir", "/d", "Dana", "--until", "tue"],
            ["waiting", "--data-dir", "/d", "start", "Dana", "--until", "tue"],
        ),
        (["waiting", "--json"], ["waiting", "--json"]),
        (["waiting"], ["waiting"]),
        (["waiting", "-h"], ["waiting", "-h"]),
        (["waiting", "list", "--all"], ["waiting", "list", "--all"]),
        (["waiting", "cancel", "3"], ["waiting", "cancel", "3"]),
        (
            ["waiting", "start", "list", "--until", "tue"],
            ["waiting", "start", "list", "--until", "tue"],
        ),
        (["contacts", "Dana"], ["contacts", "Dana"]),
        (["touch", "waiting"], ["touch", "waiting"]),
    ],
)
def test_the_default_action_is_put_in_only_where_needed(given: list[str], read: list[str]) -> None:
    assert with_default_action(given) == read


def test_the_parser_reads_the_expanded_line() -> None:
    args = build_parser().parse_args(with_default_action(["waiting", "Dana", "--until", "tue"]))
    assert (args.command, args.waiting_command, args.contact, args.until) == (
        "waiting",
        "start",
        "Dana",
        "tue",
    )
