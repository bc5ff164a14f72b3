"""Meine Anträge: the resident's cases and drafts, one case's page, its message box, its receipt."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

import forms
from common.i18n import _
from forms.fields.uploads import FILE_KINDS, kind_of_media_type, readable_size

from ..auth import role_required
from ..catalogue import definitions
from ..core import audit
from ..core.extensions import db
from ..core.forms import MessageForm
from ..models import Case, Draft, Role, SignedDocument, Submission, Upload
from . import bp
from .bekanntgabe_view import case_page_context
from .closing import CaseClosed, refuse_if_closed
from .conversation import open_queries, resident_conversation
from .drafts import resume_at
from .live_box import refused_json, sent_json, wants_json
from .message_files import valid_with_files
from .messages import case_messages, open_box_entries, post_message
from .submission import closed_message
from .timeline import case_timeline
from .uploads import download_name

BESCHEID = "bescheid"
"""The kind of the sealed Bescheid among a case's documents: the resident retrieves it through
its own route (its download is the Bekanntgabe), never as a plain document."""


def own_case(reference: str, *, for_update: bool = False) -> Case:
    """Return the current resident's case, or 404 (another resident's case does not 'exist').

    `for_update` locks the case's row until the commit: what the resident sends (a message, an
    answer, a withdrawal) then acts on the status a case worker's decision left, never beside it.
    """
    query = select(Case).where(Case.reference == reference)
    case = db.session.scalar(query.with_for_update() if for_update else query)
    if case is None or case.user_id != current_user.id:
        abort(404)
    return case


@bp.route("/")
@role_required(Role.RESIDENT)
def index():
    """List the resident's cases (newest first) and unfinished drafts."""
    cases = db.session.scalars(select(Case).where(Case.user_id == current_user.id)
                               .order_by(Case.created_at.desc())).all()
    drafts = db.session.scalars(select(Draft).where(Draft.user_id == current_user.id)
                                .order_by(Draft.updated_at.desc())).all()
    resume, closed = {}, {}
    for draft in drafts:
        try:
            resume[draft.id] = resume_at(definitions.spec_of(draft.definition), draft)
            closed[draft.id] = closed_message(draft.definition)
        except definitions.DefinitionUnavailable as exc:  # kept, but it cannot go on for now
            resume[draft.id], closed[draft.id] = None, exc.description
    return render_template("cases/index.html", cases=cases, drafts=drafts, resume=resume,
                           closed=closed, open_queries=open_queries(db.session, current_user.id))


@bp.route("/<reference>")
@role_required(Role.RESIDENT)
def detail(reference: str):
    """Show one case: status, fee, answers, own uploads, documents, timeline, message box;
    what the department placed in the resident's box is opened (Abholbestätigung)."""
    case = own_case(reference)
    open_box_entries(db.session, case, current_user.user)
    return render_detail(case, MessageForm())


@bp.route("/<reference>/nachricht", methods=["POST"])
@role_required(Role.RESIDENT)
def message(reference: str):
    """Send a message (with its files) to the department in the case's message box; sent by
    the page's script, the answer is JSON (refusals with their German errors)."""
    case = own_case(reference, for_update=True)
    form = MessageForm()
    try:
        refuse_if_closed(case)
    except CaseClosed as refused:
        form.form_errors.append(str(refused.message))
        return refused_json(form, 409) if wants_json() else (render_detail(case, form), 409)
    files = valid_with_files(form, current_user.user, db.session, case)
    if files is None:
        return refused_json(form, 400) if wants_json() else (render_detail(case, form), 400)
    post_message(db.session, case, current_user.user, form.body.data, from_department=False,
                 files=files)
    if wants_json():  # the page's script: it shows the message with its next poll
        return sent_json(_("Ihre Nachricht wurde gesendet."))
    flash(_("Ihre Nachricht wurde gesendet."), "success")
    return redirect(url_for("cases.detail", reference=reference, _anchor="nachrichten"))


def render_detail(case: Case, form: MessageForm, *,
                  withdrawal_form: Any = None, **conversation: Any) -> str:
    """Render the case page with what was filed (answers, fee and uploads as stored then);
    `withdrawal_form`, `conversation`: refused forms handed back with their errors."""
    # A Bescheid is no plain download: its retrieval is the Bekanntgabe (its own route, receipted)
    documents = db.session.scalars(select(SignedDocument).where(
        SignedDocument.case_id == case.id, SignedDocument.kind != BESCHEID)).all()
    filed = case.submission
    try:
        spec = definitions.spec_of(case.definition)
    except definitions.DefinitionUnavailable:
        spec = None  # the sealed receipt among the documents still shows every answer
    uploads = db.session.scalars(select(Upload).where(
        Upload.case_id == case.id, Upload.user_id == case.user_id,
        Upload.message_id.is_(None)).order_by(Upload.id)).all()
    return render_template("cases/detail.html", case=case, documents=documents, form=form,
                           sections=forms.review(spec, filed.answers) if filed and spec else [],
                           answers_unreadable=filed is not None and spec is None,
                           fee=filed_fee(spec, filed), uploads=[upload_row(u) for u in uploads],
                           timeline=case_timeline(db.session, case),
                           messages=case_messages(db.session, case),
                           **resident_conversation(db.session, case, **conversation),
                           **case_page_context(db.session, case, withdrawal_form))


def filed_fee(spec: forms.ServiceSpec | None, filed: Submission | None
              ) -> dict[str, str] | None:
    """Return the fee computed when the case was filed (label and amount), or None.

    A currency without cents: the service has a fee, the answers gave none; the department sets it.
    """
    if filed is None or filed.fee_currency is None:
        return None
    label = spec.fee.label if spec and spec.fee else _("Gebühr")
    return {"label": label, "amount": forms.fee_text(filed.fee_cents, filed.fee_currency),
            "computed": filed.fee_cents is not None}


def upload_row(upload: Upload) -> dict[str, str]:
    """Return how a resident's own upload is listed: name, size and kind, download link."""
    kind = FILE_KINDS.get(kind_of_media_type(upload.media_type) or "")
    return {"name": download_name(upload.filename, upload.media_type),
            "url": url_for("cases.upload_file", token=upload.token),
            "about": f"{readable_size(upload.size)}, {kind.label if kind else upload.media_type}"}


@bp.route("/<reference>/dokumente/<int:document_id>")
@role_required(Role.RESIDENT)
def document(reference: str, document_id: int):
    """Download a signed document of the case as an attachment."""
    case = own_case(reference)
    doc = db.session.get(SignedDocument, document_id)
    if doc is None or doc.case_id != case.id or doc.kind == BESCHEID:
        abort(404)
    audit.record(db.session, "document_downloaded", doc, case_id=case.id)
    db.session.commit()
    return pdf_attachment(doc)


def pdf_attachment(doc: SignedDocument):
    """Answer with the sealed PDF as a download, with the same headers as every upload."""
    from flask import Response

    from .uploads import as_download

    return as_download(Response(doc.content, mimetype="application/pdf"), doc.filename)
