"""The message box live, both sides: the messages after a cursor rendered by the page's own
partial (escaped there), the new cursor, each message's delivery state from its receipts, the
page's rules kept (Abholbestätigung on first showing, the reply flag), access as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from buergerbuero.cases.live_box import furthest_receipts
from buergerbuero.models import PostfachEntry, Receipt, ReceiptKind, ResidentBoxEntry, User

from .. import support
from .casework import case_of, file_and_deliver, new_account, text_of
from .conversing import caseworker, messages_of, newest_outbox, pdf_and_png, send
from .live_boxing import poll, polled
from .logins import move, open_login


def test_the_resident_polls_and_gets_only_what_came_after_the_cursor(
        app, client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    empty = polled(client, reference)
    assert empty == {"html": "", "cursor": 0, "count": 0, "states": {}}
    assert send(client, reference, "Meine erste Frage.").status_code == 302
    department = caseworker(app)
    assert send(department, reference, "Unsere Antwort.", department=True).status_code == 302
    first, answer = messages_of(db_session, reference)
    both = polled(client, reference)
    assert both["count"] == 2 and both["cursor"] == answer.id
    assert both["html"].index("Meine erste Frage.") < both["html"].index("Unsere Antwort.")
    after = polled(client, reference, first.id)
    assert after["count"] == 1 and "Unsere Antwort." in after["html"]
    assert "Meine erste Frage." not in after["html"]
    assert polled(client, reference, answer.id) == {
        "html": "", "cursor": answer.id, "count": 0, "states": after["states"]}


def test_the_poll_renders_what_the_page_shows_with_files_and_escapes_markup(
        app, client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    markup = '<script>alert("x")</script><b>fett</b>'
    assert send(client, reference, markup, pdf_and_png()).status_code == 302
    html = polled(client, reference)["html"]
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;fett&lt;/b&gt;" in html
    assert "Nachweis.pdf" in html and "Foto vom Hund.png" in html
    [message] = messages_of(db_session, reference)
    page = text_of(client.get(f"/antraege/{reference}"))
    article = html.strip()
    assert article in page  # the same partial: the page holds the very same markup
    assert f'data-cursor="{message.id}"' in page


def test_states_follow_the_receipts_from_sent_to_delivered_to_opened(
        app, client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    assert send(client, reference, "Bitte um Auskunft.").status_code == 302
    [message] = messages_of(db_session, reference)
    key = str(message.id)
    assert polled(client, reference)["states"] == {key: "wird über die Poststelle zugestellt"}
    run_gateway()
    assert polled(client, reference)["states"] == {key: "zugestellt"}
    department = caseworker(app)
    assert polled(department, reference, department=True)["states"][key] == "geöffnet"
    assert polled(client, reference)["states"] == {key: "geöffnet"}


def test_the_department_poll_opens_the_residents_message_and_clears_the_reply_flag(
        app, client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    department = caseworker(app)
    cursor = polled(department, reference, department=True)["cursor"]
    assert send(client, reference, "Neu von mir.").status_code == 302
    run_gateway()
    outbox = newest_outbox(db_session, "message")
    assert case_of(db_session, reference).reply_at is not None
    answer = polled(department, reference, cursor, department=True)
    assert answer["count"] == 1 and "Neu von mir." in answer["html"]
    support.fresh(db_session)
    assert case_of(db_session, reference).reply_at is None
    entry = db_session.scalar(select(PostfachEntry).where(
        PostfachEntry.message_id == outbox.message_id))
    assert entry.opened_at is not None
    assert db_session.scalar(select(Receipt).where(
        Receipt.message_id == outbox.message_id, Receipt.kind == ReceiptKind.ABHOLUNG))


def test_the_resident_poll_signs_the_abholbestaetigung_on_first_showing(
        app, client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    department = caseworker(app)
    assert send(department, reference, "Bitte beachten Sie das Merkblatt.",
                department=True).status_code == 302
    outbox = newest_outbox(db_session, "reply")
    run_gateway()
    support.fresh(db_session)
    entry = db_session.scalar(select(ResidentBoxEntry).where(
        ResidentBoxEntry.message_id == outbox.message_id))
    assert entry.opened_at is None
    assert "Merkblatt" in polled(client, reference)["html"]
    support.fresh(db_session)
    assert db_session.get(ResidentBoxEntry, entry.id).opened_at is not None
    receipts = db_session.scalars(select(Receipt).where(
        Receipt.message_id == outbox.message_id, Receipt.kind == ReceiptKind.ABHOLUNG)).all()
    assert len(receipts) == 1
    polled(client, reference)  # a second showing signs nothing more
    assert len(db_session.scalars(select(Receipt).where(
        Receipt.message_id == outbox.message_id, Receipt.kind == ReceiptKind.ABHOLUNG)).all()) == 1


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", "%20", "1" * 19, "0x10"])
@pytest.mark.parametrize("department", [False, True])
def test_a_bad_cursor_is_a_400_in_german_not_a_500(app, client, run_gateway, cursor,
                                                     department):
    reference = file_and_deliver(client, run_gateway)
    reader = caseworker(app) if department else client
    response = poll(reader, reference, cursor, department=department)
    assert response.status_code == 400
    assert "Der Parameter „nach“ muss die Nummer einer Nachricht sein" in \
        response.get_json()["message"]


def test_only_the_cases_resident_and_its_department_may_poll(
        app, client, other_client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.register(other_client)
    assert poll(other_client, reference).status_code == 404
    assert poll(other_client, "HST-2026-999999").status_code == 404
    other_department = caseworker(app, "ordnungsamt@example.org")
    assert poll(other_department, reference, department=True).status_code == 404
    assert poll(caseworker(app), reference).status_code == 403  # staff have no resident side
    assert poll(client, reference, department=True).status_code == 403
    anonymous = app.test_client()
    assert poll(anonymous, reference).status_code in (302, 401)


def test_a_case_not_yet_delivered_cannot_be_polled_by_its_department(
        app, client, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)  # not delivered: the department cannot see it
    assert poll(caseworker(app), reference, department=True).status_code == 404
    assert polled(client, reference)["count"] == 0


@pytest.mark.parametrize("department", [False, True])
def test_polls_do_not_keep_an_idle_login_alive(app, client, db_session, run_gateway,
                                                department):
    reference = file_and_deliver(client, run_gateway)
    if department:  # an account of its own: the demo case worker has other tests' logins
        email = new_account(db_session, department="steueramt").email
        reader = caseworker(app, email)
    else:
        reader = client
        email = db_session.scalar(select(User.email).where(
            User.id == case_of(db_session, reference).user_id))
    login = open_login(db_session, email)
    move(db_session, login, last_seen_at=dt.timedelta(minutes=20))
    seen = open_login(db_session, email).last_seen_at
    assert poll(reader, reference, department=department).status_code == 200
    assert open_login(db_session, email).last_seen_at == seen  # a poll is no activity
    move(db_session, login, last_seen_at=dt.timedelta(minutes=31))
    assert poll(reader, reference, department=department).status_code == 302  # logged out
    assert open_login(db_session, email) is None


@pytest.mark.parametrize("order", [
    [ReceiptKind.VERSAND, ReceiptKind.EINGANG, ReceiptKind.ABHOLUNG],
    [ReceiptKind.ABHOLUNG, ReceiptKind.VERSAND, ReceiptKind.EINGANG],
    [ReceiptKind.EINGANG, ReceiptKind.ABHOLUNG, ReceiptKind.VERSAND],
], ids=["as-issued", "opened-first", "opened-in-between"])
def test_the_furthest_receipt_counts_in_whatever_order_the_database_returns_them(order):
    assert furthest_receipts([("m1", kind) for kind in order] + [("m2", ReceiptKind.VERSAND)]) \
        == {"m1": ReceiptKind.ABHOLUNG, "m2": ReceiptKind.VERSAND}
