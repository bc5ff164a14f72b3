"""Mitteilungen: the part of another department's case this department is entitled to by law."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import select

import mailgateway

from ..auth import role_required
from ..core.extensions import db
from ..models import Case, OutboxMessage, PostfachEntry, Role
from . import bp


def own_copies():
    """Return (entry, case) of every partial copy delivered to the worker's department."""
    return db.session.execute(
        select(PostfachEntry, Case).join(Case, PostfachEntry.case_id == Case.id)
        .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
        .where(PostfachEntry.department_id.in_(current_user.department_ids),
               OutboxMessage.kind == mailgateway.OutboxKind.COPY)
        .order_by(PostfachEntry.received_at.desc())
    ).all()


@bp.route("/mitteilungen/<message_id>")
@role_required(Role.CASEWORKER)
def copy(message_id: str):
    """Open one partial copy: decrypt, show only what it carries, receipt the first opening."""
    found = next(((e, c) for e, c in own_copies() if e.message_id == message_id), None)
    if found is None:
        abort(404)
    entry, case = found
    opened = mailgateway.open_entry(db.session, entry, current_user.user.id)
    return render_template("workbench/copy.html", entry=entry, case=case, opened=opened)
