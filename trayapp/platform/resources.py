"""The files the app ships beside its code: script templates, the export schema, icons.

They live in ``resources/<kind>`` at the project root. :func:`shipped_dir` finds such a folder
in an installed package (``trayapp/resources/<kind>``), in a frozen bundle
(``<bundle>/resources/<kind>``) and in a source checkout, in that order: the first that holds
the file the caller names as its marker.
"""

from __future__ import annotations

import sys
from pathlib import Path

import trayapp

__all__ = ["app_icon_file", "shipped_dir"]


def shipped_dir(kind: str, marker: str) -> Path:
    """The folder of shipped ``kind`` files that holds ``marker`` (the checkout's when none)."""
    package = Path(trayapp.__file__).resolve().parent
    candidates = [package / "resources" / kind]
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        candidates.append(Path(bundle) / "resources" / kind)
    candidates.append(package.parent / "resources" / kind)
    for candidate in candidates:
        if (candidate / marker).is_file():
            return candidate
    return candidates[-1]


def app_icon_file(kind: str = "png") -> Path | None:
    """The app's own icon as a ``png`` (256 px), ``ico`` or ``icns`` file; None if missing."""
    path = shipped_dir("icons", "app.png") / f"app.{kind}"
    return path if path.is_file() else None
