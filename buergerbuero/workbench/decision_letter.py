"""What a Bescheid says: its template completed with the case's placeholders, the address block,
the four-eyes condition and the gateway payload that carries the letter.

Placeholders are `{name}` in the template (or the case worker's own text); a name this module
does not know, a brace left open or a format instruction is refused with a German message,
never guessed and never a server error. `{{` and `}}` stand for a brace in the letter.
"""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal
from typing import Any

from flask import current_app

import forms
import mailgateway
from common.formatting import format_date, format_money, local
from common.i18n import SOURCE_LANGUAGE, _l, force_locale

from ..cases.payloads import in_language, service_of
from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..models import Case, Decision, DecisionOutcome
from .decision_texts import DEFAULT_TEMPLATES, OUTCOME_LABELS

STREET, POSTCODE, TOWN = ("strasse", "wohn_strasse"), ("plz", "wohn_plz"), ("ort", "wohnort")
"""The answer ids that make a resident's address (the services' own names for them)."""
FIXED = ("aktenzeichen", "leistung", "name", "eingang", "datum", "amt", "gemeinde", "gebuehr")
"""The placeholders every letter knows; a definition's top-level answers join them."""


class PlaceholderError(ValueError):
    """A template or text that cannot be completed: `message` says why, in German."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def case_spec(case: Case) -> forms.ServiceSpec | None:
    """Return the definition the case was filed under, or None if it no longer loads."""
    try:
        return spec_of(case.definition)
    except DefinitionUnavailable:
        return None  # the letter still goes out: department defaults, four-eyes to be safe


def answers_of(case: Case) -> dict[str, Any]:
    """Return what was filed (empty for a case without a submission)."""
    return dict(case.submission.answers) if case.submission is not None else {}


def applicant_name(case: Case) -> str:
    """Return the applicant's name: as filed in the answers, else the account's."""
    answers = answers_of(case)
    filed = " ".join(str(answers.get(k) or "").strip() for k in ("vorname", "nachname")).strip()
    return filed or case.applicant_name or case.user.display_name


def recipient_lines(case: Case) -> list[str]:
    """Return the address block: the applicant's name and any address given in the answers."""
    answers = answers_of(case)

    def first(ids: tuple[str, ...]) -> str:
        return next((str(answers[k]).strip() for k in ids if str(answers.get(k) or "").strip()),
                    "")

    town = " ".join(part for part in (first(POSTCODE), first(TOWN)) if part)
    return [line for line in (applicant_name(case), first(STREET), town) if line]


def placeholders(case: Case, spec: forms.ServiceSpec | None,
                 fee_cents: int | None) -> dict[str, str]:
    """Return every placeholder of the case's letter with its German text."""
    filed_at = case.submission.submitted_at if case.submission else case.created_at
    values = {k: _plain(v) for k, v in answers_of(case).items() if _plain(v) is not None}
    currency = spec.fee.currency if spec and spec.fee else "EUR"
    values.update({
        "aktenzeichen": case.reference, "leistung": service_title(case, spec),
        "name": applicant_name(case), "eingang": format_date(filed_at, SOURCE_LANGUAGE),
        "datum": format_date(local(dt.datetime.now(dt.UTC)), SOURCE_LANGUAGE),
        "amt": case.department.name, "gemeinde": current_app.config["MUNICIPALITY"],
        "gebuehr": "" if fee_cents is None else format_money(fee_cents, currency, "de")})
    return values


def _plain(value: Any) -> str | None:
    """Return an answer as a placeholder's text, or None for a group, a list or a file."""
    if isinstance(value, bool):
        return "ja" if value else "nein"  # untranslated: the letter's German text
    if isinstance(value, str | int | float | Decimal):
        return str(value)
    return None


def service_title(case: Case, spec: forms.ServiceSpec | None) -> str:
    """Return the service's German title."""
    return in_language(spec.title) if spec is not None else case.definition.title


def fill(template: str, values: dict[str, str]) -> str:
    """Complete `template` with `values`; raise PlaceholderError naming what is wrong."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PlaceholderError(_l("Eine geschweifte Klammer ist nicht geschlossen. Für eine "
                                  "Klammer im Text schreiben Sie {{ oder }}.")) from exc
    unknown = sorted({name for _text, name, _spec, _conv in parts
                      if name is not None and name not in values})
    if unknown:
        raise PlaceholderError(_l(
            "Unbekannter Platzhalter: %(names)s. Möglich sind: %(known)s.",
            names=", ".join("{" + name + "}" for name in unknown),
            known=", ".join("{" + name + "}" for name in sorted(values))))
    if any(spec or conversion for _text, _name, spec, conversion in parts):
        raise PlaceholderError(_l("Platzhalter stehen ohne Zusatz in geschweiften Klammern, "
                                  "etwa {aktenzeichen}."))
    return template.format_map(values)


def as_template(text: str) -> str:
    """Return a completed text as a template that `fill` completes to the same text: its
    braces doubled (an answer, a name or a typed "{{" may have brought single ones)."""
    return text.replace("{", "{{").replace("}", "}}")


def template_for(spec: forms.ServiceSpec | None, outcome: DecisionOutcome) -> str:
    """Return the service's template for the outcome, else the department's default."""
    own = spec.decision.templates.get(outcome.value) if spec is not None else None
    return own or DEFAULT_TEMPLATES[outcome]


def needs_four_eyes(spec: forms.ServiceSpec | None, case: Case, outcome: DecisionOutcome,
                    fee_cents: int | None) -> bool:
    """Tell whether the definition asks a second case worker to approve this decision.

    A condition that cannot be evaluated (or a definition that no longer loads) asks for it:
    in doubt, four eyes.
    """
    if spec is None:
        return True
    condition = spec.decision.four_eyes_if
    if condition is None:
        return False
    names = {**answers_of(case), "entscheidung": outcome.value,
             "gebuehr": None if fee_cents is None else Decimal(fee_cents) / 100}
    try:
        return condition.holds(names)
    except (forms.FormsError, ArithmeticError, TypeError, ValueError):
        return True


def outcome_label(outcome: DecisionOutcome, language: str = SOURCE_LANGUAGE) -> str:
    """Return the outcome's name in `language`."""
    with force_locale(language):
        return str(OUTCOME_LABELS[outcome])


def subject_of(case: Case, spec: forms.ServiceSpec | None) -> str:
    """Return the letter's subject line."""
    filed_at = case.submission.submitted_at if case.submission else case.created_at
    return (f"Bescheid über Ihren Antrag „{service_title(case, spec)}“ "  # untranslated: letter
            f"vom {format_date(filed_at, SOURCE_LANGUAGE)}")


def fee_of(spec: forms.ServiceSpec | None, cents: int | None) -> mailgateway.Fee | None:
    """Return the fee the letter sets, or None where the service has none or none was set."""
    if spec is None or spec.fee is None or cents is None:
        return None
    return mailgateway.Fee(cents, spec.fee.currency, in_language(spec.fee.label))


def decision_payload(case: Case, decision: Decision) -> mailgateway.DecisionPayload:
    """Return what carries the Bescheid into the resident's box (rendered and sealed there)."""
    spec = case_spec(case)
    service = service_of(spec) if spec is not None else mailgateway.Service(
        slug=case.definition.slug, version=case.definition.version,
        sha256=case.definition.sha256, title=case.definition.title)
    dated = decision.dated or local(dt.datetime.now(dt.UTC)).date()
    letter = mailgateway.Letter(
        decision_id=decision.id, outcome=decision.outcome.value,
        outcome_label=outcome_label(decision.outcome), dated=dated.isoformat(),
        recipient=tuple(line for line in decision.recipient.splitlines() if line.strip()),
        subject=subject_of(case, spec), body=decision.body, reasons=decision.reasons,
        remedy=decision.remedy, signed_by=decision.drafted_by.display_name,
        approved_by=decision.approved_by.display_name if decision.approved_by else "",
        fee=fee_of(spec, decision.fee_cents), retrieval=decision.by_retrieval)
    return mailgateway.DecisionPayload(case_reference=case.reference,
                                       department=case.department.key,
                                       department_name=case.department.name, service=service,
                                       letter=letter)
