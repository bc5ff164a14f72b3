"""The review shows answers as people read them: German dates, grouped IBAN, Ja/Nein, labels."""

from __future__ import annotations

import forms

from .helpers import SERVICES, codelists

SPEC = forms.load_definition(
    (SERVICES / "hundesteuer-anmeldung.yaml").read_text("utf-8"), "hundesteuer", codelists())
ANSWERS = {
    "vorname": "Erika", "nachname": "Musterfrau", "geburtsdatum": "1980-05-17",
    "strasse": "Lindenweg 4", "plz": "65183", "ort": "Musterstadt", "email": "erika@example.org",
    "hunde": [
        {"hundename": "Bello", "rasse": "labrador-retriever", "chip": "276098106543210",
         "haltung_seit": "2024-03-01", "gefaehrlich": False, "tierheim": True},
        {"hundename": "Rex", "rasse": "dackel", "chip": "276098106543211",
         "haltung_seit": "2025-12-24", "gefaehrlich": True, "tierheim": False},
    ],
    "zahlweise": "lastschrift", "kontoinhaber": None, "iban": "DE89370400440532013000",
    "richtigkeit": True,
}


def sections() -> dict[str, dict[str, str]]:
    """Return the review as {section title: {label: shown value}}."""
    return {s.title: {r.label: r.value for r in s.rows} for s in forms.review(SPEC, ANSWERS)}


def test_the_review_has_one_section_per_step_and_one_per_group_entry():
    assert list(sections()) == [
        "Angaben zur Halterin oder zum Halter", "Hund 1", "Hund 2", "Zahlung"]


def test_dates_are_shown_as_day_month_year():
    assert sections()["Angaben zur Halterin oder zum Halter"]["Geburtsdatum"] == "17.05.1980"
    assert sections()["Hund 2"]["Gehalten seit"] == "24.12.2025"


def test_an_iban_is_shown_in_groups_of_four():
    assert sections()["Zahlung"]["IBAN für das SEPA-Lastschriftmandat"] == (
        "DE89 3704 0044 0532 0130 00")


def test_check_boxes_are_shown_as_ja_or_nein():
    assert sections()["Hund 1"]["Der Hund stammt aus einem Tierheim"] == "Ja"
    assert sections()["Hund 1"]["Gefährlicher Hund (Listenhund)"] == "Nein"
    assert sections()["Hund 2"]["Gefährlicher Hund (Listenhund)"] == "Ja"


def test_choices_are_shown_by_their_label_not_their_value():
    assert sections()["Hund 1"]["Rasse"] == "Labrador Retriever"
    assert sections()["Hund 2"]["Rasse"] == "Dackel"
    assert sections()["Zahlung"]["Zahlweise"] == "SEPA-Lastschrift"


def test_an_unanswered_optional_field_is_shown_as_a_dash():
    assert sections()["Zahlung"]["Kontoinhaberin oder Kontoinhaber"] == "–"


def test_a_multiselect_is_shown_as_its_labels():
    text = """\
slug: tage
version: 1
title: Tage
summary: Tage
category: Tests
department: steueramt
processing_days: 1
retention_days: 30
reference_prefix: TG
steps:
  - id: wahl
    title: Wahl
    fields:
      - {id: tage, type: multiselect, label: Tage, options: [{value: mo, label: Montag},
         {value: di, label: Dienstag}, {value: mi, label: Mittwoch}]}
"""
    spec = forms.load_definition(text, "tage.yaml", {})
    rows = forms.review(spec, {"tage": ["mo", "mi"]})[0].rows
    assert [(r.label, r.value) for r in rows] == [("Tage", "Montag, Mittwoch")]
