"""Who works a case: claim it ("Übernehmen"), assign it to a colleague, release it.

Any case worker of the case's department may do each of the three, also for a case a colleague
holds: "Übernehmen" takes the case over and names who had it, as handing over a paper file
across the desk would. Every change is an audit event with the user ids before and after.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from common.i18n import _, _l

from ..auth import role_required
from ..core import audit
from ..core.errors import RuleRefused
from ..core.extensions import db
from ..core.url_converters import database_id
from ..models import Case, Role, User
from . import bp
from .forms import AssignForm
from .views import department_entry, render_case


class AssignmentRefused(RuleRefused):
    """The chosen person may not work this case; `message` says why."""


def assignee_for(session: Session, case: Case, raw: str | None) -> User:
    """Return the case worker the form names, if they may work the case; else refuse.

    Unknown ids, residents, administrators, disabled accounts and case workers of other
    departments get one message alike: the form offers none of them.
    """
    number = database_id(raw)  # anything else is no id a row could have (never a 500)
    user = session.get(User, number) if number is not None else None
    if user is None or user.role is not Role.CASEWORKER or not user.active \
            or case.department_id not in user.department_ids:
        raise AssignmentRefused(_l("Bitte wählen Sie eine Sachbearbeiterin oder einen "
                                   "Sachbearbeiter dieses Amtes."))
    return user


def hand_to(session: Session, case: Case, user: User | None, action: str) -> User | None:
    """Give the case to `user` (None: nobody) with its audit event; return who had it."""
    previous = case.assignee
    details = {"from": previous.id if previous else None}
    if action != "case_released":
        details["to"] = user.id
    audit.record(session, action, case, case_id=case.id, actor_id=current_user.user.id,
                 **details)
    case.assignee = user
    return previous


@bp.route("/<reference>/uebernehmen", methods=["POST"])
@role_required(Role.CASEWORKER)
def claim(reference: str):
    """Take the case: I work it from now on (also when a colleague held it)."""
    case, _entry = department_entry(reference, for_update=True)
    me = current_user.user
    if case.assignee_id == me.id:
        flash(_("Sie bearbeiten diesen Vorgang bereits."), "info")
    else:
        previous = hand_to(db.session, case, me, "case_claimed")
        db.session.commit()
        if previous is None:
            flash(_("Sie bearbeiten den Vorgang jetzt."), "success")
        else:
            flash(_("Sie haben den Vorgang von %(name)s übernommen.",
                    name=previous.display_name), "success")
    return redirect(url_for("workbench.case", reference=reference))


@bp.route("/<reference>/zuweisen", methods=["POST"])
@role_required(Role.CASEWORKER)
def assign(reference: str):
    """Give the case to a case worker of its department."""
    case, entry = department_entry(reference, for_update=True)
    form = AssignForm()
    try:  # CSRF was checked before the view; the one field is checked here
        user = assignee_for(db.session, case, form.bearbeitung.data)
    except AssignmentRefused as refused:
        db.session.rollback()  # let go of the row lock; nothing was changed
        form.bearbeitung.errors = [str(refused.message)]
        return render_case(case, entry, assign_form=form), 400
    if case.assignee_id == user.id:
        flash(_("%(name)s bearbeitet diesen Vorgang bereits.", name=user.display_name), "info")
    else:
        hand_to(db.session, case, user, "case_assigned")
        db.session.commit()
        flash(_("Der Vorgang ist %(name)s zugewiesen.", name=user.display_name), "success")
    return redirect(url_for("workbench.case", reference=reference))


@bp.route("/<reference>/freigeben", methods=["POST"])
@role_required(Role.CASEWORKER)
def release(reference: str):
    """Let go of the case: nobody works it until someone claims it or is assigned it."""
    case, _entry = department_entry(reference, for_update=True)
    if case.assignee_id is None:
        flash(_("Diesen Vorgang bearbeitet zurzeit niemand."), "info")
    else:
        hand_to(db.session, case, None, "case_released")
        db.session.commit()
        flash(_("Der Vorgang ist freigegeben."), "success")
    return redirect(url_for("workbench.case", reference=reference))
