"""The tray icon, drawn with QPainter: one clear glyph per state, for light and dark bars.

Glyphs: a ring with a tick (all clear), a clock (due soon), an exclamation mark on a filled
disc (overdue) and two bars (paused). On macOS the icon is a template image (monochrome, the
system tints it); elsewhere due soon and overdue carry an amber or red dot as well as the glyph.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPen, QPixmap

from trayapp.services.tray_state import TrayState
from trayapp.ui.colours import AMBER, RED

#: Tray sizes at 100 %, 125 % and 150 % scaling (16, 20, 24; 32, 40, 48) and the X11 and macOS
#: menu-bar sizes (22, 44).
SIZES = (16, 20, 22, 24, 32, 40, 44, 48, 64)
LIGHT_BAR_INK = QColor("#1f1f1f")
DARK_BAR_INK = QColor("#f2f2f2")


def dark_bar() -> bool:
    """Whether the desktop uses a dark colour scheme (the menu bar follows it)."""
    return QGuiApplication.styleHints().colorScheme() is Qt.ColorScheme.Dark


def tray_icon(state: TrayState, dark: bool, *, template: bool | None = None) -> QIcon:
    """The icon for ``state`` on a light (``dark=False``) or dark menu bar.

    ``template`` defaults to True on macOS: a monochrome mask image the system tints.
    """
    mask = sys.platform == "darwin" if template is None else template
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(icon_pixmap(state, dark, size, template=mask))
    icon.setIsMask(mask)
    return icon


def icon_pixmap(state: TrayState, dark: bool, size: int, *, template: bool = False) -> QPixmap:
    """One square pixmap of ``size`` pixels for ``state``."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    ink = QColor("black") if template else (DARK_BAR_INK if dark else LIGHT_BAR_INK)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 16.0, size / 16.0)
    _GLYPHS[state](painter, ink)
    if not template and state in (TrayState.DUE_SOON, TrayState.OVERDUE):
        _dot(painter, QColor(RED if state is TrayState.OVERDUE else AMBER))
    painter.end()
    return pixmap


def _pen(ink: QColor, width: float = 1.6) -> QPen:
    pen = QPen(ink, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _clear(p: QPainter, ink: QColor) -> None:
    p.setPen(_pen(ink))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(1.5, 1.5, 13, 13))
    tick = QPainterPath(QPointF(4.8, 8.2))
    tick.lineTo(7.0, 10.4)
    tick.lineTo(11.3, 5.6)
    p.drawPath(tick)


def _due_soon(p: QPainter, ink: QColor) -> None:
    p.setPen(_pen(ink))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(1.5, 1.5, 13, 13))
    p.drawLine(QPointF(8, 8), QPointF(8, 4.2))
    p.drawLine(QPointF(8, 8), QPointF(10.8, 9.6))


def _overdue(p: QPainter, ink: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    disc = QPainterPath()
    disc.addEllipse(QRectF(1, 1, 14, 14))
    mark = QPainterPath()
    mark.addRoundedRect(QRectF(6.9, 3.6, 2.2, 6.4), 1.1, 1.1)
    mark.addEllipse(QRectF(6.8, 11.0, 2.4, 2.4))
    p.drawPath(disc.subtracted(mark))


def _paused(p: QPainter, ink: QColor) -> None:
    p.setPen(_pen(ink))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(1.5, 1.5, 13, 13))
    p.setPen(_pen(ink, 2.0))
    p.drawLine(QPointF(6.3, 5.2), QPointF(6.3, 10.8))
    p.drawLine(QPointF(9.7, 5.2), QPointF(9.7, 10.8))


def _dot(p: QPainter, colour: QColor) -> None:
    p.setPen(QPen(QColor("white"), 1.0))
    p.setBrush(colour)
    p.drawEllipse(QRectF(10.2, 0.4, 5.4, 5.4))


_GLYPHS = {
    TrayState.CLEAR: _clear,
    TrayState.DUE_SOON: _due_soon,
    TrayState.OVERDUE: _overdue,
    TrayState.PAUSED: _paused,
}
