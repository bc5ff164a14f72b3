"""The JSON Schemas of the OParl 1.1 object types (written from the specification, kept in
oparl_schema/) and a validator for each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

FOLDER = Path(__file__).parent / "oparl_schema"
BASE = "https://schemas.test/oparl/"


def registry() -> Registry:
    """Return a registry holding every schema under its address."""
    resources = []
    for path in FOLDER.glob("*.json"):
        schema = json.loads(path.read_text("utf-8"))
        schema["$id"] = BASE + path.name
        resources.append((BASE + path.name, Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def problems(name: str, document: Any) -> list[str]:
    """Return what is wrong with the document as an OParl object of the type `name`."""
    validator = Draft202012Validator({"$ref": BASE + f"{name}.json"}, registry=registry())
    found = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]
    return found + [f"{path}: null" for path in nulls(document, "$")]


def nulls(value: Any, path: str) -> list[str]:
    """Return the paths of null values (OParl leaves out what has no value)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")] + \
            ([path] if value is None else [])
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
    return [path] if value is None else []
