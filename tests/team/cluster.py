"""A throw-away PostgreSQL cluster for the team tests: Debian's server binaries, a cluster in a
temporary folder on a free local port, run by an unprivileged user when the tests run as root
(initdb refuses root), stopped by its postmaster's PID.

Skipped with the reason when PostgreSQL is not installed, unless TRAYAPP_REQUIRE_PG=1 (then it
fails: the CI installs it).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

OWNER = "ft_owner"
OWNER_PASSWORD = "owner-secret-for-tests"
UNPRIVILEGED = "nobody"


def server_bin() -> Path | None:
    """The folder of Debian's newest PostgreSQL server binaries, or one on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", UNPRIVILEGED, "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    """A cluster in ``folder`` serving on ``port`` (127.0.0.1 only)."""

    folder: Path
    port: int
    bindir: Path

    def dsn(self, dbname: str, user: str = OWNER, password: str = OWNER_PASSWORD) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}?connect_timeout=5"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def start(self) -> None:
        sockets = self.folder / "sockets"
        options = f"-p {self.port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        command = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-w"]
        subprocess.run(
            _as_server_user([*command, "-l", log, "start"]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def stop(self, timeout: float = 30) -> None:
        """A fast shutdown of the postmaster, by its PID, waited for; killed if it lingers."""
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().split()[0])
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    bindir = server_bin()
    assert bindir is not None
    folder = Path(tempfile.mkdtemp(prefix="trayapp-pg-"))
    (folder / "sockets").mkdir()
    password_file = folder / "pw"
    password_file.write_text(OWNER_PASSWORD + "\n")
    if os.geteuid() == 0:
        for path in (folder, folder / "sockets", password_file):
            shutil.chown(path, UNPRIVILEGED)
    initdb = [str(bindir / "initdb"), "-D", str(folder / "data"), "-U", OWNER]
    initdb += ["--auth=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8", "--no-sync"]
    subprocess.run(_as_server_user(initdb), check=True, capture_output=True, timeout=120)
    cluster = Cluster(folder, _free_port(), bindir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
