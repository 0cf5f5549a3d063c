"""Script template files on disk: the shipped folder and the user's folder, the user's copy wins.

A file that cannot be read (not UTF-8, larger than 256 KiB, a folder, no permission) counts as
absent, so the shipped copy is used, and a warning naming the file (never its folder, never
its content) is logged.

The shipped templates live in ``resources/scripts`` at the project root. :func:`shipped_scripts_dir`
finds them (``platform.resources``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trayapp.core.scripts.library import ScriptLibrary
from trayapp.platform.resources import shipped_dir

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "FileTemplateSource",
    "load_script_library",
    "script_file_text",
    "shipped_scripts_dir",
]

MAX_TEMPLATE_BYTES = 256 * 1024
_NAME = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,99}\.toml")
_log = logging.getLogger(__name__)


class FileTemplateSource:
    """Implements :class:`trayapp.core.ports.TemplateSource` over one or two folders."""

    def __init__(self, shipped_dir: Path, user_dir: Path | None = None) -> None:
        self._dirs = [d for d in (user_dir, shipped_dir) if d is not None]

    def read(self, name: str) -> str | None:
        """The text of ``name`` from the user's folder, else the shipped one; ``None`` if absent."""
        if not _NAME.fullmatch(name):
            return None
        for folder in self._dirs:
            text = _read_text(folder / name)
            if text is not None:
                return text
        return None

    def names(self) -> list[str]:
        """Every ``*.toml`` name found in either folder, sorted."""
        found: set[str] = set()
        for folder in self._dirs:
            try:
                found.update(p.name for p in folder.iterdir() if _NAME.fullmatch(p.name))
            except OSError:
                continue
        return sorted(found)


def _read_text(path: Path) -> str | None:
    try:
        if not path.exists():
            return None
        if path.is_dir():
            return _skip(path, "it is a folder")
        with path.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        return _skip(path, exc.strerror or type(exc).__name__)
    if len(data) > MAX_TEMPLATE_BYTES:
        return _skip(path, "it is larger than 256 KiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _skip(path, "it is not UTF-8 text")


def _skip(path: Path, why: str) -> str | None:
    """Log that ``path`` (its name only) is ignored and treat it as absent."""
    _log.warning("script template %s ignored: %s", path.name, why)
    return None


def script_file_text(data: Mapping[str, Any]) -> str:
    """A script file's data written as TOML, its wordings as multi-line strings."""
    import tomli_w

    return tomli_w.dumps(dict(data), multiline_strings=True)


def shipped_scripts_dir() -> Path:
    """The folder holding the shipped script templates (see the module docstring)."""
    return shipped_dir("scripts", "check_in.toml")


def load_script_library(user_dir: Path | None, shipped_dir: Path | None = None) -> ScriptLibrary:
    """The library with the user's copies winning and broken ones replaced by the shipped ones.

    Every problem found is in the library's ``problems`` and logged (file names only).
    """
    shipped = shipped_dir or shipped_scripts_dir()
    library = ScriptLibrary.load(
        FileTemplateSource(shipped, user_dir), fallback=FileTemplateSource(shipped, None)
    )
    for problem in library.problems:
        _log.warning("script templates: %s", problem)
    return library
