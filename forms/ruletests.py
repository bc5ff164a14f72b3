"""Rule tests inside a definition (`tests:`): given answers, what the rules must say about them.

Each test names answers (as drafts store them) and expects any of: fields shown, hidden, required
or shown but optional, the fee, the department of the definition's own `routing:` rules, and the
steps that apply. `run_rule_tests` evaluates them with the very evaluator the forms use
(`conditions.evaluate`, `fee_cents`, `department_for`); it is pure: no database, no app. The
routing table (services/routing.yaml) lies outside the definition and is not consulted.

The loader checks a test's names when the definition is loaded (forms/ruletest_checks.py), so a
typo in a field id, an option value or a step id is a located error, not a test that passes for
the wrong reason.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import (
    FeeNotComputable,
    FieldKey,
    LocalMoney,
    Outcome,
    department_for,
    evaluate,
    fee_cents,
)
from .spec import RuleTestSpec, ServiceSpec
from .texts import _l

FIELD_LISTS = ("visible", "hidden", "required", "optional")
# Lists that cannot both name one field: a test that expects both could never pass.
CONTRADICTIONS = (("visible", "hidden"), ("required", "optional"), ("hidden", "required"),
                  ("hidden", "optional"))
HIDDEN, REQUIRED, OPTIONAL = "verborgen", "Pflichtfeld", "freiwillig"
STATE_NAMES = {HIDDEN: _l("verborgen"), REQUIRED: _l("Pflichtfeld"), OPTIONAL: _l("freiwillig")}
"""How a message names a field's state (the states compare as ids, in any language)."""


@dataclass(frozen=True)
class RuleTestResult:
    """The outcome of one rule test: passed when it has no messages."""

    name: str
    messages: tuple[str, ...] = ()
    """German, one per mismatch: „Feld „iban“ sollte sichtbar sein, ist aber verborgen“."""

    @property
    def passed(self) -> bool:
        return not self.messages


def failing(results: list[RuleTestResult]) -> list[RuleTestResult]:
    """Return the results that failed."""
    return [r for r in results if not r.passed]


# --- running ---------------------------------------------------------------------------------


def run_rule_tests(spec: ServiceSpec, today: dt.date | None = None) -> list[RuleTestResult]:
    """Run every rule test of `spec`; `today` is the day of tests that name none."""
    return [run_rule_test(spec, test, today) for test in spec.tests]


def run_rule_test(spec: ServiceSpec, test: RuleTestSpec,
                  today: dt.date | None = None) -> RuleTestResult:
    """Evaluate one test's answers as the forms do; compare with what it expects."""
    day = test.today or today or dt.date.today()
    outcome = evaluate(spec, _thawed(test.answers), today=day)
    expect, messages = test.expect, []
    for ref in expect.visible:
        state, why = field_state(spec, outcome, ref)
        if state == HIDDEN:
            messages.append(_l("Feld „%(ref)s“ sollte sichtbar sein, ist aber verborgen%(why)s",
                               ref=ref, why=why))
    for ref in expect.hidden:
        if field_state(spec, outcome, ref)[0] != HIDDEN:
            messages.append(_l("Feld „%(ref)s“ sollte verborgen sein, ist aber sichtbar", ref=ref))
    for wanted, refs in ((REQUIRED, expect.required), (OPTIONAL, expect.optional)):
        for ref in refs:
            state, why = field_state(spec, outcome, ref)
            if state != wanted:
                messages.append(_l(
                    "Feld „%(ref)s“ sollte %(wanted)s sein, ist aber %(state)s%(why)s",
                                   ref=ref, wanted=STATE_NAMES[wanted], state=STATE_NAMES[state],
                                   why=why))
    if expect.check_fee:
        messages += _fee_mismatch(spec, outcome, expect.fee_cents, day)
    if expect.department is not None:
        department = department_for(spec, outcome.answers, today=day)
        if department != expect.department:
            messages.append(_l("Amt: erwartet %(expected)s, ergibt %(found)s",
                               expected=expect.department, found=department))
    if expect.steps is not None:
        applies = [s.id for s in spec.steps if s.id not in outcome.hidden_steps]
        messages += [_l("Schritt „%(step)s“ sollte gelten, entfällt aber", step=s)
                     for s in spec.step_ids() if s in expect.steps and s not in applies]
        messages += [_l("Schritt „%(step)s“ sollte entfallen, gilt aber", step=s)
                     for s in applies if s not in expect.steps]
    return RuleTestResult(test.name, tuple(messages))


def _fee_mismatch(spec: ServiceSpec, outcome: Outcome, expected: int | None,
                  day: dt.date) -> list[str]:
    currency = spec.fee.currency if spec.fee else "EUR"
    try:
        cents = fee_cents(spec, outcome.answers, today=day)
    except FeeNotComputable as exc:
        return [_l("Gebühr: erwartet %(expected)s, aus diesen Antworten nicht berechenbar "
                   "(%(reason)s)", expected=_money(expected, currency), reason=exc.reason)]
    if cents == expected:
        return []
    return [_l("Gebühr: erwartet %(expected)s, berechnet %(found)s",
               expected=_money(expected, currency), found=_money(cents, currency))]


def field_state(spec: ServiceSpec, outcome: Outcome, ref: str) -> tuple[str, Any]:
    """Return (verborgen | Pflichtfeld | freiwillig, why it is hidden) of a field reference."""
    key = field_key(ref)
    step = next(s for s in spec.steps if any(f.id == key[0] for f in s.fields))
    if step.id in outcome.hidden_steps:
        return HIDDEN, _l(" (Schritt „%(step)s“ entfällt)", step=step.id)
    if not outcome.shows(key):
        return HIDDEN, ""
    field = next(f for f in step.fields if f.id == key[0])
    if len(key) == 3:
        entries = outcome.answers.get(key[0])
        if not isinstance(entries, list) or len(entries) <= key[1]:
            return HIDDEN, _l(" (Eintrag %(number)d fehlt)", number=key[1] + 1)
        field = next(f for f in field.fields if f.id == key[2])
    required = field.required or key in outcome.required
    return (REQUIRED if required else OPTIONAL), ""


def field_key(ref: str) -> FieldKey:
    """Return the evaluator's key of a reference: ('iban',), 'hunde.1.x' → ('hunde', 0, 'x')."""
    parts = ref.split(".")
    return (parts[0], int(parts[1]) - 1, parts[2]) if len(parts) == 3 else (parts[0],)


def _money(cents: int | None, currency: str) -> Any:
    return _l("keine Gebühr") if cents is None else LocalMoney(cents, currency)



def _thawed(value: Any) -> Any:
    """Return a test's answers as plain, fresh dicts and lists (the evaluator's input)."""
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thawed(v) for v in value]
    return copy.copy(value)


# --- loading: checked against the definition, then frozen --------------------------------------
