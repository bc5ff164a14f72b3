"""An autocomplete token must fit its control, as the HTML standard says; misfits are refused."""

from __future__ import annotations

import pytest

from forms.autofill import autofill_problem

from .helpers import definition, line_containing, load, load_error


def field(kind: str, token: str) -> str:
    """Return the YAML of one field of `kind` with `autocomplete: token`."""
    return f"- {{id: feld, type: {kind}, label: Feld, autocomplete: {token}}}\n"


def test_street_address_on_a_single_line_field_is_refused_with_the_line_and_a_way_out():
    text = definition(field("text", "street-address"))
    error = load_error(text)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert "street-address" in problem.message and "einzeilig" in problem.message
    assert "address-line1" in problem.message
    assert problem.line == line_containing(text, "street-address")


@pytest.mark.parametrize("kind, token", [
    ("text", "address-line1"), ("textarea", "street-address"), ("text", "shipping postal-code"),
    ("email", "work email"), ("email", "username"), ("phone", "mobile tel"), ("text", "'off'"),
])
def test_a_token_that_fits_its_control_loads(kind, token):
    spec = load(definition(field(kind, token)))
    assert spec.step("angaben").fields[0].settings["autocomplete"] == token.strip("'")


@pytest.mark.parametrize("kind, token", [
    ("phone", "email"), ("email", "tel"), ("text", "strasse"), ("text", "given-name family-name"),
])
def test_a_token_that_does_not_fit_its_control_is_refused(kind, token):
    assert autofill_problem(token, {"phone": "tel"}.get(kind, kind)) is not None
    assert load_error(definition(field(kind, token))).problems

