"""Leistungen: the list of published services, one service's page, and the legal pages."""

from __future__ import annotations

from itertools import groupby

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

import forms
from common.i18n import SOURCE_LANGUAGE, _, current_language, force_locale

from ..core.extensions import db
from ..models import Department
from . import bp, definitions, legal_pages, search
from .steps import page_range


@bp.app_template_filter("service_title")
def service_title(row) -> object:
    """A stored version's title in the reader's language (`{{ case.definition|service_title }}`)."""
    return definitions.title_of(row)


@bp.route("/")
def home():
    """Send visitors to the catalogue."""
    return redirect(url_for("catalogue.index"))


@bp.route("/leistungen")
def index():
    """List published services grouped by category; GET `q` searches, `kategorie` filters."""
    specs = [definitions.spec_of(r) for r in definitions.catalogue(db.session)]
    query = request.args.get("q", "").strip()
    category = request.args.get("kategorie", "")
    found = search.search(specs, query, category)
    # Sorted and grouped as the reader reads them: by category and title in their language.
    found.sort(key=lambda s: (str(s.category), str(s.title)))
    grouped = (list(items) for _, items in groupby(found, key=lambda s: str(s.category)))
    groups = [(items[0].category, items) for items in grouped]
    return render_template("catalogue/index.html", groups=groups, query=query,
                           category=category, categories=search.categories(specs),
                           searched=bool(query or category), count=len(found),
                           wordless=bool(query) and not search.query_words(query),
                           fees={s.slug: fee_line(s) for s in found})


@bp.route("/leistungen/<slug>")
def detail(slug: str):
    """Show one service: description, documents needed, department, processing time; an
    external service shows where it leads instead."""
    row = definitions.published(db.session, slug) or abort(404)
    spec = definitions.spec_of(row)
    if definitions.filed_by_booking(spec):
        return redirect(url_for("sprechstunde.index"))  # booked there, not filed here
    if spec.external is not None:
        return render_template("catalogue/external.html", spec=spec)
    department = db.session.scalar(select(Department).where(Department.key == spec.department))
    can_file = current_user.is_authenticated and current_user.role.value == "resident"
    return render_template("catalogue/detail.html", spec=spec, department=department,
                           can_file=can_file, pages=page_range(spec), fee=fee_before_start(spec))


def fee_before_start(spec: forms.ServiceSpec) -> dict[str, str] | None:
    """Return the fee as known before any answer: its label, a fixed amount or how it is
    computed, and the definition's words on it; None if the service costs nothing."""
    if spec.fee is None:
        return None
    cents = forms.fixed_fee_cents(spec)
    amount = _("wird aus Ihren Angaben berechnet") if cents is None \
        else forms.format_money(cents, spec.fee.currency)
    return {"label": spec.fee.label, "amount": amount, "description": spec.fee.description}


def fee_line(spec: forms.ServiceSpec) -> str:
    """Return the fee in one line for the catalogue's list: amount, computed, or fee-free."""
    fee = fee_before_start(spec)
    if fee is None:
        return _("gebührenfrei")
    return _("%(label)s: %(amount)s", label=fee["label"], amount=fee["amount"])


@bp.route("/seiten/<name>")
def page(name: str):
    """Show a legal page: the newest text an administrator saved, else the shipped one."""
    if name not in legal_pages.PAGES:
        abort(404)
    stored = legal_pages.newest(db.session, name)
    text = f"catalogue/pages/_{name}_text.html"
    original = None
    if stored is None and current_language() != SOURCE_LANGUAGE:
        # The German text is the one that binds (the law speaks German): shown beside the
        # translation, marked lang="de" by the template.
        with force_locale(SOURCE_LANGUAGE):
            original = Markup(render_template(text))
    return render_template(f"catalogue/pages/{name}.html", title=str(legal_pages.PAGES[name]),
                           text=text, original=original, stored=stored,
                           sections=legal_pages.sections(name),
                           feedback=definitions.published(db.session,
                                                          legal_pages.FEEDBACK_SERVICE))
