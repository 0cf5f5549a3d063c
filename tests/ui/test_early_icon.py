"""The icon shown while the app starts: the shipped files are the tray's own "all clear" glyph,
and the tray takes that very icon over."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from trayapp.app.early_icon import STARTING, STARTING_SIZES, starting_icon_name
from trayapp.platform.resources import shipped_dir
from trayapp.services.tray_state import TrayState
from trayapp.ui.icons import SIZES, icon_pixmap
from trayapp.ui.tray import Tray


def _largest_difference(a: QImage, b: QImage) -> int:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    assert a.size() == b.size()
    worst = 0
    for x in range(a.width()):
        for y in range(a.height()):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            pairs = [(p.red(), q.red()), (p.green(), q.green()), (p.blue(), q.blue())]
            pairs.append((p.alpha(), q.alpha()))
            worst = max(worst, *(abs(i - j) for i, j in pairs))
    return worst


def test_the_starting_sizes_are_the_trays() -> None:
    assert STARTING_SIZES == SIZES


@pytest.mark.parametrize("dark", [False, True], ids=["light bar", "dark bar"])
def test_shipped_starting_icons_are_the_clear_glyph(qtbot: QtBot, dark: bool) -> None:
    folder = shipped_dir("icons", starting_icon_name(dark, 16))
    for size in STARTING_SIZES:
        path = folder / starting_icon_name(dark, size)
        assert path.is_file(), f"{path.name} missing: run packaging/render_icons.py"
        shipped = QImage(str(path))
        drawn = icon_pixmap(TrayState.CLEAR, dark, size).toImage()
        assert _largest_difference(shipped, drawn) <= 2, (
            f"{path.name} differs from the glyph drawn now: run packaging/render_icons.py"
        )


def test_the_tray_adopts_the_starting_icon(qtbot: QtBot) -> None:
    early = QSystemTrayIcon()
    early.setToolTip(STARTING)
    tray = Tray(icon=early)
    assert early.parent() is tray
    assert early.contextMenu() is tray.menu()
    assert tray.tooltip() != STARTING  # it says what the app knows, not "starting"
    assert not early.icon().isNull()
