"""Text no database can store (NUL, lone surrogates) and blank text are refused, never stored."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from buergerbuero.models import Case, Message, OutboxMessage, User

from .. import support
from ..forms.helpers import definition, line_containing
from .filing import draft, post_step

REFUSED = "unzulässiges Steuerzeichen"


def filed_case(client) -> str:
    """Register a resident and file a dog-tax case; return its reference."""
    support.register(client)
    return support.file_hundesteuer(client)


def messages_of(session, reference: str) -> int:
    """Count the stored messages of a case, as the database holds them now."""
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(Message).join(Case)
                          .where(Case.reference == reference))


def test_a_message_with_a_nul_character_gets_a_german_400_and_is_not_stored(client, db_session):
    reference = filed_case(client)
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "Bello\x00 ist gechippt."}, page=f"/antraege/{reference}")
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert messages_of(db_session, reference) == 0


def test_a_draft_answer_with_a_nul_character_keeps_the_saved_draft(client, db_session, resident):
    url = support.start_draft(client)
    assert post_step(client, url, support.HUNDESTEUER["halter"]).status_code == 302
    response = post_step(client, url, {**support.HUNDESTEUER["halter"], "nachname": "Muster\x00"})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert draft(db_session, url).answers["nachname"] == "Musterfrau"


def test_a_registration_name_with_a_nul_character_creates_no_account(client, db_session):
    email = "nul-name@example.org"
    response = support.post_form(client, "/konto/registrieren", {
        "display_name": "Erika\x00 Musterfrau", "email": email,
        "password": support.PASSWORD, "password_repeat": support.PASSWORD})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.scalar(select(User).where(User.email == email)) is None


@pytest.mark.parametrize("path", ["/antraege/HST%00", "/leistungen?suche=%00",
                                  "/leistungen/hund%00esteuer", "/verwaltung/aemter/a%00b"])
def test_a_nul_character_in_the_address_gets_a_german_400(client, resident, path):
    response = client.get(path)
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)


@pytest.mark.parametrize("body", ['{"a": "x\\u0000"}', '{"x\\u0000": 1}', '["\\ud800"]'])
def test_unstorable_text_in_a_json_body_gets_a_german_json_400(client, body):
    response = client.post("/api/ping", data=body, content_type="application/json")
    assert response.status_code == 400
    assert REFUSED in response.get_json()["message"]


@pytest.mark.parametrize("name", ["a\x00.pdf", "rechnung\u202efdp.exe", "a\x1b[2J.pdf"],
                         ids=["nul", "right-to-left override", "ansi"])
def test_an_upload_whose_file_name_holds_a_control_character_is_refused(client, resident, name):
    url = support.start_draft(client)
    token = support.csrf_of(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "aktion": "weiter",
                                      "hunde-0-wesenstest": (io.BytesIO(b"%PDF-1.4"), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)


def test_a_message_of_spaces_alone_is_refused_in_german_and_not_sent(client, db_session):
    reference = filed_case(client)
    support.fresh(db_session)
    outbox_before = db_session.scalar(select(func.count()).select_from(OutboxMessage))
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "  \r\n\t "}, page=f"/antraege/{reference}")
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Nachricht." in response.get_data(as_text=True)
    assert messages_of(db_session, reference) == 0
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == outbox_before


def test_a_name_of_spaces_alone_creates_no_account(client, db_session):
    response = support.post_form(client, "/konto/registrieren", {
        "display_name": "   ", "email": "blank-name@example.org",
        "password": support.PASSWORD, "password_repeat": support.PASSWORD})
    assert response.status_code == 400
    assert "Bitte geben Sie Ihren Namen an." in response.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.scalar(select(User).where(User.email == "blank-name@example.org")) is None


def fixed_forms() -> list[type]:
    """Return every fixed form class of the platform (all derive from GermanForm)."""
    from buergerbuero.core.webforms import GermanForm

    pending, found = [GermanForm], []
    while pending:
        subclasses = pending.pop().__subclasses__()
        found += subclasses
        pending += subclasses
    return found


BLANKS = [" \t ", "\u200b\u200b", "\ufeff", "\u2060\u200c\u200d", "\u3000", "\u3164"]
"""Text that shows nothing: spaces, zero-width and format characters, a Hangul filler."""


@pytest.mark.parametrize("blank", BLANKS, ids=["spaces", "zwsp", "bom", "joiners", "ideographic",
                                               "hangul filler"])
def test_every_required_text_field_of_every_fixed_form_refuses_spaces_alone(app, blank):
    from wtforms import PasswordField, StringField

    checked = []
    for form_class in fixed_forms():
        with app.test_request_context(method="POST"):
            names = [f.name for f in form_class(formdata=None, meta={"csrf": False})]
        with app.test_request_context(method="POST", data={n: blank for n in names}):
            form = form_class(meta={"csrf": False})
            form.validate()
            for field in form:
                typed = isinstance(field, StringField) and not isinstance(field, PasswordField)
                if typed and field.flags.required and field.name not in form.meta.verbatim:
                    assert field.errors, f"{form_class.__name__}.{field.name} took spaces alone"
                    checked.append(f"{form_class.__name__}.{field.name}")
    assert {"MessageForm.body", "ForwardForm.reason", "RegisterForm.display_name",
            "DepartmentForm.name", "DepartmentForm.key"} <= set(checked)


@pytest.mark.parametrize("blank", BLANKS[1:3], ids=["zwsp", "bom"])
def test_a_message_of_invisible_characters_alone_is_refused_and_not_sent(client, db_session,
                                                                         blank):
    reference = filed_case(client)
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": blank}, page=f"/antraege/{reference}")
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Nachricht." in response.get_data(as_text=True)
    assert messages_of(db_session, reference) == 0


def test_a_forwarding_with_an_invisible_reason_is_refused_and_the_case_stays(
        client, other_client, db_session, run_gateway):
    reference = filed_case(client)
    run_gateway()
    support.login_demo(other_client, "steueramt@example.org")
    response = support.post_form(other_client, f"/postfach/{reference}/weiterleiten",
                                 {"department": "ordnungsamt", "reason": "\u200b"},
                                 page=f"/postfach/{reference}")
    assert response.status_code == 400
    assert "Bitte begründen Sie die Weiterleitung." in response.get_data(as_text=True)
    support.fresh(db_session)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.department.key == "steueramt"


def stored_bodies(session, reference: str) -> list[str]:
    """Return the stored message texts of a case."""
    support.fresh(session)
    return list(session.scalars(select(Message.body).join(Case).where(Case.reference == reference)))


def test_a_message_is_stored_in_nfc_and_without_invisible_ends(client, db_session):
    reference = filed_case(client)
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "\ufeffCafe\u0301 am Eck\u200b"},
                                 page=f"/antraege/{reference}")
    assert response.status_code == 302
    assert stored_bodies(db_session, reference) == ["Café am Eck"]


CONTROLS = ["\x01", "\x1b[31m", "\x07", "\x0b", "\x0c", "\x7f", "\x85", "\x9b"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069"]


@pytest.mark.parametrize("char", CONTROLS + BIDI,
                         ids=[f"U+{ord(c[0]):04X}" for c in CONTROLS + BIDI])
def test_a_message_with_a_control_or_bidi_character_gets_a_german_400_and_is_not_stored(
        client, db_session, char):
    reference = filed_case(client)
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": f"Bello{char} ist gechippt."},
                                 page=f"/antraege/{reference}")
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert messages_of(db_session, reference) == 0


def test_tabs_and_line_breaks_in_a_message_are_kept(client, db_session):
    reference = filed_case(client)
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "Zeile 1\r\n\tZeile 2"}, page=f"/antraege/{reference}")
    assert response.status_code == 302
    assert [b.replace("\r\n", "\n") for b in stored_bodies(db_session, reference)] == [
        "Zeile 1\n\tZeile 2"]


def test_a_draft_answer_with_a_right_to_left_override_keeps_the_saved_draft(client, db_session,
                                                                            resident):
    url = support.start_draft(client)
    assert post_step(client, url, support.HUNDESTEUER["halter"]).status_code == 302
    response = post_step(client, url, {**support.HUNDESTEUER["halter"],
                                       "nachname": "Muster\u202euarf"})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert draft(db_session, url).answers["nachname"] == "Musterfrau"


def test_a_password_of_any_printable_characters_registers_and_logs_in(client):
    password, email = " Pässwörd ß€¿ 😀 <>&\"'\\ \u00a0ende ", "printable@example.org"
    response = support.post_form(client, "/konto/registrieren", {
        "display_name": "Erika", "email": email, "password": password,
        "password_repeat": password})
    assert response.status_code == 200  # registered; it never logs in by itself
    assert support.login(client, email, password.strip()).status_code != 302
    assert support.login(client, email, password).status_code == 302


DEEP_JSON = "[" * 990 + "]" * 990


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/ping"), ("POST", "/api/health"), ("POST", "/konto/anmelden"),
    ("POST", "/pruefen"), ("GET", "/leistungen")])
@pytest.mark.parametrize("content_type", ["application/json", "application/problem+json"])
def test_a_deeply_nested_json_body_gets_a_german_400_on_any_route(client, method, path,
                                                                  content_type):
    response = client.open(path, method=method, data=DEEP_JSON, content_type=content_type)
    assert response.status_code == 400
    assert "zu tief verschachtelt" in response.get_data(as_text=True)


def test_a_json_body_deeper_than_the_bound_but_decodable_is_refused_too(client):
    response = client.post("/api/ping", data="[" * 200 + "]" * 200,
                           content_type="application/json")
    assert response.status_code == 400
    assert "zu tief verschachtelt" in response.get_json()["message"]


def test_a_json_body_within_the_bound_is_walked_to_its_innermost_text(client):
    nested = '{"a": ' * 50 + '"x\\u001b"' + "}" * 50
    response = client.post("/api/ping", data=nested, content_type="application/json")
    assert response.status_code == 400
    assert REFUSED in response.get_json()["message"]
    assert client.get("/api/ping", data=nested.replace("\\u001b", ""),
                      content_type="application/json").status_code == 200


def test_a_definition_with_escaped_control_characters_is_refused_and_not_published(client):
    text = definition('- {id: name, type: text, label: "Ein\\0gabe"}').replace(
        "summary: Eine Leistung nur für Tests.", 'summary: "K\\x1b[31m\\x07urz"')
    support.login_demo(client, "admin@example.org")
    response = support.post_form(client, "/verwaltung/leistungen/neu", {"source": text})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"Zeile {line_containing(text, 'summary:')}: Kein gültiges YAML: der Text enthält " \
           "das unzulässige Zeichen U+001B" in page
    assert "testleistung" not in client.get("/verwaltung/leistungen").get_data(as_text=True)
