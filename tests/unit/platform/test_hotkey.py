"""Reading the quick-add chord as users write it, and choosing the hotkey for the system."""

from __future__ import annotations

import pytest

from trayapp.platform.hotkey.choose import (
    USE_THE_COMMAND,
    NullHotkey,
    hotkey_unavailable,
    make_hotkey,
)
from trayapp.platform.hotkey.chord import Chord, parse_chord
from trayapp.platform.hotkey.macos import CarbonHotkey
from trayapp.platform.hotkey.windows import WindowsHotkey
from trayapp.platform.hotkey.x11 import X11Hotkey


@pytest.mark.parametrize(
    ("chord", "modifiers", "key"),
    [
        ("<ctrl>+<alt>+f", {"ctrl", "alt"}, "f"),
        ("<CTRL>+<Alt>+F", {"ctrl", "alt"}, "f"),
        ("<ctrl_l>+<shift_r>+<f9>", {"ctrl", "shift"}, "F9"),
        ("<cmd>+<space>", {"cmd"}, "space"),
        ("<alt_gr>+<page_up>", {"alt_gr"}, "Page_Up"),
        ("<ctrl>++", {"ctrl"}, "+"),
        ("<ctrl>+,", {"ctrl"}, ","),
        ("<f12>", set(), "F12"),
        ("<ctrl>+<65>", {"ctrl"}, 65),
        ("  <ctrl>+<alt>+f ", {"ctrl", "alt"}, "f"),
    ],
)
def test_a_chord_in_the_settings_spelling_is_read(
    chord: str, modifiers: set[str], key: str | int
) -> None:
    assert parse_chord(chord) == Chord(frozenset(modifiers), key)


@pytest.mark.parametrize(
    ("chord", "message"),
    [
        ("", "the hotkey is empty"),
        ("<ctrl>+", "the hotkey '<ctrl>+' ends without a key"),
        ("<ctrl>+<alt>", "needs exactly one key besides ctrl, alt, shift or cmd"),
        ("<ctrl>+a+b", "needs exactly one key besides ctrl, alt, shift or cmd"),
        ("<ctrl>+<ctrl_l>+f", "names a key twice"),
        ("<ctrl>+<hyper>+f", "names a key this app does not know: '<hyper>'"),
        ("ctrl+alt+f", "names a key this app does not know: 'ctrl'"),
    ],
)
def test_a_chord_that_cannot_be_a_hotkey_says_why(chord: str, message: str) -> None:
    with pytest.raises(ValueError, match="hotkey") as refused:
        parse_chord(chord)
    assert message in str(refused.value)


def test_a_bad_chord_starts_no_hotkey_and_calls_nothing() -> None:
    pressed: list[int] = []
    hotkey = X11Hotkey()
    assert hotkey.start("<ctrl>+<bogus>", lambda: pressed.append(1)) is False
    hotkey.stop()
    assert pressed == []


@pytest.mark.parametrize(
    ("platform", "environ", "kind", "reason"),
    [
        ("linux", {"DISPLAY": ":1"}, X11Hotkey, None),
        ("linux", {}, NullHotkey, f"no X display: {USE_THE_COMMAND}"),
        (
            "linux",
            {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"},
            NullHotkey,
            f"Wayland does not allow global hotkeys: {USE_THE_COMMAND}",
        ),
        (
            "linux",
            {"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"},
            NullHotkey,
            f"Wayland does not allow global hotkeys: {USE_THE_COMMAND}",
        ),
        ("win32", {}, WindowsHotkey, None),
        ("darwin", {}, CarbonHotkey, None),
    ],
)
def test_the_hotkey_fits_the_system(
    platform: str, environ: dict[str, str], kind: type, reason: str | None
) -> None:
    assert isinstance(make_hotkey(platform, environ), kind)
    assert hotkey_unavailable(platform, environ) == reason
