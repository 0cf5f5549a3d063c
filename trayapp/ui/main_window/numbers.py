"""The Numbers tab: the week in numbers as a bar chart drawn with QPainter (QtCharts is not in
PySide6-Essentials), in the palette's colours so it follows dark mode, with a one-line
summary under it. It reads the ledger only while it is on screen, and, given a reader with a
connection of its own (the app gives one), off the GUI thread: judging the people contacted
lately takes a fifth of a second on a large ledger."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from trayapp.core.stats import WeekFigures
from trayapp.services.context import Context
from trayapp.services.stats import Stats, week_stats
from trayapp.ui.colours import AMBER, GREEN
from trayapp.words.stats import COUNTING, summary

log = logging.getLogger(__name__)
#: Reads the figures on a connection of its own (it runs on a worker thread).
StatsReader = Callable[[], Stats]

__all__ = ["SERIES", "NumbersTab", "StatsReader", "WeekChart"]

#: What each bar of a week shows, in order, with its colour (None: the palette's text colour).
SERIES: tuple[tuple[str, str | None], ...] = (
    ("made", "#3070c0"),
    ("kept on time", GREEN),
    ("kept late", AMBER),
    ("released", None),
)
WEEKS = 12


def _values(week: WeekFigures) -> tuple[int, int, int, int]:
    return (week.made, week.kept_on_time, week.kept_late, week.released)


class WeekChart(QWidget):
    """Four bars a week (made, kept on time, kept late, released), oldest week on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[WeekFigures, ...] = ()
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Promises per week")

    def show_weeks(self, weeks: tuple[WeekFigures, ...]) -> None:
        self.weeks = weeks
        self.setToolTip(
            "\n".join(
                f"{w.week_start:%d %b}: {w.made} made, {w.kept_on_time} on time, "
                f"{w.kept_late} late, {w.released} released"
                for w in weeks
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        left, top, bottom = 36.0, 28.0, 24.0
        area = QRectF(left, top, self.width() - left - 8, self.height() - top - bottom)
        highest = max((max(_values(w)) for w in self.weeks), default=0) or 1
        self._legend(painter, ink)
        painter.setPen(ink)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawText(QRectF(0, area.top() - 8, left - 6, 16),
                         Qt.AlignmentFlag.AlignRight, str(highest))  # fmt: skip
        painter.drawText(QRectF(0, area.bottom() - 8, left - 6, 16),
                         Qt.AlignmentFlag.AlignRight, "0")  # fmt: skip
        if not self.weeks:
            painter.end()
            return
        slot = area.width() / len(self.weeks)
        bar = max(1.0, slot * 0.8 / len(SERIES))
        for index, week in enumerate(self.weeks):
            x = area.left() + index * slot + slot * 0.1
            for value, (_name, colour) in zip(_values(week), SERIES, strict=True):
                height = area.height() * value / highest
                painter.fillRect(QRectF(x, area.bottom() - height, bar - 1, height),
                                 QColor(colour) if colour else ink)  # fmt: skip
                x += bar
            if index % 2 == 0 or len(self.weeks) <= 6:
                painter.setPen(ink)
                painter.drawText(
                    QRectF(area.left() + index * slot, area.bottom() + 4, slot * 2, bottom),
                    Qt.AlignmentFlag.AlignLeft,
                    f"{week.week_start:%d %b}",
                )
        painter.end()

    def _legend(self, painter: QPainter, ink: QColor) -> None:
        x = 36.0
        for name, colour in SERIES:
            painter.fillRect(QRectF(x, 8, 10, 10), QColor(colour) if colour else ink)
            painter.setPen(ink)
            painter.drawText(QRectF(x + 14, 4, 110, 18), Qt.AlignmentFlag.AlignLeft, name)
            x += 28 + painter.fontMetrics().horizontalAdvance(name)


class NumbersTab(QWidget):
    """The chart of the last twelve weeks and its summary line."""

    _arrived = Signal(object)  # Stats, or None when they could not be read; from the worker

    def __init__(
        self, ctx: Context, read_stats: StatsReader | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._read_stats = read_stats
        self._reading = False
        self._again = False
        self.chart = WeekChart()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.summary_label)
        self.stats: Stats | None = None
        self._arrived.connect(self._show)

    def refresh(self) -> None:
        """Read the figures again, when the tab is on screen (else when it is next shown)."""
        if self.isVisible():
            self.load()

    def load(self) -> None:
        """Read the figures: on a worker thread when there is a reader (one read at a time; a
        change meanwhile reads once more), else here."""
        if self._read_stats is None:
            self._show(week_stats(self.ctx, WEEKS))
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        if self.stats is None:
            self.summary_label.setText(COUNTING)
        threading.Thread(target=self._read, name="trayapp-stats", daemon=True).start()

    def _read(self) -> None:
        reader = self._read_stats
        assert reader is not None
        try:
            stats: Stats | None = reader()
        except Exception:  # any failure: said in the tab, logged, and the app goes on
            log.exception("the week in numbers could not be read")
            stats = None
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._arrived.emit(stats)

    def _show(self, stats: Stats | None) -> None:
        self._reading = False
        if stats is None:
            self.summary_label.setText("The figures could not be read just now; see the log.")
        else:
            self.stats = stats
            self.chart.show_weeks(stats.weeks)
            self.summary_label.setText(summary(stats))
        if self._again:
            self._again = False
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()
