"""The resident's pages of the area under /meine-daten: what the city holds about them, its
download (JSON, Art. 20; sealed PDF, Art. 15), who opened their applications, and deleting the
account. Residents only: staff accounts hold no cases, and administrators disable them.

Every view reads the logged-in account only; no view takes an account or case id, so a forged
request cannot reach another resident's data.
"""

from __future__ import annotations

import json

from flask import Response, render_template
from flask_login import current_user, logout_user
from sqlalchemy import select

from common.i18n import _, _l

from ..auth import role_required
from ..auth.limits import password_limits, wrong_password
from ..cases.uploads import as_download, remove_files
from ..cases.withdrawal import WithdrawalRefused
from ..core.extensions import db
from ..models import Case, Draft, Role, User
from . import bp
from .auskunft import auskunft_filename, sealed_auskunft
from .deletion import delete_account, fingerprint, plan
from .forms import DeletionForm
from .own_data import collect, own_data

CHANGED = _l("Seit Sie die Seite geöffnet haben, hat sich an Ihren Anträgen etwas geändert. "
             "Bitte lesen Sie noch einmal, was mit ihnen geschieht, und bestätigen Sie erneut.")


@bp.route("/")
@role_required(Role.RESIDENT)
def index():
    """Show what is held about the resident, in sections, with the downloads."""
    user = current_user.user
    data = collect(db.session, user)
    cases = list(db.session.scalars(select(Case).where(Case.user_id == user.id)
                                    .order_by(Case.id)))
    return render_template("privacy/index.html", data=data,
                           cases=list(zip(cases, data["cases"], strict=True)))


@bp.route("/export.json")
@role_required(Role.RESIDENT)
def export_json():
    """Download everything as JSON in the documented format."""
    body = json.dumps(own_data(db.session, current_user.user), ensure_ascii=False, indent=2)
    return as_download(Response(body, mimetype="application/json"), "meine-daten.json")


@bp.route("/auskunft.pdf")
@role_required(Role.RESIDENT)
def auskunft_pdf():
    """Download the Auskunft nach Art. 15 DSGVO as a sealed PDF."""
    pdf = sealed_auskunft(db.session, current_user.user)
    return as_download(Response(pdf, mimetype="application/pdf"), auskunft_filename())


@bp.route("/konto-loeschen")
@role_required(Role.RESIDENT)
def delete_page():
    """Explain, case by case, what deleting the account does, and ask to confirm."""
    return render_deletion(DeletionForm(formdata=None))


def render_deletion(form: DeletionForm, status: int = 200):
    """Render the deletion page with the plan as it stands now."""
    plans = plan(db.session, current_user.user)
    form.plan.data = fingerprint(plans)
    drafts = db.session.scalars(select(Draft).where(Draft.user_id == current_user.id)
                                .order_by(Draft.id)).all()
    return render_template("privacy/delete.html", form=form, plans=plans, drafts=drafts), status


@bp.route("/konto-loeschen", methods=["POST"])
@role_required(Role.RESIDENT)
@password_limits
def delete():
    """Delete the account after password and confirmation; nothing half-done on a refusal."""
    user = db.session.scalar(select(User).where(User.id == current_user.id).with_for_update())
    form = DeletionForm()
    form.validate_on_submit()
    # The password is part of the validation, so a wrong one shows beside an unticked box
    # (one round, not two); never checked on a forged request (no valid CSRF token).
    if "csrf_token" not in form.errors and form.password.data \
            and not user.check_password(form.password.data):
        form.password.errors.append(_("Das Passwort ist nicht richtig."))
        wrong_password()
    if form.errors:
        return render_deletion(form, 400)
    plans = plan(db.session, user, for_update=True)
    if form.plan.data != fingerprint(plans):
        form.form_errors.append(str(CHANGED))
        return render_deletion(form, 409)
    try:
        files = delete_account(db.session, user, plans)
    except WithdrawalRefused:  # decided meanwhile, between the plan and the withdrawal
        db.session.rollback()
        form.form_errors.append(str(CHANGED))
        return render_deletion(form, 409)
    db.session.commit()
    remove_files(files)
    logout_user()
    return render_template("privacy/deleted.html", plans=plans)
