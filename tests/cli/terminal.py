"""Runs the command line on a pseudo-terminal and answers its prompts, as a person would.

POSIX only (``pty``). The child's stdin, stdout and stderr are the terminal, so ``getpass``
and ``isatty`` behave as they do for a person at a keyboard.
"""

from __future__ import annotations

import os
import pty
import select
import sys
from collections.abc import Mapping, Sequence

READ_TIMEOUT_S = 60.0


def run_in_terminal(
    args: Sequence[str], env: Mapping[str, str], answers: Sequence[tuple[str, str]]
) -> tuple[int, str]:
    """Run ``python -m trayapp ARGS``; when the output shows each prompt in ``answers`` (in
    order), type its reply and Enter. Returns the exit code and everything the terminal showed.
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the command
        os.execve(sys.executable, [sys.executable, "-m", "trayapp", *args], dict(env))
    shown = b""
    pending = list(answers)
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], READ_TIMEOUT_S)
            if not ready:
                raise TimeoutError(f"the command stopped answering; it showed {shown!r}")
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            shown += chunk
            while pending and pending[0][0].encode() in shown.rsplit(b"\n", 1)[-1]:
                os.write(fd, pending.pop(0)[1].encode() + b"\n")
                shown += b"\n"
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")
