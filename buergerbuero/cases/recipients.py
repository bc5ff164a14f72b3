"""Further recipients: bodies that by law get part of an application (GewA 1: tax office,
chamber, statistics office), each through the gateway and each with only its own fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
import mailgateway

from ..models import Case, Department, OutboxMessage
from .payloads import copy_payload


def post_copies(session: Session, case: Case, spec: forms.ServiceSpec,
                answers: dict[str, Any]) -> list[OutboxMessage]:
    """Post one partial copy per further recipient in the caller's transaction (it commits)."""
    posted = []
    for recipient in spec.recipients:
        department = session.scalar(select(Department).where(
            Department.key == recipient.department))
        payload = copy_payload(case, spec, answers, recipient, department)
        posted.append(mailgateway.post(session, payload, department=department,
                                       case_id=case.id, enqueued_at=case.created_at))
    return posted
