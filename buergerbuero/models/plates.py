"""Reservations of Wunschkennzeichen: one row per plate, so the database forbids doubles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, created_at, intpk


class PlateReservation(Base):
    """A plate held for a case until `expires_at`; the unique plate column is the guarantee."""

    __tablename__ = "plate_reservations"

    id: Mapped[intpk]
    plate: Mapped[str] = mapped_column(unique=True)
    """Canonical form, e.g. 'WI-AB 123E'."""
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reserved_at: Mapped[created_at]
    expires_at: Mapped[dt.datetime]
