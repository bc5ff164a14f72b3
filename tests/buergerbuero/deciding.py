"""Helpers of the Bescheid tests: a delivered case with its case worker, the decision rows, the
sealed letter's signature field."""

from __future__ import annotations

import io
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from buergerbuero.models import Decision

from .. import support
from .casework import CASEWORKER, case_of, file_and_deliver, post_on_case

GRANT = {"entscheidung": "bewilligung", "tenor": "", "begruendung": "", "gebuehr": "120,00",
         "anschrift": "Erika Musterfrau\nLindenweg 4\n65183 Musterstadt", "aktion": "speichern"}
"""A full grant from the department's template (the text left empty)."""


def delivered_case(client: Any, worker: Any, run_gateway: Any) -> str:
    """File and deliver a dog tax as a new resident, log the department's case worker in."""
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(worker, CASEWORKER)
    return reference


def save(worker: Any, reference: str, **changes: str) -> Any:
    """Post the Bescheid's form with GRANT changed by `changes`."""
    return post_on_case(worker, reference, "bescheid", {**GRANT, **changes})


def decisions_of(session: Any, reference: str) -> list[Decision]:
    """Return the case's Bescheide as stored now, oldest first."""
    case = case_of(session, reference)
    return list(session.scalars(select(Decision).where(Decision.case_id == case.id)
                                .order_by(Decision.id)))


def signature_fields(pdf: bytes) -> list[Any]:
    """Return every signature field (merged with its widget) of the PDF."""
    reader = PdfFileReader(io.BytesIO(pdf))
    return [field.get_object() for field in reader.root["/AcroForm"]["/Fields"]
            if field.get_object().get("/FT") == "/Sig"]


def signature_rects(pdf: bytes) -> list[list[float]]:
    """Return the /Rect of every signature field's widget in the PDF."""
    return [[float(x) for x in field["/Rect"]] for field in signature_fields(pdf)]


def stamp_streams(pdf: bytes) -> list[bytes]:
    """Return the normal appearance of every signature field, and of the forms it draws."""
    streams = []
    for field in signature_fields(pdf):
        appearance = field["/AP"]["/N"]
        streams.append(appearance.data)
        for form in appearance.get("/Resources", {}).get("/XObject", {}).values():
            streams.append(form.get_object().data)
    return streams
