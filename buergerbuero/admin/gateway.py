"""Verwaltung → Poststelle: the gateway's messages per state and channel, failures, retry."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from common.i18n import _
from mailgateway import gateway_status

from ..auth import role_required
from ..core.extensions import db
from ..models import OutboxMessage, OutboxStatus, Role
from ..workbench.gateway_hooks import retry_audited
from . import bp


@bp.route("/poststelle")
@role_required(Role.ADMIN)
def gateway():
    """Show the gateway overview."""
    return render_template("admin/gateway.html", status=gateway_status(failures=100),
                           states=list(OutboxStatus))


@bp.route("/poststelle/<int:outbox_id>/erneut", methods=["POST"])
@role_required(Role.ADMIN)
def retry(outbox_id: int):
    """Retry one failed message."""
    outbox = db.session.get(OutboxMessage, outbox_id)
    if outbox is None or outbox.status is not OutboxStatus.FAILED:
        abort(404)
    if retry_audited(db.session, outbox):
        flash(_("Die Nachricht wird erneut zugestellt."), "success")
    else:
        flash(_("Die Nachricht wird bereits erneut zugestellt."), "info")
    return redirect(url_for("admin.gateway"))
