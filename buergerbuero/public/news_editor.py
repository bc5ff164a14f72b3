"""The editors' pages under /redaktion/beitraege: list, write, edit, publish, withdraw, and
attach or remove files. Every change is an audit event."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from common.db import utcnow
from common.formatting import local
from common.i18n import _

from ..auth import role_required
from ..core import audit
from ..core.extensions import db
from ..models import NewsAttachment, NewsItem, NewsState
from . import bp
from .editor_views import EDITING_ROLES
from .forms import AttachmentForm, NewsForm, form_values
from .news_files import AttachmentRefused, attach, detach

EDITOR_LIST_LIMIT = 200
"""The editors' list shows the newest items changed; older ones stay reachable by address."""


def item_or_404(post_id: int) -> NewsItem:
    """Return the item or answer 404."""
    return db.session.get(NewsItem, post_id) or abort(404)


@bp.get("/redaktion/beitraege")
@role_required(*EDITING_ROLES)
def news_items():
    """List the publications, newest change first."""
    items = db.session.scalars(select(NewsItem).order_by(NewsItem.updated_at.desc())
                               .limit(EDITOR_LIST_LIMIT)).all()
    return render_template("public/news_editor_list.html", items=items)


@bp.route("/redaktion/beitraege/neu", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def news_new():
    """Write a new publication (a draft until published)."""
    form = NewsForm().offer()
    if request.method == "GET":
        form.publish_at.data = form_values_now()
    if form.validate_on_submit():
        item = NewsItem(author_id=current_user.id, state=NewsState.ENTWURF)
        form.store(item)
        db.session.add(item)
        db.session.flush()
        audit.record(db.session, "news_created", item, kind=item.kind.value)
        db.session.commit()
        flash(_("Der Beitrag ist als Entwurf gespeichert."), "success")
        return redirect(url_for("public.news_edit", post_id=item.id))
    status = 400 if form.is_submitted() else 200
    return render_template("public/news_edit.html", form=form, item=None), status


def form_values_now() -> dt.datetime:
    """Return now in local time, to the minute, as the publication's starting value."""
    return local(utcnow()).replace(tzinfo=None, second=0, microsecond=0)


@bp.route("/redaktion/beitraege/<int:post_id>", methods=["GET", "POST"])
@role_required(*EDITING_ROLES)
def news_edit(post_id: int):
    """Edit a publication; what was typed stays on the page when refused."""
    item = item_or_404(post_id)
    form = NewsForm(data=form_values(item)).offer()
    if form.validate_on_submit():
        form.store(item)
        item.updated_at = utcnow()
        audit.record(db.session, "news_updated", item, state=item.state.value)
        db.session.commit()
        flash(_("Der Beitrag ist gespeichert."), "success")
        return redirect(url_for("public.news_edit", post_id=item.id))
    status = 400 if form.is_submitted() else 200
    return edit_page(item, form, AttachmentForm(), status)


def edit_page(item: NewsItem, form: NewsForm, files: AttachmentForm, status: int = 200):
    """Render the edit page with both forms."""
    return render_template("public/news_edit.html", item=item, form=form,
                           files=files), status


@bp.post("/redaktion/beitraege/<int:post_id>/veroeffentlichen")
@role_required(*EDITING_ROLES)
def news_publish(post_id: int):
    """Publish: public from its publication time on."""
    return change_state(item_or_404(post_id), NewsState.VEROEFFENTLICHT, "news_published",
                        _("Der Beitrag ist veröffentlicht."))


@bp.post("/redaktion/beitraege/<int:post_id>/zurueckziehen")
@role_required(*EDITING_ROLES)
def news_withdraw(post_id: int):
    """Withdraw: no longer public (its address answers 404)."""
    return change_state(item_or_404(post_id), NewsState.ZURUECKGEZOGEN, "news_withdrawn",
                        _("Der Beitrag ist zurückgezogen."))


def change_state(item: NewsItem, state: NewsState, action: str, message: str):
    """Move the item to `state`, audited; a state it already has changes nothing."""
    if item.state != state:
        item.state, item.updated_at = state, utcnow()
        audit.record(db.session, action, item)
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("public.news_edit", post_id=item.id))


@bp.post("/redaktion/beitraege/<int:post_id>/dateien")
@role_required(*EDITING_ROLES)
def news_attach(post_id: int):
    """Attach a file; a refused one leaves the page as it was, with the reason."""
    item = item_or_404(post_id)
    files = AttachmentForm()
    if files.validate_on_submit():
        try:
            attachment = attach(item, files.datei.data)
        except AttachmentRefused as exc:
            files.datei.errors.append(str(exc))
        else:
            flash(_("Die Datei %(name)s ist angehängt.", name=attachment.filename), "success")
            return redirect(url_for("public.news_edit", post_id=item.id))
    return edit_page(item, NewsForm(data=form_values(item)).offer(), files, 400)


@bp.post("/redaktion/beitraege/<int:post_id>/dateien/<file_token>/entfernen")
@role_required(*EDITING_ROLES)
def news_detach(post_id: int, file_token: str):
    """Remove an attached file."""
    item = item_or_404(post_id)
    attachment = db.session.scalar(select(NewsAttachment).where(
        NewsAttachment.token == file_token, NewsAttachment.item_id == item.id)) or abort(404)
    detach(item, attachment)
    flash(_("Die Datei %(name)s ist entfernt.", name=attachment.filename), "success")
    return redirect(url_for("public.news_edit", post_id=item.id))
