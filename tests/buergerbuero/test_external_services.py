"""External services: a definition that links to another portal, listed beside the others with
a clear marker, never filed here; the loader refuses a form's keys and any address but https."""

from __future__ import annotations

import uuid

import pytest

import forms
from forms.yamlsource import key_line, parse

from .. import support
from ..forms.helpers import SERVICES, codelists
from .filing import publish_source

LIBRARY = (SERVICES / "stadtbibliothek.yaml").read_text("utf-8")


def load_error(text: str) -> forms.DefinitionError:
    """Load a definition that must be refused; return the error."""
    with pytest.raises(forms.DefinitionError) as caught:
        forms.load_definition(text, "extern.yaml", codelists())
    return caught.value


def test_the_catalogue_lists_the_library_with_its_marker(client):
    page = client.get("/leistungen").get_data(as_text=True)
    entry = page[page.index("Medien der Stadtbibliothek"):]
    entry = entry[:entry.index("</article>")]
    assert "Externes Angebot: führt zu Stadtbibliothek Musterstadt" in entry
    assert "Gebühr" not in entry and "gebührenfrei" not in entry


def test_its_page_links_out_and_says_it_leaves_the_site(client):
    page = client.get("/leistungen/stadtbibliothek").get_data(as_text=True)
    assert 'href="https://bibliothek.musterstadt.de/konto"' in page
    assert "Weiter zu Stadtbibliothek Musterstadt (verlässt diese Website)" in page
    assert "Antrag starten" not in page and "Zuständig" not in page


def test_a_resident_cannot_start_it_as_a_form(client):
    support.register(client)
    response = support.post_form(client, "/antraege/neu/stadtbibliothek", {},
                                 page="/leistungen/stadtbibliothek")
    assert response.status_code == 404


def test_administrators_see_its_version_page(client):
    support.login_demo(client, "admin@example.org")
    response = client.get("/verwaltung/leistungen/stadtbibliothek/1")
    assert response.status_code == 200
    assert "stadtbibliothek" in response.get_data(as_text=True)


def test_an_administrator_publishes_an_external_service_in_the_browser(client):
    slug = f"landesportal-{uuid.uuid4().hex[:8]}"
    source = (LIBRARY.replace("slug: stadtbibliothek", f"slug: {slug}")
              .replace("https://bibliothek.musterstadt.de/konto",
                       "https://verwaltungsportal.hessen.de/leistung?id=42")
              .replace("Medien der Stadtbibliothek vormerken und verlängern",
                       f"Leistung im Landesportal ({slug})")
              .replace("Musterstadt City Library", "State portal")
              .replace("Stadtbibliothek Musterstadt", "Landesportal Hessen"))
    support.login_demo(client, "admin@example.org")
    publish_source(client, source, slug)
    support.logout(client)
    listing = client.get("/leistungen", query_string={"q": "Bibliotheksausweis"})
    assert "Externes Angebot: führt zu Landesportal Hessen" in listing.get_data(as_text=True)
    page = client.get(f"/leistungen/{slug}").get_data(as_text=True)
    assert 'href="https://verwaltungsportal.hessen.de/leistung?id=42"' in page


@pytest.mark.parametrize("url", [
    "http://bibliothek.musterstadt.de/konto", "javascript:alert(1)", "https://",
    "ftp://bibliothek.musterstadt.de", "https://bibliothek musterstadt.de",
    "https://bibliothek.musterstadt.de/\"><script>",
])
def test_only_an_https_address_is_accepted(url):
    error = load_error(LIBRARY.replace("https://bibliothek.musterstadt.de/konto", f"'{url}'"))
    assert [p.path for p in error.problems] == ["external.url"]
    assert "https://" in str(error.problems[0].message)


@pytest.mark.parametrize("extra", [
    "department: kita\n", "steps: []\n", "fee: {expression: '5', currency: EUR}\n",
    "processing_days: 5\n", "reference_prefix: BIB\n",
])
def test_a_form_key_is_refused_in_german_with_its_line(extra):
    text = LIBRARY + extra
    error = load_error(text)
    key = extra.split(":")[0]
    problem = next(p for p in error.problems if p.path == key)
    assert "gibt es bei einer externen Leistung nicht" in str(problem.message)
    assert problem.line == key_line(parse(text, "x")[1], [], key)


def test_an_external_service_needs_its_provider():
    provider = next(line for line in LIBRARY.splitlines(True) if "provider:" in line)
    error = load_error(LIBRARY.replace(provider, ""))
    assert [(p.path, str(p.message)) for p in error.problems] == [
        ("external", "Pflichtschlüssel „provider“ fehlt")]


def test_an_unknown_key_stays_an_unknown_key():
    error = load_error(LIBRARY + "oeffnungszeiten: immer\n")
    assert "unbekannter Schlüssel „oeffnungszeiten“" in str(error)
