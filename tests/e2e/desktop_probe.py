"""A tiny tray app run as a subprocess on the test desktop, to prove the desktop works.

It shows a tray icon (a red disc) with a menu, and talks over stdin/stdout, one line each:

  stdout  READY available=<bool> geometry=<x>,<y>,<w>x<h>   the icon is embedded in the tray
          ACTION <text> | ACTIVATED <reason> | MESSAGE_CLICKED
          DN_SENT <id> | DN_FAILED <error> | DN_CLICKED gui_thread=<bool>
  stdin   balloon <title>|<body>     QSystemTrayIcon.showMessage (Qt's own balloon on XEmbed)
          notify <title>|<body>      a desktop notification through desktop-notifier
          quit

desktop-notifier needs a running asyncio loop for its callbacks, so it gets one on its own
thread; its callbacks re-emit Qt signals, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from concurrent.futures import Future

from desktop_notifier import DesktopNotifier
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon


def say(line: str) -> None:
    """One line of the stdout protocol."""
    print(line, flush=True)


class Notifier(QObject):
    """desktop-notifier on an asyncio loop of its own; results come back as Qt signals."""

    sent = Signal(str)
    failed = Signal(str)
    clicked = Signal()

    def __init__(self, app_name: str) -> None:
        super().__init__()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="notifier-loop", daemon=True
        )
        self._thread.start()
        self._notifier = DesktopNotifier(app_name=app_name)

    def send(self, title: str, message: str) -> None:
        """Send without blocking the GUI thread; `sent` or `failed` follows."""
        coro = self._notifier.send(title=title, message=message, on_clicked=self.clicked.emit)
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        future.add_done_callback(self._done)

    def _done(self, future: Future[str]) -> None:
        error = future.exception()
        if error is None:
            self.sent.emit(str(future.result()))
        else:
            self.failed.emit(repr(error))

    def close(self) -> None:
        """Stop the loop and its thread."""
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(2)


class Commands(QObject):
    """Lines read from stdin on a helper thread, handed to the GUI thread."""

    line = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._read, name="stdin", daemon=True).start()

    def _read(self) -> None:
        for raw in sys.stdin:
            self.line.emit(raw.strip())
        self.line.emit("quit")


def red_disc() -> QIcon:
    """A plain red disc: easy to find in a screenshot."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#e0282e"))
    painter.drawEllipse(2, 2, 60, 60)
    painter.end()
    return QIcon(pixmap)


def main() -> int:
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    tray = QSystemTrayIcon(red_disc())
    menu = QMenu()
    for text in ("Open ledger", "Snooze 10 min", "Quit"):
        menu.addAction(text)
    menu.triggered.connect(lambda action: say(f"ACTION {action.text()}"))
    tray.setContextMenu(menu)
    tray.setToolTip("Desktop probe")
    tray.activated.connect(lambda reason: say(f"ACTIVATED {reason.name}"))
    tray.messageClicked.connect(lambda: say("MESSAGE_CLICKED"))
    notifier = Notifier("Desktop probe")
    gui = QThread.currentThread()
    notifier.sent.connect(lambda ident: say(f"DN_SENT {ident}"))
    notifier.failed.connect(lambda error: say(f"DN_FAILED {error}"))
    notifier.clicked.connect(lambda: say(f"DN_CLICKED gui_thread={QThread.currentThread() is gui}"))

    def command(line: str) -> None:
        verb, _, rest = line.partition(" ")
        title, _, body = rest.partition("|")
        if verb == "balloon":
            tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 30000)
        elif verb == "notify":
            notifier.send(title, body)
        elif verb == "quit":
            app.quit()

    commands = Commands()
    commands.line.connect(command)
    commands.start()
    tray.show()

    def report_when_embedded() -> None:
        geometry = tray.geometry()
        if geometry.width() == 0 and QSystemTrayIcon.isSystemTrayAvailable():
            QTimer.singleShot(5, report_when_embedded)
            return
        say(
            f"READY available={QSystemTrayIcon.isSystemTrayAvailable()} "
            f"geometry={geometry.x()},{geometry.y()},{geometry.width()}x{geometry.height()}"
        )

    QTimer.singleShot(0, report_when_embedded)
    code = app.exec()
    notifier.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
