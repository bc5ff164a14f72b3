"""The department's side of the Sprechstunde: today's and this week's appointments, cancelling
with a reason, editing the hours (bad rules refused, nothing typed lost), and the reminder the
day before (once, never for a cancelled appointment)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from buergerbuero.models import (
    Appointment,
    AppointmentStatus,
    ConsultationHours,
    MailMessage,
    Message,
)
from buergerbuero.sprechstunde.demo import TOPICS
from buergerbuero.sprechstunde.reminders import remind_tomorrows_appointments

from .. import support
from .consulting import appointment_of, book, free_starts

STAFF = "buergerreferat@example.org"


def booked_reference(app, client) -> str:
    response = book(client, free_starts(app)[0])
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def reminders_to(session, email: str) -> int:
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(MailMessage).where(
        MailMessage.to_address == email, MailMessage.kind == "appointment_reminder"))


def test_the_reminder_goes_the_day_before_once_and_says_nothing_of_the_content(
        app, client, resident, db_session):
    reference = booked_reference(app, client)
    appointment = appointment_of(db_session, reference)
    two_days_before = appointment.slot_start - dt.timedelta(days=2)
    the_day_before = appointment.slot_start - dt.timedelta(days=1)
    with app.app_context():
        remind_tomorrows_appointments(two_days_before)
        assert reminders_to(db_session, resident) == 0
        remind_tomorrows_appointments(the_day_before)
        remind_tomorrows_appointments(the_day_before + dt.timedelta(hours=1))
    assert reminders_to(db_session, resident) == 1
    mail = support.mailed_mail(app, resident, "appointment_reminder")
    assert reference in mail.body_text and "Sie haben morgen einen Termin" in mail.body_text
    assert "Kurz zu meinem Antrag." not in mail.body_text  # the note stays in the box


def test_a_cancelled_appointment_gets_no_reminder(app, client, resident, db_session):
    reference = booked_reference(app, client)
    appointment = appointment_of(db_session, reference)
    support.post_form(client, f"/sprechstunde/termin/{appointment.id}/absagen", {},
                      page=f"/antraege/{reference}")
    with app.app_context():
        remind_tomorrows_appointments(appointment.slot_start - dt.timedelta(days=1))
    assert reminders_to(db_session, resident) == 0


def test_the_case_worker_sees_todays_and_this_weeks_appointments(app, client, resident,
                                                                 other_client, db_session):
    reference = booked_reference(app, client)
    appointment = appointment_of(db_session, reference)
    support.login_demo(other_client, STAFF)
    before = other_client.get("/sprechstunde/termine").get_data(as_text=True)
    assert reference in before.split("Die nächsten sieben Tage")[1]  # the first free slot
    # Move it to now (the demo hours are on Wednesdays and Thursdays, the test on any day).
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    appointment.slot_start, appointment.slot_end = now, now + dt.timedelta(minutes=15)
    db_session.commit()
    page = other_client.get("/sprechstunde/termine").get_data(as_text=True)
    today, week = page.split("Die nächsten sieben Tage")
    assert reference in today and reference in week
    assert "Frage zu einem Antrag" in today and "Erika Musterfrau" in today


def test_the_department_cancels_with_a_reason_the_resident_reads(app, client, resident,
                                                                 other_client, db_session):
    reference = booked_reference(app, client)
    appointment = appointment_of(db_session, reference)
    support.login_demo(other_client, STAFF)
    url = f"/sprechstunde/termine/{appointment.id}/absagen"
    refused = support.post_form(other_client, url, {"grund": ""}, page="/sprechstunde/termine")
    assert refused.status_code == 400
    assert "Bitte nennen Sie einen Grund" in refused.get_data(as_text=True)
    done = support.post_form(other_client, url, {"grund": "Krankheit"},
                             page="/sprechstunde/termine")
    assert done.status_code == 302
    appointment = appointment_of(db_session, reference)
    assert appointment.status is AppointmentStatus.ABGESAGT
    message = db_session.scalar(select(Message).where(Message.case_id == appointment.case_id))
    assert message.from_department and "Grund: Krankheit" in message.body
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert "Das Amt hat den Termin abgesagt: Krankheit" in page
    again = support.post_form(other_client, url, {"grund": "Nochmal"},
                              page="/sprechstunde/termine")
    assert again.status_code == 409


def hours_form(**changes: str) -> dict[str, str]:
    return {"title": "Bürgersprechstunde des Bürgerreferats",
            "rules": "Mi 09:00-12:00\nDo 09:00-12:00", "exceptions": "", "slot_minutes": "15",
            "capacity": "1", "published": "y",
            "topics": "\n".join(TOPICS),
            "book_ahead_days": "28", "lead_minutes": "60", **changes}


def test_bad_rules_are_refused_naming_the_line_and_nothing_typed_is_lost(app, client,
                                                                         db_session):
    support.login_demo(client, STAFF)
    hours_id = db_session.scalar(select(ConsultationHours.id).where(
        ConsultationHours.slug == "buergerreferat"))
    url = f"/sprechstunde/verwaltung/{hours_id}"
    for rules, message in [("Mi 12:00-09:00", "Zeile 1: Der Beginn liegt nicht vor dem Ende."),
                           ("Mi 09:00-12:00\nXy 09:00-10:00", "Zeile 2: Unbekannter Wochentag"),
                           ("Mi 09:00-09:10", "kürzer als ein Termin")]:
        refused = support.post_form(client, url, hours_form(rules=rules, note="Mein Hinweis"))
        assert refused.status_code == 400
        page = refused.get_data(as_text=True)
        assert message in page and "Mein Hinweis" in page
    support.fresh(db_session)
    assert len(db_session.get(ConsultationHours, hours_id).rules) == 2


def test_overlapping_rules_and_a_day_given_twice_are_refused_naming_the_line(app, client,
                                                                            db_session):
    support.login_demo(client, STAFF)
    hours_id = db_session.scalar(select(ConsultationHours.id).where(
        ConsultationHours.slug == "buergerreferat"))
    url = f"/sprechstunde/verwaltung/{hours_id}"
    overlapping = "Mi 09:00-12:00\nDo 09:00-12:00\nMi 10:00-11:00"
    refused = support.post_form(client, url, hours_form(rules=overlapping))
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Zeile 3: Diese Zeit überschneidet sich" in page and "Mi 10:00-11:00" in page
    twice = "2026-12-23 10:00-11:00 verkürzt\n2026-12-23 geschlossen"
    refused = support.post_form(client, url, hours_form(exceptions=twice))
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Zeile 2: Für diesen Tag gibt es schon eine Zeile" in page and "verkürzt" in page
    adjacent = support.post_form(client, url, hours_form(rules="Mi 09:00-10:00\nMi 10:00-12:00"))
    assert adjacent.status_code == 302  # touching windows do not overlap
    support.post_form(client, url, hours_form())  # back to the demo's rules
    support.fresh(db_session)
    assert len(db_session.get(ConsultationHours, hours_id).rules) == 2


def test_a_case_worker_edits_the_hours_with_an_exception(app, client, db_session):
    support.login_demo(client, STAFF)
    hours_id = db_session.scalar(select(ConsultationHours.id).where(
        ConsultationHours.slug == "buergerreferat"))
    url = f"/sprechstunde/verwaltung/{hours_id}"
    saved = support.post_form(client, url, hours_form(
        exceptions="2026-12-24 geschlossen Heiligabend\n2026-12-30 10:00-11:00 verkürzt"))
    assert saved.status_code == 302
    support.fresh(db_session)
    hours = db_session.get(ConsultationHours, hours_id)
    assert [(e.day.isoformat(), e.starts) for e in hours.exceptions] == [
        ("2026-12-24", None), ("2026-12-30", dt.time(10))]
    page = client.get(url).get_data(as_text=True)
    assert "2026-12-24 geschlossen Heiligabend" in page
    assert support.post_form(client, url, hours_form()).status_code == 302  # back to the demo


def test_the_demo_hours_are_added_once(app, db_session):
    from buergerbuero.core.extensions import db
    from buergerbuero.instance_setup import init_instance

    with app.app_context():
        init_instance(app, demo=True)  # a second `flask init-instance`
        hours = db.session.scalars(select(ConsultationHours).where(
            ConsultationHours.slug == "buergerreferat")).all()
        assert len(hours) == 1
        assert [(r.weekday, r.starts, r.ends) for r in hours[0].rules] == [
            (2, dt.time(9), dt.time(12)), (3, dt.time(9), dt.time(12))]
        assert hours[0].slot_minutes == 15 and hours[0].capacity == 1


def test_a_case_worker_creates_a_second_sprechstunde_of_the_department(app, client,
                                                                       db_session):
    from buergerbuero.models import AuditEvent

    support.login_demo(client, STAFF)
    index = client.get("/sprechstunde/verwaltung/").get_data(as_text=True)
    assert "Neue Sprechstunde für Bürgerreferat" in index
    url = "/sprechstunde/verwaltung/neu/buergerreferat"
    created = support.post_form(client, url, hours_form(title="Abendsprechstunde",
                                                        rules="Di 17:00-19:00"))
    assert created.status_code == 302
    support.fresh(db_session)
    hours = db_session.scalar(select(ConsultationHours).where(
        ConsultationHours.title == "Abendsprechstunde"))
    assert hours.slug == "buergerreferat-2" and hours.department.key == "buergerreferat"
    assert db_session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "consultation_hours_created",
        AuditEvent.object_id == str(hours.id))) == 1
    assert client.get(f"/sprechstunde/{hours.slug}").status_code == 200
    other = support.post_form(client, "/sprechstunde/verwaltung/neu/steueramt", hours_form(),
                              page=url)
    assert other.status_code == 404  # not the case worker's department


def test_every_cancel_form_on_the_appointments_page_has_its_own_name(
        app, client, resident, other_client, db_session):
    """Today's appointment is in both lists and a slot may seat two: a screen reader's list
    of forms must still tell each cancellation apart (it offers one per appointment)."""
    hours = db_session.scalar(select(ConsultationHours).where(
        ConsultationHours.slug == "buergerreferat"))
    hours.capacity = 2
    db_session.commit()
    start = free_starts(app, places=2)[0]
    first = book(client, start)
    support.register(client, name="Bea Buchend")
    second = book(client, start)
    assert first.status_code == second.status_code == 302
    references = [r.headers["Location"].rsplit("/", 1)[1] for r in (first, second)]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for appointment in db_session.scalars(select(Appointment).where(
            Appointment.slot_start == start.astimezone(dt.UTC), Appointment.hours == hours)):
        appointment.slot_start, appointment.slot_end = now, now + dt.timedelta(minutes=15)
    db_session.commit()
    support.login_demo(other_client, STAFF)
    page = other_client.get("/sprechstunde/termine").get_data(as_text=True)
    names = re.findall(r'<form method="post" action="[^"]*/absagen"[^>]*aria-label="([^"]*)"',
                       page)
    assert len(names) == len(set(names)), names
    mine = [n for n in names if any(r in n for r in references)]
    assert len(mine) == 2, names
    assert "Erika Musterfrau" in mine[0] and references[0] in mine[0]
    assert "Bea Buchend" in mine[1] and references[1] in mine[1]
