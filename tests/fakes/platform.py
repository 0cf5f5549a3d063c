"""Fakes for the ports at the edge of the machine: keychain, templates, settings file,
notifications, date words and the global hotkey."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.ports import AutostartEntry, Notice, ParsedWhen, SecretStoreUnavailable
from trayapp.core.settings import Settings


class FakeSecretStore:
    """A ``SecretStore`` kept in a dict; ``unavailable`` makes every call fail like a keychain."""

    def __init__(self, *, unavailable: bool = False) -> None:
        self.values: dict[str, str] = {}
        self.unavailable = unavailable

    def _check(self) -> None:
        if self.unavailable:
            raise SecretStoreUnavailable("no keychain was found")

    def get(self, name: str) -> str | None:
        self._check()
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self._check()
        self.values[name] = value

    def delete(self, name: str) -> None:
        self._check()
        self.values.pop(name, None)


class FakeTemplateSource:
    """A ``TemplateSource`` over a dict of file names to texts."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read(self, name: str) -> str | None:
        return self.files.get(name)

    def names(self) -> list[str]:
        return sorted(self.files)


class FakeSettingsStore:
    """A ``SettingsStore`` that keeps the last settings saved (the defaults before any)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.saved: list[Settings] = [] if settings is None else [settings]

    def load(self) -> Settings:
        return self.saved[-1] if self.saved else Settings()

    def save(self, settings: Settings) -> None:
        self.saved.append(settings)


class FakeNotifier:
    """A ``Notifier`` that keeps every notice it was asked to show."""

    name = "test"

    def __init__(self) -> None:
        self.notices: list[Notice] = []

    def notify(self, notice: Notice) -> None:
        self.notices.append(notice)


class FakeWhenParser:
    """A ``WhenParser`` that knows only the phrases it is given (anything else is no date);
    ``asked`` keeps every text it was asked to read."""

    def __init__(self, known: dict[str, ParsedWhen | None] | None = None) -> None:
        self.known: dict[str, ParsedWhen | None] = {} if known is None else known
        self.asked: list[str] = []

    def parse(self, text: str, *, now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
        self.asked.append(text)
        return self.known.get(text)


class FakeHotkey:
    """A ``GlobalHotkey`` that ``press()`` sets off; ``available=False`` is a system without
    global hotkeys, where ``start`` returns False."""

    def __init__(self, *, available: bool = True, taken: frozenset[str] = frozenset()) -> None:
        self.available = available
        self.taken = taken  # chords another program holds
        self.chord: str | None = None
        self._on_pressed: Callable[[], None] | None = None
        self._refusal: str | None = None

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        self.stop()
        if not self.available:
            self._refusal = "no global hotkey on this system"
            return False
        if chord in self.taken:
            self._refusal = f"{chord} is taken by another program"
            return False
        self.chord, self._on_pressed, self._refusal = chord, on_pressed, None
        return True

    def refusal(self) -> str | None:
        return self._refusal

    def stop(self) -> None:
        self.chord, self._on_pressed = None, None

    def press(self) -> None:
        """The chord, pressed: calls back when started, does nothing otherwise."""
        if self._on_pressed is not None:
            self._on_pressed()


class FakeAutostart:
    """A start-at-login entry kept in memory; ``refuse`` makes every change fail as a
    system would (a BadInput naming the entry), changing nothing."""

    def __init__(self, refuse: bool = False) -> None:
        self.command: list[str] | None = None
        self.refuse = refuse
        self.location = "memory:autostart"

    def status(self) -> AutostartEntry:
        return AutostartEntry(enabled=self.command is not None, location=self.location)

    def enable(self, command: Sequence[str]) -> AutostartEntry:
        self._check()
        self.command = list(command)
        return self.status()

    def disable(self) -> AutostartEntry:
        self._check()
        self.command = None
        return self.status()

    def _check(self) -> None:
        if self.refuse:
            raise BadInput(f"the start-at-login entry {self.location} could not be changed")
