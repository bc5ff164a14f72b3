"""Committees and meetings: look-ups, local times, paging, the documents' storage (encrypted
at rest, core.file_crypto).

The views (council_views, council_editor, oparl_views, calendar_export) share these helpers;
who may see what is decided here: the public sees public documents and the titles of public
agenda items of public meetings only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from pathlib import Path

import filetype
from flask import Flask, Response, abort, current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from common.db import utcnow
from common.formatting import LOCAL_TIME
from common.i18n import _

from ..cases.uploads import as_download
from ..core import file_crypto
from ..core.extensions import db
from ..models import AgendaItem, Committee, CouncilDocument, Meeting

log = logging.getLogger(__name__)

DEFAULTS = {
    "COUNCIL_MEETINGS_PER_PAGE": 10,  # a committee's page, upcoming and past each
    "COUNCIL_DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,
    "COUNCIL_OPARL_PER_PAGE": 50,  # objects on one page of an OParl list
    "COUNCIL_CALENDAR_PAST_DAYS": 365,  # a committee's .ics: past meetings of so many days
}
"""The area's config keys (namespaced COUNCIL_), set as defaults by init_app."""


class CommitteeNotFound(NotFound):
    """A 404 whose description tells the reader that no such committee exists."""

    german = True


class DocumentFileMissing(NotFound):
    """A document whose row is there but whose stored file is not."""

    german = True


class PageNotFound(NotFound):
    """A 404 for a page number beyond the last page, with a German description."""

    german = True


def last_page_check(page: int, pages: int) -> None:
    """Stop with a German 404 for a page beyond the last (before any OFFSET is computed: a
    huge number would overflow the database's integer)."""
    if page > pages:
        raise PageNotFound(_("Die Seite %(page)s gibt es nicht; es gibt %(pages)s Seiten.",
                             page=page, pages=pages))


def init_app(app: Flask) -> None:
    """Set the area's config defaults and the documents' folder."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("COUNCIL_DOCUMENT_DIR", str(Path(app.instance_path) / "council"))
    # OParl clients are programs: a refusal under /oparl/ answers JSON, as /api does.
    app.config["ERRORS_JSON_PREFIXES"] = (*app.config.get("ERRORS_JSON_PREFIXES", ()),
                                          "/oparl/")


def committee_or_404(key: str) -> Committee:
    """Return the committee of the key, or stop with a German 404."""
    committee = db.session.scalar(select(Committee).where(Committee.key == key))
    if committee is None:
        raise CommitteeNotFound(_("Ein Gremium „%(key)s“ gibt es nicht.", key=key))
    return committee


def meeting_or_404(meeting_id: int) -> Meeting:
    """Return the meeting, or 404."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def committees() -> list[Committee]:
    """Return every committee, the council first, then by name."""
    return list(db.session.scalars(select(Committee).order_by(Committee.kind != "Stadtrat",
                                                              Committee.name)))


def meetings_page(committee: Committee, upcoming: bool, page: int) -> tuple[list[Meeting], int]:
    """Return one page of the committee's upcoming (soonest first) or past meetings, and the
    number of pages; a page beyond the last is a German 404."""
    per_page = current_app.config["COUNCIL_MEETINGS_PER_PAGE"]
    now = utcnow()
    when = Meeting.starts_at >= now if upcoming else Meeting.starts_at < now
    order = Meeting.starts_at.asc() if upcoming else Meeting.starts_at.desc()
    base = select(Meeting).where(Meeting.committee_id == committee.id, when)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // per_page))
    last_page_check(page, pages)
    rows = db.session.scalars(base.order_by(order).offset((page - 1) * per_page)
                              .limit(per_page)).all()
    return list(rows), pages


def calendar_meetings(committee: Committee) -> list[Meeting]:
    """Return the meetings of the committee's calendar file: every future one and the past
    ones of COUNCIL_CALENDAR_PAST_DAYS (the file stays small however long the committee
    exists), soonest first, with their committee."""
    since = utcnow() - dt.timedelta(days=current_app.config["COUNCIL_CALENDAR_PAST_DAYS"])
    return list(db.session.scalars(
        select(Meeting).where(Meeting.committee_id == committee.id, Meeting.starts_at >= since)
        .options(joinedload(Meeting.committee)).order_by(Meeting.starts_at)))


def next_meetings(limit: int = 10) -> list[Meeting]:
    """Return the next meetings of all committees."""
    return list(db.session.scalars(select(Meeting).where(Meeting.starts_at >= utcnow())
                                   .order_by(Meeting.starts_at).limit(limit)))


def local_moment(day: dt.date, time: dt.time) -> dt.datetime:
    """Return the UTC moment of a local date and time (as an editor types them)."""
    return dt.datetime.combine(day, time, tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def is_pdf(content: bytes) -> bool:
    """Say whether the bytes are a PDF by their content (never by the file's name)."""
    kind = filetype.guess(bytearray(content[:262]))
    return kind is not None and kind.mime == "application/pdf"


def item_visible(item: AgendaItem) -> bool:
    """Say whether the public may read the agenda item's title and text."""
    return item.public and item.meeting.public


def document_visible(document: CouncilDocument) -> bool:
    """Say whether the public may download the document."""
    if not document.meeting.public:
        return False
    if document.agenda_item_id is None:
        return True
    item = db.session.get(AgendaItem, document.agenda_item_id)
    return item is not None and item.public


def item_documents(item: AgendaItem) -> list[CouncilDocument]:
    """Return the documents attached to the agenda item."""
    return list(db.session.scalars(select(CouncilDocument)
                                   .where(CouncilDocument.agenda_item_id == item.id)))


def public_documents(meeting: Meeting, item: AgendaItem | None = None) -> list[CouncilDocument]:
    """Return the documents the public sees: the meeting's own (item None) or the item's."""
    wanted = item.id if item is not None else None
    return [d for d in meeting.documents
            if d.agenda_item_id == wanted and document_visible(d)]


def document_dir() -> Path:
    """Return the folder of the documents (outside static), made on first use."""
    path = Path(current_app.config["COUNCIL_DOCUMENT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_document(meeting: Meeting, item: AgendaItem | None, name: str, filename: str,
                   content: bytes) -> CouncilDocument:
    """Write a checked PDF under a random name and add its row (the caller commits)."""
    storage = secrets.token_hex(16) + ".pdf"
    file_crypto.write_new(document_dir() / storage, content)
    document = CouncilDocument(meeting=meeting, agenda_item_id=item.id if item else None,
                               name=name, filename=filename, storage_name=storage,
                               size=len(content), sha512=hashlib.sha512(content).hexdigest())
    db.session.add(document)
    return document


def remove_document_file(document: CouncilDocument) -> None:
    """Delete the stored file of a document whose row is gone."""
    (document_dir() / document.storage_name).unlink(missing_ok=True)


def document_response(document: CouncilDocument) -> Response:
    """Answer with the document as a download (nosniff, never inline); a stored file that is
    gone (a restore without the documents' folder) is a German 404 and an error in the log."""
    path = document_dir() / document.storage_name
    if not path.is_file():
        log.error("council document %s has no stored file %s", document.id, path)
        raise DocumentFileMissing(_("Das Dokument „%(name)s“ ist zurzeit nicht abrufbar. Bitte "
                                    "wenden Sie sich an die Redaktion.", name=document.name))
    response = file_crypto.response(path, document.media_type, ("sha512", document.sha512))
    return as_download(response, document.filename)


def touch(*objects: Committee | Meeting) -> None:
    """Mark objects as modified now (OParl's `modified`)."""
    for obj in objects:
        obj.modified_at = utcnow()
