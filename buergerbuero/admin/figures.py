"""Verwaltung → Zahlen: the figures across all departments with each department's line, or
narrowed to one department (`?amt=<key>`)."""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select

from ..auth import role_required
from ..core.extensions import db
from ..models import Department, Role
from ..workbench.figure_charts import days, intake_chart, services_chart
from ..workbench.figures import DecisionTimes, DepartmentRow, overview
from . import bp

NO_CASES = DepartmentRow(0, 0, 0, DecisionTimes(0))


@bp.route("/zahlen")
@role_required(Role.ADMIN)
def figures():
    """Show the figures of all departments (or one) and the breakdown per department."""
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    key = request.args.get("amt")
    chosen = None
    if key is not None:
        chosen = next((d for d in departments if d.key == key), None)
        if chosen is None:
            abort(404)
    together, rows = overview(db.session, [chosen.id] if chosen else None)
    breakdown = [(d, rows.get(d.id, NO_CASES)) for d in ([chosen] if chosen else departments)]
    return render_template("admin/figures.html", chosen=chosen, figures=together,
                           breakdown=breakdown, intake=intake_chart(together),
                           services=services_chart(together), days=days)
