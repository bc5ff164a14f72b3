"""External services: a definition that is a link to another portal (`external:`), not a form.

Such a definition has a title, summary, category and keywords for the catalogue and where it
leads; every key of a form (steps, department, fee, ...) is refused with its line, since nothing
is ever filed here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from . import bilingual
from .exceptions import DefinitionError, Problem
from .spec import ExternalSpec, ServiceSpec
from .texts import _l
from .yamlsource import key_line

KEYS = ("slug", "version", "title", "summary", "description", "category", "keywords", "external")
"""The keys an external service may have."""
REQUIRED = ["slug", "version", "title", "summary", "category", "external"]


def is_external(data: Any) -> bool:
    """Say whether a parsed definition describes an external service."""
    return isinstance(data, dict) and "external" in data


def external_schema(document: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of an external service: the document schema cut to its keys."""
    return {**document, "required": REQUIRED,
            "properties": {k: v for k, v in document["properties"].items() if k in KEYS}}


def form_key_problems(data: dict[str, Any], node: Any, known: set[str]) -> list[Problem]:
    """Refuse, with its line, each key of a form in an external service (steps, department...)."""
    return [Problem(_l("„%(key)s“ gibt es bei einer externen Leistung nicht: sie führt zu einem "
                       "anderen Portal und wird hier nie ausgefüllt", key=key),
                    str(key), key_line(node, [], key))
            for key in data if key in known and key not in KEYS]


def build_external(data: dict[str, Any], text: str, document: dict[str, Any]) -> ServiceSpec:
    """Turn a checked external definition into a ServiceSpec without steps or department."""
    texts = bilingual.texts_of(document, data, document["$defs"])
    link = texts["external"]
    return ServiceSpec(
        slug=texts["slug"], version=texts["version"], title=texts["title"],
        summary=texts["summary"], category=texts["category"], department="",
        processing_days=0, retention_days=0, reference_prefix="", steps=(),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        description=texts.get("description", ""), keywords=tuple(texts.get("keywords", ())),
        external=ExternalSpec(url=link["url"], provider=link["provider"]))


def load_external(data: dict[str, Any], node: Any, text: str, source: str,
                  document: dict[str, Any], check: Any) -> ServiceSpec:
    """Check and build an external service; `check(data, schema)` returns schema problems."""
    problems = form_key_problems(data, node, set(document["properties"]))
    schema = external_schema(document)
    problems += [p for p in check(data, schema) if not any(p.path == q.path for q in problems)]
    if problems:
        raise DefinitionError(source, problems)
    return build_external(data, text, document)
