"""The texts of a definition in German and English: found by the schema, turned into `Text`.

Every schema node annotated `x-text` (forms.texts.text_schema) is a text. One walk over a
schema and its data finds them all, so the loader converts them, refuses a placeholder kept in
one language only, and lists the places without English (a half-translated definition loads,
with a warning for the administrator).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .exceptions import Problem
from .texts import TEXT_LANGUAGES, Text, _l, text_schema
from .yamlsource import line_of

Place = tuple[Any, ...]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
"""`%(name)s` or `{name}`: no definition text is filled in by the engine today, but one written
in one language must be written in the other too, so none is lost in translation."""


def expand(schema: Any) -> Any:
    """Return the schema with each `{"x-text": {...}}` shorthand replaced by the text schema."""
    if isinstance(schema, dict):
        if isinstance(schema.get("x-text"), dict):
            bounds = schema["x-text"]
            return text_schema(bounds.get("maxLength"), empty=bounds.get("minLength") == 0)
        return {key: expand(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [expand(value) for value in schema]
    return schema


def map_texts(schema: Mapping[str, Any], data: Any, defs: Mapping[str, Any],
              visit: Callable[[Place, Any], Any], path: Place = ()) -> Any:
    """Return `data` with `visit(path, value)` in place of every text the schema declares."""
    while "$ref" in schema:  # only local references: #/$defs/<name>
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("x-text"):
        return visit(path, data)
    if isinstance(data, list) and isinstance(schema.get("items"), dict):
        return [map_texts(schema["items"], item, defs, visit, (*path, i))
                for i, item in enumerate(data)]
    if not isinstance(data, dict):
        return data
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    return {key: map_texts(properties[key] if key in properties else extra, value, defs, visit,
                           (*path, key))
            if key in properties or isinstance(extra, dict) else value
            for key, value in data.items()}


def texts_of(schema: Mapping[str, Any], data: Any, defs: Mapping[str, Any]) -> Any:
    """Return `data` with every text as a `Text`."""
    return map_texts(schema, data, defs, lambda _path, value: Text.of(value))


def places(schema: Mapping[str, Any], data: Any, defs: Mapping[str, Any],
           base: Place = ()) -> dict[Place, Text]:
    """Return every text of `data` by its path (inside the document, from `base`)."""
    found: dict[Place, Text] = {}

    def note(path: Place, value: Any) -> Any:
        found[(*base, *path)] = Text.of(value)
        return value

    map_texts(schema, data, defs, note)
    return found


def placeholder_problems(found: Mapping[Place, Text], node: Any) -> list[Problem]:
    """Refuse a text whose English keeps other placeholders than its German."""
    problems = []
    for path, text in found.items():
        if text.en is None:
            continue
        german, english = (sorted(PLACEHOLDER.findall(t)) for t in (text.de, text.en))
        if german != english:
            problems.append(Problem(
                _l("Die Platzhalter im deutschen und im englischen Text stimmen nicht überein "
                   "(deutsch: %(de)s; englisch: %(en)s)",
                   de=", ".join(german) or "–", en=", ".join(english) or "–"),
                dotted(path), line_of(node, list(path))))
    return problems


def untranslated(found: Mapping[Place, Text], node: Any) -> tuple[Problem, ...]:
    """Return, located, every text without English (all of them in a German-only definition)."""
    return tuple(Problem(_l("Englische Übersetzung fehlt"), dotted(path),
                         line_of(node, list(path)))
                 for path, text in sorted(found.items(), key=lambda item: _order(item[0]))
                 if text.en is None and text.de)


def half_translated(found: Mapping[Place, Text]) -> bool:
    """Say whether some texts have English and others not (English is optional, but whole)."""
    english = {text.en is not None for text in found.values() if text.de}
    return english == {True, False}


def dotted(path: Place) -> str:
    """Return a path as the problems name it: steps.0.fields.2.label."""
    return ".".join(str(step) for step in path)


def _order(path: Place) -> tuple[tuple[int, Any], ...]:
    return tuple((0, step) if isinstance(step, int) else (1, str(step)) for step in path)


__all__ = ["TEXT_LANGUAGES", "expand", "half_translated", "map_texts", "placeholder_problems",
           "places", "texts_of", "untranslated"]
