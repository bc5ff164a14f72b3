"""Verwaltung: published services, departments and the gateway's message counts."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from ..auth import role_required
from ..extensions import db
from ..routing_table import routing_table
from ..models import Department, OutboxMessage, Role, ServiceDefinition

bp = Blueprint("admin", __name__)


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    """Show services with their versions, departments and outbox states."""
    services = db.session.scalars(select(ServiceDefinition).order_by(
        ServiceDefinition.slug, ServiceDefinition.version)).all()
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    outbox = dict(db.session.execute(select(OutboxMessage.status, func.count())
                                     .group_by(OutboxMessage.status)).all())
    return render_template("admin/index.html", services=services, departments=departments,
                           outbox=outbox, routing=routing_table())


from . import gateway  # noqa: E402,F401 - registers the gateway overview on bp
