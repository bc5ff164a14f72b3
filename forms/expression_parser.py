"""The syntax of the expression language: tokens and a recursive-descent parser to a tree.

The grammar is in forms/expressions.py; this module knows nothing of names or values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .exceptions import ExpressionError
from .texts import _l

MAX_DEPTH = 30
"""Levels of nesting (parentheses, not, minus, calls; operators in a row) an expression may have."""
FUNCTIONS = {"len": 1, "count": 2, "if": 3}
"""The only functions, with the number of arguments each takes."""
KEYWORDS = {"and", "or", "not", "in", "true", "false", "today"}
_COMPARISONS = {"==", "!=", "<", "<=", ">", ">="}
_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[<>+\-*/(),\[\]])
""", re.VERBOSE)


def parse(source: str) -> Node:
    """Return the syntax tree of `source`; raise ExpressionError at the first mistake."""
    return _Parser(tokenize(source)).parse()


@dataclass(frozen=True)
class Token:
    """One token: kind (number, string, name, op, end), its text, where it starts."""

    kind: str
    text: str
    position: int


def tokenize(source: str) -> list[Token]:
    """Split `source` into tokens; raise ExpressionError at the first character we do not know."""
    tokens, position = [], 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            raise ExpressionError(_stray(source[position]), position)
        if match.lastgroup != "space":
            tokens.append(Token(str(match.lastgroup), match.group(), position))
        position = match.end()
    return [*tokens, Token("end", "", len(source))]


def _stray(char: str) -> str:
    if char in "'\"":
        return _l("Text ohne schließendes Anführungszeichen")
    if char == "=":
        return _l("einzelnes „=“: zum Vergleichen schreiben Sie „==“")
    if char == ".":
        return _l("„.“ gibt es nur in Zahlen wie 30.70")
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return _l("unerwartetes Zeichen „%(char)s“", char=shown)


@dataclass(frozen=True)
class Node:
    """One node of the syntax tree."""

    kind: str
    """literal, name, today, neg, not, and, or, arith, compare, in, list, call."""
    position: int
    value: Any = None
    """The literal's value, the name, the operator, the function name, `negated` for in."""
    children: tuple[Node, ...] = ()


class _Parser:
    """Recursive descent over the grammar in the module docstring."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens, self.index, self.depth = tokens, 0, 0

    def parse(self) -> Node:
        tree = self.expression()
        if self.peek().kind != "end":
            raise self.unexpected()
        return tree

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, text: str) -> Token | None:
        token = self.peek()
        matches = token.text == text and token.kind in ("op", "name")
        return self.take() if matches else None

    def expect(self, text: str) -> Token:
        token = self.accept(text)
        if token is None:
            raise self.unexpected(_l("erwartet „%(text)s“", text=text))
        return token

    def unexpected(self, hint: str = "") -> ExpressionError:
        token = self.peek()
        what = _l("Ende des Ausdrucks") if token.kind == "end" else _l("„%(text)s“",
                                                                        text=token.text)
        if token.text == "*" and self.tokens[self.index - 1].text == "*":
            hint = _l("Potenzen (**) gibt es nicht")
        message = _l("unerwartet: %(what)s (%(hint)s)", what=what, hint=hint) if hint \
            else _l("unerwartet: %(what)s", what=what)
        return ExpressionError(message, token.position)

    def nested(self, parse: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(_l("mehr als %(count)d Ebenen verschachtelt",
                                     count=MAX_DEPTH), self.peek().position)
        try:
            return parse()
        finally:
            self.depth -= 1

    def expression(self) -> Node:
        return self.nested(self.disjunction)

    def disjunction(self) -> Node:
        return self.chain(self.conjunction, {"or"}, "or")

    def conjunction(self) -> Node:
        return self.chain(self.negation, {"and"}, "and")

    def chain(self, operand: Callable[[], Node], operators: set[str], kind: str) -> Node:
        left = operand()
        while self.peek().text in operators and self.peek().kind in ("op", "name"):
            token = self.take()
            left = Node(kind, token.position, token.text, (left, operand()))
        return left

    def negation(self) -> Node:
        token = self.accept("not")
        if token is None:
            return self.comparison()
        return Node("not", token.position, None, (self.nested(self.negation),))

    def comparison(self) -> Node:
        left = self.sum()
        token = self.peek()
        if token.kind == "op" and token.text in _COMPARISONS:
            self.take()
            node = Node("compare", token.position, token.text, (left, self.sum()))
            if self.peek().text in _COMPARISONS:
                raise ExpressionError(_l("Vergleiche lassen sich nicht verketten; verbinden Sie "
                                      "sie mit „and“"), self.peek().position)
            return node
        negated = self.peek().kind == "name" and self.peek().text == "not"
        if negated and self.tokens[self.index + 1].text != "in":
            raise self.unexpected()
        if negated:
            self.take()
        if self.accept("in"):
            return Node("in", token.position, negated, (left, self.container()))
        return left

    def container(self) -> Node:
        token = self.peek()
        if token.kind == "name" and token.text not in KEYWORDS | set(FUNCTIONS):
            return Node("name", self.take().position, token.text)
        self.expect("[")
        items = []
        while not self.accept("]"):
            items.append(self.list_item())
            if not self.accept(","):
                self.expect("]")
                break
        return Node("list", token.position, None, tuple(items))

    def list_item(self) -> Node:
        token, sign = self.peek(), self.accept("-")
        item = self.primary()
        if item.kind != "literal" or (sign and not isinstance(item.value, Decimal)):
            raise ExpressionError(_l("in einer Liste stehen nur Zahlen, Texte, true und false"),
                                  token.position)
        return Node("literal", token.position, -item.value) if sign else item

    def sum(self) -> Node:
        return self.chain(self.product, {"+", "-"}, "arith")

    def product(self) -> Node:
        return self.chain(self.unary, {"*", "/"}, "arith")

    def unary(self) -> Node:
        token = self.accept("-")
        if token is None:
            return self.primary()
        return Node("neg", token.position, None, (self.nested(self.unary),))

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Node("literal", token.position, Decimal(token.text))
        if token.kind == "string":
            return Node("literal", token.position, token.text[1:-1])
        if token.kind == "name" and token.text in ("true", "false"):
            return Node("literal", token.position, token.text == "true")
        if token.kind == "name" and token.text == "today":
            return Node("today", token.position)
        if token.kind == "name" and self.peek().text == "(":
            return self.call(token)
        if token.kind == "name" and token.text not in KEYWORDS:
            return Node("name", token.position, token.text)
        if token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        self.index -= 1
        raise self.unexpected()

    def call(self, name: Token) -> Node:
        self.expect("(")
        args = [self.expression()]
        while self.accept(","):
            args.append(self.expression())
        self.expect(")")
        return Node("call", name.position, name.text, tuple(args))
