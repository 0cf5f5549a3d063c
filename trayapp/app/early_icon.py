"""The tray icon shown first, before the ledger is opened and the rest of the app is loaded:
the user sees the app there as soon as Qt is up. The tray adopts this same icon once the app is
ready (see ``Tray``), so it never blinks or moves; until then it says it is starting and has no
menu to offer.

Kept light on purpose. The picture is the "all clear" glyph read from the PNG files shipped
for it (``packaging/render_icons.py`` draws them with ``ui.icons``), not drawn here: drawing
needs Qt's enumerations, whose one-time set-up costs more than everything else this does. The
bar's darkness is guessed from the palette for the same reason; the tray draws the icon for the
desktop's colour scheme when it takes over.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from trayapp import APP_NAME
from trayapp.platform.resources import shipped_dir

__all__ = ["STARTING", "STARTING_SIZES", "show_early_icon", "starting_icon_name"]

STARTING = f"{APP_NAME}: starting…"
#: The sizes of the shipped files (the tray's own sizes, see ``ui.icons.SIZES``).
STARTING_SIZES = (16, 20, 22, 24, 32, 40, 44, 48, 64)
#: The longest the start waits for the tray host to take the icon in.
EMBED_WAIT_S = 0.25


def starting_icon_name(dark: bool, size: int) -> str:
    """The file name of the starting icon for a dark or light bar at ``size`` pixels."""
    return f"tray-clear-{'dark' if dark else 'light'}-{size}.png"


def show_early_icon() -> QSystemTrayIcon | None:
    """The app's icon in the tray, saying it is starting; None where there is no tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    icon = QSystemTrayIcon()
    icon.setIcon(_starting_icon())
    icon.setToolTip(STARTING)
    icon.show()
    _until_drawn(icon)
    return icon


def _until_drawn(icon: QSystemTrayIcon) -> None:
    """Let the tray host take the icon in and the icon draw itself before the app goes on
    loading (which keeps the event loop busy): else the tray would hold an empty square until
    then. Where the system draws tray icons itself the geometry is known at once; waiting is
    bounded either way."""
    deadline = time.monotonic() + EMBED_WAIT_S
    QCoreApplication.processEvents()
    while not icon.geometry().isValid() and time.monotonic() < deadline:
        time.sleep(0.002)
        QCoreApplication.processEvents()
    for _ in range(2):  # the expose that follows the embedding, then the paint it asks for
        QCoreApplication.processEvents()


def _starting_icon() -> QIcon:
    dark = QGuiApplication.palette().window().color().lightness() < 128
    folder = shipped_dir("icons", starting_icon_name(dark, STARTING_SIZES[0]))
    icon = QIcon()
    for size in STARTING_SIZES:
        path = folder / starting_icon_name(dark, size)
        if path.is_file():
            icon.addFile(str(path))
    icon.setIsMask(sys.platform == "darwin")  # a template image the menu bar tints
    return icon
