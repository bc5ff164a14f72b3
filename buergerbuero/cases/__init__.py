"""Residents' side of a case: filing drafts step by step, Meine Anträge, the message box."""

from flask import Blueprint

bp = Blueprint("cases", __name__)

from . import (  # noqa: E402,F401 - their routes join bp
    archive_views,
    bekanntgabe_views,
    filing,
    live_views,
    query_views,
    uploads_views,
    views,
)
