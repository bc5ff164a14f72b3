"""A definition that cannot be loaded says which file, which line and which key is wrong."""

from __future__ import annotations

import re

import pytest

import forms
from forms.yamlsource import MAX_SOURCE_BYTES

from .helpers import (
    HEADER,
    NAME_FIELD,
    SOURCE,
    codelists,
    definition,
    line_containing,
    load,
    load_error,
)

NAME = """\
- id: name
  type: text
  label: Name
"""


def only_problem(error: forms.DefinitionError) -> forms.Problem:
    """Return the single problem of an error (a second one would be a false alarm)."""
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


def test_a_minimal_definition_loads():
    spec = load(definition(NAME))
    assert [f.id for f in spec.step("angaben").fields] == ["name"]


def test_a_misspelt_key_is_named_with_its_line_and_path():
    text = definition("""\
        - id: name
          type: text
          label: Name
          max_lenght: 100
        """)
    problem = only_problem(load_error(text))
    assert problem.message == "unbekannter Schlüssel „max_lenght“"
    assert problem.path == "steps.0.fields.0.max_lenght"
    assert problem.line == line_containing(text, "max_lenght")
    assert str(load_error(text)).startswith(f"{SOURCE}:{problem.line}: steps.0.fields.0.max_lenght")


def test_an_unknown_top_level_key_is_named_with_its_line():
    text = definition(NAME).replace("category: Tests", "category: Tests\nkategorie: Steuern")
    problem = only_problem(load_error(text))
    assert problem.message == "unbekannter Schlüssel „kategorie“"
    assert problem.line == line_containing(text, "kategorie:")


def test_a_missing_top_level_key_is_reported():
    text = definition(NAME).replace("reference_prefix: TST\n", "")
    problem = only_problem(load_error(text))
    assert problem.message == "Pflichtschlüssel „reference_prefix“ fehlt"


def test_a_field_without_label_is_reported_at_the_field():
    text = definition("""\
        - id: name
          type: text
        """)
    problem = only_problem(load_error(text))
    assert problem.message == "Pflichtschlüssel „label“ fehlt"
    assert problem.path == "steps.0.fields.0"
    assert problem.line == line_containing(text, "- id: name")


def test_a_value_of_the_wrong_type_is_reported_with_its_line():
    text = definition(NAME).replace("processing_days: 14", "processing_days: vierzehn")
    problem = only_problem(load_error(text))
    assert problem.path == "processing_days"
    assert problem.message == "erwartet eine ganze Zahl, gefunden einen Text"
    assert problem.line == line_containing(text, "processing_days")


def test_a_field_option_of_the_wrong_type_is_reported_with_its_line():
    text = definition("""\
        - id: name
          type: text
          label: Name
          max_length: lang
        """)
    problem = only_problem(load_error(text))
    assert problem.path == "steps.0.fields.0.max_length"
    assert problem.line == line_containing(text, "max_length")


def test_an_unknown_field_type_is_reported_with_the_known_ones():
    text = definition("""\
        - id: telefon
          label: Telefon
          type: telephone
        """)
    problem = only_problem(load_error(text))
    assert problem.message.startswith("unbekannter Feldtyp „telephone“ (bekannt: ")
    assert "iban" in problem.message
    assert problem.path == "steps.0.fields.0.type"
    assert problem.line == line_containing(text, "type: telephone")


AGAIN = "- {id: name, type: text, label: Noch ein Name}"
SECOND_USES = {
    "same step": definition(NAME + AGAIN),
    "other step": definition(NAME) + f"  - id: mehr\n    title: Mehr\n    fields:\n      {AGAIN}\n",
    "inside a group": definition(
        NAME + f"- id: gruppe\n  type: group\n  label: Gruppe\n  fields:\n    {AGAIN}"),
}


@pytest.mark.parametrize("text", SECOND_USES.values(), ids=SECOND_USES.keys())
def test_a_field_id_used_twice_is_reported_at_its_second_use(text):
    problem = only_problem(load_error(text))
    assert problem.message == "Feld-ID „name“ kommt doppelt vor"
    assert problem.line == line_containing(text, "Noch ein Name")


def test_a_step_id_used_twice_is_refused():
    text = definition(NAME) + (
        "  - id: angaben\n    title: Nochmal\n    fields:\n"
        "      - {id: ort, type: text, label: Ort}\n")
    problem = only_problem(load_error(text))
    assert "angaben" in problem.message and "doppelt" in problem.message
    assert problem.line == line_containing(text, "- id: angaben", occurrence=2)


def test_a_duplicate_yaml_key_is_refused_with_its_line():
    text = definition(NAME).replace("category: Tests", "category: Tests\ntitle: Zweiter Titel")
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML:")
    assert "'title' kommt doppelt vor" in problem.message
    assert problem.line == line_containing(text, "Zweiter Titel")


def test_broken_yaml_syntax_is_reported_with_its_line():
    text = definition("""\
        - id: name
          type: text
          label: [Name
        - id: ort
        """)
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML:")
    assert problem.line in {line_containing(text, "- id: ort"), line_containing(text, "[Name")}


def test_a_tab_indentation_is_reported_with_its_line():
    text = definition(NAME).replace("category: Tests", "category: Tests\n\tfoo: bar")
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML:")
    assert problem.line == line_containing(text, "\tfoo")


def test_an_unknown_code_list_is_reported_with_its_line():
    text = definition("""\
        - id: rasse
          type: select
          label: Rasse
          options_from: katzenrassen
        """)
    problem = only_problem(load_error(text))
    assert problem.message == "unbekannte Codeliste „katzenrassen“"
    assert problem.line == line_containing(text, "katzenrassen")


@pytest.mark.parametrize("choices", [
    "options: [{value: a, label: A}]\n  options_from: hunderassen",
    "help: weder options noch options_from",
], ids=["both", "neither"])
def test_a_choice_field_needs_exactly_one_of_options_and_options_from(choices):
    text = definition(f"- id: wahl\n  type: radio\n  label: Wahl\n  {choices}\n")
    problem = only_problem(load_error(text))
    assert problem.message == "braucht genau eines von „options“ oder „options_from“"
    assert problem.path == "steps.0.fields.0"
    assert problem.line == line_containing(text, "- id: wahl")


def test_a_pattern_that_is_no_regular_expression_is_refused():
    text = definition("""\
        - id: plz
          type: text
          label: Postleitzahl
          pattern: "^[0-9{5}$"
        """)
    problem = only_problem(load_error(text))
    assert problem.message.startswith("pattern ist kein gültiger regulärer Ausdruck")
    assert problem.line == line_containing(text, "- id: plz")


@pytest.mark.parametrize("bounds", [
    'min: "2026-02-01", max: "2026-01-31"',
    "min: today, max: today-1d",
    "min: today+10d, max: today+9d",
])
def test_a_date_whose_min_lies_after_its_max_is_refused(bounds):
    text = definition(f"- {{id: tag, type: date, label: Tag, {bounds}}}")
    problem = only_problem(load_error(text))
    assert problem.message == "min liegt nach max"
    assert problem.line == line_containing(text, "id: tag")


@pytest.mark.parametrize("bounds", [
    'min: "2026-02-30", max: "2026-12-31"',
    'max: "2026-02-30"',
    'min: "2026-13-01"',
], ids=["min with max", "max alone", "min alone"])
def test_a_date_bound_that_is_no_calendar_day_is_refused(bounds):
    text = definition(f"- {{id: tag, type: date, label: Tag, {bounds}}}")
    problem = only_problem(load_error(text))
    assert re.fullmatch(r"(min|max): „[0-9-]+“ ist kein Tag, den es im Kalender gibt",
                        problem.message), problem.message
    assert problem.line == line_containing(text, "id: tag")


def test_an_unquoted_date_bound_is_read_as_the_date_it_spells():
    spec = load(definition("- {id: tag, type: date, label: Tag, min: 2000-01-01, max: today}"))
    assert spec.steps[0].fields[0].settings["min"] == "2000-01-01"


def test_a_window_from_today_to_a_fixed_day_still_loads_after_it_closed():
    # Compared at load time, this definition would load until 2000 and fail every day after.
    spec = load(definition('- {id: tag, type: date, label: Tag, min: today, max: "2000-01-01"}'))
    assert spec.steps[0].fields[0].settings["max"] == "2000-01-01"


def test_an_unquoted_impossible_date_is_a_located_problem_not_a_crash():
    text = definition("- {id: tag, type: date, label: Tag, max: 2026-02-30}")
    problem = only_problem(load_error(text))
    assert problem.line == line_containing(text, "id: tag")


def test_a_group_whose_repeat_min_exceeds_max_is_refused():
    text = definition("""\
        - id: hunde
          type: group
          label: Hunde
          repeat: {min: 3, max: 2}
          fields:
            - {id: hundename, type: text, label: Name}
        """)
    problem = only_problem(load_error(text))
    assert problem.message == "repeat.min ist größer als repeat.max"
    assert problem.line == line_containing(text, "- id: hunde")


def test_a_group_inside_a_group_is_refused():
    text = definition("""\
        - id: hunde
          type: group
          label: Hunde
          fields:
            - id: welpen
              type: group
              label: Welpen
              fields:
                - {id: welpenname, type: text, label: Name}
        """)
    problem = only_problem(load_error(text))
    assert problem.message == "Gruppen lassen sich nicht verschachteln"
    assert problem.path == "steps.0.fields.0"


def test_a_group_without_repeat_is_filled_in_exactly_once():
    spec = load(definition("""\
        - id: anschrift
          type: group
          label: Anschrift
          fields:
            - {id: strasse, type: text, label: Straße}
        """))
    assert spec.steps[0].fields[0].repeat == forms.Repeat(min=1, max=1)


def test_a_definition_over_the_size_limit_is_refused_before_parsing():
    padding = "# " + "x" * 98 + "\n"
    text = definition(NAME) + padding * (MAX_SOURCE_BYTES // len(padding) + 1)
    problem = only_problem(load_error(text))
    assert problem.message == f"Die Definition ist größer als {MAX_SOURCE_BYTES // 1024} KiB."


def test_a_definition_just_under_the_size_limit_loads():
    text = definition(NAME)
    text += "#" * (MAX_SOURCE_BYTES - len(text.encode("utf-8")) - 1) + "\n"
    assert len(text.encode("utf-8")) == MAX_SOURCE_BYTES
    assert load(text).slug == "testleistung"


def test_python_tags_are_refused_and_never_executed(tmp_path):
    marker = tmp_path / "ausgefuehrt"
    text = definition(NAME).replace(
        "summary: Eine Leistung nur für Tests.",
        f'summary: !!python/object/apply:os.system ["touch {marker}"]')
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML:")
    assert "python/object" in problem.message
    assert problem.line == line_containing(text, "summary:")
    assert not marker.exists()


@pytest.mark.parametrize("keys", ["1: eins\nfoo: bar", "no: nein\nfoo: bar"])
def test_unknown_keys_that_are_not_text_are_reported_not_crashed(keys):
    text = definition(NAME).replace("category: Tests", f"category: Tests\n{keys}")
    error = load_error(text)
    assert "unbekannter Schlüssel" in str(error)


def test_a_list_as_mapping_key_is_a_located_problem_not_a_crash():
    text = definition(NAME).replace("category: Tests", "category: Tests\n? [a, b]\n: c")
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML:")
    assert problem.line == line_containing(text, "? [a, b]")


def test_a_value_yaml_cannot_build_is_a_located_problem_not_a_crash():
    text = definition(NAME).replace("version: 1", "version: !!int eins")
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Kein gültiges YAML:")
    assert problem.line == line_containing(text, "version:")


def test_every_problem_of_a_definition_is_reported_at_once():
    text = definition("""\
        - id: name
          type: text
          label: Name
          max_lenght: 100
        - id: ort
          type: text
          label: Ort
          minlength: 2
        """)
    lines = {p.line for p in load_error(text).problems}
    assert lines == {line_containing(text, "max_lenght"), line_containing(text, "minlength")}


def test_an_empty_file_is_refused():
    problem = only_problem(load_error(""))
    assert problem.message == ("erwartet einen Abschnitt (Schlüssel: Wert), gefunden nichts "
                               "(leerer Wert)")


def test_the_header_alone_is_refused_for_lack_of_fields():
    error = load_error(HEADER + "      []\n")
    assert "fields" in str(error)


def test_every_unknown_department_is_named_with_its_own_line():
    text = definition(NAME).replace("department: steueramt", "department: bauamt") + (
        "routing:\n"
        "  - {when: \"name == 'a'\", to: steueramt}\n"
        "  - {when: \"name == 'b'\", to: gartenamt}\n"
        "recipients:\n"
        "  - {department: finanzamt, fields: [name]}\n")
    error = forms_error(text, departments={"steueramt", "ordnungsamt"})
    assert [(p.path, p.message, p.line) for p in error.problems] == [
        ("department", "unbekanntes Amt „bauamt“", line_containing(text, "bauamt")),
        ("routing.1.to", "unbekanntes Amt „gartenamt“", line_containing(text, "gartenamt")),
        ("recipients.0.department", "unbekanntes Amt „finanzamt“",
         line_containing(text, "finanzamt")),
    ]


def test_known_departments_load_and_without_a_list_none_are_checked():
    text = definition(NAME).replace("department: steueramt", "department: bauamt")
    assert forms.load_definition(text, SOURCE, codelists(), departments={"bauamt"})
    assert forms.load_definition(text, SOURCE, codelists()).department == "bauamt"


def forms_error(text: str, departments: set[str]) -> forms.DefinitionError:
    """Load with the given known departments; return the error it must raise."""
    with pytest.raises(forms.DefinitionError) as caught:
        forms.load_definition(text, SOURCE, codelists(), departments=departments)
    return caught.value


# --- every message German: no regular expression, no JSON or Python type name -----------------

N = NAME_FIELD


@pytest.mark.parametrize(("old", "new", "path", "message"), [
    ("slug: testleistung", "slug: Test_Leistung", "slug", "hat nicht die erwartete Form: "
     "Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. hundesteuer-anmeldung"),
    ("reference_prefix: TST", "reference_prefix: T1", "reference_prefix",
     "hat nicht die erwartete Form: 2 bis 5 Großbuchstaben, z. B. HST"),
    ("department: steueramt", "department: Steueramt", "department",
     "hat nicht die erwartete Form: die Kennung eines Amts: Kleinbuchstaben, Ziffern, - und _, "
     "z. B. steueramt"),
    ("- {id: name, type: text, label: Name}", "- {id: d, type: date, label: D, max: heute}",
     "steps.0.fields.0.max", "hat nicht die erwartete Form: today, today-18y, today+6m, "
                             "today+30d oder ein Datum JJJJ-MM-TT"),
    ("version: 1", "version: 1.5", "version", "erwartet eine ganze Zahl, gefunden eine Kommazahl"),
    ("version: 1", "version: !!binary aGFsbG8=", "version",
     "erwartet eine ganze Zahl, gefunden Binärdaten (!!binary)"),
    ("title: Testleistung", "title: 5", "title", "erwartet einen Text oder einen Abschnitt mit "
         "„de“ (deutsch) und „en“ (englisch), gefunden eine ganze Zahl"),
    ("steps:\n", "steps: abc\nxsteps:\n", "steps", "erwartet eine Liste, gefunden einen Text"),
    ("version: 1", "version: true", "version",
     "erwartet eine ganze Zahl, gefunden einen Wahrheitswert"),
])
def test_a_schema_problem_is_described_in_german_words(old, new, path, message):
    text = definition(N).replace(old, new)
    problems = {p.path: p.message for p in load_error(text).problems}
    assert problems[path] == message


@pytest.mark.parametrize(("today", "fee", "path", "message"), [
    ("2026-1-1", "12", "tests.0.today", "ein Datum JJJJ-MM-TT, z. B. 2026-03-01"),
    ("2026-01-01", "zwölf", "tests.0.expect.fee", "ein Betrag in Euro mit höchstens zwei "
                                                  "Nachkommastellen"),
])
def test_a_rule_test_problem_describes_the_expected_form(today, fee, path, message):
    text = definition(N) + (f"tests:\n  - {{name: a, today: '{today}', answers: {{}}, "
                            f"expect: {{fee: '{fee}'}}}}\n")
    problems = {p.path: p.message for p in load_error(text).problems}
    assert message in problems[path] and "^" not in problems[path]


@pytest.mark.parametrize("text", ["- a\n- b\n", "42", "'text'"])
def test_a_document_that_is_no_mapping_is_refused_in_german(text):
    problem = only_problem(load_error(text))
    assert problem.message.startswith("erwartet einen Abschnitt (Schlüssel: Wert), gefunden ")
    assert not re.search(r"\b(object|list|int|str)\b", str(problem.message))


@pytest.mark.parametrize(("version", "message"), [
    ("99999999999999999999999", "darf höchstens 2147483647 sein"),
    ("2147483648", "darf höchstens 2147483647 sein"), ("0", "muss mindestens 1 sein")])
def test_a_version_beyond_a_database_integer_is_refused_with_its_line(version, message):
    text = definition(N).replace("version: 1", f"version: {version}")
    problem = only_problem(load_error(text))
    assert (problem.path, problem.message) == ("version", message)
    assert problem.line == line_containing(text, "version:")


def test_the_largest_version_a_page_can_open_loads():
    assert load(definition(N).replace("version: 1", "version: 2147483647")).version == 2**31 - 1


@pytest.mark.parametrize("number", [".nan", ".inf", "-.inf", ".NaN"])
def test_a_number_that_is_not_finite_is_refused_where_it_stands(number):
    text = definition(f"- {{id: n, type: file, label: N, max_size_mb: {number}}}")
    problem = only_problem(load_error(text))
    assert problem.message == f"Kein gültiges YAML: „{number}“ ist keine endliche Zahl"
    assert problem.line == line_containing(text, "max_size_mb")


def every_schema() -> dict[str, dict]:
    """Return every JSON Schema an administrator's YAML is checked against, by name."""
    from buergerbuero.catalogue.departments import DEPARTMENTS_SCHEMA
    from buergerbuero.catalogue.routing import ROUTING_SCHEMA
    from forms.codelists import CODELIST_SCHEMA
    from forms.loader import document_schema

    schemas = {"service": document_schema(), "codelist": CODELIST_SCHEMA,
               "departments": DEPARTMENTS_SCHEMA, "routing": ROUTING_SCHEMA}
    return schemas | {f"field type {name}": forms.field_types[name].schema()
                      for name in forms.field_types}


def schema_nodes(schema):
    """Yield every subschema (a dict of keywords), not the maps of property names."""
    if isinstance(schema, list):
        for item in schema:
            yield from schema_nodes(item)
    if not isinstance(schema, dict):
        return
    yield schema
    for keyword, value in schema.items():
        named = keyword in ("properties", "$defs", "patternProperties")
        yield from schema_nodes(list(value.values()) if named else value)


STRUCTURE = {"$schema", "$id", "$ref", "$defs", "title", "description", "properties", "items",
             "propertyNames", "additionalProperties", "required", "x-message", "default",
             "x-text"}


@pytest.mark.parametrize("name", every_schema())
def test_every_pattern_is_described_and_every_keyword_has_a_german_message(name):
    from forms.schemaerrors import MESSAGE, MESSAGES

    for node in schema_nodes(every_schema()[name]):
        if isinstance(node.get("pattern"), str):
            assert MESSAGE in node, f"{name}: pattern {node['pattern']} without {MESSAGE}"
        untold = {k for k in node if isinstance(k, str)} - STRUCTURE - set(MESSAGES)
        assert not untold, f"{name}: no German message for {untold}"


def test_two_options_of_one_value_are_refused_with_their_line():
    text = definition(
        "- {id: wahl, type: radio, label: Wahl, options: [{value: a, label: A}, "
        "{value: a, label: B}]}")
    problem = only_problem(load_error(text))
    assert "Der Wert „a“ kommt in den Optionen mehrfach vor" in problem.message
    assert problem.line == line_containing(text, "id: wahl")


def test_a_code_list_with_one_value_twice_is_refused():
    from forms.codelists import load_codelist

    text = ("id: farben\ntitle: Farben\nentries:\n  - {value: rot, label: Rot}\n"
            "  - {value: rot, label: Rötlich}\n")
    with pytest.raises(forms.DefinitionError, match="Der Wert „rot“ kommt in der Codeliste"):
        load_codelist(text, "farben.yaml")
