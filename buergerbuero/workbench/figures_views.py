"""Postfach → Zahlen: the figures of the department the case worker is looking at."""

from __future__ import annotations

from flask import render_template

from ..auth import role_required
from ..core.extensions import db
from ..models import Role
from . import bp
from .departments import working_department
from .figure_charts import days, intake_chart, services_chart
from .figures import department_figures


@bp.route("/zahlen")
@role_required(Role.CASEWORKER)
def figures():
    """Show intake per week, open and overdue cases per service and days to decision."""
    department = working_department()
    # A case worker without a department sees empty figures, as they see an empty inbox.
    shown = department_figures(db.session, department.id if department else -1)
    return render_template("workbench/figures.html", department=department, figures=shown,
                           intake=intake_chart(shown), services=services_chart(shown), days=days)
