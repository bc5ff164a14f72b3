"""Bewohnerparkausweis: only for a main residence inside a parking zone; proof for other cars."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from buergerbuero.models import Case
from forms.fields.parking import zone_of
from forms.spec import Option

from .. import support
from .uploading import small_pdf

PERSON = {"vorname": "Paula", "nachname": "Parker", "geburtsdatum": "1979-09-09",
          "email": "paula@example.org"}
RHEIN = Option("rheinstrasse", "Rheinstraße", {"ranges": [
    {"from": 1, "to": 99, "zone": "A", "parity": "odd"},
    {"from": 2, "to": 98, "zone": "B", "parity": "even"}]})


@pytest.mark.parametrize(("number", "zone"), [("5", "A"), ("4", "B"), ("99", "A"), ("98", "B"),
                                              ("12a", "B"), ("100", None), ("0", None),
                                              ("", None), ("zwölf", None)])
def test_the_zone_follows_street_number_and_side(number, zone):
    assert zone_of(RHEIN, number) == zone


def step(client, url: str, answers: dict, **kwargs):
    """Post one step and return the response."""
    return support.post_form(client, url, {**answers, "aktion": "weiter"}, **kwargs)


def to_wohnsitz(client) -> str:
    url = support.start_draft(client, "bewohnerparkausweis")
    return step(client, url, PERSON).headers["Location"]


def test_an_address_outside_every_zone_is_refused_and_the_answers_stay(client):
    support.register(client)
    url = to_wohnsitz(client)
    refused = step(client, url, {"wohnsitz-strasse": "waldstrasse", "wohnsitz-hausnummer": "25",
                                 "hauptwohnsitz": "y"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "liegt in keiner Bewohnerparkzone" in page
    assert 'value="25"' in page


def test_a_company_car_needs_proof_and_the_fee_follows_the_term(client, db_session):
    support.register(client)
    url = to_wohnsitz(client)
    url = step(client, url, {"wohnsitz-strasse": "rheinstrasse", "wohnsitz-hausnummer": "4",
                             "hauptwohnsitz": "y"}).headers["Location"]
    car = {"kennzeichen": "WI-PP 42", "halter": "firmenwagen"}
    missing = step(client, url, car, content_type="multipart/form-data")
    assert missing.status_code == 400
    assert "Nachweis der dauerhaften Nutzung" in missing.get_data(as_text=True)
    with_proof = step(client, url, {**car, "nachweis": (io.BytesIO(small_pdf()), "arbeitgeber.pdf",
                                                        "application/pdf")},
                      content_type="multipart/form-data")
    assert with_proof.status_code == 302
    review = step(client, with_proof.headers["Location"], {"laufzeit": "2", "richtigkeit": "y"})
    page = client.get(review.headers["Location"]).get_data(as_text=True)
    assert "61,40" in page and "Rheinstraße 4 (Zone B)" in page
    done = support.post_form(client, review.headers["Location"], {"aktion": "einreichen"})
    case = db_session.scalar(select(Case).where(
        Case.reference == done.headers["Location"].rsplit("/", 1)[-1]))
    assert case.submission.answers["wohnsitz"]["parkzone"] == "B"
    assert case.submission.fee_cents == 6140
    assert len(case.submission.attachments) == 1
