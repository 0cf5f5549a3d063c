"""``trayapp autostart on|off|status``: the real XDG autostart entry, under a temporary
``XDG_CONFIG_HOME``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return Cli(tmp_path / "profile")


def test_on_status_off(cli: Cli, tmp_path: Path) -> None:
    entry = tmp_path / "xdg" / "autostart" / "follow-through.desktop"
    assert cli.json("autostart", "status") == {
        "kind": "autostart",
        "enabled": False,
        "location": str(entry),
    }
    assert cli.json("autostart") == cli.json("autostart", "status")
    said = cli.ok("autostart", "on")
    assert said == f"Starts at login: on ({entry})\n"
    exec_line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    assert "-m trayapp run --data-dir" in exec_line and str(cli.data) in exec_line
    assert cli.json("autostart", "status")["enabled"] is True
    assert "Starts at login: off" in cli.ok("autostart", "off")
    assert not entry.exists()
    assert not cli.data.joinpath("trayapp.db").exists()  # no ledger is made for this


def test_a_refusal_is_said_and_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "xdg").mkdir()
    (tmp_path / "xdg" / "autostart").write_text("a file, not a folder")
    said = cli.fails(2, "autostart", "on")
    assert "start-at-login entry" in said and "could not be changed" in said
    assert (tmp_path / "xdg" / "autostart").read_text() == "a file, not a folder"


def test_an_unknown_action_is_refused(cli: Cli) -> None:
    assert "invalid choice" in cli.fails(2, "autostart", "maybe")


def test_doctor_says_whether_the_app_starts_at_login(cli: Cli, tmp_path: Path) -> None:
    entry = str(tmp_path / "xdg" / "autostart" / "follow-through.desktop")
    assert cli.json("doctor")["autostart"] == {"ok": False, "enabled": False, "location": entry}
    cli.ok("autostart", "on")
    assert cli.json("doctor")["autostart"]["enabled"] is True
    assert f"[ok] autostart: enabled=True, location={entry}" in cli.ok("doctor")
