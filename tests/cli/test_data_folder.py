"""The data folder is the app's only when it made it: a folder given with ``--data-dir`` or
``TRAYAPP_DATA_DIR`` that belongs to something else is refused (exit 2, nothing changed), and a
command that only reads never makes a ledger."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX links and file modes")


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under ``folder`` (links not followed): its mode and, for files, its bytes."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        body = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        found[str(path)] = (stat.S_IMODE(info.st_mode), body)
    return found


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_folder_holding_other_files_is_refused_for_every_command(tmp_path: Path) -> None:
    home = tmp_path / "someone-else"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    (home / "notes.txt").write_text("mine")
    before = _snapshot(home)
    cli = Cli(tmp_path / "unused")
    for command in (("list",), ("contacts", "add", "Dana Smith"), ("backups",)):
        done = cli.run("--data-dir", str(home), *command)
        assert done.returncode == 2, done.stderr
        assert "it already holds other files (notes.txt) and no Follow-Through ledger" in (
            done.stderr
        )
    assert _snapshot(home) == before  # no chmod, no ledger, no backups folder


def test_a_folder_others_can_write_to_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    cli = Cli(tmp_path / "unused")
    done = cli.run("--data-dir", str(shared), "contacts", "add", "Dana Smith")
    assert done.returncode == 2, done.stderr
    assert f"cannot use {shared} as the data folder: other users can write to it" in done.stderr
    assert list(shared.iterdir()) == [] and _mode(shared) == 0o1777


def test_a_link_to_a_folder_without_a_ledger_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "system"
    elsewhere.mkdir()
    (elsewhere / "passwd").write_text("root:x:0:0")
    elsewhere.chmod(0o755)
    link = tmp_path / "data-link"
    link.symlink_to(elsewhere)
    before = _snapshot(elsewhere)
    done = Cli(tmp_path / "unused").run("--data-dir", str(link), "contacts", "add", "Dana")
    assert done.returncode == 2, done.stderr
    assert f"it is a link to {elsewhere}, which holds no Follow-Through ledger" in done.stderr
    assert _snapshot(elsewhere) == before


def test_a_link_to_the_folder_that_holds_the_ledger_is_used(tmp_path: Path) -> None:
    real = Cli(tmp_path / "real")
    real.ok("contacts", "add", "Dana Smith")
    link = tmp_path / "link"
    link.symlink_to(real.data)
    assert "Dana Smith" in Cli(link).ok("contacts", "list")


def test_a_folder_the_app_makes_is_private(tmp_path: Path) -> None:
    made = tmp_path / "new" / "profile"
    done = Cli(tmp_path / "unused").run("--data-dir", str(made), "contacts", "add", "Dana")
    assert done.returncode == 0, done.stderr
    assert _mode(made) == 0o700
    assert (made / "ledger.sqlite3").is_file()


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("show", "1"),
        ("check", "Dana"),
        ("export",),
        ("contacts", "list"),
        ("contacts", "show", "Dana"),
        ("backups",),
        ("doctor",),
    ],
)
def test_a_command_that_only_reads_never_makes_a_ledger(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    cli = Cli(tmp_path / "profile")
    done = cli.run(*command)
    assert done.returncode in (0, 3), done.stderr
    assert "Traceback" not in done.stderr
    if command != ("doctor",):
        assert "there is no ledger in" in done.stderr and "creates none" in done.stderr
    made = sorted(p.relative_to(cli.data).as_posix() for p in cli.data.rglob("*"))
    assert made == ["config", "config/settings.json"]  # only what the test itself wrote
