"""The name matcher: slips of one or two letters are offered, the same name and other people
never."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.matching import name_key
from trayapp.core.typos import edit_distance, is_near_miss, near_misses

LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=9)
NAMES = st.lists(LETTERS, min_size=1, max_size=3).map(" ".join)


def _osa(one: str, other: str) -> int:
    """The textbook optimal-string-alignment table, without any shortcut."""
    rows, cols = len(one) + 1, len(other) + 1
    d = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        d[i][0] = i
    for j in range(cols):
        d[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if one[i - 1] == other[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and one[i - 1] == other[j - 2] and one[i - 2] == other[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@pytest.mark.parametrize(
    ("typed", "known", "near"),
    [
        ("Dana Smtih", "Dana Smith", True),  # a swap is one edit
        ("Dna Smith", "Dana Smith", True),
        ("dana  SMITH", "Dana Smith", False),  # the same name, not a slip
        ("Dána Smith", "Dana Smith", False),  # accents do not count
        ("Dan Smyth", "Dana Smith", True),
        ("Dan Smythe", "Dana Smith", False),  # three edits: someone else
        ("Dana Jones", "Dana Smith", False),
        ("Al", "Bo", False),  # short names allow one edit only
        ("Ali", "Al", True),
    ],
)
def test_examples(typed: str, known: str, near: bool) -> None:
    assert is_near_miss(name_key(typed), name_key(known)) is near


def test_one_word_is_compared_with_first_names() -> None:
    known = [(1, "dana smith"), (2, "jo brown"), (3, "dan smythe")]
    assert near_misses("dnaa", known) == [1]
    assert near_misses("dana smtih", known) == [1]


def test_an_exact_name_among_the_known_means_no_slip() -> None:
    assert near_misses("dana smith", [(1, "dana smyth"), (2, "dana smith")]) == []


@given(LETTERS, LETTERS, st.integers(min_value=0, max_value=4))
def test_the_cutoff_distance_agrees_with_the_full_table(one: str, other: str, cutoff: int) -> None:
    assert edit_distance(one, other, cutoff) == min(_osa(one, other), cutoff + 1)


@given(NAMES, st.lists(NAMES, max_size=8))
def test_an_exact_name_never_gets_a_did_you_mean(name: str, others: list[str]) -> None:
    key = name_key(name)
    known = [(i, name_key(n)) for i, n in enumerate([*others, name])]
    assert near_misses(key, known) == []
    assert not is_near_miss(key, key)


@given(NAMES, NAMES)
def test_a_name_three_or_more_edits_away_is_never_proposed(typed: str, other: str) -> None:
    one, two = name_key(typed), name_key(other)
    proposed = near_misses(one, [(7, two)])
    if _osa(one, two) >= 3 and (" " in one or _osa(one, two.split(" ")[0]) >= 3):
        assert proposed == []
    if proposed:
        assert 0 < _osa(one, two) <= 2 or 0 < _osa(one, two.split(" ")[0]) <= 2


@given(NAMES, st.data())
def test_one_slip_is_found(name: str, data: st.DataObject) -> None:
    key = name_key(name)
    if len(key) < 5:
        return
    at = data.draw(st.integers(min_value=0, max_value=len(key) - 2))
    swapped = key[:at] + key[at + 1] + key[at] + key[at + 2 :]
    if swapped != key:
        assert near_misses(swapped, [(1, key)]) == [1]
