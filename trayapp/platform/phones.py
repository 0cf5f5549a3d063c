"""Phone numbers the international way, by Google's libphonenumber (the ``phonenumbers``
package): ``07700 900123`` typed in the UK becomes ``+44 7700 900123``, so that matching (the
stored key is the E.164 digits), ``tel:`` links and the team ledger work across the formats
and countries people type numbers in.

The country a number without its code belongs to is the ``phone_region`` setting: ``auto``
(the default) takes the region of the computer's language settings (``LC_ALL``,
``LC_TELEPHONE`` or ``LANG``, else the locale Python started with); with none, only numbers
written with their country code (``+44 …``, ``0044 …``) are rewritten. The package's tables
are loaded on the first number read, never at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping

from trayapp.platform.date_order import locale_region

_PHONE_VARIABLES = ("LC_ALL", "LC_TELEPHONE", "LANG")
#: Longer than any phone number with an extension: the rest is not read.
MAX_PHONE_TEXT = 64

__all__ = ["LibPhoneNumbers", "phone_region"]


def phone_region(setting: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The country of numbers typed without their code: the setting, or the computer's."""
    if setting != "auto":
        return setting
    return locale_region(environ, _PHONE_VARIABLES)


class LibPhoneNumbers:
    """:class:`~trayapp.core.ports.PhoneNumbers` by the ``phonenumbers`` package."""

    def __init__(self, region: str | None) -> None:
        self.region = region

    def international(self, text: str) -> str | None:
        import phonenumbers

        cleaned = text.strip()
        if not cleaned or len(cleaned) > MAX_PHONE_TEXT:
            return None
        if cleaned.startswith("00"):
            cleaned = "+" + cleaned[2:]  # the international prefix most of the world dials
        try:
            number = phonenumbers.parse(cleaned, self.region, keep_raw_input=True)
        except phonenumbers.NumberParseException:
            return None
        if number.country_code_source == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
            # No country code typed: only a number the region really has is taken as one of
            # its own (a US number typed in the UK stays as typed, not made a wrong UK one).
            complete = phonenumbers.is_valid_number(number)
        else:
            reason = phonenumbers.is_possible_number_with_reason(number)
            complete = reason == phonenumbers.ValidationResult.IS_POSSIBLE
        if not complete:
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
