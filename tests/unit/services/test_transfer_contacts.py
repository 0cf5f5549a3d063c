"""Importing contacts from CSV: LinkedIn and generic files, encodings, limits, merging and
all-or-nothing writes, against a real SQLite ledger."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.services.fake_ledger import FailingLedger, WriteFailed, connection
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact, Role
from trayapp.services.transfer import read as transfer_read
from trayapp.services.transfer.files import (
    MAX_BYTES,
    MAX_CELL,
    MAX_ROWS,
    ImportReport,
    RowProblem,
    import_contacts,
    linkedin_key,
)
from trayapp.store.ledger import SqliteLedger

DATA = Path(__file__).parents[2] / "data"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteLedger]:
    with connection(tmp_path) as conn:
        yield SqliteLedger(conn)


def run(ledger: SqliteLedger, data: bytes | str, default_role: Role = Role.OTHER) -> ImportReport:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return import_contacts(ledger, raw, now=NOW, default_role=default_role)


def by_name(ledger: SqliteLedger) -> dict[str, Contact]:
    return {c.name: c for c in ledger.list_contacts()}


# -- the sample files ---------------------------------------------------------------------


def test_linkedin_export_skips_the_notes_above_the_header(ledger: SqliteLedger) -> None:
    with (DATA / "linkedin_connections.csv").open("rb") as stream:
        report = import_contacts(ledger, stream, now=NOW)
    assert (report.added, report.updated, report.rows) == (3, 0, 5)
    assert report.encoding == "utf-8"
    assert report.delimiter == ","
    assert report.ignored_columns == ("Connected On",)
    assert report.skipped == (
        RowProblem(8, "name", "a contact needs a name"),
        RowProblem(9, "email", "'not-an-email' does not look like an e-mail address"),
    )
    people = by_name(ledger)
    assert set(people) == {"Dana Smith", "José Álvarez", "Mei Chen"}
    dana = people["Dana Smith"]
    assert dana.linkedin == "https://www.linkedin.com/in/dana-smith-0a1b2c"
    assert dana.email == "dana.smith@acme.example"
    assert dana.company == "Acme Corp"
    assert dana.notes == "Position: Head of Talent, EMEA"
    assert dana.role is Role.OTHER
    assert dana.created_at == NOW


def test_default_role_applies_to_rows_without_one(ledger: SqliteLedger) -> None:
    report = import_contacts(
        ledger,
        (DATA / "linkedin_connections.csv").read_bytes(),
        now=NOW,
        default_role=Role.CANDIDATE,
    )
    assert report.added == 3
    assert {c.role for c in ledger.list_contacts()} == {Role.CANDIDATE}


def test_generic_file_with_bom_and_aliased_headers(ledger: SqliteLedger) -> None:
    report = run(ledger, (DATA / "contacts_generic.csv").read_bytes())
    assert report.encoding == "utf-8-sig"
    assert (report.added, report.skipped, report.ignored_columns) == (4, (), ("Source",))
    priya = by_name(ledger)["Priya Patel"]
    assert priya.role is Role.HIRING_MANAGER
    assert priya.tz == "Asia/Kolkata"
    assert priya.notes == "Two lines\nof notes"
    dana = by_name(ledger)["Dana Smith"]
    assert (dana.phone, dana.tz, dana.role) == ("+44 20 7946 0000", "Europe/London", Role.CLIENT)


def test_cp1252_semicolon_file_from_excel(ledger: SqliteLedger) -> None:
    report = run(ledger, (DATA / "contacts_excel_semicolon.csv").read_bytes())
    assert (report.encoding, report.delimiter, report.added) == ("cp1252", ";", 2)
    people = by_name(ledger)
    assert people["Zoë Müller"].company == "Café Crème GmbH"
    assert people["Zoë Müller"].notes == "Spricht Französisch – „gern“"
    assert people["François Côté"].notes == "€ budget approved"


def test_bytes_undefined_in_cp1252_refuse_their_row_not_stored_as_controls(
    ledger: SqliteLedger,
) -> None:
    report = run(ledger, b"name,company\nAnn\x81e,Acme\nRen\xe9,Globex\n")
    assert (report.encoding, report.added) == ("cp1252", 1)
    assert [(p.row, p.field) for p in report.skipped] == [(2, "name")]
    assert "not cp1252 text (0x81)" in report.skipped[0].message
    assert set(by_name(ledger)) == {"René"}


def test_utf8_with_bom_but_broken_body_is_read_as_cp1252(ledger: SqliteLedger) -> None:
    report = run(ledger, codecs.BOM_UTF8 + "name\nRené\n".encode("cp1252"))
    assert report.encoding == "cp1252"
    assert set(by_name(ledger)) == {"René"}


def test_utf16_tab_separated_unicode_text(ledger: SqliteLedger) -> None:
    report = run(ledger, "Name\tEmail\nŁukasz\tl@x.example\n".encode("utf-16"))
    assert (report.encoding, report.delimiter, report.added) == ("utf-16", "\t", 1)
    assert by_name(ledger)["Łukasz"].email == "l@x.example"


def test_first_and_last_name_columns_join(ledger: SqliteLedger) -> None:
    run(ledger, "given name;SURNAME;Organisation\nAda;Lovelace;Analytical\n")
    assert by_name(ledger)["Ada Lovelace"].company == "Analytical"


def test_row_numbers_are_file_lines_even_after_a_multiline_cell(ledger: SqliteLedger) -> None:
    report = run(ledger, 'name,notes\nA,"one\ntwo"\n\nB,x\n,no name\n')
    assert report.skipped == (RowProblem(6, "name", "a contact needs a name"),)
    assert report.added == 2


# -- files that are refused whole -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b" \r\n\t\n", "the file is empty"),
        (codecs.BOM_UTF8, "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL bytes"),
        (bytes(range(1, 256)) * 40, "no header row found"),
        (b"Dana Smith,Acme\nSam Lee,Globex\n", "no header row found"),
        (b"\xff\xfeA\x00\x00\xd8", "not valid UTF-16"),
    ],
)
def test_unusable_files_are_refused(ledger: SqliteLedger, data: bytes, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        run(ledger, data)
    assert ledger.count_contacts() == 0


def test_header_only_imports_nothing(ledger: SqliteLedger) -> None:
    report = run(ledger, "First Name,Last Name,Email Address\r\n")
    assert report == ImportReport(encoding="utf-8", delimiter=",")
    assert ledger.count_contacts() == 0


def test_a_cell_over_the_limit_refuses_the_whole_file(ledger: SqliteLedger) -> None:
    ok = "x" * MAX_CELL
    assert run(ledger, f"name,source\nA,{ok}\n").added == 1
    with pytest.raises(BadInput, match=r"row 3: a cell has 10,001 characters"):
        run(ledger, f"name,source\nB,short\nC,{ok}x\nD,short\n")
    assert set(by_name(ledger)) == {"A"}


def test_a_cell_beyond_the_csv_modules_own_limit_is_bad_input(ledger: SqliteLedger) -> None:
    with pytest.raises(BadInput, match="row 2: a cell is longer than"):
        run(ledger, 'name\n"' + "x" * 200_000 + '"\n')


def test_too_many_rows_refuses_the_whole_file(ledger: SqliteLedger) -> None:
    rows = "".join(f"P{i}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(BadInput, match="more than 200,000 rows"):
        run(ledger, "name\n" + rows)
    assert ledger.count_contacts() == 0


def test_a_file_over_50_mib_is_refused_before_reading_it(
    ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = b"name\n" + b"A\n" * (MAX_BYTES // 2)
    with pytest.raises(BadInput, match="larger than 50 MiB"):
        run(ledger, big)
    read: list[int] = []

    class Stream(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            read.append(size or -1)
            return super().read(size)

    with pytest.raises(BadInput, match="larger than 50 MiB"):
        import_contacts(ledger, Stream(big), now=NOW)
    assert read == [MAX_BYTES + 1]
    assert ledger.count_contacts() == 0


@pytest.mark.parametrize(
    "payload", ['"' + ',"' * 20_000, "'" + ";'" * 20_000, '"x"' + ',"' * 20_000]
)
def test_quote_heavy_lines_do_not_stall_the_dialect_sniffer(
    ledger: SqliteLedger, payload: str
) -> None:
    with pytest.raises(BadInput):
        run(ledger, payload)


def test_text_streams_are_refused_with_a_message(ledger: SqliteLedger) -> None:
    with pytest.raises(BadInput, match="binary mode"):
        import_contacts(ledger, io.StringIO("name\nA\n"), now=NOW)  # type: ignore[arg-type]


# -- values are stored as typed -----------------------------------------------------------


def test_formula_like_values_are_stored_as_typed(ledger: SqliteLedger) -> None:
    report = run(ledger, (DATA / "contacts_generic.csv").read_bytes())
    assert report.skipped == ()
    people = by_name(ledger)
    assert '=HYPERLINK("http://evil.example","click")' in people
    assert people["+1 800 FORMULA"].company == "@Corp"
    assert people["+1 800 FORMULA"].notes == "-starts with minus"


def test_bad_role_and_zone_name_their_field(ledger: SqliteLedger) -> None:
    report = run(ledger, "name,role,tz\nA,wizard,\nB,,America\nC,,Mars/Base\nD,client,UTC\n")
    assert [(p.row, p.field) for p in report.skipped] == [(2, "role"), (3, "tz"), (4, "tz")]
    assert "role 'wizard' is not one of" in report.skipped[0].message
    assert set(by_name(ledger)) == {"D"}


@pytest.mark.parametrize(
    ("header", "value", "field"),
    [
        ("phone", "12", "phone"),
        ("linkedin", "linkedin.com/in/x", "linkedin"),
        ("company", "C" * 201, "company"),
        ("notes", "bell\x07", "notes"),
    ],
)
def test_each_bad_field_is_named(ledger: SqliteLedger, header: str, value: str, field: str) -> None:
    report = run(ledger, f"name,{header}\nAnn,{value}\n")
    assert [(p.row, p.field) for p in report.skipped] == [(2, field)]
    assert ledger.count_contacts() == 0


# -- matching contacts already on file --------------------------------------------------------


def test_duplicate_rows_make_one_contact(ledger: SqliteLedger) -> None:
    text = "name,email\nDana,dana@x.example\nDana,DANA@x.example\n"
    report = run(ledger, text)
    assert (report.added, report.unchanged) == (1, 1)
    again = run(ledger, text)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert ledger.count_contacts() == 1


def test_existing_contact_is_filled_in_not_duplicated(ledger: SqliteLedger) -> None:
    old = ledger.add_contact(
        Contact("Dana Smith", company="Acme", email="dana@acme.example", notes="met at expo")
    )
    report = run(
        ledger, "name,email,phone,company,notes\nDana S.,dana@acme.example,+1 555 0100,,call\n"
    )
    assert (report.added, report.updated) == (0, 1)
    new = ledger.get_contact(old.id or 0)
    assert new is not None
    assert (new.name, new.company, new.phone) == ("Dana S.", "Acme", "+1 555 0100")
    assert new.notes == "met at expo\ncall"
    assert new.created_at == old.created_at


def test_matches_by_linkedin_url_then_name_and_company(ledger: SqliteLedger) -> None:
    a = ledger.add_contact(Contact("Ann", linkedin="https://www.linkedin.com/in/ann/"))
    b = ledger.add_contact(Contact("Bo Li", company="Acme Inc"))
    report = run(
        ledger,
        "name,linkedin,company,email\n"
        "Ann Lee,http://linkedin.com/in/ANN,Globex,ann@globex.example\n"
        "bo  li,,ACME INC,bo@acme.example\n",
    )
    assert (report.added, report.updated) == (0, 2)
    assert ledger.get_contact(a.id or 0) == Contact(
        "Ann Lee",
        id=a.id,
        company="Globex",
        email="ann@globex.example",
        linkedin="https://www.linkedin.com/in/ann/",
    )
    updated_b = ledger.get_contact(b.id or 0)
    assert updated_b is not None
    assert updated_b.email == "bo@acme.example"


def test_same_name_with_another_email_is_another_person(ledger: SqliteLedger) -> None:
    ledger.add_contact(Contact("Sam Lee", company="Acme", email="sam@acme.example"))
    report = run(ledger, "name,company,email\nSam Lee,Acme,sam.lee@acme.example\n")
    assert (report.added, report.updated) == (1, 0)


def test_a_row_matching_two_contacts_is_skipped(ledger: SqliteLedger) -> None:
    ledger.add_contact(Contact("Sam Lee", company="Acme"))
    ledger.add_contact(Contact("Sam Lee", company="Acme"))
    report = run(ledger, "name,company,phone\nSam Lee,Acme,+1 555 0100\n")
    assert [(p.row, p.field) for p in report.skipped] == [(2, "row")]
    assert "more than one contact" in report.skipped[0].message
    assert {c.phone for c in ledger.list_contacts()} == {""}


def test_role_is_kept_unless_the_row_names_one(ledger: SqliteLedger) -> None:
    ledger.add_contact(Contact("Ann", email="ann@x.example", role=Role.CLIENT))
    run(ledger, "name,email\nAnn,ann@x.example\n")
    assert by_name(ledger)["Ann"].role is Role.CLIENT
    run(ledger, "name,email,role\nAnn,ann@x.example,candidate\n")
    assert by_name(ledger)["Ann"].role is Role.CANDIDATE


def test_linkedin_key_ignores_scheme_www_case_query_and_slash() -> None:
    assert linkedin_key("https://www.LinkedIn.com/in/dana/?trk=x") == "linkedin.com/in/dana"
    assert linkedin_key("http://linkedin.com/in/dana") == "linkedin.com/in/dana"


# -- all or nothing ---------------------------------------------------------------------------


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_a_failure_mid_import_writes_nothing(tmp_path: Path, fail_at: int) -> None:
    with connection(tmp_path) as conn:
        failing = FailingLedger(conn, fail_at=0)
        failing.add_contact(Contact("Old", email="old@x.example"))
        failing.fail_at = failing.writes + fail_at
        with pytest.raises(WriteFailed):
            import_contacts(
                failing,
                b"name,email,phone\nOld,old@x.example,+1 555 0100\nNew1,,\nNew2,,\n",
                now=NOW,
            )
        assert [(c.name, c.phone) for c in failing.list_contacts()] == [("Old", "")]


def test_a_limit_broken_late_in_the_file_writes_nothing(
    ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_read, "MAX_ROWS", 3)
    with pytest.raises(BadInput, match="more than 3 rows"):
        run(ledger, "name\nA\nB\nC\nD\n")
    assert ledger.count_contacts() == 0
    assert run(ledger, "name\nA\nB\nC\n").added == 3


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda t: ("name,email\n" + t).encode()))
def test_any_bytes_are_imported_whole_or_refused(ledger: SqliteLedger, data: bytes) -> None:
    before = ledger.count_contacts()
    try:
        report = run(ledger, data)
    except BadInput as err:
        assert err.message
        assert ledger.count_contacts() == before
        return
    assert ledger.count_contacts() == before + report.added
    assert report.added + report.updated + report.unchanged + len(report.skipped) <= report.rows


_NAMES = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda s: any(ch.isalpha() for ch in s))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_NAMES, min_size=1, max_size=8))
def test_names_come_back_as_typed(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerows([["name"], *([n] for n in names)])
    with connection(tmp_path_factory.mktemp("names")) as conn:
        ledger = SqliteLedger(conn)
        report = run(ledger, buffer.getvalue())
        stored = {c.name for c in ledger.list_contacts()}
    assert report.skipped == ()
    assert stored <= {" ".join(n.split()) for n in names}
    assert len(stored) == report.added
