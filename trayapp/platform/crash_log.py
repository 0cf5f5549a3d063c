"""What a windowed app must not lose: uncaught errors and Qt's own warnings go to the log.

A frozen app started from the Start menu, the Dock or a login entry has no terminal, so an
error raised in a Qt slot or a thread, and Qt's warnings, would vanish. :func:`log_crashes`
sends them to the app's (scrubbed) log as well as to wherever they went before, and
:func:`stop_logging_crashes` puts the previous hooks back.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

__all__ = ["log_crashes", "stop_logging_crashes"]

log = logging.getLogger("trayapp.crash")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_previous: dict[str, Any] = {}


def _excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    log.error("uncaught %s", kind.__name__, exc_info=(kind, error, trace))
    _previous["excepthook"](kind, error, trace)


def _thread_excepthook(hook_args: threading.ExceptHookArgs) -> None:
    if hook_args.exc_value is not None:
        name = hook_args.thread.name if hook_args.thread else "?"
        log.error(
            "uncaught %s in thread %s",
            hook_args.exc_type.__name__,
            name,
            exc_info=(hook_args.exc_type, hook_args.exc_value, hook_args.exc_traceback),
        )
    _previous["threading"](hook_args)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log.log(_QT_LEVELS.get(kind, logging.WARNING), "Qt: %s", message)
    previous = _previous.get("qt")
    if previous is not None:
        previous(kind, context, message)
    else:
        sys.stderr.write(f"{message}\n")


def log_crashes() -> None:
    """Send uncaught errors (main thread, other threads) and Qt's messages to the log too."""
    if _previous:
        return
    _previous["excepthook"] = sys.excepthook
    _previous["threading"] = threading.excepthook
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    _previous["qt"] = qInstallMessageHandler(_qt_message)


def stop_logging_crashes() -> None:
    """Put back the hooks that were there before :func:`log_crashes`."""
    if not _previous:
        return
    sys.excepthook = _previous.pop("excepthook")
    threading.excepthook = _previous.pop("threading")
    qInstallMessageHandler(_previous.pop("qt"))
