"""The case worker's side of a Bescheid's Bekanntgabe: print it for the post, record the
Aufgabe zur Post (§ 41 Abs. 2 VwVfG) once it is not announced by retrieval."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_login import current_user

from common.db import utcnow
from common.i18n import _

from ..auth import role_required
from ..cases import deadlines_law as law
from ..cases.bekanntgabe import issued_decision
from ..cases.bekanntgabe_view import sealed_letter
from ..cases.posting import PostingRefused, record_posting
from ..cases.uploads import as_download
from ..core import audit
from ..core.extensions import db
from ..models import Role
from . import bp
from .forms import PostingForm
from .views import department_entry, render_case


@bp.route("/<reference>/bescheid")
@role_required(Role.CASEWORKER)
def print_decision(reference: str):
    """Download the sealed Bescheid to print it for the post ("Für den Postversand drucken")."""
    case, _entry = department_entry(reference)
    issued = issued_decision(db.session, case)
    document = sealed_letter(db.session, issued) if issued else None
    if document is None:
        abort(404)
    audit.record(db.session, "document_downloaded", document, case_id=case.id, purpose="post")
    db.session.commit()
    return as_download(Response(document.content, mimetype="application/pdf"),
                       document.filename)


@bp.route("/<reference>/bescheid/post", methods=["POST"])
@role_required(Role.CASEWORKER)
def record_post(reference: str):
    """Record the day the Bescheid was handed to the post; its Bekanntgabe follows."""
    case, entry = department_entry(reference, for_update=True)
    form = PostingForm()
    if not form.validate():
        db.session.rollback()
        return render_case(case, entry, posting_form=form), 400
    try:
        record_posting(db.session, issued_decision(db.session, case), form.posted_on.data,
                       current_user.user, law.local_day(utcnow()))
    except PostingRefused as refused:
        db.session.rollback()
        form.posted_on.errors = [str(refused.message)]
        return render_case(case, entry, posting_form=form), refused.status
    db.session.commit()
    flash(_("Die Aufgabe zur Post ist vermerkt."), "success")
    return redirect(url_for("workbench.case", reference=reference, _anchor="bekanntgabe"))
