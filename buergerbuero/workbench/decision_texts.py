"""The Bescheid's standing texts: the department's default letter per outcome and the
Rechtsbehelfsbelehrung, both German (the letter's language, § 23 Abs. 1 VwVfG).

A service's definition may bring its own letter per outcome (`bescheid.vorlagen`); where it is
silent the default below is completed. The Rechtsbehelfsbelehrung follows the definition's
`bescheid.rechtsbehelf`: Widerspruch at the department (§§ 68, 70 VwGO) or, where the Land
abolished the Vorverfahren for that matter, Klage at the administrative court (§ 74 VwGO).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from common.i18n import _l

from ..models import DecisionOutcome

Outcome = DecisionOutcome
OUTCOME_LABELS = {
    Outcome.BEWILLIGUNG: _l("Bewilligung"),
    Outcome.TEILBEWILLIGUNG: _l("Teilbewilligung"),
    Outcome.ABLEHNUNG: _l("Ablehnung"),
}
"""How the outcome is named on the page (and, in German, on the letter)."""

DEFAULT_TEMPLATES = {
    Outcome.BEWILLIGUNG: (
        "Sehr geehrte Damen und Herren,\n\n"  # untranslated: the letter, German
        "auf Ihren Antrag „{leistung}“ vom {eingang} (Aktenzeichen {aktenzeichen}) "
        "ergeht folgender Bescheid:\n\n"
        "Ihrem Antrag wird in vollem Umfang stattgegeben."),
    Outcome.TEILBEWILLIGUNG: (
        "Sehr geehrte Damen und Herren,\n\n"  # untranslated: the letter, German
        "auf Ihren Antrag „{leistung}“ vom {eingang} (Aktenzeichen {aktenzeichen}) "
        "ergeht folgender Bescheid:\n\n"
        "Ihrem Antrag wird teilweise stattgegeben. Im Übrigen wird er abgelehnt. "
        "Die Gründe stehen in der Begründung."),
    Outcome.ABLEHNUNG: (
        "Sehr geehrte Damen und Herren,\n\n"  # untranslated: the letter, German
        "auf Ihren Antrag „{leistung}“ vom {eingang} (Aktenzeichen {aktenzeichen}) "
        "ergeht folgender Bescheid:\n\n"
        "Ihr Antrag wird abgelehnt."),
}
"""The department's letter per outcome, where the service's definition brings none."""

WIDERSPRUCH = (
    "Gegen diesen Bescheid kann innerhalb eines Monats "  # untranslated: the letter, German
    "nach seiner Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich, "
    "in elektronischer Form nach § 3a "
    "Abs. 2 VwVfG, schriftformersetzend nach § 3a Abs. 3 VwVfG und § 9a Abs. 5 OZG oder "
    "zur Niederschrift bei der Behörde zu erheben, die diesen Bescheid erlassen hat: "
    "{behoerde} (§§ 68, 70 VwGO).")
KLAGE = (
    "Gegen diesen Bescheid kann innerhalb eines Monats "  # untranslated: the letter, German
    "nach seiner Bekanntgabe Klage beim {gericht} erhoben werden (§ 74 Abs. 1 Satz 2 VwGO; "
    "ein Vorverfahren findet nicht "
    "statt). Die Klage ist schriftlich oder zur Niederschrift der Urkundsbeamtin oder des "
    "Urkundsbeamten der Geschäftsstelle zu erheben; sie kann auch als elektronisches "
    "Dokument nach Maßgabe des § 55a VwGO eingereicht werden (§ 81 VwGO). Sie muss die "
    "Klägerin oder den Kläger, den Beklagten und den Gegenstand des Klagebegehrens "
    "bezeichnen (§ 82 VwGO).")


def court_of(config: Mapping[str, Any]) -> str:
    """Return the administrative court as the letter names it: name, then its address."""
    lines: Sequence[str] = config.get("ADMINISTRATIVE_COURT") or ()
    return ", ".join(str(line) for line in lines if str(line).strip())


def remedy_text(remedy: str, department: str, municipality: str,
                config: Mapping[str, Any]) -> str:
    """Return the Rechtsbehelfsbelehrung for the definition's `rechtsbehelf`."""
    if remedy == "klage":
        return KLAGE.format(gericht=court_of(config))
    return WIDERSPRUCH.format(behoerde=f"{municipality}, {department}")
