"""The frozen app's entry point: the same command line as ``trayapp``.

``doctor`` asks some questions in a child process (``sys.executable -c CODE``) so that a
missing display or a locked keychain cannot hang it. In a frozen build ``sys.executable`` is
this program, so it answers ``-c CODE`` itself, the way the interpreter would.

The Windows build is windowed (no console window flashes up when it starts at login), so it
has no standard output of its own; started from a console, it writes to that console.
"""

import sys


def _run_code(code: str) -> int:
    sys.argv = ["-c", *sys.argv[3:]]
    exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
    return 0


def _attach_console() -> None:
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    if not ctypes.windll.kernel32.AttachConsole(-1):  # -1: the parent's console
        return
    if sys.stdout is None:
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        _attach_console()
    if getattr(sys, "frozen", False) and len(sys.argv) >= 3 and sys.argv[1] == "-c":
        raise SystemExit(_run_code(sys.argv[2]))
    from trayapp.cli.main import main

    raise SystemExit(main())
