"""The one table of commands: it and the parser know the same commands, every handler loads,
and exactly the commands marked as changing data tell a running tray app to redraw."""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from trayapp.cli import main as cli
from trayapp.cli.commands import COMMANDS, Command
from trayapp.cli.parser import build_parser

NOW = "2026-11-24T15:00:00+00:00"
ON_THE_LEDGER = [c for c in COMMANDS if c.opens_ledger]
#: Commands that need a team server: called in tests/team/test_team_sync.py, on a real one.
ON_A_SERVER = {"team join", "team sync"}
HERE = [c for c in ON_THE_LEDGER if c.name not in ON_A_SERVER]

#: One successful call of every command on the opened ledger, in a profile with Dana Smith
#: (promise #1 to her) and Lee Chen (promise #2, at the monthly limit, wait #1 for his reply).
CALLS: dict[str, list[str]] = {
    "add": ["add", "called Dana Smith"],
    "promise": ["promise", "Dana Smith", "send the brief", "--due", "2026-12-01T10:00"],
    "touch": ["touch", "Dana Smith", "--channel", "call"],
    "check": ["check", "Dana Smith"],
    "list": ["list"],
    "show": ["show", "1"],
    "script": ["script", "1"],
    "check-in": ["check-in", "2"],
    "kept": ["kept", "1"],
    "release": ["release", "1", "--reason", "role closed"],
    "snooze": ["snooze", "1", "tomorrow"],
    "renegotiate": ["renegotiate", "1", "2026-12-05T10:00"],
    "urgent": ["urgent", "1"],
    "waiting start": ["waiting", "Dana Smith", "--until", "2026-12-02T10:00"],
    "waiting list": ["waiting", "list"],
    "stats": ["stats", "--weeks", "4"],
    "waiting cancel": ["waiting", "cancel", "1"],
    "contacts list": ["contacts", "list"],
    "contacts show": ["contacts", "show", "Dana Smith"],
    "contacts add": ["contacts", "add", "Kim Park"],
    "contacts edit": ["contacts", "edit", "Lee Chen", "--company", "Initech"],
    "contacts erase": ["contacts", "erase", "Lee Chen", "--yes"],
    "contacts stale": ["contacts", "stale"],
    "import": ["import", "contacts", "{folder}/people.csv"],
    "export": ["export", "--format", "csv", "--out", "{folder}/export.csv"],
    "backup": ["backup"],
    "backups": ["backups"],
    "team status": ["team", "status"],
    "team leave": ["team", "leave"],
}


def _parser_commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    """Every command the parser knows, as typed: "touch", "contacts add"."""
    names: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, sub in action.choices.items():
                nested = _parser_commands(sub, f"{prefix}{word} ")
                names |= nested or {f"{prefix}{word}"}
    return names


def test_the_table_and_the_parser_know_the_same_commands() -> None:
    assert _parser_commands(build_parser()) == {c.name for c in COMMANDS}
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_handler_loads(command: Command) -> None:
    assert callable(command.load())


def test_a_command_off_the_ledger_cannot_be_marked_as_changing_data() -> None:
    with pytest.raises(ValueError, match="only a command on the opened ledger"):
        Command(
            "restore", "trayapp.cli.backups:cmd_restore", "", opens_ledger=False, changes_data=True
        )


def test_every_command_on_the_ledger_has_a_call_here() -> None:
    assert set(CALLS) | ON_A_SERVER == {c.name for c in ON_THE_LEDGER}
    assert not set(CALLS) & ON_A_SERVER


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, err.getvalue()


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder with Dana Smith (promise #1 to her) and Lee Chen (promise #2, at the
    monthly limit, and wait #1 for his reply), and a CSV to import."""
    monkeypatch.setenv("TRAYAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRAYAPP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TRAYAPP_NOW", NOW)
    (tmp_path / "people.csv").write_text("name,email\nRia Shah,ria@globex.example\n")
    # Six e-mails to Lee Chen in 30 days: at the monthly limit, so the close-out fits.
    rows = [f"Lee Chen,email,out,2026-11-{day:02d}T10:00:00Z" for day in range(1, 24, 4)]
    (tmp_path / "lee.csv").write_text("contact,channel,direction,at\n" + "\n".join(rows) + "\n")
    for argv in (
        ["contacts", "add", "Dana Smith", "--email", "dana@acme.example"],
        ["contacts", "add", "Lee Chen"],
        ["promise", "Dana Smith", "send the brief", "--due", "2026-12-01T10:00"],
        ["promise", "Lee Chen", "send the shortlist", "--due", "2026-12-01T10:00"],
        ["import", "touches", str(tmp_path / "lee.csv")],
        ["waiting", "Lee Chen", "--until", "2026-12-01T10:00"],
    ):
        assert _run(argv)[0] == 0
    yield tmp_path


@pytest.mark.parametrize("command", HERE, ids=lambda c: c.name)
def test_exactly_the_commands_that_change_data_tell_the_running_app(
    command: Command, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[Path, str]] = []

    def tell_running(data_dir: Path, action: str, timeout_ms: int = 300) -> bool:
        told.append((data_dir, action))
        return True

    monkeypatch.setattr("trayapp.platform.single_instance.tell_running", tell_running)
    argv = [part.format(folder=profile) for part in CALLS[command.name]]
    code, err = _run(argv)
    assert code == 0, err
    expected = [(profile / "data", "refresh")] if command.changes_data else []
    assert told == expected
