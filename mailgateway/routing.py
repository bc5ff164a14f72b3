"""Routing as data plus one pure function: service × area × rule → department key.

The table (services/routing.yaml) lists rules in order; the first that matches wins. A rule names
a service slug (or "*") and, optionally, areas: postcodes, districts, parking zones. Areas are
read from the answers by conventional field ids (AREA_FIELDS). Without a matching rule the
definition's own department applies; if that is unknown, the central mailroom (fallback).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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
