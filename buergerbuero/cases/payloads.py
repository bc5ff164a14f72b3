"""What the web app hands the gateway: one builder per outbox kind, from the case and its spec.

The payload types are the gateway's (`mailgateway.SubmissionPayload` and its siblings); these
builders read our tables and the service definition so that the gateway never has to. What goes
to a department is German (the language it works in) whatever language the resident used; only
the resident's own receipt is written in their language (`resident_receipt`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

import forms
import mailgateway
from common.db import utcnow
from common.formatting import local
from common.i18n import SOURCE_LANGUAGE, _, force_locale
from forms.texts import Text

from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..models import Case, Department, Message, User

log = logging.getLogger(__name__)


class ResidentReceipt(NamedTuple):
    """What the resident's receipt says in the language the resident filed in."""

    language: str
    service_title: str
    review: tuple[mailgateway.Section, ...]


def in_language(text: Any, language: str = SOURCE_LANGUAGE) -> str:
    """Return a definition's text (plain German or a `Text`) or a marked text (a lazy or engine
    message, e.g. the default fee label "Gebühr") in ``language``."""
    if isinstance(text, Text):
        return text.in_language(language)
    with force_locale(language):  # a message translates when str() is asked: here, in language
        return str(text)


def service_of(spec: forms.ServiceSpec) -> mailgateway.Service:
    """Return the service version a case is filed under (its German title)."""
    return mailgateway.Service(slug=spec.slug, version=spec.version, sha256=spec.sha256,
                               title=in_language(spec.title))


def sections_of(spec: forms.ServiceSpec, answers: dict[str, Any],
                only: frozenset[str] | None = None, language: str = SOURCE_LANGUAGE,
                today: dt.date | None = None) -> tuple[mailgateway.Section, ...]:
    """Return the review of the answers (only those fields, if given) as labelled sections,
    as plain text in ``language`` (German unless the resident's receipt asks for another),
    with conditions on `today` evaluated for that day (default: today)."""
    with force_locale(language):
        return tuple(
            mailgateway.Section(in_language(s.title, language), tuple(
                (in_language(r.label, language), in_language(r.value, language))
                for r in s.rows))
            for s in forms.review(spec, answers, only=only, today=today))


def fee_section(spec: forms.ServiceSpec, fee_cents: int | None,
                language: str = SOURCE_LANGUAGE) -> tuple[mailgateway.Section, ...]:
    """Return the review section of the fee ("Gebühr"), or nothing if the service has none.

    No cents for a service with a fee: the answers gave none, the department sets it.
    """
    if spec.fee is None:
        return ()
    with force_locale(language):
        amount = str(forms.fee_text(fee_cents, spec.fee.currency))
        title = _("Gebühr")
    return (mailgateway.Section(title, ((in_language(spec.fee.label, language), amount),)),)


def resident_receipt(case: Case, spec: forms.ServiceSpec) -> ResidentReceipt:
    """Return the title and answers of a filed case in the language its resident filed in."""
    filed, language = case.submission, case.locale
    answers = filed.answers if filed is not None else {}
    fee_cents = filed.fee_cents if filed is not None else forms.computed_fee(spec, answers)
    # The day it was filed: a later delivery (a retry) shows what the filing showed.
    filed_on = local(case.created_at).date() if case.created_at else None
    review = sections_of(spec, answers, language=language, today=filed_on) + fee_section(
        spec, fee_cents, language)
    return ResidentReceipt(language, in_language(spec.title, language), review)


def resident_receipt_of(session: Session, case_id: int) -> ResidentReceipt | None:
    """Return a case's receipt texts in its resident's language (the gateway's hook), or None
    for a German receipt from the payload: delivery never waits on a definition that no longer
    loads."""
    case = session.get(Case, case_id)
    if case is None or case.definition is None or case.locale == SOURCE_LANGUAGE:
        return None  # German: the payload's own review is the receipt's, nothing to redo
    try:
        return resident_receipt(case, spec_of(case.definition))
    except DefinitionUnavailable:
        log.warning("case %s: its definition no longer loads; the receipt is German", case_id)
        return None


def submission_payload(case: Case, spec: forms.ServiceSpec, answers: dict[str, Any],
                       user: User) -> mailgateway.SubmissionPayload:
    """Return what the gateway needs to seal and deliver a filed case."""
    filed = case.submission
    fee_cents = filed.fee_cents if filed is not None else forms.computed_fee(spec, answers)
    fee = None if spec.fee is None else mailgateway.Fee(fee_cents, spec.fee.currency,
                                                        in_language(spec.fee.label))
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
        recipient_title=(in_language(recipient.title) if recipient.title
                         else f"Mitteilung an {department.name}"),  # untranslated: to a body
        answers={k: v for k, v in answers.items() if k in only},
        review=sections_of(spec, answers, only=only))


def message_payload(case: Case, author: User, message: Message,
                    attachments: tuple[dict[str, Any], ...] = (),
                    query_id: int | None = None) -> mailgateway.MessagePayload:
    """Return what carries a resident's message (with its files; an answer names its
    Rückfrage) to the case's department."""
    note = mailgateway.Note(id=message.id, author=author.display_name, body=message.body,
                            sent_at=utcnow().isoformat(), attachments=attachments)
    return mailgateway.MessagePayload(case_reference=case.reference,
                                      department=case.department.key,
                                      department_name=case.department.name, message=note,
                                      query_id=query_id)


def forward_payload(filed: mailgateway.SubmissionPayload, previous: Department,
                    target: Department, user: User, reason: str) -> mailgateway.ForwardPayload:
    """Return the filed case addressed to `target`, saying who forwarded it from where and why."""
    forwarding = mailgateway.Forwarding(from_key=previous.key, from_name=previous.name,
                                        by=user.display_name, reason=reason,
                                        at=utcnow().isoformat())
    return mailgateway.ForwardPayload.of(filed, target.key, target.name, forwarding)
