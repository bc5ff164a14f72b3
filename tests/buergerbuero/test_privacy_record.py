"""The record of processing activities (Art. 30 GDPR) for administrators: one activity per
published service filed here, built from the definitions, as a page and as a CSV whose cells a
spreadsheet never runs as formulas."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from .casework import text_of
from .privacy_pages import probe_session, publish_probe, shipped


def record_text(client) -> str:
    """Return the record page as text: tags gone, spaces folded."""
    page = text_of(client.get("/verwaltung/verarbeitungsverzeichnis"))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def record_csv(client) -> list[list[str]]:
    """Download the record and return its rows."""
    response = client.get("/verwaltung/verarbeitungsverzeichnis.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def probe(client):
    """The administrator's client; the probe service is removed afterwards."""
    yield from probe_session(client)



def test_the_record_lists_every_service_filed_here_with_its_data_categories(probe):
    markup = text_of(probe.get("/verwaltung/verarbeitungsverzeichnis"))
    for definition in shipped():
        # Listed by slug (other tests of the session may publish newer versions).
        listed = f"<code>{definition['slug']}</code>, Version" in markup
        assert listed == ("external" not in definition), definition["slug"]
    page = record_text(probe)
    assert "Angaben zur Person (Feld 1–11 GewA 1): Familienname, Vornamen" in page
    assert "Externe Angebote (hier keine Verarbeitung)" in page
    assert "Stadtbibliothek Musterstadt" in page


def test_the_csv_has_one_row_per_service_filed_here(probe):
    rows = record_csv(probe)
    assert rows[0][:3] == ["Leistung", "Kennung", "Version"]
    listed = {r[1] for r in rows[1:]}
    assert {d["slug"] for d in shipped() if "external" not in d} <= listed
    assert not {d["slug"] for d in shipped() if "external" in d} & listed
    trade = next(r for r in rows if r[1] == "gewerbeanmeldung")
    assert "Statistisches Landesamt: Rechtsform" in trade[8] and trade[9] == "3650"


def test_a_definition_text_never_becomes_a_spreadsheet_formula(probe):
    publish_probe(probe, 1, 365, extra="zweck: \"=HYPERLINK('http://evil.example')\"")
    row = next(r for r in record_csv(probe) if r[1] == "datenschutz-probe")
    assert row[3] == "'=HYPERLINK('http://evil.example')"
    assert "=HYPERLINK(&#39;http://evil.example&#39;)" in text_of(
        probe.get("/verwaltung/verarbeitungsverzeichnis"))
