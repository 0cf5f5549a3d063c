"""The date order: the setting, validated, or the computer's region when it is ``auto``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.settings import Settings
from trayapp.platform.date_order import locale_date_order, region_of, resolved_date_order
from trayapp.platform.settings_file import JsonSettingsStore


@pytest.mark.parametrize(
    ("raw", "kept"),
    [("auto", "auto"), ("DMY", "DMY"), ("mdy", "MDY"), (" ymd ", "YMD"), ("Auto", "auto")],
)
def test_a_date_order_setting_is_one_of_four(raw: str, kept: str) -> None:
    assert Settings.from_mapping({"date_order": raw}).date_order == kept


@pytest.mark.parametrize("raw", ["", "DM", "day first", "DDMMYY", 1, None, ["DMY"]])
def test_another_date_order_is_refused_saying_what_is_allowed(raw: object) -> None:
    with pytest.raises(BadInput, match="date_order"):
        Settings.from_mapping({"date_order": raw})


def test_the_default_is_auto_and_a_file_without_it_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "my_name": "Sam"}), encoding="utf-8")
    store = JsonSettingsStore(path)
    assert store.load().date_order == "auto"
    store.save(Settings.from_mapping({"date_order": "dmy"}))
    assert json.loads(path.read_text(encoding="utf-8"))["date_order"] == "DMY"
    assert store.load().date_order == "DMY"


def test_a_bad_date_order_in_the_file_is_told_and_the_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"date_order": "sideways"}), encoding="utf-8")
    store = JsonSettingsStore(path)
    assert store.load() == Settings()
    assert store.problem is not None and "DMY (1/12 is 1 December)" in store.problem


@pytest.mark.parametrize(
    ("environ", "order"),
    [
        ({"LANG": "en_GB.UTF-8"}, "DMY"),
        ({"LANG": "en_US.UTF-8"}, "MDY"),
        ({"LANG": "de_DE.UTF-8"}, "DMY"),
        ({"LANG": "ja_JP.UTF-8"}, "YMD"),
        ({"LANG": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, "DMY"),
        ({"LC_ALL": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, "MDY"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_auto_follows_the_region_of_the_locale(environ: dict[str, str], order: str | None) -> None:
    assert locale_date_order(environ) == order
    assert resolved_date_order("auto", environ) == order
    assert resolved_date_order("YMD", environ) == "YMD"


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("en_GB.UTF-8", "GB"),
        ("en-AU", "AU"),
        ("English_United States", "US"),
        ("English_United Kingdom", "GB"),
        ("Japanese_Japan", "JP"),
        ("C", None),
    ],
)
def test_regions_of_locale_names(name: str, region: str | None) -> None:
    assert region_of(name) == region
