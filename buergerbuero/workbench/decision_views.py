"""The Bescheid's routes on the case page: save a draft (or put the template in), preview it as
PDF, issue it or put it forward for approval, and approve a colleague's draft.

A refused step changes nothing: the row lock is let go, the page shows the German reason with
what was typed, 400 for a form error, 409 for a rule.
"""

from __future__ import annotations

from flask import Response, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

import mailgateway
from common.i18n import _

from ..auth import role_required
from ..cases.lifecycle import TransitionRefused
from ..cases.uploads import as_download
from ..core.extensions import db
from ..models import Case, DecisionOutcome, DecisionState, PostfachEntry, Role
from . import bp
from . import decision_letter as letter
from .decision_page import prefilled_form
from .decisions import ALREADY_ISSUED, DecisionRefused, approve, current_decision, put_forward
from .decisions import save_draft as store_draft
from .forms import DecisionForm
from .views import department_entry, render_case


def section_url(reference: str) -> str:
    """Return the case page at its section "Bescheid"."""
    return url_for("workbench.case", reference=reference, _anchor="bescheid")


def refused(case: Case, entry: PostfachEntry, message: object, form: DecisionForm | None = None
            ) -> tuple[str, int]:
    """Let go of the lock and show the page with the reason a rule refused the step (409)."""
    db.session.rollback()
    form = form or prefilled_form(case, current_decision(db.session, case))
    form.form_errors.append(str(message))
    return render_case(case, entry, decision_form=form), 409


@bp.route("/<reference>/bescheid", methods=["POST"])
@role_required(Role.CASEWORKER)
def save_decision(reference: str):
    """Save the draft, or ("Vorlage einsetzen") put the chosen outcome's template into it."""
    case, entry = department_entry(reference, for_update=True)
    form = DecisionForm().offer()
    if form.wants_template:
        return insert_template(case, entry, form)
    if not form.validate():
        db.session.rollback()
        return render_case(case, entry, decision_form=form), 400
    outcome = DecisionOutcome(form.entscheidung.data)
    body = form.tenor.data or letter.template_for(letter.case_spec(case), outcome)
    try:
        store_draft(db.session, case, current_user.user, form.draft(body))
    except letter.PlaceholderError as error:
        db.session.rollback()
        form.tenor.errors = [str(error.message)]
        return render_case(case, entry, decision_form=form), 400
    except DecisionRefused as rule:
        return refused(case, entry, rule.message, form)
    db.session.commit()
    flash(_("Der Entwurf des Bescheids ist gespeichert."), "success")
    return redirect(section_url(reference))


def insert_template(case: Case, entry: PostfachEntry, form: DecisionForm) -> tuple[str, int]:
    """Show the form with the outcome's template completed (nothing is saved yet)."""
    db.session.rollback()
    if not form.entscheidung.validate(form):
        return render_case(case, entry, decision_form=form), 400
    spec = letter.case_spec(case)
    outcome = DecisionOutcome(form.entscheidung.data)
    form.tenor.data = letter.template_for(spec, outcome)
    try:
        form.tenor.data = letter.fill(form.tenor.data,
                                      letter.placeholders(case, spec, form.fee_cents()))
    except letter.PlaceholderError as error:
        form.tenor.errors = [str(error.message)]
        return render_case(case, entry, decision_form=form), 400
    return render_case(case, entry, decision_form=form), 200


@bp.route("/<reference>/bescheid/erlassen", methods=["POST"])
@role_required(Role.CASEWORKER)
def issue_decision(reference: str):
    """Issue the saved draft, or put it forward for approval where four-eyes applies."""
    case, entry = department_entry(reference, for_update=True)
    decision = current_decision(db.session, case)
    if decision is None:
        return refused(case, entry, _("Speichern Sie zuerst einen Entwurf des Bescheids."))
    try:
        issued = put_forward(db.session, case, decision, current_user.user)
        db.session.commit()
    except (DecisionRefused, TransitionRefused) as rule:
        return refused(case, entry, rule.message)
    except IntegrityError:  # another request issued one meanwhile
        return refused(case, entry, ALREADY_ISSUED)
    flash(_("Der Bescheid ist erlassen; die Poststelle siegelt ihn und stellt ihn zu.")
          if issued else _("Der Bescheid liegt zur Freigabe vor."), "success")
    return redirect(section_url(reference))


@bp.route("/<reference>/bescheid/freigeben", methods=["POST"])
@role_required(Role.CASEWORKER)
def approve_decision(reference: str):
    """Approve a colleague's draft (four-eyes), which issues it."""
    case, entry = department_entry(reference, for_update=True)
    decision = current_decision(db.session, case)
    if decision is None:
        return refused(case, entry, _("Es liegt kein Bescheid zur Freigabe vor."))
    try:
        approve(db.session, case, decision, current_user.user,
                read=request.form.get("entwurf", ""))
        db.session.commit()
    except (DecisionRefused, TransitionRefused) as rule:
        return refused(case, entry, rule.message)
    except IntegrityError:
        return refused(case, entry, ALREADY_ISSUED)
    flash(_("Der Bescheid ist freigegeben und erlassen."), "success")
    return redirect(section_url(reference))


@bp.route("/<reference>/bescheid/vorschau")
@role_required(Role.CASEWORKER)
def preview_decision(reference: str):
    """Answer with the draft as PDF: unsealed, marked ENTWURF."""
    case, entry = department_entry(reference)
    decision = current_decision(db.session, case)
    if decision is None:
        return refused(case, entry, _("Speichern Sie zuerst einen Entwurf des Bescheids."))
    if decision.state is DecisionState.ISSUED:
        return refused(case, entry, _("Der Bescheid ist erlassen; eine Vorschau gibt es nur "
                                      "für einen Entwurf."))
    pdf = mailgateway.preview_letter(letter.decision_payload(case, decision))
    return as_download(Response(pdf, mimetype="application/pdf"),
                       f"Bescheid-Entwurf-{case.reference}.pdf")
