"""Definitions in German and English: texts as {de, en}, messages per request, answers alike."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from markupsafe import escape
from werkzeug.datastructures import MultiDict

import forms
from forms import schemaextract
from forms.codelists import load_codelist
from forms.fields.numbers import number_text, parse_number
from forms.texts import Text

from .helpers import FORM_APP, HEADER, definition, line_containing, load, load_error

BILINGUAL = """\
- id: vorname
  type: text
  required: true
  label: {de: Vorname, en: First name}
  help: {de: Wie im Ausweis, en: As in your identity card}
- id: farbe
  type: select
  label: {de: Farbe, en: Colour}
  options:
    - {value: rot, label: {de: Rot, en: Red}}
    - {value: blau, label: {de: Blau, en: Blue}}
- id: zustimmung
  type: boolean
  required: true
  label: {de: Ich stimme zu, en: I agree}
"""
ENGLISH_HEADER = HEADER \
    .replace("title: Testleistung", "title: {de: Testleistung, en: Test service}") \
    .replace("summary: Eine Leistung nur für Tests.",
             "summary: {de: Eine Leistung nur für Tests., en: A service for tests only.}") \
    .replace("category: Tests", "category: {de: Tests, en: Tests}") \
    .replace("title: Angaben", "title: {de: Angaben, en: Details}")


def bilingual() -> forms.ServiceSpec:
    """Return a definition whose every text has English."""
    return load(definition(BILINGUAL, ENGLISH_HEADER))


def post(spec: forms.ServiceSpec, data: dict, language: str) -> tuple[bool, dict, dict, str]:
    """Post the first step in a request of `language`; return valid, errors, answers, HTML."""
    with FORM_APP.test_request_context(method="POST", headers={"Accept-Language": language}):
        form = forms.step_form_class(spec, spec.steps[0].id)(formdata=MultiDict(data))
        valid = form.validate()
        html = "".join(str.__str__(field()) + str.__str__(field.label()) for field in form)
        html += str.__str__(escape(spec.title))
        errors = {key: [str(m) for m in messages] for key, messages in form.errors.items()}
        return valid, errors, forms.step_answers(spec.steps[0], form) if valid else {}, html


def test_a_bilingual_definition_speaks_english_to_an_english_reader_and_german_otherwise():
    spec = bilingual()
    _, english, _, html = post(spec, {}, "en")
    assert english["vorname"] == ["Please fill in “First name”."]
    assert english["zustimmung"] == ["Please tick “I agree”."]
    assert "Red" in html and "First name" in html and "Test service" in html
    _, german, _, html = post(spec, {}, "de")
    assert german["vorname"] == ["Bitte füllen Sie „Vorname“ aus."]
    assert "Rot" in html and "Vorname" in html and "Red" not in html


def test_one_compiled_form_serves_both_languages():
    spec = bilingual()
    assert forms.step_form_class(spec, "angaben") is forms.step_form_class(spec, "angaben")
    assert post(spec, {}, "en")[1]["vorname"] != post(spec, {}, "de")[1]["vorname"]


def test_answers_stored_are_the_same_whichever_language_filled_the_form():
    spec = bilingual()
    data = {"vorname": "Ada", "farbe": "blau", "zustimmung": "y"}
    english, german = post(spec, data, "en"), post(spec, data, "de")
    assert english[0] and german[0]
    assert english[2] == german[2] == {"vorname": "Ada", "farbe": "blau", "zustimmung": True}


def test_a_german_fallback_is_marked_but_an_option_holds_plain_text():
    spec = load(definition("""\
        - id: farbe
          type: select
          label: {de: Farbe, en: Colour}
          options: [{value: rot, label: Rot}]
        """))
    html = post(spec, {}, "en")[3]
    assert ">Rot</option>" in html  # no <span> inside an <option>
    with FORM_APP.test_request_context(headers={"Accept-Language": "en"}):
        assert str(escape(spec.steps[0].fields[0].options[0].label)) == '<span lang="de">Rot</span>'


def test_a_half_translated_definition_loads_with_a_located_warning():
    text = definition("""\
        - {id: name, type: text, label: {de: Name, en: Name}}
        - {id: ort, type: text, label: Wohnort}
        """)
    spec = load(text)
    warnings = spec.english_warnings()
    places = {w.path: w.line for w in warnings}
    assert places["steps.0.fields.1.label"] == line_containing(text, "Wohnort")
    assert "title" in places and "steps.0.fields.0.label" not in places
    assert all(w.message == "Englische Übersetzung fehlt" for w in warnings)
    assert spec.missing_english() == [w.path for w in warnings]
    with FORM_APP.test_request_context(headers={"Accept-Language": "en"}):
        assert warnings[0].message == "English translation missing"


def test_a_german_only_definition_has_no_warning_but_lists_its_german_places():
    spec = load(definition("- {id: name, type: text, label: Name}"))
    assert spec.english_warnings() == []
    assert "steps.0.fields.0.label" in spec.missing_english()


@pytest.mark.parametrize(("label", "path", "message"), [
    ("{de: Name, fr: Nom}", "label.fr", "unbekannter Schlüssel „fr“"),
    ("{de: Name, EN: Name}", "label.EN", "unbekannter Schlüssel „EN“"),
    ("{en: Name}", "label", "Pflichtschlüssel „de“ fehlt"),
    ("{de: '', en: Name}", "label.de", "darf nicht leer sein"),
    ("{de: Name, en: ''}", "label.en", "darf nicht leer sein"),
    ("{de: 5}", "label.de", "erwartet einen Text, gefunden eine ganze Zahl"),
    ("[Name]", "label", "erwartet einen Text oder einen Abschnitt mit „de“ (deutsch) und „en“ "
                        "(englisch), gefunden eine Liste"),
])
def test_a_text_of_the_wrong_shape_is_refused_with_file_and_line(label, path, message):
    text = definition(f"- {{id: name, type: text, label: {label}}}")
    problems = {p.path: p for p in load_error(text).problems}
    problem = problems[f"steps.0.fields.0.{path}"]
    assert problem.message == message
    assert problem.line == line_containing(text, "id: name")
    assert "testleistung.yaml:" in load_error(text).problems[0].describe("testleistung.yaml")


def test_a_problem_is_told_in_english_to_an_english_speaking_administrator():
    error = load_error(definition("- {id: name, type: text, label: {de: Name, fr: Nom}}")
                       .replace("reference_prefix: TST", "reference_prefix: T1"))
    with FORM_APP.test_request_context(headers={"Accept-Language": "en"}):
        told = {p.path: p.message for p in error.problems}
    assert told["steps.0.fields.0.label.fr"] == "unknown key “fr”"
    assert told["reference_prefix"] == "does not have the expected form: 2 to 5 capital letters, " \
                                       "e.g. HST"


def test_a_text_option_of_a_field_type_may_be_bilingual_and_is_checked_alike():
    spec = load(definition("""\
        - id: hunde
          type: group
          label: Hunde
          item_label: {de: Hund, en: Dog}
          fields:
            - {id: name, type: text, label: Name}
        - {id: hinweis, type: info, label: Hinweis, text: {de: Lesen, en: Read}}
        """))
    group = spec.steps[0].fields[0]
    assert group.settings["item_label"] == Text("Hund", "Dog")
    with FORM_APP.test_request_context(headers={"Accept-Language": "en"}):
        assert str(spec.steps[0].fields[1].settings["text"]) == "Read"
    error = load_error(definition("- {id: h, type: info, label: H, text: {de: Lesen, es: Leer}}"))
    assert "steps.0.fields.0.text.es" in {p.path for p in error.problems}


def test_a_placeholder_kept_in_one_language_only_is_refused():
    text = definition("- {id: name, type: text, label: {de: 'Name {n}', en: Name}}")
    problem = load_error(text).problems[0]
    assert problem.path == "steps.0.fields.0.label"
    assert "Platzhalter" in problem.message and "{n}" in problem.message
    assert problem.line == line_containing(text, "id: name")


def test_rule_tests_give_the_same_result_in_either_language_with_translated_messages():
    text = definition(BILINGUAL, ENGLISH_HEADER) + (
        "tests:\n  - {name: Farbe, answers: {farbe: rot}, expect: {hidden: [farbe]}}\n")
    spec = load(text)
    with FORM_APP.test_request_context(headers={"Accept-Language": "en"}):
        english = [(r.passed, [str(m) for m in r.messages]) for r in forms.run_rule_tests(spec)]
    with FORM_APP.test_request_context():
        german = [(r.passed, [str(m) for m in r.messages]) for r in forms.run_rule_tests(spec)]
    assert [p for p, _ in english] == [p for p, _ in german] == [False]
    assert english[0][1] == ["Field “farbe” should be hidden, but is visible"]
    assert german[0][1] == ["Feld „farbe“ sollte verborgen sein, ist aber sichtbar"]


def test_a_code_list_entry_may_be_bilingual():
    ident, options = load_codelist(
        "id: farben\ntitle: {de: Farben, en: Colours}\nentries:\n"
        "  - {value: rot, label: {de: Rot, en: Red}}\n  - {value: gelb, label: Gelb}\n",
        "farben.yaml")
    assert ident == "farben" and options[0].label == Text("Rot", "Red")
    with pytest.raises(forms.DefinitionError, match=r"farben.yaml:4: entries.0.label.fr"):
        load_codelist("id: farben\ntitle: Farben\nentries:\n"
                      "  - {value: rot, label: {de: Rot, fr: Rouge}}\n", "farben.yaml")


def test_the_schema_extractor_finds_every_x_message_with_its_line():
    text = (b'{\n "a": {"pattern": "x",\n  "x-message": "zwei Buchstaben"},\n'
            b' "b": [{"x-message": "drei"}]}')
    found = list(schemaextract.extract(io.BytesIO(text), {}, (), {}))
    assert found == [(3, None, "zwei Buchstaben", []), (4, None, "drei", [])]


def test_the_labels_of_a_code_list_a_field_draws_on_count_where_english_is_missing():
    header = ENGLISH_HEADER.replace("steps:\n", "codelists:\n  farben:\n"
                                    "    - {value: rot, label: {de: Rot, en: Red}}\n"
                                    "    - {value: gelb, label: Gelb}\nsteps:\n")
    text = definition("""\
        - {id: name, type: text, label: {de: Name, en: Name}}
        - {id: farbe, type: select, label: {de: Farbe, en: Colour}, options_from: farben}
        """, header)
    spec = load(text)
    assert spec.missing_english() == ["codelists.farben.1.label"]
    assert spec.english_warnings()[0].line == line_containing(text, "label: Gelb")


def test_a_shared_code_list_without_english_counts_as_the_fields_texts():
    shared = {"farben": (forms.Option("rot", Text("Rot", "Red")),
                         forms.Option("gelb", Text("Gelb")))}
    spec = forms.load_definition(definition(
        "- {id: farbe, type: select, label: {de: Farbe, en: Colour}, options_from: farben}",
        ENGLISH_HEADER), "x.yaml", shared)
    assert spec.missing_english() == ["steps.0.fields.0.options_from.1"]


def test_make_translations_finds_the_schemas_descriptions_beside_the_marked_strings():
    from buergerbuero.core import catalogs

    found = {message.id for message in catalogs.extract()}
    assert "2 bis 5 Großbuchstaben, z. B. HST" in found  # forms/schema/service.schema.json
    assert "Bitte füllen Sie „%(label)s“ aus." in found  # forms/fields/base.py


def test_an_info_text_and_a_group_entry_message_speak_the_readers_language():
    spec = load(definition("""\
        - {id: hinweis, type: info, label: {de: Hinweis, en: Note}, text: {de: Lesen, en: Read}}
        - id: hunde
          type: group
          label: {de: Hunde, en: Dogs}
          item_label: {de: Hund, en: Dog}
          fields:
            - {id: name, type: text, required: true, label: {de: Name, en: Name}}
        """))
    with FORM_APP.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        form = forms.step_form_class(spec, "angaben")(formdata=MultiDict({"hunde-0-name": ""}))
        assert "<p class=\"kern-body\">Read</p>" in str(form.hinweis())
        assert not form.validate()
        assert [str(m) for m in form.hunde.entries[0].form.name.errors] == [
            "Dog 1: Please fill in “Name”."]


@pytest.mark.parametrize("typed, value", [
    ("1,234.56", Decimal("1234.56")), ("1234.5", Decimal("1234.5")), ("12,5", Decimal("12.5")),
    ("1,234", Decimal("1234")), ("−7", Decimal("-7")), ("12 345.6", Decimal("12345.6")),
])
def test_an_english_reader_types_numbers_the_english_way(typed, value):
    assert parse_number(typed, "en") == value


@pytest.mark.parametrize("typed, value", [
    ("1.234,56", Decimal("1234.56")), ("1.234", Decimal("1234")), ("12,5", Decimal("12.5")),
])
def test_a_german_reader_keeps_the_german_way(typed, value):
    assert parse_number(typed, "de") == value


@pytest.mark.parametrize("typed", ["1,23,4", "1.234,5", "12.34.5", "abc"])
def test_a_number_written_neither_way_is_refused_in_english(typed):
    with pytest.raises(ValueError):
        parse_number(typed, "en")


def test_numbers_are_shown_the_readers_way_and_round_trip():
    value = Decimal("12345.67")
    assert (number_text(value, "de"), number_text(value, "en")) == ("12.345,67", "12,345.67")
    assert number_text(Decimal("1998"), "en") == "1998"  # four digits stay ungrouped
    for language in ("de", "en"):
        assert parse_number(number_text(value, language), language) == value


def test_a_group_message_names_its_field_and_a_german_info_text_is_marked_on_english_pages():
    spec = load(definition("""\
        - {id: hinweis, type: info, label: {de: Hinweis, en: Note}, text: Nur auf Deutsch}
        - id: hunde
          type: group
          label: {de: Hunde, en: Dogs}
          item_label: {de: Hund, en: Dog}
          fields:
            - {id: chip, type: text, label: {de: Chipnummer, en: Microchip number},
               pattern: "^[0-9]+$", pattern_message: {de: Nur Ziffern., en: Digits only.}}
        """))
    with FORM_APP.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        form = forms.step_form_class(spec, "angaben")(formdata=MultiDict({"hunde-0-chip": "x"}))
        assert '<div class="kern-alert__body" lang="de">' in str(form.hinweis())
        assert not form.validate()
        assert [str(m) for m in form.hunde.entries[0].form.chip.errors] == [
            "Dog 1: Microchip number: Digits only."]
