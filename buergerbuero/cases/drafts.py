"""Drafts: who may touch which, which steps are reachable, and what comes next."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms

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
    """Return the steps a resident may open: every completed one and the first open one."""
    steps = []
    for step_id in spec.step_ids():
        steps.append(step_id)
        if step_id not in draft.completed_steps:
            return steps
    return steps + [REVIEW]


def following(spec: forms.ServiceSpec, step_id: str) -> str:
    """Return the step after `step_id`, or the review page after the last one."""
    ids = spec.step_ids()
    position = ids.index(step_id)
    return ids[position + 1] if position + 1 < len(ids) else REVIEW


def preceding(spec: forms.ServiceSpec, step_id: str) -> str | None:
    """Return the step before `step_id` (the last step before the review), or None."""
    ids = spec.step_ids() + [REVIEW]
    position = ids.index(step_id)
    return ids[position - 1] if position > 0 else None


def resume_at(spec: forms.ServiceSpec, draft: Draft) -> str:
    """Return where the resident left off."""
    return reachable(spec, draft)[-1]
