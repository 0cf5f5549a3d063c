"""Importing a spreadsheet of follow-ups: promises from CSV, previewed, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

FOLLOW_UPS = (
    "Contact,Follow-up,Due date,Made on,Status,Done on,Reason\n"
    "Dana Smith,send the deck,2025-07-15,2025-06-20,,,\n"
    "lee@example.com,call about the offer,2026-11-27 15:00,,open,,\n"
    "Dana,send interview notes,2026-10-01,,done,2026-10-02,\n"
    "Lee,intro to the CTO,2026-09-01,,dropped,2026-09-15,role filled\n"
)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith")
    made.ok("contacts", "add", "Lee Park", "--email", "lee@example.com")
    return made


def csv_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "follow-ups.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_dry_run_previews_and_saves_nothing(cli: Cli, tmp_path: Path) -> None:
    shown = cli.ok("import", "promises", csv_file(tmp_path, FOLLOW_UPS), "--dry-run")
    assert "Dry run, nothing saved: would import promises from follow-ups.csv" in shown
    assert "4 added, 0 unchanged, 0 skipped" in shown
    assert "row 2: already 16 months late: the apology script fits" in shown
    assert cli.json("list", "--status", "all") == []


def test_import_saves_every_row_with_its_state(cli: Cli, tmp_path: Path) -> None:
    report = cli.json("import", "promises", csv_file(tmp_path, FOLLOW_UPS))
    assert (report["added"], report["refused"], report["skipped"]) == (4, False, [])
    assert report["already_late"] == [
        {"row": 2, "note": "already 16 months late: the apology script fits"}
    ]
    listed = {p["what"]: p for p in cli.json("list", "--status", "all")}
    assert listed["send the deck"]["status"] == "overdue"
    assert listed["send the deck"]["created_at"].startswith("2025-06-20")
    assert listed["call about the offer"]["contact"] == "Lee Park"
    assert listed["call about the offer"]["status"] == "open"
    assert listed["send interview notes"]["state"] == "kept"
    assert listed["send interview notes"]["kept_at"].startswith("2026-10-02")
    assert listed["intro to the CTO"]["release_reason"] == "role filled"
    again = cli.ok("import", "promises", csv_file(tmp_path, FOLLOW_UPS))
    assert "0 added, 4 unchanged, 0 skipped" in again
    assert len(cli.json("list", "--status", "all")) == 4


def test_refused_rows_are_named_and_nothing_is_imported(cli: Cli, tmp_path: Path) -> None:
    text = (
        "who,what,due\n"
        "Dana Smith,send the deck,2026-12-01\n"
        "Nobody Here,call back,2026-12-01\n"
        "Dana,,2026-12-01\n"
        "Lee,send the offer,someday maybe\n"
    )
    done = cli.run("import", "promises", csv_file(tmp_path, text))
    assert done.returncode == 2, done.stderr
    assert "Nothing imported from follow-ups.csv (utf-8): 3 refused" in done.stdout
    assert "row 3: contact: no contact matches 'Nobody Here'; add or import" in done.stdout
    assert "row 4: what: say what was promised" in done.stdout
    assert "row 5: due: could not read a due date in 'someday maybe'" in done.stdout
    assert "trayapp: 3 of 4 rows refused (see above)" in done.stderr
    assert "nothing was imported" in done.stderr
    assert cli.json("list", "--status", "all") == []
    dry = cli.run("import", "promises", csv_file(tmp_path, text), "--dry-run")
    assert dry.returncode == 2
    assert "row 3: contact: no contact matches 'Nobody Here'" in dry.stdout


def test_closed_rows_need_their_date_and_reason(cli: Cli, tmp_path: Path) -> None:
    text = (
        "contact,what,due,state,closed,reason\n"
        "Dana,send the deck,2026-10-01,kept,,\n"
        "Dana,send notes,2026-10-01,released,2026-10-03,\n"
        "Dana,call,2026-10-01,maybe,,\n"
    )
    done = cli.run("import", "promises", csv_file(tmp_path, text), "--json")
    assert done.returncode == 2
    assert '"refused": true' in done.stdout
    assert "a kept promise needs the date it was kept" in done.stdout
    assert "a released promise needs its reason" in done.stdout
    assert "state 'maybe' is not understood (open, kept or released)" in done.stdout


def test_a_file_without_the_columns_is_refused(cli: Cli, tmp_path: Path) -> None:
    refused = cli.fails(2, "import", "promises", csv_file(tmp_path, "contact,what\nDana,x\n"))
    assert "the file has no due column. Nothing was imported." in refused


def test_other_imports_preview_too(cli: Cli, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name,email\nSam Lee,sam@example.com\n", encoding="utf-8")
    shown = cli.ok("import", "contacts", str(people), "--dry-run")
    assert "Dry run, nothing saved: would import contacts from people.csv" in shown
    assert "1 added" in shown
    assert [c["name"] for c in cli.json("contacts", "list")] == ["Dana Smith", "Lee Park"]
    touches = tmp_path / "touches.csv"
    touches.write_text("contact,channel,direction,at\nDana,call,out,2026-11-20T10:00Z\n")
    shown = cli.ok("import", "touches", str(touches), "--dry-run")
    assert "would import touches from touches.csv (utf-8): 1 added" in shown
    assert cli.json("check", "Dana")["last_touch_at"] is None
