"""Mitteilungen: the part of another department's case this department is entitled to by law."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer, joinedload

import mailgateway

from ..auth import role_required
from ..core.extensions import db
from ..models import Case, OutboxMessage, PostfachEntry, Role
from . import bp

SHOWN = 20
"""The inbox lists the newest copies; the count says how many there are in all."""
COUNT_LIMIT = 1_000


def copies_of(department_id: int) -> Select:
    """Select (entry, case) of the partial copies delivered to a department."""
    return (select(PostfachEntry, Case).join(Case, PostfachEntry.case_id == Case.id)
            .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
            .where(PostfachEntry.department_id == department_id,
                   # The copy's outbox row names the same department: so the statement starts
                   # from the few copies (ix_outbox_messages_department_kind), not from every
                   # delivery the department ever had.
                   OutboxMessage.department_id == department_id,
                   OutboxMessage.kind == mailgateway.OutboxKind.COPY))


def newest_copies(department_id: int) -> list:
    """Return (entry, case) of the department's newest copies, their envelopes left unread."""
    return list(db.session.execute(
        copies_of(department_id).order_by(PostfachEntry.received_at.desc(), PostfachEntry.id.desc())
        .limit(SHOWN).options(defer(PostfachEntry.envelope), joinedload(Case.definition))))


def count_copies(department_id: int) -> int:
    """Count the department's copies, stopping after COUNT_LIMIT + 1."""
    inner = copies_of(department_id).with_only_columns(PostfachEntry.id) \
        .limit(COUNT_LIMIT + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


@bp.route("/mitteilungen/<message_id>")
@role_required(Role.CASEWORKER)
def copy(message_id: str):
    """Open one partial copy: decrypt, show only what it carries, receipt the first opening."""
    found = db.session.execute(
        select(PostfachEntry, Case).join(Case, PostfachEntry.case_id == Case.id)
        .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
        .where(PostfachEntry.message_id == message_id,
               PostfachEntry.department_id.in_(current_user.department_ids),
               OutboxMessage.kind == mailgateway.OutboxKind.COPY)).first()
    if found is None:
        abort(404)
    entry, case = found
    opened = mailgateway.open_entry(db.session, entry, current_user.user.id)
    return render_template("workbench/copy.html", entry=entry, case=case, opened=opened)
