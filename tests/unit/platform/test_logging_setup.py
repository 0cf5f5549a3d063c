"""Private logs: what reaches the file is scrubbed, the file is private, setup is idempotent."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from trayapp.core.errors import StorageError
from trayapp.platform.logging_setup import (
    LOG_FILE_NAME,
    ScrubFilter,
    configure_logging,
    scrub,
    unconfigure_logging,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
log = logging.getLogger("trayapp.test")


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    unconfigure_logging()
    root.setLevel(level)


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.filters and _has_scrub(h)]


def _has_scrub(handler: logging.Handler) -> bool:
    return any(isinstance(f, ScrubFilter) for f in handler.filters)


def _read(log_dir: Path) -> str:
    for handler in _ours():
        handler.flush()
    return (log_dir / LOG_FILE_NAME).read_text(encoding="utf-8")


def test_personal_data_never_reaches_the_file(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    configure_logging(log_dir)
    log.info("mail from jane.roe+jobs@example.org about promise %d", 17)
    log.warning("callback %s for contact %s", "+44 20 7946 0958", "jane@example.com")
    log.info("note for contact 5", extra={"pii": ["Jane Roe", "Acme Staffing"]})
    log.info(
        "contact Jane Roe at Acme Staffing",
        extra={"pii": {"name": "Jane Roe", "firm": "Acme Staffing"}},
    )
    try:
        raise ValueError("no contact jane.roe@example.org, phone (555) 123-4567")
    except ValueError:
        log.exception("lookup failed for promise %d", 18)
    text = _read(log_dir)
    for secret in ("jane.roe", "example", "7946", "123-4567", "Jane Roe", "Acme"):
        assert secret not in text
    assert "promise 17" in text
    assert "promise 18" in text
    assert "ValueError" in text
    assert text.count("[email]") >= 3
    assert text.count("[phone]") >= 2
    assert "[redacted]" in text
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO trayapp\.test: ", text)


def test_debug_level_is_written_only_in_debug_mode(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    log.debug("quiet detail")
    configure_logging(tmp_path, debug=True)
    log.debug("loud detail")
    text = _read(tmp_path)
    assert "quiet detail" not in text
    assert "loud detail" in text


def test_setup_is_idempotent(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    configure_logging(tmp_path)
    assert len(_ours()) == 1
    configure_logging(tmp_path, debug=True)
    assert len(_ours()) == 2
    configure_logging(tmp_path)
    assert len(_ours()) == 1
    log.info("once")
    assert _read(tmp_path).count("once") == 1
    unconfigure_logging()
    assert _ours() == []


def test_an_unusable_folder_is_a_storage_error_and_changes_nothing(tmp_path: Path) -> None:
    configure_logging(tmp_path / "good")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot write logs in"):
        configure_logging(blocker / "logs")
    log.info("still logged")
    assert "still logged" in _read(tmp_path / "good")


@posix_only
def test_folder_and_files_are_private_even_if_they_existed(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    log_dir.mkdir(mode=0o755)
    log_dir.chmod(0o755)
    (log_dir / LOG_FILE_NAME).write_text("old\n")
    (log_dir / LOG_FILE_NAME).chmod(0o644)
    configure_logging(log_dir)
    log.info("x" * 1000)
    assert log_dir.stat().st_mode & 0o777 == 0o700
    assert (log_dir / LOG_FILE_NAME).stat().st_mode & 0o777 == 0o600


@posix_only
def test_rotated_files_stay_private(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    line = "promise 1 reminded " + "x" * 1000
    for _ in range(1200):  # a little over 1 MiB
        log.info(line)
    rotated = tmp_path / f"{LOG_FILE_NAME}.1"
    assert rotated.exists()
    for path in (tmp_path / LOG_FILE_NAME, rotated):
        assert path.stat().st_mode & 0o777 == 0o600


@given(st.emails())
def test_scrub_removes_any_email_address(address: str) -> None:
    cleaned = scrub(f"write to {address}, thanks")
    assert address not in cleaned
    assert "[email]" in cleaned


separators = st.sampled_from(["", " ", "-", ".", " - ", ") ", "/"])


@given(
    st.lists(st.tuples(st.text("0123456789", min_size=1, max_size=4), separators), min_size=1),
    st.booleans(),
)
def test_scrub_removes_digit_runs_of_seven_or_more(
    parts: list[tuple[str, str]], plus: bool
) -> None:
    number = ("+" if plus else "") + "".join(digits + sep for digits, sep in parts).rstrip(" -./)")
    assume(not re.search(r"\d{4}-\d\d-\d\d", number))  # ISO dates are kept on purpose
    cleaned = scrub(f"call {number} today")
    if len(re.sub(r"\D", "", number)) >= 7:
        assert "[phone]" in cleaned
        assert not re.search(r"\d", cleaned)
    else:
        assert cleaned == f"call {number} today"


def test_scrub_keeps_dates_ids_and_times() -> None:
    text = "promise 42 due 2024-05-31T09:00:00Z, snoozed to 2024-06-01 10:30, took 123 ms"
    assert scrub(text) == text
