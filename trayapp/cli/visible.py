"""What the command line prints cannot act on a terminal: text written to stdout and stderr
has its control and invisible formatting characters made visible. Kept apart from the output
formatting so that starting the tray app does not load it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO, cast

from trayapp.core.text import visible

__all__ = ["visible_output"]


class _Shown:
    """A text stream that writes what it is given with control and invisible formatting
    characters made visible (see :func:`trayapp.core.text.visible`); the rest is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """Within: text printed on stdout and stderr cannot act on a terminal (a screen clear, a
    bell, a title change) or reorder what a reader sees, whatever the ledger or the command
    line held. Bytes written to ``sys.stdout.buffer`` (an export) pass as they are."""
    saved = sys.stdout, sys.stderr
    if saved[0] is not None:  # None in a windowed app without a console
        sys.stdout = cast(TextIO, _Shown(saved[0]))
    if saved[1] is not None:
        sys.stderr = cast(TextIO, _Shown(saved[1]))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
