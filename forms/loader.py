"""Load a service definition: safe YAML, JSON Schema, field-type options, frozen spec."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import jsonschema

from . import bilingual, external, ruletest_checks
from .conditions import FeeNotComputable, amount_cents
from .exceptions import DefinitionError, Problem
from .expressions import Expression
from .fields import field_types
from .references import department_problems, expression_problems, recipient_problems
from .schemaerrors import describe_error
from .spec import (
    FEE_LABEL,
    DecisionSpec,
    FeeSpec,
    FieldSpec,
    Option,
    RecipientSpec,
    Repeat,
    RouteSpec,
    ServiceSpec,
    StepSpec,
)
from .texts import Text, _l
from .yamlsource import key_line, line_of, parse

Codelists = Mapping[str, tuple[Option, ...]]
Expressions = Mapping[tuple[Any, ...], Expression]
MAX_FIELDS = 300
"""Fields of one definition, sub-fields of groups included (the largest shipped has 32)."""
COMMON_KEYS = {"id", "type", "label", "help", "required", "options", "options_from", "fields",
               "repeat", "visible_if", "required_if"}


@cache
def document_schema() -> dict[str, Any]:
    """Return the JSON Schema of a service definition that ships with the engine."""
    text = resources.files("forms").joinpath("schema/service.schema.json").read_text("utf-8")
    return bilingual.expand(json.loads(text))


@cache
def field_base_schema() -> dict[str, Any]:
    """Return the part of the field schema every type shares, with its references resolved."""
    defs = document_schema()["$defs"]
    return defs["field"] | {"properties": defs["field"]["properties"] | {"id": defs["identifier"]}}


def load_definition(text: str, source: str, codelists: Codelists,
                    departments: Collection[str] | None = None) -> ServiceSpec:
    """Parse and check one definition; raise DefinitionError listing every problem found.

    `departments` are the keys the platform knows; None leaves the names unchecked (offline).
    """
    data, node = parse(text, source)
    if external.is_external(data):
        return external.load_external(data, node, text, source, document_schema(),
                                      lambda d, schema: schema_problems(d, node, schema, []))
    problems = schema_problems(data, node, document_schema(), [])
    expressions: dict[tuple[Any, ...], Expression] = {}
    if not problems:
        problems, codelists = with_own_codelists(data, node, codelists)
    if not problems:
        problems = step_problems(data, node) + field_problems(data, node, codelists)
        problems += expression_problems(data, node, expressions)
        problems += recipient_problems(data, node)
        problems += department_problems(data, node, departments)
    if problems:
        raise DefinitionError(source, problems)
    found = text_places(data)
    if problems := bilingual.placeholder_problems(found, node):
        raise DefinitionError(source, problems)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    spec = build_spec(data, node, codelists, sha256, expressions)
    # Rule tests are checked against the built spec: it knows the options code lists give.
    if problems := constant_fee_problems(spec, node) + ruletest_checks.problems(spec, data, node):
        raise DefinitionError(source, problems)
    # Code-list labels a field shows count as untranslated where they lack English; only the
    # definition's own texts tell whether it is half-translated (a shared list may be English).
    return replace(spec, tests=ruletest_checks.build(data, node),
                   untranslated=bilingual.untranslated(found | codelist_places(data, codelists),
                                                       node),
                   translated=sum(1 for t in found.values() if t.en is not None))


def text_places(data: dict[str, Any]) -> dict[tuple[Any, ...], Text]:
    """Return every text of a checked definition by its path, field-type options included."""
    schema = document_schema()
    found = bilingual.places(schema, data, schema["$defs"])
    for path, raw in walk_fields(data):
        found |= bilingual.places(field_types[raw["type"]].schema(), raw, {}, tuple(path))
    return found


def codelist_places(data: dict[str, Any], codelists: Codelists) -> dict[tuple[Any, ...], Text]:
    """Return the labels of the shared code lists fields draw on (`…options_from.3`: the 4th
    entry); the definition's own are among its texts already."""
    found: dict[tuple[Any, ...], Text] = {}
    for path, raw in walk_fields(data):
        listed = field_types[raw["type"]].codelist_option
        if raw.get(listed) in data.get("codelists", {}):
            continue
        for i, option in enumerate(codelists.get(raw.get(listed), ())):
            found[(*path, listed, i)] = Text.of(option.label)
    return found


def constant_fee_problems(spec: ServiceSpec, node: Any) -> list[Problem]:
    """Refuse a fee that reads no answer and still gives no amount (`1/0`, `-5`): it never would."""
    if spec.fee is None or not spec.fee.expression.constant:
        return []
    try:
        amount_cents(spec.fee, {})
    except FeeNotComputable as exc:
        return [Problem(_l("Die Gebühr lässt sich nie berechnen: %(reason)s", reason=exc.reason),
                        "fee.expression",
                        key_line(node, ["fee"], "expression"))]
    return []


def with_own_codelists(data: dict[str, Any], node: Any,
                       shared: Codelists) -> tuple[list[Problem], Codelists]:
    """Add the definition's own code lists to the shared ones; none may shadow a shared one."""
    own = data.get("codelists", {})
    problems = [Problem(_l("Codeliste „%(name)s“ gibt es schon für alle Leistungen; bitte anders "
                           "benennen", name=name), f"codelists.{name}",
                        key_line(node, ["codelists"], name))
                for name in own if name in shared]
    merged = {**shared, **{name: tuple(Option(str(e["value"]), Text.of(e["label"]))
                                       for e in entries)
                           for name, entries in own.items()}}
    return problems, merged


def schema_problems(data: Any, node: Any, schema: dict[str, Any], base: list[Any]) -> list[Problem]:
    """Validate `data` against `schema`; locate every error by line and key path."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = base + list(error.absolute_path)
        problems.append(describe_error(error, path, node))
    return problems


def step_problems(data: dict[str, Any], node: Any) -> list[Problem]:
    """Check that no two steps share an id (a draft remembers its steps by id)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for s, step in enumerate(data["steps"]):
        if step["id"] in seen:
            problems.append(Problem(_l("Schritt-ID „%(id)s“ kommt doppelt vor", id=step["id"]),
                                    f"steps.{s}.id", key_line(node, ["steps", s], "id")))
        seen.add(step["id"])
    return problems


def field_problems(data: dict[str, Any], node: Any, codelists: Codelists) -> list[Problem]:
    """Check each field against its type's schema, ids for uniqueness, code lists for existence."""
    problems: list[Problem] = []
    seen: set[str] = set()
    every = walk_fields(data)
    if len(every) > MAX_FIELDS:
        path = every[MAX_FIELDS][0]
        return [Problem(_l("mehr als %(count)d Felder (Felder in Gruppen mitgezählt)",
                           count=MAX_FIELDS),
                        ".".join(str(p) for p in path), line_of(node, path))]
    for path, raw in every:
        problems += one_field_problems(raw, path, node, codelists, seen)
    return problems


def one_field_problems(raw: dict[str, Any], path: list[Any], node: Any, codelists: Codelists,
                       seen: set[str]) -> list[Problem]:
    """Return the problems of one field declaration."""
    dotted = ".".join(str(p) for p in path)
    base = schema_problems(raw, node, field_base_schema(), path)
    if base:
        return base
    if raw["type"] not in field_types:
        known = ", ".join(field_types)
        return [Problem(_l("unbekannter Feldtyp „%(type)s“ (bekannt: %(known)s)",
                           type=raw["type"], known=known),
                        f"{dotted}.type", key_line(node, path, "type"))]
    problems = schema_problems(raw, node, field_types[raw["type"]].schema(), path)
    if raw["id"] in seen:
        problems.append(Problem(_l("Feld-ID „%(id)s“ kommt doppelt vor", id=raw["id"]),
                                f"{dotted}.id",
                                key_line(node, path, "id")))
    seen.add(raw["id"])
    listed = field_types[raw["type"]].codelist_option  # options_from, areas_from, ...
    if listed in raw and raw[listed] not in codelists:
        problems.append(Problem(_l("unbekannte Codeliste „%(name)s“", name=raw[listed]),
                                f"{dotted}.{listed}", key_line(node, path, listed)))
    if not problems:
        spec = build_field(raw, node, path, codelists)
        line = line_of(node, path)
        problems += [Problem(m, dotted, line) for m in field_types[raw["type"]].check(spec)]
    return problems


def walk_fields(data: dict[str, Any]) -> list[tuple[list[Any], Any]]:
    """Return (path, raw field) for every field, sub-fields of groups included."""
    found = []
    for s, step in enumerate(data["steps"]):
        stack = [(["steps", s, "fields", f], raw) for f, raw in enumerate(step["fields"])]
        while stack:
            path, raw = stack.pop(0)
            found.append((path, raw))
            children = raw.get("fields") if isinstance(raw, dict) else None
            if isinstance(children, list):
                stack[0:0] = [(path + ["fields", i], c) for i, c in enumerate(children)]
    return found


def build_spec(data: dict[str, Any], node: Any, codelists: Codelists, sha256: str,
               expressions: Expressions) -> ServiceSpec:
    """Turn checked data into the frozen ServiceSpec (every text a `Text`)."""
    data = bilingual.texts_of(document_schema(), data, document_schema()["$defs"])
    steps = tuple(
        StepSpec(
            id=step["id"], title=step["title"], intro=step.get("intro", ""),
            fields=tuple(build_field(raw, node, ["steps", s, "fields", f], codelists, expressions)
                         for f, raw in enumerate(step["fields"])),
            visible_if=expressions.get(("steps", s, "visible_if")),
        )
        for s, step in enumerate(data["steps"])
    )
    plain = {k: data[k] for k in ("slug", "version", "title", "summary", "category", "department",
                                  "processing_days", "retention_days", "reference_prefix")}
    fee = data.get("fee")
    return ServiceSpec(**plain, steps=steps, sha256=sha256,
                       description=data.get("description", ""),
                       purpose=data.get("zweck", ""), legal_basis=data.get("rechtsgrundlage", ""),
                       documents=tuple(data.get("documents", ())),
                       keywords=tuple(data.get("keywords", ())),
                       filed_through=data.get("filed_through", "catalogue"),
                       fee=FeeSpec(expressions[("fee", "expression")], fee["currency"],
                                   fee.get("label", FEE_LABEL), fee.get("description", ""))
                       if fee else None,
                       routing=tuple(RouteSpec(expressions[("routing", r, "when")], rule["to"])
                                     for r, rule in enumerate(data.get("routing", ()))),
                       recipients=tuple(RecipientSpec(r["department"], tuple(r["fields"]),
                                                      r.get("title", ""))
                                        for r in data.get("recipients", ())),
                       query_days=data.get("rueckfrage_tage", 14),
                       archive_offer=data.get("archiv_anbieten", False),
                       decision=decision_spec(data.get("bescheid", {}), expressions))


def decision_spec(raw: dict[str, Any], expressions: Expressions) -> DecisionSpec:
    """Return what the definition says about its Bescheid (defaults where it is silent)."""
    return DecisionSpec(remedy=raw.get("rechtsbehelf", "widerspruch"),
                        four_eyes_if=expressions.get(("bescheid", "vier_augen_wenn")),
                        templates=MappingProxyType(dict(raw.get("vorlagen", {}))))


def build_field(raw: dict[str, Any], node: Any, path: list[Any], codelists: Codelists,
                expressions: Expressions | None = None) -> FieldSpec:
    """Turn one checked field declaration into a FieldSpec (with its compiled conditions)."""
    raw = bilingual.texts_of(field_types[raw["type"]].schema(), raw, {})
    options = tuple(Option(str(o["value"]), o["label"]) for o in raw.get("options", ()))
    listed = field_types[raw["type"]].codelist_option
    if listed in raw:
        options = codelists[raw[listed]]
    expressions = expressions or {}
    children = tuple(build_field(c, node, path + ["fields", i], codelists, expressions)
                     for i, c in enumerate(raw.get("fields", ())))
    # A group without `repeat` is filled in exactly once; the app draws its buttons from it.
    repeat = Repeat(**raw.get("repeat", {})) if raw["type"] == "group" else None
    settings = MappingProxyType({k: v for k, v in raw.items() if k not in COMMON_KEYS})
    return FieldSpec(id=raw["id"], type=raw["type"], label=raw["label"], help=raw.get("help", ""),
                     required=raw.get("required", False), options=options, fields=children,
                     repeat=repeat, settings=settings, line=line_of(node, path),
                     visible_if=expressions.get((*path, "visible_if")),
                     required_if=expressions.get((*path, "required_if")))
