"""No double booking however close residents click: threads released by a barrier all book
the same one-place slot; exactly one gets it (run on SQLite and on PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from buergerbuero.models import Appointment, AppointmentStatus, Case

from .. import support
from .consulting import BOOK, PAGE, TOPIC, book, free_starts


def press_together(clients, action) -> list[int]:
    """Run `action(client)` in one thread per client, released at once; return the statuses."""
    barrier = threading.Barrier(len(clients))
    outcomes: list[int] = []

    def press(client) -> None:
        barrier.wait()
        outcomes.append(action(client).status_code)

    threads = [threading.Thread(target=press, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def booked(session, start) -> int:
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.slot_start == start, Appointment.status == AppointmentStatus.GEBUCHT))


def test_four_residents_booking_one_place_at_once_get_it_once(app, redis_conn, db_session):
    clients = [app.test_client() for _ in range(4)]
    for client in clients:
        support.register(client)
    start = free_starts(app)[0]
    tokens = {c: support.csrf_of(c.get(PAGE).get_data(as_text=True)) for c in clients}
    data = {"beginn": start.isoformat(), "thema": TOPIC}
    cases_before = all_cases(db_session)
    outcomes = press_together(
        clients, lambda c: c.post(BOOK, data={"csrf_token": tokens[c], **data}))
    assert outcomes == [302, 409, 409, 409]
    assert booked(db_session, start) == 1
    # The refused bookings left no case behind (other tests may have left cancelled
    # appointments of this start, with their cases, so count what this one added).
    assert all_cases(db_session) - cases_before == 1


def all_cases(session) -> int:
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(Case))


def test_two_residents_rebooking_onto_the_same_last_place_get_it_once(app, redis_conn,
                                                                      db_session):
    clients = [app.test_client() for _ in range(2)]
    starts = free_starts(app)
    ids = []
    for client, start in zip(clients, starts[:2], strict=True):
        support.register(client)
        response = book(client, start)
        assert response.status_code == 302
        reference = response.headers["Location"].rsplit("/", 1)[1]
        ids.append(db_session.scalar(select(Appointment.id).where(
            Appointment.case.has(reference=reference))))
    target = starts[2]
    urls = dict(zip(clients, ids, strict=True))

    def rebook(client):
        url = f"/sprechstunde/termin/{urls[client]}/verlegen"
        return client.post(url, data={"csrf_token": tokens[client], "beginn": target.isoformat()})

    tokens = {c: support.csrf_of(c.get(f"/sprechstunde/termin/{urls[c]}/verlegen")
                                 .get_data(as_text=True)) for c in clients}
    assert press_together(clients, rebook) == [302, 409]
    assert booked(db_session, target) == 1
