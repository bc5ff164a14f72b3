"""Failed deliveries to the worker's own departments: visible in its inbox, with a retry button."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import func, select

from common.i18n import _
from mailgateway import describe_failure

from ..auth import role_required
from ..core.extensions import db
from ..models import OutboxMessage, OutboxStatus, Role
from . import bp
from .gateway_hooks import retry_audited

SHOWN = 20
"""The inbox lists the newest failures; the count says how many there are in all."""


def _failed():
    return (OutboxMessage.department_id.in_(current_user.department_ids),
            OutboxMessage.status == OutboxStatus.FAILED)


def failed_deliveries() -> list[OutboxMessage]:
    """Return the departments' newest failed deliveries (their content stays sealed)."""
    return list(db.session.scalars(
        select(OutboxMessage).where(*_failed()).order_by(OutboxMessage.id.desc()).limit(SHOWN)))


def count_failed() -> int:
    """Count the departments' failed deliveries (read through the department/status index)."""
    return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(*_failed())) or 0


@bp.route("/zustellungen/<int:outbox_id>/erneut", methods=["POST"])
@role_required(Role.CASEWORKER)
def retry_delivery(outbox_id: int):
    """Retry a failed delivery to this department."""
    outbox = db.session.get(OutboxMessage, outbox_id)
    if outbox is None or outbox.department_id not in current_user.department_ids \
            or outbox.status is not OutboxStatus.FAILED:
        abort(404)
    if retry_audited(db.session, outbox):
        flash(_("Die Zustellung wird erneut versucht."), "success")
    else:
        flash(_("Die Zustellung wird bereits erneut versucht."), "info")
    return redirect(url_for("workbench.inbox"))


@bp.app_template_filter("failure_reason")
def failure_reason(stored: str | None) -> str:
    """Show a stored failure reason (outbox `last_error`) in the reader's language."""
    return describe_failure(stored)
