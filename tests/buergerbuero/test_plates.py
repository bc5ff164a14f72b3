"""Wunschkennzeichen: checked while filing, reserved for 90 days at submit, never given twice."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from buergerbuero.models import Draft, PlateReservation
from common.db import utcnow

from .. import support

HALTER = {"vorname": "Max", "nachname": "Mustermann", "geburtsdatum": "1985-02-03",
          "strasse": "Ring 1", "plz": "65185", "ort": "Musterstadt", "richtigkeit": "y"}


def fill(client, plate: str) -> str:
    """Fill both steps for `plate`; return the review URL."""
    url = support.start_draft(client, "wunschkennzeichen")
    response = support.post_form(client, url, {"kennzeichen": plate, "fahrzeugart": "pkw",
                                               "aktion": "weiter"})
    assert response.status_code == 302, response.get_data(as_text=True)
    response = support.post_form(client, response.headers["Location"],
                                 {**HALTER, "aktion": "weiter"})
    assert response.status_code == 302
    return response.headers["Location"]


def submit(client, review_url: str):
    """Press 'Antrag verbindlich einreichen'."""
    return support.post_form(client, review_url, {"aktion": "einreichen"})


def reservations(session, plate: str) -> int:
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(PlateReservation)
                          .where(PlateReservation.plate == plate))


def test_a_reserved_plate_is_held_90_days_and_refused_to_the_next_resident(app, db_session):
    first, second = app.test_client(), app.test_client()
    support.register(first)
    done = submit(first, fill(first, "wi-mx 2026"))
    assert done.status_code == 302 and "/antraege/WKZ-" in done.headers["Location"]
    reservation = db_session.scalar(select(PlateReservation).where(
        PlateReservation.plate == "WI-MX 2026"))
    held = reservation.expires_at - reservation.reserved_at
    assert held == dt.timedelta(days=90)
    support.register(second)
    url = support.start_draft(second, "wunschkennzeichen")
    refused = support.post_form(second, url, {"kennzeichen": "WI MX2026", "fahrzeugart": "pkw",
                                              "aktion": "weiter"})
    assert refused.status_code == 400
    assert "Das Kennzeichen WI-MX 2026 ist bereits reserviert." in refused.get_data(as_text=True)


def test_the_database_refuses_the_second_of_two_who_both_passed_the_check(app, db_session):
    first, second = app.test_client(), app.test_client()
    support.register(first)
    support.register(second)
    review_first, review_second = fill(first, "WI-QQ 77"), fill(second, "WI-QQ 77")
    assert submit(first, review_first).status_code == 302
    late = submit(second, review_second)
    assert late.status_code == 303
    page = second.get(late.headers["Location"]).get_data(as_text=True)
    assert "Das Kennzeichen WI-QQ 77 ist bereits reserviert." in page
    assert reservations(db_session, "WI-QQ 77") == 1
    draft_id = int(review_second.split("/entwurf/")[1].split("/")[0])
    assert db_session.get(Draft, draft_id) is not None  # the second resident's answers are kept


def test_two_residents_submitting_the_same_plate_at_once_get_it_once(app, db_session):
    clients = [app.test_client() for _ in range(4)]
    reviews = []
    for client in clients:
        support.register(client)
        reviews.append(fill(client, "WI-ZZ 1"))
    barrier = threading.Barrier(len(clients))
    outcomes: list[int] = []

    def press(client, review) -> None:
        barrier.wait()
        outcomes.append(submit(client, review).status_code)

    pairs = zip(clients, reviews, strict=True)
    threads = [threading.Thread(target=press, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [302, 303, 303, 303]
    assert reservations(db_session, "WI-ZZ 1") == 1


def test_an_expired_reservation_frees_the_plate(app, db_session):
    first, second = app.test_client(), app.test_client()
    support.register(first)
    submit(first, fill(first, "WI-EX 5"))
    reservation = db_session.scalar(select(PlateReservation).where(
        PlateReservation.plate == "WI-EX 5"))
    reservation.expires_at = utcnow() - dt.timedelta(days=1)
    db_session.commit()
    support.register(second)
    assert submit(second, fill(second, "WI-EX 5")).status_code == 302
    assert reservations(db_session, "WI-EX 5") == 1
