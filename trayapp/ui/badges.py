"""Colour with words: the guard's traffic light, inline messages and short touch lines.

A verdict is never shown by colour alone: the level is spelled out and the reasons follow.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from trayapp.core.guard.verdict import Level, Verdict
from trayapp.core.model import Touch
from trayapp.ui.colours import AMBER, GREEN, RED
from trayapp.words import verdicts as words

LEVEL_COLOURS = {Level.OK: GREEN, Level.CAUTION: AMBER, Level.STOP: RED}
LEVEL_DOTS = {Level.OK: "●", Level.CAUTION: "▲", Level.STOP: "■"}


def level_colour(level: Level) -> QColor:
    return QColor(LEVEL_COLOURS[level])


def show_verdict(label: QLabel, verdict: Verdict | None, tz: ZoneInfo) -> None:
    """Fill ``label`` with the verdict in its colour and in words (empty and hidden for None)."""
    if verdict is None:
        label.clear()
        label.setVisible(False)
        return
    colour = LEVEL_COLOURS[verdict.level]
    headline = f"{LEVEL_DOTS[verdict.level]} {words.verdict(verdict, tz)}"
    others = words.other_reasons(verdict, tz)
    label.setStyleSheet(
        f"QLabel {{ color: {colour}; border-left: 4px solid {colour}; padding: 4px 8px; }}"
    )
    label.setWordWrap(True)
    label.setVisible(True)
    label.setToolTip(words.verdict_details(verdict, tz) if others else "")
    if not others:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(headline)
        return
    # The headline first; the other reasons on demand, behind a "more" link.
    label.setTextFormat(Qt.TextFormat.RichText)
    short = f"{html.escape(headline)} <a href='more'>more…</a>"
    also = "<br>".join(f"Also: {html.escape(text)}." for text in others)
    full = f"{html.escape(headline)}<br>{also} <a href='less'>less</a>"
    label.setText(short)
    label.setProperty("verdict_texts", {"more": full, "less": short})
    if not label.property("verdict_toggles"):
        label.setProperty("verdict_toggles", True)
        label.linkActivated.connect(lambda link: _toggle(label, link))


def _toggle(label: QLabel, link: str) -> None:
    """The verdict's "more…"/"less" link: show or hide the other reasons."""
    texts = label.property("verdict_texts")
    if isinstance(texts, dict) and link in texts:
        label.setText(str(texts[link]))


def verdict_facts(verdict: Verdict, tz: ZoneInfo) -> str:
    """The numbers behind a verdict: last touch, touches this week, streak, open promises."""
    last = (
        f"last touch {words.when(verdict.last_touch_at, tz, verdict.at)}"
        if verdict.last_touch_at
        else "no touches yet"
    )
    return (
        f"{last} · {words.plural(verdict.week_count, 'touch', 'touches')} in 7 days · "
        f"{words.plural(verdict.unanswered_streak, 'unanswered in a row', 'unanswered in a row')}"
        f" · {words.plural(verdict.open_promises, 'open promise')}"
    )


def show_problem(label: QLabel, message: str) -> None:
    """An inline message in red, with words that say what to do.

    A message that starts with a plain word gets a capital; one starting with a file name or
    a quoted value is left as it is.
    """
    first = message.split(" ", 1)[0]
    _show(label, message[:1].upper() + message[1:] if first.isalpha() else message, RED)


def show_done(label: QLabel, message: str) -> None:
    _show(label, message, GREEN)


def clear_message(label: QLabel) -> None:
    label.clear()
    label.setVisible(False)


def _show(label: QLabel, message: str, colour: str) -> None:
    label.setText(message)
    label.setStyleSheet(f"QLabel {{ color: {colour}; padding: 2px 0; }}")
    label.setWordWrap(True)
    label.setVisible(True)


def touch_line(touch: Touch, tz: ZoneInfo, now: datetime) -> str:
    """``Tue 3 Nov 10:00 · call · to them · "left a message"``."""
    way = "to them" if touch.outbound else "from them"
    text = f"{words.when(touch.at, tz, now)} · {touch.channel.value} · {way}"
    if touch.note:
        note = touch.note if len(touch.note) <= 80 else touch.note[:79] + "…"
        text += f" · {note}"
    if touch.over_limit:
        text += " · over the limit"
    return text
