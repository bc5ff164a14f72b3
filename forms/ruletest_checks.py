"""The load-time check of a definition's rule tests (`tests:`): every name they use exists.

A typo in a field id, an option value or a step id is a located error when the definition is
loaded, not a test that passes for the wrong reason; `build` turns the checked YAML into specs.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from common.i18n import lazy_ngettext

from .exceptions import Problem
from .fields import field_types
from .fields.dates import iso_date
from .ruletests import CONTRADICTIONS, FIELD_LISTS
from .spec import FieldSpec, RuleExpectation, RuleTestSpec, ServiceSpec
from .texts import _l
from .yamlsource import key_line, line_of


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
