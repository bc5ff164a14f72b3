"""The resident's Bescheid and Rücknahme: the authenticated download that is the retrieval
(§ 41 Abs. 2a VwVfG), and withdrawing the application until it is decided."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

import mailgateway
from common.i18n import _

from ..auth import role_required
from ..core import audit
from ..core.extensions import db
from ..core.forms import MessageForm
from ..models import Role
from . import bp
from .bekanntgabe import issued_decision
from .bekanntgabe_view import sealed_letter
from .forms import WithdrawalForm
from .views import own_case, pdf_attachment, render_detail
from .withdrawal import WithdrawalRefused, refusal, withdraw


@bp.route("/<reference>/bescheid")
@role_required(Role.RESIDENT)
def decision(reference: str):
    """Download the sealed Bescheid; the first download is its retrieval (Abholbestätigung)."""
    case = own_case(reference)
    issued = issued_decision(db.session, case)
    document = sealed_letter(db.session, issued) if issued else None
    entry = mailgateway.resident_entry(db.session, issued.message_id) if document else None
    if entry is None:
        abort(404)  # not issued, or not yet in the resident's box
    # Opening the envelope signs the Abholbestätigung once and sets the Bekanntgabe (hook).
    mailgateway.open_resident_entry(db.session, entry, case.reference, current_user.id)
    audit.record(db.session, "document_downloaded", document, case_id=case.id)
    db.session.commit()
    return pdf_attachment(document)


@bp.route("/<reference>/ruecknahme", methods=["POST"])
@role_required(Role.RESIDENT)
def withdrawal(reference: str):
    """Withdraw the application (until the decision), with an optional reason."""
    case = own_case(reference, for_update=True)
    form = WithdrawalForm()
    refused = refusal(db.session, case)  # decided or closed: say so whatever was sent
    if refused is None and not form.validate():
        return render_detail(case, MessageForm(), withdrawal_form=form), 400
    try:
        if refused is not None:
            raise WithdrawalRefused(refused)
        withdraw(db.session, case, current_user.user, form.reason.data or "")
    except WithdrawalRefused as exc:
        db.session.rollback()
        form.form_errors.append(str(exc.message))
        return render_detail(case, MessageForm(), withdrawal_form=form), 409
    db.session.commit()
    flash(_("Ihr Antrag ist zurückgenommen. Das Amt wurde benachrichtigt."), "success")
    return redirect(url_for("cases.detail", reference=reference))
