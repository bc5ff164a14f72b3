"""Conditions in definitions: located load errors, visible_if and required_if in validation,
hidden steps and fields left out of what is filed and reviewed, fees and routing rules."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

import forms
import forms.references
from forms.conditions import MAX_FEE_CENTS

from .helpers import FORM_APP, SERVICES, codelists, definition, line_containing, load, load_error
from .helpers import submit_step as post

PAYMENT = """\
- id: zahlweise
  type: radio
  label: Zahlweise
  required: true
  options: [{value: lastschrift, label: Lastschrift}, {value: ueberweisung, label: Überweisung}]
- {id: iban, type: iban, label: IBAN,
   visible_if: "zahlweise == 'lastschrift'", required_if: "zahlweise == 'lastschrift'"}
- {id: hinweis, type: text, label: Hinweis, visible_if: "iban == 'DE89370400440532013000'"}
"""
DOGS = """\
- id: hunde
  type: group
  label: Hunde
  repeat: {min: 1, max: 3}
  fields:
    - {id: gefaehrlich, type: boolean, label: Gefährlich}
    - {id: nachweis, type: text, label: Nachweis, required_if: gefaehrlich}
    - {id: grund, type: text, label: Grund, required: true, visible_if: "not gefaehrlich"}
"""
IBAN = "DE89 3704 0044 0532 0130 00"


def only_problem(error: forms.DefinitionError) -> forms.Problem:
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


# --- load time ----------------------------------------------------------------------------

def test_a_syntax_error_names_line_key_and_position():
    text = definition(PAYMENT.replace("zahlweise == 'lastschrift'\", required_if",
                                      "zahlweise = 'lastschrift'\", required_if"))
    problem = only_problem(load_error(text))
    assert problem.path == "steps.0.fields.1.visible_if"
    assert problem.line == line_containing(text, "zahlweise = 'lastschrift'")
    assert problem.message == "einzelnes „=“: zum Vergleichen schreiben Sie „==“ (Zeichen 11)"
    assert str(load_error(text)).startswith(
        f"testleistung.yaml:{problem.line}: steps.0.fields.1.visible_if: einzelnes „=“")


def test_an_unknown_name_is_refused_at_load_time_with_its_line():
    text = definition(PAYMENT.replace("required_if: \"zahlweise", "required_if: \"zahlart"))
    problem = only_problem(load_error(text))
    assert problem.path == "steps.0.fields.1.required_if"
    assert problem.message == "unbekannter Name „zahlart“ (Zeichen 1)"
    assert problem.line == line_containing(text, "required_if: \"zahlart")


def test_a_field_of_a_later_step_may_be_named():
    text = definition("- {id: a, type: text, label: A, visible_if: \"b == 'x'\"}") + (
        "  - id: zwei\n    title: Zwei\n    fields:\n      - {id: b, type: text, label: B}\n")
    assert load(text).steps[0].fields[0].visible_if.source == "b == 'x'"


def test_inside_a_group_the_entrys_fields_are_names_and_outside_they_are_not():
    assert load(definition(DOGS)).steps[0].fields[0].fields[1].required_if.names == {
        "gefaehrlich"}
    text = definition(DOGS + "- {id: extra, type: text, label: Extra, visible_if: gefaehrlich}")
    problem = only_problem(load_error(text))
    assert problem.path == "steps.0.fields.1.visible_if"
    assert "ist ein Feld der Gruppe „hunde“" in problem.message


def test_one_groups_entry_fields_are_not_names_in_another_group():
    other = ("- id: katzen\n  type: group\n  label: Katzen\n  fields:\n"
             "    - {id: katzenname, type: text, label: Name, visible_if: gefaehrlich}\n")
    problem = only_problem(load_error(definition(DOGS + other)))
    assert problem.path == "steps.0.fields.1.fields.0.visible_if"


def test_step_visibility_fee_and_routing_expressions_are_checked_with_their_lines():
    text = definition(PAYMENT).replace("    title: Angaben\n", "    title: Angaben\n"
                                       "    visible_if: zahlweis\n")
    text = text.replace("steps:\n", "fee: {expression: 'len(zahlweise) * gebuehr', "
                        "currency: EUR}\nrouting:\n  - {when: 'true', to: ordnungsamt}\n"
                        "  - {when: 'plz == 1', to: steueramt}\nsteps:\n")
    problems = {p.path: p for p in load_error(text).problems}
    assert set(problems) == {"steps.0.visible_if", "fee.expression", "routing.1.when"}
    assert problems["steps.0.visible_if"].line == line_containing(text, "visible_if: zahlweis")
    assert problems["fee.expression"].line == line_containing(text, "fee:")
    assert problems["routing.1.when"].line == line_containing(text, "plz == 1")
    position = len("len(zahlweise) * ") + 1
    assert problems["fee.expression"].message == f"unbekannter Name „gebuehr“ (Zeichen {position})"


@pytest.mark.parametrize(("field", "needle"), [
    ("- {id: a, type: text, label: A, required: true, required_if: 'true'}", "required_if"),
    ("- {id: g, type: group, label: G, required_if: 'true', fields: [{id: b, type: text, "
     "label: B}]}", "required_if"),
])
def test_required_if_is_refused_beside_required_or_on_a_group(field, needle):
    problem = only_problem(load_error(definition(field)))
    assert problem.message == "required_if passt nicht zu required: true oder einer Gruppe"
    assert problem.line == line_containing(definition(field), needle)


def test_a_condition_that_is_no_text_is_a_schema_problem_only():
    problem = only_problem(load_error(definition("- {id: a, type: text, label: A, "
                                                 "visible_if: [1]}")))
    assert problem.path == "steps.0.fields.0.visible_if"
    assert problem.message == "erwartet einen Text, gefunden eine Liste"


def test_a_fee_needs_a_known_currency():
    text = definition(PAYMENT).replace("steps:\n", "fee: {expression: '12', currency: USD}\n"
                                       "steps:\n")
    problem = only_problem(load_error(text))
    assert (problem.path, problem.message) == ("fee.currency", "erlaubt: EUR")


def test_expressions_are_compiled_once_when_the_definition_is_loaded(monkeypatch):
    calls = []
    compile_once = forms.references.compile_expression
    monkeypatch.setattr(forms.references, "compile_expression",
                        lambda *args: calls.append(args[0]) or compile_once(*args))
    spec = load(definition(PAYMENT))
    assert isinstance(spec.steps[0].fields[1].visible_if, forms.Expression)
    for _ in range(50):
        assert forms.evaluate(spec, {"zahlweise": "x"}).hidden == {("iban",), ("hinweis",)}
        assert post(spec, {"zahlweise": "lastschrift"})[0] is False
    assert len(calls) == 3


# --- validation --------------------------------------------------------------------------

def test_a_hidden_field_is_neither_checked_nor_stored_even_when_posted():
    spec = load(definition(PAYMENT))
    valid, errors, answers = post(spec, {"zahlweise": "ueberweisung", "iban": "kaputt",
                                         "hinweis": "eingeschmuggelt"})
    assert (valid, errors) == (True, {})
    assert answers == {"zahlweise": "ueberweisung"}


def test_required_if_asks_for_the_answer_in_german():
    spec = load(definition(PAYMENT))
    valid, errors, _ = post(spec, {"zahlweise": "lastschrift"})
    assert not valid
    assert errors == {"iban": ["Bitte füllen Sie „IBAN“ aus."]}


def test_a_field_required_by_a_condition_still_gets_its_own_checks():
    spec = load(definition(PAYMENT))
    _, errors, _ = post(spec, {"zahlweise": "lastschrift", "iban": "DE00 1234"})
    assert errors["iban"][0].startswith("Eine IBAN aus DE hat 22 Zeichen")
    valid, _, answers = post(spec, {"zahlweise": "lastschrift", "iban": IBAN})
    assert valid and answers == {"zahlweise": "lastschrift", "iban": "DE89370400440532013000",
                                 "hinweis": None}


def test_a_condition_reads_the_answers_of_other_steps():
    spec = load(definition("- {id: a, type: text, label: A, required_if: \"b == 'x'\"}") + (
        "  - id: zwei\n    title: Zwei\n    fields:\n      - {id: b, type: text, label: B}\n"))
    with_b = forms.step_form_class(spec, "angaben")
    with FORM_APP.test_request_context(method="POST"):
        assert with_b(formdata=MultiDict({}), known_answers={"b": "y"}).validate()
        form = with_b(formdata=MultiDict({}), known_answers={"b": "x"})
        assert not form.validate()
        assert form.errors == {"a": ["Bitte füllen Sie „A“ aus."]}


def test_inside_a_group_each_entry_decides_with_its_own_fields():
    spec = load(definition(DOGS))
    valid, errors, _ = post(spec, {"hunde-0-gefaehrlich": "y", "hunde-0-grund": "",
                                   "hunde-1-grund": ""})
    assert not valid
    assert errors == {"hunde": [{"nachweis": ["Hunde 1: Bitte füllen Sie „Nachweis“ aus."]},
                                {"grund": ["Hunde 2: Bitte füllen Sie „Grund“ aus."]}]}
    valid, _, answers = post(spec, {"hunde-0-gefaehrlich": "y", "hunde-0-nachweis": "da",
                                    "hunde-0-grund": "versteckt", "hunde-1-grund": "Zucht"})
    assert valid
    assert answers["hunde"] == [{"gefaehrlich": True, "nachweis": "da"},
                                {"gefaehrlich": False, "nachweis": None, "grund": "Zucht"}]


def test_a_hidden_group_is_not_checked_at_all():
    spec = load(definition("- {id: mit_hund, type: boolean, label: Hund}\n"
                           + DOGS.replace("  label: Hunde\n", "  label: Hunde\n"
                                          "  visible_if: mit_hund\n")))
    valid, errors, answers = post(spec, {"hunde-0-grund": ""})
    assert (valid, errors, answers) == (True, {}, {"mit_hund": False})
    assert not post(spec, {"mit_hund": "y", "hunde-0-grund": ""})[0]


def test_a_hidden_field_counts_as_unanswered_for_the_conditions_after_it():
    spec = load(definition(PAYMENT))
    outcome = forms.evaluate(spec, {"zahlweise": "ueberweisung",
                                    "iban": "DE89370400440532013000"})
    assert outcome.hidden == {("iban",), ("hinweis",)}
    shown = forms.evaluate(spec, {"zahlweise": "lastschrift", "iban": "DE89370400440532013000"})
    assert shown.hidden == frozenset() and shown.required == {("iban",)}


# --- steps, review, filing ----------------------------------------------------------------

STEPS = definition("- {id: art, type: radio, label: Art, required: true, options: "
                   "[{value: a, label: A}, {value: b, label: B}]}") + """\
  - id: extra
    title: Extra
    visible_if: "art == 'b'"
    fields:
      - {id: grund, type: text, label: Grund, required: true}
  - id: ende
    title: Ende
    fields:
      - {id: ok, type: boolean, label: OK}
"""


def test_a_hidden_step_is_left_out_of_the_steps_the_review_and_what_is_filed():
    spec = load(STEPS)
    answers = {"art": "a", "grund": "alt", "ok": True}
    assert forms.visible_steps(spec, answers) == ["angaben", "ende"]
    assert forms.prune(spec, answers) == {"art": "a", "ok": True}
    assert [s.step_id for s in forms.review(spec, answers)] == ["angaben", "ende"]
    assert forms.visible_steps(spec, {**answers, "art": "b"}) == ["angaben", "extra", "ende"]


def test_the_review_leaves_out_hidden_fields():
    spec = load(definition(PAYMENT))
    rows = forms.review(spec, {"zahlweise": "ueberweisung", "iban": "DE89370400440532013000"})
    assert [(r.label, r.value) for r in rows[0].rows] == [("Zahlweise", "Überweisung")]


def test_a_saved_step_missing_a_newly_required_answer_is_unanswered():
    spec = load(definition(PAYMENT))
    outcome = forms.evaluate(spec, {"zahlweise": "lastschrift"})
    assert forms.unanswered(spec, spec.steps[0], outcome) == [("iban",)]
    outcome = forms.evaluate(spec, {"zahlweise": "ueberweisung"})
    assert forms.unanswered(spec, spec.steps[0], outcome) == []


def test_field_visibility_names_form_fields_and_hides_only_what_other_pages_decide():
    spec = load(definition(DOGS) + "  - id: zwei\n    title: Zwei\n    fields:\n"
                "      - {id: mehr, type: text, label: Mehr, visible_if: 'len(hunde) > 1'}\n"
                "      - {id: auch, type: text, label: Auch, visible_if: \"mehr == 'x'\"}\n")
    outcome = forms.evaluate(spec, {"hunde": [{"gefaehrlich": True}]})
    assert forms.field_visibility(spec.steps[0], outcome) == {
        "hunde": True, "hunde-0-gefaehrlich": True, "hunde-0-nachweis": True,
        "hunde-0-grund": False}
    assert forms.hidden_on_page(spec.steps[0], outcome) == set()  # same page decides
    assert forms.field_visibility(spec.steps[1], outcome) == {"mehr": False, "auch": False}
    assert forms.hidden_on_page(spec.steps[1], outcome) == {"mehr"}


# --- fees and routing ---------------------------------------------------------------------

def with_fee(expression: str) -> forms.ServiceSpec:
    return load(definition(PAYMENT).replace(
        "steps:\n", f"fee: {{expression: \"{expression}\", currency: EUR, label: Gebühr X}}\n"
        "steps:\n"))


@pytest.mark.parametrize(("expression", "cents"), [
    ("12", 1200), ("if(zahlweise == 'lastschrift', 10.5, 12.345)", 1235), ("0", 0),
    ("0.005", 1), ("1000000", MAX_FEE_CENTS), ("len(zahlweise) - 12", 0),
])
def test_the_fee_is_rounded_to_cents_and_zero_is_a_fee(expression, cents):
    assert forms.fee_cents(with_fee(expression), {"zahlweise": "ueberweisung"}) == cents


@pytest.mark.parametrize(("expression", "reason"), [
    ("100 / (len(zahlweise) - 12)", "keine Zahl"),
    ("5 + 100 / (len(zahlweise) - 12)", "keine Zahl"),
    ("zahlweise", "keine Zahl"),
    ("11 - len(zahlweise)", "negativen Betrag"),
    ("len(zahlweise) * 99999999999999999999 * 99999999999999999999", "mehr als"),
    ("len(zahlweise) * 100000.01", "mehr als 1.000.000,00 €"),
])
def test_a_fee_the_answers_cannot_give_is_never_made_up(expression, reason):
    spec = with_fee(expression)
    with pytest.raises(forms.FeeNotComputable, match=reason):
        forms.fee_cents(spec, {"zahlweise": "ueberweisung"})
    assert forms.computed_fee(spec, {"zahlweise": "ueberweisung"}) is None
    assert forms.fee_text(None) == ("Die Gebühr kann aus Ihren Angaben nicht berechnet werden; "
                                    "das Amt setzt sie fest.")


@pytest.mark.parametrize(("expression", "reason"), [
    ("1/0", "keine Zahl"), ("-5", "negativen Betrag"), ("2 - 3", "negativen Betrag"),
    ("100000000000", "mehr als 1.000.000,00 €"), ("'zwölf'", "keine Zahl"),
])
def test_a_constant_fee_that_never_gives_an_amount_is_refused_at_load(expression, reason):
    text = definition(PAYMENT).replace(
        "steps:\n", f"fee: {{expression: \"{expression}\", currency: EUR}}\nsteps:\n")
    [problem] = load_error(text).problems
    assert problem.path == "fee.expression" and reason in problem.message
    assert problem.message.startswith("Die Gebühr lässt sich nie berechnen")
    assert problem.line == line_containing(text, "fee:")


def test_a_fee_that_reads_today_is_not_judged_at_load():
    assert with_fee("if(today > '2000-01-01', 5, -5)").fee.expression.constant is False


def test_a_service_without_fee_has_none():
    assert forms.fee_cents(load(definition(PAYMENT)), {}) is None


@pytest.mark.parametrize(("cents", "text"), [
    (0, "0,00 €"), (1200, "12,00 €"), (123456, "1.234,56 €"), (100000005, "1.000.000,05 €"),
    (-250, "-2,50 €")])
def test_amounts_are_written_the_german_way(cents, text):
    assert forms.format_money(cents, "EUR") == text


def test_the_first_routing_rule_that_holds_names_the_department():
    spec = load(definition(PAYMENT).replace("steps:\n", "routing:\n"
                "  - {when: \"zahlweise == 'lastschrift'\", to: kasse}\n"
                "  - {when: \"zahlweise != ''\", to: ordnungsamt}\nsteps:\n"))
    assert forms.department_for(spec, {"zahlweise": "lastschrift"}) == "kasse"
    assert forms.department_for(spec, {"zahlweise": "ueberweisung"}) == "ordnungsamt"
    assert forms.department_for(spec, {}) == "steueramt"


HUNDESTEUER = forms.load_definition(
    (SERVICES / "hundesteuer-anmeldung.yaml").read_text("utf-8"), "hundesteuer", codelists())
RECENT = (dt.date.today() - dt.timedelta(days=30)).isoformat()
LONG_AGO = "2020-01-01"


def dog(dangerous: bool = False, shelter: bool = False, since: str = LONG_AGO) -> dict:
    return {"gefaehrlich": dangerous, "tierheim": shelter, "haltung_seit": since}


@pytest.mark.parametrize(("dogs", "euros"), [
    ([dog()], 120), ([dog(), dog()], 300), ([dog(), dog(), dog()], 480),
    ([dog(dangerous=True)], 600), ([dog(), dog(dangerous=True)], 720),
    ([dog(shelter=True, since=RECENT)], 60), ([dog(shelter=True)], 120),
    ([dog(shelter=True, since=RECENT), dog()], 210),
    ([dog(shelter=True, since=RECENT), dog(shelter=True, since=RECENT)], 150),
    ([dog(dangerous=True, shelter=True, since=RECENT)], 600),
    ([dog(dangerous=True), dog(shelter=True, since=RECENT)], 660),
], ids=lambda v: str(v) if isinstance(v, int) else None)
def test_the_dog_tax_follows_the_rates(dogs, euros):
    assert forms.fee_cents(HUNDESTEUER, {"hunde": dogs}) == euros * 100


def test_the_dog_tax_asks_for_account_details_only_for_a_direct_debit():
    step = HUNDESTEUER.step("zahlung")
    debit = forms.evaluate(HUNDESTEUER, {"zahlweise": "lastschrift", "richtigkeit": True})
    transfer = forms.evaluate(HUNDESTEUER, {"zahlweise": "ueberweisung", "richtigkeit": True})
    assert forms.unanswered(HUNDESTEUER, step, debit) == [("kontoinhaber",), ("iban",)]
    assert forms.unanswered(HUNDESTEUER, step, transfer) == []
    assert transfer.hidden == {("kontoinhaber",), ("iban",)}
