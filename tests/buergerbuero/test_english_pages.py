"""The public and resident pages in English: catalogue, service, steps, review, case, errors,
/pruefen and the legal pages, with `<html lang="en">` and none of the platform's German left.

"German left" is any German message id of the catalogue (with a different English text) found
in the page's visible text outside an element marked `lang="de"`. Bad language input (an
unknown `?lang`, a garbled cookie, a nonsense Accept-Language) never breaks a page.
"""

from __future__ import annotations

import html
import io
import re

import pytest

from buergerbuero.core import catalogs

from .. import support
from .filing import fill_until

ENGLISH = {"Accept-Language": "en"}
TAGS = re.compile(r"<[^>]+>")
GERMAN_PART = re.compile(r'<(\w+)\b[^>]*\blang="de"[^>]*>.*?</\1>', re.S)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
SERVICE = "hundesteuer-anmeldung"


@pytest.fixture(scope="module")
def german_phrases() -> list[str]:
    """The German texts of the catalogue a page may show (pieces between placeholders)."""
    phrases = set()
    for message in catalogs.english("en"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or set(ids) & set(strings):
            continue  # the same in both languages ("Status"): no sign of German
        for msgid in ids:
            phrases.update(p.strip() for p in PLACEHOLDER.split(msgid) if _telling(p.strip()))
    return sorted(phrases)


def _telling(piece: str) -> bool:
    """Say whether a piece of a message id is long enough to show that German was left."""
    return len(piece) >= 8 or (len(piece) >= 5 and " " in piece)


@pytest.fixture
def english(client):
    """The test client, asking for English on every request."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def visible_text(page: str) -> str:
    """Return a page's text outside German-marked parts, with whitespace collapsed."""
    return " ".join(text_nodes(page))


def text_nodes(page: str) -> list[str]:
    """Return the text between the tags of a page's body, outside German-marked parts."""
    body = GERMAN_PART.sub(" ", page.split("<body", 1)[-1])
    return [" ".join(html.unescape(node).split()) for node in TAGS.split(body) if node.strip()]


def german_left(page: str, german_phrases: list[str]) -> list[str]:
    """Return the German phrases on the page: a phrase of words anywhere in the text, a single
    word only as a whole text (a service's own German, "E-Mail-Adresse für Rückfragen", is the
    definition's, which another area makes bilingual)."""
    nodes = text_nodes(page)
    text = " ".join(nodes)
    return [phrase for phrase in german_phrases
            if (phrase in text if " " in phrase else phrase in nodes)]


def assert_english(response, german_phrases, status: int = 200) -> str:
    """Check the page is English (`lang`, no German message left) and return its text."""
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:2000]
    assert '<html lang="en">' in page
    text = visible_text(page)
    left = german_left(page, german_phrases)
    assert not left, f"German left on the page: {left}\n{text[:3000]}"
    return text


def test_the_catalogue_and_a_service_page_are_english(english, german_phrases):
    text = assert_english(english.get("/leistungen"), german_phrases)
    assert "Apply online" in text and "Services" in text
    text = assert_english(english.get(f"/leistungen/{SERVICE}"), german_phrases)
    assert "Responsible department" in text and "Processing time" in text
    assert "Log in and start the application" in text and "No account yet?" in text


def test_a_step_the_review_and_the_case_page_are_english(english, german_phrases):
    support.register(english)
    step = support.start_draft(english)
    text = assert_english(english.get(step), german_phrases)
    assert "Step 1 of" in text and "Save and continue later" in text and "(required)" in text
    review = fill_until(english, "zahlung")
    text = assert_english(english.get(review), german_phrases)
    assert "Check your details" in text and "Submit the application (binding)" in text
    response = support.post_form(english, review, {"aktion": "einreichen"})
    reference = response.headers["Location"].rsplit("/", 1)[-1]
    text = assert_english(english.get(f"/antraege/{reference}"), german_phrases)
    assert f"Your application has been received. Reference number: {reference}" in text
    assert "Application submitted" in text and "No messages yet." in text
    assert_english(english.get("/antraege/"), german_phrases)


def test_a_message_refused_in_english_then_sent_with_an_english_notice(english, german_phrases):
    support.register(english)
    reference = support.file_hundesteuer(english)
    page = f"/antraege/{reference}"
    response = support.post_form(english, f"{page}/nachricht", {"body": " "}, page=page)
    assert "Please write a message." in assert_english(response, german_phrases, 400)
    response = support.post_form(english, f"{page}/nachricht", {"body": "Hello"}, page=page,
                                 follow_redirects=True)
    assert "Your message has been sent." in assert_english(response, german_phrases)


def test_the_same_case_page_stays_german_for_a_german_reader(client):
    support.register(client)
    reference = support.file_hundesteuer(client)
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert '<html lang="de">' in page and "Antrag eingereicht" in page
    assert "Application submitted" not in page


def test_registration_and_login_speak_english(english, german_phrases):
    response = support.post_form(english, "/konto/registrieren", {
        "display_name": "", "email": "kein-at", "password": "kurz", "password_repeat": "x"})
    text = assert_english(response, german_phrases, 400)
    assert "Please enter your name." in text and "Please correct your details" in text
    response = support.login(english, "buergerin@example.org", "Falsches-Passwort-1")
    assert "The email address or password is wrong." in assert_english(
        response, german_phrases, 401)


def test_wtforms_own_messages_follow_the_language(client, english, german_phrases):
    data = {"record": "x" * 10001, "signature": "y"}
    text = assert_english(support.post_form(english, "/pruefen", data), german_phrases, 400)
    assert "Field cannot be longer than 10000 characters." in text
    english.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    german = support.post_form(english, "/pruefen", data).get_data(as_text=True)
    assert "Feld kann nicht länger als 10000 Zeichen sein." in german


def test_the_verification_page_is_english(english, german_phrases):
    text = assert_english(english.get("/pruefen"), german_phrases)
    assert "Check proofs" in text and "Sealed PDF" in text
    response = support.post_form(english, "/pruefen", {})
    assert "Please upload a PDF or paste a proof and its signature." in assert_english(
        response, german_phrases, 400)
    response = support.post_form(english, "/pruefen", {"record": "some proof"})
    assert "Please also paste “Signature”" in assert_english(response, german_phrases, 400)


@pytest.mark.parametrize("name, title", [("impressum", "Legal notice"),
                                         ("datenschutz", "Privacy notice"),
                                         ("barrierefreiheit", "Accessibility statement")])
def test_a_legal_page_in_english_keeps_the_binding_german_text(english, german_phrases, name,
                                                               title):
    response = english.get(f"/seiten/{name}")
    text = assert_english(response, german_phrases)
    assert title in text and "the German version is legally binding" in text
    german_part = re.search(r'<div lang="de">(.*?)</div>', response.get_data(as_text=True), re.S)
    assert german_part and re.search(r"[äöüß]|Stadt", german_part.group(1))


def test_a_legal_page_in_german_shows_no_second_text(client):
    page = client.get("/seiten/datenschutz").get_data(as_text=True)
    assert "DSGVO" in page and 'lang="de">' not in page.split("<body", 1)[1].split("<footer")[0]


def test_the_error_pages_are_english(app, english, german_phrases):
    assert "Page not found" in assert_english(english.get("/leistungen/gibt-es-nicht"),
                                              german_phrases, 404)
    assert "Not allowed" in assert_english(english.get("/konto/abmelden"), german_phrases, 405)
    response = english.post("/konto/anmelden", data={"email": "a@example.org", "password": "x"})
    assert "The form has expired" in assert_english(response, german_phrases, 400)
    response = english.post("/konto/anmelden", data=b"x" * (17 * 1024 * 1024),
                            content_type="application/octet-stream")
    assert "larger than allowed (16 MB)" in assert_english(response, german_phrases, 413)
    support.register(english)
    assert "No access" in assert_english(english.get("/verwaltung/"), german_phrases, 403)


def test_a_json_error_is_english_too(english):
    response = english.get("/leistungen/gibt-es-nicht", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Page not found"


def test_the_429_page_says_in_english_how_long_to_wait(app, german_phrases):
    with support.sibling_app(app, RATELIMIT_LOGIN="1 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        client = limited.test_client()
        client.environ_base.update(REMOTE_ADDR="192.0.2.77", HTTP_ACCEPT_LANGUAGE="en")
        support.login(client, "buergerin@example.org", "Falsches-Passwort-1")
        response = support.login(client, "buergerin@example.org", "Falsches-Passwort-1")
    text = assert_english(response, german_phrases, 429)
    assert "Too many attempts" in text
    assert re.search(r"Please wait about \d+ seconds? and then try again\.", text), text


def test_an_unknown_language_switch_gets_a_clear_400_in_english(english, german_phrases):
    response = support.post_form(english, "/konto/sprache", {"sprache": "xx", "next": "/"},
                                 page="/leistungen")
    assert_english(response, german_phrases, 400)


@pytest.mark.parametrize("cookie", ["xx", "\u00e9\u00e9", "en;de", "", "a" * 4000])
def test_a_garbled_cookie_or_unknown_lang_breaks_no_page(client, cookie):
    client.set_cookie("sprache", cookie)
    for url in ("/leistungen?lang=xx", f"/leistungen/{SERVICE}?lang=%C3%A9", "/pruefen?lang=en-XX",
                "/seiten/impressum"):
        response = client.get(url, headers={"Accept-Language": "!!;q=x, *;q=nonsense"})
        assert response.status_code == 200, url
        assert '<html lang="de">' in response.get_data(as_text=True)


def test_an_english_upload_too_large_is_refused_in_english(app, german_phrases):
    with support.sibling_app(app, MAX_CONTENT_LENGTH=64 * 1024) as small:
        response = small.test_client().post(
            "/antraege/entwurf/1/schritt/angaben", content_type="multipart/form-data",
            headers=ENGLISH,
            data={"nachweis": (io.BytesIO(b"%PDF-" + b"0" * 100 * 1024), "gross.pdf")})
    assert "File too large" in assert_english(response, german_phrases, 413)


def test_a_control_character_in_lang_gets_a_clear_400_not_a_500(english, german_phrases):
    text = assert_english(english.get("/leistungen?lang=%00"), german_phrases, 400)
    assert "control character that is not allowed" in text
