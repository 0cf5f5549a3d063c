"""A throw-away headless desktop for end-to-end tests.

Xvfb (a free display chosen by the server itself) + a private D-Bus session bus (no service
activation, so nothing starts behind the tests' back) + an XEmbed system tray (trayer) + a
notification daemon (dunst, with a config of our own). Each piece has a readiness check and a
time limit; everything started is stopped by PID on exit, and all state lives in one temp folder.

    with desktop() as d:
        subprocess.run([...], env=d.env)
        d.screenshot(d.shots / "tray.png")
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e import desktop_x11, rig_start
from tests.e2e.desktop_notices import Notification, read_notifications
from tests.e2e.desktop_x11 import Window
from tests.e2e.rig_start import TRAY_SELECTION, RigError, missing_binaries, wait_for

__all__ = ["Desktop", "RigError", "desktop", "missing_binaries", "wait_for"]


class Desktop:
    """A running headless desktop: its environment, and ways to look at it and drive it."""

    def __init__(self, root: Path, env: dict[str, str], shots: Path) -> None:
        self.root = root
        self.env = env
        self.shots = shots
        self.display = env["DISPLAY"]
        self.timings: dict[str, float] = {}
        self.pids: dict[str, int] = {}

    # ---- looking --------------------------------------------------------------------------

    def screenshot(self, path: Path | str) -> Path:
        """The whole screen as a PNG (ImageMagick `import -window root`)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.run(["import", "-window", "root", str(target)])
        return target

    def notifications(self) -> list[Notification]:
        """Every notification dunst has shown, oldest first, each marked on screen or closed."""
        return read_notifications(self.root, self.env)

    def wait_notification(
        self, match: Callable[[Notification], bool], timeout: float = 5.0
    ) -> Notification:
        """The first notification for which `match` is true, waiting for it to arrive."""

        def look() -> Notification | None:
            return next((n for n in self.notifications() if match(n)), None)

        try:
            return wait_for(look, timeout, "notification", interval=0.05)
        except RigError:
            raise RigError(f"no matching notification; seen: {self.notifications()}") from None

    def dismiss_notifications(self) -> None:
        """Close every notification on screen (they move to dunst's history)."""
        self.run(["dunstctl", "close-all"])

    def windows(self) -> list[Window]:
        """Every window on the display (mapped or not), top-level ones first in each subtree."""
        with desktop_x11.connect(self.display) as x:
            return x.windows()

    def visible_windows(self) -> list[Window]:
        """Windows that are mapped and viewable, of a size a person could see."""
        return [w for w in self.windows() if w.viewable and w.width > 1 and w.height > 1]

    def popups(self) -> list[Window]:
        """Visible override-redirect top-levels: menus, tooltips, balloons, notifications."""
        return [w for w in self.visible_windows() if w.depth == 1 and w.override_redirect]

    def find_window(self, name: str, timeout: float = 0.0) -> Window | None:
        """A visible window whose title or class is `name` (waiting up to `timeout` seconds)."""

        def look() -> Window | None:
            return next((w for w in self.visible_windows() if name in (w.name, w.wm_class)), None)

        if timeout <= 0:
            return look()
        try:
            return wait_for(look, timeout, f"window {name!r}")
        except RigError:
            return None

    def wait_gone(self, name: str, timeout: float = 10.0) -> None:
        """Wait until no visible window has the title or class `name`."""
        wait_for(lambda: self.find_window(name) is None or None, timeout, f"{name!r} to close")

    def keyboard_focus(self) -> int:
        """The window holding the keyboard focus (X's own answer; 0 or 1 when none)."""
        return int(self.run(["xdotool", "getwindowfocus", "-f"]).stdout.strip() or 0)

    def wait_focus(self, window: Window, timeout: float = 10.0) -> Window:
        """Wait until `window` holds the keyboard focus, so keys typed next reach it."""
        wait_for(lambda: self.keyboard_focus() == window.wid, timeout, f"focus on {window.name!r}")
        return window

    def tray_icon_window(self, wm_class: str | None = None, timeout: float = 0.0) -> Window | None:
        """The XEmbed icon embedded in the tray (optionally: of the app with this WM_CLASS)."""

        def look() -> Window | None:
            icons = self.tray_icons()
            return next((w for w in icons if wm_class in (None, w.wm_class)), None)

        if timeout <= 0:
            return look()
        try:
            return wait_for(look, timeout, "tray icon")
        except RigError:
            return None

    def tray_icons(self) -> list[Window]:
        """Visible windows with a class of their own nested inside the tray host's window."""
        windows = self.windows()
        by_id = {w.wid: w for w in windows}
        hosts = {w.wid for w in windows if w.depth == 1 and w.wm_class.lower() == "trayer"}

        def inside_host(w: Window) -> bool:
            parent = by_id.get(w.parent)
            while parent is not None:
                if parent.wid in hosts:
                    return True
                parent = by_id.get(parent.parent)
            return False

        return [
            w
            for w in windows
            if w.viewable
            and w.wm_class
            and w.wm_class.lower() != "trayer"
            and w.width > 1
            and inside_host(w)
        ]

    def tray_owner(self) -> int:
        """The window owning the system-tray selection (0 when there is no tray)."""
        with desktop_x11.connect(self.display) as x:
            return x.selection_owner(TRAY_SELECTION)

    # ---- driving --------------------------------------------------------------------------

    def key(self, *chords: str) -> None:
        """Type key chords as xdotool spells them: key("ctrl+alt+p"), key("Down", "Return")."""
        self.run(["xdotool", "key", "--delay", "40", *chords])

    def click(self, x: int, y: int, button: int = 1) -> None:
        """Move the pointer to (x, y) on the screen and click a mouse button (3 = right)."""
        self.run(["xdotool", "mousemove", str(x), str(y), "click", str(button)])

    def run(self, args: list[str], timeout: float = 15.0) -> subprocess.CompletedProcess[str]:
        """Run a program on this desktop; raise with its output if it fails."""
        done = subprocess.run(
            args, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RigError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")
        return done


@contextmanager
def desktop(
    screen: str = "1280x800x24",
    timeout: float = 10.0,
    shots: Path | None = None,
    keep: bool = False,
) -> Iterator[Desktop]:
    """Start the desktop, yield it, and stop every process it started (even on errors)."""
    missing = missing_binaries()
    if missing:
        raise RigError(f"not installed: {', '.join(missing)} (run .ci/install-system-deps.sh)")
    root = Path(tempfile.mkdtemp(prefix="trayapp-desktop-"))
    procs = rig_start.Processes(root)
    try:
        env = rig_start.base_env(root)
        t0 = time.perf_counter()
        bus = rig_start.start_bus(procs, env, root)
        env["DISPLAY"] = rig_start.start_xvfb(procs, env, screen, timeout)
        t_x = time.perf_counter()
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = rig_start.read_line(
            bus.stdout.fileno(), timeout, "dbus-daemon", bus
        )
        t_bus = time.perf_counter()
        rig = Desktop(root, env, shots or root / "screenshots")
        rig_start.start_tray_and_notifier(procs, env, root, timeout, rig.timings)
        rig.timings.update(xvfb=t_x - t0, dbus=t_bus - t0, total=time.perf_counter() - t0)
        rig.pids.update((name, proc.pid) for name, proc in procs.started)
        yield rig
    finally:
        procs.stop_all()
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
