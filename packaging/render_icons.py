"""Render the app icon's SVG source into the files the platforms want.

    python packaging/render_icons.py      # from the repository root, in the project's venv

Reads ``resources/icons/app.svg`` and writes, beside it: ``app-<size>.png`` for every size the
tray, the notifications and the desktop entry use, ``app.png`` (256 px), ``app.ico`` (16 to
256 px, with the 20, 24 and 40 px that Windows asks for at 125 % and 150 % scaling) and
``app.icns`` (16 to 1024 px). Each size is drawn from the vector source, not scaled from a
bigger picture. It also writes the tray's "all clear" glyph for light and dark bars at the
tray's sizes (``tray-clear-<light|dark>-<size>.png``), drawn by ``trayapp.ui.icons``: the icon the
app shows while it starts. The outputs are committed; run this again after changing the SVG or
the glyph.
Needs PySide6 (the app's own) and Pillow (``pip install -e '.[icons]'``).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from trayapp.app.early_icon import STARTING_SIZES, starting_icon_name
from trayapp.services.tray_state import TrayState
from trayapp.ui.icons import icon_pixmap

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The SVG drawn at ``size`` × ``size`` pixels, as a Pillow image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        sys.stderr.write(f"{ICONS / 'app.svg'} is not a valid SVG\n")
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    images = {size: render(renderer, size) for size in sizes}
    for size in PNG_SIZES:
        images[size].save(ICONS / f"app-{size}.png", optimize=True)
    images[256].save(ICONS / "app.png", optimize=True)
    largest = images[max(ICO_SIZES)]
    largest.save(
        ICONS / "app.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES],
    )
    images[1024].save(ICONS / "app.icns", append_images=[images[s] for s in ICNS_SIZES])
    for dark in (False, True):
        for size in STARTING_SIZES:
            icon_pixmap(TrayState.CLEAR, dark, size).save(
                str(ICONS / starting_icon_name(dark, size)), "PNG"
            )
    written = sorted(p.name for p in ICONS.iterdir() if p.suffix != ".svg")
    print(f"wrote {len(written)} files to {ICONS}: {', '.join(written)}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
