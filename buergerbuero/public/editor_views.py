"""The editors' start page (/redaktion/): what the editor role writes and publishes."""

from __future__ import annotations

from flask import render_template

from ..auth import role_required
from ..models import Role
from . import bp

EDITING_ROLES = (Role.EDITOR, Role.ADMIN)
"""Who writes news, announcements and meetings: the editor role, and administrators."""


@bp.get("/redaktion/")
@role_required(*EDITING_ROLES)
def editor_index() -> str:
    """Show the editor's start page with a link to each thing an editor maintains."""
    return render_template("public/editor_index.html")
