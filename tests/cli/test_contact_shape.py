"""A contact has one JSON shape: the command line prints the export's profile fields, with its
own instants (``Z``) and without ``created_at``."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from trayapp.cli import main as cli
from trayapp.services.transfer.columns import PROFILE_FIELDS


def _json(argv: list[str]) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert cli.main([*argv, "--json"]) == 0
    return json.loads(out.getvalue())


def test_the_command_line_prints_the_exported_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAYAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRAYAPP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TRAYAPP_NOW", "2026-11-24T15:00:00+00:00")
    _json(["contacts", "add", "Dana Smith", "--company", "Acme", "--email", "d@acme.example"])
    _json(["contacts", "edit", "Dana", "--dnc", "--reason", "asked us to stop"])
    _json(["contacts", "edit", "Dana", "--quiet-until", "2026-12-01"])
    shown = _json(["contacts", "show", "Dana"])["contact"]
    target = tmp_path / "dana.json"
    with contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["export", "--contact", "Dana", "--out", str(target)]) == 0
    exported = json.loads(target.read_text(encoding="utf-8"))["contacts"][0]
    assert list(shown) == [f for f in PROFILE_FIELDS if f != "created_at"]
    assert shown["dnc_at"] == "2026-11-24T15:00:00Z"
    assert {
        k: v.replace("Z", "+00:00") if k in ("dnc_at", "quiet_until") else v
        for k, v in shown.items()
    } == {k: exported[k] for k in shown}
    assert _json(["check", "Dana"])["contact"] == shown
    assert _json(["contacts", "list"])[0] | {"verdict": None} == shown | {"verdict": None}
