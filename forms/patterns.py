"""Regular expressions on answers, run by RE2: time linear in the answer, whatever both say.

Every pattern that meets a resident's answer goes through here: a definition's `pattern` and the
engine's own (licence plates).

Python's `re` backtracks, so `^(a+)+$` and a 30-character answer keep a worker busy for seconds
per character. RE2 cannot take exponential time, and refuses (when the definition is loaded) what
needs backtracking: back-references and look-around. Python's spelling of a few escapes is kept:
`\\d`, `\\w` and `\\s` mean Unicode digits, letters and spaces as in Python (RE2's own are ASCII
only, which would refuse „Jürgen“), `\\Z` is the end and `\\uXXXX` a character (exactly four hex
digits, `\\UXXXXXXXX` eight, as in Python). A pattern naming a character no answer may hold
(`\\x00`, `\\0`, `\\e`, `\\u202e`: see common.text) is refused: it would make the field unfillable.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import re2
from wtforms.validators import ValidationError

from common.text import REFUSED, codepoint

from .texts import _l

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every refused pattern to stderr
_OPTIONS.max_mem = 2 << 20  # 2 MiB for the compiled program: `(a{1000}){1000}` is refused

# Outside a character class, and inside one (where a set is spliced into the class).
_CLASSES = {
    "d": (r"\p{Nd}", r"\p{Nd}"),
    "D": (r"\P{Nd}", r"\P{Nd}"),
    "w": (r"[\p{L}\p{N}_]", r"\p{L}\p{N}_"),
    "W": (r"[^\p{L}\p{N}_]", None),
    "s": (r"[\t\n\x0B\f\r\x1C-\x1F\x{85}\p{Z}]", r"\t\n\x0B\f\r\x1C-\x1F\x{85}\p{Z}"),
    "S": (r"[^\t\n\x0B\f\r\x1C-\x1F\x{85}\p{Z}]", None),
    "Z": (r"\z", None),
}
_CODED = re.compile(r"x\{(?P<braced>[0-9A-Fa-f]{1,8})\}|x(?P<hex>[0-9A-Fa-f]{2})"
                    r"|(?P<octal>0[0-7]{0,2})|(?P<named>[atnrfv])")
"""The escapes after `\\` that RE2 reads as one character: `\\x{…}`, `\\xHH`, `\\0…`, `\\a`."""
_NAMED = {"a": "\a", "t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}
_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]*")
_NOT_HERE = {
    "b": _l("„\\b“ (Wortgrenze) wird nicht unterstützt; bitte ^ und $ verwenden"),
    "B": _l("„\\B“ wird nicht unterstützt; bitte ^ und $ verwenden"),
}


class PatternError(ValueError):
    """A definition's pattern cannot be used; the message is German and says why."""


@functools.lru_cache(maxsize=1024)
def compile_pattern(source: str) -> Any:
    """Return the RE2 program of a definition's pattern; raise PatternError (German) if none."""
    _refuse_refused(source)
    try:
        return re2.compile(python_to_re2(source), _OPTIONS)
    except re2.error as exc:
        text = exc.args[0].decode("utf-8", "replace") if exc.args else ""
        raise PatternError(german(text, source)) from exc


def matches(source: str, text: str) -> bool:
    """Tell whether `text` matches the pattern from its start (as WTForms' Regexp does)."""
    return compile_pattern(source).match(text) is not None


def fullmatch(source: str, text: str) -> Any:
    """Return RE2's match of the whole `text`, or None (the engine's groups, like `re`'s)."""
    return compile_pattern(source).fullmatch(text)


class PatternRule:
    """Validator: the answer matches the definition's pattern, checked by RE2."""

    def __init__(self, source: str, message: str) -> None:
        self.regex, self.message = compile_pattern(source), message

    def __call__(self, form: Any, field: Any) -> None:
        if self.regex.match(field.data or "") is None:
            raise ValidationError(self.message)


def python_to_re2(source: str) -> str:
    """Rewrite Python's escapes that RE2 spells or means differently; PatternError if none."""
    out, in_class, i = [], False, 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            piece, i = _escape(source, i + 1, in_class)
            out.append(piece)
        elif char == "[" and not in_class:
            opening = re2_class_opening(source, i)
            out.append(opening)
            in_class, i = True, i + len(opening)
        else:
            in_class = in_class and char != "]"
            out.append(char)
            i += 1
    return "".join(out)


def re2_class_opening(source: str, i: int) -> str:
    """Return the opening of the class at `i`: `[`, `[^`, and a first `]` (a literal there)."""
    end = i + 2 if source[i + 1:i + 2] == "^" else i + 1
    return source[i:end + 1] if source[end:end + 1] == "]" else source[i:end]


def _escape(source: str, i: int, in_class: bool) -> tuple[str, int]:
    """Return the RE2 spelling of the escape whose letter is at `i`, and where to go on."""
    letter = source[i]
    if letter in _NOT_HERE and not in_class:
        raise PatternError(_l("pattern wird nicht unterstützt: %(what)s", what=_NOT_HERE[letter]))
    if letter in ("u", "U"):
        return _unicode_escape(source, i)
    coded = _CODED.match(source, i)
    if coded:
        _refuse_refused(_coded_character(coded), "\\" + coded.group())
        return "\\" + coded.group(), coded.end()
    if letter in _CLASSES:
        spelling = _CLASSES[letter][1 if in_class else 0]
        if spelling is None:
            raise PatternError(_l("pattern wird nicht unterstützt: „\\%(letter)s“ in eckigen "
                                  "Klammern; bitte außerhalb verwenden", letter=letter))
        return spelling, i + 1
    return "\\" + letter, i + 1


def _unicode_escape(source: str, i: int) -> tuple[str, int]:
    """Return the RE2 spelling of `\\uXXXX` or `\\UXXXXXXXX` at `i`; PatternError if malformed."""
    width = 4 if source[i] == "u" else 8
    digits = _HEX_DIGITS.match(source, i + 1, i + 1 + width).group()
    escape = "\\" + source[i] + digits
    if len(digits) < width:
        raise PatternError(_l("pattern ist kein gültiger regulärer Ausdruck: unvollständige "
                              "Escape-Sequenz „%(escape)s“ (nach \\u folgen genau 4, nach \\U "
                              "genau 8 Hexadezimalziffern)", escape=escape))
    if int(digits, 16) > 0x10FFFF:
        raise PatternError(_l("pattern ist kein gültiger regulärer Ausdruck: „%(escape)s“ ist "
                              "größer als U+10FFFF, das größte Unicode-Zeichen", escape=escape))
    _refuse_refused(chr(int(digits, 16)), escape)
    return rf"\x{{{digits}}}", i + 1 + width


def _coded_character(coded: re.Match[str]) -> str:
    """Return the character a `\\x…`, `\\0…` or `\\a`-like escape stands for."""
    if coded["named"]:
        return _NAMED[coded["named"]]
    value = int(coded["octal"], 8) if coded["octal"] else int(coded["braced"] or coded["hex"], 16)
    return chr(min(value, 0x10FFFF))  # beyond that RE2 itself refuses the escape


def _refuse_refused(text: str, escape: str = "") -> None:
    """Raise PatternError if `text` holds a character no answer may hold (written as `escape`)."""
    found = REFUSED.search(text)
    if found:
        written = _l(" („%(escape)s“)", escape=escape) if escape else ""
        raise PatternError(_l("pattern enthält das unzulässige Zeichen %(char)s%(written)s, ein "
                              "Steuerzeichen; keine Antwort kann es enthalten",
                              char=codepoint(found.group()), written=written))


def german(problem: str, source: str = "") -> Any:
    """Return RE2's complaint about `source` in German (translated when shown), with its part."""
    code, _sep, part = problem.partition(": ")
    if part == "(?P":  # RE2 stops before the character that tells which (?P… it is
        part = next((p for p in ("(?P=", "(?P>") if p in source), part)
    if code in ("invalid perl operator", "invalid named capture group"):
        return _l("pattern wird nicht unterstützt: %(what)s", what=_group_kind(part))
    if code == "invalid escape sequence" and part[1:2].isdigit():
        return _l("pattern wird nicht unterstützt: Rückverweise wie „%(part)s“ können nicht in "
                  "begrenzter Zeit geprüft werden", part=part)
    told = _SYNTAX.get(code)
    told = told(part) if told else _l("wird nicht verstanden (%(problem)s)", problem=problem)
    return _l("pattern ist kein gültiger regulärer Ausdruck: %(problem)s", problem=told)


def _group_kind(part: str) -> Any:
    """Name what a refused `(?…` group is; most need backtracking."""
    kinds = {"(?=": _l("Vorausschau"), "(?!": _l("Vorausschau"), "(?<=": _l("Rückschau"),
             "(?<!": _l("Rückschau"), "(?P=": _l("Rückverweis"), "(?P>": _l("Rekursion"),
             "(?>": _l("atomare Gruppe"), "(?(": _l("Bedingung")}
    kind = next((name for prefix, name in kinds.items() if part.startswith(prefix)), None)
    if kind is None:
        return _l("„%(part)s“ (erlaubt sind etwa (?i) und (?P<name>…))", part=part)
    return _l("%(kind)s „%(part)s“ kann nicht in begrenzter Zeit geprüft werden", kind=kind,
              part=part)


_SYNTAX: dict[str, Callable[[str], Any]] = {
    "missing ]": lambda part: _l("eine eckige Klammer „[“ wird nicht geschlossen (%(part)s)",
                                 part=part),
    "missing )": lambda part: _l("eine runde Klammer „(“ wird nicht geschlossen (%(part)s)",
                                 part=part),
    "unexpected )": lambda part: _l("eine runde Klammer „)“ ohne öffnende (%(part)s)", part=part),
    "missing argument to repetition operator":
        lambda part: _l("vor „%(part)s“ steht nichts zum Wiederholen", part=part),
    "no argument for repetition operator":
        lambda part: _l("vor „%(part)s“ steht nichts zum Wiederholen", part=part),
    "bad repetition operator":
        lambda part: _l("„%(part)s“: zwei Wiederholungszeichen hintereinander", part=part),
    "invalid repetition size":
        lambda part: _l("„%(part)s“: höchstens 1000 Wiederholungen", part=part),
    "invalid character class range":
        lambda part: _l("ungültiger Bereich „%(part)s“ in eckigen Klammern", part=part),
    "invalid character class": lambda part: _l("ungültige Zeichenklasse „%(part)s“", part=part),
    "invalid escape sequence": lambda part: _l("unbekannte Escape-Sequenz „%(part)s“", part=part),
    "trailing \\": lambda part: _l("„\\“ am Ende des Ausdrucks"),
    "pattern too large - compile failed":
        lambda part: _l("der Ausdruck ist zu groß (zu viele Wiederholungen)"),
    "invalid UTF-8": lambda part: _l("ungültige Zeichen (%(part)s)", part=part),
}
"""RE2's syntax complaints (by their code), each told in German with the part it names."""
