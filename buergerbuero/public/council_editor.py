"""The editors' pages for committees and meetings (/redaktion/gremien, /redaktion/sitzungen).

Every change is an audit event; a refused form answers 400 and keeps what was typed.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from sqlalchemy import select
from wtforms import SelectChoice

from common.formatting import local
from common.i18n import _

from ..auth import role_required
from ..core import audit
from ..core.extensions import db
from ..models import AgendaItem, Committee, CouncilDocument, Meeting
from . import bp, council
from .editor_views import EDITING_ROLES
from .forms import (
    KINDS,
    AgendaItemForm,
    CommitteeForm,
    DocumentForm,
    MeetingForm,
    NewCommitteeForm,
)


@bp.get("/redaktion/gremien")
@role_required(*EDITING_ROLES)
def editor_committees() -> str:
    """List the committees to edit."""
    return render_template("public/council_editor_committees.html",
                           committees=council.committees())


@bp.route("/redaktion/gremien/neu", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def editor_new_committee():
    """Create a committee."""
    form = NewCommitteeForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Committee.id).where(Committee.key == form.key.data)):
            form.key.errors.append(_("Diese Kennung ist schon vergeben."))
        else:
            committee = Committee(key=form.key.data, name=form.name.data,
                                  short_name=form.short_name.data or "", kind=form.kind.data)
            db.session.add(committee)
            db.session.flush()
            audit.record(db.session, "council.committee_created", committee, key=committee.key)
            db.session.commit()
            flash(_("Das Gremium „%(name)s“ ist angelegt.", name=committee.name), "success")
            return redirect(url_for("public.editor_committee", committee_key=committee.key))
    return render_template("public/council_editor_committee.html", form=form, committee=None), \
        400 if form.is_submitted() else 200


@bp.route("/redaktion/gremien/<committee_key>", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def editor_committee(committee_key: str):
    """Edit a committee and list its meetings."""
    committee = council.committee_or_404(committee_key)
    form = CommitteeForm(obj=committee)
    if committee.kind not in KINDS:  # an imported kind stays choosable
        form.kind.choices = [*form.kind.choices, SelectChoice(committee.kind, committee.kind)]
    if form.validate_on_submit():
        form.populate_obj(committee)
        council.touch(committee)
        audit.record(db.session, "council.committee_changed", committee, key=committee.key)
        db.session.commit()
        flash(_("Das Gremium „%(name)s“ ist gespeichert.", name=committee.name), "success")
        return redirect(url_for("public.editor_committee", committee_key=committee_key))
    return render_template("public/council_editor_committee.html", form=form,
                           committee=committee), 400 if form.is_submitted() else 200


@bp.route("/redaktion/gremien/<committee_key>/sitzungen/neu", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def editor_new_meeting(committee_key: str):
    """Add a meeting to a committee."""
    committee = council.committee_or_404(committee_key)
    form = MeetingForm(prefix="sitzung")
    if form.validate_on_submit():
        meeting = Meeting(committee=committee)
        apply_meeting(form, meeting)
        db.session.add(meeting)
        db.session.flush()
        audit.record(db.session, "council.meeting_created", meeting, committee=committee.key)
        db.session.commit()
        flash(_("Die Sitzung ist angelegt. Jetzt können Sie die Tagesordnung eintragen."),
              "success")
        return redirect(url_for("public.editor_meeting", meeting_id=meeting.id))
    return render_template("public/council_editor_new_meeting.html", form=form,
                           committee=committee), 400 if form.is_submitted() else 200


def apply_meeting(form: MeetingForm, meeting: Meeting) -> None:
    """Copy the form's values into the meeting (local times to UTC)."""
    meeting.name = form.name.data or ""
    meeting.starts_at = council.local_moment(form.day.data, form.start.data)
    meeting.ends_at = council.local_moment(form.day.data, form.end.data) \
        if form.end.data else None
    meeting.location = form.location.data or ""
    meeting.public, meeting.cancelled = form.public.data, form.cancelled.data
    council.touch(meeting)


def meeting_values(meeting: Meeting) -> dict[str, object]:
    """Return the meeting form's starting values, in local time."""
    start = local(meeting.starts_at)
    return {"name": meeting.name, "day": start.date(), "start": start.time(),
            "end": local(meeting.ends_at).time() if meeting.ends_at else None,
            "location": meeting.location, "public": meeting.public,
            "cancelled": meeting.cancelled}


def meeting_page(meeting: Meeting, status: int = 200, **forms: object):
    """Render the meeting's editor page with its three forms (the given ones keep input)."""
    forms.setdefault("meeting_form", MeetingForm(prefix="sitzung", data=meeting_values(meeting)))
    forms.setdefault("item_form", AgendaItemForm(prefix="top", formdata=None))
    forms.setdefault("document_form", DocumentForm(prefix="dokument", formdata=None))
    offer_items(forms["document_form"], meeting)
    return render_template("public/council_editor_meeting.html", meeting=meeting,
                           **forms), status


def offer_items(form: DocumentForm, meeting: Meeting) -> None:
    """Offer the meeting itself and each agenda item as the document's place."""
    form.item.choices = [SelectChoice("", _("die Sitzung (Einladung, Niederschrift …)"))] + [
        SelectChoice(str(i.id), _("TOP %(number)s: %(title)s", number=i.number, title=i.title))
        for i in meeting.items]


@bp.route("/redaktion/sitzungen/<int:meeting_id>", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def editor_meeting(meeting_id: int):
    """Edit a meeting; its agenda and documents are on the same page."""
    meeting = council.meeting_or_404(meeting_id)
    form = MeetingForm(prefix="sitzung", data=meeting_values(meeting))
    if form.validate_on_submit():
        apply_meeting(form, meeting)
        audit.record(db.session, "council.meeting_changed", meeting,
                     cancelled=meeting.cancelled, public=meeting.public)
        db.session.commit()
        flash(_("Die Sitzung ist gespeichert."), "success")
        return redirect(url_for("public.editor_meeting", meeting_id=meeting.id))
    return meeting_page(meeting, 400 if form.is_submitted() else 200, meeting_form=form)


@bp.post("/redaktion/sitzungen/<int:meeting_id>/tagesordnung")
@role_required(*EDITING_ROLES)
def editor_add_item(meeting_id: int):
    """Add an agenda item at the end of the agenda."""
    meeting = council.meeting_or_404(meeting_id)
    form = AgendaItemForm(prefix="top")
    if not form.validate_on_submit():
        return meeting_page(meeting, 400, item_form=form)
    position = max((i.position for i in meeting.items), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, number=form.number.data or "",
                      title=form.title.data, public=form.public.data, body=form.body.data or "")
    db.session.add(item)
    db.session.flush()
    council.touch(meeting)
    audit.record(db.session, "council.item_added", item, meeting_id=meeting.id)
    db.session.commit()
    flash(_("Der Tagesordnungspunkt ist eingetragen."), "success")
    return redirect(url_for("public.editor_meeting", meeting_id=meeting.id))


@bp.post("/redaktion/tagesordnung/<int:item_id>/loeschen")
@role_required(*EDITING_ROLES)
def editor_remove_item(item_id: int):
    """Remove an agenda item that has no documents (409 while it has some)."""
    item = db.session.get(AgendaItem, item_id) or abort(404)
    meeting = item.meeting
    if council.item_documents(item):
        # Its documents are never moved elsewhere: on the meeting a confidential document of
        # a non-public item would become public. The editor removes them first, knowingly.
        flash(_("Der Tagesordnungspunkt „%(title)s“ hat noch Dokumente. Entfernen Sie "
                "zuerst seine Dokumente, dann den Tagesordnungspunkt.", title=item.title),
              "danger")
        return meeting_page(meeting, 409)
    audit.record(db.session, "council.item_removed", item, meeting_id=meeting.id,
                 title=item.title)
    db.session.delete(item)
    council.touch(meeting)
    db.session.commit()
    flash(_("Der Tagesordnungspunkt ist entfernt."), "success")
    return redirect(url_for("public.editor_meeting", meeting_id=meeting.id))


@bp.post("/redaktion/sitzungen/<int:meeting_id>/dokumente")
@role_required(*EDITING_ROLES)
def editor_add_document(meeting_id: int):
    """Attach a PDF to the meeting or one of its agenda items."""
    meeting = council.meeting_or_404(meeting_id)
    form = DocumentForm(prefix="dokument")
    offer_items(form, meeting)
    content = checked_pdf(form) if form.validate_on_submit() else None
    if content is None:
        return meeting_page(meeting, 400, document_form=form)
    item = next((i for i in meeting.items if str(i.id) == form.item.data), None)
    document = council.store_document(meeting, item, form.name.data,
                                      form.upload.data.filename or "dokument.pdf", content)
    db.session.flush()
    council.touch(meeting)
    audit.record(db.session, "council.document_added", document, meeting_id=meeting.id,
                 sha512=document.sha512)
    db.session.commit()
    flash(_("Das Dokument „%(name)s“ ist angehängt.", name=document.name), "success")
    return redirect(url_for("public.editor_meeting", meeting_id=meeting.id))


def checked_pdf(form: DocumentForm) -> bytes | None:
    """Return the upload's bytes if it is a PDF within the size limit; else add an error."""
    limit = current_app.config["COUNCIL_DOCUMENT_MAX_BYTES"]
    content = form.upload.data.read(limit + 1)
    if len(content) > limit:
        form.upload.errors.append(_("Die Datei ist zu groß (höchstens %(mb)s MB).",
                                    mb=limit // (1024 * 1024)))
        return None
    if not council.is_pdf(content):
        form.upload.errors.append(_("Die Datei ist kein PDF-Dokument."))
        return None
    return content


@bp.get("/redaktion/dokumente/<int:file_id>")
@role_required(*EDITING_ROLES)
def editor_document(file_id: int):
    """Download any document, also one of a non-public meeting or item (editors only)."""
    document = db.session.get(CouncilDocument, file_id) or abort(404)
    return council.document_response(document)


@bp.post("/redaktion/dokumente/<int:file_id>/loeschen")
@role_required(*EDITING_ROLES)
def editor_remove_document(file_id: int):
    """Remove a document and its stored file."""
    document = db.session.get(CouncilDocument, file_id) or abort(404)
    meeting = document.meeting
    audit.record(db.session, "council.document_removed", document, meeting_id=meeting.id,
                 name=document.name)
    db.session.delete(document)
    council.touch(meeting)
    db.session.commit()
    council.remove_document_file(document)
    flash(_("Das Dokument ist entfernt."), "success")
    return redirect(url_for("public.editor_meeting", meeting_id=meeting.id))
