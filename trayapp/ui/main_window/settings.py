"""The Settings tab: the numbers of ``Settings``, validated by ``Settings.from_mapping``.

Nothing is written here: a valid result goes to the injected ``save_settings`` callable and a
bad value is named inline, with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.core.settings import Settings
from trayapp.ui import badges

SaveSettings = Callable[[Settings], None]

#: (section, key, label, kind); kind is text, int, time, days (a list of numbers) or bool.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("", "my_name", "My name (signs the scripts)", "text"),
    ("", "my_company", "My company", "text"),
    ("", "timezone", "Time zone (empty: the computer's)", "text"),
    ("", "hotkey", "Quick add hotkey", "text"),
    ("", "date_order", "Date order: auto (from the computer), DMY, MDY or YMD", "text"),
    ("guard", "day_limit", "Touches per contact per day", "int"),
    ("guard", "week_limit", "Touches per contact per 7 days", "int"),
    ("guard", "month_limit", "Touches per contact per 30 days", "int"),
    ("guard", "hard_ceiling", "Hard ceiling per 30 days", "int"),
    ("guard", "cool_off_days", "Cool-off after a conversation (days)", "int"),
    ("guard", "unanswered_streak_limit", "Stop chasing after (unanswered)", "int"),
    ("guard", "streak_wait_days", "Then wait (days)", "int"),
    ("guard", "company_week_limit", "Touches per company per 7 days", "int"),
    ("guard", "calling_start", "Calling hours from", "time"),
    ("guard", "calling_end", "Calling hours until", "time"),
    ("reminders", "heads_up_minutes", "Heads-up before due (minutes)", "int"),
    ("reminders", "overdue_nag_days", "Remind again after (days)", "days"),
    ("reminders", "then_every_days", "Then every (days)", "int"),
    ("reminders", "working_days", "Working days (0 = Monday … 6 = Sunday)", "days"),
    ("reminders", "work_start", "Working hours from", "time"),
    ("reminders", "work_end", "Working hours until", "time"),
    ("reminders", "snooze_budget", "Snoozes per promise", "int"),
    ("reminders", "digest_enabled", "Start-of-day digest", "bool"),
    ("reminders", "close_out_check_in_months", "Check in after a close-out (months)", "int"),
    ("reminders", "weekly_review", "Weekly review of open promises", "bool"),
    ("reminders", "weekly_review_day", "Weekly review on (0 = Monday … 6 = Sunday)", "int"),
)
SECTION_TITLES = {"": "You", "guard": "Cadence guard", "reminders": "Reminders"}


class SettingsTab(QWidget):
    """A form over ``Settings``; Save validates and hands the result to ``save_settings``.

    Signals:
        settings_saved(): valid settings were handed to ``save_settings``.
    """

    settings_saved = Signal()

    def __init__(
        self, settings: Settings, save_settings: SaveSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save_settings = save_settings
        self._settings = settings
        self.fields: dict[str, QLineEdit | QSpinBox | QCheckBox] = {}
        inner = QWidget()
        self._column = column = QVBoxLayout(inner)
        forms: dict[str, QFormLayout] = {}
        for section, title in SECTION_TITLES.items():
            box = QGroupBox(title)
            forms[section] = QFormLayout(box)
            forms[section].setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            column.addWidget(box)
        for section, key, label, kind in FIELDS:
            widget = _field(kind)
            self.fields[_name(section, key)] = widget
            forms[section].addRow(label, widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.save_button = QPushButton("Save settings")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Undo changes")
        self.revert_button.clicked.connect(lambda: self.load(self._settings))
        self.message_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.message_label)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(buttons)
        self.load(settings)

    def add_section(self, section: QWidget) -> None:
        """Add a section of its own below the settings (e.g. Backups), inside the scroll area."""
        self._column.addWidget(section)

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the form."""
        self._settings = settings
        data = settings.to_mapping()
        for section, key, _label, _kind in FIELDS:
            value = data[section][key] if section else data[key]
            _set(self.fields[_name(section, key)], value)
        badges.clear_message(self.message_label)

    def values(self) -> dict[str, Any]:
        """The form as a settings mapping (unvalidated)."""
        data = self._settings.to_mapping()
        for section, key, _label, kind in FIELDS:
            value = _get(self.fields[_name(section, key)], kind)
            if section:
                data[section][key] = value
            else:
                data[key] = value
        return data

    def save(self) -> None:
        try:
            settings = Settings.from_mapping(self.values())
            self._save_settings(settings)
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        self._settings = settings
        badges.show_done(self.message_label, "Saved.")
        self.settings_saved.emit()


def _name(section: str, key: str) -> str:
    return f"{section}.{key}" if section else key


def _field(kind: str) -> QLineEdit | QSpinBox | QCheckBox:
    if kind == "int":
        spin = QSpinBox()
        spin.setRange(0, 100_000)
        return spin
    if kind == "bool":
        return QCheckBox()
    edit = QLineEdit()
    edit.setMaxLength(200)
    edit.setMinimumWidth(260)
    if kind == "time":
        edit.setPlaceholderText("HH:MM, e.g. 08:30")
    elif kind == "days":
        edit.setPlaceholderText("numbers separated by commas, e.g. 1, 3, 7")
    return edit


def _set(widget: QLineEdit | QSpinBox | QCheckBox, value: Any) -> None:
    if isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(value, list):
        widget.setText(", ".join(str(v) for v in value))
    else:
        widget.setText(str(value))


def _get(widget: QLineEdit | QSpinBox | QCheckBox, kind: str) -> Any:
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    text = widget.text().strip()
    if kind != "days":
        return text
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    return [int(p) if p.isdigit() else p for p in parts]
