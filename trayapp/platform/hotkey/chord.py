"""Reading a quick-add chord as the settings spell it, e.g. ``<ctrl>+<alt>+f``.

Parts joined by ``+`` (the spelling pynput made common); a part is one
character (``f``, ``5``, ``,``) or a key name in angle brackets (``<ctrl>``, ``<f9>``, ``<space>``,
``<page_up>``), or a key number in angle brackets (``<65>``: an X keysym on Linux). Case does
not matter. For a grab on X11 a chord is modifiers plus exactly one other key; the left and
right variants of a modifier (``<ctrl_l>``, ``<ctrl_r>``) stand for the modifier itself.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MODIFIERS", "Chord", "parse_chord"]

#: The modifiers a chord may hold, by every name the spelling allows.
MODIFIERS: dict[str, str] = {
    **{base + side: base for base in ("ctrl", "alt", "shift", "cmd") for side in ("", "_l", "_r")},
    "alt_gr": "alt_gr",
}

#: Named keys that are not modifiers, with their X keysym names.
_NAMED_KEYS: dict[str, str] = {
    "backspace": "BackSpace",
    "caps_lock": "Caps_Lock",
    "delete": "Delete",
    "down": "Down",
    "end": "End",
    "enter": "Return",
    "esc": "Escape",
    "home": "Home",
    "insert": "Insert",
    "left": "Left",
    "menu": "Menu",
    "num_lock": "Num_Lock",
    "page_down": "Page_Down",
    "page_up": "Page_Up",
    "pause": "Pause",
    "print_screen": "Print",
    "right": "Right",
    "scroll_lock": "Scroll_Lock",
    "space": "space",
    "tab": "Tab",
    "up": "Up",
    "media_play_pause": "XF86AudioPlay",
    "media_volume_mute": "XF86AudioMute",
    "media_volume_down": "XF86AudioLowerVolume",
    "media_volume_up": "XF86AudioRaiseVolume",
    "media_previous": "XF86AudioPrev",
    "media_next": "XF86AudioNext",
    **{f"f{n}": f"F{n}" for n in range(1, 21)},
}


@dataclass(frozen=True)
class Chord:
    """Modifiers (``ctrl``, ``alt``, ``shift``, ``cmd``, ``alt_gr``) and the one key they go
    with: a character, an X keysym name, or an X keysym number."""

    modifiers: frozenset[str]
    key: str | int


def _parts(chord: str) -> list[str]:
    """Split on ``+``, where a ``+`` right after a separator is the plus key itself."""
    parts: list[str] = []
    start = 0
    for i, char in enumerate(chord):
        if char == "+" and i != start:
            parts.append(chord[start:i])
            start = i + 1
    if start == len(chord):
        raise ValueError(f"the hotkey {chord!r} ends without a key")
    parts.append(chord[start:])
    return parts


def _bracketed(part: str) -> str:
    return part[1:-1].lower() if len(part) > 2 and part[0] + part[-1] == "<>" else ""


def _read_key(part: str, chord: str) -> str | int:
    if len(part) == 1:
        return part.lower()
    name = _bracketed(part)
    if name in _NAMED_KEYS:
        return _NAMED_KEYS[name]
    if name.isdecimal():
        return int(name)
    raise ValueError(f"the hotkey {chord!r} names a key this app does not know: {part!r}")


def parse_chord(chord: str) -> Chord:
    """The chord's modifiers and key; ValueError, naming the fault, for anything else."""
    if not chord.strip():
        raise ValueError("the hotkey is empty")
    modifiers: set[str] = set()
    keys: list[str | int] = []
    for part in _parts(chord.strip()):
        modifier = MODIFIERS.get(_bracketed(part))
        key = modifier or _read_key(part, chord)
        if key in modifiers or key in keys:
            raise ValueError(f"the hotkey {chord!r} names a key twice")
        if modifier:
            modifiers.add(modifier)
        else:
            keys.append(key)
    if len(keys) != 1:
        raise ValueError(
            f"the hotkey {chord!r} needs exactly one key besides ctrl, alt, shift or cmd"
        )
    return Chord(frozenset(modifiers), keys[0])
