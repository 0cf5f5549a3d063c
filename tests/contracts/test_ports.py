"""One contract per port in ``trayapp.core.ports``, run against the real adapter and the fake
in ``tests/fakes.py``: a test that uses the fake relies on nothing the real one would not do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from keyring.errors import KeyringLocked

from tests.fakes import (
    FakeHotkey,
    FakeNotifier,
    FakeSecretStore,
    FakeSettingsStore,
    FakeTemplateSource,
    FakeWhenParser,
)
from tests.unit.platform.keyring_support import MemoryKeyring, RaisingKeyring, installed
from trayapp.core.ports import (
    GlobalHotkey,
    Notice,
    Notifier,
    ParsedWhen,
    SecretStore,
    SecretStoreUnavailable,
    SettingsStore,
    TemplateSource,
    WhenParser,
)
from trayapp.core.settings import GuardSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.hotkey.choose import NullHotkey
from trayapp.platform.notifications import BalloonNotifier
from trayapp.platform.secrets import KeyringSecretStore
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.platform.templates import FileTemplateSource

# -- SecretStore ---------------------------------------------------------------------------


@pytest.fixture(params=["keychain", "fake"])
def secrets(request: pytest.FixtureRequest) -> Iterator[SecretStore]:
    if request.param == "fake":
        yield FakeSecretStore()
        return
    with installed(MemoryKeyring()):
        yield KeyringSecretStore(service="Follow-Through contract", timeout=5.0)


@pytest.fixture(params=["keychain", "fake"])
def no_secrets(request: pytest.FixtureRequest) -> Iterator[SecretStore]:
    """A store whose keychain cannot be used."""
    if request.param == "fake":
        yield FakeSecretStore(unavailable=True)
        return
    with installed(RaisingKeyring(KeyringLocked("the keychain is locked"))):
        yield KeyringSecretStore(service="Follow-Through contract", timeout=5.0)


def test_a_secret_store_gives_back_what_was_set_until_deleted(secrets: SecretStore) -> None:
    assert secrets.get("data-key") is None
    secrets.set("data-key", "first")
    secrets.set("data-key", "second")
    secrets.set("other", "kept")
    assert secrets.get("data-key") == "second"
    secrets.delete("data-key")
    assert secrets.get("data-key") is None
    assert secrets.get("other") == "kept"


def test_a_secret_store_deletes_what_is_not_there_quietly(secrets: SecretStore) -> None:
    secrets.delete("never-set")
    assert secrets.get("never-set") is None


def test_an_unusable_keychain_is_secret_store_unavailable(no_secrets: SecretStore) -> None:
    with pytest.raises(SecretStoreUnavailable):
        no_secrets.get("data-key")
    with pytest.raises(SecretStoreUnavailable):
        no_secrets.set("data-key", "value")


# -- TemplateSource ------------------------------------------------------------------------

FILES = {"follow_up.toml": 'text = "Hi {first_name}"\n', "b_thanks.toml": 'text = "Thanks"\n'}


@pytest.fixture(params=["folder", "fake"])
def templates(request: pytest.FixtureRequest, tmp_path: Path) -> TemplateSource:
    if request.param == "fake":
        return FakeTemplateSource(dict(FILES))
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return FileTemplateSource(tmp_path)


def test_a_template_source_names_its_files_sorted_and_reads_them(
    templates: TemplateSource,
) -> None:
    assert templates.names() == sorted(FILES)
    for name, text in FILES.items():
        assert templates.read(name) == text


def test_a_template_source_reads_a_missing_file_as_none(templates: TemplateSource) -> None:
    assert templates.read("missing.toml") is None


# -- SettingsStore -------------------------------------------------------------------------


@pytest.fixture(params=["file", "fake"])
def settings_store(request: pytest.FixtureRequest, tmp_path: Path) -> SettingsStore:
    if request.param == "fake":
        return FakeSettingsStore()
    return JsonSettingsStore(tmp_path / "config" / "settings.json")


def test_a_settings_store_starts_with_the_defaults(settings_store: SettingsStore) -> None:
    assert settings_store.load() == Settings()


def test_a_settings_store_loads_what_was_saved_last(settings_store: SettingsStore) -> None:
    settings_store.save(Settings(my_name="Sam"))
    changed = Settings(
        my_name="Sam Carter",
        timezone="Europe/Paris",
        guard=GuardSettings(week_limit=4, calling_start=time(9, 0)),
    )
    settings_store.save(changed)
    assert settings_store.load() == changed


# -- Notifier ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShowingNotifier:
    """A notifier and a way to read the titles it has shown so far."""

    notifier: Notifier
    titles: Callable[[], list[str]]


@pytest.fixture(params=["balloon", "fake"])
def showing(request: pytest.FixtureRequest) -> ShowingNotifier:
    if request.param == "fake":
        fake = FakeNotifier()
        return ShowingNotifier(fake, lambda: [n.title for n in fake.notices])
    shown: list[tuple[str, str]] = []
    balloon = BalloonNotifier(lambda title, body: shown.append((title, body)), lambda k, a: None)
    return ShowingNotifier(balloon, lambda: [title for title, _body in shown])


def test_a_notifier_shows_each_notice_and_has_a_name(showing: ShowingNotifier) -> None:
    showing.notifier.notify(Notice("k1", "Call Dana", "due at 15:00", promise_id=1))
    showing.notifier.notify(Notice("k2", "Send feedback", "overdue", promise_id=2))
    assert showing.titles() == ["Call Dana", "Send feedback"]
    assert isinstance(showing.notifier.name, str) and showing.notifier.name


# -- WhenParser ----------------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
FRIDAY_3PM = ParsedWhen(datetime(2026, 11, 27, 15, 0, tzinfo=LONDON), has_time=True)
FRIDAY = ParsedWhen(datetime(2026, 11, 27, 0, 0, tzinfo=LONDON), has_time=False)


@pytest.fixture(params=["dateparser", "fake"])
def when(request: pytest.FixtureRequest) -> WhenParser:
    if request.param == "fake":
        return FakeWhenParser({"fri 3pm": FRIDAY_3PM, "fri": FRIDAY})
    return DateparserWhenParser()


def test_a_when_parser_reads_a_day_with_or_without_a_time(when: WhenParser) -> None:
    assert when.parse("fri 3pm", now=SUNDAY, tz=LONDON) == FRIDAY_3PM
    assert when.parse("fri", now=SUNDAY, tz=LONDON) == FRIDAY


def test_a_when_parser_reads_words_that_are_no_date_as_none(when: WhenParser) -> None:
    assert when.parse("flurbsday", now=SUNDAY, tz=LONDON) is None


# -- GlobalHotkey --------------------------------------------------------------------------


@pytest.fixture(params=["none", "fake"])
def no_hotkey(request: pytest.FixtureRequest) -> GlobalHotkey:
    """A hotkey on a system that allows none."""
    return FakeHotkey(available=False) if request.param == "fake" else NullHotkey()


def test_a_hotkey_the_system_cannot_give_says_so_and_stops_quietly(
    no_hotkey: GlobalHotkey,
) -> None:
    pressed: list[str] = []
    assert no_hotkey.start("<ctrl>+<alt>+f", lambda: pressed.append("pressed")) is False
    no_hotkey.stop()
    no_hotkey.stop()
    assert pressed == []


def test_the_fake_hotkey_calls_back_only_while_started() -> None:
    hotkey, pressed = FakeHotkey(), []
    hotkey.press()
    assert hotkey.start("<ctrl>+<alt>+f", lambda: pressed.append("pressed")) is True
    hotkey.press()
    hotkey.stop()
    hotkey.press()
    assert pressed == ["pressed"]
