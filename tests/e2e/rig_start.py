"""Starting and stopping the pieces of the test desktop, each with a readiness check.

Xvfb picks a free display itself (-displayfd); dbus-daemon runs with a config of our own that
activates no services; trayer is ready when it owns the system-tray selection; dunst when it owns
org.freedesktop.Notifications. Every process is remembered so that exactly those are stopped.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from tests.e2e import desktop_x11
from tests.e2e.desktop_notices import install_dunst

T = TypeVar("T")

REQUIRED_BINARIES = (
    "Xvfb",
    "dbus-daemon",
    "dbus-send",
    "trayer",
    "dunst",
    "dunstctl",
    "xdotool",
    "import",
)
TRAY_SELECTION = "_NET_SYSTEM_TRAY_S0"
_DROPPED_ENV_PREFIXES = (
    "XDG_",
    "QT_",
    "DBUS_",
    "TRAYAPP_",
    "WAYLAND_",
    "DISPLAY",
    "PYTHON_KEYRING_BACKEND",
    "SESSION_MANAGER",
    "DESKTOP_SESSION",
)

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class RigError(RuntimeError):
    """A piece of the desktop did not come up in time."""


def missing_binaries() -> list[str]:
    """The programs the desktop needs that are not on PATH."""
    return [name for name in REQUIRED_BINARIES if shutil.which(name) is None]


def wait_for(
    check: Callable[[], T | None],
    timeout: float,
    what: str,
    alive: subprocess.Popen[bytes] | None = None,
    interval: float = 0.01,
) -> T:
    """Poll `check` until it returns something truthy; fail fast if `alive` has died."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if alive is not None and alive.poll() is not None:
            raise RigError(f"{what}: process exited with {alive.returncode}")
        if time.monotonic() > end:
            raise RigError(f"{what}: not ready after {timeout:.1f} s")
        time.sleep(interval)


class Processes:
    """What the desktop started, so it can stop exactly those processes."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(
        self,
        name: str,
        args: list[str],
        env: Mapping[str, str],
        pass_fds: tuple[int, ...] = (),
        stdout: int | None = None,
    ) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen(
                args,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log if stdout is None else stdout,
                stderr=log,
                pass_fds=pass_fds,
                start_new_session=True,
            )
        self.started.append((name, proc))
        return proc

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop_all(self, grace: float = 3.0) -> None:
        """TERM in reverse start order, then KILL whatever is still there after `grace` seconds."""
        for _, proc in reversed(self.started):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        end = time.monotonic() + grace
        for _, proc in reversed(self.started):
            try:
                proc.wait(max(0.0, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        self.started.clear()


def read_line(fd: int, timeout: float, what: str, proc: subprocess.Popen[bytes]) -> str:
    """One line a starting server writes to a pipe (Xvfb's display, dbus-daemon's address)."""
    data = b""
    end = time.monotonic() + timeout
    while b"\n" not in data:
        left = end - time.monotonic()
        if left <= 0:
            raise RigError(f"{what}: nothing written after {timeout:.1f} s")
        ready, _, _ = select.select([fd], [], [], min(left, 0.05))
        if ready:
            chunk = os.read(fd, 256)
            if not chunk:
                raise RigError(f"{what}: exited with {proc.wait()} before it was ready")
            data += chunk
    return data.split(b"\n", 1)[0].decode().strip()


def base_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_ENV_PREFIXES)}
    folders = {
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_CACHE_HOME": "cache",
        "XDG_STATE_HOME": "state",
        "XDG_RUNTIME_DIR": "runtime",
    }
    for key, sub in folders.items():
        (root / sub).mkdir(mode=0o700)
        env[key] = str(root / sub)
    env.update(QT_QPA_PLATFORM="xcb", NO_AT_BRIDGE="1", GDK_BACKEND="x11")
    return env


def start_xvfb(procs: Processes, env: dict[str, str], screen: str, timeout: float) -> str:
    read_end, write_end = os.pipe()
    try:
        proc = procs.start(
            "xvfb",
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                screen,
                "-nolisten",
                "tcp",
                "-noreset",
            ],
            env,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        write_end = -1
        return ":" + read_line(read_end, timeout, "Xvfb", proc)
    except RigError as exc:
        raise RigError(f"{exc}\n{procs.log('xvfb')}") from None
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


def start_bus(procs: Processes, env: dict[str, str], root: Path) -> subprocess.Popen[bytes]:
    (root / "dbus-services").mkdir()
    config = root / "session-bus.conf"
    config.write_text(_BUS_CONFIG.format(socket=root / "bus", services=root / "dbus-services"))
    return procs.start(
        "dbus",
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address"],
        env,
        stdout=subprocess.PIPE,
    )


def name_has_owner(env: Mapping[str, str], name: str) -> bool:
    done = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        ],
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    return "boolean true" in done.stdout


def start_tray_and_notifier(
    procs: Processes, env: dict[str, str], root: Path, timeout: float, timings: dict[str, float]
) -> None:
    t0 = time.perf_counter()
    dunstrc = install_dunst(root)
    trayer = procs.start(
        "trayer",
        [
            "trayer",
            "--edge",
            "top",
            "--align",
            "right",
            "--widthtype",
            "request",
            "--height",
            "32",
            "--SetDockType",
            "true",
            "--transparent",
            "false",
            "--tint",
            "0x404040",
            "--expand",
            "false",
        ],
        env,
    )
    dunst = procs.start("dunst", ["dunst", "-config", str(dunstrc)], env)
    with desktop_x11.connect(env["DISPLAY"]) as x:
        try:
            wait_for(lambda: x.selection_owner(TRAY_SELECTION), timeout, "trayer", trayer)
        except RigError as exc:
            raise RigError(f"{exc}\n{procs.log('trayer')}") from None
    timings["trayer"] = time.perf_counter() - t0
    try:
        wait_for(
            lambda: name_has_owner(env, "org.freedesktop.Notifications"), timeout, "dunst", dunst
        )
    except RigError as exc:
        raise RigError(f"{exc}\n{procs.log('dunst')}") from None
    timings["dunst"] = time.perf_counter() - t0
