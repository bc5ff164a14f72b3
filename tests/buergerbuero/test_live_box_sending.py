"""Sending from the live box as the page's script does: JSON answers, refusals in German that
store nothing (the script keeps the text), a closed case read-only (409); and the statements of
a poll do not grow with the messages it carries."""

from __future__ import annotations

import pytest

from buergerbuero.models import CaseStatus, Message, Role

from .casework import case_of, file_and_deliver, new_account, set_status
from .conversing import caseworker, message_uploads, messages_of, pdf_and_png, send
from .live_boxing import box_url, polled, send_live, statements_of
from .uploading import small_pdf


@pytest.mark.parametrize("department", [False, True])
def test_a_message_sent_by_the_script_is_stored_posted_and_polled(
        app, client, db_session, run_gateway, department):
    reference = file_and_deliver(client, run_gateway)
    sender = caseworker(app) if department else client
    response = send_live(sender, reference, "Live geschrieben.", pdf_and_png(),
                         department=department)
    assert response.status_code == 200 and response.get_json()["sent"] is True
    assert "gesendet" in response.get_json()["message"]
    [message] = messages_of(db_session, reference)
    assert message.body == "Live geschrieben." and message.from_department is department
    assert len(message_uploads(db_session, reference)) == 2
    answer = polled(sender, reference, department=department)
    assert "Live geschrieben." in answer["html"] and "Foto vom Hund.png" in answer["html"]


@pytest.mark.parametrize(("body", "files", "config", "expected"), [
    ("", [], {}, "Bitte schreiben Sie eine Nachricht."),
    ("Mein Text bleibt.", [(b"<html><script>alert(1)</script></html>", "harmlos.pdf")], {},
     "ist keine erlaubte Datei"),
    ("Mein Text bleibt.", [(small_pdf(), "gross.pdf")], {"MESSAGE_MAX_FILE_BYTES": 512},
     "ist größer als 512 Byte"),
    ("Mein Text bleibt.", [(small_pdf(), f"Seite {n}.pdf") for n in range(6)], {},
     "höchstens 5 Dateien beiliegen"),
])
def test_a_refused_message_answers_400_in_german_and_stores_nothing(
        app, client, db_session, run_gateway, monkeypatch, body, files, config, expected):
    reference = file_and_deliver(client, run_gateway)
    for key, value in config.items():
        monkeypatch.setitem(app.config, key, value)
    response = send_live(client, reference, body, files)
    answer = response.get_json()
    assert response.status_code == 400 and answer["sent"] is False
    assert any(expected in error for error in answer["errors"]) and expected in answer["message"]
    assert messages_of(db_session, reference) == [] and message_uploads(db_session, reference) == []


@pytest.mark.parametrize("department", [False, True])
def test_a_closed_case_refuses_a_live_message_with_409(
        app, client, db_session, run_gateway, department):
    reference = file_and_deliver(client, run_gateway)
    sender = caseworker(app) if department else client
    set_status(db_session, reference, CaseStatus.ABGESCHLOSSEN)
    response = send_live(sender, reference, "Noch etwas.", department=department)
    assert response.status_code == 409 and "Vorgang ist abgeschlossen" in \
        response.get_json()["message"]
    assert messages_of(db_session, reference) == []
    assert polled(sender, reference, department=department)["count"] == 0  # still readable


def test_without_the_script_the_form_still_posts_and_redirects(app, client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    response = send(client, reference, "Ohne Skript.")
    assert response.status_code == 302 and response.headers["Location"].endswith("#nachrichten")
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert "Ohne Skript." in page and "Neue Nachrichten laden" in page
    assert 'aria-live="polite"' in page and "js/live_box.js" in page


@pytest.mark.parametrize("department", [False, True])
def test_a_poll_sends_as_many_statements_for_six_messages_as_for_one(
        app, client, db_session, run_gateway, department):
    reference = file_and_deliver(client, run_gateway)
    worker = caseworker(app)
    reader = worker if department else client
    counted = []
    for count in (1, 6):
        cursor = polled(reader, reference, department=department)["cursor"]
        for n in range(count):  # from both sides, with files, delivered and receipted
            send(client, reference, f"Frage {n}", pdf_and_png())
            send(worker, reference, f"Antwort {n}", [(small_pdf(), "Merkblatt.pdf")],
                 department=True)
            # an author of its own each (a co-applicant's account): no statement per author
            author = new_account(db_session, role=Role.RESIDENT, name=f"Person {n}")
            db_session.add(Message(case_id=case_of(db_session, reference).id, body=f"Notiz {n}",
                                   author_id=author.id))
            db_session.commit()
        run_gateway()
        polled(reader, reference, department=department)  # open the delivered (signed once)
        url = f"{box_url(reference, department=department)}?nach={cursor}"
        counted.append(statements_of(app, reader, url))
    assert counted[0] == counted[1], counted
