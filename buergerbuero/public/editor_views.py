"""The editors' start page (/redaktion/) with what the editor role writes and publishes, and the
OParl upload (/redaktion/gremien/import), which imports as `flask oparl import` does: all or
nothing, a refused file named with the place of its fault."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from common.i18n import _

from ..auth import role_required
from ..core.extensions import db
from ..models import Role
from . import bp
from .forms import MAX_IMPORT_BYTES, ImportForm
from .oparl_import import ImportProblem, import_text

EDITING_ROLES = (Role.EDITOR, Role.ADMIN)
"""Who writes news, announcements and meetings: the editor role, and administrators."""


@bp.get("/redaktion/")
@role_required(*EDITING_ROLES)
def editor_index() -> str:
    """Show the editor's start page with a link to each thing an editor maintains."""
    return render_template("public/editor_index.html")


@bp.route("/redaktion/gremien/import", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def editor_import():
    """Show the import form; import an uploaded file or say where it is wrong."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.upload.data
        try:
            result = import_text(db.session, upload.read(MAX_IMPORT_BYTES + 1).decode("utf-8"),
                                 upload.filename or "upload.json")
        except UnicodeDecodeError:
            form.upload.errors.append(_("Die Datei ist kein UTF-8-Text."))
        except ImportProblem as problem:
            form.upload.errors.append(_("%(message)s Nichts wurde übernommen.",
                                        message=problem.message))
        else:
            flash(_("%(created)s Sitzungen neu, %(updated)s aktualisiert, %(committees)s "
                    "Gremien neu.", created=result.meetings_created,
                    updated=result.meetings_updated, committees=result.committees), "success")
            return redirect(url_for("public.editor_committees"))
    return render_template("public/council_editor_import.html", form=form), \
        400 if form.is_submitted() else 200
