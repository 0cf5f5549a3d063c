"""A ledger on a disk filled to the last byte (a small tmpfs in a private mount namespace, as
root; skipped elsewhere): a change is refused with a message that names the disk and changes
nothing, a command that only reads still reads, and once space is freed every row is there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

# Runs inside `unshare -m`: the tmpfs is seen by this shell and its children only.
_SCRIPT = r"""
set -u
D=$1
mount -t tmpfs -o size=3m,mode=0700 tmpfs "$D" || exit 99
run() { "$PYTHON" -m trayapp "$@"; echo "exit=$?"; }
echo "== add"; run contacts add "Dana Smith"
echo "== promise"; run promise Dana "send the deck" --due "tomorrow 5pm"
dd if=/dev/zero of="$D/filler" bs=1k 2>/dev/null
echo "== full change"; run promise Dana "call back" --due "friday 10am"
echo "== full list"; run list
rm -f "$D/filler"
echo "== freed list"; run list
echo "== freed change"; run promise Dana "call back" --due "friday 10am"
"""


def _can_mount() -> str | None:
    """Why a private tmpfs cannot be had here, or None."""
    if os.name != "posix" or os.geteuid() != 0:
        return "needs root to mount a small tmpfs"
    unshare = shutil.which("unshare")
    if unshare is None:
        return "no unshare command"
    probe = subprocess.run(
        [unshare, "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return None if probe.returncode == 0 else "mount namespaces are not allowed here"


def _sections(output: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in output.split("== ")[1:]:
        name, _, body = chunk.partition("\n")
        parts[name] = body.strip()
    return parts


def test_a_full_disk_refuses_changes_plainly_and_still_reads(tmp_path: Path) -> None:
    why = _can_mount()
    if why is not None:
        pytest.skip(why)
    cli = Cli(tmp_path / "profile")
    cli.data.mkdir(mode=0o700)
    env = {**cli.env(), "PYTHON": sys.executable}
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", _SCRIPT, "sh", str(cli.data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = _sections(done.stdout)
    assert out["add"].endswith("exit=0") and out["promise"].endswith("exit=0")
    assert out["full change"].endswith("exit=2")
    assert "disk reported an error" in done.stderr and "nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr and "damaged" not in done.stderr
    assert "send the deck" in out["full list"] and out["full list"].endswith("exit=0")
    assert "call back" not in out["freed list"] and "send the deck" in out["freed list"]
    assert out["freed change"].endswith("exit=0")
