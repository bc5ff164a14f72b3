"""The resident answers a Rückfrage on the case page, with text and files."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from common.formatting import format_date
from common.i18n import _, current_language

from ..auth import role_required
from ..core.extensions import db
from ..core.forms import MessageForm
from ..models import CaseQuery, Role
from . import bp, queries
from .forms import AnswerForm, answer_prefix
from .message_files import valid_with_files
from .views import own_case, render_detail

NUMERIC_DATES = {"de": "%d.%m.%Y", "en": "%d/%m/%Y"}


@bp.route("/<reference>/rueckfrage/<int:query_id>/antwort", methods=["POST"])
@role_required(Role.RESIDENT)
def answer_query(reference: str, query_id: int):
    """Answer one Rückfrage of the resident's case; a refused answer keeps the typed text."""
    case = own_case(reference, for_update=True)
    query = db.session.get(CaseQuery, query_id)
    if query is None or query.case_id != case.id:
        abort(404)
    form = AnswerForm(prefix=answer_prefix(query.id))
    files = valid_with_files(form, current_user.user, db.session, case)
    if files is None:
        return render_detail(case, MessageForm(formdata=None), answering=(query.id, form)), 400
    try:
        queries.answer(db.session, case, query, current_user.user, form.body.data, files)
    except queries.QueryRefused as refused:
        form.form_errors.append(str(refused.message))
        return render_detail(case, MessageForm(formdata=None), answering=(query.id, form)), 409
    flash(_("Ihre Antwort wurde gesendet."), "success")
    return redirect(url_for("cases.detail", reference=reference, _anchor="rueckfragen"))


@bp.app_template_filter("numeric_date")
def numeric_date(day: dt.date) -> str:
    """Show a day as digits, the way a deadline is written: 15.12.2026 (English: 15/12/2026)."""
    pattern = NUMERIC_DATES.get(current_language())
    return day.strftime(pattern) if pattern else format_date(day)
