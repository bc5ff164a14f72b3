"""Load a service definition: safe YAML, JSON Schema, field-type options, frozen spec."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import jsonschema

from .exceptions import DefinitionError, Problem
from .fields import field_types
from .spec import FieldSpec, Option, Repeat, ServiceSpec, StepSpec
from .yamlsource import key_line, line_of, parse

Codelists = Mapping[str, tuple[Option, ...]]
COMMON_KEYS = {"id", "type", "label", "help", "required", "options", "options_from", "fields",
               "repeat"}


@cache
def document_schema() -> dict[str, Any]:
    """Return the JSON Schema of a service definition that ships with the engine."""
    text = resources.files("forms").joinpath("schema/service.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def field_base_schema() -> dict[str, Any]:
    """Return the part of the field schema every type shares, with its references resolved."""
    defs = document_schema()["$defs"]
    return defs["field"] | {"properties": defs["field"]["properties"] | {"id": defs["identifier"]}}


def load_definition(text: str, source: str, codelists: Codelists) -> ServiceSpec:
    """Parse and check one definition; raise DefinitionError listing every problem found."""
    data, node = parse(text, source)
    problems = schema_problems(data, node, document_schema(), [])
    if not problems:
        problems = step_problems(data, node) + field_problems(data, node, codelists)
    if problems:
        raise DefinitionError(source, problems)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return build_spec(data, node, codelists, sha256)


def schema_problems(data: Any, node: Any, schema: dict[str, Any], base: list[Any]) -> list[Problem]:
    """Validate `data` against `schema`; locate every error by line and key path."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = base + list(error.absolute_path)
        problems.append(describe_error(error, path, node))
    return problems


def describe_error(error: jsonschema.ValidationError, path: list[Any], node: Any) -> Problem:
    """Turn a jsonschema error into a German problem with the offending key and its line."""
    dotted = ".".join(str(p) for p in path)
    if error.validator == "additionalProperties":
        # YAML keys need not be strings (`1:`, `no:`), so sort and name them as text.
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        key = str(extra[0]) if extra else ""
        name = f"{dotted}.{key}" if dotted else key
        return Problem(f"unbekannter Schlüssel „{key}“", name, key_line(node, path, key))
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return Problem(f"Pflichtschlüssel „{missing}“ fehlt", dotted, line_of(node, path))
    messages = {
        "type": f"erwartet {error.validator_value}, gefunden {type(error.instance).__name__}",
        "pattern": f"hat nicht das Format {error.validator_value}",
        "minimum": f"muss mindestens {error.validator_value} sein",
        "maximum": f"darf höchstens {error.validator_value} sein",
        "minLength": "darf nicht leer sein",
        "maxLength": f"ist länger als {error.validator_value} Zeichen",
        "minItems": f"braucht mindestens {error.validator_value} Einträge",
        "maxItems": f"hat mehr als {error.validator_value} Einträge",
        "oneOf": "braucht genau eines von „options“ oder „options_from“",
    }
    message = messages.get(str(error.validator), error.message)
    return Problem(message, dotted, line_of(node, path))


def step_problems(data: dict[str, Any], node: Any) -> list[Problem]:
    """Check that no two steps share an id (a draft remembers its steps by id)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for s, step in enumerate(data["steps"]):
        if step["id"] in seen:
            problems.append(Problem(f"Schritt-ID „{step['id']}“ kommt doppelt vor",
                                    f"steps.{s}.id", key_line(node, ["steps", s], "id")))
        seen.add(step["id"])
    return problems


def field_problems(data: dict[str, Any], node: Any, codelists: Codelists) -> list[Problem]:
    """Check each field against its type's schema, ids for uniqueness, code lists for existence."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for path, raw in walk_fields(data):
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
        return [Problem(f"unbekannter Feldtyp „{raw['type']}“ (bekannt: {known})",
                        f"{dotted}.type", key_line(node, path, "type"))]
    problems = schema_problems(raw, node, field_types[raw["type"]].schema(), path)
    if raw["id"] in seen:
        problems.append(Problem(f"Feld-ID „{raw['id']}“ kommt doppelt vor", f"{dotted}.id",
                                key_line(node, path, "id")))
    seen.add(raw["id"])
    if "options_from" in raw and raw["options_from"] not in codelists:
        problems.append(Problem(f"unbekannte Codeliste „{raw['options_from']}“",
                                f"{dotted}.options_from", key_line(node, path, "options_from")))
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


def build_spec(data: dict[str, Any], node: Any, codelists: Codelists, sha256: str) -> ServiceSpec:
    """Turn checked data into the frozen ServiceSpec."""
    steps = tuple(
        StepSpec(
            id=step["id"], title=step["title"], intro=step.get("intro", ""),
            fields=tuple(build_field(raw, node, ["steps", s, "fields", f], codelists)
                         for f, raw in enumerate(step["fields"])),
        )
        for s, step in enumerate(data["steps"])
    )
    plain = {k: data[k] for k in ("slug", "version", "title", "summary", "category", "department",
                                  "processing_days", "retention_days", "reference_prefix")}
    return ServiceSpec(**plain, steps=steps, sha256=sha256,
                       description=data.get("description", ""),
                       documents=tuple(data.get("documents", ())))


def build_field(raw: dict[str, Any], node: Any, path: list[Any], codelists: Codelists) -> FieldSpec:
    """Turn one checked field declaration into a FieldSpec."""
    options = tuple(Option(str(o["value"]), o["label"]) for o in raw.get("options", ()))
    if "options_from" in raw:
        options = codelists[raw["options_from"]]
    children = tuple(build_field(c, node, path + ["fields", i], codelists)
                     for i, c in enumerate(raw.get("fields", ())))
    # A group without `repeat` is filled in exactly once; the app draws its buttons from it.
    repeat = Repeat(**raw.get("repeat", {})) if raw["type"] == "group" else None
    settings = MappingProxyType({k: v for k, v in raw.items() if k not in COMMON_KEYS})
    return FieldSpec(id=raw["id"], type=raw["type"], label=raw["label"], help=raw.get("help", ""),
                     required=raw.get("required", False), options=options, fields=children,
                     repeat=repeat, settings=settings, line=line_of(node, path))
