"""Settings versions: an older shape is brought up to date step by step, a newer one refused."""

from __future__ import annotations

from typing import Any

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.settings import (
    SETTINGS_VERSION,
    NewerSettings,
    Settings,
    upgraded,
)


def _rename_name(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 to 2 of a pretend future shape: ``name`` became ``my_name``."""
    out = {k: v for k, v in data.items() if k != "name"}
    if "name" in data:
        out["my_name"] = data["name"]
    return out


def _hours_to_minutes(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 to 3: ``heads_up_hours`` became ``reminders.heads_up_minutes``."""
    out = {k: v for k, v in data.items() if k != "heads_up_hours"}
    if "heads_up_hours" in data:
        out["reminders"] = {
            **out.get("reminders", {}),
            "heads_up_minutes": 60 * data["heads_up_hours"],
        }
    return out


STEPS = (_rename_name, _hours_to_minutes)


def test_a_mapping_without_a_version_reads_as_it_always_has() -> None:
    data = {"my_name": "Sam", "timezone": "Europe/London", "guard": {"week_limit": 4}}
    settings = Settings.from_mapping(data)
    assert settings.my_name == "Sam"
    assert settings.guard.week_limit == 4
    assert Settings.from_mapping({**data, "version": 1}) == settings
    assert settings.to_mapping()["version"] == SETTINGS_VERSION == 1


def test_every_step_from_the_mapping_s_version_on_runs_in_order() -> None:
    assert upgraded({"name": "Sam", "heads_up_hours": 2}, STEPS) == {
        "my_name": "Sam",
        "reminders": {"heads_up_minutes": 120},
        "version": 3,
    }
    from_two = upgraded({"version": 2, "name": "kept", "heads_up_hours": 1}, STEPS)
    assert from_two == {"name": "kept", "reminders": {"heads_up_minutes": 60}, "version": 3}
    settings = Settings.from_mapping({"name": "Sam", "heads_up_hours": 2}, STEPS)
    assert (settings.my_name, settings.reminders.heads_up_minutes) == ("Sam", 120)


def test_a_newer_mapping_is_refused_saying_which_versions() -> None:
    with pytest.raises(NewerSettings) as refused:
        Settings.from_mapping({"version": SETTINGS_VERSION + 1, "my_name": "Sam"})
    assert refused.value.message == (
        f"was written by a newer Follow-Through (settings version {SETTINGS_VERSION + 1}; "
        f"this version reads up to {SETTINGS_VERSION})"
    )


@pytest.mark.parametrize("version", ["2", 0, -1, True, 1.5, None])
def test_a_version_that_is_not_a_whole_number_from_one_is_bad_input(version: object) -> None:
    with pytest.raises(BadInput, match="setting 'version' must be a whole number from 1"):
        Settings.from_mapping({"version": version})
