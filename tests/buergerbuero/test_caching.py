"""No page is stored by browsers or proxies (case pages, answers with an IBAN, documents, forms
with CSRF tokens); static assets stay cacheable, and a view may still choose its own caching."""

from __future__ import annotations

import re

from .. import support


def not_stored(response) -> bool:
    """Tell whether a response forbids any cache to keep it."""
    return ("no-store" in response.cache_control
            and response.headers.get("Pragma") == "no-cache")


def test_review_page_with_the_iban_is_not_stored(resident, client):
    url = support.start_draft(client)
    for step_id in ("halter", "hunde", "zahlung"):
        response = support.post_form(client, url, {**support.HUNDESTEUER[step_id],
                                                   "aktion": "weiter"})
        url = response.headers["Location"]
    review = client.get(url)
    assert "DE89" in review.get_data(as_text=True)
    assert not_stored(review)


def test_case_page_and_its_sealed_document_are_not_stored(resident, client, run_gateway):
    reference = support.file_hundesteuer(client)
    run_gateway()
    page = client.get(f"/antraege/{reference}")
    assert not_stored(page)
    link = re.search(r'href="(/antraege/[^"]+/dokumente/\d+)"', page.get_data(as_text=True))
    assert link, "no sealed document on the case page"
    document = client.get(link.group(1))
    assert document.status_code == 200
    assert not_stored(document)


def test_anonymous_pages_and_errors_are_not_stored(client):
    for url in ("/konto/anmelden", "/leistungen", "/api/health", "/gibt-es-nicht"):
        assert not_stored(client.get(url)), url


def test_static_assets_stay_cacheable(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_view_that_chooses_its_caching_keeps_it(app):
    with support.sibling_app(app) as sibling:
        @sibling.route("/test-cacheable")
        def cacheable():
            response = sibling.make_response("öffentlich")
            response.cache_control.public = True
            response.cache_control.max_age = 600
            return response

        response = sibling.test_client().get("/test-cacheable")
    assert response.headers["Cache-Control"] == "public, max-age=600"
    assert "Pragma" not in response.headers
