"""Private logs: a rotating file only its owner can read, scrubbed of personal data.

The app logs ids, never names, e-mail addresses, phone numbers or note text. The scrub filter
is the safety net: every record that reaches our handlers has e-mail addresses, phone-like
digit runs (7 digits or more) and any value given as ``extra={"pii": ...}`` replaced before it
is written. Dates in ISO form (2024-05-31, 2024-05-31T09:00:00Z) are kept.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import time
import traceback
from collections.abc import Iterable
from io import TextIOWrapper
from pathlib import Path

from trayapp.core.errors import StorageError

__all__ = [
    "LOG_FILE_NAME",
    "PrivateRotatingFileHandler",
    "ScrubFilter",
    "configure_logging",
    "scrub",
    "unconfigure_logging",
]

LOG_FILE_NAME = "trayapp.log"
MAX_BYTES = 1 << 20
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_MARK = "_trayapp_handler"

_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
# The look-behind starts a match only where a local part starts, keeping the search linear.
EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}+@[\w-]+(?:\.[\w-]+)+")
_ISO_DATE = (
    r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
)
_PHONE = r"\+?\d(?:[ ().\-/]{0,3}\d){6,}"
DATE_OR_PHONE = re.compile(rf"(?P<date>(?<!\d){_ISO_DATE}(?!\d))|(?P<phone>{_PHONE})")


def scrub(text: str, extra_secrets: Iterable[str] = ()) -> str:
    """``text`` with e-mail addresses, phone-like numbers and ``extra_secrets`` replaced."""
    for secret in sorted({s.strip() for s in extra_secrets if s.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(secret), "[redacted]", text, flags=re.IGNORECASE)
    text = EMAIL.sub("[email]", text)
    return DATE_OR_PHONE.sub(lambda m: m.group("date") or "[phone]", text)


def _pii_strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _pii_strings(v)]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for v in value for s in _pii_strings(v)]
    return [str(value)]


class ScrubFilter(logging.Filter):
    """Rewrites each record so no personal data reaches the handler it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = _pii_strings(record.__dict__.get("pii"))
        if "pii" in record.__dict__:
            record.pii = "[redacted]"
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = f"{record.msg!s} (arguments could not be formatted)"
        record.msg = scrub(message, secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, secrets)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file created readable and writable by its owner only (POSIX)."""

    def _open(self) -> TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        descriptor = os.open(self.baseFilename, flags, 0o600)
        if os.name == "posix":
            os.fchmod(descriptor, 0o600)
        return open(  # the handler owns and closes the stream
            descriptor, "a", encoding=self.encoding or "utf-8", errors=self.errors
        )


def _private_folder(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)


def _formatter() -> logging.Formatter:
    formatter = logging.Formatter(FORMAT, DATE_FORMAT)
    formatter.converter = time.gmtime
    return formatter


def configure_logging(log_dir: Path, *, debug: bool = False) -> None:
    """Send the app's logs to ``log_dir/trayapp.log`` (1 MiB x 5), and to stderr if ``debug``.

    Calling it again replaces the handlers it added before; it never duplicates them.
    A folder that cannot be written is a StorageError and leaves the logging as it was.
    """
    try:
        _private_folder(log_dir)
        file_handler = PrivateRotatingFileHandler(
            log_dir / LOG_FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as err:
        raise StorageError(f"cannot write logs in {log_dir}: {err.strerror or err}") from None
    unconfigure_logging()
    handlers: list[logging.Handler] = [file_handler]
    if debug:
        handlers.append(logging.StreamHandler())
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(_formatter())
        handler.addFilter(ScrubFilter())
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)


def unconfigure_logging() -> None:
    """Detach and close the handlers ``configure_logging`` added."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
