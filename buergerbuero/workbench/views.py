"""Postfach: the department's delivered cases; one case: answers, status, messages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

import mailgateway
from common.i18n import _

from ..auth import role_required
from ..cases.messages import case_messages, post_message
from ..cases.timeline import case_timeline
from ..core import audit
from ..core.extensions import db
from ..core.forms import MessageForm
from ..core.labels import department_name, label
from ..models import Case, CaseStatus, Department, PostfachEntry, Role
from . import bp
from .departments import works_for
from .forms import ForwardForm, StatusForm
from .forwarding import forward


def department_entry(reference: str) -> tuple[Case, PostfachEntry]:
    """Return a case of the worker's department with its inbox entry, or 404."""
    case = db.session.scalar(select(Case).where(Case.reference == reference))
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
    return render_case(case, entry, MessageForm())


def render_case(case: Case, entry: PostfachEntry, form: MessageForm,
                forward_form: ForwardForm | None = None) -> str:
    """Render the case page with the given message form (fresh, or with its errors)."""
    opened = mailgateway.open_entry(db.session, entry, current_user.user.id)
    mailgateway.open_unread(db.session, case_id=case.id, department_id=case.department_id,
                            kinds=[mailgateway.OutboxKind.MESSAGE], opened_by=current_user.user.id)
    return render_template(
        "workbench/case.html",
        case=case,
        entry=entry,
        opened=opened,
        timeline=case_timeline(db.session, case),
        messages=case_messages(db.session, case),
        form=form,
        status_form=StatusForm(status=case.status.value),
        forward_form=forward_form or ForwardForm().offer(case.department),
    )


@bp.route("/<reference>/status", methods=["POST"])
@role_required(Role.CASEWORKER)
def status(reference: str):
    """Set a new status and log the change."""
    case, _entry = department_entry(reference)
    form = StatusForm()
    if not form.validate():
        flash(_("Bitte wählen Sie einen gültigen Status."), "danger")
        return redirect(url_for("workbench.case", reference=reference)), 303
    new = CaseStatus(form.status.data)
    if new is not case.status:
        audit.record(
            db.session,
            "status_changed",
            case,
            case_id=case.id,
            **{"from": case.status.value, "to": new.value},
        )
        case.status = new
        db.session.commit()
        flash(_("Status geändert: %(status)s", status=label(new)), "success")
    return redirect(url_for("workbench.case", reference=reference))


@bp.route("/<reference>/nachricht", methods=["POST"])
@role_required(Role.CASEWORKER)
def message(reference: str):
    """Write to the resident in the case's message box."""
    case, entry = department_entry(reference)
    form = MessageForm()
    if not form.validate():
        return render_case(case, entry, form), 400
    post_message(db.session, case, current_user.user, form.body.data, from_department=True)
    flash(_("Die Nachricht wurde gesendet."), "success")
    return redirect(url_for("workbench.case", reference=reference, _anchor="nachrichten"))


@bp.route("/<reference>/weiterleiten", methods=["POST"])
@role_required(Role.CASEWORKER)
def forward_case(reference: str):
    """Forward the case to another department through the gateway."""
    case, entry = department_entry(reference)
    form = ForwardForm().offer(case.department)
    if not form.validate():
        return render_case(case, entry, MessageForm(), forward_form=form), 400
    target = db.session.scalar(select(Department).where(Department.key == form.department.data))
    forward(db.session, case, target, current_user.user, form.reason.data.strip())
    flash(_("Vorgang %(reference)s an %(department)s weitergeleitet.", reference=case.reference,
            department=department_name(target)), "success")
    return redirect(url_for("workbench.inbox"))
