"""Rule tests inside a definition (`tests:`): given answers, what the rules must say about them.

Each test names answers (as drafts store them) and expects any of: fields shown, hidden, required
or shown but optional, the fee, the department of the definition's own `routing:` rules, and the
steps that apply. `run_rule_tests` evaluates them with the very evaluator the forms use
(`conditions.evaluate`, `fee_cents`, `department_for`); it is pure: no database, no app. The
routing table (services/routing.yaml) lies outside the definition and is not consulted.

The loader checks a test's names when the definition is loaded (`problems`), so a typo in a field
id, an option value or a step id is a located error, not a test that passes for the wrong reason.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from common.i18n import lazy_ngettext

from .conditions import (
    FeeNotComputable,
    FieldKey,
    LocalMoney,
    Outcome,
    department_for,
    evaluate,
    fee_cents,
)
from .exceptions import Problem
from .fields import field_types
from .fields.dates import iso_date
from .spec import FieldSpec, RuleExpectation, RuleTestSpec, ServiceSpec
from .texts import _l
from .yamlsource import key_line, line_of

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


def problems(spec: ServiceSpec, data: dict[str, Any], node: Any) -> list[Problem]:
    """Return what is wrong with the tests of a definition (schema-valid data), located."""
    found: list[Problem] = []
    names: set[str] = set()
    for t, test in enumerate(data.get("tests", ())):
        base = ["tests", t]
        if test["name"] in names:
            found.append(Problem(_l("Testname „%(name)s“ kommt doppelt vor", name=test["name"]),
                                 f"tests.{t}.name", key_line(node, base, "name")))
        names.add(test["name"])
        if "today" in test and iso_date(test["today"]) is None:
            found.append(Problem(_l("„%(day)s“ ist kein gültiges Datum", day=test["today"]),
                                 f"tests.{t}.today", key_line(node, base, "today")))
        found += _answer_problems(spec, test["answers"], node, [*base, "answers"])
        found += _expect_problems(spec, test, node, base)
    return found


def build(data: dict[str, Any], node: Any) -> tuple[RuleTestSpec, ...]:
    """Return the frozen tests of checked data."""
    return tuple(
        RuleTestSpec(name=test["name"], answers=MappingProxyType(copy.deepcopy(test["answers"])),
                     expect=_expectation(test["expect"]),
                     today=iso_date(test["today"]) if "today" in test else None,
                     line=line_of(node, ["tests", t]))
        for t, test in enumerate(data.get("tests", ())))


def _expectation(raw: dict[str, Any]) -> RuleExpectation:
    fee = raw.get("fee")
    return RuleExpectation(
        **{name: tuple(raw.get(name, ())) for name in FIELD_LISTS},
        check_fee="fee" in raw, fee_cents=None if fee is None else _cents(fee),
        department=raw.get("department"),
        steps=tuple(raw["steps"]) if "steps" in raw else None)


def _cents(value: Any) -> int | None:
    """Return an expected fee (120, 30.7, "30.70", "30,70") in cents; None if not in cents."""
    amount = Decimal(value.replace(",", ".")) if isinstance(value, str) else Decimal(repr(value))
    cents = amount * 100
    return int(cents) if cents == cents.to_integral_value() else None


def _fields(spec: ServiceSpec) -> tuple[dict[str, FieldSpec], dict[str, str]]:
    """Return the top-level fields by id, and each group field's id → its group's id."""
    top = {f.id: f for s in spec.steps for f in s.fields}
    owners = {sub.id: f.id for f in top.values() for sub in f.fields}
    return top, owners


def _answer_problems(spec: ServiceSpec, answers: dict[Any, Any], node: Any,
                     path: list[Any]) -> list[Problem]:
    top, owners = _fields(spec)
    found = []
    for key, value in answers.items():
        dotted = ".".join(str(p) for p in [*path, key])
        line = key_line(node, path, str(key))
        if key not in top:
            message = (_l("„%(name)s“ ist ein Feld der Gruppe „%(group)s“: geben Sie es in einem "
                          "Eintrag von „%(group)s“ an", name=key, group=owners[key])
                       if key in owners else _l("unbekanntes Feld „%(name)s“", name=key))
            found.append(Problem(message, dotted, line))
            continue
        found += _value_problems(top[key], value, node, [*path, key])
    return found


def _value_problems(field: FieldSpec, value: Any, node: Any, path: list[Any]) -> list[Problem]:
    """Check an answer's kind against its field (choices among the options, dates as ISO)."""
    dotted = ".".join(str(p) for p in path)
    line = line_of(node, path)
    if value is None:
        return []
    if field.type == "group":
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            return [Problem(_l("erwartet eine Liste von Einträgen (je Eintrag ein Objekt)"), dotted,
                            line)]
        most = field.repeat.max if field.repeat else 1
        if len(value) > most:
            return [Problem(_l("„%(id)s“ hat höchstens %(most)d Einträge, der Test gibt %(given)d "
                               "an", id=field.id, most=most, given=len(value)), dotted, line)]
        found = []
        subs = {sub.id: sub for sub in field.fields}
        for n, entry in enumerate(value):
            for key, answer in entry.items():
                if key not in subs:
                    found.append(Problem(
                        _l("unbekanntes Feld „%(name)s“ in der Gruppe „%(group)s“", name=key,
                           group=field.id),
                        f"{dotted}.{n}.{key}", key_line(node, [*path, n], str(key))))
                else:
                    found += _value_problems(subs[key], answer, node, [*path, n, key])
        return found
    message = field_types[field.type].answer_kind_problem(field, value)
    return [Problem(message, dotted, line)] if message else []


def _expect_problems(spec: ServiceSpec, test: dict[str, Any], node: Any,
                     base: list[Any]) -> list[Problem]:
    expect, path = test["expect"], [*base, "expect"]
    found, known = [], _fields(spec)  # once per test, not once per reference
    for name in FIELD_LISTS:
        for i, ref in enumerate(expect.get(name, ())):
            message = _ref_problem(known, test["answers"], ref)
            if message:
                found.append(Problem(message, ".".join(str(p) for p in [*path, name, i]),
                                     line_of(node, [*path, name, i])))
    for first, second in CONTRADICTIONS:
        for ref in set(expect.get(first, ())) & set(expect.get(second, ())):
            found.append(Problem(_l("„%(ref)s“ steht in „%(first)s“ und in „%(second)s“", ref=ref,
                                    first=first, second=second),
                                 ".".join(str(p) for p in [*path, second]),
                                 key_line(node, path, second)))
    known = spec.step_ids()
    for i, step in enumerate(expect.get("steps", ())):
        if step not in known:
            found.append(Problem(_l("unbekannter Schritt „%(step)s“ (bekannt: %(known)s)",
                                    step=step, known=", ".join(known)),
                                 ".".join(str(p) for p in [*path, "steps", i]),
                                 line_of(node, [*path, "steps", i])))
    if "fee" in expect and expect["fee"] is not None and _cents(expect["fee"]) is None:
        found.append(Problem(_l("höchstens zwei Nachkommastellen (Cent)"),
                             ".".join(str(p) for p in [*path, "fee"]), key_line(node, path, "fee")))
    return found


def _ref_problem(known: tuple[dict[str, FieldSpec], dict[str, str]], answers: dict[Any, Any],
                 ref: str) -> Any:
    """Return why a field reference names nothing (`known`: from _fields), or None."""
    top, owners = known
    parts = ref.split(".")
    if len(parts) == 1:
        if ref in owners:
            return _l("„%(ref)s“ ist ein Feld der Gruppe „%(group)s“: schreiben Sie "
                      "„%(group)s.1.%(ref)s“ für den ersten Eintrag", ref=ref, group=owners[ref])
        return None if ref in top else _l("unbekanntes Feld „%(name)s“", name=ref)
    group, number, sub = parts[0], int(parts[1]), parts[2]
    if group not in top or not top[group].fields:
        return _l("„%(name)s“ ist keine Gruppe", name=group) if group in top \
            else _l("unbekanntes Feld „%(name)s“", name=group)
    if sub not in {f.id for f in top[group].fields}:
        return _l("unbekanntes Feld „%(name)s“ in der Gruppe „%(group)s“", name=sub, group=group)
    entries = answers.get(group)
    given = len(entries) if isinstance(entries, list) else 0
    if number > given:
        return lazy_ngettext("„%(ref)s“: die Antworten haben nur %(num)d Eintrag in „%(group)s“",
                             "„%(ref)s“: die Antworten haben nur %(num)d Einträge in „%(group)s“",
                             given, ref=ref, group=group)
    return None
