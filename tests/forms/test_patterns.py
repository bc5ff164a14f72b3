"""Patterns run in linear time (RE2) whatever the administrator writes and the resident types."""

from __future__ import annotations

import json

import pytest

from forms import step_form_class
from forms.fields.vehicles import PlateError, parse_plate

from .helpers import FORM_APP, definition, field_errors, line_containing, load, load_error

# (pattern, an answer Python's backtracking engine needs years for, an answer that matches)
EVIL = [
    ("^(a+)+$", "a" * 5000 + "!", "a" * 5000),
    ("(a|aa)+$", "a" * 5000 + "b", "a" * 5000),
    ("(.*a){20}", "a" * 19 + "!" * 5000, "a" * 20 + "!" * 5000),
    (r"^(\w+\s?)*$", "Jürgen Müller " * 400 + "!", "Jürgen Müller " * 400),
]


def pattern_field(pattern: str):
    """Return a definition with one long text field checked by `pattern`."""
    return load(definition(f"- {{id: code, type: text, label: Code, max_length: 10000, "
                           f"pattern: {json.dumps(pattern)}, pattern_message: Falsches Format.}}"))


def engine_of(spec) -> str:
    """Return the module of the regular expression the field's pattern validator runs."""
    with FORM_APP.test_request_context():
        field = step_form_class(spec, "angaben")().code
    programs = [v.regex for v in field.validators if hasattr(v, "regex")]
    assert len(programs) == 1
    return type(programs[0]).__module__.split(".")[0]


@pytest.mark.parametrize(("pattern", "refused", "accepted"), EVIL,
                         ids=["nested plus", "alternation", "repeated dot-star", "words"])
def test_an_evil_pattern_checks_an_adversarial_answer_correctly_with_re2(pattern, refused,
                                                                        accepted):
    spec = pattern_field(pattern)
    assert engine_of(spec) == "re2"
    assert field_errors(spec, "code", refused) == ["Falsches Format."]
    assert field_errors(spec, "code", accepted) == []


@pytest.mark.parametrize(("pattern", "german"), [
    (r"^(a)\1$", "Rückverweise wie „\\1“ können nicht in begrenzter Zeit geprüft werden"),
    ("^(?P<x>a)(?P=x)$", "Rückverweis „(?P=“ kann nicht in begrenzter Zeit geprüft werden"),
    ("^(?=a)a$", "Vorausschau „(?=“ kann nicht in begrenzter Zeit geprüft werden"),
    ("^(?<!a)b$", "Rückschau „(?<!“ kann nicht in begrenzter Zeit geprüft werden"),
    ("^(?>a+)$", "atomare Gruppe „(?>“ kann nicht in begrenzter Zeit geprüft werden"),
], ids=["backreference", "named backreference", "lookahead", "lookbehind", "atomic"])
def test_a_pattern_that_needs_backtracking_is_refused_at_load_with_its_line(pattern, german):
    text = definition(f"- id: code\n  type: text\n  label: Code\n  pattern: {json.dumps(pattern)}")
    error = load_error(text)
    assert len(error.problems) == 1
    assert error.problems[0].message == f"pattern wird nicht unterstützt: {german}"
    assert error.problems[0].line == line_containing(text, "- id: code")


def test_python_spellings_keep_their_meaning_letters_and_digits_beyond_ascii_included():
    spec = pattern_field(r"^\w+\s\d{5}\Z")
    assert field_errors(spec, "code", "Jürgen 65183") == []
    assert field_errors(spec, "code", "Jürgen-65183") == ["Falsches Format."]
    assert field_errors(pattern_field(r"^[\w-]+$"), "code", "Groß-Gerau") == []
    assert field_errors(pattern_field(r"^\u00c4rger$"), "code", "Ärger") == []


def test_a_pattern_matches_from_the_start_of_the_answer_as_before():
    assert field_errors(pattern_field("[0-9]{5}"), "code", "65183 Wiesbaden") == []
    assert field_errors(pattern_field("[0-9]{5}"), "code", "D-65183") == ["Falsches Format."]


def test_the_pattern_is_not_given_to_the_browser():
    spec = pattern_field("^(a+)+$")
    with FORM_APP.test_request_context():
        html = str(step_form_class(spec, "angaben")().code())
    assert "pattern=" not in html


def test_a_huge_typed_licence_plate_is_refused_correctly_by_re2():
    with pytest.raises(PlateError) as caught:
        parse_plate("A" * 200_000 + "1A1", frozenset({"WI"}))
    assert str(caught.value).startswith("Ein Kennzeichen besteht aus Unterscheidungszeichen")
    assert parse_plate("wi-ab 123", frozenset({"WI"})).canonical() == "WI-AB 123"


@pytest.mark.parametrize(("pattern", "german"), [
    (r"\u12", "unvollständige Escape-Sequenz „\\u12“"),
    (r"^\u12g4$", "unvollständige Escape-Sequenz „\\u12“"),
    (r"[\u00e]", "unvollständige Escape-Sequenz „\\u00e“"),
    (r"\U0001f60", "unvollständige Escape-Sequenz „\\U0001f60“"),
    (r"\u{41}", "unvollständige Escape-Sequenz „\\u“"),
    (r"\U00110000", "„\\U00110000“ ist größer als U+10FFFF"),
], ids=["short", "not hex", "in class", "short U", "braces", "beyond unicode"])
def test_a_malformed_unicode_escape_in_a_pattern_is_refused_in_german_with_its_line(pattern,
                                                                                   german):
    text = definition(f"- id: code\n  type: text\n  label: Code\n  pattern: {json.dumps(pattern)}")
    error = load_error(text)
    assert len(error.problems) == 1
    assert error.problems[0].message.startswith(
        f"pattern ist kein gültiger regulärer Ausdruck: {german}")
    assert error.problems[0].line == line_containing(text, "- id: code")


@pytest.mark.parametrize("pattern", [r"^a\x00b$", r"^a\x{0}b$", r"^a\0b$", r"^a\012\0b$",
                                     r"[\x01-\x1f]", r"\x1b\[31m", r"\a", r"\u202e", r"\x{9b}",
                                     r"\U0000202E"],
                         ids=["hex nul", "braced nul", "octal nul", "octal nul later", "range",
                              "ansi", "bell", "rlo", "c1", "long rlo"])
def test_a_pattern_naming_a_control_character_is_refused_with_its_line(pattern):
    text = definition(f"- id: code\n  type: text\n  label: Code\n  pattern: '{pattern}'")
    error = load_error(text)
    assert len(error.problems) == 1
    assert error.problems[0].message.startswith("pattern enthält das unzulässige Zeichen U+")
    assert "keine Antwort kann es enthalten" in error.problems[0].message
    assert error.problems[0].line == line_containing(text, "- id: code")


def test_tab_and_line_break_escapes_and_printable_code_points_in_a_pattern_still_work():
    spec = pattern_field(r"^a\tb\n\x41\x{e4}\u00c4\U0001F600$")
    assert field_errors(spec, "code", "a\tb\nAäÄ😀") == []
    assert field_errors(spec, "code", "a b\nAäÄ😀") == ["Falsches Format."]
