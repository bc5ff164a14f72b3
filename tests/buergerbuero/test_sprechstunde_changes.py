"""Changes to a booked appointment that meet another change: a rebook after the department
cancelled meanwhile, a withdrawn case, a reminder after a rebook, capacity lowered, the limit of
open appointments per resident."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from buergerbuero.core.extensions import db
from buergerbuero.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    Case,
    ConsultationHours,
    MailMessage,
    Message,
)
from buergerbuero.sprechstunde import changes
from buergerbuero.sprechstunde.booking import BookingRefused
from buergerbuero.sprechstunde.reminders import remind_tomorrows_appointments
from common.formatting import format_datetime

from .. import support
from .consulting import appointment_of, book, free_starts, reference_of


def test_a_rebook_after_the_department_cancelled_meanwhile_is_refused_and_changes_nothing(
        app, client, resident, db_session):
    first, second = free_starts(app)[:2]
    reference = reference_of(book(client, first))
    with app.app_context():
        appointment = db.session.scalar(select(Appointment).where(
            Appointment.case.has(reference=reference)))
        user = appointment.user
        # The department cancels in its own session; the resident's copy still says gebucht.
        other = db_session.get(Appointment, appointment.id)
        changes.cancel_by_department(db_session, other, other.user, "Krankheit")
        db_session.commit()
        with pytest.raises(BookingRefused) as refused:
            changes.rebook(db.session, appointment, second, user)
        db.session.rollback()
    assert refused.value.status == 409 and "abgesagt" in refused.value.message
    row = appointment_of(db_session, reference)
    assert row.status is AppointmentStatus.ABGESAGT and row.slot_start == first
    assert row.seat is None and row.holder_id is None
    assert db_session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "appointment_rebooked", AuditEvent.case_id == row.case_id)) == 0
    assert db_session.scalar(select(func.count()).select_from(Message).where(
        Message.case_id == row.case_id, Message.body.contains("verlegt"))) == 0


def test_withdrawing_the_case_frees_its_seat_in_the_same_transaction(app, client, resident,
                                                                     db_session):
    start = free_starts(app)[0]
    reference = reference_of(book(client, start))
    withdrawn = support.post_form(client, f"/antraege/{reference}/ruecknahme",
                                  {"reason": "Erledigt.", "confirm": "y"},
                                  page=f"/antraege/{reference}")
    assert withdrawn.status_code == 302, withdrawn.get_data(as_text=True)
    row = appointment_of(db_session, reference)
    assert row.status is AppointmentStatus.ABGESAGT and row.seat is None
    assert start in free_starts(app)  # offered again
    assert db_session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "appointment_cancelled",
        AuditEvent.case_id == row.case_id)) == 1
    with app.app_context():
        remind_tomorrows_appointments(row.slot_start - dt.timedelta(days=1))
    assert reminders_to(db_session, resident) == 0


def reminders_to(session, email: str) -> int:
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(MailMessage).where(
        MailMessage.to_address == email, MailMessage.kind == "appointment_reminder"))


def test_a_rebooked_appointment_is_reminded_again_before_its_new_time(app, client, resident,
                                                                      db_session):
    starts = free_starts(app)
    first = starts[0]
    later = next(s for s in starts if s - first > dt.timedelta(days=2))
    reference = reference_of(book(client, first))
    with app.app_context():
        remind_tomorrows_appointments(first - dt.timedelta(days=1))
    assert reminders_to(db_session, resident) == 1
    row = appointment_of(db_session, reference)
    moved = support.post_form(client, f"/sprechstunde/termin/{row.id}/verlegen",
                              {"beginn": later.isoformat()})
    assert moved.status_code == 302
    with app.app_context():
        remind_tomorrows_appointments(later - dt.timedelta(days=1))
        remind_tomorrows_appointments(later - dt.timedelta(hours=23))
    assert reminders_to(db_session, resident) == 2


@pytest.mark.parametrize("beginn", ["9999-12-31T23:59:59-05:00", "9999-12-31T23:30:00+00:00",
                                    "0001-01-01T00:00:00+05:00", "kein Datum"])
def test_a_start_beyond_the_calendar_is_a_german_400_on_booking_and_rebooking(
        app, client, resident, db_session, beginn):
    refused = book(client, dt.datetime.fromisoformat("2000-01-01T00:00:00+00:00"),
                   beginn=beginn, anliegen="Mein Text")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Bitte wählen Sie einen Termin." in page and "Mein Text" in page
    reference = reference_of(book(client, free_starts(app)[0]))
    row = appointment_of(db_session, reference)
    again = support.post_form(client, f"/sprechstunde/termin/{row.id}/verlegen",
                              {"beginn": beginn})
    assert again.status_code == 400
    assert "Bitte wählen Sie einen Termin." in again.get_data(as_text=True)


@pytest.mark.parametrize("woche", ["99999999999999999999999", "-5", "x", "1e400"])
def test_any_week_asked_for_shows_a_page(client, resident, woche):
    assert client.get(f"/sprechstunde/buergerreferat?woche={woche}").status_code == 200


def set_capacity(app, capacity: int) -> None:
    with app.app_context():
        hours = db.session.scalar(select(ConsultationHours).where(
            ConsultationHours.slug == "buergerreferat"))
        hours.capacity = capacity
        db.session.commit()


@pytest.fixture
def two_places(app):
    """The demo hours with two places per slot, back to their one place afterwards."""
    set_capacity(app, 2)
    yield
    set_capacity(app, 1)


def test_after_the_capacity_is_lowered_a_slot_is_not_overbooked(app, client, resident,
                                                                other_client, db_session,
                                                                two_places):
    set_capacity(app, 1)
    start = free_starts(app)[0]  # no seat taken
    set_capacity(app, 2)
    first = reference_of(book(client, start))
    support.register(other_client)
    reference_of(book(other_client, start))  # seat 2
    row = appointment_of(db_session, first)
    support.post_form(client, f"/sprechstunde/termin/{row.id}/absagen", {},
                      page=f"/antraege/{first}")  # seat 1 free again
    set_capacity(app, 1)
    third = app.test_client()
    support.register(third)
    refused = book(third, start)  # not offered, posted anyway
    assert refused.status_code == 409
    assert "ausgebucht" in refused.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.slot_start == start, Appointment.status == AppointmentStatus.GEBUCHT)) == 1
    later = free_starts(app)[0]
    reference = reference_of(book(client, later))
    moving = appointment_of(db_session, reference).id
    moved = support.post_form(client, f"/sprechstunde/termin/{moving}/verlegen",
                              {"beginn": start.isoformat()})
    assert moved.status_code == 409  # nor by rebooking


def test_a_resident_holds_at_most_the_configured_open_appointments(app, client, resident,
                                                                  db_session):
    assert app.config["SPRECHSTUNDE_MAX_OPEN_PER_RESIDENT"] == 2
    first, second, third = free_starts(app)[:3]
    reference = reference_of(book(client, first))
    reference_of(book(client, second))
    refused = book(client, third, anliegen="Noch ein Termin")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "schon 2 offene Termine" in page and "Noch ein Termin" in page
    support.fresh(db_session)
    assert db_session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.slot_start == third, Appointment.status == AppointmentStatus.GEBUCHT)) == 0
    row = appointment_of(db_session, reference)
    support.post_form(client, f"/sprechstunde/termin/{row.id}/absagen", {},
                      page=f"/antraege/{reference}")
    assert book(client, third).status_code == 302  # a cancelled one no longer counts


def test_after_a_rebook_both_case_pages_show_the_current_time_and_the_audit_both(
        app, client, resident, other_client, db_session, run_gateway):
    first, second = free_starts(app)[:2]
    reference = reference_of(book(client, first))
    row = appointment_of(db_session, reference)
    filed = db_session.get(Case, row.case_id).submission.answers["termin"]
    moved = support.post_form(client, f"/sprechstunde/termin/{row.id}/verlegen",
                              {"beginn": second.isoformat()})
    assert moved.status_code == 302
    with app.test_request_context():
        new_time = format_datetime(second)
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert f"<strong>{new_time} –" in page
    assert "Der Termin wurde verlegt; es gilt die Zeit oben." in page and filed in page
    run_gateway()
    support.login_demo(other_client, "buergerreferat@example.org")
    staff_page = other_client.get(f"/postfach/{reference}").get_data(as_text=True)
    assert f"Aktueller Termin: {new_time}" in staff_page and "Verlegt; der Antrag" in staff_page
    support.fresh(db_session)
    [event] = db_session.scalars(select(AuditEvent).where(
        AuditEvent.action == "appointment_rebooked", AuditEvent.case_id == row.case_id)).all()
    assert event.details["from_slot"] == first.isoformat()
    assert event.details["slot"] == second.isoformat()
