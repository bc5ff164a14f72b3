"""Move answers between compiled forms, drafts (JSON) and what people read (review, PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    """Return the normalised answers of a validated step form; undeclared input is ignored."""
    return {f.id: field_types[f.type].to_json(f, form[f.id].data) for f in step.fields}


def form_data(step: StepSpec, answers: dict[str, Any]) -> dict[str, Any]:
    """Return a draft's answers of one step as WTForms data, to pre-fill the form."""
    return {f.id: field_types[f.type].to_form(f, answers[f.id])
            for f in step.fields if f.id in answers}


def review(spec: ServiceSpec, answers: dict[str, Any]) -> list[ReviewSection]:
    """Return every step's answers as labelled, formatted rows; groups become one section each."""
    sections: list[ReviewSection] = []
    for step in spec.steps:
        rows = [_row(f, answers.get(f.id)) for f in step.fields if f.type != "group"]
        if rows:
            sections.append(ReviewSection(step.id, step.title, tuple(rows)))
        for group in (f for f in step.fields if f.type == "group"):
            sections += _group_sections(step, group, answers.get(group.id) or [])
    return sections


def _group_sections(step: StepSpec, group: FieldSpec, entries: list[Any]) -> list[ReviewSection]:
    item = group.settings.get("item_label", group.label)
    return [
        ReviewSection(step.id, f"{item} {n}",
                      tuple(_row(f, entry.get(f.id)) for f in group.fields))
        for n, entry in enumerate(entries, start=1)
    ]


def _row(spec: FieldSpec, value: Any) -> ReviewRow:
    return ReviewRow(spec.label, field_types[spec.type].display(spec, value))
