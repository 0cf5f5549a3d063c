"""``import`` contacts or touches from CSV; ``export`` the ledger or one person (JSON or CSV),
to stdout or atomically to a file."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from trayapp.cli import output as out
from trayapp.core.errors import BadInput
from trayapp.ledger.opening import Opened
from trayapp.services.resolve import find_contact


def cmd_import(args: argparse.Namespace, opened: Opened) -> int:
    from pathlib import Path

    from trayapp.services.transfer.files import import_contacts, import_touches

    path = Path(args.file)
    if not path.is_file():
        raise BadInput(f"there is no file {args.file}")
    with path.open("rb") as stream:
        if args.kind == "contacts":
            report = import_contacts(opened.ctx.ledger, stream, now=opened.ctx.now())
        else:
            report = import_touches(
                opened.ctx.ledger, stream, now=opened.ctx.now(), tz=opened.ctx.tz
            )
    if args.json:
        out.emit_json(
            {
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rows": report.rows,
                "encoding": report.encoding,
                "skipped": [
                    {"row": p.row, "field": p.field, "message": p.message} for p in report.skipped
                ],
            }
        )
        return 0
    print(
        f"Imported {args.kind} from {path.name} ({report.encoding}): {report.added} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, {len(report.skipped)} skipped"
    )
    for problem in report.skipped[:50]:
        print(f"  row {problem.row}: {problem.field}: {problem.message}")
    if len(report.skipped) > 50:
        print(f"  ... and {len(report.skipped) - 50} more")
    return 0


def cmd_export(args: argparse.Namespace, opened: Opened) -> int:
    import sys

    from trayapp.services.transfer.files import export_all_chunks, export_contact

    ctx = opened.ctx
    if args.contact:
        contact = find_contact(args.contact, ctx.ledger)
        data = export_contact(ctx.ledger, contact.id or 0, fmt=args.format, now=ctx.now())
        chunks = iter([data.encode("utf-8") if isinstance(data, str) else data])
    else:
        chunks = export_all_chunks(ctx.ledger, args.format, ctx.now())
    if args.out:
        _write_atomically(args.out, chunks)
        print(f"Exported to {args.out}", file=sys.stderr)
        return 0
    for chunk in chunks:
        sys.stdout.buffer.write(chunk)
    sys.stdout.flush()
    return 0


def _write_atomically(target: str, chunks: Iterator[bytes]) -> None:
    import os
    import tempfile
    from pathlib import Path

    path = Path(target)
    if path.is_dir():
        raise BadInput(f"{target} is a folder; name a file to export to")
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=folder)
    except OSError as err:
        raise BadInput(f"cannot write to {folder}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"could not write {target}: {err.strerror}") from None
