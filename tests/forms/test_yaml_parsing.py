"""Definitions are read as libyaml reads them, and every complaint about the YAML is German."""

from __future__ import annotations

import re

import pytest

from forms.yamlerrors import german

from .helpers import NAME_FIELD, definition, line_containing, load, load_error


def only_problem(error):
    """Return the single problem of an error."""
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


def test_a_question_mark_before_a_comma_in_a_flow_mapping_is_plain_text():
    text = definition("- {id: geraete, type: text, label: Welche Elektrogeräte?, required: true}")
    field = load(text).steps[0].fields[0]
    assert field.label == "Welche Elektrogeräte?" and field.required


# (broken line, text the German message contains, marker of the line it names)
BROKEN = [
    ("kategorie: Tests: Steuern", "ein Doppelpunkt mit Leerzeichen an einer Stelle", "kategorie"),
    ('kategorie: "Steuern\\q"', "unbekannte Escape-Sequenz mit „\\“", "kategorie"),
    ("kategorie: *nirgends", "ein Alias (*anker) ohne vorher definierten Anker", "kategorie"),
    ("kategorie: @steuern", "ein Zeichen, mit dem kein YAML-Wert beginnen kann", "kategorie"),
    ("kategorie: x\x07", "ein Steuerzeichen, das in YAML nicht erlaubt ist", "kategorie"),
    ("kategorie: !geheim x", "ein unbekanntes YAML-Tag '!geheim'", "kategorie"),
    ("---\nkategorie: x", "mehr als ein Dokument („---“); erlaubt ist genau eines", "---"),
]


@pytest.mark.parametrize(("broken", "german", "marker"), BROKEN,
                         ids=["colon", "escape", "alias", "at-sign", "control", "tag", "documents"])
def test_broken_yaml_is_told_in_german_with_its_line(broken, german, marker):
    text = definition(NAME_FIELD).replace("category: Tests", f"category: Tests\n{broken}")
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML: ")
    assert german in problem.message
    assert problem.line == line_containing(text, marker)


def test_an_unclosed_flow_value_names_where_it_began():
    text = definition("- {id: ort, type: text, label: Ort\n- {id: plz, type: text, label: PLZ}")
    problem = only_problem(load_error(text))
    assert problem.line == line_containing(text, "id: plz")
    assert f"(der Abschnitt beginnt in Zeile {line_containing(text, 'id: ort')})" in problem.message


def test_a_complaint_without_a_translation_is_german_with_the_original_in_parentheses():
    assert german("a complaint of a future libyaml") == (
        "der Text lässt sich nicht als YAML lesen (a complaint of a future libyaml)")


@pytest.mark.parametrize(("prefix", "told", "line"), [
    ("%YAML 1.1\n%YAML 1.1\n---\n", "die Angabe %YAML steht doppelt", 2),
    ("%YAML 1.1234567890123\n---\n", "die Versionsnummer nach %YAML ist zu lang", 1),
    ("%YAML x\n---\n", "nach %YAML fehlt die Versionsnummer (z. B. 1.1)", 1),
    ("%TAG !a! tag:x\n%TAG !a! tag:y\n---\n", "eine Angabe %TAG steht doppelt", 2),
])
def test_a_directive_problem_is_told_in_german(prefix, told, line):
    problem = only_problem(load_error(prefix + definition(NAME_FIELD)))
    assert problem.message == f"Kein gültiges YAML: {told}"
    assert problem.line == line


@pytest.mark.parametrize(("value", "told"), [
    ('"\\ud800"', "eine Escape-Sequenz („\\u…“) für ein Zeichen, das es nicht gibt"),
    ("9" * 5000, "eine Zahl mit mehr als 4300 Zeichen"),
    ("!!int zwei", "der Wert „zwei“ passt nicht zum Typ „!!int“"),
])
def test_a_value_yaml_cannot_build_is_told_in_german_without_pythons_words(value, told):
    text = definition(NAME_FIELD).replace("title: Testleistung", f"title: {value}")
    problem = only_problem(load_error(text))
    assert problem.message.startswith(f"Kein gültiges YAML: {told}"), problem.message
    assert not re.search(r"\b(found|invalid|Exceeds|literal|use sys)\b", str(problem.message))
    assert problem.line == line_containing(text, "title:")


def test_no_english_parser_text_reaches_the_administrator_outside_parentheses():
    for broken, _, _ in BROKEN:
        text = definition(NAME_FIELD).replace("category: Tests", f"category: Tests\n{broken}")
        outside = re.sub(r"\([^)]*\)", "", str(only_problem(load_error(text)).message))
        assert not re.search(r"\b(found|expected|while|could not|did not)\b", outside), outside


# (line of the definition as changed, code point named, marker of the line the problem names)
ESCAPED_CONTROLS = [
    ("- {id: name, type: text, label: \"Ein\\0gabe\"}", "U+0000", "Ein\\0gabe"),
    ("- {id: name, type: text, label: Name, help: \"Pro\\x00be\"}", "U+0000", "Pro\\x00be"),
    ("- {id: name, type: text, label: \"K\\e[31m\\aurz\"}", "U+001B", "K\\e[31m"),
    ("- {id: name, type: text, label: \"Rechnung\\u202efdp.exe\"}", "U+202E", "Rechnung"),
    ("- {id: name, type: text, label: \"Na\\u2066me\"}", "U+2066", "Na\\u2066me"),
    ("- {id: name, type: text, label: \"Na\\x85me\"}", "U+0085", "Na\\x85me"),
    ("- {id: name, type: text, label: \"Na\\rme\"}", "U+000D", "Na\\rme"),
    ("- {id: name, type: text, label: Name, \"sch\\x01l\": 1}", "U+0001", "sch\\x01l"),
    ("- {id: name, type: text, label: \"Na\u202eme\"}", "U+202E", "Na\u202eme"),
]


@pytest.mark.parametrize(("field", "named", "marker"), ESCAPED_CONTROLS,
                         ids=["nul", "hex nul", "ansi", "rlo", "isolate", "nel", "cr", "key",
                              "raw rlo"])
def test_a_control_character_written_as_an_escape_is_refused_in_german_with_its_line(
        field, named, marker):
    text = definition(field)
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML: der Text enthält das unzulässige "
                                      f"Zeichen {named} (ein Steuerzeichen")
    assert problem.line == line_containing(text, marker)


@pytest.mark.parametrize("replaced", ['title: "Pro\\x00be"', 'summary: "K\\x1b[31m\\x07urz"'])
def test_a_control_character_in_the_title_or_summary_is_refused_with_its_line(replaced):
    key = replaced.split(":")[0]
    text = "\n".join(replaced if line.startswith(f"{key}:") else line
                     for line in definition(NAME_FIELD).splitlines())
    problem = only_problem(load_error(text))
    assert "unzulässige Zeichen U+00" in problem.message
    assert problem.line == line_containing(text, f"{key}:")


def test_a_lone_surrogate_written_as_an_escape_is_refused_in_german():
    text = definition('- {id: name, type: text, label: "Na\\ud800me"}')
    problem = only_problem(load_error(text))
    assert "für ein Zeichen, das es nicht gibt" in problem.message
    assert problem.line == line_containing(text, "Na\\ud800me")


def test_tabs_and_line_breaks_written_as_escapes_are_kept():
    field = load(definition('- {id: name, type: text, label: Name, help: "Zeile 1\\n\\tZeile 2"}'))
    assert field.steps[0].fields[0].help == "Zeile 1\n\tZeile 2"
