"""Every number the product uses, declared once with its default and its validation.

``Settings.from_mapping`` reads a plain mapping (the settings file), validates every value and
raises :class:`BadInput` naming the first bad key; unknown keys are ignored. ``to_mapping``
writes the same shape back, with the settings ``version``.

The shape has a version. A mapping of an older version is brought up to date by
``UPGRADE_STEPS``, one small function per version (n to n + 1), in turn; a mapping without a
version is version 1, the first shape. A mapping of a newer version than this app knows is
refused with :class:`NewerSettings`: guessing at it could lose what the newer app wrote.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trayapp.core.errors import BadInput
from trayapp.core.text import check_characters

#: The first shape of the settings; a mapping without "version" has it.
FIRST_VERSION = 1

SettingsUpgrade = Callable[[dict[str, Any]], dict[str, Any]]

#: ``UPGRADE_STEPS[i]`` turns a mapping of version ``FIRST_VERSION + i`` into the next version.
#: When the shape changes, append one step; never edit a step that has shipped.
UPGRADE_STEPS: tuple[SettingsUpgrade, ...] = ()

#: The version this app writes and reads up to.
SETTINGS_VERSION = FIRST_VERSION + len(UPGRADE_STEPS)


class NewerSettings(BadInput):
    """The settings were written by a newer app: refused, never reset or overwritten."""

    def __init__(self, version: int, known: int) -> None:
        super().__init__(
            f"was written by a newer Follow-Through (settings version {version}; "
            f"this version reads up to {known})"
        )
        self.version = version
        self.known = known


def settings_version(data: Mapping[str, Any], known: int = SETTINGS_VERSION) -> int:
    """The version of a settings mapping; :class:`NewerSettings` when it is above ``known``."""
    raw = data.get("version", FIRST_VERSION)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < FIRST_VERSION:
        raise BadInput(f"setting 'version' must be a whole number from {FIRST_VERSION}")
    if raw > known:
        raise NewerSettings(raw, known)
    return raw


def upgraded(
    data: Mapping[str, Any], steps: Sequence[SettingsUpgrade] = UPGRADE_STEPS
) -> dict[str, Any]:
    """``data`` in the newest shape: every step from its version on runs, in order."""
    if not isinstance(data, Mapping):
        raise BadInput("settings must be a mapping of names to values")
    newest = FIRST_VERSION + len(steps)
    version = settings_version(data, newest)
    out = dict(data)
    for step in steps[version - FIRST_VERSION :]:
        out = step(out)
    out["version"] = newest
    return out


@dataclass(frozen=True, slots=True)
class GuardSettings:
    """The cadence guard's numbers (PRODUCT.md, "Cadence guard")."""

    day_limit: int = 1
    week_limit: int = 3
    month_limit: int = 6
    hard_ceiling: int = 7
    cool_off_days: int = 7
    unanswered_streak_limit: int = 3
    streak_wait_days: int = 7
    company_week_limit: int = 5
    #: A contact a teammate approached first is theirs for this many days (0: never).
    ownership_days: int = 30
    calling_start: time = time(8, 0)
    calling_end: time = time(21, 0)


#: How ``1/12`` is read: from the computer's language settings, day first (1 December), month
#: first (12 January) or year first.
DATE_ORDERS = ("auto", "DMY", "MDY", "YMD")

#: The longest the close-out's check-in may wait, in months.
MAX_CHECK_IN_MONTHS = 24


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """When reminders fire and when they wait."""

    heads_up_minutes: int = 60
    overdue_nag_days: tuple[int, ...] = (1, 3, 7)
    then_every_days: int = 7
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    work_start: time = time(8, 30)
    work_end: time = time(18, 0)
    snooze_budget: int = 3
    digest_enabled: bool = True
    #: The long-horizon check-in the close-out ("door stays open") offers, in months.
    close_out_check_in_months: int = 3
    #: A weekly review of open promises, on this weekday (0 = Monday) at the start of work.
    weekly_review: bool = True
    weekly_review_day: int = 0


@dataclass(frozen=True, slots=True)
class Settings:
    """User settings (UI state such as window geometry lives elsewhere)."""

    my_name: str = ""
    my_company: str = ""
    timezone: str = ""
    hotkey: str = "<ctrl>+<alt>+f"
    date_order: str = "auto"
    #: The country of phone numbers typed without their code: ``auto`` (the computer's) or a
    #: two-letter code such as GB or US.
    phone_region: str = "auto"
    guard: GuardSettings = field(default_factory=GuardSettings)
    reminders: ReminderSettings = field(default_factory=ReminderSettings)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], steps: Sequence[SettingsUpgrade] = UPGRADE_STEPS
    ) -> Settings:
        """Settings from a mapping of any known version (``steps`` bring it up to date)."""
        data = upgraded(data, steps)
        guard = _build(GuardSettings, data.get("guard", {}), "guard")
        reminders = _build(ReminderSettings, data.get("reminders", {}), "reminders")
        top = {k: v for k, v in data.items() if k not in ("guard", "reminders", "version")}
        built: Settings = _build(cls, top, "", guard=guard, reminders=reminders)
        built = dataclasses.replace(
            built,
            date_order=_date_order(built.date_order),
            phone_region=_phone_region(built.phone_region),
        )
        _validate(built)
        return built

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": SETTINGS_VERSION}
        for f in dataclasses.fields(self):
            out[f.name] = _dump(getattr(self, f.name))
        return out


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, tuple):
        return list(value)
    return value


def _build(kind: type[Any], data: Any, prefix: str, **fixed: Any) -> Any:
    if not isinstance(data, Mapping):
        raise BadInput(f"setting '{prefix}' must be a section of names and values")
    default = kind(**fixed)
    values: dict[str, Any] = dict(fixed)
    for f in dataclasses.fields(kind):
        if f.name in fixed or f.name not in data:
            continue
        name = f"{prefix}.{f.name}" if prefix else f.name
        values[f.name] = _coerce(name, getattr(default, f.name), data[f.name])
    return kind(**values)


def _coerce(name: str, default: Any, raw: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        raise BadInput(f"setting '{name}' must be true or false")
    if isinstance(default, int):
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 100_000:
            raise BadInput(f"setting '{name}' must be a whole number from 0 to 100000")
        return raw
    if isinstance(default, time):
        return _parse_time(name, raw)
    if isinstance(default, tuple):
        if not isinstance(raw, list | tuple) or len(raw) > 64:
            raise BadInput(f"setting '{name}' must be a list of whole numbers")
        return tuple(_coerce(name, 0, item) for item in raw)
    if isinstance(default, str):
        if not isinstance(raw, str) or len(raw) > 200:
            raise BadInput(f"setting '{name}' must be text of at most 200 characters")
        check_characters(raw, f"setting '{name}'")
        return raw.strip()
    raise BadInput(f"setting '{name}' has a value of the wrong kind")


def _parse_time(name: str, raw: Any) -> time:
    try:
        hours, minutes = str(raw).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise BadInput(f"setting '{name}' must be a time such as 08:30") from None


def _date_order(raw: str) -> str:
    """``auto``, ``DMY``, ``MDY`` or ``YMD``, in any case."""
    for order in DATE_ORDERS:
        if raw.casefold() == order.casefold():
            return order
    raise BadInput(
        "setting 'date_order' must be auto (from the computer's language settings), "
        "DMY (1/12 is 1 December), MDY (1/12 is 12 January) or YMD (2026/12/1)"
    )


def _phone_region(raw: str) -> str:
    """``auto`` or a two-letter country code, in capitals."""
    cleaned = raw.strip()
    if cleaned.casefold() == "auto":
        return "auto"
    if len(cleaned) == 2 and cleaned.isascii() and cleaned.isalpha():
        return cleaned.upper()
    raise BadInput(
        "setting 'phone_region' must be auto (from the computer's language settings) or a "
        "two-letter country code such as GB or US"
    )


def _validate(s: Settings) -> None:
    g, r = s.guard, s.reminders
    if g.day_limit < 1 or g.week_limit < 1 or g.month_limit < 1 or g.hard_ceiling < 1:
        raise BadInput("cadence limits must be at least 1")
    if g.calling_start >= g.calling_end:
        raise BadInput("calling hours must start before they end")
    if r.work_start >= r.work_end:
        raise BadInput("working hours must start before they end")
    if not r.working_days or any(d > 6 for d in r.working_days):
        raise BadInput("working days must be weekday numbers 0 (Monday) to 6 (Sunday)")
    if r.then_every_days < 1 or any(d < 1 for d in r.overdue_nag_days):
        raise BadInput("overdue reminders must be at least one day apart")
    if not 1 <= r.close_out_check_in_months <= MAX_CHECK_IN_MONTHS:
        raise BadInput(
            "setting 'reminders.close_out_check_in_months' must be a whole number "
            f"from 1 to {MAX_CHECK_IN_MONTHS}"
        )
    if r.weekly_review_day > 6:
        raise BadInput(
            "setting 'reminders.weekly_review_day' must be a weekday number 0 (Monday) "
            "to 6 (Sunday)"
        )
    if s.timezone:
        check_zone(s.timezone, "timezone")


def check_zone(name: str, what: str = "time zone") -> ZoneInfo:
    """Return the zone named ``name`` or raise :class:`BadInput` saying which setting is wrong."""
    try:
        if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadInput(f"{what} '{name[:64]}' is not a known IANA time zone") from None
