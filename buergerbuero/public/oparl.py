"""OParl 1.1 objects of the public council data: System, Body, Organization, Meeting,
AgendaItem, File, Location, and the paginated object lists (data, pagination, links).

Ids are absolute URLs built on PUBLIC_URL. What the public may not see stays out: a non-public
agenda item is named only "nicht öffentlich", and documents of non-public meetings or agenda
items are not listed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

from common.db import utcnow
from common.formatting import LOCAL_TIME

from ..models import AgendaItem, Committee, CouncilDocument, Meeting
from . import council
from .calendar_export import public_link

SCHEMA = "https://schema.oparl.org/1.1/"
NOT_PUBLIC = "nicht öffentlich"  # untranslated: OParl data is the municipality's German record
BODY_KEY = "stadt"
"""The one body (Körperschaft) of the platform: the municipality."""


def kind(name: str) -> str:
    """Return the type URI of an OParl object type."""
    return SCHEMA + name


def moment(value: dt.datetime | None) -> str | None:
    """Return a point in time as OParl writes it: local time with its offset."""
    if value is None:
        return None
    return value.astimezone(LOCAL_TIME).replace(microsecond=0).isoformat()


def stamps(obj: Any) -> dict[str, Any]:
    """Return created and modified of a row."""
    return {"created": moment(obj.created_at), "modified": moment(obj.modified_at)}


def system() -> dict[str, Any]:
    """Return the System object, the entry point of the interface."""
    return {"id": public_link("public.oparl_system"), "type": kind("System"),
            "oparlVersion": SCHEMA, "body": public_link("public.oparl_bodies"),
            "name": current_app.config["SITE_NAME"],
            "website": current_app.config["PUBLIC_URL"],
            "web": public_link("public.committees")}


def body() -> dict[str, Any]:
    """Return the Body object of the municipality with the URLs of its lists."""
    return {"id": public_link("public.oparl_body"), "type": kind("Body"),
            "system": public_link("public.oparl_system"),
            "name": current_app.config["MUNICIPALITY"],
            "website": current_app.config["PUBLIC_URL"],
            "organization": public_link("public.oparl_organizations"),
            "meeting": public_link("public.oparl_meetings"),
            "person": public_link("public.oparl_people"),
            "paper": public_link("public.oparl_papers"),
            "legislativeTerm": [], "web": public_link("public.committees")}


def organization(committee: Committee) -> dict[str, Any]:
    """Return the Organization object of a committee (organizationType Gremium)."""
    return {"id": public_link("public.oparl_organization", committee_key=committee.key),
            "type": kind("Organization"), "body": public_link("public.oparl_body"),
            "name": committee.name, "shortName": committee.short_name or None,
            "organizationType": "Gremium", "classification": committee.kind,
            "meeting": public_link("public.oparl_organization_meetings",
                                   committee_key=committee.key),
            "web": public_link("public.committee", committee_key=committee.key),
            **stamps(committee)}


def location(meeting: Meeting) -> dict[str, Any] | None:
    """Return the Location object of a meeting's place, or None without one."""
    if not meeting.location:
        return None
    return {"id": public_link("public.oparl_location", meeting_id=meeting.id),
            "type": kind("Location"), "description": meeting.location, **stamps(meeting)}


def meeting_state(meeting: Meeting) -> str:
    """Return the meeting's state in OParl's German words (free text in OParl 1.1, beside the
    boolean `cancelled`): abgesagt for a cancelled one, whenever it was; durchgeführt once it
    is over (its end, else its start, passed); terminiert before."""
    if meeting.cancelled:
        return "abgesagt"  # untranslated: OParl data is the municipality's German record
    over = (meeting.ends_at or meeting.starts_at) < utcnow()
    return "durchgeführt" if over else "terminiert"  # untranslated: OParl's German record


def meeting(found: Meeting) -> dict[str, Any]:
    """Return the Meeting object with its agenda items and public files embedded."""
    return {"id": public_link("public.oparl_meeting", meeting_id=found.id),
            "type": kind("Meeting"), "name": found.name or None,
            "meetingState": meeting_state(found), "cancelled": found.cancelled,
            "start": moment(found.starts_at), "end": moment(found.ends_at),
            "location": location(found),
            "organization": [public_link("public.oparl_organization",
                                         committee_key=found.committee.key)],
            "auxiliaryFile": [file(d) for d in council.public_documents(found)],
            "agendaItem": [agenda_item(i) for i in found.items],
            "web": public_link("public.meeting", meeting_id=found.id), **stamps(found)}


def agenda_item(item: AgendaItem) -> dict[str, Any]:
    """Return the AgendaItem object; a non-public one carries no title and no files."""
    visible = council.item_visible(item)
    data = {"id": public_link("public.oparl_agenda_item", item_id=item.id),
            "type": kind("AgendaItem"),
            "meeting": public_link("public.oparl_meeting", meeting_id=item.meeting_id),
            "number": item.number or None, "order": item.position,
            "name": item.title if visible else NOT_PUBLIC, "public": visible,
            **stamps(item.meeting)}
    if visible:
        data["auxiliaryFile"] = [file(d) for d in council.public_documents(item.meeting, item)]
    return data


def file(document: CouncilDocument) -> dict[str, Any]:
    """Return the File object of a public document."""
    access = public_link("public.meeting_document", meeting_id=document.meeting_id,
                         file_id=document.id)
    data = {"id": public_link("public.oparl_file", file_id=document.id), "type": kind("File"),
            "name": document.name, "fileName": document.filename,
            "mimeType": document.media_type, "size": document.size,
            "sha512Checksum": document.sha512, "accessUrl": access, "downloadUrl": access,
            "date": document.created_at.astimezone(LOCAL_TIME).date().isoformat(),
            "meeting": [public_link("public.oparl_meeting", meeting_id=document.meeting_id)],
            "created": moment(document.created_at), "modified": moment(document.created_at)}
    if document.agenda_item_id is not None:
        data["agendaItem"] = [public_link("public.oparl_agenda_item",
                                          item_id=document.agenda_item_id)]
    return data


def without_empty(value: Any) -> Any:
    """Drop properties without a value, also inside (OParl leaves out what is not known)."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def object_list(items: list[dict[str, Any]], total: int, page: int, per_page: int,
                link: Any) -> dict[str, Any]:
    """Return an OParl paginated list; `link(page)` builds a page's URL."""
    pages = max(1, -(-total // per_page))
    links = {"first": link(1), "last": link(pages), "self": link(page)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return {"data": [without_empty(i) for i in items],
            "pagination": {"totalElements": total, "elementsPerPage": per_page,
                           "currentPage": page, "totalPages": pages},
            "links": links}
