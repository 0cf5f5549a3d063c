"""The ``Autostart`` contract, run against every real adapter (the XDG entry and the macOS
LaunchAgent in temporary folders, the Windows Run key on a fake registry) and the fake."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import FakeAutostart
from tests.unit.platform.test_autostart import FakeRegistry
from trayapp.core.errors import BadInput
from trayapp.core.ports import Autostart
from trayapp.platform.autostart import LaunchAgent, WindowsRunKey, XdgAutostart

COMMAND = ["/usr/bin/python3", "-m", "trayapp", "run"]


@pytest.fixture(params=["xdg", "launch-agent", "run-key", "fake"])
def entry(request: pytest.FixtureRequest, tmp_path: Path) -> Autostart:
    made: dict[str, Autostart] = {
        "xdg": XdgAutostart(tmp_path / "config"),
        "launch-agent": LaunchAgent(tmp_path / "LaunchAgents"),
        "run-key": WindowsRunKey(FakeRegistry()),
        "fake": FakeAutostart(),
    }
    return made[request.param]


def test_off_until_turned_on_and_off_again(entry: Autostart) -> None:
    first = entry.status()
    assert first.enabled is False and first.location
    assert entry.enable(COMMAND).enabled is True
    assert entry.status().enabled is True
    assert entry.enable(COMMAND).enabled is True  # on twice is still one entry
    assert entry.disable() == first
    assert entry.disable() == first  # off twice is still off


@pytest.fixture(params=["xdg", "launch-agent", "run-key", "fake"])
def refusing(request: pytest.FixtureRequest, tmp_path: Path) -> Autostart:
    (tmp_path / "blocked").write_text("a file where the folder should be")
    made: dict[str, Autostart] = {
        "xdg": XdgAutostart(tmp_path / "blocked"),
        "launch-agent": LaunchAgent(tmp_path / "blocked"),
        "run-key": WindowsRunKey(FakeRegistry(refuse=True)),
        "fake": FakeAutostart(refuse=True),
    }
    return made[request.param]


def test_a_refused_change_is_a_clear_bad_input_and_changes_nothing(refusing: Autostart) -> None:
    with pytest.raises(BadInput, match=r"start-at-login entry .* could not be changed"):
        refusing.enable(COMMAND)
    assert refusing.status().enabled is False
