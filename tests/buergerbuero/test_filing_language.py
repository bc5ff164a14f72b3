"""Filing in English: the case keeps the resident's language, the department still gets German.

What goes to a department (the outbox payload, sealed into the envelope) must be the same
whichever language the resident filed in; only the resident's own receipt follows them.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from buergerbuero.cases.payloads import in_language, resident_receipt, resident_receipt_of
from buergerbuero.cases.submission import CLOSED, RETIRED, WITHDRAWN
from buergerbuero.catalogue.definitions import spec_of
from buergerbuero.models import Case, DefinitionStatus, OutboxMessage, OutboxStatus
from forms.texts import Text

from .. import support
from ..signing.pdf_text import shown_strings
from .filing import (
    GEWERBE_ANSWERS,
    cases_of,
    file_gewerbe,
    publish_source,
    publish_two_step_service,
    tighten_rules,
)

FILED_ANYWHERE = ("case_reference", "submitted_at")
"""What differs between two filings of the same answers, whatever their language."""


def in_english(client) -> None:
    """Press the language switch: English from now on, for this browser and account."""
    response = support.post_form(client, "/konto/sprache", {"sprache": "en", "next": "/leistungen"},
                                 page="/leistungen")
    assert response.status_code == 303


def department_payloads(db_session, reference: str) -> list[dict]:
    """Return what the gateway will deliver for a case, by kind, without what every filing has
    of its own (reference, time)."""
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    rows = db_session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)
                              .order_by(OutboxMessage.id)).all()
    return [(row.kind, {k: v for k, v in row.payload.items() if k not in FILED_ANYWHERE})
            for row in rows]


def test_a_case_keeps_the_language_its_resident_filed_in(client, resident, db_session):
    support.file_hundesteuer(client)
    in_english(client)
    support.file_hundesteuer(client)
    assert [case.locale for case in cases_of(db_session, resident)] == ["de", "en"]


def test_the_department_gets_the_same_german_payload_whatever_language_was_used(
        client, resident, db_session):
    german = [support.file_hundesteuer(client), file_gewerbe(client)]
    in_english(client)
    english = [support.file_hundesteuer(client), file_gewerbe(client)]
    for de, en in zip(german, english, strict=True):
        assert department_payloads(db_session, de) == department_payloads(db_session, en)
    [(_, dog_tax)] = department_payloads(db_session, english[0])
    fee = dog_tax["review"][-1]
    assert fee == {"title": "Gebühr", "rows": [["Hundesteuer im ersten Jahr", "120,00 €"]]}
    assert dog_tax["fee"]["label"] == "Hundesteuer im ersten Jahr"
    assert len(department_payloads(db_session, english[1])) > 1  # copies to other bodies too


def test_the_residents_receipt_texts_follow_the_language_of_the_case(
        app, client, resident, db_session):
    in_english(client)
    reference = support.file_hundesteuer(client)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    with app.test_request_context():  # a German request: the case decides, not the reader
        texts = resident_receipt(case, spec_of(case.definition))
        assert resident_receipt_of(db_session, case.id) == texts
    assert texts.language == "en"
    assert texts.review[-1].title == "Fee"
    assert texts.review[-1].rows == (("Dog tax for the first year", "€120.00"),)
    assert texts.service_title == "Register a dog for dog tax"


def test_a_german_case_gets_german_receipt_texts_on_an_english_page(
        app, client, resident, db_session):
    reference = support.file_hundesteuer(client)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        texts = resident_receipt(case, spec_of(case.definition))
        # The gateway's hook leaves a German case to the payload's own German review.
        assert resident_receipt_of(db_session, case.id) is None
    assert texts.language == "de"
    assert texts.review[-1].title == "Gebühr"
    assert texts.review[-1].rows == (("Hundesteuer im ersten Jahr", "120,00 €"),)


def test_a_missing_case_has_no_receipt_texts(app, db_session):
    with app.app_context():
        assert resident_receipt_of(db_session, 10**9) is None


def test_a_definitions_text_goes_to_the_department_in_german(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert in_language(Text("Hundesteuer", "Dog tax")) == "Hundesteuer"
        assert in_language(Text("Hundesteuer", "Dog tax"), "en") == "Dog tax"
        assert in_language(Text("Hundesteuer")) == "Hundesteuer"
        assert in_language("Gebühr", "en") == "Gebühr"  # plain definition text is German only


def test_why_a_closed_service_takes_no_filing_is_told_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(CLOSED[DefinitionStatus.RETIRED]).startswith(
            "This version of the service has been retired")
        assert "withdrawn for the time being" in str(CLOSED[DefinitionStatus.DRAFT])
    with app.test_request_context():
        assert str(CLOSED[DefinitionStatus.RETIRED]) == RETIRED
    assert WITHDRAWN.startswith("Diese Leistung wurde vorübergehend zurückgezogen")


def receipt_text(client, reference: str) -> str:
    """Return the text of the sealed receipt the case page links to, as one string."""
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    link = re.search(r'href="(/antraege/[^"]+/dokumente/\d+)"', page).group(1)
    return " ".join(" ".join(shown_strings(client.get(link).data)).split())


def test_the_gateway_seals_an_english_receipt_for_an_english_filing_and_keeps_german_binding(
        client, resident, run_gateway):
    german = support.file_hundesteuer(client)
    in_english(client)
    english = support.file_hundesteuer(client)
    run_gateway()
    text = receipt_text(client, english)
    assert "Acknowledgement of receipt" in text and "Service" in text
    assert "Deutsche Fassung (maßgeblich)" in text
    assert "Maßgeblich ist die deutsche Fassung." in text
    assert "The German version is authoritative." in text
    text = receipt_text(client, german)  # read on an English page, filed in German
    assert "Eingangsquittung" in text and "Acknowledgement of receipt" not in text
    assert "Deutsche Fassung (maßgeblich)" not in text


def test_my_applications_name_each_service_in_the_readers_language(client, resident):
    reference = support.file_hundesteuer(client)
    support.start_draft(client)  # a draft beside the case
    english = client.get("/antraege/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert english.count("Register a dog for dog tax") >= 2
    assert "Anmeldung eines Hundes" not in english
    case_page = client.get(f"/antraege/{reference}", headers={"Accept-Language": "en"})
    assert "Register a dog for dog tax" in case_page.get_data(as_text=True)
    german = client.get("/antraege/").get_data(as_text=True)
    assert "Anmeldung eines Hundes zur Hundesteuer" in german


UNLABELLED_FEE = """\
slug: {slug}
version: 1
title: {{de: Sperrmüll-Abholung, en: Bulky waste collection}}
summary: {{de: Einen Termin beantragen., en: Ask for a date.}}
category: Umwelt und Abfall
department: ordnungsamt
processing_days: 10
retention_days: 365
reference_prefix: SPM
fee: {{currency: EUR, expression: "25"}}
steps:
  - id: abholung
    title: {{de: Abholung, en: Collection}}
    fields:
      - {{id: name, type: text, label: {{de: Name, en: Name}}, required: true}}
"""


def file_english(client, slug: str) -> str:
    """File the one-step service in English; return the reference."""
    in_english(client)
    step = support.start_draft(client, slug)
    review = support.post_form(client, step, {"name": "Erika", "aktion": "weiter"})
    filed = support.post_form(client, review.headers["Location"], {"aktion": "einreichen"})
    return filed.headers["Location"].rsplit("/", 1)[-1]


def test_the_default_fee_label_goes_to_the_department_in_german(
        client, resident, other_client, db_session):
    support.login_demo(other_client, "admin@example.org")
    publish_source(other_client, UNLABELLED_FEE.format(slug="sperrmuell-gebuehr"),
                   "sperrmuell-gebuehr")
    reference = file_english(client, "sperrmuell-gebuehr")
    (_, payload), *_ = department_payloads(db_session, reference)
    assert payload["fee"]["label"] == "Gebühr"
    assert payload["review"][-1] == {"title": "Gebühr", "rows": [["Gebühr", "25,00 €"]]}


def test_a_definition_that_no_longer_loads_still_gets_delivered_with_a_german_receipt(
        client, resident, other_client, db_session, run_gateway):
    support.login_demo(other_client, "admin@example.org")
    publish_two_step_service(other_client, "sperrmuell-veraltet")
    in_english(client)
    step = support.start_draft(client, "sperrmuell-veraltet")
    step2 = support.post_form(client, step, {"name": "Erika", "gegenstaende": "Sofa",
                                             "aktion": "weiter"}).headers["Location"]
    review = support.post_form(client, step2, {"wunschtermin": "2099-01-01", "aktion": "weiter"})
    reference = support.post_form(client, review.headers["Location"], {"aktion": "einreichen"}
                                  ).headers["Location"].rsplit("/", 1)[-1]
    tighten_rules(db_session, "sperrmuell-veraltet")
    run_gateway()
    support.fresh(db_session)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    rows = db_session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert {row.status for row in rows} == {OutboxStatus.DELIVERED}
    assert "Eingangsquittung" in receipt_text(client, reference)


def test_a_number_saved_unchecked_keeps_its_value_when_the_language_changes(client, resident):
    url = support.start_draft(client, "gewerbeanmeldung")
    for step_id in ("inhaber", "betrieb"):
        url = support.post_form(client, url, {**GEWERBE_ANSWERS[step_id], "aktion": "weiter"}
                                ).headers["Location"]
    in_english(client)
    typed = {**GEWERBE_ANSWERS["taetigkeit"], "taetigkeit": "", "vollzeit": "2,000"}
    saved = support.post_form(client, url, {**typed, "aktion": "speichern"})
    assert saved.status_code == 302  # kept as typed: the activity is still missing
    assert support.input_value(client.get(url).get_data(as_text=True), "vollzeit") == "2,000"
    support.post_form(client, "/konto/sprache", {"sprache": "de", "next": url}, page=url)
    # Two thousand, written the German way (four digits stay ungrouped), not 2,000 = 2.
    assert support.input_value(client.get(url).get_data(as_text=True), "vollzeit") == "2000"
