"""The fixed words of a Bescheid's frame (headings, labels, the closing), in its language.

A Bescheid is written in German, the official language (§ 23 Abs. 1 VwVfG); the words still go
through the translation layer, so that the frame can follow a letter's `language` like the
receipt's does.
"""

from __future__ import annotations

from common.i18n import _, force_locale


def frame_words(language: str) -> dict[str, str]:
    """Return the frame's words in ``language``."""
    with force_locale(language):
        return {
            "reference": _("Aktenzeichen"),
            "dated": _("Datum"),
            "clerk": _("Bearbeitung"),
            "reasons": _("Begründung"),
            "fee": _("Gebühr"),
            "remedy": _("Rechtsbehelfsbelehrung"),
            "regards": _("Mit freundlichen Grüßen"),
            "on_behalf": _("Im Auftrag"),
            "approved": _("Freigegeben (Vier-Augen-Prinzip): %(name)s"),
            "draft": _("ENTWURF"),
            "draft_box": _("Entwurf – nicht gesiegelt, kein Bescheid"),
        }


def seal_note(language: str, issuer: str) -> str:
    """Return the closing note: made electronically, the name instead of a signature, sealed."""
    with force_locale(language):
        return _("Dieser Bescheid wurde elektronisch erstellt; er trägt statt einer "
                 "Unterschrift die Namenswiedergabe (§ 37 Abs. 3 VwVfG) und ist mit dem "
                 "elektronischen Siegel der %(issuer)s versehen. Die Echtheit lässt sich mit "
                 "jedem PDF-Programm und auf der Seite „Nachweise prüfen“ des Bürgerbüros "
                 "prüfen.", issuer=issuer)


def page_words(language: str, number: int) -> str:
    """Return the footer's words before the page total ("Seite 2 von ")."""
    with force_locale(language):
        return _("Seite %(number)d von", number=number) + " "
