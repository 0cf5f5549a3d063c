"""Recording the quick-add hotkey by pressing it: a key-sequence editor whose chord is kept in
the settings' spelling (``<ctrl>+<alt>+f``).

Qt names keys its own way (``Ctrl+Alt+F``; on macOS "Ctrl" is the Command key and "Meta" the
Control key); :func:`chord_from_keys` and :func:`keys_from_chord` translate both ways.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QKeySequenceEdit, QWidget

__all__ = ["HotkeyEdit", "chord_from_keys", "keys_from_chord"]

#: Qt's names of keys that the chord spelling writes in angle brackets.
_NAMED = {
    "Space": "space",
    "Tab": "tab",
    "Backspace": "backspace",
    "Return": "enter",
    "Enter": "enter",
    "Esc": "esc",
    "Ins": "insert",
    "Del": "delete",
    "Home": "home",
    "End": "end",
    "PgUp": "page_up",
    "PgDown": "page_down",
    "Left": "left",
    "Right": "right",
    "Up": "up",
    "Down": "down",
    "Print": "print_screen",
    "Pause": "pause",
    "Menu": "menu",
    **{f"F{n}": f"f{n}" for n in range(1, 21)},
}
_QT_NAMES = {spelled: qt for qt, spelled in _NAMED.items() if qt != "Return"}


def _modifier_names(platform: str) -> dict[str, str]:
    """Qt's modifier names and the chord's, which differ on macOS."""
    if platform == "darwin":
        return {"Ctrl": "cmd", "Meta": "ctrl", "Alt": "alt", "Shift": "shift"}
    return {"Ctrl": "ctrl", "Meta": "cmd", "Alt": "alt", "Shift": "shift"}


def chord_from_keys(portable: str, platform: str = sys.platform) -> str:
    """``Ctrl+Alt+F`` (Qt's portable text of one chord) as ``<ctrl>+<alt>+f``; ``""`` for
    nothing; ValueError for what the chord spelling cannot hold."""
    if not portable:
        return ""
    names = _modifier_names(platform)
    parts = portable.split("+")
    if portable.endswith("++"):  # the plus key itself
        parts = [*portable[:-2].split("+"), "+"]
    *modifiers, key = parts
    out = []
    for modifier in modifiers:
        if modifier not in names:
            raise ValueError(f"'{modifier}' cannot be part of a hotkey")
        out.append(f"<{names[modifier]}>")
    if key in _NAMED:
        out.append(f"<{_NAMED[key]}>")
    elif len(key) == 1:
        out.append(key.lower())
    else:
        raise ValueError(f"the key '{key}' cannot be a hotkey")
    return "+".join(out)


def keys_from_chord(chord: str, platform: str = sys.platform) -> str:
    """``<ctrl>+<alt>+f`` as Qt's portable text, ``Ctrl+Alt+F`` (``""`` when it has no Qt
    spelling, e.g. a key number)."""
    names = {chord_name: qt for qt, chord_name in _modifier_names(platform).items()}
    out = []
    for part in (p for p in chord.split("+") if p) if chord != "+" else ["+"]:
        bare = part[1:-1].lower() if part.startswith("<") and part.endswith(">") else part
        base = bare.removesuffix("_l").removesuffix("_r")
        if base in names:
            out.append(names[base])
        elif bare in _QT_NAMES:
            out.append(_QT_NAMES[bare])
        elif len(bare) == 1:
            out.append(bare.upper())
        else:
            return ""
    return "+".join(out)


class HotkeyEdit(QKeySequenceEdit):
    """Press the chord to set it; ``chord()`` gives it in the settings' spelling."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumSequenceLength(1)
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Quick add hotkey")
        self.setToolTip("Click here and press the keys, e.g. Ctrl+Alt+F")
        self._kept = ""  # a chord Qt cannot show (a key number) stays as it was

    def set_chord(self, chord: str) -> None:
        keys = keys_from_chord(chord)
        self._kept = "" if keys else chord
        self.setKeySequence(QKeySequence.fromString(keys, QKeySequence.SequenceFormat.PortableText))

    def chord(self) -> str:
        """The chord pressed, in the settings' spelling; ValueError when it cannot be one."""
        portable = self.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
        if not portable and self._kept:
            return self._kept
        return chord_from_keys(portable)
