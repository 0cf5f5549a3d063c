"""Suggested scripts: which situation fits, and the message for it on a channel.

Which script fits (:func:`choose_situation`) — the first row that matches wins:

====  ==========================================================  ==========================
row   when                                                        situation (tier)
====  ==========================================================  ==========================
1     the verdict names the hard ceiling or the 30-day limit      CLOSE_OUT
2     unanswered streak above the limit (the "did I drop the      BALL_IN_COURT
      ball?" message went unanswered too)
3     unanswered streak at the limit                              GONE_DARK
4     open promise weeks or months late                           OVERDUE_APOLOGY (tier)
5     open promise that has spent its snooze budget               RENEGOTIATE
6     open promise hours or days late                             OVERDUE_APOLOGY (tier)
7     open promise due within ``due_soon`` (default 24 hours), or  CHECK_IN
      late by less than ``on_time_grace`` (default 30 minutes)
8     open promise due later                                      NO_NEWS
9     a kept or released promise                                  CHECK_IN
10    no promise, a verdict                                       the verdict's suggestion
11    neither                                                     CHECK_IN
====  ==========================================================  ==========================

Rows 1-3 come first because once a contact is at the cap or has stopped answering, any further
message must be a close-out or a "ball in your court" one, whatever is owed: a contact with
three unanswered touches never gets another check-in. (A due promise still reminds; its card
says which script fits.) Row 4 comes before row 5 because a promise weeks late needs an apology
before a new date. A kept or released promise owes nothing more: its message is the plain
"as promised" one that closes the loop, never a lateness apology or a pacing question. The
unanswered-streak limit is the one the verdict's reason names, else ``streak_limit``; a limit
of 0 switches rows 2 and 3 off, as it switches the guard's rule off. The grace in row 7 is there
because the reminder at the due time arrives a moment after it: getting back at 15:05 to a
"by 15:00" promise is keeping it, not a reason to apologise.

The cadence guard uses this same table for its own suggestion (``Verdict.suggested_situation``)
with the contact's most pressing open promise, so ``check`` and ``script`` never disagree.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from trayapp.core.errors import BadInput
from trayapp.core.guard.verdict import ReasonCode, Situation, Tier, Verdict
from trayapp.core.model import Channel, Promise, Role
from trayapp.core.ports import TemplateSource
from trayapp.core.scripts.template import ScriptFile, parse_script_file
from trayapp.core.scripts.values import ScriptValues, lateness_words
from trayapp.core.settings import GuardSettings, ReminderSettings

__all__ = [
    "Audience",
    "RenderedScript",
    "ScriptChannel",
    "ScriptLibrary",
    "ScriptValues",
    "Tier",
    "choose_situation",
    "lateness_tier",
    "lateness_words",
    "script_file_name",
    "script_file_names",
    "waiting_situation",
]

_DAY = 86400
_CAP_CODES = (ReasonCode.HARD_CEILING, ReasonCode.MONTH_LIMIT)
ON_TIME_GRACE = timedelta(minutes=30)


class ScriptChannel(enum.StrEnum):
    """The shapes a script comes in: spoken, an e-mail, or a short SMS/LinkedIn message."""

    VOICEMAIL = "voicemail"
    EMAIL = "email"
    MESSAGE = "message"

    @classmethod
    def for_touch(cls, channel: Channel) -> ScriptChannel:
        """The script shape that suits a touch channel (calls and meetings are spoken)."""
        if channel is Channel.EMAIL:
            return cls.EMAIL
        if channel in (Channel.SMS, Channel.LINKEDIN):
            return cls.MESSAGE
        return cls.VOICEMAIL


class Audience(enum.StrEnum):
    """Who the wording is for: some situations read differently to a candidate and a client."""

    CANDIDATE = "candidate"
    CLIENT = "client"

    @classmethod
    def for_role(cls, role: Role) -> Audience:
        return cls(role.audience)


@dataclass(frozen=True, slots=True)
class RenderedScript:
    """A script ready to read, copy or send; ``subject`` is empty except for e-mail."""

    situation: Situation
    tier: Tier | None
    channel: ScriptChannel
    subject: str
    body: str


def lateness_tier(seconds_late: float) -> Tier | None:
    """``None`` when not late; hours under a day, days under a week, weeks under 60 days."""
    if seconds_late <= 0:
        return None
    if seconds_late < _DAY:
        return Tier.HOURS
    if seconds_late < 7 * _DAY:
        return Tier.DAYS
    if seconds_late < 60 * _DAY:
        return Tier.WEEKS
    return Tier.MONTHS


def choose_situation(
    promise: Promise | None,
    verdict: Verdict | None,
    at: datetime,
    *,
    snooze_budget: int = ReminderSettings().snooze_budget,
    streak_limit: int = GuardSettings().unanswered_streak_limit,
    due_soon: timedelta = timedelta(hours=24),
    on_time_grace: timedelta = ON_TIME_GRACE,
) -> tuple[Situation, Tier | None]:
    """The situation (and lateness tier) that fits; see the table in the module docstring."""
    if verdict is not None:
        chosen = _guard_situation(verdict, streak_limit)
        if chosen is not None:
            return chosen, None
    if promise is not None:
        if not promise.is_open:
            return Situation.CHECK_IN, None
        return _promise_situation(promise, at, snooze_budget, (due_soon, on_time_grace))
    if verdict is not None:
        return verdict.suggested_situation, verdict.suggested_tier
    return Situation.CHECK_IN, None


def waiting_situation(verdict: Verdict, *, streak_limit: int) -> Situation:
    """The message that fits when a wait for a reply ran out: rows 1-3 of the table (a
    close-out at the cap, ball-in-court beyond the unanswered streak's limit, gone-dark at it),
    else a check-in — so a contact who left three touches unanswered never gets a fourth."""
    chosen = _guard_situation(verdict, streak_limit)
    return Situation.CHECK_IN if chosen is None else chosen


def _guard_situation(verdict: Verdict, streak_limit: int) -> Situation | None:
    if any(code in _CAP_CODES for code in verdict.codes):
        return Situation.CLOSE_OUT
    limit = next(
        (
            r.limit
            for r in verdict.reasons
            if r.code is ReasonCode.UNANSWERED_STREAK and r.limit is not None
        ),
        streak_limit,
    )
    if limit < 1:
        return None
    if verdict.unanswered_streak > limit:
        return Situation.BALL_IN_COURT
    if verdict.unanswered_streak == limit:
        return Situation.GONE_DARK
    return None


def _promise_situation(
    promise: Promise, at: datetime, snooze_budget: int, spans: tuple[timedelta, timedelta]
) -> tuple[Situation, Tier | None]:
    due_soon, grace = spans
    late = promise.lateness(at)
    tier = lateness_tier(late) if late > grace.total_seconds() else None
    if tier in (Tier.WEEKS, Tier.MONTHS):
        return Situation.OVERDUE_APOLOGY, tier
    if promise.snooze_count >= snooze_budget:
        return Situation.RENEGOTIATE, None
    if tier is not None:
        return Situation.OVERDUE_APOLOGY, tier
    if promise.due_at - at <= due_soon:
        return Situation.CHECK_IN, None
    return Situation.NO_NEWS, None


def script_file_name(situation: Situation, tier: Tier | None = None) -> str:
    """``check_in.toml``; an overdue apology has a file per tier: ``overdue_apology.weeks.toml``."""
    if situation is Situation.OVERDUE_APOLOGY:
        if tier is None:
            raise BadInput("an overdue apology needs a lateness tier (hours, days, weeks, months)")
        return f"{situation.value}.{tier.value}.toml"
    return f"{situation.value}.toml"


def script_file_names() -> tuple[str, ...]:
    """Every file the library expects, in a stable order."""
    names: list[str] = []
    for situation in Situation:
        tiers: Sequence[Tier | None] = (
            list(Tier) if situation is Situation.OVERDUE_APOLOGY else [None]
        )
        names.extend(script_file_name(situation, tier) for tier in tiers)
    return tuple(names)


class ScriptLibrary:
    """Validated script files, ready to render.

    Built with :meth:`load`, it never raises for a bad file: a broken user copy falls back to
    the next source (the shipped one) and every problem is kept in :attr:`problems`, naming
    the file and the key, for the settings window and the log to show.
    """

    def __init__(self, files: Mapping[str, ScriptFile], problems: Sequence[str] = ()) -> None:
        self._files = dict(files)
        self.problems: tuple[str, ...] = tuple(problems)

    @classmethod
    def load(cls, source: TemplateSource, fallback: TemplateSource | None = None) -> ScriptLibrary:
        """Read every expected file from ``source``, falling back to ``fallback`` when broken."""
        sources = [source] if fallback is None else [source, fallback]
        files: dict[str, ScriptFile] = {}
        problems: list[str] = []
        for name in script_file_names():
            parsed, found = _load_one(name, sources)
            problems.extend(p for p in found if p not in problems)
            if parsed is not None:
                files[name] = parsed
        expected = set(script_file_names())
        for name in sorted(set(source.names()) - expected):
            problems.append(f"{name}: not a script name this app uses; it is ignored")
        return cls(files, problems)

    def file(self, situation: Situation, tier: Tier | None = None) -> ScriptFile | None:
        return self._files.get(script_file_name(situation, tier))

    def render(
        self,
        situation: Situation,
        tier: Tier | None,
        channel: ScriptChannel,
        audience: Audience,
        values: ScriptValues,
    ) -> RenderedScript:
        """The message for ``situation`` on ``channel`` to ``audience``, placeholders filled."""
        if situation is not Situation.OVERDUE_APOLOGY:
            tier = None
        name = script_file_name(situation, tier)
        script = self._files.get(name)
        if script is None:
            raise BadInput(f"the script {name} could not be loaded; check the scripts folder")
        variant = script.variant(Audience(audience).value, ScriptChannel(channel).value)
        filled = values.as_mapping()
        subject = variant.subject.render(filled) if variant.subject is not None else ""
        return RenderedScript(situation, tier, channel, subject, variant.body.render(filled))


def _load_one(name: str, sources: Sequence[TemplateSource]) -> tuple[ScriptFile | None, list[str]]:
    problems: list[str] = []
    for index, source in enumerate(sources):
        text = source.read(name)
        if text is None:
            continue
        try:
            parsed = parse_script_file(name, text)
        except BadInput as exc:
            last = index == len(sources) - 1
            problems.append(exc.message if last else f"{exc.message}; using the shipped script")
            continue
        return parsed, problems
    if not problems:
        problems.append(f"{name}: no such script file")
    return None, problems
