"""Read-only questions to an X server, asked through libX11 with ctypes (no extra packages).

Used by the test desktop to see what a person would see: which client owns the system-tray
selection, which windows are on screen, their titles, classes and places.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

_IS_VIEWABLE = 2


@dataclass(frozen=True)
class Window:
    """One X window as seen on the screen: position in root coordinates."""

    wid: int
    name: str
    wm_class: str
    x: int
    y: int
    width: int
    height: int
    viewable: bool
    override_redirect: bool
    depth: int
    parent: int

    @property
    def center(self) -> tuple[int, int]:
        """The middle of the window, in root coordinates."""
        return self.x + self.width // 2, self.y + self.height // 2


class _Attributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("c_class", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


class _ClassHint(ctypes.Structure):
    _fields_ = [("res_name", ctypes.c_void_p), ("res_class", ctypes.c_void_p)]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _ignore_error(_display: int | None, _event: int | None) -> int:
    return 0  # windows can vanish between two questions; that is not an error here


_IGNORE = _ERROR_HANDLER(_ignore_error)


def _load() -> ctypes.CDLL:
    path = ctypes.util.find_library("X11")
    if path is None:
        raise OSError("libX11 is not installed")
    lib = ctypes.CDLL(path)
    vp, ul, u = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint
    signatures: dict[str, tuple[list[type], type | None]] = {
        "XOpenDisplay": ([ctypes.c_char_p], vp),
        "XCloseDisplay": ([vp], ctypes.c_int),
        "XDefaultRootWindow": ([vp], ul),
        "XInternAtom": ([vp, ctypes.c_char_p, ctypes.c_int], ul),
        "XGetSelectionOwner": ([vp, ul], ul),
        "XQueryTree": (
            [
                vp,
                ul,
                ctypes.POINTER(ul),
                ctypes.POINTER(ul),
                ctypes.POINTER(ctypes.POINTER(ul)),
                ctypes.POINTER(u),
            ],
            ctypes.c_int,
        ),
        "XGetWindowAttributes": ([vp, ul, ctypes.POINTER(_Attributes)], ctypes.c_int),
        "XTranslateCoordinates": (
            [
                vp,
                ul,
                ul,
                ctypes.c_int,
                ctypes.c_int,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ul),
            ],
            ctypes.c_int,
        ),
        "XFetchName": ([vp, ul, ctypes.POINTER(vp)], ctypes.c_int),
        "XGetWindowProperty": (
            [
                vp,
                ul,
                ul,
                ctypes.c_long,
                ctypes.c_long,
                ctypes.c_int,
                ul,
                ctypes.POINTER(ul),
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ul),
                ctypes.POINTER(ul),
                ctypes.POINTER(vp),
            ],
            ctypes.c_int,
        ),
        "XGetClassHint": ([vp, ul, ctypes.POINTER(_ClassHint)], ctypes.c_int),
        "XFree": ([vp], ctypes.c_int),
        "XSetErrorHandler": ([_ERROR_HANDLER], vp),
    }
    for name, (args, res) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    lib.XSetErrorHandler(_IGNORE)
    return lib


_lib: ctypes.CDLL | None = None


def _x11() -> ctypes.CDLL:
    global _lib  # noqa: PLW0603 - loaded once, on first use
    if _lib is None:
        _lib = _load()
    return _lib


class Connection:
    """An open connection to one X display."""

    def __init__(self, lib: ctypes.CDLL, handle: int) -> None:
        self._lib = lib
        self._d = handle
        self.root: int = lib.XDefaultRootWindow(handle)

    def selection_owner(self, selection: str) -> int:
        """The window owning a selection (e.g. _NET_SYSTEM_TRAY_S0), 0 when none."""
        atom = self._lib.XInternAtom(self._d, selection.encode(), 0)
        return int(self._lib.XGetSelectionOwner(self._d, atom))

    def children(self, wid: int) -> list[int]:
        """The child windows of a window, bottom to top."""
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        kids, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        ok = self._lib.XQueryTree(
            self._d,
            wid,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(kids),
            ctypes.byref(count),
        )
        if not ok:
            return []
        out = [int(kids[i]) for i in range(count.value)]
        if kids:
            self._lib.XFree(kids)
        return out

    def describe(self, wid: int, parent: int) -> Window | None:
        """Name, class and root-relative geometry of a window (None if it is gone)."""
        attrs = _Attributes()
        if not self._lib.XGetWindowAttributes(self._d, wid, ctypes.byref(attrs)):
            return None
        x, y, child = ctypes.c_int(), ctypes.c_int(), ctypes.c_ulong()
        self._lib.XTranslateCoordinates(
            self._d, wid, self.root, 0, 0, ctypes.byref(x), ctypes.byref(y), ctypes.byref(child)
        )
        return Window(
            wid=wid,
            name=self._name(wid),
            wm_class=self._class(wid),
            x=x.value,
            y=y.value,
            width=attrs.width,
            height=attrs.height,
            viewable=attrs.map_state == _IS_VIEWABLE,
            override_redirect=bool(attrs.override_redirect),
            depth=0,
            parent=parent,
        )

    def windows(self) -> list[Window]:
        """Every window under the root, depth first, with its depth in the tree."""
        found: list[Window] = []
        stack = [(kid, self.root, 1) for kid in reversed(self.children(self.root))]
        while stack:
            wid, parent, depth = stack.pop()
            win = self.describe(wid, parent)
            if win is None:
                continue
            found.append(replace(win, depth=depth))
            stack.extend((kid, wid, depth + 1) for kid in reversed(self.children(wid)))
        return found

    def _name(self, wid: int) -> str:
        """The title: _NET_WM_NAME (UTF-8, what Qt sets for any title), else WM_NAME."""
        utf8 = self._utf8_property(wid, "_NET_WM_NAME")
        if utf8:
            return utf8
        raw = ctypes.c_void_p()
        if not self._lib.XFetchName(self._d, wid, ctypes.byref(raw)) or not raw.value:
            return ""
        return self._take_string(raw.value)

    def _utf8_property(self, wid: int, name: str) -> str:
        atom = self._lib.XInternAtom(self._d, name.encode(), 1)
        if not atom:
            return ""
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after, raw = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self._lib.XGetWindowProperty(
            self._d, wid, atom, 0, 1024, 0, 0, ctypes.byref(kind), ctypes.byref(fmt),
            ctypes.byref(count), ctypes.byref(after), ctypes.byref(raw),
        )  # fmt: skip
        if status != 0 or not raw.value:
            return ""
        text = ctypes.string_at(raw.value, count.value).decode("utf-8", "replace")
        self._lib.XFree(raw.value)
        return text if fmt.value == 8 else ""

    def _class(self, wid: int) -> str:
        hint = _ClassHint()
        if not self._lib.XGetClassHint(self._d, wid, ctypes.byref(hint)):
            return ""
        if hint.res_name:
            self._take_string(hint.res_name)
        return self._take_string(hint.res_class) if hint.res_class else ""

    def _take_string(self, pointer: int) -> str:
        """Copy a string Xlib allocated for us, then free it."""
        text = ctypes.string_at(pointer).decode("utf-8", "replace")
        self._lib.XFree(pointer)
        return text


@contextmanager
def connect(display: str) -> Iterator[Connection]:
    """Open the display for a few questions; closed again on exit."""
    lib = _x11()
    handle = lib.XOpenDisplay(display.encode())
    if not handle:
        raise ConnectionError(f"cannot open X display {display}")
    try:
        yield Connection(lib, handle)
    finally:
        lib.XCloseDisplay(handle)
