"""The main window's requests about one person that touch files: export their history to a
file the user picks, and erase them from the ledger and its backups."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from trayapp.app.runtime import Runtime
from trayapp.app.windows import Windows
from trayapp.core.errors import UserFacingError
from trayapp.disk.atomic import write_private_file
from trayapp.ledger.opening import Opened
from trayapp.ledger.safekeeping import erase_from_copies_after
from trayapp.services.rights import erase_contact
from trayapp.services.transfer.export import export_contact
from trayapp.words.verdicts import plural

__all__ = ["People"]

log = logging.getLogger(__name__)


class People:
    """Export and erase, for the Contacts tab (told back in a line beside its buttons)."""

    def __init__(self, opened: Opened, runtime: Runtime, windows: Windows) -> None:
        self._opened = opened
        self._runtime = runtime
        self._windows = windows

    def ask_where_to_export(self, contact_id: int) -> None:
        """The export's file, chosen in the system's save dialog (JSON or CSV by its name)."""
        contact = self._opened.ctx.ledger.get_contact(contact_id)
        if contact is None:
            return
        suggested = str(Path.home() / f"{contact.name} - history.json")
        path, _kind = QFileDialog.getSaveFileName(
            self._windows.main_window(),
            f"Export {contact.name}'s history",
            suggested,
            "JSON (*.json);;CSV timeline (*.csv)",
        )
        if path:
            self.export(contact_id, Path(path))

    def export(self, contact_id: int, path: Path) -> None:
        """Write the person's whole history to ``path`` (``.csv``: the timeline; else JSON)."""
        tab = self._windows.main_window().contacts
        fmt = "csv" if path.suffix.lower() == ".csv" else "json"
        try:
            ctx = self._opened.ctx
            data = export_contact(ctx.ledger, contact_id, fmt=fmt, now=ctx.now())
            write_private_file(path, data.encode("utf-8") if isinstance(data, str) else data)
        except UserFacingError as error:
            tab.tell(f"Not exported: {error.message}", problem=True)
            return
        except OSError as error:
            tab.tell(f"Not exported: {path} could not be written ({error.strerror})", True)
            return
        tab.tell(f"Exported to {path}")

    def erase(self, contact_id: int) -> None:
        """Erase the person (one transaction), then from the older copies and backups."""
        tab = self._windows.main_window().contacts
        ctx = self._opened.ctx
        contact = ctx.ledger.get_contact(contact_id)
        if contact is None:
            return
        try:
            report = erase_contact(ctx, f"#{contact_id}")
        except UserFacingError as error:
            tab.tell(f"Not erased: {error.message}", problem=True)
            return
        copies, problem = erase_from_copies_after(self._opened, contact)
        log.info("erased contact %d", contact_id)
        self._runtime.changed_elsewhere()
        tab.refresh()
        said = (
            f"Erased {contact.name} with {plural(report.promises, 'promise')} and "
            f"{plural(report.touches, 'touch', 'touches')}"
        )
        if copies.removed or copies.cleaned:
            said += f"; {len(copies.removed) + len(copies.cleaned)} backup(s) cleaned"
        tab.tell(said + "." if problem is None else f"{said}; but {problem}", problem is not None)
