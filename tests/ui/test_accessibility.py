"""Every control a person works with has a name a screen reader can say: the text of a button,
a label that is its buddy, or an accessible name — in the main window (every tab and Settings
page), quick add, the reminder card, the contact form and the new-promise dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from trayapp.core.model import Contact, Promise
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.main_window.window import MainWindow
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QKeySequenceEdit,
)
#: Qt's own parts of a composite control, named by the control they belong to.
PARTS = (QAbstractSpinBox, QComboBox, QKeySequenceEdit, QLineEdit)


def unnamed(root: QWidget) -> list[str]:
    """The controls under ``root`` without a name, described for the failure message."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue
        named = widget.accessibleName() or id(widget) in buddies
        if isinstance(widget, QAbstractButton):
            named = named or bool(widget.text().strip())
            named = named or widget.objectName() == "qt_tableview_cornerbutton"
        inner = isinstance(widget.parent(), PARTS) or widget.objectName().startswith("qt_")
        if not named and not inner and not _popup(widget):
            hint = getattr(widget, "placeholderText", lambda: "")() or widget.toolTip()
            found.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}: {hint!r}")
    return found


def _popup(widget: QWidget) -> bool:
    """A combo box's own drop-down list."""
    parent = widget.parentWidget()
    return parent is not None and parent.metaObject().className() == "QComboBoxPrivateContainer"


def test_the_main_window_quick_add_and_the_card_name_every_control(
    qtbot: QtBot,
    *,
    ctx: Context,
    log: ReminderLog,
    scripts: ScriptLibrary,
    dana: Contact,
    year_late: Promise,
) -> None:
    window = MainWindow(ctx, log, scripts, lambda _s: None, lambda _n, _d: None, lambda _n: None)
    qtbot.addWidget(window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)  # every tab read and shown once
    quick = QuickAddWindow(ctx)
    qtbot.addWidget(quick)
    assert year_late.id is not None
    card = ReminderCard(ctx, log, scripts, year_late.id)
    qtbot.addWidget(card)
    editor = window.contacts.open_editor(dana)
    qtbot.addWidget(editor)
    new_promise = window.promises.new_promise()
    qtbot.addWidget(new_promise)
    for root in (window, quick, card, editor, new_promise):
        missing = unnamed(root)
        assert missing == [], f"{type(root).__name__}: " + "; ".join(missing)
