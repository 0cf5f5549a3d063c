"""The Settings tab: the numbers of ``Settings`` on pages (You, Cadence guard, Reminders,
Hotkey, Team, Data), validated by ``Settings.from_mapping``.

Nothing is written here: a valid result goes to the injected ``save_settings`` callable. Every
bad value is named beside its own field, all at once, and nothing is saved until all are
valid. Other parts of the app add their sections to a page (Encryption and Backups to Data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import BadInput, UserFacingError
from trayapp.core.settings import Settings
from trayapp.ui import badges
from trayapp.ui.hotkey_edit import HotkeyEdit

SaveSettings = Callable[[Settings], None]

#: (section, key, label, kind); kind is text, int, time, days (a list of numbers) or bool.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("", "my_name", "My name (signs the scripts)", "text"),
    ("", "my_company", "My company", "text"),
    ("", "timezone", "Time zone (empty: the computer's)", "text"),
    ("", "hotkey", "Quick add hotkey (press the keys)", "hotkey"),
    ("", "date_order", "Date order: auto (from the computer), DMY, MDY or YMD", "text"),
    ("", "phone_region", "Phone numbers without +: auto (the computer's) or GB, US, …", "text"),
    ("guard", "day_limit", "Touches per contact per day", "int"),
    ("guard", "week_limit", "Touches per contact per 7 days", "int"),
    ("guard", "month_limit", "Touches per contact per 30 days", "int"),
    ("guard", "hard_ceiling", "Hard ceiling per 7 days (never passed)", "int"),
    ("guard", "cool_off_days", "Cool-off after a conversation (days)", "int"),
    ("guard", "unanswered_streak_limit", "Stop chasing after (unanswered)", "int"),
    ("guard", "streak_wait_days", "Then wait (days)", "int"),
    ("guard", "company_week_limit", "Touches per company per 7 days", "int"),
    ("guard", "ownership_days", "A teammate's first approach holds for (days)", "int"),
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
PAGES = ("You", "Cadence guard", "Reminders", "Hotkey", "Team", "Data")
SECTION_PAGES = {"": "You", "guard": "Cadence guard", "reminders": "Reminders"}
#: Fields on a page other than their section's.
FIELD_PAGES = {"hotkey": "Hotkey", "guard.ownership_days": "Team"}
Field = QLineEdit | QSpinBox | QCheckBox | HotkeyEdit


class SettingsTab(QWidget):
    """A form over ``Settings`` on pages; Save validates every field and hands the result to
    ``save_settings``.

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
        self.fields: dict[str, Field] = {}
        self.errors: dict[str, QLabel] = {}
        self.page_list = QListWidget()
        self.page_list.setAccessibleName("Settings pages")
        self.page_list.setMaximumWidth(160)
        self.pages = QStackedWidget()
        self._columns: dict[str, QVBoxLayout] = {}
        self._forms: dict[str, QFormLayout] = {}
        for title in PAGES:
            self._add_page(title)
        self.page_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.page_list.setCurrentRow(0)
        for section, key, label, kind in FIELDS:
            name = _name(section, key)
            page = FIELD_PAGES.get(name, SECTION_PAGES[section])
            widget = _field(kind)
            widget.setAccessibleName(label)
            error = QLabel()
            error.setVisible(False)
            error.setWordWrap(True)
            self.fields[name], self.errors[name] = widget, error
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(error)
            self._forms[page].addRow(label, cell)
        self.save_button = QPushButton("Save settings")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip("Save settings (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Undo changes")
        self.revert_button.clicked.connect(lambda: self.load(self._settings))
        self.message_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.message_label, 1)
        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.load(settings)

    def _add_page(self, title: str) -> None:
        inner = QWidget()
        column = QVBoxLayout(inner)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.pages.addWidget(scroll)
        self.page_list.addItem(title)
        self._columns[title], self._forms[title] = column, form

    def add_section(self, section: QWidget, page: str = "Data") -> None:
        """Add a section of its own to ``page`` (e.g. Backups to Data), below its fields."""
        column = self._columns[page]
        column.insertWidget(column.count() - 1, section)

    def show_page(self, title: str) -> None:
        self.page_list.setCurrentRow(PAGES.index(title))

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the form."""
        self._settings = settings
        data = settings.to_mapping()
        for section, key, _label, _kind in FIELDS:
            value = data[section][key] if section else data[key]
            _set(self.fields[_name(section, key)], value)
        self._show_errors({})
        badges.clear_message(self.message_label)

    def values(self) -> dict[str, Any]:
        """The form as a settings mapping (unvalidated); ValueError names a field that cannot
        be read at all (a hotkey the chord spelling cannot hold)."""
        data = self._settings.to_mapping()
        for section, key, _label, kind in FIELDS:
            _put(data, section, key, _get(self.fields[_name(section, key)], kind))
        return data

    def field_errors(self) -> dict[str, str]:
        """Each field whose value, with every other setting as saved, is refused, and why."""
        errors: dict[str, str] = {}
        base = self._settings.to_mapping()
        for section, key, _label, kind in FIELDS:
            name = _name(section, key)
            data = self._settings.to_mapping()
            try:
                value = _get(self.fields[name], kind)
                if value == (base[section][key] if section else base[key]):
                    continue
                _put(data, section, key, value)
                Settings.from_mapping(data)
            except (BadInput, ValueError) as error:
                errors[name] = error.message if isinstance(error, BadInput) else str(error)
        return errors

    def save(self) -> None:
        errors = self.field_errors()
        self._show_errors(errors)
        if errors:
            first = next(iter(errors.values()))
            summary = first if len(errors) == 1 else f"{len(errors)} settings need a fix"
            badges.show_problem(self.message_label, f"Not saved: {summary}")
            self._show_first_error(errors)
            return
        try:
            settings = Settings.from_mapping(self.values())
            self._save_settings(settings)
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        self._settings = settings
        badges.show_done(self.message_label, "Saved.")
        self.settings_saved.emit()

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            if name in errors:
                badges.show_problem(label, errors[name])
            else:
                badges.clear_message(label)

    def _show_first_error(self, errors: dict[str, str]) -> None:
        """Turn to the page of the first bad field and put the cursor in it."""
        name = next(iter(errors))
        section = name.split(".")[0] if "." in name else ""
        self.show_page(FIELD_PAGES.get(name, SECTION_PAGES[section]))
        self.fields[name].setFocus()


def _put(data: dict[str, Any], section: str, key: str, value: Any) -> None:
    if section:
        data[section][key] = value
    else:
        data[key] = value


def _name(section: str, key: str) -> str:
    return f"{section}.{key}" if section else key


def _field(kind: str) -> Field:
    if kind == "hotkey":
        return HotkeyEdit()
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


def _set(widget: Field, value: Any) -> None:
    if isinstance(widget, HotkeyEdit):
        widget.set_chord(str(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(value, list):
        widget.setText(", ".join(str(v) for v in value))
    else:
        widget.setText(str(value))


def _get(widget: Field, kind: str) -> Any:
    if isinstance(widget, HotkeyEdit):
        return widget.chord()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    text = widget.text().strip()
    if kind != "days":
        return text
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    return [int(p) if p.isdigit() else p for p in parts]
