"""Move answers between compiled forms, drafts (JSON) and what people read (review, PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .conditions import Outcome, evaluate
from .fields import field_types
from .spec import FieldSpec, ServiceSpec, StepSpec


@dataclass(frozen=True)
class ReviewRow:
    """One answer as read by a person."""

    label: str
    value: str


@dataclass(frozen=True)
class ReviewSection:
    """The answers of one step (or one entry of a group)."""

    step_id: str
    title: str
    rows: tuple[ReviewRow, ...]


def step_answers(step: StepSpec, form: Any) -> dict[str, Any]:
    """Return the normalised answers of a validated step form.

    Undeclared input is ignored, and so are fields their conditions hid when the form was
    validated (even if the browser sent them).
    """
    outcome: Outcome | None = getattr(form, "_outcome", None)  # set by StepForm.validate
    answers = {f.id: field_types[f.type].to_json(f, form[f.id].data) for f in step.fields
               if (outcome is None or outcome.shows((f.id,))) and _answered(f)}
    for group in (f for f in step.fields if f.fields and outcome is not None):
        entries = answers.get(group.id)
        for n, entry in enumerate(entries if isinstance(entries, list) else []):
            for sub in group.fields:
                if not outcome.shows((group.id, n, sub.id)):
                    entry.pop(sub.id, None)
    return answers


def posted_answers(step: StepSpec, form: Any) -> dict[str, Any]:
    """Return a step form's answers before validation, as far as they can be read.

    Conditions need them (a field may depend on a field of the same page); an answer that cannot
    be read counts as unanswered.
    """
    answers = {}
    for spec in step.fields:
        try:
            answers[spec.id] = field_types[spec.type].to_json(spec, form[spec.id].data)
        except (TypeError, ValueError, AttributeError, ArithmeticError):
            answers[spec.id] = None
    return answers


def form_data(step: StepSpec, answers: dict[str, Any]) -> dict[str, Any]:
    """Return a draft's answers of one step as WTForms data, to pre-fill the form."""
    return {f.id: field_types[f.type].to_form(f, answers[f.id])
            for f in step.fields if f.id in answers}


def review(spec: ServiceSpec, answers: dict[str, Any], only: frozenset[str] | None = None,
           today: dt.date | None = None) -> list[ReviewSection]:
    """Return the answers of every step that applies as labelled, formatted rows.

    Groups become one section per entry; hidden steps and fields (conditions) are left out;
    `only` restricts the rows to those top-level fields (what one recipient may see); `today`
    is the day conditions on `today` are evaluated for (default: today).
    """
    outcome = evaluate(spec, answers, today=today)
    answers = outcome.answers
    sections: list[ReviewSection] = []
    for step in (s for s in spec.steps if s.id not in outcome.hidden_steps):
        shown = [f for f in step.fields if outcome.shows((f.id,)) and _answered(f)
                 and (only is None or f.id in only)]
        rows = [_row(f, answers.get(f.id)) for f in shown if f.type != "group"]
        if rows:
            sections.append(ReviewSection(step.id, step.title, tuple(rows)))
        for group in (f for f in shown if f.type == "group"):
            sections += _group_sections(step, group, answers.get(group.id) or [], outcome)
    return sections


def _answered(spec: FieldSpec) -> bool:
    """Whether the field type stores an answer at all (text-only fields do not)."""
    return getattr(field_types[spec.type], "has_answer", True)


def _group_sections(step: StepSpec, group: FieldSpec, entries: list[Any],
                    outcome: Outcome) -> list[ReviewSection]:
    item = group.settings.get("item_label", group.label)
    return [
        ReviewSection(step.id, f"{item} {n}", tuple(
            _row(f, entry.get(f.id)) for f in group.fields
            if outcome.shows((group.id, n - 1, f.id)) and _answered(f)))
        for n, entry in enumerate(entries, start=1)
    ]


def _row(spec: FieldSpec, value: Any) -> ReviewRow:
    return ReviewRow(spec.label, field_types[spec.type].display(spec, value))
