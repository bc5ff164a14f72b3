"""Verwaltung → Leistungen: versions, new versions from YAML, preview, publish, retire, export."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

import forms
from common.i18n import _, _l, ngettext

from ..auth import role_required
from ..cases import uploads
from ..catalogue import definitions
from ..catalogue.steps import page_count
from ..core import audit
from ..core.extensions import db
from ..core.labels import label
from ..models import Department, Role, ServiceDefinition
from . import bp
from .forms import DefinitionForm

CHANGED = {"publish": _l("Version %(version)s von „%(title)s“ ist veröffentlicht."),
           "unpublish": _l("Version %(version)s von „%(title)s“ ist zurückgezogen."),
           "retire": _l("Version %(version)s von „%(title)s“ ist außer Betrieb genommen.")}
"""The flash message after each change of a version's status."""


def version_or_404(slug: str, version: int) -> ServiceDefinition:
    """Return one stored version or answer 404."""
    row = db.session.scalar(select(ServiceDefinition).where(
        ServiceDefinition.slug == slug, ServiceDefinition.version == version))
    return row or abort(404)


@bp.route("/leistungen")
@role_required(Role.ADMIN)
def services():
    """List every service with all its versions."""
    rows = db.session.scalars(select(ServiceDefinition).order_by(
        ServiceDefinition.slug, ServiceDefinition.version.desc())).all()
    broken = {row.id for row in rows if definitions.load_problems(row)}
    return render_template("admin/services.html", rows=rows, broken=broken)


@bp.route("/leistungen/neu", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_version():
    """Check a pasted or uploaded definition and store it as an unpublished version."""
    form = DefinitionForm()
    problems: list[str] = []
    if form.validate_on_submit() and (text := form.text()) is not None:
        try:
            row, created, results = definitions.store_source(
                db.session, text, "Definition", definitions.DefinitionStatus.DRAFT)
        except forms.DefinitionError as exc:
            problems = [describe(p) for p in exc.problems]
        except definitions.PublishError as exc:
            problems = [str(exc).removeprefix("Definition: ")]
        else:
            audit.record(db.session, "definition_stored", row, slug=row.slug, version=row.version)
            db.session.commit()
            flash_stored(row, created, results)
            flash_english_gaps(definitions.spec_of(row))
            return redirect(url_for("admin.service_version", slug=row.slug, version=row.version))
    failed = bool(problems or form.errors)
    return render_template("admin/new_version.html", form=form, problems=problems), (
        400 if failed else 200)


def flash_stored(row: ServiceDefinition, created: bool, results: list) -> None:
    """Say that a version is stored (or was already) and how its rule tests went."""
    flash(_("Version %(version)s von „%(title)s“ ist gespeichert (nicht veröffentlicht).",
            version=row.version, title=str(row.title))
          if created else _("Diese Version gibt es schon unverändert."), "success")
    if failed := [r for r in results if not r.passed]:
        flash(ngettext("%(num)d von %(total)d Regeltests schlägt fehl; veröffentlichen ist erst "
                       "möglich, wenn alle bestehen (siehe „Regeltests“).",
                       "%(num)d von %(total)d Regeltests schlagen fehl; veröffentlichen ist erst "
                       "möglich, wenn alle bestehen (siehe „Regeltests“).",
                       len(failed), total=len(results)), "danger")
    elif results:
        flash(_("Alle %(num)d Regeltests bestehen.", num=len(results)), "success")


def flash_english_gaps(spec: forms.ServiceSpec) -> None:
    """Warn of a half-translated definition: it may be published, but shows German in places."""
    if gaps := spec.english_warnings():
        flash(ngettext("%(num)d Text hat keine englische Übersetzung; englische Seiten zeigen ihn "
                       "auf Deutsch (die Stellen stehen auf der Seite dieser Version).",
                       "%(num)d Texte haben keine englische Übersetzung; englische Seiten zeigen "
                       "sie auf Deutsch (die Stellen stehen auf der Seite dieser Version).",
                       len(gaps)), "warning")


def describe(problem: forms.Problem) -> str:
    """Return a problem as 'Zeile N: key: message' for the administrator."""
    text = f"{problem.path + ': ' if problem.path else ''}{problem.message}"
    return _("Zeile %(line)d: %(problem)s", line=problem.line, problem=text) if problem.line \
        else text


@bp.route("/leistungen/<slug>/<int:version>")
@role_required(Role.ADMIN)
def service_version(slug: str, version: int):
    """Show one version: status, rule tests, steps (with previews), source, actions."""
    row = version_or_404(slug, version)
    problems = definitions.load_problems(row)
    if problems:  # stricter rules since it was published: show why, and let it be retired
        actions = {a: t for a, t in definitions.TRANSITIONS.items() if a != "publish"}
        return render_template("admin/service_version.html", row=row, spec=None,
                               problems=problems, actions=actions, results=[])
    spec = definitions.spec_of(row)
    department = db.session.scalar(select(Department).where(Department.key == spec.department))
    return render_template("admin/service_version.html", row=row, spec=spec, department=department,
                           actions=definitions.TRANSITIONS, results=definitions.rule_results(row),
                           problems=[], english_gaps=[describe(p) for p in spec.english_warnings()])


@bp.route("/leistungen/<slug>/<int:version>/<action>", methods=["POST"])
@role_required(Role.ADMIN)
def change(slug: str, version: int, action: str):
    """Publish, unpublish or retire a version."""
    if action not in definitions.TRANSITIONS:
        abort(404)
    row = version_or_404(slug, version)
    try:
        definitions.change_status(row, action)
    except definitions.PublishError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("admin.service_version", slug=slug, version=version)), 303
    audit.record(db.session, f"definition_{action}", row, slug=slug, version=version)
    db.session.commit()
    flash(CHANGED[action] % {"version": version, "title": str(row.title)}, "success")
    return redirect(url_for("admin.service_version", slug=slug, version=version))


@bp.route("/leistungen/<slug>/<int:version>/export")
@role_required(Role.ADMIN)
def export(slug: str, version: int):
    """Download the version's YAML exactly as stored (the import takes it back)."""
    row = version_or_404(slug, version)
    response = Response(row.source, mimetype="application/x-yaml")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-v{version}.yaml"'
    return response


@bp.route("/leistungen/<slug>/<int:version>/vorschau/<step_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def preview(slug: str, version: int, step_id: str):
    """Show a step exactly as a resident sees it; a POST checks sample answers, saving nothing."""
    row = version_or_404(slug, version)
    spec = definitions.spec_of(row)
    if step_id not in spec.step_ids():
        abort(404)
    step = spec.step(step_id)
    uploads.use_preview_uploads()  # sample files are checked in memory and dropped
    form = forms.step_form_class(spec, step_id)()
    valid = form.validate() if request.method == "POST" else None
    flash(_("Vorschau von Version %(version)s (%(state)s): so sehen Antragstellende diesen "
            "Schritt. Probeangaben werden geprüft, aber nicht gespeichert.",
            version=version, state=label(row.state)), "info")
    if valid:
        flash(_("Die Probeangaben wären gültig."), "success")
    back = url_for("admin.service_version", slug=slug, version=version)
    # The resident's own step template, so the preview cannot drift from what residents see.
    return render_template("cases/step.html", spec=spec, step=step, form=form,
                           specs={f.id: f for f in step.fields}, back_url=back,
                           position=spec.step_ids().index(step_id), step_count=page_count(spec)), (
        400 if valid is False else 200)
