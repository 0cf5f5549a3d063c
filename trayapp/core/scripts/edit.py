"""Editing one wording of a script file as data: the subject and body of one audience on one
channel, the rest of the file left as it is. The user's copy of a file is always whole (every
channel for every audience), so an edit starts from the user's copy or the shipped file, and
"revert" puts the shipped wording of that one table back."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from trayapp.core.scripts.template import ANY_AUDIENCE

__all__ = ["Wording", "reverted", "with_wording", "wording"]

Data = Mapping[str, Any]


class Wording(tuple[str, str]):
    """``(subject, body)`` as written in the file, placeholders and ``||`` included."""

    __slots__ = ()

    @property
    def subject(self) -> str:
        return self[0]

    @property
    def body(self) -> str:
        return self[1]


def _table(data: Data, audience: str, channel: str) -> Mapping[str, Any] | None:
    for who in (audience, ANY_AUDIENCE):
        section = data.get(who)
        if isinstance(section, Mapping) and isinstance(section.get(channel), Mapping):
            table: Mapping[str, Any] = section[channel]
            return table
    return None


def wording(data: Data, audience: str, channel: str) -> Wording:
    """The wording ``audience`` gets on ``channel`` (their own table, else the ``any`` one)."""
    table = _table(data, audience, channel) or {}
    subject, body = table.get("subject", ""), table.get("body", "")
    return Wording(
        (subject if isinstance(subject, str) else "", body if isinstance(body, str) else "")
    )


def with_wording(
    data: Data, audience: str, channel: str, subject: str, body: str
) -> dict[str, Any]:
    """A copy of ``data`` where ``[audience.channel]`` says ``subject`` (e-mail only) and
    ``body``."""
    out = copy.deepcopy(dict(data))
    section = out.setdefault(audience, {})
    table: dict[str, Any] = {"body": body}
    if channel == "email":
        table = {"subject": subject, "body": body}
    section[channel] = table
    return out


def reverted(data: Data, shipped: Data, audience: str, channel: str) -> dict[str, Any]:
    """A copy of ``data`` with the shipped wording of ``[audience.channel]`` back in place."""
    out = copy.deepcopy(dict(data))
    own = shipped.get(audience, {})
    if isinstance(own, Mapping) and channel in own:
        out.setdefault(audience, {})[channel] = copy.deepcopy(own[channel])
        return out
    section = out.get(audience)
    if isinstance(section, dict):
        section.pop(channel, None)
        if not section:
            out.pop(audience)
    return out
