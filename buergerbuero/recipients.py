"""Further recipients: bodies that by law get part of an application (GewA 1: tax office,
chamber, statistics office), each through the gateway and each with only its own fields."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms

from .models import Case, Department, OutboxMessage


def recipient_payload(case: Case, spec: forms.ServiceSpec, answers: dict[str, Any],
                      recipient: forms.RecipientSpec, department: Department) -> dict[str, Any]:
    """Return the part of the application this recipient is entitled to, and nothing more."""
    only = frozenset(recipient.fields)
    return {
        "case_reference": case.reference,
        "service": {"slug": spec.slug, "version": spec.version, "sha256": spec.sha256,
                    "title": spec.title},
        "department": department.key,
        "department_name": department.name,
        "submitted_at": case.created_at.isoformat(),
        "recipient_title": recipient.title or f"Mitteilung an {department.name}",
        "answers": {k: v for k, v in answers.items() if k in only},
        "review": [{"title": s.title, "rows": [[r.label, r.value] for r in s.rows]}
                   for s in forms.review(spec, answers, only=only)],
    }


def recipient_messages(session: Session, case: Case, spec: forms.ServiceSpec,
                       answers: dict[str, Any]) -> list[OutboxMessage]:
    """Return one outbox message per further recipient (the caller adds and commits them)."""
    messages = []
    for recipient in spec.recipients:
        department = session.scalar(select(Department).where(
            Department.key == recipient.department))
        messages.append(OutboxMessage(
            message_id=str(uuid.uuid4()), kind="copy", case_id=case.id,
            department_id=department.id, enqueued_at=case.created_at,
            payload=recipient_payload(case, spec, answers, recipient, department)))
    return messages
