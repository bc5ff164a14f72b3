"""PyYAML's (libyaml's) complaints about a text, told in German with the line they concern."""

from __future__ import annotations

import yaml

from .exceptions import Problem
from .yamllimits import TOO_DEEP

PROBLEMS = {
    "found character that cannot start any token":
        "ein Zeichen, mit dem kein YAML-Wert beginnen kann (Tabulator statt Leerzeichen? "
        "Dann den Wert in Anführungszeichen setzen)",
    "mapping values are not allowed in this context":
        "ein Doppelpunkt mit Leerzeichen an einer Stelle, an der kein Schlüssel stehen kann "
        "(Einrückung prüfen oder den Wert in Anführungszeichen setzen)",
    "found unexpected end of stream": "der Text endet, bevor der Wert abgeschlossen ist "
                                      "(ein Anführungszeichen fehlt?)",
    "did not find expected key": "hier wird ein Schlüssel erwartet (Einrückung prüfen)",
    "did not find expected ',' or ']'": "es fehlt ein Komma oder die schließende Klammer „]“",
    "did not find expected ',' or '}'": "es fehlt ein Komma oder die schließende Klammer „}“",
    "did not find expected '-' indicator": "hier wird ein Listeneintrag „- …“ erwartet "
                                           "(Einrückung prüfen)",
    "did not find expected node content": "hier fehlt ein Wert",
    "could not find expected ':'": "hier fehlt der Doppelpunkt nach dem Schlüssel",
    "found unknown escape character": "unbekannte Escape-Sequenz mit „\\“ in Anführungszeichen "
                                      "(einfache Anführungszeichen verwenden)",
    "found invalid Unicode character escape code":
        "eine Escape-Sequenz („\\u…“) für ein Zeichen, das es nicht gibt (z. B. ein halbes "
        "Ersatzzeichen wie „\\ud800“)",
    "did not find expected hexdecimal number": "nach „\\x“, „\\u“ oder „\\U“ fehlen "
                                               "Hexadezimalziffern",
    "found unexpected ':'": "ein Doppelpunkt, wo keiner stehen kann (den Wert in "
                            "Anführungszeichen setzen)",
    "mapping keys are not allowed in this context": "ein Schlüssel an einer Stelle, an der keiner "
                                                    "stehen kann (Einrückung prüfen)",
    "found unexpected document indicator": "„---“ oder „...“ mitten in einem Wert (den Wert in "
                                           "Anführungszeichen setzen)",
    "found undefined tag handle": "ein unbekanntes Tag-Kürzel „!…!“",
    "did not find expected whitespace": "nach einem Tag fehlt ein Leerzeichen",
    "did not find expected whitespace or line break": "hier fehlt ein Leerzeichen oder ein "
                                                      "Zeilenende",
    "found an indentation indicator equal to 0": "die Einrückungsangabe nach „|“ oder „>“ darf "
                                                 "nicht 0 sein",
    "did not find expected <document start>": "hier wird der Anfang des Dokuments („---“) "
                                              "erwartet",
    "found incompatible YAML document": "eine YAML-Version, die nicht unterstützt wird",
    "found duplicate %YAML directive": "die Angabe %YAML steht doppelt",
    "found extremely long version number": "die Versionsnummer nach %YAML ist zu lang",
    "did not find expected version number": "nach %YAML fehlt die Versionsnummer (z. B. 1.1)",
    "did not find expected digit or '.' character": "in der Versionsnummer nach %YAML steht "
                                                    "etwas anderes als Ziffern und ein Punkt",
    "could not find expected directive name": "nach „%“ am Zeilenanfang fehlt der Name der "
                                              "Angabe",
    "found unexpected non-alphabetical character": "ein unerwartetes Zeichen in einer Angabe "
                                                   "mit „%“",
    "did not find expected tag URI": "nach dem Tag-Kürzel fehlt das Tag",
    "did not find the expected '>'": "nach „!<“ fehlt das schließende „>“",
    "did not find expected '!'": "hier fehlt ein „!“ (Tag-Kürzel)",
    "found duplicate %TAG directive": "eine Angabe %TAG steht doppelt",
    "found unknown directive name": "eine unbekannte Angabe mit „%“ am Zeilenanfang",
    "did not find URI escaped octet": "ein „%“ in einem Tag ohne zwei Hexadezimalziffern danach",
    "found an incorrect leading UTF-8 octet": "ungültige UTF-8-Zeichen",
    "found an incorrect trailing UTF-8 octet": "ungültige UTF-8-Zeichen",
    "incomplete UTF-8 octet sequence": "ein unvollständiges UTF-8-Zeichen",
    "invalid Unicode character": "ein Zeichen, das in YAML nicht erlaubt ist",
    "found undefined alias": "ein Alias (*anker) ohne vorher definierten Anker (&anker)",
    "found duplicate anchor; first occurrence": "ein Anker (&anker) ist doppelt vergeben",
    "second occurrence": "ein Anker (&anker) ist doppelt vergeben",
    "but found another document": "die Datei enthält mehr als ein Dokument („---“); erlaubt ist "
                                  "genau eines",
    "found unhashable key": "eine Liste oder ein Objekt als Schlüssel; Schlüssel sind einfache "
                            "Werte",
    "did not find expected alphabetic or numeric character":
        "nach „&“ oder „*“ fehlt der Name des Ankers",
    "did not find expected comment or line break":
        "nach dem Wert folgt noch Text (Anführungszeichen setzen?)",
    "found a tab character that violates indentation": "ein Tabulator in der Einrückung; bitte "
                                                       "Leerzeichen verwenden",
    "found a tab character where an indentation space is expected":
        "ein Tabulator in der Einrückung; bitte Leerzeichen verwenden",
    "control characters are not allowed": "ein Steuerzeichen, das in YAML nicht erlaubt ist",
    "block sequence entries are not allowed in this context":
        "ein Listeneintrag „- …“ an einer Stelle, an der keiner stehen kann (Einrückung prüfen)",
}
PREFIXES = {
    "could not determine a constructor for the tag":
        "ein unbekanntes YAML-Tag {rest} (erlaubt sind nur Standard-Tags wie !!str)",
    "expected a mapping node, but found": "das Tag verlangt ein Objekt, hier steht etwas anderes",
    "expected a sequence node, but found": "das Tag verlangt eine Liste, hier steht etwas anderes",
    "failed to decode base64 data": "ungültige Base64-Daten",
}


class GermanYAMLError(yaml.constructor.ConstructorError):
    """A complaint of our own loader, German already: told as it is."""


def yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """Return the German, located Problem of a PyYAML error on `text`."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.encode("utf-8")[:exc.position].count(b"\n") + 1
        return Problem(f"Kein gültiges YAML: {german(exc.reason)}", line=line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if problem == "exceeded maximum nesting depth":  # libyaml's own bound, scanning ahead of ours
        return Problem(TOO_DEEP, line=mark.line + 1 if mark is not None else None)
    told = problem if isinstance(exc, GermanYAMLError) else german(problem)
    message = f"Kein gültiges YAML: {told}"
    start = getattr(exc, "context_mark", None)
    opened = isinstance(exc, yaml.parser.ParserError | yaml.scanner.ScannerError)
    if opened and start is not None and mark is not None and start.line != mark.line:
        message += f" (der Abschnitt beginnt in Zeile {start.line + 1})"
    return Problem(message, line=mark.line + 1 if mark is not None else None)


def german(problem: str) -> str:
    """Translate a PyYAML problem text; keep an unknown one, in parentheses, after a German one."""
    if problem in PROBLEMS:
        return PROBLEMS[problem]
    for prefix, german_text in PREFIXES.items():
        if problem.startswith(prefix):
            return german_text.format(rest=problem.removeprefix(prefix).strip())
    return f"der Text lässt sich nicht als YAML lesen ({problem})"
