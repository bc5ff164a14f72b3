"""The language switch: Accept-Language first, then the browser's cookie, then the account."""

from __future__ import annotations

import re

from sqlalchemy import select

from buergerbuero.core.extensions import db
from buergerbuero.models import User

from .. import support


def page_language(client, url: str = "/leistungen", **headers) -> str:
    """Return the `lang` of a page's <html> element."""
    html = client.get(url, headers=headers).get_data(as_text=True)
    return re.search(r'<html lang="([a-z]+)"', html).group(1)


def switch(client, language: str, next_url: str = "/leistungen"):
    """Press the language switch on a page."""
    page = next_url if next_url.startswith("/l") else "/leistungen"
    return support.post_form(client, "/konto/sprache", {"sprache": language, "next": next_url},
                             page=page)


def test_german_without_any_hint_and_english_when_the_browser_prefers_it(client):
    assert page_language(client) == "de"
    assert page_language(client, **{"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}) == "en"
    assert page_language(client, **{"Accept-Language": "fr-FR,fr;q=0.9"}) == "de"


def test_the_switch_speaks_english_and_returns_to_the_page(client):
    response = switch(client, "en", "/leistungen?suche=hund")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/leistungen?suche=hund")
    assert "sprache=en" in response.headers["Set-Cookie"]
    html = client.get("/leistungen").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Zum Inhalt springen" not in html
    # The switch back names German in German, marked as such for screen readers.
    assert re.search(r'<button[^>]*value="de" lang="de"', html)


def test_the_cookie_beats_the_browser_header(client):
    switch(client, "de")
    assert page_language(client, **{"Accept-Language": "en"}) == "de"


def test_an_account_keeps_its_language_across_browsers(app, client, other_client):
    email = support.register(client)
    switch(client, "en")
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == email)) == "en"
    support.login(other_client, email, support.PASSWORD)
    assert page_language(other_client, **{"Accept-Language": "de"}) == "en"


def test_a_language_chosen_before_login_goes_to_an_account_that_has_none(app, client):
    switch(client, "en")
    email = support.register(client)
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == email)) == "en"


def test_an_unknown_language_is_refused_in_words_and_the_page_stays(client):
    response = switch(client, "fr")
    assert response.status_code == 400
    assert "Diese Sprache wird nicht angeboten" in response.get_data(as_text=True)
    assert page_language(client) == "de"


def test_a_forged_cookie_or_a_foreign_next_is_ignored(client):
    client.set_cookie("sprache", "xx<script>")
    assert page_language(client) == "de"
    for foreign in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        assert switch(client, "en", foreign).headers["Location"] == "/leistungen", foreign


def test_the_switch_on_a_page_only_a_post_reaches_returns_to_the_catalogue(client):
    refused = switch(client, "fr")  # the 400 page of POST /konto/sprache has the switch too
    back = re.search(r'name="next" value="([^"]*)"', refused.get_data(as_text=True)).group(1)
    assert back == "/leistungen"
    missing = client.get("/gibt-es-nicht").get_data(as_text=True)
    assert 'name="next" value="/leistungen"' in missing
    step = client.get("/leistungen/hundesteuer-anmeldung?x=1").get_data(as_text=True)
    assert 'name="next" value="/leistungen/hundesteuer-anmeldung?x=1"' in step


def test_the_switch_returns_to_the_catalogue_from_an_address_it_cannot_fetch(client):
    for target in ("/konto/abmelden", "/gibt-es-nicht", "/" + "a" * 3000):
        assert switch(client, "en", target).headers["Location"] == "/leistungen", target
    assert switch(client, "en", "/verwaltung").headers["Location"] == "/verwaltung"


def test_the_switch_without_its_csrf_token_changes_nothing(client):
    response = client.post("/konto/sprache", data={"sprache": "en", "next": "/leistungen"})
    assert response.status_code == 400
    assert not any(c.startswith("sprache=") for c in response.headers.getlist("Set-Cookie"))
    assert page_language(client) == "de"
