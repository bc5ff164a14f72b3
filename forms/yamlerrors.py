"""PyYAML's (libyaml's) complaints about a text, told in German with the line they concern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from .exceptions import Problem
from .texts import _l
from .yamllimits import TOO_DEEP

PROBLEMS = {
    "found character that cannot start any token":
        _l("ein Zeichen, mit dem kein YAML-Wert beginnen kann (Tabulator statt Leerzeichen? "
        "Dann den Wert in Anführungszeichen setzen)"),
    "mapping values are not allowed in this context":
        _l("ein Doppelpunkt mit Leerzeichen an einer Stelle, an der kein Schlüssel stehen kann "
        "(Einrückung prüfen oder den Wert in Anführungszeichen setzen)"),
    "found unexpected end of stream": _l("der Text endet, bevor der Wert abgeschlossen ist "
                                      "(ein Anführungszeichen fehlt?)"),
    "did not find expected key": _l("hier wird ein Schlüssel erwartet (Einrückung prüfen)"),
    "did not find expected ',' or ']'": _l("es fehlt ein Komma oder die schließende Klammer „]“"),
    "did not find expected ',' or '}'": _l("es fehlt ein Komma oder die schließende Klammer „}“"),
    "did not find expected '-' indicator": _l("hier wird ein Listeneintrag „- …“ erwartet "
                                           "(Einrückung prüfen)"),
    "did not find expected node content": _l("hier fehlt ein Wert"),
    "could not find expected ':'": _l("hier fehlt der Doppelpunkt nach dem Schlüssel"),
    "found unknown escape character": _l("unbekannte Escape-Sequenz mit „\\“ in Anführungszeichen "
                                      "(einfache Anführungszeichen verwenden)"),
    "found invalid Unicode character escape code":
        _l("eine Escape-Sequenz („\\u…“) für ein Zeichen, das es nicht gibt (z. B. ein halbes "
        "Ersatzzeichen wie „\\ud800“)"),
    "did not find expected hexdecimal number": _l("nach „\\x“, „\\u“ oder „\\U“ fehlen "
                                               "Hexadezimalziffern"),
    "found unexpected ':'": _l("ein Doppelpunkt, wo keiner stehen kann (den Wert in "
                            "Anführungszeichen setzen)"),
    "mapping keys are not allowed in this context": _l(
        "ein Schlüssel an einer Stelle, an der keiner "
                                                    "stehen kann (Einrückung prüfen)"),
    "found unexpected document indicator": _l("„---“ oder „...“ mitten in einem Wert (den Wert in "
                                           "Anführungszeichen setzen)"),
    "found undefined tag handle": _l("ein unbekanntes Tag-Kürzel „!…!“"),
    "did not find expected whitespace": _l("nach einem Tag fehlt ein Leerzeichen"),
    "did not find expected whitespace or line break": _l("hier fehlt ein Leerzeichen oder ein "
                                                      "Zeilenende"),
    "found an indentation indicator equal to 0": _l("die Einrückungsangabe nach „|“ oder „>“ darf "
                                                 "nicht 0 sein"),
    "did not find expected <document start>": _l("hier wird der Anfang des Dokuments („---“) "
                                              "erwartet"),
    "found incompatible YAML document": _l("eine YAML-Version, die nicht unterstützt wird"),
    "found duplicate %YAML directive": _l("die Angabe %YAML steht doppelt"),
    "found extremely long version number": _l("die Versionsnummer nach %YAML ist zu lang"),
    "did not find expected version number": _l("nach %YAML fehlt die Versionsnummer (z. B. 1.1)"),
    "did not find expected digit or '.' character": _l("in der Versionsnummer nach %YAML steht "
                                                    "etwas anderes als Ziffern und ein Punkt"),
    "could not find expected directive name": _l("nach „%“ am Zeilenanfang fehlt der Name der "
                                              "Angabe"),
    "found unexpected non-alphabetical character": _l("ein unerwartetes Zeichen in einer Angabe "
                                                   "mit „%“"),
    "did not find expected tag URI": _l("nach dem Tag-Kürzel fehlt das Tag"),
    "did not find the expected '>'": _l("nach „!<“ fehlt das schließende „>“"),
    "did not find expected '!'": _l("hier fehlt ein „!“ (Tag-Kürzel)"),
    "found duplicate %TAG directive": _l("eine Angabe %TAG steht doppelt"),
    "found unknown directive name": _l("eine unbekannte Angabe mit „%“ am Zeilenanfang"),
    "did not find URI escaped octet": _l(
        "ein „%“ in einem Tag ohne zwei Hexadezimalziffern danach"),
    "found an incorrect leading UTF-8 octet": _l("ungültige UTF-8-Zeichen"),
    "found an incorrect trailing UTF-8 octet": _l("ungültige UTF-8-Zeichen"),
    "incomplete UTF-8 octet sequence": _l("ein unvollständiges UTF-8-Zeichen"),
    "invalid Unicode character": _l("ein Zeichen, das in YAML nicht erlaubt ist"),
    "found undefined alias": _l("ein Alias (*anker) ohne vorher definierten Anker (&anker)"),
    "found duplicate anchor; first occurrence": _l("ein Anker (&anker) ist doppelt vergeben"),
    "second occurrence": _l("ein Anker (&anker) ist doppelt vergeben"),
    "but found another document": _l("die Datei enthält mehr als ein Dokument („---“); erlaubt ist "
                                  "genau eines"),
    "found unhashable key": _l("eine Liste oder ein Objekt als Schlüssel; Schlüssel sind einfache "
                            "Werte"),
    "did not find expected alphabetic or numeric character":
        _l("nach „&“ oder „*“ fehlt der Name des Ankers"),
    "did not find expected comment or line break":
        _l("nach dem Wert folgt noch Text (Anführungszeichen setzen?)"),
    "found a tab character that violates indentation": _l("ein Tabulator in der Einrückung; bitte "
                                                       "Leerzeichen verwenden"),
    "found a tab character where an indentation space is expected":
        _l("ein Tabulator in der Einrückung; bitte Leerzeichen verwenden"),
    "control characters are not allowed": _l("ein Steuerzeichen, das in YAML nicht erlaubt ist"),
    "block sequence entries are not allowed in this context":
        _l("ein Listeneintrag „- …“ an einer Stelle, an der keiner stehen kann "
           "(Einrückung prüfen)"),
}
PREFIXES: dict[str, Callable[[str], Any]] = {
    "could not determine a constructor for the tag": lambda rest: _l(
        "ein unbekanntes YAML-Tag %(rest)s (erlaubt sind nur Standard-Tags wie !!str)",
        rest=rest),
    "expected a mapping node, but found":
        lambda rest: _l("das Tag verlangt ein Objekt, hier steht etwas anderes"),
    "expected a sequence node, but found":
        lambda rest: _l("das Tag verlangt eine Liste, hier steht etwas anderes"),
    "failed to decode base64 data": lambda rest: _l("ungültige Base64-Daten"),
}
"""PyYAML problems that begin with a fixed text; the rest is passed to the German message."""


class GermanYAMLError(yaml.constructor.ConstructorError):
    """A complaint of our own loader, German already: told as it is."""


def yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """Return the German, located Problem of a PyYAML error on `text`."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.encode("utf-8")[:exc.position].count(b"\n") + 1
        return Problem(_l("Kein gültiges YAML: %(problem)s", problem=german(exc.reason)), line=line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if problem == "exceeded maximum nesting depth":  # libyaml's own bound, scanning ahead of ours
        return Problem(TOO_DEEP, line=mark.line + 1 if mark is not None else None)
    told = problem if isinstance(exc, GermanYAMLError) else german(problem)
    message = _l("Kein gültiges YAML: %(problem)s", problem=told)
    start = getattr(exc, "context_mark", None)
    opened = isinstance(exc, yaml.parser.ParserError | yaml.scanner.ScannerError)
    if opened and start is not None and mark is not None and start.line != mark.line:
        message = _l("Kein gültiges YAML: %(problem)s (der Abschnitt beginnt in Zeile %(line)d)",
                     problem=told, line=start.line + 1)
    return Problem(message, line=mark.line + 1 if mark is not None else None)


def german(problem: str) -> Any:
    """Translate a PyYAML problem text (when shown); keep an unknown one, in parentheses."""
    if problem in PROBLEMS:
        return PROBLEMS[problem]
    for prefix, message in PREFIXES.items():
        if problem.startswith(prefix):
            return message(problem.removeprefix(prefix).strip())
    return _l("der Text lässt sich nicht als YAML lesen (%(problem)s)", problem=problem)
