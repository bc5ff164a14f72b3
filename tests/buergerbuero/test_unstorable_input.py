"""Text no database can store (NUL, lone surrogates) and blank text are refused, never stored."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from buergerbuero.models import Case, Message, OutboxMessage, User

from .. import support
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


def test_an_upload_whose_file_name_holds_a_nul_character_is_refused(client, resident):
    url = support.start_draft(client)
    token = support.csrf_of(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "aktion": "weiter",
                                      "hunde-0-wesenstest": (io.BytesIO(b"%PDF-1.4"), "a\x00.pdf")},
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


def test_every_required_text_field_of_every_fixed_form_refuses_spaces_alone(app):
    from wtforms import PasswordField, StringField

    checked = []
    for form_class in fixed_forms():
        with app.test_request_context(method="POST"):
            names = [f.name for f in form_class(formdata=None, meta={"csrf": False})]
        with app.test_request_context(method="POST", data={n: " \t " for n in names}):
            form = form_class(meta={"csrf": False})
            form.validate()
            for field in form:
                typed = isinstance(field, StringField) and not isinstance(field, PasswordField)
                if typed and field.flags.required and field.name not in form.meta.verbatim:
                    assert field.errors, f"{form_class.__name__}.{field.name} took spaces alone"
                    checked.append(f"{form_class.__name__}.{field.name}")
    assert {"MessageForm.body", "ForwardForm.reason", "RegisterForm.display_name",
            "DepartmentForm.name", "DepartmentForm.key"} <= set(checked)
