"""What the web app hands the gateway: one builder per outbox kind, from the case and its spec.

The payload types are the gateway's (`mailgateway.SubmissionPayload` and its siblings); these
builders read our tables and the service definition so that the gateway never has to.
"""

from __future__ import annotations

from typing import Any

import forms
import mailgateway
from common.db import utcnow

from ..models import Case, Department, Message, User


def service_of(spec: forms.ServiceSpec) -> mailgateway.Service:
    """Return the service version a case is filed under."""
    return mailgateway.Service(slug=spec.slug, version=spec.version, sha256=spec.sha256,
                               title=spec.title)


def sections_of(spec: forms.ServiceSpec, answers: dict[str, Any],
                only: frozenset[str] | None = None) -> tuple[mailgateway.Section, ...]:
    """Return the review of the answers (only those fields, if given) as labelled sections."""
    return tuple(mailgateway.Section(s.title, tuple((r.label, r.value) for r in s.rows))
                 for s in forms.review(spec, answers, only=only))


def fee_section(spec: forms.ServiceSpec, fee_cents: int | None) -> tuple[mailgateway.Section, ...]:
    """Return the review section of the fee ("Gebühr"), or nothing if the service has none.

    No cents for a service with a fee: the answers gave none, the department sets it.
    """
    if spec.fee is None:
        return ()
    amount = forms.fee_text(fee_cents, spec.fee.currency)
    return (mailgateway.Section("Gebühr", ((spec.fee.label, amount),)),)


def submission_payload(case: Case, spec: forms.ServiceSpec, answers: dict[str, Any],
                       user: User) -> mailgateway.SubmissionPayload:
    """Return what the gateway needs to seal and deliver a filed case."""
    filed = case.submission
    fee_cents = filed.fee_cents if filed is not None else forms.computed_fee(spec, answers)
    fee = None if spec.fee is None else mailgateway.Fee(fee_cents, spec.fee.currency,
                                                        spec.fee.label)
    return mailgateway.SubmissionPayload(
        case_reference=case.reference, service=service_of(spec),
        department=case.department.key, department_name=case.department.name,
        submitted_at=case.created_at.isoformat(),
        applicant=mailgateway.Applicant(user.display_name, user.email), answers=answers,
        review=sections_of(spec, answers) + fee_section(spec, fee_cents), fee=fee,
        attachments=tuple(filed.attachments if filed is not None else ()))


def copy_payload(case: Case, spec: forms.ServiceSpec, answers: dict[str, Any],
                 recipient: forms.RecipientSpec,
                 department: Department) -> mailgateway.CopyPayload:
    """Return the part of the application this recipient is entitled to, and nothing more."""
    only = frozenset(recipient.fields)
    return mailgateway.CopyPayload(
        case_reference=case.reference, service=service_of(spec), department=department.key,
        department_name=department.name, submitted_at=case.created_at.isoformat(),
        recipient_title=recipient.title or f"Mitteilung an {department.name}",
        answers={k: v for k, v in answers.items() if k in only},
        review=sections_of(spec, answers, only=only))


def message_payload(case: Case, author: User, message: Message) -> mailgateway.MessagePayload:
    """Return what carries a resident's message to the case's department."""
    note = mailgateway.Note(id=message.id, author=author.display_name, body=message.body,
                            sent_at=utcnow().isoformat())
    return mailgateway.MessagePayload(case_reference=case.reference,
                                      department=case.department.key,
                                      department_name=case.department.name, message=note)


def forward_payload(filed: mailgateway.SubmissionPayload, previous: Department,
                    target: Department, user: User, reason: str) -> mailgateway.ForwardPayload:
    """Return the filed case addressed to `target`, saying who forwarded it from where and why."""
    forwarding = mailgateway.Forwarding(from_key=previous.key, from_name=previous.name,
                                        by=user.display_name, reason=reason,
                                        at=utcnow().isoformat())
    return mailgateway.ForwardPayload.of(filed, target.key, target.name, forwarding)
