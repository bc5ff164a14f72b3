"""Rule tests inside a definition (`tests:`): checked when loaded, with their lines; run by the
same evaluator the forms use; every kind of mismatch reported in German."""

from __future__ import annotations

import datetime as dt

import pytest

import forms
from forms.ruletests import run_rule_tests

from .helpers import definition, line_containing, load, load_error

FIELDS = """\
- id: art
  type: radio
  label: Art
  required: true
  options: [{value: privat, label: Privat}, {value: gewerblich, label: Gewerblich}]
- {id: firma, type: text, label: Firma,
   visible_if: "art == 'gewerblich'", required_if: "art == 'gewerblich'"}
- {id: telefon, type: text, label: Telefon}
- {id: beginn, type: date, label: Beginn}
- id: hunde
  type: group
  label: Hunde
  repeat: {min: 1, max: 3}
  fields:
    - {id: gefaehrlich, type: boolean, label: Gefährlich}
    - {id: nachweis, type: text, label: Nachweis, visible_if: gefaehrlich,
       required_if: gefaehrlich}
"""
# A fee and routing rules between the header's keys and `steps:`; a second step that applies
# only to businesses; then the tests.
RULES = """\
fee: {expression: "if(art == 'gewerblich', 50, 20) + 10 * len(hunde)
                   - if(beginn < today - 30, 5, 0)", currency: EUR}
routing:
  - {when: "art == 'gewerblich'", to: ordnungsamt}
"""
STEP_TWO = """\
  - id: gewerbe
    title: Gewerbe
    visible_if: "art == 'gewerblich'"
    fields:
      - {id: register, type: text, label: Registernummer}
"""


def service(tests: str) -> str:
    """Return the test definition with these tests (YAML, indented as under `tests:`)."""
    text = definition(FIELDS).replace("steps:\n", RULES + "steps:\n", 1) + STEP_TWO
    return text + "tests:\n" + tests


def results(tests: str, today: dt.date | None = None) -> list[forms.RuleTestResult]:
    return run_rule_tests(load(service(tests)), today)


def messages(tests: str) -> list[str]:
    (result,) = results(tests)
    return list(result.messages)


PRIVATE = """\
  - name: Privat
    answers: {art: privat, hunde: [{gefaehrlich: false}]}
    expect:
"""


# --- the runner ----------------------------------------------------------------------------

def test_a_test_that_matches_passes_with_no_messages():
    (result,) = results("""\
  - name: Gewerblich mit gefährlichem Hund
    answers: {art: gewerblich, firma: Muster GmbH, hunde: [{gefaehrlich: false},
              {gefaehrlich: true}]}
    expect:
      visible: [firma, register, hunde.2.nachweis]
      hidden: [hunde.1.nachweis]
      required: [art, firma, hunde.2.nachweis]
      optional: [telefon, register, hunde.1.gefaehrlich]
      fee: "70.00"
      department: ordnungsamt
      steps: [angaben, gewerbe]
""")
    assert result.name == "Gewerblich mit gefährlichem Hund"
    assert result.passed and result.messages == ()


def test_a_field_expected_visible_but_hidden_is_reported():
    assert messages(PRIVATE + "      visible: [firma]\n") == [
        "Feld „firma“ sollte sichtbar sein, ist aber verborgen"]


def test_a_field_of_a_skipped_step_is_hidden_and_the_message_says_why():
    assert messages(PRIVATE + "      visible: [register]\n") == [
        "Feld „register“ sollte sichtbar sein, ist aber verborgen (Schritt „gewerbe“ entfällt)"]


def test_a_field_expected_hidden_but_shown_is_reported():
    assert messages(PRIVATE + "      hidden: [telefon, hunde.1.gefaehrlich]\n") == [
        "Feld „telefon“ sollte verborgen sein, ist aber sichtbar",
        "Feld „hunde.1.gefaehrlich“ sollte verborgen sein, ist aber sichtbar"]


def test_a_field_expected_required_but_optional_or_hidden_is_reported():
    assert messages(PRIVATE + "      required: [telefon, firma, hunde.1.nachweis]\n") == [
        "Feld „telefon“ sollte Pflichtfeld sein, ist aber freiwillig",
        "Feld „firma“ sollte Pflichtfeld sein, ist aber verborgen",
        "Feld „hunde.1.nachweis“ sollte Pflichtfeld sein, ist aber verborgen"]


def test_required_if_and_required_true_both_make_a_field_required():
    tests = """\
  - name: Gewerblich
    answers: {art: gewerblich, hunde: [{gefaehrlich: true}]}
    expect: {optional: [art, firma, hunde.1.nachweis, telefon]}
"""
    assert messages(tests) == [
        "Feld „art“ sollte freiwillig sein, ist aber Pflichtfeld",
        "Feld „firma“ sollte freiwillig sein, ist aber Pflichtfeld",
        "Feld „hunde.1.nachweis“ sollte freiwillig sein, ist aber Pflichtfeld"]


def test_a_field_expected_optional_but_hidden_is_reported():
    assert messages(PRIVATE + "      optional: [register]\n") == [
        "Feld „register“ sollte freiwillig sein, ist aber verborgen (Schritt „gewerbe“ entfällt)"]


def test_a_wrong_fee_is_reported_in_euros_as_germans_write_them():
    assert messages(PRIVATE + "      fee: 300\n") == [
        "Gebühr: erwartet 300,00 €, berechnet 30,00 €"]


@pytest.mark.parametrize("fee", ["30.00", "30,00", 30, 30.0])
def test_a_fee_may_be_written_as_text_or_number(fee):
    assert messages(PRIVATE + f"      fee: {fee!r}\n".replace("'", '"')) == []


def test_the_fee_is_computed_from_the_answers_that_apply():
    # `firma` is hidden for private use, so its answer does not count: the fee sees the same
    # pruned answers as the review and the filed case (unpruned, it would be 50 + 10).
    tests = """\
  - name: Privat mit Firmenangabe
    answers: {art: privat, firma: X, hunde: [{gefaehrlich: false}]}
    expect: {fee: 30}
"""
    text = service(tests).replace("if(art == 'gewerblich', 50, 20)",
                                  "if(firma == 'X' or art == 'gewerblich', 50, 20)")
    assert text != service(tests)
    assert [r.messages for r in run_rule_tests(load(text))] == [()]


def test_no_fee_expected_but_one_computed_and_the_other_way_round():
    assert messages(PRIVATE + "      fee: null\n") == [
        "Gebühr: erwartet keine Gebühr, berechnet 30,00 €"]
    text = service(PRIVATE + "      fee: 12.8\n").replace(RULES, "")
    (result,) = run_rule_tests(load(text))
    assert result.messages == ("Gebühr: erwartet 12,80 €, berechnet keine Gebühr",)
    text = service(PRIVATE + "      fee: null\n").replace(RULES, "")
    assert run_rule_tests(load(text))[0].passed


def test_a_wrong_department_names_what_the_routing_rules_give():
    assert messages(PRIVATE + "      department: ordnungsamt\n") == [
        "Amt: erwartet ordnungsamt, ergibt steueramt"]
    tests = """\
  - name: Gewerblich
    answers: {art: gewerblich}
    expect: {department: steueramt}
"""
    assert messages(tests) == ["Amt: erwartet steueramt, ergibt ordnungsamt"]


def test_steps_that_should_or_should_not_apply_are_reported():
    assert messages(PRIVATE + "      steps: [angaben, gewerbe]\n") == [
        "Schritt „gewerbe“ sollte gelten, entfällt aber"]
    tests = """\
  - name: Gewerblich
    answers: {art: gewerblich}
    expect: {steps: [angaben]}
"""
    assert messages(tests) == ["Schritt „gewerbe“ sollte entfallen, gilt aber"]


def test_every_mismatch_of_one_test_is_reported_and_each_test_separately():
    tests = PRIVATE + """\
      visible: [firma]
      fee: 1
      department: ordnungsamt
  - name: Ohne Angaben
    answers: {}
    expect: {hidden: [firma], fee: 20}
"""
    first, second = results(tests)
    assert not first.passed and len(first.messages) == 3
    assert second.name == "Ohne Angaben" and second.passed


def test_today_pins_the_day_a_rule_with_today_is_evaluated_on():
    tests = """\
  - name: Früher Beginn
    today: "2026-06-01"
    answers: {art: privat, beginn: "2026-04-01"}
    expect: {fee: 15}
  - name: Ohne Tag
    answers: {art: privat, beginn: "2026-04-01"}
    expect: {fee: 15}
"""
    pinned, free = results(tests, today=dt.date(2026, 4, 2))
    assert pinned.passed  # 61 days after the start on its own day: 5 € less
    assert free.messages == ("Gebühr: erwartet 15,00 €, berechnet 20,00 €",)  # the runner's day


def test_running_leaves_the_answers_unchanged():
    spec = load(service(PRIVATE + "      hidden: [firma]\n"))
    before = dict(spec.tests[0].answers)
    run_rule_tests(spec)
    run_rule_tests(spec)
    assert dict(spec.tests[0].answers) == before and before["hunde"] == [{"gefaehrlich": False}]


def test_a_definition_without_tests_has_no_results():
    assert load(definition(FIELDS)).tests == ()
    assert run_rule_tests(load(definition(FIELDS))) == []


def test_the_parsed_tests_keep_their_line():
    text = service(PRIVATE + "      hidden: [firma]\n")
    assert load(text).tests[0].line == line_containing(text, "- name: Privat")


# --- load time: named ids must exist, located by line ----------------------------------------

LOAD_ERRORS = [
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privat, farbe: rot, hunde: [{gefaehrlich: false}]}",
     "tests.0.answers.farbe", "unbekanntes Feld „farbe“", "farbe: rot"),
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privat, nachweis: x}",
     "tests.0.answers.nachweis",
     "„nachweis“ ist ein Feld der Gruppe „hunde“: geben Sie es in einem Eintrag von „hunde“ an",
     "nachweis: x"),
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privat, hunde: [{gefaehrlich: false, farbe: rot}]}",
     "tests.0.answers.hunde.0.farbe", "unbekanntes Feld „farbe“ in der Gruppe „hunde“",
     "farbe: rot"),
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privatt, hunde: [{gefaehrlich: false}]}",
     "tests.0.answers.art", "„privatt“ ist keine Auswahl von „art“ (möglich: privat, gewerblich)",
     "art: privatt"),
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privat, beginn: 01.04.2026, hunde: [{gefaehrlich: false}]}",
     "tests.0.answers.beginn", "„beginn“ erwartet ein Datum JJJJ-MM-TT", "beginn: 01.04"),
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privat, hunde: [{gefaehrlich: ja}]}",
     "tests.0.answers.hunde.0.gefaehrlich", "„gefaehrlich“ erwartet true oder false",
     "gefaehrlich: ja"),
    ("answers: {art: privat, hunde: [{gefaehrlich: false}]}",
     "answers: {art: privat, hunde: {gefaehrlich: false}}",
     "tests.0.answers.hunde", "erwartet eine Liste von Einträgen (je Eintrag ein Objekt)",
     "hunde: {gefaehrlich"),
    ("    expect:\n", "    expect:\n      visible: [telefon, fax]\n",
     "tests.0.expect.visible.1", "unbekanntes Feld „fax“", "visible: [telefon, fax]"),
    ("    expect:\n", "    expect:\n      hidden: [nachweis]\n",
     "tests.0.expect.hidden.0",
     "„nachweis“ ist ein Feld der Gruppe „hunde“: schreiben Sie „hunde.1.nachweis“ für den "
     "ersten Eintrag", "hidden: [nachweis]"),
    ("    expect:\n", "    expect:\n      required: [hunde.2.nachweis]\n",
     "tests.0.expect.required.0",
     "„hunde.2.nachweis“: die Antworten haben nur 1 Eintrag in „hunde“",
     "required: [hunde.2.nachweis]"),
    ("    expect:\n", "    expect:\n      optional: [hunde.1.farbe]\n",
     "tests.0.expect.optional.0", "unbekanntes Feld „farbe“ in der Gruppe „hunde“",
     "optional: [hunde.1.farbe]"),
    ("    expect:\n", "    expect:\n      optional: [telefon.1.art]\n",
     "tests.0.expect.optional.0", "„telefon“ ist keine Gruppe", "optional: [telefon.1.art]"),
    ("    expect:\n", "    expect:\n      steps: [angaben, zahlung]\n",
     "tests.0.expect.steps.1", "unbekannter Schritt „zahlung“ (bekannt: angaben, gewerbe)",
     "steps: [angaben, zahlung]"),
    ("    expect:\n", "    expect:\n      visible: [firma]\n      hidden: [firma]\n",
     "tests.0.expect.hidden", "„firma“ steht in „visible“ und in „hidden“", "hidden: [firma]"),
    ("    expect:\n", "    expect:\n      fee: 12.345\n",
     "tests.0.expect.fee", "höchstens zwei Nachkommastellen (Cent)", "fee: 12.345"),
    ("    expect:\n", "    expect:\n      visibel: [firma]\n",
     "tests.0.expect.visibel", "unbekannter Schlüssel „visibel“", "visibel: [firma]"),
    ("    answers:", "    antworten: {}\n    answers:",
     "tests.0.antworten", "unbekannter Schlüssel „antworten“", "antworten: {}"),
    ("    expect:\n", "    expect:\n      fee: zwölf\n",
     "tests.0.expect.fee", "hat nicht die erwartete Form: ein Betrag in Euro mit "
     "höchstens zwei Nachkommastellen, z. B. 120, 30.70 oder \"30,70\"", "fee: zwölf"),
    ("  - name: Privat\n", "  - name: Privat\n    today: 2026-02-30\n",
     "tests.0.today", "„2026-02-30“ ist kein gültiges Datum", "today: 2026-02-30"),
]


@pytest.mark.parametrize(("old", "new", "path", "message", "where"), LOAD_ERRORS,
                         ids=[case[2] + ":" + case[3][:20] for case in LOAD_ERRORS])
def test_a_mistake_in_a_test_is_a_load_error_with_its_line(old, new, path, message, where):
    good = service(PRIVATE + "      department: steueramt\n")
    assert load(good).tests  # the unchanged test loads
    text = good.replace(old, new, 1)
    assert text != good
    error = load_error(text)
    assert [(p.path, p.message) for p in error.problems] == [(path, message)]
    assert error.problems[0].line == line_containing(text, where)
    assert str(error).startswith(f"testleistung.yaml:{error.problems[0].line}: {path}: ")


def test_a_test_needs_a_name_answers_and_something_to_expect():
    error = load_error(service("  - name: Leer\n    answers: {}\n    expect: {}\n"))
    assert [(p.path, p.message) for p in error.problems] == [
        ("tests.0.expect", "darf nicht leer sein")]
    error = load_error(service("  - name: Ohne Erwartung\n    answers: {}\n"))
    assert [p.message for p in error.problems] == ["Pflichtschlüssel „expect“ fehlt"]


def test_two_tests_of_one_name_are_refused():
    tests = PRIVATE + "      hidden: [firma]\n" + PRIVATE + "      fee: 30\n"
    text = service(tests)
    error = load_error(text)
    assert [(p.path, p.message, p.line) for p in error.problems] == [
        ("tests.1.name", "Testname „Privat“ kommt doppelt vor",
         line_containing(text, "- name: Privat", 2))]


def test_a_fee_the_answers_cannot_give_is_reported_not_computed_as_zero():
    text = service(PRIVATE.replace("hunde: [{gefaehrlich: false}]", "hunde: []")
                   + "      fee: 0\n").replace("+ 10 * len(hunde)", "+ 10 / len(hunde)")
    (result,) = run_rule_tests(load(text))
    assert result.messages == ("Gebühr: erwartet 0,00 €, aus diesen Antworten nicht berechenbar "
                               "(der Ausdruck ergibt keine Zahl (z. B. eine Division durch null))",)
