"""The test desktop's notification daemon (dunst): its config, and reading what it has shown."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DUNSTRC = """\
# Notifications stay on screen for a minute, in a large readable font, top-left so that they
# never cover the tray at the top-right. Identical ones are not stacked: each is shown (and
# recorded) on its own, so a test can count them.
[global]
    stack_duplicates = false
    monitor = 0
    follow = none
    width = 420
    height = 200
    origin = top-left
    offset = 16x48
    notification_limit = 0
    font = DejaVu Sans 12
    line_height = 2
    padding = 10
    horizontal_padding = 12
    frame_width = 2
    frame_color = "#3070c0"
    separator_height = 2
    format = "<b>%a</b>\\n<b>%s</b>\\n%b"
    markup = full
    alignment = left
    word_wrap = yes
    ignore_newline = no
    show_indicators = yes
    idle_threshold = 0
    sticky_history = yes
    history_length = 100
    show_age_threshold = -1
    icon_position = off
    browser = /bin/false
    dmenu = /bin/false

[record]
    summary = "*"
    script = {recorder}

[urgency_low]
    background = "#ffffff"
    foreground = "#202020"
    timeout = 60

[urgency_normal]
    background = "#ffffff"
    foreground = "#000000"
    timeout = 60

[urgency_critical]
    background = "#fff0f0"
    foreground = "#800000"
    frame_color = "#c00000"
    timeout = 0
"""


_RECORDER = """\
#!{python}
# Run by dunst for every notification it shows: appends one JSON line to the record.
import json, os
fields = ("ID", "APP_NAME", "SUMMARY", "BODY", "URGENCY", "ICON_PATH")
line = json.dumps({{k.lower(): os.environ.get("DUNST_" + k, "") for k in fields}})
with open({log!r}, "a", encoding="utf-8") as out:
    out.write(line + "\\n")
"""


@dataclass(frozen=True)
class Notification:
    """One notification dunst has shown; `on_screen` is False once it is closed or expired."""

    id: int
    app_name: str
    summary: str
    body: str
    urgency: str
    on_screen: bool
    #: The icon file dunst showed with it ("" when none).
    icon_path: str = ""


def install_dunst(folder: Path) -> Path:
    """Write dunst's config and the recorder it runs into `folder`; return the config's path."""
    record = folder / "notifications.jsonl"
    record.touch()
    recorder = folder / "notify-recorder"
    recorder.write_text(_RECORDER.format(python=sys.executable, log=str(record)))
    recorder.chmod(0o755)
    config = folder / "dunstrc"
    config.write_text(_DUNSTRC.replace("{recorder}", str(recorder)))
    return config


def read_notifications(folder: Path, env: Mapping[str, str]) -> list[Notification]:
    """Every notification shown so far, oldest first; those still on screen are marked."""
    closed = _history_ids(env)
    latest: dict[int, Notification] = {}  # dunst runs the recorder again when it re-shows one
    for line in (folder / "notifications.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        ident = int(entry["id"])
        latest[ident] = Notification(
            id=ident,
            app_name=entry["app_name"],
            summary=entry["summary"],
            body=entry["body"],
            urgency=entry["urgency"].lower(),
            on_screen=ident not in closed,
            icon_path=entry.get("icon_path", ""),
        )
    return sorted(latest.values(), key=lambda n: n.id)


def _history_ids(env: Mapping[str, str]) -> set[int]:
    """Ids of the notifications dunst has closed (its history, read with `dunstctl history`)."""
    done = subprocess.run(
        ["dunstctl", "history"],
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    data: dict[str, Any] = json.loads(done.stdout)
    return {int(entry["id"]["data"]) for group in data["data"] for entry in group}
