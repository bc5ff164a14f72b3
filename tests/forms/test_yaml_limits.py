"""YAML bombs are refused before anything is built: aliases, rule tests, deep nesting, entries."""

from __future__ import annotations

import pytest

from forms import yamllimits

from .helpers import (
    DEEP_NESTING,
    NAME_FIELD,
    alias_bomb,
    definition,
    line_containing,
    load,
    load_error,
    rule_test_bomb,
)


def only_problem(error):
    """Return the single problem of an error."""
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


def test_groups_aliasing_each_other_a_billion_times_are_refused_at_the_alias_that_overflows():
    text = alias_bomb()
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Die Definition ist zu groß: mehr als 50000 Werte")
    assert "*f" in text.splitlines()[problem.line - 1]


def test_rule_tests_aliasing_one_big_group_answer_are_refused_with_a_line():
    text = rule_test_bomb()
    problem = only_problem(load_error(text))
    assert problem.message.startswith("Die Definition ist zu groß")
    assert problem.line > line_containing(text, "&viele")
    assert "*viele" in text.splitlines()[problem.line - 1]


def test_a_rule_test_with_more_group_entries_than_the_group_allows_is_refused_with_its_line():
    text = rule_test_bomb(entries=51, tests=1)
    problem = only_problem(load_error(text))
    assert problem.path == "tests.0.answers.hunde"
    assert problem.message == "„hunde“ hat höchstens 50 Einträge, der Test gibt 51 an"
    assert problem.line == line_containing(text, "&viele")


def test_a_rule_test_with_as_many_entries_as_the_group_allows_loads():
    assert len(load(rule_test_bomb(entries=50, tests=3)).tests) == 3


def test_aliases_beyond_the_limit_are_refused_even_when_small():
    uses = ", ".join(["*kurz"] * (yamllimits.MAX_ALIASES + 1))
    text = definition(NAME_FIELD) + f"documents: [&kurz Ausweis, {uses}]\n"
    problem = only_problem(load_error(text))
    assert problem.message == "Die Definition verwendet mehr als 200 Aliase (*anker)."
    assert problem.line == line_containing(text, "documents:")


def test_a_few_aliases_still_load():
    text = definition(NAME_FIELD) + "documents: [&ausweis Personalausweis, *ausweis]\n"
    assert load(text).documents == ("Personalausweis", "Personalausweis")


def test_an_alias_inside_the_value_it_names_is_refused():
    text = definition(NAME_FIELD) + "documents: &selbst [Ausweis, *selbst]\n"
    problem = only_problem(load_error(text))
    assert problem.message == ("Der Alias „*selbst“ steht in dem Wert, den er benennt "
                               "(eine Endlosschleife).")
    assert problem.line == line_containing(text, "documents:")


@pytest.mark.parametrize("style", DEEP_NESTING)
def test_deep_nesting_is_refused_with_a_german_message_and_its_line(style):
    text = definition(NAME_FIELD) + "documents: " + DEEP_NESTING[style] + "\n"
    problem = only_problem(load_error(text))
    assert problem.message == "Die Definition ist tiefer als 30 Ebenen verschachtelt."
    assert problem.line >= line_containing(text, "documents:")


def test_nesting_as_deep_as_yaml_allows_here_reaches_the_schema():
    text = definition(NAME_FIELD) + "documents: " + "[" * 29 + "]" * 29 + "\n"
    problem = only_problem(load_error(text))
    assert problem.path == "documents.0" and problem.message.startswith("erwartet einen Text")


def test_more_fields_than_the_limit_are_refused_at_the_first_one_too_many():
    groups = [f"- {{id: g{g}, type: group, label: G, fields: ["
              + ", ".join(f"{{id: f{g}_{n}, type: text, label: F}}" for n in range(50)) + "]}"
              for g in range(6)]
    text = definition("\n".join(groups))
    problem = only_problem(load_error(text))
    assert problem.message == "mehr als 300 Felder (Felder in Gruppen mitgezählt)"
    assert problem.path == "steps.0.fields.5.fields.44"
    assert problem.line == line_containing(text, "id: g5")


def test_as_many_fields_as_the_limit_load():
    groups = [f"- {{id: g{g}, type: group, label: G, fields: ["
              + ", ".join(f"{{id: f{g}_{n}, type: text, label: F}}" for n in range(49)) + "]}"
              for g in range(6)]
    assert len(load(definition("\n".join(groups))).steps[0].fields) == 6


def test_more_rule_tests_than_the_limit_are_refused_with_the_line_of_the_list():
    tests = "\n".join(f"  - {{name: t{n}, answers: {{}}, expect: {{visible: [name]}}}}"
                      for n in range(201))
    text = definition(NAME_FIELD) + "tests:\n" + tests + "\n"
    problem = only_problem(load_error(text))
    assert (problem.path, problem.message) == ("tests", "hat mehr als 200 Einträge")
    assert problem.line == line_containing(text, "name: t0")
