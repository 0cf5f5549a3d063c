"""One running app per data folder: a lock file, plus a local socket to hand requests over.

The first launch holds a ``QLockFile`` in the data folder (stale-safe: a killed owner's lock
is taken over) and listens on a ``QLocalServer`` whose name is derived from the folder. A later
launch fails to take the lock, connects, sends one JSON line such as ``{"action": "show"}``,
waits for ``ok`` and exits. A leftover socket is removed only after connecting to it failed, so
a live instance's socket is never deleted. The lock file is readable by its owner only.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

__all__ = ["ACTIONS", "SingleInstance", "server_name", "tell_running"]

ACTIONS = frozenset({"show", "quick_add", "refresh"})
LOCK_NAME = "trayapp.lock"
MAX_LINE = 4096


def server_name(data_dir: Path) -> str:
    """A short, per-folder local socket name (the same for every launch on this folder)."""
    # Qt's SHA-256 (the same digest as hashlib's): nothing more is loaded before the icon shows.
    path = str(data_dir.resolve()).encode("utf-8")
    digest = QCryptographicHash.hash(path, QCryptographicHash.Algorithm.Sha256).toHex()
    return f"trayapp-{bytes(digest.data()).decode('ascii')[:16]}"


def encode(action: str) -> bytes:
    import json

    return (json.dumps({"action": action}) + "\n").encode("utf-8")


def decode(raw: bytes) -> str | None:
    """The action of one request line, or None when it is not a request we know."""
    import json

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    action = data.get("action") if isinstance(data, dict) else None
    return action if isinstance(action, str) and action in ACTIONS else None


class SingleInstance(QObject):
    """The lock and the request server of the running app; ``request_received(action)``."""

    request_received = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(data_dir)
        self._lock_path = data_dir / LOCK_NAME
        self._lock = QLockFile(str(self._lock_path))
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        return self._name

    def acquire(self) -> bool:
        """True when this is the first instance: the lock is ours and the server listens."""
        if not self._lock.tryLock(100):
            return False
        if os.name == "posix":  # QLockFile creates it with the umask's mode (often 0644)
            with contextlib.suppress(OSError):
                os.chmod(self._lock_path, 0o600)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._name):
            if _reachable(self._name):  # someone answers although the lock was free
                _warn("another instance answers on the request socket")
            else:
                QLocalServer.removeServer(self._name)
            if not server.listen(self._name):
                _warn("request socket unavailable: %s", server.errorString())
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def hand_over(self, action: str, timeout_ms: int = 3000) -> bool:
        """Send ``action`` to the running instance; True once it confirmed."""
        return _send(self._name, action, timeout_ms)

    def release(self) -> None:
        """Stop listening and free the lock (at shutdown)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_LINE:
                socket.abort()
            return
        action = decode(bytes(socket.readLine(MAX_LINE).data()))
        socket.write(b"ok\n" if action else b"unknown\n")
        socket.flush()
        socket.disconnectFromServer()
        if action:
            self.request_received.emit(action)


def tell_running(data_dir: Path, action: str, timeout_ms: int = 300) -> bool:
    """Send ``action`` to the app running on ``data_dir``, if one answers; True once it
    confirmed. Never raises: no app, a stale socket or a slow app just give False."""
    try:
        return _send(server_name(data_dir), action, timeout_ms)
    except (OSError, RuntimeError):
        return False


def _send(name: str, action: str, timeout_ms: int) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(encode(action))
    if socket.bytesToWrite() and not socket.waitForBytesWritten(timeout_ms):
        socket.abort()
        return False
    answered = socket.waitForReadyRead(timeout_ms)
    reply = bytes(socket.readAll().data()).strip() if answered else b""
    socket.disconnectFromServer()
    return reply == b"ok"


def _reachable(name: str) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(name)
    live = probe.waitForConnected(300)
    probe.abort()
    return live


def _warn(message: str, *args: object) -> None:
    """A warning in the app's log (logging is loaded only when there is one: this runs before
    the tray icon shows)."""
    import logging

    logging.getLogger(__name__).warning(message, *args)
