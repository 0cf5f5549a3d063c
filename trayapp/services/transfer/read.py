"""Reading CSV files for import: encodings, dialects, the header row and size limits.

A file is read whole (at most ``MAX_BYTES``), decoded, and its header row is searched for among
the first lines: anything above it (LinkedIn puts "Notes:" there) is skipped. Data rows are
yielded lazily so that a limit broken late in the file is noticed before anything is written.

The encoding is decided for the whole file on evidence: a UTF-16 BOM; else UTF-8 (with or
without its BOM) when every byte reads as UTF-8, or when most of the non-ASCII characters do
(a file saved as UTF-8 with a stray byte); else cp1252, what Excel on Windows writes. Bytes that
the chosen encoding cannot read are never guessed at: the rows that hold them are refused,
each with its row number, and the rest are imported.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from trayapp.core.errors import BadInput
from trayapp.core.model import Promise

MAX_BYTES = 50 * 1024 * 1024
MAX_CELL = 10_000
MAX_ROWS = 200_000
HEADER_SEARCH_LINES = 100
SNIFF_CHARS = 4096
DELIMITERS = ",;\t"

Source = bytes | bytearray | BinaryIO
_HEADER_SPACE = re.compile(r"[\s_.\-]+")
#: A byte the file's encoding cannot read, as ``surrogateescape`` decodes it.
_UNDECODED = re.compile("[\udc80-\udcff]")
_NOTHING_WRITTEN = "Nothing was imported."


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row was skipped. ``row`` is the file's line number (as a spreadsheet shows it)."""

    row: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    ``added``: records created; ``updated``: existing contacts changed; ``unchanged``: rows that
    matched a record already on file (or earlier in the file) and brought nothing new;
    ``skipped``: rows refused, with the reason. ``rows`` counts the data rows read.
    ``late``: promises recorded already late.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[RowProblem, ...] = ()
    encoding: str = ""
    delimiter: str = ","
    rows: int = 0
    ignored_columns: tuple[str, ...] = ()
    #: Open promises recorded already past due, each with its row number (promise imports).
    late: tuple[tuple[int, Promise], ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its line number and its cells by field name (absent cells are ``""``).

    ``unreadable`` says why the row is to be refused when a cell holds bytes that the file's
    encoding cannot read."""

    number: int
    cells: Mapping[str, str]
    unreadable: RowProblem | None = None

    def get(self, field: str) -> str:
        return self.cells.get(field, "").strip()


Recognises = Callable[[frozenset[str]], bool]


@dataclass(frozen=True, slots=True)
class Table:
    """A decoded CSV file with its header found; ``rows()`` reads the data rows."""

    text: str
    start: int
    header_line: int
    encoding: str
    delimiter: str
    columns: tuple[str | None, ...]
    ignored: tuple[str, ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(c for c in self.columns if c is not None)

    def rows(self) -> Iterator[Row]:
        """Data rows, skipping blank ones; raises BadInput when a limit is broken."""
        stream = io.StringIO(self.text[self.start :], newline="")
        reader = csv.reader(stream, "excel", delimiter=self.delimiter)
        count = 0
        rows = _guarded(reader, lambda: self.header_line + reader.line_num)
        next(rows, None)
        consumed = reader.line_num
        for raw in rows:
            number = self.header_line + consumed
            consumed = reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            count += 1
            if count > MAX_ROWS:
                raise BadInput(f"the file has more than {MAX_ROWS:,} rows. {_NOTHING_WRITTEN}")
            cells = self._cells(number, raw)
            yield Row(number, cells, _unreadable(number, cells, self.encoding))

    def _cells(self, number: int, raw: list[str]) -> dict[str, str]:
        cells: dict[str, str] = {}
        for index, value in enumerate(raw):
            if len(value) > MAX_CELL:
                raise BadInput(
                    f"row {number}: a cell has {len(value):,} characters (at most {MAX_CELL:,}). "
                    + _NOTHING_WRITTEN
                )
            field = self.columns[index] if index < len(self.columns) else None
            if field is not None and field not in cells:
                cells[field] = value
        return cells


def _unreadable(number: int, cells: Mapping[str, str], encoding: str) -> RowProblem | None:
    """Why the row cannot be imported as it stands: a cell with bytes that are not text in
    ``encoding`` (they were decoded as lone surrogates), or ``None``."""
    for field, value in cells.items():
        found = _UNDECODED.search(value)
        if found is not None:
            byte = ord(found.group()) - 0xDC00
            codec = "UTF-8" if encoding.startswith("utf-8") else encoding
            return RowProblem(
                number,
                field,
                f"holds a byte that is not {codec} text (0x{byte:02X}), so the row was not "
                "imported; correct the cell and import the file again",
            )
    return None


def _guarded(reader: Iterator[list[str]], line: Callable[[], int]) -> Iterator[list[str]]:
    """Turn the csv module's errors (over-long field, bad quoting) into BadInput."""
    while True:
        start = line()
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            message = str(err)
            if "field larger" in message:
                message = f"a cell is longer than {MAX_CELL:,} characters"
            raise BadInput(f"row {start}: {message}. {_NOTHING_WRITTEN}") from None
        yield raw


def read_source(data: Source) -> bytes:
    """The file's bytes, refusing more than ``MAX_BYTES``."""
    if isinstance(data, bytes | bytearray):
        raw = bytes(data)
    else:
        try:
            raw = data.read(MAX_BYTES + 1)
        except OSError as err:
            raise BadInput(f"the file cannot be read: {err.strerror or err}") from None
        if not isinstance(raw, bytes):
            raise BadInput("the file must be opened in binary mode")
    if len(raw) > MAX_BYTES:
        raise BadInput(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB. {_NOTHING_WRITTEN}"
        )
    return raw


def decode(raw: bytes) -> tuple[str, str]:
    """``(text, encoding)`` on the evidence (see the module docstring). A byte that the chosen
    encoding cannot read is kept as a lone surrogate (``surrogateescape``), so that the row
    holding it is refused rather than stored garbled."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise BadInput("the file starts like UTF-16 text but is not valid UTF-16") from None
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[len(codecs.BOM_UTF8) :] if bom else raw
    utf8 = body.decode("utf-8", "surrogateescape")
    if _mostly_readable(utf8):
        return utf8, "utf-8-sig" if bom else "utf-8"
    return body.decode("cp1252", "surrogateescape"), "cp1252"


def _mostly_readable(text: str) -> bool:
    """Whether most non-ASCII characters of ``text`` were read, not escaped as bytes."""
    unread = len(_UNDECODED.findall(text))
    if not unread:
        return True
    read = len(text) - len(text.encode("ascii", "ignore")) - unread
    return read > unread


def read_table(data: Source, aliases: Mapping[str, str], recognises: Recognises) -> Table:
    """Decode ``data`` and find its header: the first line whose columns ``recognises`` accepts.

    ``aliases`` maps a normalised header name to a field name. The whole file is read once
    here, so a broken limit or bad quoting raises BadInput before any row is used.
    """
    text, encoding = decode(read_source(data))
    if not text.strip():
        raise BadInput("the file is empty")
    if "\x00" in text:
        raise BadInput("the file contains NUL bytes: it is not a text CSV file")
    lines = _head_lines(text)
    for delimiter in _delimiter_order(text):
        for number, (offset, line) in enumerate(lines, start=1):
            columns = _columns(line, delimiter, aliases)
            if columns is not None and recognises(frozenset(c for c in columns if c)):
                ignored = _ignored(line, delimiter, columns)
                table = Table(text, offset, number, encoding, delimiter, columns, ignored)
                for _ in table.rows():  # every limit is checked before anything is written
                    pass
                return table
    known = ", ".join(sorted(set(aliases.values())))
    raise BadInput(f"no header row found: the first row must name the columns ({known})")


def _head_lines(text: str) -> list[tuple[int, str]]:
    """The first lines of ``text`` with the offset each starts at."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in io.StringIO(text, newline=""):
        lines.append((offset, line))
        offset += len(line)
        if len(lines) >= HEADER_SEARCH_LINES:
            break
    return lines


def _delimiter_order(text: str) -> list[str]:
    """The sniffed delimiter first, then the others as fallbacks."""
    try:
        sniffed = csv.Sniffer().sniff(text[:SNIFF_CHARS], delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    return [sniffed, *(d for d in DELIMITERS if d != sniffed)]


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        return []


def normalise_header(cell: str) -> str:
    """``" E-mail_Address "`` -> ``"e mail address"``."""
    return _HEADER_SPACE.sub(" ", cell.replace("\ufeff", "").casefold()).strip()


def _columns(
    line: str, delimiter: str, aliases: Mapping[str, str]
) -> tuple[str | None, ...] | None:
    cells = _split(line, delimiter)
    if not cells or any(len(cell) > 200 for cell in cells):
        return None
    seen: set[str] = set()
    columns: list[str | None] = []
    for cell in cells:
        field = aliases.get(normalise_header(cell))
        columns.append(field if field not in seen else None)
        if field is not None:
            seen.add(field)
    return tuple(columns)


def _ignored(line: str, delimiter: str, columns: tuple[str | None, ...]) -> tuple[str, ...]:
    cells = _split(line, delimiter)
    return tuple(c.strip() for c, f in zip(cells, columns, strict=False) if f is None and c.strip())
