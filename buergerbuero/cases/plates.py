"""Wunschkennzeichen: check availability while filing, reserve at submit, never twice.

A reservation holds its plate for 90 days. The unique plate column decides races: two residents
submitting the same plate in the same instant both insert, one of them gets an IntegrityError and
keeps their draft with a clear message. Expired reservations are removed before inserting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import forms
from common.db import utcnow
from common.i18n import _

from ..models import PlateReservation

HOLD_DAYS = 90


def taken_message(plate: str) -> str:
    """Say, in the reader's language, that someone else holds the plate."""
    return _("Das Kennzeichen %(plate)s ist bereits reserviert. Bitte wählen Sie ein anderes.",
             plate=plate)


class PlateTaken(Exception):
    """Someone else holds (or just took) the plate."""

    def __init__(self, plate: str) -> None:
        super().__init__(taken_message(plate))
        self.plate = plate


def reserved_fields(fields: tuple[forms.FieldSpec, ...]) -> list[forms.FieldSpec]:
    """Return the licence-plate fields whose plate the platform reserves."""
    return [f for f in fields if f.type == "licence_plate" and f.settings.get("reserve")]


def is_taken(session: Session, plate: str, now: dt.datetime | None = None) -> bool:
    """Tell whether an unexpired reservation holds the plate."""
    now = now or utcnow()
    return session.scalar(select(PlateReservation.id).where(
        PlateReservation.plate == plate, PlateReservation.expires_at > now)) is not None


def check_step(session: Session, step: forms.StepSpec, answers: dict[str, Any],
               form: Any) -> bool:
    """Add a German error to every reserved plate field whose plate is taken; True if none is."""
    free = True
    for spec in reserved_fields(step.fields):
        plate = answers.get(spec.id)
        if plate and is_taken(session, plate):
            form[spec.id].errors.append(taken_message(plate))
            free = False
    return free


def reserve(session: Session, spec: forms.ServiceSpec, answers: dict[str, Any], case_id: int,
            user_id: int) -> None:
    """Reserve every reserved plate of the answers for the case (in the caller's transaction)."""
    now = utcnow()
    fields = reserved_fields(tuple(spec.iter_fields()))
    wanted = [answers[f.id] for f in fields if answers.get(f.id)]
    for plate in wanted:
        session.execute(delete(PlateReservation).where(
            PlateReservation.plate == plate, PlateReservation.expires_at <= now))
        session.add(PlateReservation(plate=plate, case_id=case_id, user_id=user_id,
                                     reserved_at=now,
                                     expires_at=now + dt.timedelta(days=HOLD_DAYS)))
    try:
        session.flush()  # the unique plate column speaks here, inside the submit transaction
    except IntegrityError as exc:
        session.rollback()  # the draft's deletion goes back too: nothing is lost
        raise PlateTaken(", ".join(wanted)) from exc
