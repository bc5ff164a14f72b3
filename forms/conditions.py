"""A definition's expressions applied to answers: which steps and fields apply, fee, department.

Conditions are evaluated in the order of the definition, steps and fields top-down (a group's
entries field by field): a hidden step or field counts as unanswered for every condition after
it, and its answer is dropped. `required_if` is evaluated afterwards, on what is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from common.formatting import format_money

from .exceptions import FormsError
from .expression_values import absent, operand
from .spec import FeeSpec, FieldSpec, ServiceSpec, StepSpec
from .texts import _l

FieldKey = tuple[Any, ...]
"""("iban",) for a field, ("hunde", 0, "nachweis") for a field of a group's first entry."""
MAX_FEE_CENTS = 100_000_000
"""The largest fee the answers may come to (1.000.000,00 €); beyond it none is computed."""
MAX_FEE = Decimal(MAX_FEE_CENTS) / 100
FEE_NOT_COMPUTABLE = (_l("Die Gebühr kann aus Ihren Angaben nicht berechnet werden; das Amt setzt "
                      "sie fest."))
"""What the review, the case, the receipt and the department's envelope say instead of a fee."""


class FeeNotComputable(FormsError):
    """The fee expression gives no amount for these answers; `reason` says why (translated when
    shown)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Outcome:
    """What the conditions say about one set of answers."""

    answers: dict[str, Any]
    """The answers without those of hidden steps and hidden fields."""
    hidden_steps: frozenset[str]
    hidden: frozenset[FieldKey]
    """Fields hidden by their own `visible_if` (inside hidden steps nothing is listed)."""
    required: frozenset[FieldKey]
    """Shown fields whose `required_if` holds."""

    def shows(self, key: FieldKey) -> bool:
        """Return whether a field (or the group an entry field lies in) is shown."""
        return key not in self.hidden and key[:1] not in self.hidden


def evaluate(spec: ServiceSpec, answers: Mapping[str, Any],
             today: dt.date | None = None) -> Outcome:
    """Apply every condition of `spec` to `answers`."""
    today = today or dt.date.today()
    kept, hidden_steps, hidden = dict(answers), set(), set()
    for step in spec.steps:
        if step.visible_if is not None and not step.visible_if.holds(kept, today=today):
            hidden_steps.add(step.id)
            for spec_field in step.fields:
                kept.pop(spec_field.id, None)
            continue
        for spec_field in step.fields:
            if spec_field.visible_if is not None and not spec_field.visible_if.holds(
                    kept, today=today):
                hidden.add((spec_field.id,))
                kept.pop(spec_field.id, None)
            elif spec_field.fields and isinstance(kept.get(spec_field.id), list):
                kept[spec_field.id] = [_entry(spec_field, n, entry, kept, hidden, today)
                                       for n, entry in enumerate(kept[spec_field.id])]
    required = _required(spec, kept, hidden_steps, hidden, today)
    return Outcome(kept, frozenset(hidden_steps), frozenset(hidden), frozenset(required))


def _entry(group: FieldSpec, index: int, entry: Any, answers: dict[str, Any],
           hidden: set[FieldKey], today: dt.date) -> Any:
    if not isinstance(entry, Mapping):
        return entry
    kept = dict(entry)
    for sub in group.fields:
        if sub.visible_if is not None and not sub.visible_if.holds(answers, kept, today):
            hidden.add((group.id, index, sub.id))
            kept.pop(sub.id, None)
    return kept


def _required(spec: ServiceSpec, answers: dict[str, Any], hidden_steps: set[str],
              hidden: set[FieldKey], today: dt.date) -> set[FieldKey]:
    required = set()
    for step in spec.steps:
        if step.id in hidden_steps:
            continue
        for key, spec_field, entry in _shown_fields(step, answers, hidden):
            if spec_field.required_if is not None and spec_field.required_if.holds(
                    answers, entry, today):
                required.add(key)
    return required


def _shown_fields(step: StepSpec, answers: Mapping[str, Any], hidden: set[FieldKey] | frozenset[
        FieldKey]) -> list[tuple[FieldKey, FieldSpec, Mapping[str, Any] | None]]:
    """Return (key, spec, entry) of every shown field of a step, group entries' fields included."""
    shown = []
    for spec_field in step.fields:
        if (spec_field.id,) in hidden:
            continue
        shown.append(((spec_field.id,), spec_field, None))
        entries = answers.get(spec_field.id) if spec_field.fields else None
        for n, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, Mapping):
                shown += [((spec_field.id, n, sub.id), sub, entry) for sub in spec_field.fields
                          if (spec_field.id, n, sub.id) not in hidden]
    return shown


def prune(spec: ServiceSpec, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answers without those of hidden steps and fields (what is filed)."""
    return evaluate(spec, answers).answers


def visible_steps(spec: ServiceSpec, answers: Mapping[str, Any]) -> list[str]:
    """Return the ids of the steps that apply to these answers, in order."""
    hidden = evaluate(spec, answers).hidden_steps
    return [step.id for step in spec.steps if step.id not in hidden]


def unanswered(spec: ServiceSpec, step: StepSpec, outcome: Outcome) -> list[FieldKey]:
    """Return the shown fields of a step that need an answer and have none.

    A step saved earlier can lack one when a later change of another step showed a required
    field or made one required; such a step is no longer complete.
    """
    missing = []
    for key, spec_field, entry in _shown_fields(step, outcome.answers, outcome.hidden):
        needed = spec_field.required or key in outcome.required
        value = (entry if entry is not None else outcome.answers).get(spec_field.id)
        if needed and not spec_field.fields and _empty(value):
            missing.append(key)
    return missing


def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def field_name(key: FieldKey) -> str:
    """Return the form field name of a key: 'iban', 'hunde-0-nachweis'."""
    return "-".join(str(part) for part in key)


def field_visibility(step: StepSpec, outcome: Outcome) -> dict[str, bool]:
    """Return {form field name: shown} for every field of a step and of its group entries."""
    visibility = {}
    for spec_field in step.fields:
        visibility[spec_field.id] = outcome.shows((spec_field.id,))
        entries = outcome.answers.get(spec_field.id) if spec_field.fields else None
        for n in range(len(entries) if isinstance(entries, list) else 0):
            for sub in spec_field.fields:
                key = (spec_field.id, n, sub.id)
                visibility[field_name(key)] = outcome.shows(key)
    return visibility


def hidden_on_page(step: StepSpec, outcome: Outcome) -> set[str]:
    """Return the form field names to render hidden: hidden, and by answers of other steps only.

    A field whose condition reads a field of the same page is rendered without JavaScript, as
    the resident may change that answer on the page; the server decides when the page is posted.
    """
    local = {f.id for f in step.fields} | {sub.id for f in step.fields for sub in f.fields}
    specs = {f.id: f for f in step.fields} | {sub.id: sub for f in step.fields for sub in f.fields}
    return {name for name, shown in field_visibility(step, outcome).items()
            if not shown and not (specs[name.rsplit("-", 1)[-1]].visible_if.names & local)}


def fee_cents(spec: ServiceSpec, answers: Mapping[str, Any],
              today: dt.date | None = None) -> int | None:
    """Return the fee in cents for these (pruned) answers, or None if the service has none.

    Raise FeeNotComputable where the answers give no amount: no number (a division by zero,
    text, an unanswered field on its own), a negative one, or one beyond MAX_FEE_CENTS. A fee
    is never made up: zero is a fee, a cut or clamped amount is not.
    """
    return None if spec.fee is None else amount_cents(spec.fee, answers, today)


def amount_cents(fee: FeeSpec, answers: Mapping[str, Any], today: dt.date | None = None) -> int:
    """Return what a fee's expression comes to, in cents; raise FeeNotComputable."""
    value = fee.expression.evaluate(answers, today=today)
    amount = None if absent(value) else operand(value)
    if not isinstance(amount, Decimal):
        raise FeeNotComputable(_l(
            "der Ausdruck ergibt keine Zahl (z. B. eine Division durch null)"))
    if amount < 0:
        raise FeeNotComputable(_l("der Ausdruck ergibt einen negativen Betrag"))
    if amount > MAX_FEE:  # compared before any arithmetic: 9E+999999 * 100 would overflow
        raise FeeNotComputable(_l("der Ausdruck ergibt mehr als %(amount)s",
                                  amount=LocalMoney(MAX_FEE_CENTS, fee.currency)))
    cents = (amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(cents)


def computed_fee(spec: ServiceSpec, answers: Mapping[str, Any],
                 today: dt.date | None = None) -> int | None:
    """Return the fee in cents, or None where the service has none or the answers give none."""
    try:
        return fee_cents(spec, answers, today)
    except FeeNotComputable:
        return None


def fee_text(cents: int | None, currency: str = "EUR") -> str:
    """Return how a service's fee is shown, in the reader's language: the amount, or that the
    department sets it (for a record that must not depend on it, use force_locale("de"))."""
    return str(FEE_NOT_COMPUTABLE) if cents is None else format_money(cents, currency)


def fixed_fee_cents(spec: ServiceSpec) -> int | None:
    """Return the fee in cents if no answer changes it (today's, for one on dates), else None."""
    if spec.fee is None or spec.fee.expression.names:
        return None
    try:
        return fee_cents(spec, {})
    except FeeNotComputable:  # one that reads `today` may give no amount on some days
        return None


def department_for(spec: ServiceSpec, answers: Mapping[str, Any],
                   today: dt.date | None = None) -> str:
    """Return the department of the first routing rule that holds, else the definition's."""
    return next((rule.to for rule in spec.routing if rule.when.holds(answers, today=today)),
                spec.department)


class LocalMoney:
    """An amount formatted when a message is shown, in the reader's language."""

    def __init__(self, cents: int, currency: str) -> None:
        self.cents, self.currency = cents, currency

    def __str__(self) -> str:
        return format_money(self.cents, self.currency)
