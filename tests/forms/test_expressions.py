"""The expression language: what it computes, what it refuses when loaded, and that no answer and
no text can make it fail any other way (property tests with hypothesis)."""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.expression_values import INVALID, absent
from forms.expressions import (
    KEYWORDS,
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    Scope,
    compile_expression,
)

SCOPE = Scope(fields=frozenset({"x", "y", "zahlweise", "plz", "tage", "geburtsdatum", "hunde",
                                "laufzeit_jahre", "name"}),
              groups={"hunde": frozenset({"gefaehrlich", "tierheim", "haltung_seit"})})
TODAY = dt.date(2026, 11, 21)
ANSWERS = {
    "zahlweise": "lastschrift", "plz": "65183", "tage": ["mo", "mi"], "laufzeit_jahre": 2,
    "geburtsdatum": "1980-05-17", "name": "Erika", "x": None, "y": 3,
    "hunde": [{"gefaehrlich": True, "tierheim": False, "haltung_seit": "2026-10-01"},
              {"gefaehrlich": False, "tierheim": True, "haltung_seit": "2020-01-01"},
              {"gefaehrlich": False, "tierheim": True, "haltung_seit": "2026-11-01"}],
}
SAFE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(source: str, answers: dict[str, Any] | None = None, scope: Scope = SCOPE) -> Any:
    """Compile and evaluate on a fixed day."""
    return compile_expression(source, scope).evaluate(
        ANSWERS if answers is None else answers, today=TODAY)


def refusal(source: str, scope: Scope = SCOPE) -> ExpressionError:
    """Return the error compiling `source` raises."""
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, scope)
    return caught.value


@pytest.mark.parametrize(("source", "expected"), [
    ("zahlweise == 'lastschrift'", True),
    ('zahlweise == "ueberweisung"', False),
    ("laufzeit_jahre * 30.70", Decimal("61.40")),
    ("plz in ['65183', '65185']", True),
    ("plz not in ['65183', '65185']", False),
    ("len(hunde)", 3),
    ("count(hunde, gefaehrlich)", 1),
    ("count(hunde, tierheim and haltung_seit > today - 365)", 1),
    ("'mi' in tage", True),
    ("len(tage) >= 2", True),
    ("if(len(hunde) > 2, 10, 20)", 10),
    ("1 + 2 * 3 - 4 / 2", 5),
    ("(1 + 2) * 3", 9),
    ("10 - 2 - 3", 5),
    ("-y + 1", -2),
    ("0.1 + 0.2 == 0.3", True),
    ("not true or false", False),
    ("true and not false", True),
    ("geburtsdatum < today", True),
    ("geburtsdatum == '1980-05-17'", True),
    ("geburtsdatum >= '1980-05-18'", False),
    ("today - geburtsdatum > 18 * 365", True),
    ("today + 1 > today", True),
    ("'2026-11-21' == today", True),
    ("name < 'Fritz'", True),
], ids=lambda v: v if isinstance(v, str) else None)
def test_expressions_evaluate_as_documented(source, expected):
    assert run(source) == expected


@pytest.mark.parametrize("source", ["x == 1", "x != 1", "x < 1", "x >= 0", "x == ''",
                                    "x in [1, 2]", "x not in [1, 2]", "x == x"])
def test_a_comparison_with_an_unanswered_field_is_false(source):
    assert run(source) is False


@pytest.mark.parametrize(("source", "expected"), [
    ("x + 1", 1), ("x * 5", 0), ("2 - x", 2), ("-x", 0), ("true + true", 2),
    ("name + 1", INVALID), ("tage * 2", INVALID), ("(name + 1) + 1", INVALID),
    ("1 / 0", INVALID), ("5 + 1 / (y - 3)", INVALID), ("-(1 / 0) * 0", INVALID),
    ("geburtsdatum * 2", INVALID), ("today + 99999999999", INVALID),
])
def test_arithmetic_counts_none_as_zero_and_anything_else_as_invalid_which_spreads(source,
                                                                                  expected):
    assert run(source) is expected if expected is INVALID else run(source) == expected


@pytest.mark.parametrize("source", ["1/0 == 1/0", "1/0 != 1", "1/0 < 1", "1/0 in [1]",
                                    "1/0 not in [1]", "1/0", "not not (1/0)"])
def test_invalid_arithmetic_counts_as_none_in_conditions(source):
    assert compile_expression(source, SCOPE).holds(ANSWERS, today=TODAY) is False


@pytest.mark.parametrize(("source", "expected"), [
    ("y == '3'", False), ("y != '3'", True), ("true == 1", False), ("name > 3", False),
    ("tage < 3", False), ("true < 2", False),
])
def test_values_of_different_kinds_are_never_equal_and_never_ordered(source, expected):
    assert run(source) is expected


def test_inside_a_group_entry_the_entrys_fields_come_first():
    entry_scope = Scope(SCOPE.fields | {"gefaehrlich"}, SCOPE.groups,
                        entry=frozenset({"gefaehrlich", "tierheim"}))
    condition = compile_expression("gefaehrlich and y == 3", entry_scope)
    assert condition.holds({"y": 3, "gefaehrlich": False}, entry={"gefaehrlich": True})
    assert not condition.holds({"y": 3, "gefaehrlich": True}, entry={"gefaehrlich": False})


def test_an_uploaded_file_counts_as_true_and_as_no_number():
    upload = {"upload_id": 7, "name": "wesenstest.pdf", "size": 1234}
    answers = {"x": upload, "y": {}}
    assert run("x and not y", answers) is True
    assert (run("x == x", answers), run("x + 1", answers), run("len(x)", answers)) == (
        False, INVALID, 0)


def test_today_is_the_day_of_the_evaluation_unless_given():
    assert compile_expression("today", SCOPE).evaluate({}) == dt.date.today()


def test_an_expression_records_the_names_it_reads():
    expression = compile_expression("count(hunde, gefaehrlich) > 0 and zahlweise == 'x'", SCOPE)
    assert expression.names == {"hunde", "gefaehrlich", "zahlweise"}


# --- refused when the definition is loaded ---------------------------------------------------

ESCAPES = [
    "x.__class__", "().__class__.__bases__", "__import__('os')", "__builtins__", "__class__",
    "lambda: 1", "[c for c in tage]", "tage[0]", "name[0:2]", "getattr(name, 'upper')",
    "eval('1')", "exec('1')", "open('/etc/passwd')", "name.upper()", "type(name)", "print(1)",
    "y if x else 1", "2 ** 10", "{1: 2}", "{1, 2}", "f'{name}'", "(z := 1)", "x.real",
    "globals()", "tage.__len__()", "True", "None", "import os", "name; 1", "`name`",
    "*tage", "y(1)", "(lambda: 1)()", "'a' 'b'", "0x1F", "1e5", "1_000", "~y", "y % 2",
    "y // 2", "y << 1", "y & 1", "y is None", "not", "len(tage.__class__)", "count(hunde)",
    "len()", "if(true, 1)", "[1, 2]", "(1, 2)", "1 < y < 3", "y = 1", "ｙ", "yé",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_nothing_outside_the_language_is_accepted(source):
    assert refusal(source).message


@given(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True))
@SAFE
def test_every_name_outside_the_scope_is_refused(name):
    if name in SCOPE.fields or name in KEYWORDS or name in SCOPE.groups["hunde"]:
        return
    error = refusal(f"{name} == 1")
    assert error.message == f"unbekannter Name „{name}“"
    assert error.position == 0


@given(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True))
@SAFE
def test_every_function_but_len_count_and_if_is_refused(name):
    if name in ("len", "count", "if") or name in KEYWORDS:
        return
    assert refusal(f"{name}(y)").message.startswith(f"unbekannte Funktion „{name}“")


@pytest.mark.parametrize(("source", "message", "position"), [
    ("zahlweise == 'lastschrift", "Text ohne schließendes Anführungszeichen", 13),
    ("y = 1", "einzelnes „=“: zum Vergleichen schreiben Sie „==“", 2),
    ("gefaehrlich", "„gefaehrlich“ ist ein Feld der Gruppe „hunde“; außerhalb eines "
                    "Eintrags zählen Sie mit count(hunde, gefaehrlich)", 0),
    ("hunde > 1", "„hunde“ ist eine Gruppe: zählen Sie ihre Einträge mit len(hunde) oder "
                  "count(hunde, …)", 0),
    ("count(tage, true)", "count() zählt Einträge einer Gruppe; „tage“ ist keine", 6),
    ("count(hunde, count(hunde, tierheim) > 1)", "count() innerhalb von count() ist nicht "
                                                 "erlaubt", 13),
    ("1 < y < 3", "Vergleiche lassen sich nicht verketten; verbinden Sie sie mit „and“", 6),
    ("y ** 2", "unerwartet: „*“ (Potenzen (**) gibt es nicht)", 3),
    ("y +", "unerwartet: Ende des Ausdrucks", 3),
])
def test_errors_say_what_is_wrong_and_where(source, message, position):
    error = refusal(source)
    assert (error.message, error.position) == (message, position)
    assert str(error) == f"{message} (Zeichen {position + 1})"


def test_an_expression_longer_than_the_limit_is_refused_before_parsing():
    assert compile_expression("1" + " " * (MAX_LENGTH - 1), SCOPE).evaluate({}) == 1
    assert refusal("1" + " " * MAX_LENGTH).message == (
        f"Der Ausdruck ist länger als {MAX_LENGTH} Zeichen.")


@pytest.mark.parametrize("source", [
    "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
    "not " * (MAX_DEPTH + 1) + "true",
    "-" * (MAX_DEPTH + 1) + "1",
    "1" + " + 1" * (MAX_DEPTH + 1),
])
def test_nesting_deeper_than_the_limit_is_refused(source):
    assert "Ebenen verschachtelt" in refusal(source).message


def test_nesting_up_to_the_limit_is_fine():
    assert run("(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1)) == 1


# --- properties ---------------------------------------------------------------------------

INTS = st.integers(min_value=-1000, max_value=1000)


def arithmetic() -> st.SearchStrategy[tuple[str, int]]:
    """Random integer arithmetic as (source text, the value Python computes for it)."""
    leaves = INTS.map(lambda n: (str(n) if n >= 0 else f"({n})", n))
    python = {"+": operator.add, "-": operator.sub, "*": operator.mul}

    def combine(children: st.SearchStrategy[tuple[str, int]]) -> st.SearchStrategy:
        return st.tuples(children, st.sampled_from(sorted(python)), children).map(
            lambda t: (f"({t[0][0]}) {t[1]} ({t[2][0]})", python[t[1]](t[0][1], t[2][1])))

    return st.recursive(leaves, combine, max_leaves=8)


@given(arithmetic())
@SAFE
def test_integer_arithmetic_agrees_with_python(case):
    source, expected = case
    assert run(source) == expected


@given(INTS, INTS.filter(bool))
@SAFE
def test_division_agrees_with_exact_fractions(a, b):
    result = run(f"({a}) / ({b})")
    assert abs(Fraction(result) - Fraction(a, b)) < Fraction(1, 10**20)


@given(INTS, INTS, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
@SAFE
def test_comparisons_of_numbers_agree_with_python(a, b, op):
    python = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
              ">": operator.gt, ">=": operator.ge}[op]
    assert run(f"x {op} y", {"x": a, "y": b}) is python(a, b)
    assert run(f"({a}) {op} ({b})") is python(a, b)


@given(st.booleans(), st.booleans())
@SAFE
def test_not_and_or_follow_their_truth_tables(a, b):
    answers = {"x": a, "y": b}
    assert run("x and y", answers) is (a and b)
    assert run("x or y", answers) is (a or b)
    assert run("not x", answers) is (not a)
    assert run("not x and y", answers) is ((not a) and b)
    assert run("not (x and y)", answers) is (not (a and b))
    literal = {True: "true", False: "false"}
    assert run(f"{literal[a]} or {literal[b]}", {}) is (a or b)


GRAMMAR_TEXT = st.text(alphabet="()[],'\" +-*/<>=!.:_x y 0123456789andortinlecu", max_size=80)


@given(st.one_of(st.text(max_size=MAX_LENGTH + 20), GRAMMAR_TEXT))
@settings(max_examples=1000, deadline=None)
def test_any_text_compiles_or_is_refused_with_the_documented_error(text):
    try:
        expression = compile_expression(text, SCOPE)
    except ExpressionError:
        return
    expression.evaluate(ANSWERS, today=TODAY)


ANY_ANSWER = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.dates().map(dt.date.isoformat) | st.sampled_from(["2026-02-30", "2026-13-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["gefaehrlich", "tierheim", "haltung_seit"]), inner, max_size=3),
    max_leaves=6)
EVERYTHING = [
    "x + y", "x - y", "x * y", "x / y", "-x", "x == y", "x != y", "x < y", "x >= y",
    "x in [1, 'a', true]", "x not in [1]", "'a' in x", "len(x)", "count(hunde, gefaehrlich)",
    "count(hunde, haltung_seit > today - 365 and tierheim)", "if(x, y, x)", "x and y or not x",
    "x - today", "today - x", "x + 99999999999", "x * 100000000000",
    "x > '2026-01-01'", "len(hunde) * x",
]


@given(x=ANY_ANSWER, y=ANY_ANSWER, hunde=ANY_ANSWER)
@SAFE
def test_no_answer_makes_an_evaluation_fail(x, y, hunde):
    answers = {"x": x, "y": y, "hunde": hunde}
    for source in EVERYTHING:
        value = run(source, answers)
        assert absent(value) or isinstance(value, bool | Decimal | str | dt.date | list | dict)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
@SAFE
def test_iso_date_answers_compare_as_the_days_they_name(a, b):
    answers = {"x": a.isoformat(), "y": b.isoformat()}
    assert run("x < y", answers) is (a < b)
    assert run("x == y", answers) is (a == b)
    assert run("y - x", answers) == (b - a).days
    assert run(f"x >= '{b.isoformat()}'", answers) is (a >= b)
