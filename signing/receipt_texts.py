"""The receipt's own words in the language it is printed in, and German where German binds.

A receipt in another language than German carries its statement of receipt twice: in German,
the authoritative version, and in the reader's language beside it, for information.
"""

from __future__ import annotations

from datetime import datetime

from common.formatting import format_datetime
from common.i18n import SOURCE_LANGUAGE, _, _l, force_locale

AUTHORITATIVE_HEADING = "Deutsche Fassung (maßgeblich)"  # untranslated: the binding German block
TRANSLATION_HEADING = _l("Übersetzung (nur zur Information)")
AUTHORITATIVE = _l("Maßgeblich ist die deutsche Fassung.")
PDF_LANGUAGES = {"de": "de-DE", "en": "en-GB"}
"""The document language a PDF declares (its /Lang), per receipt language."""
HYPHENATION = {"de": "de_DE", "en": "en_GB"}
"""pyphen's dictionary for a label word too long for its column."""


def in_language(text: object, language: str) -> str:
    """Return a marked text (lazy, with its parameters) as plain text in ``language``."""
    with force_locale(language):
        return str(text)


def bilingual(text: object, language: str) -> tuple[str, str]:
    """Return a marked text in German (the source, authoritative) and in ``language``."""
    return in_language(text, SOURCE_LANGUAGE), in_language(text, language)


def receipt_statement(language: str, *, service: tuple[str, str], reference: str,
                      received_at: datetime, issuer: str) -> tuple[str, str]:
    """Return the statement of receipt in German and in ``language``.

    ``service`` is the service's title in German and in ``language``; the date is written as
    each language writes dates.
    """
    german, translated = service
    return (_statement(SOURCE_LANGUAGE, german, reference, received_at, issuer),
            _statement(language, translated, reference, received_at, issuer))


def _statement(language: str, service: str, reference: str, received_at: datetime,
               issuer: str) -> str:
    with force_locale(language):
        return _("Ihr Antrag „%(service)s“ ist am %(received)s unter der Vorgangsnummer "
                 "%(reference)s bei der %(issuer)s eingegangen.", service=service,
                 reference=reference, issuer=issuer,
                 received=format_datetime(received_at, language))


def authoritative_pairs(pairs: tuple[tuple[str, str], ...],
                        language: str) -> tuple[tuple[str, str], ...]:
    """Return the German/translation pairs of the binding block, closed by the notice that the
    German version is authoritative."""
    return (*pairs, bilingual(AUTHORITATIVE, language))


def frame_texts(language: str) -> dict[str, str]:
    """Return the texts of the receipt's frame (meta rows, page header and footer)."""
    with force_locale(language):
        return {"reference": _("Vorgangsnummer"), "issued_at": _("Ausgestellt am"),
                "issuer": _("Ausgestellt von"), "translation": str(TRANSLATION_HEADING)}


def page_prefix(language: str, number: int) -> str:
    """Return the footer's words before the page total ("Seite 2 von ")."""
    with force_locale(language):
        return _("Seite %(number)d von", number=number) + " "


def header_reference(language: str, reference: str) -> str:
    """Return the page header's case reference ("Vorgangsnummer HST-2026-000123")."""
    with force_locale(language):
        return _("Vorgangsnummer %(reference)s", reference=reference)
