"""The card's row of promise actions: mark kept (by which channel), snooze, renegotiate,
release. The row only asks; the card carries the actions out.

Signals:
    keep_clicked(): mark kept, by ``via_channel()``.
    snooze_chosen(str): a snooze preset (``"1h"``, ``"monday"``...) was picked.
    custom_snooze(): "Pick a date and time…" was picked.
    renegotiate_clicked(), release_clicked(): those buttons were pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from trayapp.core.model import Channel
from trayapp.ui.card.sections import VIA_CHANNELS
from trayapp.ui.presets import SNOOZE_LABELS, SNOOZE_PRESETS


class ActionRow(QWidget):
    """Mark kept · by channel · Snooze ▾ · Renegotiate… · Release…"""

    keep_clicked = Signal()
    snooze_chosen = Signal(str)
    custom_snooze = Signal()
    renegotiate_clicked = Signal()
    release_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kept_button = QPushButton("Mark kept")
        self.kept_button.clicked.connect(self.keep_clicked)
        self.via_combo = QComboBox()
        self.via_combo.setAccessibleName("How the touch went")
        for channel in VIA_CHANNELS:
            self.via_combo.addItem(f"by {channel.value}")
        self.set_via(Channel.EMAIL)
        self.snooze_button = QToolButton()
        self.snooze_button.setText("Snooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        self.snooze_actions = {}
        for preset in SNOOZE_PRESETS:
            action = menu.addAction(SNOOZE_LABELS[preset].removeprefix("Snooze "))
            action.triggered.connect(lambda _=False, p=preset: self.snooze_chosen.emit(p))
            self.snooze_actions[preset] = action
        custom = menu.addAction("Pick a date and time…")
        custom.triggered.connect(self.custom_snooze)
        self.snooze_actions["custom"] = custom
        self.snooze_button.setMenu(menu)
        self.renegotiate_button = QPushButton("Renegotiate…")
        self.renegotiate_button.clicked.connect(self.renegotiate_clicked)
        self.release_button = QPushButton("Release…")
        self.release_button.clicked.connect(self.release_clicked)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kept_button, self.via_combo, self.snooze_button):
            self._row.addWidget(widget)
        self._row.addWidget(self.renegotiate_button)
        self._row.addWidget(self.release_button)
        self._row.addStretch(1)

    def add(self, widget: QWidget) -> None:
        """One more action at the end of the row (e.g. the card's "Wait for a reply…")."""
        self._row.insertWidget(self._row.count() - 1, widget)

    def via_channel(self) -> Channel:
        """The channel the keeping touch is logged with."""
        return VIA_CHANNELS[max(0, self.via_combo.currentIndex())]

    def set_via(self, channel: Channel) -> None:
        self.via_combo.setCurrentIndex(VIA_CHANNELS.index(channel))

    def set_open(self, is_open: bool) -> None:
        """Every action needs an open promise."""
        for widget in (
            self.kept_button,
            self.via_combo,
            self.snooze_button,
            self.renegotiate_button,
            self.release_button,
        ):
            widget.setEnabled(is_open)
