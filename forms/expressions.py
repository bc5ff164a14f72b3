"""The expression language of definitions (visible_if, required_if, routing `when`, fees).

One small language, parsed once per definition and evaluated by closures; never Python `eval`.
This module checks names against the definition and builds the closures; the parser is in
`expression_parser.py`, the values and operations in `expression_values.py`.

Why our own parser (a tokenizer and ~150 lines of recursive descent) and not Python's `ast` with a
whitelist: Python's grammar is far larger than ours (chained comparisons, implicit string
concatenation, f-strings, `1_000`, `0x1F`, NFKC-folded identifiers ...) and `if` is a keyword
there, so `if(c, a, b)` would not even parse; a parser that accepts exactly the grammar below is
shorter than a whitelist that refuses the rest, cannot be widened by a new Python version, and
its errors name the position in German. No parser library is needed for a grammar this size.

    expression := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [("==" | "!=" | "<" | "<=" | ">" | ">=") sum]
                | sum ["not"] "in" (list | NAME)
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | primary
    primary    := NUMBER | STRING | "true" | "false" | "today" | NAME
                | ("len" | "count" | "if") "(" expression ("," expression)* ")"
                | "(" expression ")"
    list       := "[" [literal ("," literal)* [","]] "]"      literal: number, string, true, false

NUMBER is `12` or `30.70`; STRING is 'text' or "text" (no escapes: use the other quote). Values:
none (an unanswered field), true/false, numbers (exact decimals), text, dates and lists. A name is a
field id; inside a group entry (and in count's condition) the entry's fields come first. Semantics,
chosen so that no answer can make an evaluation fail:
- a comparison with an unanswered field (none) is false, `!=` and `not in` included;
- `==` between different kinds (text and number, true and 1) is false, `!=` true; `<`... false;
- text of the form YYYY-MM-DD counts as a date wherever a date meets it (`today`, date arithmetic,
  another such text), so `haltung_seit >= '2026-01-01'` and `geburtsdatum < today` both work;
- arithmetic counts none as 0 and true/false as 1/0; date ± number adds days, date − date gives
  days; any other operand (text, a list), a division by zero or an overflow gives invalid, which
  spreads through further arithmetic (`5 + 1/0` is invalid: a fee never comes to a made-up
  amount) and counts as none everywhere else;
- `and`, `or`, `not` give true/false; none, false, 0, empty text and empty lists are false;
- len(x): entries of a group, choices of a multiselect, characters of a text (0 when unanswered);
  count(g, c): entries of group g for which c holds; if(c, a, b): a when c holds, else b.
Bounds: at most MAX_LENGTH characters and MAX_DEPTH levels of nesting, no count inside count.
Unknown names and functions are errors when the definition is loaded (`compile_expression`).
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .exceptions import ExpressionError
from .expression_parser import FUNCTIONS, KEYWORDS, MAX_DEPTH, Node, parse
from .expression_values import (
    ARITHMETIC,
    COMPARISONS,
    Context,
    Run,
    count,
    length,
    member,
    negate,
    truth,
    value_of,
)
from .texts import _l

__all__ = ["FUNCTIONS", "KEYWORDS", "MAX_DEPTH", "MAX_LENGTH", "Expression", "ExpressionError",
           "Scope", "compile_expression"]

MAX_LENGTH = 500
"""Characters an expression may have."""


@dataclass(frozen=True)
class Scope:
    """The names an expression may use where it stands in the definition."""

    fields: frozenset[str]
    """Ids of the top-level fields (not inside a group) of every step."""
    groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Group id → ids of the fields of one of its entries."""
    entry: frozenset[str] = frozenset()
    """Inside a group entry: the ids of the entry's own fields (they come first)."""
    in_count: bool = False


class Expression:
    """A checked expression, ready to evaluate any number of times."""

    __slots__ = ("source", "names", "constant", "_run")

    def __init__(self, source: str, names: frozenset[str], run: Run,
                 constant: bool = False) -> None:
        self.source, self.names, self._run = source, names, run
        self.constant = constant
        """Whether it reads neither an answer nor `today`: its value is known when loaded."""

    def evaluate(self, answers: Mapping[str, Any], entry: Mapping[str, Any] | None = None,
                 today: dt.date | None = None) -> Any:
        """Return the value for these answers (an entry's fields shadow the answers)."""
        names = ChainMap(entry, answers) if entry is not None else answers
        return self._run(Context(names, today or dt.date.today()))

    def holds(self, answers: Mapping[str, Any], entry: Mapping[str, Any] | None = None,
              today: dt.date | None = None) -> bool:
        """Return whether the expression is true for these answers."""
        return truth(self.evaluate(answers, entry, today))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def compile_expression(source: str, scope: Scope) -> Expression:
    """Parse and check `source` against the names of `scope`; raise ExpressionError."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError(_l("Der Ausdruck ist leer."))
    if len(source) > MAX_LENGTH:
        raise ExpressionError(_l(
            "Der Ausdruck ist länger als %(count)d Zeichen.", count=MAX_LENGTH))
    tree = parse(source)
    names: set[str] = set()
    builder = _Builder(names)
    run = builder.build(tree, scope, 0)
    return Expression(source, frozenset(names), run,
                      constant=not names and not builder.reads_today)


# --- checking against the scope and building closures ----------------------------------------


class _Builder:
    """Check names and functions against a scope while turning the tree into closures."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.reads_today = False

    def build(self, node: Node, scope: Scope, depth: int) -> Run:
        if depth > MAX_DEPTH:
            raise ExpressionError(_l("mehr als %(count)d Ebenen verschachtelt",
                                     count=MAX_DEPTH), node.position)
        return getattr(self, f"build_{node.kind}")(node, scope, depth + 1)

    def build_literal(self, node: Node, scope: Scope, depth: int) -> Run:
        value = node.value
        return lambda ctx: value

    def build_today(self, node: Node, scope: Scope, depth: int) -> Run:
        self.reads_today = True
        return lambda ctx: ctx.today

    def build_name(self, node: Node, scope: Scope, depth: int) -> Run:
        name = self.resolve(node, scope)
        if name in scope.groups and name not in scope.entry:
            raise ExpressionError(_l("„%(name)s“ ist eine Gruppe: zählen Sie ihre Einträge mit "
                                     "len(%(name)s) oder count(%(name)s, …)", name=name),
                                  node.position)
        return lambda ctx: value_of(ctx.names.get(name))

    def resolve(self, node: Node, scope: Scope) -> str:
        name = node.value
        if name in scope.entry or name in scope.fields:
            self.names.add(name)
            return name
        owner = next((g for g, ids in scope.groups.items() if name in ids), None)
        if owner is not None:
            raise ExpressionError(_l("„%(name)s“ ist ein Feld der Gruppe „%(group)s“; außerhalb "
                                     "eines Eintrags zählen Sie mit count(%(group)s, %(name)s)",
                                     name=name, group=owner), node.position)
        raise ExpressionError(_l("unbekannter Name „%(name)s“", name=name), node.position)

    def build_neg(self, node: Node, scope: Scope, depth: int) -> Run:
        operand = self.build(node.children[0], scope, depth)
        return lambda ctx: negate(operand(ctx))

    def build_not(self, node: Node, scope: Scope, depth: int) -> Run:
        operand = self.build(node.children[0], scope, depth)
        return lambda ctx: not truth(operand(ctx))

    def build_and(self, node: Node, scope: Scope, depth: int) -> Run:
        left, right = (self.build(c, scope, depth) for c in node.children)
        return lambda ctx: truth(left(ctx)) and truth(right(ctx))

    def build_or(self, node: Node, scope: Scope, depth: int) -> Run:
        left, right = (self.build(c, scope, depth) for c in node.children)
        return lambda ctx: truth(left(ctx)) or truth(right(ctx))

    def build_arith(self, node: Node, scope: Scope, depth: int) -> Run:
        left, right = (self.build(c, scope, depth) for c in node.children)
        operation = ARITHMETIC[node.value]
        return lambda ctx: operation(left(ctx), right(ctx))

    def build_compare(self, node: Node, scope: Scope, depth: int) -> Run:
        left, right = (self.build(c, scope, depth) for c in node.children)
        operation = COMPARISONS[node.value]
        return lambda ctx: operation(left(ctx), right(ctx))

    def build_in(self, node: Node, scope: Scope, depth: int) -> Run:
        left, right = (self.build(c, scope, depth) for c in node.children)
        negated = node.value
        return lambda ctx: member(left(ctx), right(ctx), negated)

    def build_list(self, node: Node, scope: Scope, depth: int) -> Run:
        items = [child.value for child in node.children]
        return lambda ctx: items

    def build_call(self, node: Node, scope: Scope, depth: int) -> Run:
        name, args = node.value, node.children
        if name not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise ExpressionError(_l("unbekannte Funktion „%(name)s“ (erlaubt: %(allowed)s)",
                                     name=name, allowed=allowed), node.position)
        if len(args) != FUNCTIONS[name]:
            raise ExpressionError(_l("%(name)s() braucht %(needed)d Angabe(n), nicht %(given)d",
                                     name=name, needed=FUNCTIONS[name], given=len(args)),
                                  node.position)
        return getattr(self, f"call_{name}")(node, scope, depth)

    def call_len(self, node: Node, scope: Scope, depth: int) -> Run:
        name = self.field_argument(node, scope)
        return lambda ctx: length(ctx.names.get(name))

    def call_count(self, node: Node, scope: Scope, depth: int) -> Run:
        group = self.field_argument(node, scope)
        if group not in scope.groups:
            raise ExpressionError(_l("count() zählt Einträge einer Gruppe; „%(name)s“ ist keine",
                                     name=group), node.children[0].position)
        if scope.in_count:
            raise ExpressionError(_l("count() innerhalb von count() ist nicht erlaubt"),
                                  node.position)
        inner = replace(scope, entry=scope.entry | scope.groups[group], in_count=True)
        condition = self.build(node.children[1], inner, depth)
        return lambda ctx: count(ctx, ctx.names.get(group), condition)

    def call_if(self, node: Node, scope: Scope, depth: int) -> Run:
        condition, then, otherwise = (self.build(c, scope, depth) for c in node.children)
        return lambda ctx: then(ctx) if truth(condition(ctx)) else otherwise(ctx)

    def field_argument(self, node: Node, scope: Scope) -> str:
        first = node.children[0]
        if first.kind != "name":
            raise ExpressionError(_l("%(name)s() erwartet als erste Angabe eine Feld-ID",
                                     name=node.value), first.position)
        return self.resolve(first, scope)
