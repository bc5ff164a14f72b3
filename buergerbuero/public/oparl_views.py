"""The OParl 1.1 interface under /oparl/v1: JSON for everybody, no login, CORS open.

Lists are paged with `?page=`; a page that is no number answers 400 in German (JSON), a page
beyond the last 404.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, abort, current_app, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from common.i18n import _

from ..core.errors import Refused
from ..core.extensions import db
from ..models import AgendaItem, Committee, CouncilDocument, Meeting
from . import bp, council, oparl
from .calendar_export import public_link

MEETING_LOADS = (joinedload(Meeting.committee), selectinload(Meeting.items),
                 selectinload(Meeting.documents))
"""What a Meeting object embeds, loaded with its list page: one statement each, not per row."""


def answer(data: dict[str, Any]) -> Response:
    """Answer with an OParl object or list as JSON that any site may read."""
    response = jsonify(oparl.without_empty(data))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def requested_page() -> int:
    """Return the list page asked for, or refuse a page that is no positive number."""
    raw = request.args.get("page", "1")
    # fullmatch, not isdigit: "²" is a digit to Python but no number int() reads
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:
        raise Refused(_("Die Seitenzahl „%(page)s“ ist keine positive ganze Zahl.", page=raw))
    return int(raw)


def paged(query: Any, serialise: Any, endpoint: str, **values: Any) -> Response:
    """Answer with one page of the rows of a query as an OParl list."""
    per_page, page = current_app.config["COUNCIL_OPARL_PER_PAGE"], requested_page()
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    council.last_page_check(page, max(1, -(-total // per_page)))
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    base = public_link(endpoint, **values)
    return answer(oparl.object_list([serialise(r) for r in rows], total, page, per_page,
                                    lambda n: f"{base}?page={n}"))


@bp.get("/oparl/v1")
def oparl_system() -> Response:
    """Answer with the System object."""
    return answer(oparl.system())


@bp.get("/oparl/v1/bodies")
def oparl_bodies() -> Response:
    """Answer with the list of bodies: the municipality alone."""
    return answer(oparl.object_list([oparl.body()], 1, 1, 1,
                                    lambda n: public_link("public.oparl_bodies") + f"?page={n}"))


@bp.get("/oparl/v1/body")
def oparl_body() -> Response:
    """Answer with the Body object of the municipality."""
    return answer(oparl.body())


@bp.get("/oparl/v1/body/organizations")
def oparl_organizations() -> Response:
    """Answer with the committees as a list of Organization objects."""
    return paged(select(Committee).order_by(Committee.id), oparl.organization,
                 "public.oparl_organizations")


@bp.get("/oparl/v1/body/meetings")
def oparl_meetings() -> Response:
    """Answer with every meeting as a list of Meeting objects."""
    query = select(Meeting).options(*MEETING_LOADS).order_by(Meeting.starts_at, Meeting.id)
    return paged(query, oparl.meeting, "public.oparl_meetings")


@bp.get("/oparl/v1/body/people")
def oparl_people() -> Response:
    """Answer with the (empty) list of persons: the platform publishes no people."""
    return answer(oparl.object_list([], 0, 1, 1, url_people))


@bp.get("/oparl/v1/body/papers")
def oparl_papers() -> Response:
    """Answer with the (empty) list of papers (Drucksachen are not kept here)."""
    return answer(oparl.object_list([], 0, 1, 1,
                                    lambda n: public_link("public.oparl_papers") + f"?page={n}"))


def url_people(page: int) -> str:
    """Return the address of a page of the persons' list."""
    return public_link("public.oparl_people") + f"?page={page}"


@bp.get("/oparl/v1/organization/<committee_key>")
def oparl_organization(committee_key: str) -> Response:
    """Answer with one committee as an Organization object."""
    return answer(oparl.organization(council.committee_or_404(committee_key)))


@bp.get("/oparl/v1/organization/<committee_key>/meetings")
def oparl_organization_meetings(committee_key: str) -> Response:
    """Answer with one committee's meetings."""
    committee = council.committee_or_404(committee_key)
    return paged(select(Meeting).where(Meeting.committee_id == committee.id)
                 .options(*MEETING_LOADS).order_by(Meeting.starts_at, Meeting.id), oparl.meeting,
                 "public.oparl_organization_meetings", committee_key=committee_key)


@bp.get("/oparl/v1/meeting/<int:meeting_id>")
def oparl_meeting(meeting_id: int) -> Response:
    """Answer with one Meeting object."""
    return answer(oparl.meeting(council.meeting_or_404(meeting_id)))


@bp.get("/oparl/v1/location/<int:meeting_id>")
def oparl_location(meeting_id: int) -> Response:
    """Answer with the Location object of a meeting's place."""
    data = oparl.location(council.meeting_or_404(meeting_id))
    if data is None:
        abort(404)
    return answer(data)


@bp.get("/oparl/v1/agendaitem/<int:item_id>")
def oparl_agenda_item(item_id: int) -> Response:
    """Answer with one AgendaItem object."""
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    return answer(oparl.agenda_item(item))


@bp.get("/oparl/v1/file/<int:file_id>")
def oparl_file(file_id: int) -> Response:
    """Answer with one File object of a public document."""
    document = db.session.get(CouncilDocument, file_id)
    if document is None or not council.document_visible(document):
        abort(404)
    return answer(oparl.file(document))


