"""Filing an application: start, one page per step (saved as a draft), review, submit."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

import forms
from common.i18n import _, _l
from forms.typed_input import form_from_typed_input, typed_input

from ..auth import role_required
from ..catalogue import definitions
from ..catalogue.steps import page_count
from ..core import audit
from ..core.extensions import db
from ..models import Draft, Role
from . import bp, plates, uploads
from .drafts import (
    REVIEW,
    find_own_draft,
    following,
    own_draft,
    preceding,
    reachable,
    resume_at,
    start_or_resume,
)
from .submission import AlreadySubmitted, ServiceClosed, closed_message, submit

CONSENT_FIELD = "abruf_einwilligung"
"""The review page's checkbox: decisions announced by retrieval (§ 41 Abs. 2a VwVfG)."""

STEP_SKIPPED = _l("Dieser Schritt entfällt nach Ihren bisherigen Angaben.")
SAVED = _l("Ihr Entwurf ist gespeichert. Sie finden ihn unter „Meine Anträge“.")
SAVED_INCOMPLETE = _l("Ihr Entwurf ist gespeichert, mit allem, was Sie in diesem Schritt "
                      "eingegeben haben. Der Schritt ist noch nicht vollständig: Sie setzen ihn "
                      "unter „Meine Anträge“ fort, geprüft wird er, wenn Sie „Weiter“ wählen.")
DRAFT_GONE = _l("Dieser Entwurf ist nicht mehr vorhanden. Wenn Sie ihn eingereicht haben, finden "
                "Sie den Antrag unter „Eingereichte Anträge“.")


@bp.route("/neu/<slug>", methods=["POST"])
@role_required(Role.RESIDENT)
def start(slug: str):
    """Open (or resume) the resident's draft for the newest published version."""
    definition = definitions.published(db.session, slug) or abort(404)
    spec = definitions.spec_of(definition)
    if spec.external is not None:
        abort(404)  # an external service is filed on its own portal, never here
    if definitions.filed_by_booking(spec):
        abort(404)  # its answers come from a booked slot (sprechstunde/booking.py)
    draft = start_or_resume(db.session, current_user.id, definition)
    db.session.commit()
    return redirect(step_url(draft, resume_at(spec, draft)))


@bp.route("/entwurf/<int:draft_id>/schritt/<step_id>", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def step(draft_id: int, step_id: str):
    """Show one step pre-filled from the draft; on a valid POST save it and go on."""
    draft = own_draft(db.session, draft_id)
    spec = definitions.spec_of(draft.definition)
    if step_id not in spec.step_ids():
        abort(404)
    if step_id not in reachable(spec, draft):
        skipped = step_id not in forms.visible_steps(spec, draft.answers)
        flash(str(STEP_SKIPPED) if skipped
              else _("Bitte füllen Sie zuerst die vorherigen Schritte aus."),
              "info" if skipped else "warning")
        return redirect(step_url(draft, resume_at(spec, draft)))
    step_spec = spec.step(step_id)
    form_class = forms.step_form_class(spec, step_id)
    closed = closed_message(draft.definition)
    uploads.use_draft_uploads(draft)
    if request.method == "GET":
        return render_step(draft, spec, step_spec, saved_form(draft, step_spec, form_class),
                           closed)
    form = form_class(known_answers=draft.answers)
    if closed:
        # Nothing is checked or stored (no upload either); the draft stays as it was.
        return render_step(draft, spec, step_spec, form, closed), 409
    action = request.form.get("aktion", "weiter")
    if action != "weiter" and action != "speichern":
        return render_step(draft, spec, step_spec, change_entries(form, step_spec, action))
    valid = form.validate() and plates.check_step(
        db.session, step_spec, forms.step_answers(step_spec, form), form)
    if valid:
        save_step(draft, spec, step_spec, form)
    elif action == "speichern":
        save_typed(draft, step_spec, typed_input(form, request.form))
    else:
        return render_step(draft, spec, step_spec, form), 400
    if action == "speichern":
        flash(str(SAVED if valid else SAVED_INCOMPLETE), "success")
        return redirect(url_for("cases.index"))
    return redirect(step_url(draft, following(spec, step_id, draft.answers)))


def saved_form(draft: Draft, step_spec: forms.StepSpec, form_class):
    """Return the step's form as saved: the typed input if it was saved unchecked, else the
    answers; neither shows errors before the resident goes on."""
    typed = (draft.unvalidated_input or {}).get(step_spec.id)
    if typed is not None:
        return form_from_typed_input(form_class, typed, known_answers=draft.answers)
    return form_class(formdata=None, data=forms.form_data(step_spec, draft.answers),
                      known_answers=draft.answers)


@bp.route("/entwurf/<int:draft_id>/schritt/<step_id>/sichtbarkeit", methods=["POST"])
@role_required(Role.RESIDENT)
def visibility(draft_id: int, step_id: str):
    """Answer {field name: shown} for the posted, unsaved answers of a step (for conditions.js)."""
    draft = own_draft(db.session, draft_id)
    spec = definitions.spec_of(draft.definition)
    if step_id not in spec.step_ids():
        abort(404)
    form = forms.step_form_class(spec, step_id)(known_answers=draft.answers)
    outcome = forms.evaluate(spec, form.current_answers())
    return jsonify(forms.field_visibility(spec.step(step_id), outcome))


def save_step(draft: Draft, spec: forms.ServiceSpec, step_spec: forms.StepSpec, form) -> None:
    """Replace the step's answers in the draft (hidden fields go) and mark the step done."""
    own, before = {f.id for f in step_spec.fields}, draft.answers
    kept = {k: v for k, v in draft.answers.items() if k not in own}
    draft.answers = {**kept, **forms.step_answers(step_spec, form)}
    if step_spec.id not in draft.completed_steps:
        draft.completed_steps = [*draft.completed_steps, step_spec.id]
    draft.unvalidated_input = {k: v for k, v in (draft.unvalidated_input or {}).items()
                               if k != step_spec.id} or None
    draft.current_step = following(spec, step_spec.id, draft.answers)
    db.session.commit()
    uploads.discard_replaced(db.session, draft, before)


def save_typed(draft: Draft, step_spec: forms.StepSpec, typed: dict) -> None:
    """Keep a step's input as typed, valid or not; the step stays open until it validates.

    The step's last valid answers stay in the draft too, but count only once it is done again.
    """
    draft.unvalidated_input = {**(draft.unvalidated_input or {}), step_spec.id: typed}
    draft.completed_steps = [s for s in draft.completed_steps if s != step_spec.id]
    draft.current_step = step_spec.id
    db.session.commit()


def change_entries(form, step_spec: forms.StepSpec, action: str):
    """Add or remove an entry of a repeatable group ('hinzufuegen:hunde', 'entfernen:hunde:1')."""
    verb, _, rest = action.partition(":")
    group_id, _, index = rest.partition(":")
    group = next((f for f in step_spec.fields if f.id == group_id and f.type == "group"), None)
    if group is None:
        abort(400)
    entries = form[group_id]
    if verb == "hinzufuegen" and len(entries) < group.repeat.max:
        entries.append_entry()
    # ASCII digits only: int() refuses "²" (a 500) and reads "٣" as 3.
    elif verb == "entfernen" and index.isascii() and index.isdigit() \
            and len(entries) > group.repeat.min:
        if int(index) < len(entries.entries):
            entries.entries.pop(int(index))
    else:
        abort(400)
    return form


def render_step(draft: Draft, spec: forms.ServiceSpec, step_spec: forms.StepSpec, form,
                closed: str | None = None):
    """Render one step with its progress and navigation (and why it cannot go on, if closed)."""
    outcome = forms.evaluate(spec, form.current_answers())
    back = preceding(spec, step_spec.id, outcome.answers)
    steps = forms.visible_steps(spec, outcome.answers)
    return render_template(
        "cases/step.html", draft=draft, spec=spec, step=step_spec, form=form,
        specs={f.id: f for f in step_spec.fields},
        position=steps.index(step_spec.id) if step_spec.id in steps else 0,
        step_count=page_count(spec, outcome.answers),
        hidden_fields=forms.hidden_on_page(step_spec, outcome), closed=closed,
        visibility_url=url_for("cases.visibility", draft_id=draft.id, step_id=step_spec.id),
        back_url=step_url(draft, back) if back else url_for("catalogue.detail", slug=spec.slug))


@bp.route("/entwurf/<int:draft_id>/pruefen", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def review(draft_id: int):
    """Show every answer for a last check; a POST files the application."""
    draft = find_own_draft(db.session, draft_id)
    if draft is None and request.method == "POST":
        # Mostly a second click on "Einreichen" after the first one filed (and removed) the draft;
        # another resident's draft gets the same answer, so it reveals nothing.
        flash(str(DRAFT_GONE), "info")
        return redirect(url_for("cases.index"), 303)
    if draft is None:
        abort(404)
    spec = definitions.spec_of(draft.definition)
    closed = closed_message(draft.definition)  # then the page only shows what was saved
    if REVIEW not in reachable(spec, draft) and not closed:
        flash(_("Bitte füllen Sie zuerst alle Schritte aus."), "warning")
        return redirect(step_url(draft, resume_at(spec, draft)))
    if request.method == "GET" or closed:
        return render_review(draft, spec, closed), 409 if request.method == "POST" else 200
    if request.form.get("aktion") != "einreichen":
        abort(400)
    if current_user.email_confirmed_at is None:  # the address first, then the first filing
        return render_review(draft, spec), 403
    try:
        case = submit(db.session, draft, current_user.user,
                      retrieval_consent=request.form.get(CONSENT_FIELD) == "ja")
    except ServiceClosed as exc:
        # Closed between the check above and the filing: the draft is back, say why.
        return render_review(own_draft(db.session, draft_id), spec, str(exc)), 409
    except AlreadySubmitted:
        flash(_("Dieser Antrag wurde bereits eingereicht."), "info")
        return redirect(url_for("cases.index"))
    except plates.PlateTaken as exc:
        flash(_("%(problem)s Ihre übrigen Angaben sind erhalten.", problem=str(exc)),
              "danger")
        return redirect(url_for("cases.review", draft_id=draft_id)), 303
    except OperationalError:
        db.session.rollback()
        flash(_("Der Antrag konnte gerade nicht gespeichert werden. Ihre Angaben sind erhalten; "
                "bitte versuchen Sie es erneut."), "danger")
        return redirect(url_for("cases.review", draft_id=draft_id)), 303
    flash(_("Ihr Antrag ist eingegangen. Aktenzeichen: %(reference)s", reference=case.reference),
          "success")
    return redirect(url_for("cases.detail", reference=case.reference))


def render_review(draft: Draft, spec: forms.ServiceSpec, closed: str | None = None):
    """Render the answers that apply, the fee, and the submit button (none if closed)."""
    answers = forms.prune(spec, draft.answers)
    steps = forms.visible_steps(spec, answers)
    cents = forms.computed_fee(spec, answers)
    fee = None if spec.fee is None else {"label": spec.fee.label, "computed": cents is not None,
                                         "amount": forms.fee_text(cents, spec.fee.currency)}
    return render_template("cases/review.html", draft=draft, spec=spec, fee=fee, closed=closed,
                           unconfirmed=current_user.email_confirmed_at is None,
                           sections=forms.review(spec, answers), position=len(steps),
                           step_count=page_count(spec, answers),
                           last_step=steps[-1] if steps else None)


@bp.route("/entwurf/<int:draft_id>/verwerfen", methods=["POST"])
@role_required(Role.RESIDENT)
def discard(draft_id: int):
    """Delete a draft after the resident confirmed it."""
    draft = own_draft(db.session, draft_id)
    audit.record(db.session, "draft_discarded", draft, definition=draft.definition.slug)
    files = uploads.discard_draft_uploads(db.session, draft)
    db.session.execute(delete(Draft).where(Draft.id == draft.id))
    db.session.commit()
    uploads.remove_files(files)
    flash(_("Der Entwurf wurde gelöscht."), "success")
    return redirect(url_for("cases.index"))


def step_url(draft: Draft, step_id: str) -> str:
    """Return the URL of a step or of the review page."""
    if step_id == REVIEW:
        return url_for("cases.review", draft_id=draft.id)
    return url_for("cases.step", draft_id=draft.id, step_id=step_id)
