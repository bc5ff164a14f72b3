"""Failed deliveries to the worker's own department: visible in its inbox, with a retry button."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from ..auth import role_required
from ..core.extensions import db
from ..models import OutboxMessage, OutboxStatus, Role
from . import bp
from .gateway_hooks import retry_audited


def failed_deliveries() -> list[OutboxMessage]:
    """Return the department's failed deliveries, newest first (their content stays sealed)."""
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.department_id == current_user.department_id,
                                    OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.id.desc())).all())


@bp.route("/zustellungen/<int:outbox_id>/erneut", methods=["POST"])
@role_required(Role.CASEWORKER)
def retry_delivery(outbox_id: int):
    """Retry a failed delivery to this department."""
    outbox = db.session.get(OutboxMessage, outbox_id)
    if outbox is None or outbox.department_id != current_user.department_id \
            or outbox.status is not OutboxStatus.FAILED:
        abort(404)
    if retry_audited(db.session, outbox):
        flash("Die Zustellung wird erneut versucht.", "success")
    else:
        flash("Die Zustellung wird bereits erneut versucht.", "info")
    return redirect(url_for("workbench.inbox"))
