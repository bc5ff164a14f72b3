"""Drafting a Bescheid on the case page: templates and placeholders, reasons, the preview."""

from __future__ import annotations

import html
import re

from buergerbuero.models import DecisionOutcome, DecisionState

from .. import support
from ..signing.pdf_text import shown_strings
from .casework import OTHER_CASEWORKER, events, text_of
from .deciding import GRANT, decisions_of, delivered_case, save


def test_the_case_page_offers_the_bescheid_prefilled_from_the_case(client, other_client,
                                                                    run_gateway):
    reference = delivered_case(client, other_client, run_gateway)
    page = text_of(other_client.get(f"/postfach/{reference}"))
    assert 'id="bescheid"' in page
    assert "nur durch einen Bescheid" in page
    assert f"(Aktenzeichen {reference})" in page  # the department's template, completed
    assert "Erika Musterfrau\nLindenweg 4\n65183 Musterstadt" in page
    assert 'value="120,00"' in page  # the fee computed when filing


def test_a_draft_from_the_department_template_is_saved_with_its_placeholders_filled(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    response = save(other_client, reference)
    assert response.status_code == 302, text_of(response)[-2000:]
    [decision] = decisions_of(db_session, reference)
    assert decision.state is DecisionState.DRAFT and decision.outcome is DecisionOutcome.BEWILLIGUNG
    assert "„Anmeldung eines Hundes zur Hundesteuer“ vom " in decision.body
    assert f"(Aktenzeichen {reference})" in decision.body and "{" not in decision.body
    assert decision.fee_cents == 12000 and not decision.needs_approval
    assert "Widerspruch" in decision.remedy and "Stadt Musterstadt, Steueramt" in decision.remedy
    assert [e.details["outcome"] for e in events(db_session, reference, "decision_drafted")] == [
        "bewilligung"]
    save(other_client, reference, tenor="Neu: {name}, {aktenzeichen}.", gebuehr="99,5")
    [reworked] = decisions_of(db_session, reference)  # rework changes the one draft
    assert reworked.body == f"Neu: Erika Musterfrau, {reference}." and reworked.fee_cents == 9950


def test_anything_but_a_full_grant_needs_reasons_and_nothing_is_saved_without(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    for outcome in ("ablehnung", "teilbewilligung"):
        response = save(other_client, reference, entscheidung=outcome, tenor="Abgelehnt.")
        assert response.status_code == 400
        assert "Bitte begründen Sie die Entscheidung" in text_of(response)
        assert "Abgelehnt." in text_of(response)  # what was typed stays
    assert decisions_of(db_session, reference) == []
    response = save(other_client, reference, entscheidung="ablehnung",
                    begruendung="Der Hund lebt nicht in Musterstadt.")
    assert response.status_code == 302
    [decision] = decisions_of(db_session, reference)
    assert decision.outcome is DecisionOutcome.ABLEHNUNG
    assert "Ihr Antrag wird abgelehnt." in decision.body  # the empty text took the template


def test_unknown_placeholders_and_open_braces_are_refused_with_a_german_message(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    cases = {"Für {empfaenger} am {datum}": "Unbekannter Platzhalter: {empfaenger}",
             "Kosten { offen": "geschweifte Klammer ist nicht geschlossen",
             "{aktenzeichen!r}": "ohne Zusatz", "{aktenzeichen.upper}": "{aktenzeichen.upper}",
             "{}": "Unbekannter Platzhalter: {}"}
    for tenor, message in cases.items():
        response = save(other_client, reference, tenor=tenor)
        assert response.status_code == 400, tenor
        assert message in text_of(response), tenor
    assert decisions_of(db_session, reference) == []
    assert save(other_client, reference, tenor="Klammern {{so}} bleiben.").status_code == 302
    assert decisions_of(db_session, reference)[0].body == "Klammern {so} bleiben."


def test_the_template_of_the_chosen_outcome_is_put_in_without_saving(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    response = save(other_client, reference, entscheidung="ablehnung", tenor="alt",
                    aktion="vorlage")
    assert response.status_code == 200
    page = text_of(response)
    assert "Ihr Antrag wird abgelehnt." in page and ">alt<" not in page
    assert decisions_of(db_session, reference) == []
    assert save(other_client, reference, entscheidung="unsinn", aktion="vorlage"
                ).status_code == 400


def test_the_preview_is_an_unsealed_pdf_marked_draft(app, client, other_client, run_gateway):
    reference = delivered_case(client, other_client, run_gateway)
    missing = other_client.get(f"/postfach/{reference}/bescheid/vorschau")
    assert missing.status_code == 409
    assert "Speichern Sie zuerst einen Entwurf" in text_of(missing)
    save(other_client, reference, begruendung="Alles in Ordnung.")
    response = other_client.get(f"/postfach/{reference}/bescheid/vorschau")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    assert b"/ByteRange" not in pdf  # not sealed
    strings = shown_strings(pdf)
    assert "ENTWURF" in strings
    assert reference in strings and "Begründung" in strings and "Alles in Ordnung." in strings
    assert "Hundesteuer im ersten Jahr: 120,00 €" in strings
    assert "Lindenweg 4" in strings and "Rechtsbehelfsbelehrung" in strings
    outsider = app.test_client()
    support.login_demo(outsider, OTHER_CASEWORKER)
    assert outsider.get(f"/postfach/{reference}/bescheid/vorschau").status_code == 404


def test_the_form_keeps_to_its_bounds(client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    bad = {"gebuehr": "zwölf", "anschrift": "", "entscheidung": "vielleicht"}
    for name, value in bad.items():
        response = save(other_client, reference, **{name: value})
        assert response.status_code == 400, name
    nine_lines = "\n".join(f"Zeile {n}" for n in range(9))
    assert "höchstens 8 Zeilen" in text_of(save(other_client, reference, anschrift=nine_lines))
    assert decisions_of(db_session, reference) == []
    assert GRANT["entscheidung"] == "bewilligung"


def test_a_saved_draft_with_braces_is_offered_for_rework_so_that_saving_it_again_keeps_it(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    assert save(other_client, reference, tenor="Klammern {{so}} bleiben.").status_code == 302
    page = other_client.get(f"/postfach/{reference}").get_data(as_text=True)
    offered = html.unescape(re.search(r'<textarea[^>]*name="tenor"[^>]*>\r?\n?(.*?)</textarea>',
                                      page, re.DOTALL).group(1))
    assert offered == "Klammern {{so}} bleiben."
    response = save(other_client, reference, tenor=offered, gebuehr="99,00")
    assert response.status_code == 302, text_of(response)[-2000:]
    [decision] = decisions_of(db_session, reference)
    assert decision.body == "Klammern {so} bleiben." and decision.fee_cents == 9900
