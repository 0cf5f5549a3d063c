"""A chord's key as Windows and macOS number it: Windows virtual-key codes (for
``RegisterHotKey``) and macOS virtual key codes (``kVK_*``, for ``RegisterEventHotKey``).

Letters, digits and the named keys of :mod:`~trayapp.platform.hotkey.chord` are fixed codes.
A punctuation key on Windows depends on the keyboard layout, so the caller passes the layout's
lookup (``VkKeyScanW``); on macOS the codes are those of the ANSI key positions.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["mac_key_code", "windows_virtual_key"]

#: Windows virtual-key codes of the named keys (by their X keysym names, as a Chord holds them).
_WINDOWS_NAMED = {
    "BackSpace": 0x08,
    "Tab": 0x09,
    "Return": 0x0D,
    "Pause": 0x13,
    "Caps_Lock": 0x14,
    "Escape": 0x1B,
    "space": 0x20,
    "Page_Up": 0x21,
    "Page_Down": 0x22,
    "End": 0x23,
    "Home": 0x24,
    "Left": 0x25,
    "Up": 0x26,
    "Right": 0x27,
    "Down": 0x28,
    "Print": 0x2C,
    "Insert": 0x2D,
    "Delete": 0x2E,
    "Menu": 0x5D,
    "Num_Lock": 0x90,
    "Scroll_Lock": 0x91,
    "XF86AudioMute": 0xAD,
    "XF86AudioLowerVolume": 0xAE,
    "XF86AudioRaiseVolume": 0xAF,
    "XF86AudioNext": 0xB0,
    "XF86AudioPrev": 0xB1,
    "XF86AudioPlay": 0xB3,
    **{f"F{n}": 0x6F + n for n in range(1, 21)},
}

#: macOS virtual key codes (HIToolbox ``kVK_ANSI_*`` and ``kVK_*``) of the keys by character.
_MAC_CHARACTERS = {
    **dict(zip("asdfhgzxcv", range(0x0A), strict=True)),
    "b": 0x0B,
    **dict(zip("qweryt", range(0x0C, 0x12), strict=True)),
    **dict(zip("123465", range(0x12, 0x18), strict=True)),
    "=": 0x18,
    "9": 0x19,
    "7": 0x1A,
    "-": 0x1B,
    "8": 0x1C,
    "0": 0x1D,
    "]": 0x1E,
    "o": 0x1F,
    "u": 0x20,
    "[": 0x21,
    "i": 0x22,
    "p": 0x23,
    "l": 0x25,
    "j": 0x26,
    "'": 0x27,
    "k": 0x28,
    ";": 0x29,
    "\\": 0x2A,
    ",": 0x2B,
    "/": 0x2C,
    "n": 0x2D,
    "m": 0x2E,
    ".": 0x2F,
    "`": 0x32,
    " ": 0x31,
}

_MAC_NAMED = {
    "Return": 0x24,
    "Tab": 0x30,
    "space": 0x31,
    "BackSpace": 0x33,
    "Escape": 0x35,
    "Caps_Lock": 0x39,
    "Insert": 0x72,  # the Help key sits where Insert is
    "Home": 0x73,
    "Page_Up": 0x74,
    "Delete": 0x75,  # forward delete
    "End": 0x77,
    "Page_Down": 0x79,
    "Left": 0x7B,
    "Right": 0x7C,
    "Down": 0x7D,
    "Up": 0x7E,
    "XF86AudioRaiseVolume": 0x48,
    "XF86AudioLowerVolume": 0x49,
    "XF86AudioMute": 0x4A,
    "F1": 0x7A,
    "F2": 0x78,
    "F3": 0x63,
    "F4": 0x76,
    "F5": 0x60,
    "F6": 0x61,
    "F7": 0x62,
    "F8": 0x64,
    "F9": 0x65,
    "F10": 0x6D,
    "F11": 0x67,
    "F12": 0x6F,
    "F13": 0x69,
    "F14": 0x6B,
    "F15": 0x71,
    "F16": 0x6A,
    "F17": 0x40,
    "F18": 0x4F,
    "F19": 0x50,
    "F20": 0x5A,
}

NUMBERED = "a key number (<65>) is an X11 keysym; name the key instead (e.g. f or <f9>)"


def windows_virtual_key(key: str | int, layout_lookup: Callable[[str], int]) -> int:
    """The virtual-key code of ``key``; ``layout_lookup(character)`` answers for punctuation
    (``VkKeyScanW``: the code in the low byte, -1 when the layout has no such key).
    ValueError, naming the key, when there is none."""
    if isinstance(key, int):
        raise ValueError(NUMBERED)
    if len(key) == 1:
        if key.isascii() and key.isalnum():
            return ord(key.upper())
        found = layout_lookup(key)
        if found == -1 or found & 0xFF == 0xFF:
            raise ValueError(f"this keyboard layout has no {key!r} key")
        return found & 0xFF
    if key in _WINDOWS_NAMED:
        return _WINDOWS_NAMED[key]
    raise ValueError(f"Windows has no global hotkey for the key {key!r}")


def mac_key_code(key: str | int) -> int:
    """The macOS virtual key code of ``key``; ValueError, naming the key, when there is none."""
    if isinstance(key, int):
        raise ValueError(NUMBERED)
    if len(key) == 1 and key.lower() in _MAC_CHARACTERS:
        return _MAC_CHARACTERS[key.lower()]
    if key in _MAC_NAMED:
        return _MAC_NAMED[key]
    raise ValueError(f"macOS has no global hotkey for the key {key!r}")
