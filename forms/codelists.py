"""Code lists (`options_from`): shared choice lists kept as YAML beside the definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .exceptions import DefinitionError, Problem
from .loader import schema_problems
from .spec import Option
from .texts import Text, _l, text_schema
from .yamlsource import parse

# A house-number range of a street in a zone (parking zones by street and number).
RANGE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to", "zone"],
    "properties": {
        "from": {"type": "integer", "minimum": 1, "maximum": 99999},
        "to": {"type": "integer", "minimum": 1, "maximum": 99999},
        "zone": {"type": "string", "minLength": 1, "maxLength": 20},
        "parity": {"enum": ["odd", "even", "all"]},
    },
}
CODELIST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "entries"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_-]+$",
               "x-message": _l("Kleinbuchstaben, Ziffern, - und _, z. B. hunderassen")},
        "title": text_schema(200),
        "entries": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["value", "label"],
                "additionalProperties": False,
                "properties": {"value": {"type": "string", "minLength": 1},
                               "label": text_schema(300),
                               "ranges": {"type": "array", "items": RANGE}},
            },
        },
    },
}


def load_codelist(text: str, source: str) -> tuple[str, tuple[Option, ...]]:
    """Parse one code list; return its id and its options."""
    data, node = parse(text, source)
    problems = schema_problems(data, node, CODELIST_SCHEMA, [])
    if problems:
        raise DefinitionError(source, problems)
    seen: set[str] = set()
    twice = [v for v in (str(e["value"]) for e in data["entries"]) if v in seen or seen.add(v)]
    if twice:  # two entries of one value cannot be told apart in an answer
        raise DefinitionError(source, [
            Problem(_l("Der Wert „%(value)s“ kommt in der Codeliste mehrfach vor", value=v),
                    "entries")
            for v in dict.fromkeys(twice)])
    return data["id"], tuple(
        Option(e["value"], Text.of(e["label"]),
               {k: v for k, v in e.items() if k not in ("value", "label")})
        for e in data["entries"])


def load_codelists(directory: Path) -> dict[str, tuple[Option, ...]]:
    """Load every `*.yaml` code list of a folder; the file name must match the id."""
    lists: dict[str, tuple[Option, ...]] = {}
    for path in sorted(directory.glob("*.yaml")):
        ident, options = load_codelist(path.read_text("utf-8"), str(path))
        if ident != path.stem:
            raise DefinitionError(str(path), [
                Problem(_l("id „%(id)s“ passt nicht zum Dateinamen", id=ident))])
        lists[ident] = options
    return lists
