"""Drafts: who may touch which, which steps are reachable, and what comes next."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms

from ..catalogue.steps import applying
from ..models import Draft, ServiceDefinition

REVIEW = "pruefen"


def find_own_draft(session: Session, draft_id: int) -> Draft | None:
    """Return the current resident's draft, or None alike for a missing and another's draft."""
    draft = session.get(Draft, draft_id)
    return draft if draft is not None and draft.user_id == current_user.id else None


def own_draft(session: Session, draft_id: int) -> Draft:
    """Return the current resident's draft, or answer 404 (never reveal other people's drafts)."""
    return find_own_draft(session, draft_id) or abort(404)


def start_or_resume(session: Session, user_id: int, definition: ServiceDefinition) -> Draft:
    """Return the resident's draft for this definition version, creating it if needed."""
    draft = session.scalar(select(Draft).where(Draft.user_id == user_id,
                                               Draft.definition_id == definition.id))
    if draft is None:
        draft = Draft(user_id=user_id, definition=definition, answers={}, completed_steps=[])
        session.add(draft)
    return draft


def reachable(spec: forms.ServiceSpec, draft: Draft) -> list[str]:
    """Return the steps a resident may open: every complete one that applies and the first open one.

    Steps whose `visible_if` does not hold are skipped; a saved step that now lacks a required
    answer (another step's change showed or required a field) counts as open again.
    """
    outcome = forms.evaluate(spec, draft.answers)
    steps = []
    for step in spec.steps:
        if step.id in outcome.hidden_steps:
            continue
        steps.append(step.id)
        if step.id not in draft.completed_steps or forms.unanswered(spec, step, outcome):
            return steps
    return steps + [REVIEW]


def following(spec: forms.ServiceSpec, step_id: str,
              answers: dict[str, Any] | None = None) -> str:
    """Return the next step after `step_id` that applies, or the review page after the last one."""
    ids, applies = spec.step_ids(), set(applying(spec, answers))
    return next((s for s in ids[ids.index(step_id) + 1:] if s in applies), REVIEW)


def preceding(spec: forms.ServiceSpec, step_id: str,
              answers: dict[str, Any] | None = None) -> str | None:
    """Return the step that applies before `step_id` (or before the review), or None."""
    ids, applies = spec.step_ids() + [REVIEW], {*applying(spec, answers), REVIEW}
    return next((s for s in reversed(ids[:ids.index(step_id)]) if s in applies), None)


def resume_at(spec: forms.ServiceSpec, draft: Draft) -> str:
    """Return where the resident left off."""
    return reachable(spec, draft)[-1]
