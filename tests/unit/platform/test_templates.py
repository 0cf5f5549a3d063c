"""Script templates on disk: the user's copy wins, unreadable files count as absent."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from trayapp.core.guard.verdict import Situation
from trayapp.core.scripts.library import Audience, ScriptChannel, script_file_names
from trayapp.core.scripts.values import ScriptValues
from trayapp.platform.templates import (
    MAX_TEMPLATE_BYTES,
    FileTemplateSource,
    load_script_library,
    shipped_scripts_dir,
)

CHECK_IN = """
[any.voicemail]
body = "Hi {first_name}, || Hi there,"
[any.email]
subject = "My own subject"
body = "Hi {first_name}, || Hi there,"
[any.message]
body = "Hi {first_name}, || Hi there,"
"""


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    (shipped / "check_in.toml").write_text("shipped", encoding="utf-8")
    (shipped / "close_out.toml").write_text("shipped close", encoding="utf-8")
    return shipped, user


def test_shipped_dir_is_found_and_complete() -> None:
    folder = shipped_scripts_dir()
    assert folder.is_dir()
    assert sorted(p.name for p in folder.glob("*.toml")) == sorted(script_file_names())
    assert (folder / "README.md").is_file()


def test_user_copy_wins_and_names_are_merged(dirs: tuple[Path, Path]) -> None:
    shipped, user = dirs
    (user / "check_in.toml").write_text("mine", encoding="utf-8")
    (user / "notes.txt").write_text("x", encoding="utf-8")
    source = FileTemplateSource(shipped, user)
    assert source.read("check_in.toml") == "mine"
    assert source.read("close_out.toml") == "shipped close"
    assert source.read("gone_dark.toml") is None
    assert source.names() == ["check_in.toml", "close_out.toml"]
    assert FileTemplateSource(shipped, None).read("check_in.toml") == "shipped"
    assert FileTemplateSource(shipped, user / "missing").names() == [
        "check_in.toml",
        "close_out.toml",
    ]


@pytest.mark.parametrize("name", ["../check_in.toml", "/etc/passwd", "a/b.toml", "x.txt", ""])
def test_names_outside_the_folders_are_refused(dirs: tuple[Path, Path], name: str) -> None:
    shipped, _ = dirs
    assert FileTemplateSource(shipped / "sub", shipped).read(name) is None


def test_bom_is_accepted(dirs: tuple[Path, Path]) -> None:
    shipped, user = dirs
    (user / "check_in.toml").write_bytes(b"\xef\xbb\xbfmine")
    assert FileTemplateSource(shipped, user).read("check_in.toml") == "mine"


def test_unreadable_user_files_fall_back_with_a_warning(
    dirs: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    shipped, user = dirs
    (user / "check_in.toml").write_bytes(b"\xff\xfe bad \x80")
    (user / "close_out.toml").mkdir()
    (user / "gone_dark.toml").write_bytes(b"#" * (MAX_TEMPLATE_BYTES + 1))
    source = FileTemplateSource(shipped, user)
    with caplog.at_level(logging.WARNING, logger="trayapp.platform.templates"):
        assert source.read("check_in.toml") == "shipped"
        assert source.read("close_out.toml") == "shipped close"
        assert source.read("gone_dark.toml") is None
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "script template check_in.toml ignored: it is not UTF-8 text",
        "script template close_out.toml ignored: it is a folder",
        "script template gone_dark.toml ignored: it is larger than 256 KiB",
    ]
    assert all(str(user) not in m for m in messages)


def test_file_at_the_size_limit_is_read(dirs: tuple[Path, Path]) -> None:
    shipped, user = dirs
    (user / "gone_dark.toml").write_bytes(b"#" * MAX_TEMPLATE_BYTES)
    assert FileTemplateSource(shipped, user).read("gone_dark.toml") == "#" * MAX_TEMPLATE_BYTES


def test_library_from_disk_uses_override_and_survives_a_broken_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    user = tmp_path / "scripts"
    user.mkdir()
    (user / "check_in.toml").write_text(CHECK_IN, encoding="utf-8")
    (user / "gone_dark.toml").write_text("[any.voicemail]\nbody = '{name.__dict__}'\n")
    with caplog.at_level(logging.WARNING, logger="trayapp.platform.templates"):
        library = load_script_library(user)
    assert len(library.problems) == 1
    assert library.problems[0].startswith(
        "gone_dark.toml [any.voicemail] body: unknown placeholder"
    )
    assert any("gone_dark.toml" in r.getMessage() for r in caplog.records)
    values = ScriptValues(first_name="Dana")
    mine = library.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CLIENT, values)
    assert mine.subject == "My own subject"
    dark = library.render(
        Situation.GONE_DARK, None, ScriptChannel.VOICEMAIL, Audience.CLIENT, values
    )
    assert "blunt feedback" in dark.body


def test_library_without_user_folder_has_no_problems() -> None:
    assert load_script_library(None).problems == ()
