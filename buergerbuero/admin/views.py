"""Verwaltung: published services, departments and the gateway's message counts."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from common.db import utcnow

from ..auth import role_required
from ..catalogue.routing import routing_table
from ..core.extensions import db
from ..models import (
    Case,
    CaseStatus,
    Department,
    OutboxMessage,
    OutboxStatus,
    PostfachEntry,
    Role,
    ServiceDefinition,
)
from . import bp

FINISHED = (CaseStatus.ABGESCHLOSSEN, CaseStatus.ABGELEHNT)


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    """Show services with their versions, departments and outbox states."""
    versions = db.session.scalars(select(ServiceDefinition).order_by(
        ServiceDefinition.slug, ServiceDefinition.version)).all()
    listed = db.session.scalars(select(Department).order_by(Department.name)).all()
    counted = dict(db.session.execute(select(OutboxMessage.status, func.count())
                                      .group_by(OutboxMessage.status)).all())
    outbox = {state: counted.get(state, 0) for state in OutboxStatus}
    return render_template("admin/index.html", services=versions, departments=listed,
                           outbox=outbox, routing=routing_table(), deadlines=deadline_counts())


def deadline_counts() -> dict[str, int]:
    """Count reminded unopened deliveries and open cases past their processing deadline."""
    reminded = db.session.scalar(select(func.count()).select_from(PostfachEntry).where(
        PostfachEntry.opened_at.is_(None), PostfachEntry.reminded_at.is_not(None)))
    overdue = db.session.scalar(select(func.count()).select_from(Case).where(
        Case.due_at < utcnow(), Case.status.not_in(FINISHED)))
    return {"reminded": reminded, "overdue": overdue}
