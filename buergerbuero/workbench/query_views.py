"""The case worker asks the resident (Rückfrage) from the case page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from common.formatting import format_date
from common.i18n import _

from ..auth import role_required
from ..cases import lifecycle, queries
from ..cases.message_files import valid_with_files
from ..core.extensions import db
from ..models import Role
from . import bp
from .forms import QueryForm
from .views import department_entry, render_case


@bp.route("/<reference>/rueckfrage", methods=["POST"])
@role_required(Role.CASEWORKER)
def ask_query(reference: str):
    """Ask the resident for information or documents by a deadline; the case goes to
    *Rückfrage*. A decided or closed case is refused (409), bad input kept (400)."""
    case, entry = department_entry(reference, for_update=True)
    form = QueryForm()
    if not case.is_open:
        db.session.rollback()  # let go of the row lock
        form.form_errors.append(_("Zu einem entschiedenen oder abgeschlossenen Vorgang kann "
                                  "keine Rückfrage gestellt werden."))
        return render_case(case, entry, query_form=form.offer(case)), 409
    files = valid_with_files(form, current_user.user, db.session, case)
    if files is None:
        db.session.rollback()
        return render_case(case, entry, query_form=form.offer(case)), 400
    try:
        query = queries.ask(db.session, case, current_user.user, form.body.data,
                            form.item_list(), form.answer_by.data, files)
    except (queries.QueryRefused, lifecycle.TransitionRefused) as refused:
        db.session.rollback()
        form.form_errors.append(str(refused.message))
        return render_case(case, entry, query_form=form.offer(case)), 409
    flash(_("Die Rückfrage wurde gesendet; Antwort bis %(day)s.",
            day=format_date(query.answer_by)), "success")
    return redirect(url_for("workbench.case", reference=reference, _anchor="rueckfragen"))
