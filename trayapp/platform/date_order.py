"""How the user writes dates: ``1/12`` is 1 December in the UK and 12 January in the US.

The ``date_order`` setting decides; ``auto`` (the default) takes it from the computer's
language settings: the region of ``LC_ALL``, ``LC_TIME`` or ``LANG`` (``en_GB.UTF-8``), else of
the locale Python was started with (``English_United Kingdom`` on Windows). The United States
and a few others write the month first; China, Japan, Korea, Hungary, Sweden, Canada and a few
others the year first; most of the world the day first. When no region is known (``C``,
``POSIX``), ``None``: the date library's own order, month first.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Mapping

MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
YEAR_FIRST = frozenset({"CN", "JP", "KR", "KP", "TW", "HU", "LT", "MN", "IR", "SE", "CA"})
_REGION = re.compile(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b")
#: Windows names its locales in words: ``English_United States``.
_NAMED = {
    "united states": "US",
    "philippines": "PH",
    "japan": "JP",
    "china": "CN",
    "people's republic of china": "CN",
    "korea": "KR",
    "taiwan": "TW",
    "hungary": "HU",
    "lithuania": "LT",
    "sweden": "SE",
    "canada": "CA",
}
_LOCALE_VARIABLES = ("LC_ALL", "LC_TIME", "LANG")


def order_for_region(region: str) -> str:
    """``DMY``, ``MDY`` or ``YMD`` for a two-letter region code."""
    region = region.upper()
    if region in MONTH_FIRST:
        return "MDY"
    if region in YEAR_FIRST:
        return "YMD"
    return "DMY"


def region_of(name: str) -> str | None:
    """The region of a locale name (``en_GB.UTF-8``, ``en-US``, ``English_United Kingdom``)."""
    found = _REGION.match(name)
    if found:
        return found[1].upper()
    if "_" in name:
        country = name.split("_", 1)[1].split(".", 1)[0].strip().casefold()
        if country in _NAMED:
            return _NAMED[country]
        return "GB" if country else None  # another named country: most write the day first
    return None


def locale_region(
    environ: Mapping[str, str] | None = None, variables: tuple[str, ...] = _LOCALE_VARIABLES
) -> str | None:
    """The two-letter region of the computer's language settings: of the first of
    ``variables`` that is set, else of the locale Python started with; ``None`` when none."""
    env = os.environ if environ is None else environ
    for variable in variables:
        value = env.get(variable, "")
        if value:
            return region_of(value)
    if environ is not None:
        return None
    return region_of(locale.getlocale()[0] or "")


def locale_date_order(environ: Mapping[str, str] | None = None) -> str | None:
    """The date order of the computer's language settings, or ``None`` when none is known."""
    region = locale_region(environ)
    return order_for_region(region) if region else None


def resolved_date_order(setting: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The order to read dates in: the setting, or the computer's when it is ``auto``."""
    if setting != "auto":
        return setting
    return locale_date_order(environ)
