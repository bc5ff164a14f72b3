"""Postfach: the department's delivered cases; one case: answers, status, messages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

import mailgateway
from common.i18n import _

from ..auth import role_required
from ..cases import lifecycle
from ..cases.bekanntgabe_view import department_page_context
from ..cases.closing import CaseClosed, refuse_if_closed
from ..cases.conversation import conversation
from ..cases.live_box import refused_json, sent_json, wants_json
from ..cases.message_files import valid_with_files
from ..cases.messages import case_messages, post_message
from ..cases.timeline import case_timeline
from ..core.extensions import db
from ..core.forms import MessageForm
from ..core.labels import department_name, label
from ..core.webforms import GermanForm
from ..models import Case, CaseStatus, Department, PostfachEntry, Role
from . import bp
from .decision_page import decision_section
from .departments import colleagues, works_for
from .forms import AssignForm, ForwardForm, PostingForm, QueryForm, StatusForm
from .forwarding import forward, received_forward


def department_entry(reference: str, *, for_update: bool = False
                     ) -> tuple[Case, PostfachEntry]:
    """Return a case of the worker's department with its inbox entry, or 404.

    `for_update` locks the case's row until the commit, so two case workers changing it at
    once act one after the other, the second on what the first left.
    """
    query = select(Case).where(Case.reference == reference)
    case = db.session.scalar(query.with_for_update() if for_update else query)
    if case is None or not works_for(case.department_id):
        abort(404)
    entry = mailgateway.delivered_entry(db.session, case.id, case.department_id)
    if entry is None:
        abort(404)  # not delivered yet: the department cannot see it
    return case, entry


@bp.route("/<reference>")
@role_required(Role.CASEWORKER)
def case(reference: str):
    """Open a case: decrypt its envelope (first opening is receipted) and show everything."""
    case, entry = department_entry(reference)
    return render_case(case, entry)


def render_case(case: Case, entry: PostfachEntry, **forms: GermanForm) -> str:
    """Render the case page; `forms` replaces fresh forms by ones with their errors."""
    opened = mailgateway.open_entry(db.session, entry, current_user.user.id)
    mailgateway.open_unread(db.session, case_id=case.id, department_id=case.department_id,
                            kinds=[mailgateway.OutboxKind.MESSAGE], opened_by=current_user.user.id)
    if case.reply_at is not None:  # the resident's reply is on this page: the inbox flag goes
        case.reply_at = None
        db.session.commit()
    fresh = {"form": MessageForm, "status_form": lambda: StatusForm().offer(case),
             "forward_form": lambda: ForwardForm().offer(case.department),
             "assign_form": lambda: AssignForm().offer(colleagues(db.session, case.department_id)),
             "query_form": lambda: QueryForm(formdata=None).offer(case),
             "posting_form": PostingForm}
    for name, build in fresh.items():
        if name not in forms:
            forms[name] = build()
        elif name == "assign_form":  # a refused form keeps its errors and gets its choices
            forms[name].offer(colleagues(db.session, case.department_id))
    return render_template(
        "workbench/case.html", case=case, entry=entry, opened=opened,
        timeline=case_timeline(db.session, case, for_department=True),
        messages=case_messages(db.session, case), forwarded=received_forward(db.session, case),
        decision=decision_section(db.session, case, forms), **conversation(db.session, case),
        **department_page_context(db.session, case, current_user.user.id), **forms)


@bp.route("/<reference>/status", methods=["POST"])
@role_required(Role.CASEWORKER)
def status(reference: str):
    """Move the case on through the state machine; a refused change changes nothing."""
    case, entry = department_entry(reference, for_update=True)
    form = StatusForm()
    if not form.validate():  # no status at all, or too long a reason
        db.session.rollback()  # let go of the row lock
        return render_case(case, entry, status_form=form.offer(case)), 400
    new = CaseStatus(form.status.data)
    try:
        lifecycle.change_status(db.session, case, new, current_user.user,
                                reason=form.reason.data or "")
    except lifecycle.TransitionRefused as refused:
        db.session.rollback()
        # a missing reason is the form's (400); a change the machine or an event owns, 409
        code = 400 if new in lifecycle.allowed_next(case.status) else 409
        field = form.reason if code == 400 else form.status
        field.errors = [str(refused.message)]
        return render_case(case, entry, status_form=form.offer(case)), code
    db.session.commit()
    flash(_("Status geändert: %(status)s", status=label(new)), "success")
    return redirect(url_for("workbench.case", reference=reference))


@bp.route("/<reference>/nachricht", methods=["POST"])
@role_required(Role.CASEWORKER)
def message(reference: str):
    """Write to the resident in the case's message box, with files; it travels into the
    resident's box through the gateway; sent by the page's script, the answer is JSON."""
    case, entry = department_entry(reference)
    form = MessageForm()
    try:
        refuse_if_closed(case)
    except CaseClosed as refused:
        form.form_errors.append(str(refused.message))
        if wants_json():
            return refused_json(form, 409)
        return render_case(case, entry, form=form), 409
    files = valid_with_files(form, current_user.user, db.session, case)
    if files is None:
        return refused_json(form, 400) if wants_json() else (
            render_case(case, entry, form=form), 400)
    post_message(db.session, case, current_user.user, form.body.data, from_department=True,
                 files=files)
    if wants_json():  # the page's script: it shows the message with its next poll
        return sent_json(_("Die Nachricht wurde gesendet."))
    flash(_("Die Nachricht wurde gesendet."), "success")
    return redirect(url_for("workbench.case", reference=reference, _anchor="nachrichten"))


@bp.route("/<reference>/weiterleiten", methods=["POST"])
@role_required(Role.CASEWORKER)
def forward_case(reference: str):
    """Forward the case to another department through the gateway."""
    case, entry = department_entry(reference, for_update=True)
    form = ForwardForm().offer(case.department)
    if not case.is_open:
        db.session.rollback()
        form.form_errors.append(_("Ein entschiedener oder abgeschlossener Vorgang kann nicht "
                                  "weitergeleitet werden."))
        return render_case(case, entry, forward_form=form), 409
    if not form.validate():
        db.session.rollback()
        return render_case(case, entry, forward_form=form), 400
    target = db.session.scalar(select(Department).where(Department.key == form.department.data))
    forward(db.session, case, target, current_user.user, form.reason.data.strip())
    flash(_("Vorgang %(reference)s an %(department)s weitergeleitet.", reference=case.reference,
            department=department_name(target)), "success")
    return redirect(url_for("workbench.inbox"))
