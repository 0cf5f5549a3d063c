"""The settings file: JSON in the config folder, written atomically, never clobbered.

A file that cannot be read or is invalid is reported with a clear message; the app goes on with
the defaults and leaves the file as it is, so nothing the user wrote is lost. The folder and
the file are readable by their owner only (POSIX).
"""

from __future__ import annotations

import json
from pathlib import Path

from trayapp.core.errors import BadInput, StorageError
from trayapp.core.settings import Settings
from trayapp.platform.paths import ensure_private_dir, write_private_file

MAX_SETTINGS_BYTES = 1 << 20


class JsonSettingsStore:
    """Implements ``core.ports.SettingsStore`` over one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None

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
        try:
            if self.path.stat().st_size > MAX_SETTINGS_BYTES:
                raise BadInput(f"the settings file {self.path} is too large to be settings")
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise BadInput(f"the settings file {self.path} cannot be read ({err})") from None
        try:
            return Settings.from_mapping(data)
        except BadInput as err:
            raise BadInput(f"the settings file {self.path} has a problem: {err.message}") from None

    def save(self, settings: Settings) -> None:
        text = json.dumps(settings.to_mapping(), indent=2, sort_keys=True) + "\n"
        ensure_private_dir(self.path.parent, "the settings folder")
        try:
            write_private_file(self.path, text.encode("utf-8"))
        except OSError as err:
            raise StorageError(f"could not save settings to {self.path}: {err.strerror}") from None
