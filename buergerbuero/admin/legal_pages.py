"""Verwaltung → Rechtliche Seiten: administrators write Impressum, Datenschutz and the
accessibility statement in the browser; every save a version (who, when), a preview first."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from common.i18n import _

from ..auth import role_required
from ..catalogue import legal_pages
from ..core.extensions import db
from ..models import Role
from . import bp


@bp.route("/seiten")
@role_required(Role.ADMIN)
def legal_page_list():
    """List the legal pages with the state of their text (own version or shipped default)."""
    rows = [(name, title, legal_pages.newest(db.session, name))
            for name, title in legal_pages.PAGES.items()]
    return render_template("admin/legal_pages.html", rows=rows,
                           unfilled=legal_pages.unfilled(db.session, "datenschutz"))


@bp.route("/seiten/<name>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def legal_page(name: str):
    """Edit one legal page: preview the posted text, or save it as a new version."""
    if name not in legal_pages.PAGES:
        abort(404)
    newest = legal_pages.newest(db.session, name)
    if request.method == "GET":
        return editor(name, newest.body if newest else "")
    body = request.form.get("body", "")
    try:
        checked = legal_pages.checked(body)
    except legal_pages.LegalTextRefused as refused:
        # What was typed stays in the form; the saved versions are untouched.
        return editor(name, body, error=str(refused)), 400
    if request.form.get("aktion") == "vorschau":
        return editor(name, body, preview=checked)
    legal_pages.save(db.session, name, checked, current_user)
    db.session.commit()
    flash(_("Die neue Fassung von „%(title)s“ ist gespeichert und wird angezeigt.",
            title=legal_pages.PAGES[name]), "success")
    return redirect(url_for("admin.legal_page", name=name))


def editor(name: str, body: str, *, error: str | None = None, preview: str | None = None):
    """Render the editor of a page with the text as typed, its history and any message."""
    return render_template("admin/legal_page.html", name=name,
                           title=str(legal_pages.PAGES[name]), body=body, error=error,
                           preview=preview, history=legal_pages.history(db.session, name),
                           limit=legal_pages.current_limit())
