"""The case workers' side: the department's inbox (Postfach) and working a case."""

from flask import Blueprint

bp = Blueprint("workbench", __name__)

from . import (  # noqa: E402,F401 - their routes join bp
    archive_views,
    assignment,
    bekanntgabe_views,
    copies,
    decision_views,
    failures,
    figures_views,
    inbox,
    live_views,
    query_views,
    views,
)
