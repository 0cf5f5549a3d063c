"""Where the app keeps its files: the platform's folders, or one folder given by the user.

``--data-dir DIR`` or ``TRAYAPP_DATA_DIR`` puts everything (database, settings, logs, backups)
under that one folder, which is what scripts, tests and the demo profile want.
``TRAYAPP_CONFIG_DIR`` moves only the settings and the user's scripts.

A folder given by the user is the app's only when it made it or it already holds the app's
files (:func:`claim_data_dir`): the app never tightens, fills or follows a link into a folder
that is someone else's. Files are replaced atomically and synced
(``disk.atomic.write_private_file``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from trayapp import APP_NAME as APP_NAME_SHOWN
from trayapp.core.errors import BadInput

APP_NAME = "trayapp"
APP_AUTHOR = APP_NAME_SHOWN
LEDGER_FILE = "ledger.sqlite3"
#: What the app keeps in its data folder besides ``ledger.*`` files (the ledger, its key, the
#: copies set aside when it was damaged or replaced).
_APP_ENTRIES = frozenset({"backups", "config", "logs", "trayapp.lock", "told.json"})


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The folders and files the app uses."""

    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / LEDGER_FILE

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def team_file(self) -> Path:
        """The team ledger joined from this data folder (its address, without the password)."""
        return self.config / "team.json"

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


def is_default_data_dir(folder: Path) -> bool:
    """Whether ``folder`` is the platform's own data folder (none was chosen)."""
    return folder == Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def ensure_private_dir(path: Path, what: str = "the data folder") -> None:
    """Create ``path`` if needed, readable by its owner only on POSIX (0700).

    Only a folder made here is tightened: an existing one is left as it is, and refused when
    other users can write to it. Raises :class:`BadInput` when ``path`` cannot be a folder of
    the app's (a file, a shared, read-only or missing place), saying which folder and why.
    """
    if path.is_dir():
        _refuse_shared(path, what)
        return
    try:
        path.mkdir(parents=True, mode=0o700)
        if os.name == "posix":
            path.chmod(0o700)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, FileExistsError) or (path.exists() and not path.is_dir()):
            reason = "it is a file, not a folder"
        raise BadInput(f"cannot use {path} as {what}: {reason}") from None


def claim_data_dir(folder: Path, *, create: bool) -> None:
    """Check that ``folder`` may be the data folder before anything is written in it, and
    create it (owner only) when ``create`` says a ledger may be made.

    The folder is the app's when it does not exist yet, is empty, holds a ledger, or holds
    only what the app keeps there. Refused with :class:`BadInput`, nothing changed: a file; a
    folder other users can write to; a folder holding other files and no ledger (``/tmp``,
    a home folder); a link, unless the folder it leads to already holds a ledger (a link
    otherwise moves the ledger somewhere nobody chose).
    """
    if folder.is_symlink():
        target = folder.resolve()
        if not (target / LEDGER_FILE).is_file():
            raise BadInput(
                f"cannot use {folder} as the data folder: it is a link to {target}, which "
                "holds no Follow-Through ledger; give the folder itself (a link is used only "
                "when it leads to a folder that already holds the ledger); nothing was changed"
            )
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"cannot use {folder} as the data folder: it is a file, not a folder")
    if folder.is_dir():
        _refuse_shared(folder, "the data folder")
        _refuse_foreign(folder)
    if create:
        ensure_private_dir(folder)


def _refuse_shared(folder: Path, what: str) -> None:
    """Refuse an existing folder that users other than its owner may write to (POSIX)."""
    if os.name != "posix":
        return
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o022:
        raise BadInput(
            f"cannot use {folder} as {what}: other users can write to it (mode {mode:o}), so "
            f"they could replace or remove its files; use a folder of your own, or take "
            f"their write access away with: chmod go-w {folder}; nothing was changed"
        )


def _refuse_foreign(folder: Path) -> None:
    """Refuse a folder that holds other files and no ledger: it is not the app's."""
    if (folder / LEDGER_FILE).is_file():
        return
    foreign = sorted(entry.name for entry in folder.iterdir() if not _kept_by_app(entry.name))
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise BadInput(
            f"cannot use {folder} as the data folder: it already holds other files ({shown}) "
            "and no Follow-Through ledger; give a new or empty folder, or the folder that "
            "holds your ledger; nothing was changed"
        )


def _kept_by_app(name: str) -> bool:
    """Whether ``name`` is something the app keeps in its data folder."""
    if name in _APP_ENTRIES or name.startswith("ledger."):
        return True
    return name.startswith(".") and name.endswith(".tmp")  # a file being written
