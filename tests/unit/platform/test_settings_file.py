"""The settings file: versions on disk, upgrades as it is read, a newer file never overwritten."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trayapp.core.errors import StorageError
from trayapp.core.settings import SETTINGS_VERSION, Settings
from trayapp.platform.settings_file import JsonSettingsStore

NEWER = SETTINGS_VERSION + 1


def _write(path: Path, data: dict[str, Any]) -> bytes:
    content = json.dumps(data).encode("utf-8")
    path.write_bytes(content)
    return content


def test_an_unversioned_file_loads_as_before_and_is_saved_with_a_version(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    _write(path, {"my_name": "Sam", "timezone": "Europe/London", "guard": {"week_limit": 4}})
    store = JsonSettingsStore(path)
    settings = store.load()
    assert store.problem is None
    assert settings.my_name == "Sam"
    assert settings.timezone == "Europe/London"
    assert settings.guard.week_limit == 4
    assert settings.guard.day_limit == Settings().guard.day_limit
    store.save(settings)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SETTINGS_VERSION


def test_an_older_file_is_upgraded_as_it_is_read(tmp_path: Path) -> None:
    def name_to_my_name(data: dict[str, Any]) -> dict[str, Any]:
        return {("my_name" if k == "name" else k): v for k, v in data.items()}

    path = tmp_path / "settings.json"
    _write(path, {"version": 1, "name": "Sam"})
    store = JsonSettingsStore(path, steps=(name_to_my_name,))
    assert store.load().my_name == "Sam"
    assert store.problem is None


def test_a_newer_file_is_refused_and_kept_when_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    content = _write(path, {"version": NEWER, "my_name": "Sam", "new_thing": {"a": 1}})
    store = JsonSettingsStore(path)
    assert store.load() == Settings()
    assert store.problem == (
        f"the settings file {path} was written by a newer Follow-Through (settings version "
        f"{NEWER}; this version reads up to {SETTINGS_VERSION}); it is left as it is: "
        "update Follow-Through to use it"
    )
    assert path.read_bytes() == content


def test_saving_over_a_newer_file_is_refused_and_the_file_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    content = _write(path, {"version": NEWER, "my_name": "Sam"})
    store = JsonSettingsStore(path)
    with pytest.raises(StorageError) as refused:
        store.save(store.load())
    assert refused.value.message == (
        f"the settings file {path} was written by a newer Follow-Through (settings version "
        f"{NEWER}; this version reads up to {SETTINGS_VERSION}) and is kept as it is; "
        "update Follow-Through to change settings"
    )
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_saving_over_an_unreadable_file_still_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    JsonSettingsStore(path).save(Settings(my_name="Sam"))
    assert json.loads(path.read_text(encoding="utf-8"))["my_name"] == "Sam"
