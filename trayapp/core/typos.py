"""Slips of the keyboard in people's names: "Dana Smtih" and "Dna Smith" are Dana Smith.

Names are compared by their keys (``core.matching.name_key``: no case, no accents, single
spaces). Two keys are a near miss when they are one or two edits apart, an edit being a letter
added, dropped or changed, or two neighbouring letters swapped (optimal string alignment, the
restricted Damerau-Levenshtein distance). Short names allow one edit only: "Al" is not "Bo".
The same key is never a near miss (it is the same name), and neither is anything three or
more edits away.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_EDITS = 2
SHORT_NAME = 4  # a key this long or shorter allows one edit only
MAX_NEAR = 5


def allowed_edits(key: str) -> int:
    """How many edits still make a slip of ``key``: 1 for a short name, else 2."""
    return 1 if len(key) <= SHORT_NAME else MAX_EDITS


def edit_distance(one: str, other: str, cutoff: int = MAX_EDITS) -> int:
    """The optimal-string-alignment distance between two strings, or ``cutoff + 1`` as soon
    as it is known to exceed ``cutoff`` (a swap of neighbours counts as one edit)."""
    if abs(len(one) - len(other)) > cutoff:
        return cutoff + 1
    if one == other:
        return 0
    before: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, start=1):
            cost = 0 if a == b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > cutoff:
            return cutoff + 1
        before, previous = previous, current
    return min(previous[-1], cutoff + 1)


def is_near_miss(typed_key: str, known_key: str) -> bool:
    """Whether ``typed_key`` reads as a slip for ``known_key`` (never for the same key)."""
    if not typed_key or not known_key or typed_key == known_key:
        return False
    limit = allowed_edits(min(typed_key, known_key, key=len))
    return edit_distance(typed_key, known_key, limit) <= limit


def near_misses(
    typed_key: str, known: Iterable[tuple[int, str]], limit: int = MAX_NEAR
) -> list[int]:
    """The ids among ``known`` (id, name key) whose key ``typed_key`` is a slip for, closest
    first. A one-word ``typed_key`` is also compared with each name's first word, so "Dnaa"
    finds Dana Smith. Nothing is returned when ``typed_key`` is one of the known keys."""
    scored: list[tuple[int, str, int]] = []
    for ident, key in known:
        if key == typed_key:
            return []
        distance = _distance(typed_key, key)
        if distance is not None:
            scored.append((distance, key, ident))
    scored.sort()
    return [ident for _, _, ident in scored[:limit]]


def _distance(typed_key: str, key: str) -> int | None:
    """The edits from ``typed_key`` to ``key`` (or to its first word, for a one-word
    ``typed_key``); ``None`` when it is no slip."""
    targets = [key]
    if " " not in typed_key and " " in key:
        targets.append(key.split(" ", 1)[0])
    found = []
    for target in targets:
        limit = allowed_edits(min(typed_key, target, key=len))
        distance = edit_distance(typed_key, target, limit)
        if 0 < distance <= limit:
            found.append(distance)
    return min(found) if found else None
