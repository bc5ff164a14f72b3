"""Routing, in one place: which department gets a case filed with these answers.

The table (services/routing.yaml) lists rules in order; the first that matches wins. A rule names
a service slug (or "*") and, optionally, areas: postcodes, districts, parking zones. Areas are
read from the answers by conventional field ids (AREA_FIELDS). Without a matching rule the
definition's own `routing` rules apply (`forms.department_for`); if that department is unknown,
the central mailroom (fallback). Data plus the pure function `route`; `routed_department` asks it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from common.i18n import _l
from forms.exceptions import DefinitionError
from forms.loader import schema_problems
from forms.yamlsource import parse

from ..models import Department

AREA_FIELDS = {"postcode": "plz", "district": "bezirk", "parking_zone": "parkzone"}


@dataclass(frozen=True)
class RoutingRule:
    """Send a service's applications from some areas to a department."""

    service: str
    to: str
    areas: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Area kind (postcode, district, parking_zone) → accepted values; all kinds must match."""

    def matches(self, service: str, area: Mapping[str, str | None]) -> bool:
        """Tell whether this rule covers the service and the applicant's area."""
        if self.service not in ("*", service):
            return False
        return all(area.get(kind) in values for kind, values in self.areas.items())


@dataclass(frozen=True)
class RoutingTable:
    """The ordered rules and the central mailroom everything unknown goes to."""

    rules: tuple[RoutingRule, ...] = ()
    fallback: str = "poststelle"


def area_of(answers: Mapping[str, Any]) -> dict[str, str | None]:
    """Return the applicant's area as far as the answers tell it.

    A value is read from the top-level field of that id, or else from a field whose answer is an
    object carrying that key (a parking address stores its zone as `parkzone`).
    """
    return {kind: _area_value(answers, key) for kind, key in AREA_FIELDS.items()}


def _area_value(answers: Mapping[str, Any], key: str) -> str | None:
    candidates = [answers.get(key)]
    candidates += [v.get(key) for v in answers.values() if isinstance(v, Mapping)]
    found = next((c for c in candidates if c not in (None, "")), None)
    return None if found is None else str(found).strip()


def route(table: RoutingTable, service: str, default: str, answers: Mapping[str, Any],
          known: Sequence[str]) -> str:
    """Return the department key for an application; never one that does not exist."""
    area = area_of(answers)
    target = next((r.to for r in table.rules if r.matches(service, area)), default)
    return target if target in known else table.fallback


DEPARTMENT_KEY = {"type": "string", "pattern": "^[a-z0-9_-]+$",
                  "x-message": _l("die Kennung eines Amts: Kleinbuchstaben, Ziffern, - und _")}
VALUES = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
ROUTING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["fallback"],
    "properties": {
        "fallback": DEPARTMENT_KEY,
        "rules": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["service", "to"],
            "properties": {
                "service": {"type": "string", "minLength": 1},
                "to": DEPARTMENT_KEY,
                **{kind: VALUES for kind in AREA_FIELDS},
            },
        }},
    },
}


def read_routing(path: Path) -> RoutingTable:
    """Parse and check a routing file; raise DefinitionError naming line and key."""
    data, node = parse(path.read_text("utf-8"), str(path))
    problems = schema_problems(data, node, ROUTING_SCHEMA, [])
    if problems:
        raise DefinitionError(str(path), problems)
    rules = tuple(
        RoutingRule(service=r["service"], to=r["to"],
                    areas={k: tuple(r[k]) for k in AREA_FIELDS if k in r})
        for r in data.get("rules", ()))
    return RoutingTable(rules=rules, fallback=data["fallback"])


def routing_table() -> RoutingTable:
    """Return the app's routing table, read once per process (empty table if there is no file)."""
    cache = current_app.extensions.setdefault("buergerbuero.routing", {})
    if "table" not in cache:
        path = Path(current_app.config["SERVICES_DIR"]) / "routing.yaml"
        cache["table"] = read_routing(path) if path.exists() else RoutingTable()
    return cache["table"]


def routed_department(session: Session, spec: forms.ServiceSpec,
                      answers: dict[str, Any]) -> Department:
    """Return the department for these answers: the routing table's, else the definition's.

    The definition's own `routing` rules (first `when` that holds, else `department`) give the
    default the routing table falls back to.
    """
    known = session.scalars(select(Department.key)).all()
    default = forms.department_for(spec, answers)
    key = route(routing_table(), spec.slug, default, answers, known)
    return session.scalar(select(Department).where(Department.key == key))
