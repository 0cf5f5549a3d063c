"""Script template files: parsing, validation and safe rendering.

A script file is TOML (see ``resources/scripts/README.md``)::

    about = "When this script fits."

    [any.voicemail]
    body = \"\"\"
    Hi {first_name}, it's {my_name} from {my_company}. || Hi {first_name}, it's {my_name}.
    ...\"\"\"

    [candidate.email]
    subject = "..."
    body = \"\"\"...\"\"\"

Rules, checked when a file is loaded so that rendering can never fail:

- tables are ``[<audience>.<channel>]`` with audience ``candidate``, ``client`` or ``any`` (the
  fallback) and channel ``voicemail``, ``email`` or ``message``; every channel must resolve for
  both audiences; ``email`` has ``subject`` and ``body``, the others only ``body``;
- only the known placeholders, written plainly (``{first_name}``): no positions (``{0}``), no
  attribute or index access, no conversions, no format specs; a literal brace is ``{{``/``}}``;
- a line may offer alternatives separated by ``||``; the first alternative whose placeholders
  all have values is used and a line where none does is dropped, so a missing value never leaves
  a gap such as "Hi ,": write ``Hi {first_name}, || Hi there,``;
- a subject is one line whose last alternative always renders, and a body has at least one line
  that always renders, so neither can come out empty.

Values are inserted as plain text, never parsed again: a value holding ``{my_name}`` or ``||``
stays as written. They are flattened to one line, stripped of control characters and truncated.
"""

from __future__ import annotations

import string
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trayapp.core.errors import BadInput

PLACEHOLDERS = (
    "first_name",
    "name",
    "my_name",
    "my_company",
    "topic",
    "promised_on",
    "due",
    "days_late",
    "time_late",
    "company",
)
AUDIENCES = ("candidate", "client")
ANY_AUDIENCE = "any"
CHANNELS = ("voicemail", "email", "message")
ALTERNATIVE = "||"
MAX_VALUE = 200
MAX_TEXT = 4000
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True, slots=True)
class Slot:
    """A placeholder inside a line."""

    name: str


Piece = str | Slot


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a template: its alternatives, each a sequence of text and slots."""

    alternatives: tuple[tuple[Piece, ...], ...]

    @property
    def always_renders(self) -> bool:
        """True when some alternative has no placeholder at all."""
        return any(not any(isinstance(p, Slot) for p in alt) for alt in self.alternatives)

    @property
    def is_blank(self) -> bool:
        return self.alternatives == ((),)

    def render(self, values: Mapping[str, str]) -> str | None:
        """The first alternative whose values are all present, or ``None`` to drop the line."""
        for alt in self.alternatives:
            out: list[str] = []
            for piece in alt:
                text = values.get(piece.name, "") if isinstance(piece, Slot) else piece
                if not text:
                    break
                out.append(text)
            else:
                return "".join(out)
        return None


@dataclass(frozen=True, slots=True)
class Text:
    """A parsed subject or body."""

    lines: tuple[Line, ...]

    def render(self, values: Mapping[str, str]) -> str:
        """Render line by line, dropping lines without values and doubled blank lines."""
        out: list[str] = []
        for line in self.lines:
            rendered = line.render(values)
            if rendered is None:
                continue
            if not rendered and (not out or not out[-1]):
                continue
            out.append(rendered)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Variant:
    """One channel's wording: a subject (e-mail only) and a body."""

    body: Text
    subject: Text | None = None


@dataclass(frozen=True, slots=True)
class ScriptFile:
    """A validated script file: every channel resolves for every audience."""

    name: str
    about: str
    variants: Mapping[tuple[str, str], Variant]

    def variant(self, audience: str, channel: str) -> Variant:
        found = self.variants.get((audience, channel)) or self.variants.get((ANY_AUDIENCE, channel))
        if found is None:
            raise BadInput(f"{self.name}: no {channel} wording for {audience}")
        return found


def clean_value(value: str) -> str:
    """One line of plain text, without control characters, at most ``MAX_VALUE`` long."""
    flat = " ".join(value.split())
    kept = "".join(
        ch for ch in flat if unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS
    ).strip()
    if len(kept) > MAX_VALUE:
        kept = kept[: MAX_VALUE - 1].rstrip() + "…"
    return kept


def parse_script_file(name: str, text: str) -> ScriptFile:
    """Parse and validate one script file; :class:`BadInput` names the file and the key."""
    return parse_script_data(name, read_script_data(name, text))


def read_script_data(name: str, text: str) -> dict[str, Any]:
    """The TOML of a script file as plain data, unchecked; :class:`BadInput` when it is not
    TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{name}: not valid TOML ({exc})") from None


def parse_script_data(name: str, data: Mapping[str, Any]) -> ScriptFile:
    """Validate a script file read as data (see the module docstring for the rules)."""
    unknown = sorted(set(data) - {"about", ANY_AUDIENCE, *AUDIENCES})
    if unknown:
        raise BadInput(
            f"{name}: unknown table or key '{unknown[0]}' (use candidate, client, any or about)"
        )
    about = data.get("about", "")
    if not isinstance(about, str):
        raise BadInput(f"{name}: 'about' must be text")
    variants: dict[tuple[str, str], Variant] = {}
    for audience in (ANY_AUDIENCE, *AUDIENCES):
        for channel, table in _channel_tables(name, audience, data.get(audience, {})).items():
            variants[(audience, channel)] = _parse_variant(
                f"{name} [{audience}.{channel}]", channel, table
            )
    for channel in CHANNELS:
        for audience in AUDIENCES:
            if (audience, channel) not in variants and (ANY_AUDIENCE, channel) not in variants:
                raise BadInput(
                    f"{name}: no {channel} wording for {audience} "
                    f"(add [{audience}.{channel}] or [any.{channel}])"
                )
    return ScriptFile(name=name, about=" ".join(about.split()), variants=variants)


def _channel_tables(name: str, audience: str, section: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(section, dict):
        raise BadInput(f"{name}: '{audience}' must be a table such as [{audience}.email]")
    for channel, table in section.items():
        if channel not in CHANNELS:
            raise BadInput(
                f"{name}: unknown channel [{audience}.{channel}] (use voicemail, email or message)"
            )
        if not isinstance(table, dict):
            raise BadInput(f"{name}: [{audience}.{channel}] must be a table with a body")
    return dict(section)


def _parse_variant(where: str, channel: str, table: dict[str, Any]) -> Variant:
    allowed = {"subject", "body"} if channel == "email" else {"body"}
    for key in table:
        if key not in allowed:
            raise BadInput(f"{where}: unknown key '{key}' (expected {', '.join(sorted(allowed))})")
    for key in sorted(allowed):
        if key not in table:
            raise BadInput(f"{where}: missing '{key}'")
        if not isinstance(table[key], str) or not table[key].strip():
            raise BadInput(f"{where} {key}: must be non-empty text")
        if len(table[key]) > MAX_TEXT:
            raise BadInput(f"{where} {key}: longer than {MAX_TEXT} characters")
    body = parse_text(table["body"], f"{where} body")
    if not any(line.always_renders and not line.is_blank for line in body.lines):
        raise BadInput(
            f"{where} body: needs at least one line that renders without any values "
            "(give a line a plain last alternative)"
        )
    if channel != "email":
        return Variant(body=body)
    subject = parse_text(table["subject"], f"{where} subject")
    if len(subject.lines) != 1 or not _last_always_renders(subject.lines[0]):
        raise BadInput(
            f"{where} subject: must be one line whose last alternative needs no values "
            "(e.g. 'News for {company} || Following up')"
        )
    return Variant(body=body, subject=subject)


def _last_always_renders(line: Line) -> bool:
    return Line(alternatives=line.alternatives[-1:]).always_renders


def parse_text(text: str, where: str) -> Text:
    """Split into lines and alternatives; reject anything but the known placeholders."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    lines: list[Line] = []
    for raw in raw_lines:
        alternatives = tuple(_parse_piece(alt.strip(), where) for alt in raw.split(ALTERNATIVE))
        if len(alternatives) > 1 and () in alternatives:
            raise BadInput(f"{where}: an empty alternative in '{raw.strip()[:60]}'")
        lines.append(Line(alternatives=alternatives))
    return Text(lines=tuple(lines))


def _parse_piece(text: str, where: str) -> tuple[Piece, ...]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise BadInput(f"{where}: {exc} (write a literal brace as {{{{ or }}}})") from None
    pieces: list[Piece] = []
    for literal, field, spec, conversion in parsed:
        if literal:
            pieces.append(literal)
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            shown = field[:40] + (f"!{conversion}" if conversion else "") + (":" if spec else "")
            raise BadInput(
                f"{where}: unknown placeholder {{{shown}}}; use plain names from: "
                + ", ".join(PLACEHOLDERS)
            )
        pieces.append(Slot(field))
    return tuple(pieces)
