"""The doctor's notifications line: on macOS it says when the user has not allowed them."""

from __future__ import annotations

import subprocess

import pytest


def test_doctor_explains_notifications_not_allowed_on_macos(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trayapp.cli import doctor

    def refused(*_args: object, **_kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess([], 0, stdout="False\n", stderr="")

    monkeypatch.setattr(subprocess, "run", refused)
    found = doctor.probe_notifications("darwin")
    assert found["ok"] is False
    assert "allow them in System Settings > Notifications" in found["detail"]
