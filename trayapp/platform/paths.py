"""Where the app keeps its files: the platform's folders, or one folder given by the user.

``--data-dir DIR`` or ``TRAYAPP_DATA_DIR`` puts everything (database, settings, logs, backups)
under that one folder, which is what scripts, tests and the demo profile want.
``TRAYAPP_CONFIG_DIR`` moves only the settings and the user's scripts.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from trayapp.core.errors import BadInput

APP_NAME = "trayapp"
APP_AUTHOR = "Follow-Through"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The folders and files the app uses."""

    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "ledger.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def user_scripts(self) -> Path:
        return self.config / "scripts"

    @property
    def lock_file(self) -> Path:
        return self.data / "trayapp.lock"


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The app's folders: ``data_dir``, else ``TRAYAPP_DATA_DIR``, else the platform's."""
    chosen = data_dir or os.environ.get("TRAYAPP_DATA_DIR")
    config_env = os.environ.get("TRAYAPP_CONFIG_DIR")
    if chosen:
        data = Path(chosen).expanduser().absolute()
        config = Path(config_env).expanduser().absolute() if config_env else data / "config"
        return AppPaths(data=data, config=config, logs=data / "logs")
    data = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    config = (
        Path(config_env).expanduser().absolute()
        if config_env
        else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    )
    return AppPaths(
        data=data, config=config, logs=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    )


def ensure_private_dir(path: Path, what: str = "the data folder") -> None:
    """Create ``path`` if needed, readable by its owner only on POSIX.

    Raises :class:`BadInput` when ``path`` cannot be a folder of the app's (a file, a
    read-only or missing place), saying which folder and why.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            path.chmod(0o700)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, FileExistsError) or (path.exists() and not path.is_dir()):
            reason = "it is a file, not a folder"
        raise BadInput(f"cannot use {path} as {what}: {reason}") from None


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (a synced temporary file renamed over it),
    readable by its owner only (0600 on POSIX). Raises :class:`OSError`; nothing is left
    half-written."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; elsewhere the rename is enough)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
