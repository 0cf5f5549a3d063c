"""The settings file: JSON in the config folder, written atomically, never clobbered.

A file that cannot be read or is invalid is reported with a clear message; the app goes on with
the defaults and leaves the file as it is, so nothing the user wrote is lost. A file of an older
settings version is upgraded as it is read (``core.settings.UPGRADE_STEPS``) and written in the
newest shape at the next save. A file written by a newer app is refused the same way when read,
and saving over it is refused too: it stays as the newer app wrote it. The folder and the file
are readable by their owner only (POSIX).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trayapp.core.errors import BadInput, StorageError
from trayapp.core.settings import (
    FIRST_VERSION,
    UPGRADE_STEPS,
    NewerSettings,
    Settings,
    SettingsUpgrade,
    settings_version,
)
from trayapp.disk.atomic import write_private_file
from trayapp.platform.paths import ensure_private_dir

MAX_SETTINGS_BYTES = 1 << 20


class JsonSettingsStore:
    """Implements ``core.ports.SettingsStore`` over one JSON file."""

    def __init__(self, path: Path, steps: Sequence[SettingsUpgrade] = UPGRADE_STEPS) -> None:
        self.path = path
        self.problem: str | None = None
        self._steps = steps

    def load(self) -> Settings:
        """The user's settings; defaults (and ``problem`` set) when the file is unusable."""
        self.problem = None
        try:
            return self.load_strict()
        except BadInput as err:
            self.problem = err.message
            return Settings()

    def load_strict(self) -> Settings:
        if not self.path.exists():
            return Settings()
        data = self._read()
        try:
            return Settings.from_mapping(data, self._steps)
        except NewerSettings as err:
            raise BadInput(
                f"the settings file {self.path} {err.message}; it is left as it is: "
                "update Follow-Through to use it"
            ) from None
        except BadInput as err:
            raise BadInput(f"the settings file {self.path} has a problem: {err.message}") from None

    def _read(self) -> Any:
        try:
            if self.path.stat().st_size > MAX_SETTINGS_BYTES:
                raise BadInput(f"the settings file {self.path} is too large to be settings")
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise BadInput(f"the settings file {self.path} cannot be read ({err})") from None

    def _refuse_newer_file(self) -> None:
        """Raise :class:`StorageError` when the file on disk was written by a newer app: saving
        would throw away what that app wrote. Any other file is replaced as before."""
        try:
            data = self._read() if self.path.exists() else None
            if isinstance(data, dict):
                settings_version(data, FIRST_VERSION + len(self._steps))
        except NewerSettings as err:
            raise StorageError(
                f"the settings file {self.path} {err.message} and is kept as it is; "
                "update Follow-Through to change settings"
            ) from None
        except BadInput:
            return

    def save(self, settings: Settings) -> None:
        """Write ``settings``; refused (file untouched) when a newer app wrote the file."""
        self._refuse_newer_file()
        text = json.dumps(settings.to_mapping(), indent=2, sort_keys=True) + "\n"
        ensure_private_dir(self.path.parent, "the settings folder")
        try:
            write_private_file(self.path, text.encode("utf-8"))
        except OSError as err:
            raise StorageError(f"could not save settings to {self.path}: {err.strerror}") from None
