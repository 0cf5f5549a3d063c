"""The baseline the tray app is measured against: a bare PySide6 tray icon with a menu.

QApplication + QSystemTrayIcon + QMenu and nothing else. It prints one ``bare-tray: ready``
line once the icon is shown, and quits on SIGTERM (the default action) or when stdin closes.

    python benchmarks/bare_tray.py
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon


def main() -> int:
    app = QApplication(sys.argv[:1] or ["bare-tray"])
    app.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor("#2a7ab0"))
    menu = QMenu()
    menu.addAction("Quit", app.quit)
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.setContextMenu(menu)
    tray.setToolTip("bare tray")
    tray.show()
    print("bare-tray: ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
