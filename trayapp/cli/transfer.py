"""``import`` contacts, touches or promises from CSV (``--dry-run`` to preview); ``export``
the ledger or one person (JSON or CSV), to stdout or atomically to a file."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from trayapp.cli import output as out
from trayapp.core.errors import BadInput
from trayapp.ledger.opening import Opened
from trayapp.services.resolve import find_contact

if TYPE_CHECKING:
    from trayapp.services.transfer.read import ImportReport


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction is rolled back."""


def cmd_import(args: argparse.Namespace, opened: Opened) -> int:
    """Import a CSV file; with ``--dry-run`` the same import is run and rolled back, so the
    preview counts exactly what a real import would. Refused promise rows: exit 2, nothing
    saved."""
    from pathlib import Path

    path = Path(args.file)
    if not path.is_file():
        raise BadInput(f"there is no file {args.file}")
    ledger = opened.ctx.ledger
    with path.open("rb") as stream:
        if not args.dry_run:
            report = _import(args.kind, stream, opened)
        else:
            try:
                with ledger.atomic():
                    report = _import(args.kind, stream, opened)
                    raise _DryRun
            except _DryRun:
                pass
    refused = args.kind == "promises" and bool(report.skipped)
    if args.json:
        out.emit_json(_report_json(report, args.dry_run, refused, _late_notes(report, opened)))
    else:
        _print_report(args.kind, path.name, report, args.dry_run, refused)
        _print_late(report, opened)
    if refused:
        import sys

        rows = len(report.skipped)
        print(
            f"trayapp: {rows} of {report.rows} rows refused (see above); nothing was imported. "
            "Correct them and import the file again.",
            file=sys.stderr,
        )
        return 2
    return 0


def _import(kind: str, stream: BinaryIO, opened: Opened) -> ImportReport:
    from trayapp.services.transfer.files import import_contacts, import_touches
    from trayapp.services.transfer.promises import import_promises

    ctx = opened.ctx
    if kind == "contacts":
        return import_contacts(ctx.ledger, stream, now=ctx.now(), phones=ctx.phones)
    if kind == "touches":
        return import_touches(ctx.ledger, stream, now=ctx.now(), tz=ctx.tz)
    return import_promises(ctx, stream)


def _late_notes(report: ImportReport, opened: Opened) -> list[tuple[int, str]]:
    """``(row, "already 16 months late: the apology script fits")`` per promise owed."""
    from trayapp.words.lateness import recorded_late

    notes = [(row, recorded_late(opened.ctx, promise, None)) for row, promise in report.late]
    return [(row, note) for row, note in notes if note]


def _print_late(report: ImportReport, opened: Opened) -> None:
    for row, note in _late_notes(report, opened):
        print(f"  row {row}: {note}")


def _report_json(
    report: ImportReport, dry_run: bool, refused: bool, notes: list[tuple[int, str]]
) -> dict[str, object]:
    return {
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rows": report.rows,
        "encoding": report.encoding,
        "dry_run": dry_run,
        "refused": refused,
        "skipped": [{"row": p.row, "field": p.field, "message": p.message} for p in report.skipped],
        "already_late": [{"row": row, "note": note} for row, note in notes],
    }


def _print_report(kind: str, name: str, report: ImportReport, dry_run: bool, refused: bool) -> None:
    counts = "" if kind == "promises" else f"{report.updated} updated, "
    if refused:
        print(f"Nothing imported from {name} ({report.encoding}): {len(report.skipped)} refused")
    else:
        head = f"Dry run, nothing saved: would import {kind}" if dry_run else f"Imported {kind}"
        print(
            f"{head} from {name} ({report.encoding}): {report.added} added, {counts}"
            f"{report.unchanged} unchanged, {len(report.skipped)} skipped"
        )
    for problem in report.skipped[:50]:
        print(f"  row {problem.row}: {problem.field}: {problem.message}")
    if len(report.skipped) > 50:
        print(f"  ... and {len(report.skipped) - 50} more")


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
