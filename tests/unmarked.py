"""Find user-facing text that does not go through the translation layer.

Templates: text between tags, user-facing attributes (aria-label, title, alt, placeholder) and
string literals in expressions that read as words, outside `_()`/`gettext()`/`ngettext()` and
`{% trans %}`. Python: string constants that read as German (the code is English, so German is
what a person reads) outside the gettext functions, docstrings and log calls. A line that must
stay as it is (a legal term, a German-only record) says why in a `# untranslated: …` comment.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from jinja2 import Environment

GETTEXT = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "pgettext"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
GERMAN_WORDS = (
    "der die das den dem des und oder nicht kein keine keinen keiner ist sind wird werden wurde "
    "wurden Sie Ihr Ihre Ihren Ihrem Ihrer Ihnen bitte Bitte für mit ein eine einen einem einer "
    "auf aus nach vom zum zur im auch nur noch schon wie wenn dann zu von bis über ohne gibt "
    "haben kann können muss müssen Datei Fehler Antrag Seite Konto Angaben Nachricht hat als "
    "mehr erwartet fehlt darf sein Zeile Feld Wert Zahl Datum Eintrag Schritt Leistung Amt").split()
GERMAN = re.compile(r"[äöüÄÖÜß„“]|\b(?:" + "|".join(GERMAN_WORDS) + r")\b")
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
TAG = re.compile(r"<[^>]*>", re.S)
READ_ATTRIBUTES = re.compile(
    r"""\b(?:aria-label|aria-description|title|alt|placeholder)\s*=\s*(["'])(.*?)\1""", re.S)
ENTITY = re.compile(r"&[#\w]+;")
HOLE = "\x00"
"""Stands for a Jinja expression or block inside the template's text."""


def looks_like_words(text: str) -> bool:
    """Say whether a template string literal is text a person reads (not a class or endpoint)."""
    if not WORD.search(text) or text.isupper():
        return False
    if GERMAN.search(text):
        return True
    return " " in text.strip() or text[:1].isupper()


def template_problems(path: Path, env: Environment) -> list[str]:
    """Return `line: text` for each unmarked piece of text in one template."""
    problems: list[str] = []
    pieces: list[tuple[int, str]] = []
    calls: list[str] = []
    previous = ""
    in_trans = False
    block_words: list[str] = []
    for lineno, kind, value in env.lex(path.read_text(encoding="utf-8")):
        if kind == "block_begin":
            block_words = []
        elif kind == "name" and block_words is not None:
            block_words.append(value)
            if len(block_words) == 1 and value in ("trans", "pluralize"):
                in_trans = True
            elif len(block_words) == 1 and value == "endtrans":
                in_trans = False
        if kind == "data":
            pieces.append((lineno, HOLE if in_trans else value))
            continue
        pieces.append((lineno, HOLE))
        if kind == "operator" and value == "(":
            calls.append(previous)
        elif kind == "operator" and value == ")" and calls:
            calls.pop()
        elif kind == "string" and not in_trans and not GETTEXT & set(calls) \
                and looks_like_words(value[1:-1]):  # the lexer keeps the quotes
            problems.append(f"{lineno}: {value!r}")
        if kind not in ("whitespace",):
            previous = value if kind == "name" else ""
    return problems + _text_problems(pieces)


def _text_problems(pieces: list[tuple[int, str]]) -> list[str]:
    """Return the unmarked text between tags and in read attributes of a template's data."""
    text = "".join(value for _, value in pieces)
    starts: list[int] = []
    position = 0
    for lineno, value in pieces:
        starts.extend([lineno] * len(value))
        position += len(value)
    problems: list[str] = []
    for match in TAG.finditer(text):
        for attribute in READ_ATTRIBUTES.finditer(match.group(0)):
            if WORD.search(attribute.group(2).replace(HOLE, " ")):
                problems.append(f"{starts[match.start()]}: {attribute.group(0)!r}")
    outside = TAG.sub(lambda m: HOLE * len(m.group(0)), text)
    for match in re.finditer(r"[^\x00]+", outside):
        chunk = ENTITY.sub(" ", match.group(0))
        if WORD.search(chunk):
            problems.append(f"{starts[match.start()]}: {chunk.strip()!r}")
    return problems


def _docstrings(tree: ast.AST) -> set[int]:
    """Return the ids of the docstring and bare-string-statement nodes (not shown to anyone)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _exempt_calls(tree: ast.AST) -> set[int]:
    """Return the ids of every node inside a gettext call or a log call."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        if name in GETTEXT or (name in LOG_METHODS and "log" in receiver.lower()):
            exempt.update(id(inner) for inner in ast.walk(node))
    return exempt


def _gettext_in_fstrings(tree: ast.AST) -> list[ast.Call]:
    """Return the gettext calls written inside f-strings: on Python 3.11 an f-string is one
    token to the extractor, so the message inside it never reaches the catalogue."""
    return [inner for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
            for inner in ast.walk(node) if isinstance(inner, ast.Call)
            and getattr(inner.func, "id", None) in GETTEXT]


def module_problems(path: Path) -> list[str]:
    """Return `line: text` for each German string constant outside the translation layer."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstrings(tree) | _exempt_calls(tree)
    problems = [f"{node.lineno}: {ast.unparse(node)} inside an f-string (extraction misses it)"
                for node in _gettext_in_fstrings(tree)]
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) \
                or id(node) in skip or not GERMAN.search(node.value):
            continue
        span = lines[node.lineno - 1: (node.end_lineno or node.lineno)]
        if not any("# untranslated:" in line for line in span):
            problems.append(f"{node.lineno}: {node.value!r}")
    return problems
