"""Import and export: contacts and touches from CSV; one person's or the whole ledger's history
as JSON or CSV.

- :func:`import_contacts` reads LinkedIn's ``Connections.csv`` or a generic contacts CSV.
- :func:`import_touches` reads past calls, e-mails and messages.
- :func:`export_contact` writes one person's dispute-ready history; :func:`export_all` and
  :func:`export_all_chunks` write everything.

Imports never write part of a file: every accepted row is saved in one transaction, or, when
the file is unreadable or breaks a limit, nothing is (``BadInput`` says why). The limits are
``MAX_BYTES`` per file, ``MAX_CELL`` characters per cell and ``MAX_ROWS`` rows.
"""

from __future__ import annotations

from trayapp.services.transfer.columns import ALL_COLUMNS, TIMELINE_COLUMNS
from trayapp.services.transfer.contacts import CONTACT_COLUMNS, import_contacts, linkedin_key
from trayapp.services.transfer.export import (
    FORMAT_VERSION,
    contact_record,
    export_all,
    export_all_chunks,
    export_contact,
    neutralise,
)
from trayapp.services.transfer.read import (
    MAX_BYTES,
    MAX_CELL,
    MAX_ROWS,
    ImportReport,
    RowProblem,
    Source,
)
from trayapp.services.transfer.touches import TOUCH_COLUMNS, import_touches

__all__ = [
    "ALL_COLUMNS",
    "CONTACT_COLUMNS",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_ROWS",
    "TIMELINE_COLUMNS",
    "TOUCH_COLUMNS",
    "ImportReport",
    "RowProblem",
    "Source",
    "contact_record",
    "export_all",
    "export_all_chunks",
    "export_contact",
    "import_contacts",
    "import_touches",
    "linkedin_key",
    "neutralise",
]
