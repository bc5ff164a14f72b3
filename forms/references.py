"""Names a definition uses that must resolve: fields in expressions and recipients, departments."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from .exceptions import Problem
from .expressions import Expression, ExpressionError, Scope, compile_expression
from .spec import DECISION_NAMES
from .texts import _l
from .yamlsource import key_line, line_of


def scope_of(data: dict[str, Any]) -> Scope:
    """Return the names expressions may use: top-level field ids, and each group's entry ids."""
    fields, groups = set(), {}
    for step in data["steps"]:
        for raw in step["fields"]:
            fields.add(raw["id"])
            if raw["type"] == "group":
                children = raw.get("fields") if isinstance(raw.get("fields"), list) else []
                groups[raw["id"]] = frozenset(c.get("id") for c in children if isinstance(c, dict))
    return Scope(frozenset(fields), groups)


def expression_sites(data: dict[str, Any]) -> list[tuple[list[Any], str, Scope]]:
    """Return (path of the mapping, key, scope) of every expression in the definition."""
    scope = scope_of(data)
    sites = [(["fee"], "expression", scope)] if "fee" in data else []
    sites += [(["routing", r], "when", scope) for r in range(len(data.get("routing", ())))]
    if isinstance(data.get("bescheid"), dict) and "vier_augen_wenn" in data["bescheid"]:
        decided = replace(scope, fields=scope.fields | frozenset(DECISION_NAMES))
        sites += [(["bescheid"], "vier_augen_wenn", decided)]
    for s, step in enumerate(data["steps"]):
        sites += [(["steps", s], "visible_if", scope)] if "visible_if" in step else []
        for f, raw in enumerate(step["fields"]):
            path = ["steps", s, "fields", f]
            sites += field_sites(raw, path, scope)
            if raw["type"] == "group" and isinstance(raw.get("fields"), list):
                inside = replace(scope, entry=scope.groups[raw["id"]])
                for c, child in enumerate(raw["fields"]):
                    sites += field_sites(child, [*path, "fields", c], inside)
    return sites


def field_sites(raw: Any, path: list[Any], scope: Scope) -> list[tuple[list[Any], str, Scope]]:
    """Return the expression sites of one field declaration."""
    keys = ("visible_if", "required_if")
    return [(path, key, scope) for key in keys if isinstance(raw, dict) and key in raw]


def expression_problems(data: dict[str, Any], node: Any,
                        compiled: dict[tuple[Any, ...], Expression]) -> list[Problem]:
    """Compile every expression into `compiled`; return the problems, located by line and key."""
    problems = []
    for path, key, scope in expression_sites(data):
        owner = data
        for step in path:
            owner = owner[step]
        dotted = ".".join(str(p) for p in [*path, key])
        if not isinstance(owner[key], str):
            continue  # the schema names the wrong type
        try:
            compiled[(*path, key)] = compile_expression(owner[key], scope)
        except ExpressionError as exc:
            problems.append(Problem(exc.described, dotted, key_line(node, path, key)))
        if key == "required_if" and (owner.get("required") or owner.get("type") == "group"):
            problems.append(Problem(_l(
                "required_if passt nicht zu required: true oder einer Gruppe"),
                                    dotted, key_line(node, path, key)))
    return problems


def recipient_problems(data: dict[str, Any], node: Any) -> list[Problem]:
    """Every field a recipient is to receive must be a top-level field of the definition."""
    top = {f["id"] for step in data["steps"] for f in step["fields"]}
    return [Problem(_l("unbekanntes Feld „%(name)s“ (nur Felder der Schritte, keine Unterfelder)",
                       name=name),
                    f"recipients.{r}.fields.{i}", line_of(node, ["recipients", r, "fields", i]))
            for r, recipient in enumerate(data.get("recipients", ()))
            for i, name in enumerate(recipient["fields"]) if name not in top]


def department_problems(data: dict[str, Any], node: Any,
                        known: Collection[str] | None) -> list[Problem]:
    """Name, with its line, every department of the definition the platform does not know."""
    if known is None:
        return []
    named = [([], "department", data["department"])]
    named += [(["routing", n], "to", rule["to"]) for n, rule in enumerate(data.get("routing", ()))]
    named += [(["recipients", n], "department", recipient["department"])
              for n, recipient in enumerate(data.get("recipients", ()))]
    return [Problem(_l("unbekanntes Amt „%(key)s“", key=key),
                    ".".join(str(p) for p in [*path, name]), key_line(node, path, name))
            for path, name, key in named if key not in known]
