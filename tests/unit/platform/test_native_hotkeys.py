"""The Windows and macOS hotkeys, against stand-ins for user32 and Carbon: the chord is
registered with the right key and modifiers, a press calls back once, a chord another program
holds is refused with words that say so, and stop unregisters."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.unit.platform.native_hotkeys import FakeCarbon, FakeUser32
from trayapp.platform.hotkey.keys import mac_key_code, windows_virtual_key
from trayapp.platform.hotkey.macos import CARBON_MODIFIERS, CarbonHotkey
from trayapp.platform.hotkey.windows import MODIFIER_FLAGS, WindowsHotkey

CTRL_ALT = MODIFIER_FLAGS["ctrl"] | MODIFIER_FLAGS["alt"]
CMD_SHIFT = CARBON_MODIFIERS["cmd"] | CARBON_MODIFIERS["shift"]


def windows_hotkey(user32: FakeUser32) -> WindowsHotkey:
    return WindowsHotkey(user32, last_error=lambda: user32.last_error)


def test_windows_registers_the_chord_and_a_press_calls_back(qtbot: QtBot) -> None:
    user32, pressed = FakeUser32(), []
    hotkey = windows_hotkey(user32)
    assert hotkey.start("<ctrl>+<alt>+f", lambda: pressed.append("quick add")) is True
    assert hotkey.refusal() is None
    assert list(user32.registered.values()) == [(CTRL_ALT, ord("F"))]
    assert user32.press(hotkey) is True
    assert user32.press(hotkey, ident=7) is False  # someone else's hotkey: let through
    assert pressed == ["quick add"]
    hotkey.stop()
    assert user32.registered == {}
    assert user32.press(hotkey) is False and pressed == ["quick add"]


def test_windows_says_when_another_program_holds_the_chord(qtbot: QtBot) -> None:
    user32 = FakeUser32(taken={(CTRL_ALT, ord("F"))})
    hotkey = windows_hotkey(user32)
    assert hotkey.start("<ctrl>+<alt>+f", lambda: None) is False
    assert hotkey.refusal() == "<ctrl>+<alt>+f is taken by another program"
    assert hotkey.start("<ctrl>+<shift>+<f9>", lambda: None) is True  # another chord works
    assert list(user32.registered.values()) == [
        (MODIFIER_FLAGS["ctrl"] | MODIFIER_FLAGS["shift"], 0x78)
    ]
    hotkey.stop()


def test_a_new_chord_replaces_the_old_one_at_once(qtbot: QtBot) -> None:
    user32, pressed = FakeUser32(), []
    hotkey = windows_hotkey(user32)
    hotkey.start("<ctrl>+<alt>+f", lambda: pressed.append("old"))
    hotkey.start("<cmd>+<shift>+,", lambda: pressed.append("new"))
    assert list(user32.registered.values()) == [
        (MODIFIER_FLAGS["cmd"] | MODIFIER_FLAGS["shift"], 0xBC)
    ]
    user32.press(hotkey)
    assert pressed == ["new"]
    hotkey.stop()


@pytest.mark.parametrize(
    ("chord", "why"),
    [
        ("<ctrl>+<alt>+<65>", "X11 keysym"),
        ("<ctrl>+<alt_gr>+f", "Windows has no alt_gr modifier"),
        ("<ctrl>+é", "this keyboard layout has no 'é' key"),
        ("<ctrl>+<alt>", "needs exactly one key"),
    ],
)
def test_windows_refuses_what_it_cannot_register_in_words(chord: str, why: str) -> None:
    user32 = FakeUser32()
    hotkey = windows_hotkey(user32)
    assert hotkey.start(chord, lambda: None) is False
    assert why in (hotkey.refusal() or "")
    assert user32.registered == {}


def test_macos_registers_the_chord_and_a_press_calls_back() -> None:
    carbon, pressed = FakeCarbon(), []
    hotkey = CarbonHotkey(carbon)
    assert hotkey.start("<cmd>+<shift>+f", lambda: pressed.append("quick add")) is True
    assert hotkey.refusal() is None
    assert [(k, m) for k, m, _ in carbon.hotkeys.values()] == [(0x03, CMD_SHIFT)]
    carbon.press(0x03, CMD_SHIFT)
    assert pressed == ["quick add"]
    hotkey.stop()
    assert carbon.hotkeys == {} and carbon.handlers == {}
    carbon.press(0x03, CMD_SHIFT)
    assert pressed == ["quick add"]


def test_macos_says_when_another_program_holds_the_chord() -> None:
    carbon = FakeCarbon(taken={(0x03, CMD_SHIFT)})
    hotkey = CarbonHotkey(carbon)
    assert hotkey.start("<cmd>+<shift>+f", lambda: None) is False
    assert hotkey.refusal() == "<cmd>+<shift>+f is taken by another program"
    assert carbon.handlers == {}  # nothing left installed
    assert hotkey.start("<ctrl>+<alt>+<f9>", lambda: None) is True
    assert [(k, m) for k, m, _ in carbon.hotkeys.values()] == [
        (0x65, CARBON_MODIFIERS["ctrl"] | CARBON_MODIFIERS["alt"])
    ]
    hotkey.stop()


def test_key_codes() -> None:
    assert [windows_virtual_key(k, lambda _c: -1) for k in ("a", "z", "0", "F1", "space")] == [
        0x41,
        0x5A,
        0x30,
        0x70,
        0x20,
    ]
    assert [mac_key_code(k) for k in ("a", "s", "q", "1", "0", "F1", "Return", "space")] == [
        0x00,
        0x01,
        0x0C,
        0x12,
        0x1D,
        0x7A,
        0x24,
        0x31,
    ]
    with pytest.raises(ValueError, match="macOS has no global hotkey for the key 'Print'"):
        mac_key_code("Print")
