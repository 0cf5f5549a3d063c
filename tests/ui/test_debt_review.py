"""The promise-debt review: the year-old forgotten promise at the top with its months-late
apology, Enter opens its card; the weekly review notification names the oldest and opens the
review, once a week."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.fakes import FakeNotifier
from tests.ui.conftest import LONDON, NOW
from trayapp.app.runtime import Runtime
from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput
from trayapp.core.model import Promise
from trayapp.core.ports import NoticeAction
from trayapp.core.settings import Settings
from trayapp.services.context import Context
from trayapp.services.review import due_weekly_review, next_review
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.bridge import Bridge
from trayapp.ui.colours import RED
from trayapp.ui.main_window.debt import EMPTY, DebtTab
from trayapp.ui.tray import Tray

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen windows


def cells(tab: DebtTab, row: int) -> list[str]:
    return [tab.table.item(row, c).text() for c in range(tab.table.columnCount())]  # type: ignore[union-attr]


def test_the_year_old_promise_is_at_the_top_with_its_apology(
    qtbot: QtBot, ctx: Context, year_late: Promise, due_tonight: Promise
) -> None:
    tab = DebtTab(ctx)
    qtbot.addWidget(tab)
    assert tab.summary_label.text() == "2 open promises, 1 late — oldest first."
    assert cells(tab, 0)[1:] == [
        "12 months late",
        "Dana Smith",
        "send Acme feedback",
        "apology (months late)",
    ]
    assert tab.table.item(0, 1).foreground().color() == QColor(RED)  # type: ignore[union-attr]
    assert cells(tab, 1)[1:3] == ["not late yet", "Dana Smith"]
    opened: list[int] = []
    tab.card_requested.connect(opened.append)
    tab.show()
    tab.table.setFocus()
    QTest.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == [year_late.id]


def test_no_debt_says_so(qtbot: QtBot, ctx: Context) -> None:
    tab = DebtTab(ctx)
    qtbot.addWidget(tab)
    assert tab.summary_label.text() == EMPTY and tab.table.rowCount() == 0


def test_the_weekly_review_is_due_once_a_week_from_monday_at_work_start(
    ctx: Context, log: SqliteReminderLog, year_late: Promise
) -> None:
    assert isinstance(ctx.clock, FixedClock)
    monday = NOW - timedelta(days=2)  # Wed 18 Nov 2026 10:00 -> Mon 16 Nov
    ctx.clock.set(monday.replace(hour=8, minute=29))  # 08:29 London (= UTC in November)
    assert due_weekly_review(ctx, log) is None
    assert next_review(ctx) == monday.replace(hour=8, minute=30)
    ctx.clock.set(monday.replace(hour=8, minute=30))
    review = due_weekly_review(ctx, log)
    assert review is not None and (review.week, review.open_count, review.late_count) == (
        "2026-W47",
        1,
        1,
    )
    assert due_weekly_review(ctx, log) is None  # once
    ctx.clock.set(NOW)
    assert due_weekly_review(ctx, log) is None  # still the same week
    ctx.clock.set(monday + timedelta(days=7, hours=1))
    assert due_weekly_review(ctx, log) is not None  # next Monday


def test_the_review_can_be_turned_off_or_moved(ctx: Context, log: SqliteReminderLog) -> None:
    off = dataclasses.replace(
        ctx, settings=Settings.from_mapping({"reminders": {"weekly_review": False}})
    )
    assert due_weekly_review(off, log) is None and next_review(off) is None
    friday = dataclasses.replace(
        ctx, settings=Settings.from_mapping({"reminders": {"weekly_review_day": 4}})
    )
    assert next_review(friday) == NOW.replace(day=20, hour=8, minute=30)
    with pytest.raises(BadInput, match="weekday number 0"):
        Settings.from_mapping({"reminders": {"weekly_review_day": 7}})


def test_the_app_shows_the_review_once_and_a_click_opens_it(
    qtbot: QtBot, ctx: Context, log: SqliteReminderLog, conn: sqlite3.Connection,
    year_late: Promise,
) -> None:  # fmt: skip
    tray = Tray(tz=LONDON)
    runtime = Runtime(ctx, log, conn, tray, Bridge())
    shown = FakeNotifier()
    try:
        runtime.start(shown)
        qtbot.waitUntil(lambda: any(n.key.startswith("weekly-review:") for n in shown.notices))
        reviews = [n for n in shown.notices if n.key.startswith("weekly-review:")]
        assert [(n.title, n.body) for n in reviews] == [
            (
                "Weekly review: 1 open promise, 1 late",
                "Oldest: Dana Smith — send Acme feedback, 12 months late. "
                "Open the review to go through them, oldest first.",
            )
        ]
        runtime.review_if_due()
        assert len([n for n in shown.notices if n.key.startswith("weekly-review:")]) == 1
        with qtbot.waitSignal(runtime.review_requested):
            runtime.bridge.notice_acted.emit(reviews[0].key, NoticeAction.OPEN.value)
    finally:
        runtime.stop()
        tray.deleteLater()


def test_the_numbers_tab_draws_the_weeks_and_sums_them_up(
    qtbot: QtBot, ctx: Context, year_late: Promise
) -> None:
    from trayapp.ui.main_window.numbers import NumbersTab

    tab = NumbersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(800, 400)
    tab.show()
    assert tab.stats is not None and len(tab.stats.weeks) == 12
    assert tab.summary_label.text().startswith("Last 12 weeks: ")
    image = tab.chart.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert "#3070c0" in colours  # the legend's "made" at least


def test_the_numbers_are_read_off_the_gui_thread_with_a_connection_of_their_own(
    qtbot: QtBot, ctx: Context, conn: sqlite3.Connection, year_late: Promise
) -> None:
    import threading
    from pathlib import Path

    from trayapp.services.stats import Stats, week_stats
    from trayapp.store.db import open_database
    from trayapp.store.ledger import SqliteLedger
    from trayapp.ui.main_window.numbers import NumbersTab
    from trayapp.words.stats import COUNTING

    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    threads: list[str] = []

    def read() -> Stats:
        threads.append(threading.current_thread().name)
        own = open_database(path)
        try:
            return week_stats(dataclasses.replace(ctx, ledger=SqliteLedger(own)), 12)
        finally:
            own.close()

    tab = NumbersTab(ctx, read)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.summary_label.text() == COUNTING  # the window is not held while it counts
    qtbot.waitUntil(lambda: tab.stats is not None)
    assert threads == ["trayapp-stats"]
    assert tab.summary_label.text().startswith("Last 12 weeks: ")
    for _change in range(3):  # changes while a read runs: one more read after it, not three
        tab.refresh()
    qtbot.waitUntil(lambda: len(threads) == 3 and not tab._reading)
    qtbot.wait(100)
    assert len(threads) == 3


@pytest.mark.parametrize(("window", "text"), [("#1e1e1e", "#f0f0f0"), ("#ffffff", "#101010")])
def test_the_chart_follows_the_palette_dark_or_light(
    qtbot: QtBot, ctx: Context, year_late: Promise, window: str, text: str
) -> None:
    from PySide6.QtGui import QPalette

    from trayapp.ui.main_window.numbers import NumbersTab

    tab = NumbersTab(ctx)
    palette = tab.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    tab.setPalette(palette)
    tab.setAutoFillBackground(True)
    qtbot.addWidget(tab)
    tab.resize(800, 400)
    tab.show()
    whole, chart = tab.grab().toImage(), tab.chart.grab().toImage()

    def colours(image: QImage) -> list[str]:
        return [
            image.pixelColor(x, y).name()
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
        ]

    everywhere = colours(whole)
    assert max(set(everywhere), key=everywhere.count) == window  # the background
    assert text in colours(chart)  # axis, legend and "released" bars in the palette's ink
