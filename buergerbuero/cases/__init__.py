"""Residents' side of a case: filing drafts step by step, Meine Anträge, the message box."""

from flask import Blueprint

bp = Blueprint("cases", __name__)

from . import archive_views, filing, uploads_views, views  # noqa: E402,F401 - their routes join bp
