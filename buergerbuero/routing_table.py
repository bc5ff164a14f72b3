"""Load the routing table (services/routing.yaml) into the gateway's pure routing types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from forms.exceptions import DefinitionError
from forms.loader import schema_problems
from forms.yamlsource import parse
from mailgateway.routing import AREA_FIELDS, RoutingRule, RoutingTable

VALUES = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
ROUTING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["fallback"],
    "properties": {
        "fallback": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
        "rules": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["service", "to"],
            "properties": {
                "service": {"type": "string", "minLength": 1},
                "to": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
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
