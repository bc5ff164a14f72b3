"""Conditions while filing: hidden fields are not stored, required_if is enforced, steps that do
not apply are skipped, the fee is shown and filed, and the visibility endpoint answers as the
server's evaluator does."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

import forms
from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db
from buergerbuero.models import OutboxMessage
from mailgateway.payloads import payload_for
from mailgateway.seal import receipt_document

from .. import support
from .filing import cases_of, draft, fill_until, post_step, review_url, step_url

SLUG = "bedingte-leistung"
SERVICE = f"""\
slug: {SLUG}
version: 1
title: Bedingte Leistung
summary: Eine Leistung mit Bedingungen, nur für Tests.
category: Tests
department: steueramt
processing_days: 10
retention_days: 365
reference_prefix: BED
fee: {{expression: "if(art == 'gewerblich', 12, 0) + 2.5 * len(tage)", currency: EUR,
       label: Verwaltungsgebühr}}
routing:
  - {{when: "art == 'gewerblich'", to: ordnungsamt}}
steps:
  - id: angaben
    title: Angaben
    fields:
      - {{id: art, type: radio, label: Art, required: true,
         options: [{{value: privat, label: Privat}}, {{value: gewerblich, label: Gewerblich}}]}}
      - {{id: rueckruf, type: boolean, label: Rückruf erwünscht}}
      - {{id: firma, type: text, label: Firma,
         visible_if: "art == 'gewerblich'", required_if: "art == 'gewerblich'"}}
  - id: gewerbe
    title: Gewerbe
    visible_if: "art == 'gewerblich'"
    fields:
      - {{id: register, type: text, label: Registernummer, required: true}}
  - id: ende
    title: Ende
    fields:
      - {{id: telefon, type: text, label: Telefon, visible_if: rueckruf, required_if: rueckruf}}
      - {{id: tage, type: multiselect, label: Tage,
         options: [{{value: mo, label: Montag}}, {{value: di, label: Dienstag}}]}}
"""
PRIVAT = {"art": "privat"}
GEWERBLICH = {"art": "gewerblich", "firma": "Muster GmbH"}
ZAHLUNG = support.HUNDESTEUER["zahlung"]


@pytest.fixture(scope="module")
def service(app) -> str:
    """Publish the test service once; return its slug."""
    with app.app_context():
        definitions.publish_source(db.session, SERVICE, "bedingte-leistung.yaml")
        db.session.commit()
    return SLUG


@pytest.fixture
def start(client, resident, service):
    """Start the test service as a new resident; return the URL of its first step."""
    return support.start_draft(client, service)


def test_a_routing_rule_to_an_unknown_department_is_not_published(app):
    text = SERVICE.replace("to: ordnungsamt", "to: bauamt").replace("version: 1", "version: 9")
    with app.app_context(), pytest.raises(forms.DefinitionError) as caught:
        definitions.publish_source(db.session, text, "x.yaml")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "to: bauamt" in row)
    assert str(caught.value) == f"x.yaml:{line}: routing.0.to: unbekanntes Amt „bauamt“"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def go(client, url: str, answers: dict[str, str], action: str = "weiter") -> str:
    """Post a step that must be accepted; return where it leads."""
    response = post_step(client, url, answers, action)
    assert response.status_code == 302, text_of(response)
    return response.headers["Location"]


def wrapper(page: str, name: str) -> str:
    """Return the opening tag of a field's wrapper on a step page."""
    match = re.search(rf'<div data-field="{re.escape(name)}"[^>]*>', page)
    assert match, f"no wrapper for {name}"
    return match.group(0)


# --- the dog tax: account details only for a direct debit ------------------------------------

def test_a_hidden_field_is_not_stored_even_when_the_browser_sends_it(client, resident, db_session):
    url = fill_until(client, "hunde")
    go(client, url, {**ZAHLUNG, "zahlweise": "ueberweisung"})
    answers = draft(db_session, url).answers
    assert answers["zahlweise"] == "ueberweisung"
    assert "iban" not in answers and "kontoinhaber" not in answers


def test_a_direct_debit_needs_the_account_details_in_german(client, resident, db_session):
    url = fill_until(client, "hunde")
    response = post_step(client, url, {"zahlweise": "lastschrift", "richtigkeit": "y"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Bitte füllen Sie „IBAN für das SEPA-Lastschriftmandat“ aus." in page
    assert "Bitte füllen Sie „Kontoinhaberin oder Kontoinhaber“ aus." in page
    assert "zahlung" not in draft(db_session, url).completed_steps


def test_choosing_a_transfer_later_removes_the_saved_account_details(client, resident, db_session):
    review = fill_until(client, "zahlung")
    assert draft(db_session, review).answers["iban"] == "DE89370400440532013000"
    go(client, step_url(review, "zahlung"), {**ZAHLUNG, "zahlweise": "ueberweisung"})
    answers = draft(db_session, review).answers
    assert "iban" not in answers and "kontoinhaber" not in answers
    page = text_of(client.get(review))
    assert "Überweisung nach Bescheid" in page and "IBAN" not in page


def test_the_fee_is_shown_for_review_filed_and_sealed_on_the_receipt(client, resident, db_session):
    review = fill_until(client, "zahlung")
    page = text_of(client.get(review))
    assert re.search(r'<dt class="kern-description-list-item__key">Hundesteuer im ersten Jahr'
                     r'</dt>\s*<dd class="kern-description-list-item__value">120,00 €</dd>', page)
    support.post_form(client, review, {"aktion": "einreichen"})
    [case] = cases_of(db_session, resident)
    assert (case.submission.fee_cents, case.submission.fee_currency) == (12000, "EUR")
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert outbox.payload["review"][-1] == {
        "title": "Gebühr", "rows": [["Hundesteuer im ersten Jahr", "120,00 €"]]}
    assert outbox.payload["fee"] == {"cents": 12000, "currency": "EUR",
                                     "label": "Hundesteuer im ersten Jahr"}
    payload = payload_for(outbox.kind, outbox.payload)
    sections = receipt_document(payload, "Stadt Musterstadt").sections
    assert sections[-1].title == "Gebühr"
    assert sections[-1].rows == (("Hundesteuer im ersten Jahr", "120,00 €"),)


def test_the_visibility_endpoint_answers_what_the_servers_evaluator_says(
        client, resident, db_session, app):
    url = fill_until(client, "hunde")
    endpoint = url + "/sichtbarkeit"
    for zahlweise, shown in (("ueberweisung", False), ("lastschrift", True), ("", False)):
        response = support.post_form(client, endpoint, {"zahlweise": zahlweise}, page=url)
        assert response.status_code == 200 and response.is_json
        assert response.get_json() == {"zahlweise": True, "kontoinhaber": shown, "iban": shown,
                                       "richtigkeit": True}
        with app.app_context():
            saved = draft(db_session, url)
            spec = definitions.spec_of(saved.definition)
            outcome = forms.evaluate(spec, {**saved.answers, "zahlweise": zahlweise or None})
            assert response.get_json() == forms.field_visibility(spec.step("zahlung"), outcome)
    assert "zahlweise" not in draft(db_session, url).answers  # asking saves nothing


def test_the_visibility_endpoint_names_the_fields_of_each_group_entry(client, resident):
    url = fill_until(client, "halter")
    two_dogs = {"hunde-0-hundename": "Bello", "hunde-1-hundename": "Rex"}
    response = support.post_form(client, url + "/sichtbarkeit", two_dogs, page=url)
    visible = response.get_json()
    assert visible["hunde"] is True
    assert {k for k in visible if k.startswith("hunde-1-")} == {
        f"hunde-1-{f}" for f in ("hundename", "rasse", "chip", "haltung_seit", "gefaehrlich",
                                 "wesenstest", "tierheim")}
    assert visible["hunde-1-wesenstest"] is False  # Rex is not marked dangerous


def test_the_visibility_endpoint_guards_drafts_and_csrf(client, other_client, resident):
    url = fill_until(client, "hunde")
    support.register(other_client)
    foreign = support.post_form(other_client, url + "/sichtbarkeit", {"zahlweise": "x"},
                                page="/antraege/")
    assert foreign.status_code == 404
    assert client.post(url + "/sichtbarkeit", data={"zahlweise": "x"}).status_code == 400
    unknown = step_url(url, "geheim") + "/sichtbarkeit"
    assert support.post_form(client, unknown, {}, page=url).status_code == 404


def test_the_step_page_loads_the_script_from_the_server_and_marks_every_field(client, resident):
    url = fill_until(client, "hunde")
    page = text_of(client.get(url))
    assert f'data-visibility-url="{url}/sichtbarkeit"' in page
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/js/conditions.js" defer>']
    for name in ("zahlweise", "kontoinhaber", "iban", "richtigkeit"):
        assert "hidden" not in wrapper(page, name)  # decided on this page: shown without JS
    with client.get("/static/js/conditions.js") as script:
        assert script.status_code == 200 and "javascript" in script.mimetype
        assert "data-visibility-url" in text_of(script) and "eval(" not in text_of(script)


# --- a service with a step and fields that apply only sometimes ------------------------------

def test_a_step_that_does_not_apply_is_skipped_there_and_back(client, start, db_session):
    ende = go(client, start, PRIVAT)
    assert ende == step_url(start, "ende")
    page = text_of(client.get(ende))
    assert "Schritt 2 von 3: Ende" in page
    assert f'href="{step_url(start, "angaben")}"><span class="kern-label">Zurück' in page
    response = client.get(step_url(start, "gewerbe"))
    assert response.headers["Location"] == ende
    assert "Dieser Schritt entfällt nach Ihren bisherigen Angaben." in text_of(
        client.get(ende))
    assert go(client, ende, {}) == review_url(start)
    assert "Gewerbe" not in text_of(client.get(review_url(start)))


def test_a_business_files_through_the_extra_step_to_its_department_with_a_fee(
        client, start, resident, db_session):
    gewerbe = go(client, start, GEWERBLICH)
    assert gewerbe == step_url(start, "gewerbe")
    ende = go(client, gewerbe, {"register": "HRB 1234"})
    review = go(client, ende, {"tage": ["mo", "di"]})
    page = text_of(client.get(review))
    assert "Registernummer" in page and "HRB 1234" in page and "17,00 €" in page
    support.post_form(client, review, {"aktion": "einreichen"})
    [case] = cases_of(db_session, resident)
    assert case.department.key == "ordnungsamt"
    assert case.submission.fee_cents == 1700
    assert case.submission.answers == {"art": "gewerblich", "rueckruf": False,
                                       "firma": "Muster GmbH", "register": "HRB 1234",
                                       "tage": ["mo", "di"]}


def test_answers_of_a_step_that_no_longer_applies_are_not_filed(
        client, start, resident, db_session):
    gewerbe = go(client, start, GEWERBLICH)
    review = go(client, go(client, gewerbe, {"register": "HRB 1234"}), {})
    go(client, start, {**PRIVAT, "firma": "Muster GmbH"})
    saved = draft(db_session, start).answers
    assert "firma" not in saved and saved["register"] == "HRB 1234"  # kept while in draft
    page = text_of(client.get(review))
    assert "HRB 1234" not in page and "0,00 €" in page
    support.post_form(client, review, {"aktion": "einreichen"})
    [case] = cases_of(db_session, resident)
    assert case.submission.answers == {"art": "privat", "rueckruf": False, "tage": []}
    assert case.department.key == "steueramt"
    assert case.submission.fee_cents == 0


def test_a_field_hidden_by_another_page_is_rendered_hidden(client, start):
    ende = go(client, start, PRIVAT)
    assert "hidden" in wrapper(text_of(client.get(ende)), "telefon")
    go(client, start, {**PRIVAT, "rueckruf": "y"})
    page = text_of(client.get(ende))
    assert "hidden" not in wrapper(page, "telefon")
    response = post_step(client, ende, {})
    assert response.status_code == 400
    assert "Bitte füllen Sie „Telefon“ aus." in text_of(response)


def test_a_saved_step_opens_again_when_another_step_makes_an_answer_required(
        client, start, db_session):
    review = go(client, go(client, start, PRIVAT), {})
    assert client.get(review).status_code == 200
    go(client, start, {**PRIVAT, "rueckruf": "y"})
    response = client.get(review)
    assert response.status_code == 302
    assert response.headers["Location"] == step_url(start, "ende")
    assert go(client, step_url(start, "ende"), {"telefon": "0611 123456"}) == review


# --- a fee the answers cannot give is never made up ---------------------------------------------

OPEN_FEE = """\
slug: offene-gebuehr
version: 1
title: Offene Gebühr
summary: Eine Leistung, deren Gebühr nicht immer berechenbar ist, nur für Tests.
category: Tests
department: steueramt
processing_days: 10
retention_days: 365
reference_prefix: OFG
fee: {expression: "if(anzahl > 1000, anzahl * 1000000, 100 / anzahl)", currency: EUR,
      label: Verwaltungsgebühr}
steps:
  - id: angaben
    title: Angaben
    fields:
      - {id: anzahl, type: integer, label: Anzahl, required: true}
"""


@pytest.fixture(scope="module")
def open_fee_service(app) -> str:
    """Publish a service whose fee some answers cannot give; return its slug."""
    with app.app_context():
        definitions.publish_source(db.session, OPEN_FEE, "offene-gebuehr.yaml")
        db.session.commit()
    return "offene-gebuehr"


@pytest.mark.parametrize("anzahl", ["0", "-1", "5000"],
                         ids=["division-by-zero", "negative", "beyond-the-maximum"])
def test_a_fee_the_answers_cannot_give_is_left_to_the_department_everywhere(
        client, resident, db_session, open_fee_service, anzahl):
    review = go(client, support.start_draft(client, open_fee_service), {"anzahl": anzahl})
    page = text_of(client.get(review))
    assert not re.search(r"\d,\d\d €", page), "a fee was made up"
    assert forms.FEE_NOT_COMPUTABLE in page
    assert "Berechnet aus Ihren Angaben" not in page
    support.post_form(client, review, {"aktion": "einreichen"})
    [case] = cases_of(db_session, resident)
    assert (case.submission.fee_cents, case.submission.fee_currency) == (None, "EUR")
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    said = [["Verwaltungsgebühr", forms.FEE_NOT_COMPUTABLE]]
    assert outbox.payload["review"][-1] == {"title": "Gebühr", "rows": said}
    assert outbox.payload["fee"] == {"cents": None, "currency": "EUR",
                                     "label": "Verwaltungsgebühr"}
    payload = payload_for(outbox.kind, outbox.payload)
    receipt = receipt_document(payload, "Stadt Musterstadt").sections[-1]
    assert receipt.rows == (("Verwaltungsgebühr", forms.FEE_NOT_COMPUTABLE),)
    detail = text_of(client.get(f"/antraege/{case.reference}"))
    assert forms.FEE_NOT_COMPUTABLE in detail and "berechnet bei der Einreichung" not in detail


def test_a_fee_the_answers_give_is_shown_and_filed_as_computed(
        client, resident, db_session, open_fee_service):
    review = go(client, support.start_draft(client, open_fee_service), {"anzahl": "8"})
    assert "12,50 €" in text_of(client.get(review))
    support.post_form(client, review, {"aktion": "einreichen"})
    [case] = cases_of(db_session, resident)
    assert case.submission.fee_cents == 1250
