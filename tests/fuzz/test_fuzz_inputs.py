"""Hostile input everywhere a person or a file can reach: the command line, CSV imports, the
settings file and script templates. Each must end in a clear message, never a traceback, and a
rejected input must change nothing."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trayapp.cli import main as cli
from trayapp.core.guard.verdict import Situation
from trayapp.core.scripts.library import Tier, script_file_names
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.platform.templates import load_script_library
from trayapp.services.transfer.export import FORMULA_STARTS

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOW = "2026-11-24T15:00:00+00:00"
FORMULA = "=cmd|' /C calc'!A0"

HOSTILE = (
    "",
    " ",
    "\x00",
    "\x1b[31mred",
    "\u202eevil",
    "\r\n",
    "x" * 5000,
    "#0",
    "#-1",
    "#99999999999999999999",
    "Dana Smith",
    "dana@acme.example",
    "+44 7700 900123",
    FORMULA,
    "'; DROP TABLE contacts; --",
    "../../etc/passwd",
    "%s%n{0}",
)
WHENS = ("fri 3pm", "tomorrow", "2026-13-45", "yesterday", "in 10000 years", "-1", "0000-00-00")
ZONES = ("Europe/Berlin", "Mars/Olympus", "UTC+25", "../../etc/localtime", "", "Etc/GMT-14")


@contextlib.contextmanager
def profile() -> Iterator[Path]:
    """A fresh data folder with two contacts and a promise, and a fixed clock."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRAYAPP_DATA_DIR", folder)
        patch.setenv("TRAYAPP_CONFIG_DIR", os.path.join(folder, "config"))
        patch.setenv("TRAYAPP_NOW", NOW)
        for argv in (
            ["contacts", "add", "Dana Smith", "--email", "dana@acme.example"],
            ["contacts", "add", "Lee Chen", "--phone", "+44 7700 900123"],
            ["promise", "Dana Smith", "send the brief", "--due", "2026-12-01T10:00"],
        ):
            assert run(argv)[0] == 0
        yield Path(folder)


def run(argv: list[str]) -> tuple[int, bytes, str]:
    """``trayapp.cli.main.main(argv)`` in-process: exit code, stdout bytes, stderr text."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    stderr = io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        stdout.flush()
    return code, raw.getvalue(), stderr.getvalue()


def snapshot() -> bytes:
    code, data, err = run(["export", "--format", "json"])
    assert code == 0, err
    return data


def text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


def ident() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-(10**20), 10**20).map(str), st.sampled_from(["1", "0", "x", "", "1e3"])
    )


def when() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WHENS), text())


def first_word() -> st.SearchStrategy[str]:
    """A command name or garbage; never one that starts the tray app (none, ``run``)."""
    names = st.sampled_from(["add", "promise", "touch", "check", "list", "contacts", "export"])
    garbage = text().filter(lambda w: not w.startswith("-") and w not in ("run", "doctor"))
    return names | garbage


def commands() -> st.SearchStrategy[list[str]]:
    channel = st.sampled_from(["call", "email", "sms", "fax", ""])
    base = st.one_of(
        st.tuples(st.just("add"), text()),
        st.tuples(st.just("promise"), text(), text(), st.just("--due"), when()),
        st.tuples(st.just("touch"), text(), st.just("--channel"), channel, st.just("--at"), when()),
        st.tuples(
            st.just("touch"), text(), st.just("--channel"), channel, st.just("--promise"), ident()
        ),
        st.tuples(st.just("check"), text(), st.just("--at"), when()),
        st.tuples(st.just("list"), st.just("--status"), st.sampled_from(["open", "all", "bad"])),
        st.tuples(st.sampled_from(["show", "script"]), ident()),
        st.tuples(st.just("kept"), ident(), st.just("--at"), when()),
        st.tuples(st.just("release"), ident(), st.just("--reason"), text()),
        st.tuples(st.sampled_from(["snooze", "renegotiate"]), ident(), when()),
        st.tuples(
            st.just("contacts"), st.just("add"), text(), st.just("--tz"), st.sampled_from(ZONES)
        ),
        st.tuples(st.just("contacts"), st.just("add"), text(), st.just("--email"), text()),
        st.tuples(
            st.just("contacts"), st.just("edit"), text(), st.just("--tz"), st.sampled_from(ZONES)
        ),
        st.tuples(st.just("contacts"), st.just("edit"), text(), st.just("--quiet-until"), when()),
        st.tuples(st.just("contacts"), st.just("show"), text()),
        st.tuples(st.just("export"), st.just("--contact"), text()),
        st.tuples(first_word(), *[text()] * 3),
    )
    return st.tuples(base, st.booleans()).map(lambda t: [*t[0], *(["--json"] if t[1] else [])])


@FUZZ
@given(argvs=st.lists(commands(), min_size=1, max_size=4))
def test_the_command_line_never_crashes_and_a_refusal_changes_nothing(
    argvs: list[list[str]],
) -> None:
    with profile():
        for argv in argvs:
            before = snapshot()
            code, _, err = run(argv)
            assert code in (0, 2, 3), (argv, err)
            assert "Traceback" not in err
            if code != 0:
                assert err.strip(), argv
                assert snapshot() == before, argv


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _settings_variants() -> st.SearchStrategy[bytes]:
    from trayapp.core.settings import Settings

    shipped = Settings().to_mapping()

    def mutate(path_value: tuple[str, Any]) -> bytes:
        data = json.loads(json.dumps(shipped))
        key, value = path_value
        section = data.get(key) if isinstance(data.get(key), dict) else None
        if section:
            section[sorted(section)[len(key) % len(section)]] = value
        else:
            data[key] = value
        return json.dumps(data).encode()

    keys = st.sampled_from(sorted(shipped))
    return st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b"{", b"[]", b"null"]),
        JSON.map(lambda v: json.dumps(v).encode()),
        st.tuples(keys, JSON).map(mutate),
    )


@FUZZ
@given(content=_settings_variants())
def test_a_bad_settings_file_never_raises_and_is_left_as_it_was(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(content)
        store = JsonSettingsStore(path)
        loaded = store.load()
        assert path.read_bytes() == content
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            assert store.problem is not None and "settings file" in store.problem
            return
        if not isinstance(data, dict):
            assert store.problem is not None
        if store.problem is None:
            assert loaded.to_mapping() is not None


SCRIPT_NAMES = script_file_names()
EVERY_SCRIPT = [
    (s, t) for s in Situation for t in (list(Tier) if s is Situation.OVERDUE_APOLOGY else [None])
]


@FUZZ
@given(
    name=st.sampled_from(SCRIPT_NAMES),
    content=st.one_of(st.text(max_size=400), st.binary(max_size=200)),
)
def test_a_broken_script_template_falls_back_to_the_shipped_one(
    name: str, content: str | bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        user = Path(folder)
        target = user / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        library = load_script_library(user)
        assert all(library.file(s, t) is not None for s, t in EVERY_SCRIPT)
        try:
            decoded = content if isinstance(content, str) else content.decode("utf-8")
        except UnicodeDecodeError:
            return  # an unreadable file counts as absent: the shipped copy is used
        try:
            tomllib.loads(decoded)
        except tomllib.TOMLDecodeError:
            assert any(name in p for p in library.problems), library.problems


CELLS = st.one_of(
    st.sampled_from([FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "x" * 70_000, "", '"', "\x00"]),
    st.text(max_size=30),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


def _csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["First Name", "Last Name", "Email Address", "Company", "Position"])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


CSV_FILES = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=5), ENCODINGS).map(
        lambda t: _csv_bytes(*t)
    ),
    st.tuples(
        st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]), st.binary(max_size=100)
    ).map(lambda t: t[0] + t[1]),
)


@FUZZ
@given(content=CSV_FILES, kind=st.sampled_from(["contacts", "touches", "promises"]))
def test_a_hostile_csv_import_is_refused_whole_or_taken_and_export_stays_inert(
    content: bytes, kind: str
) -> None:
    with profile() as folder:
        path = folder / "hostile.csv"
        path.write_bytes(content)
        before = snapshot()
        code, _, err = run(["import", kind, str(path)])
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code != 0:
            assert err.strip() and snapshot() == before
        assert_export_is_inert()


def assert_export_is_inert() -> None:
    code, data, err = run(["export", "--format", "csv"])
    assert code == 0, err
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_a_formula_cell_is_imported_as_text_and_exported_neutralised() -> None:
    with profile() as folder:
        path = folder / "formula.csv"
        path.write_bytes(
            _csv_bytes([[FORMULA, "Smith", "f@x.example", "=HYPERLINK(1)", ""]], "utf-8")
        )
        code, _, err = run(["import", "contacts", str(path)])
        assert code == 0, err
        code, data, _ = run(["export", "--format", "csv"])
        assert code == 0
        assert ("'" + FORMULA).encode() in data and b"'=HYPERLINK(1)" in data
        assert_export_is_inert()
