"""Booking a slot of the Bürgerreferat's Sprechstunde: it becomes a case delivered by the
gateway; a full, past or invented slot and a second booking are refused; cancel and rebook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from buergerbuero.models import (
    Appointment,
    AppointmentStatus,
    Case,
    Message,
    OutboxMessage,
    OutboxStatus,
)

from .. import support
from .consulting import PAGE, appointment_of, book, free_starts, reference_of


def test_a_booking_becomes_a_case_that_the_gateway_delivers(app, client, resident, db_session,
                                                            run_gateway, other_client):
    start = free_starts(app)[0]
    reference = reference_of(book(client, start, telefon="0611 123456"))
    assert reference.startswith("SPR-")
    appointment = appointment_of(db_session, reference)
    assert appointment.slot_start == start and appointment.seat == 1
    case = db_session.get(Case, appointment.case_id)
    assert case.department.key == "buergerreferat"
    assert case.submission.answers["thema"] == "Frage zu einem Antrag"
    assert case.submission.answers["telefon"] == "+49611123456"  # the phone type normalises
    run_gateway()
    support.fresh(db_session)
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert outbox.status is OutboxStatus.DELIVERED
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert "Ihr Termin" in page and "Termin absagen" in page and "Termin verlegen" in page
    assert "Termin: " in client.get("/antraege/").get_data(as_text=True)  # Meine Anträge
    support.login_demo(other_client, "buergerreferat@example.org")
    staff_page = other_client.get(f"/postfach/{reference}").get_data(as_text=True)
    assert "Termin: " in staff_page and "Frage zu einem Antrag" in staff_page


def test_a_full_slot_is_refused_with_409_and_the_typed_note_is_kept(app, client, resident,
                                                                    other_client):
    start = free_starts(app)[0]
    reference_of(book(client, start))
    support.register(other_client)
    refused = book(other_client, start, anliegen="Mein eigener Text")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Dieser Termin ist leider schon ausgebucht." in page
    assert "Mein eigener Text" in page


def test_the_same_resident_cannot_book_the_same_slot_twice(app, client, resident, db_session):
    start = free_starts(app)[0]
    reference_of(book(client, start))
    again = book(client, start)
    assert again.status_code == 409
    assert "Sie haben diesen Termin bereits gebucht." in again.get_data(as_text=True)


def test_a_past_slot_and_a_slot_outside_the_rules_are_refused(app, client, resident):
    soon = free_starts(app)[0]
    past = soon - dt.timedelta(days=7 * 5)
    refused = book(client, past)
    assert refused.status_code == 409
    assert "in der Vergangenheit" in refused.get_data(as_text=True)
    outside = soon.replace(hour=soon.hour + 5)
    refused = book(client, outside)
    assert refused.status_code == 400
    assert "keinen Termin an" in refused.get_data(as_text=True)
    assert book(client, soon, topic="Erfundenes Thema").status_code == 400


def test_an_overlong_note_is_refused_with_400(app, client, resident):
    refused = book(client, free_starts(app)[0], anliegen="x" * 501)
    assert refused.status_code == 400
    assert "Höchstens 500 Zeichen." in refused.get_data(as_text=True)


def test_cancelling_frees_the_seat_tells_the_department_and_cannot_be_repeated(
        app, client, resident, other_client, db_session):
    start = free_starts(app)[0]
    reference = reference_of(book(client, start))
    appointment = appointment_of(db_session, reference)
    cancel_url = f"/sprechstunde/termin/{appointment.id}/absagen"
    done = support.post_form(client, cancel_url, {}, page=f"/antraege/{reference}")
    assert done.status_code == 302
    appointment = appointment_of(db_session, reference)
    assert appointment.status is AppointmentStatus.ABGESAGT and appointment.seat is None
    message = db_session.scalar(select(Message).where(Message.case_id == appointment.case_id))
    assert "Ich sage meinen Termin am" in message.body
    again = support.post_form(client, cancel_url, {}, page=f"/antraege/{reference}")
    assert again.status_code == 409
    assert "Dieser Termin ist bereits abgesagt." in again.get_data(as_text=True)
    rebook = support.post_form(client, f"/sprechstunde/termin/{appointment.id}/verlegen",
                               {"beginn": free_starts(app)[0].isoformat()})
    assert rebook.status_code == 409
    offered = client.get(f"/sprechstunde/termin/{appointment.id}/verlegen")
    assert offered.status_code == 409  # no slots offered for a cancelled appointment
    assert "Dieser Termin ist bereits abgesagt." in offered.get_data(as_text=True)
    support.register(other_client)
    assert book(other_client, start).status_code == 302  # the seat is free again


def test_a_visitor_sees_only_slots_with_a_place_left(app, client, resident, db_session):
    start = free_starts(app)[0]
    assert book(client, start).status_code == 302  # the demo's slots hold one place each
    visitor = app.test_client()
    page = visitor.get(f"{PAGE}?woche=0").get_data(as_text=True)
    assert "(0 frei)" not in page and "(1 frei)" in page


def test_rebooking_moves_the_same_case_to_another_free_slot(app, client, resident,
                                                            other_client, db_session):
    first, second = free_starts(app)[:2]
    reference = reference_of(book(client, first))
    appointment = appointment_of(db_session, reference)
    url = f"/sprechstunde/termin/{appointment.id}/verlegen"
    moved = support.post_form(client, url, {"beginn": second.isoformat()})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(reference)
    moved_appointment = appointment_of(db_session, reference)
    assert moved_appointment.id == appointment.id and moved_appointment.slot_start == second
    assert db_session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.case_id == appointment.case_id)) == 1
    support.register(other_client)
    assert book(other_client, first).status_code == 302  # the old slot is free
    taken = support.post_form(client, url, {"beginn": first.isoformat()})
    assert taken.status_code == 409


def test_another_resident_cannot_cancel_or_rebook(app, client, resident, other_client,
                                                  db_session):
    reference = reference_of(book(client, free_starts(app)[0]))
    appointment = appointment_of(db_session, reference)
    support.register(other_client)
    url = f"/sprechstunde/termin/{appointment.id}/absagen"
    assert support.post_form(other_client, url, {}, page=PAGE).status_code == 404
    assert other_client.get(f"/sprechstunde/termin/{appointment.id}/verlegen").status_code == 404


def test_the_sprechstunde_service_is_filed_only_by_booking(client, resident):
    assert "Termin in der Bürgersprechstunde" not in client.get("/leistungen").get_data(
        as_text=True)
    assert client.get("/leistungen/sprechstunde-buergerreferat").status_code == 302
    started = support.post_form(client, "/antraege/neu/sprechstunde-buergerreferat", {},
                                page="/leistungen")
    assert started.status_code == 404


def test_the_flag_not_the_name_makes_a_service_booking_only(app, client, resident):
    from buergerbuero.catalogue import definitions
    from buergerbuero.core.extensions import db

    source = (Path(app.config["SERVICES_DIR"]) / "sprechstunde-buergerreferat.yaml").read_text(
        "utf-8").replace("slug: sprechstunde-buergerreferat", "slug: termin-flaggentest")
    plain = source.replace("filed_through: sprechstunde", "").replace(
        "slug: termin-flaggentest", "slug: sprechstunde-ohne-flagge").replace(
        "Termin in der Bürgersprechstunde", "Namenstest ohne Flagge")
    with app.app_context():
        definitions.publish_source(db.session, source, "termin-flaggentest.yaml")
        definitions.publish_source(db.session, plain, "sprechstunde-ohne-flagge.yaml")
        db.session.commit()
        assert definitions.booking_service(db.session, "ohne-flagge") is None
    catalogue = client.get("/leistungen").get_data(as_text=True)
    assert "Namenstest ohne Flagge" in catalogue
    assert client.get("/leistungen/termin-flaggentest").status_code == 302
    started = support.post_form(client, "/antraege/neu/termin-flaggentest", {},
                                page="/leistungen")
    assert started.status_code == 404
