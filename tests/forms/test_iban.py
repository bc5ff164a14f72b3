"""The IBAN field: SEPA countries, their lengths and the ISO 7064 mod-97 check digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .helpers import definition, field_errors, load, submit_step

SPEC = load(definition("- {id: iban, type: iban, label: IBAN, required: true}"))
CHECK_DIGITS_WRONG = "Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie Ihre Eingabe."


def iban_errors(value: str) -> list[str]:
    """Return what the IBAN field says about a typed value."""
    return field_errors(SPEC, "iban", value)


def german_iban(bban: str) -> str:
    """Return the German IBAN of an 18-digit BBAN, check digits computed per ISO 7064 mod 97-10."""
    # Country letters as numbers (D=13, E=14) and check digits 00 move behind the BBAN.
    remainder = int(bban + "1314" + "00") % 97
    return f"DE{98 - remainder:02d}{bban}"


def test_the_check_digit_computation_of_this_test_matches_a_published_iban():
    assert german_iban("370400440532013000") == "DE89370400440532013000"


@pytest.mark.parametrize("typed", [
    "DE89370400440532013000",
    "GB82WEST12345698765432",
    "AT611904300234573201",
    "DE89 3704 0044 0532 0130 00",
    "de89 3704 0044 0532 0130 00",
    "gb82 west 1234 5698 7654 32",
])
def test_known_valid_ibans_are_accepted_however_they_are_typed(typed):
    assert iban_errors(typed) == []


def test_an_iban_is_stored_without_spaces_in_capitals():
    assert submit_step(SPEC, {"iban": "gb82 west 1234 5698 7654 32"})[2] == {
        "iban": "GB82WEST12345698765432"}


@pytest.mark.parametrize("typed, message", [
    ("DE88370400440532013000", CHECK_DIGITS_WRONG),
    ("GB82WEST12345698765433", CHECK_DIGITS_WRONG),
    ("DE8937040044053201300", "Eine IBAN aus DE hat 22 Zeichen, Ihre Eingabe 21."),
    ("AT6119043002345732011", "Eine IBAN aus AT hat 20 Zeichen, Ihre Eingabe 21."),
    ("BR1800360305000010009795493C1",
     "Für das Land BR ist kein SEPA-Lastschriftmandat möglich."),
    ("US12345678901234567890", "Für das Land US ist kein SEPA-Lastschriftmandat möglich."),
    ("3704004405320130",
     "Eine IBAN beginnt mit dem Länderkürzel und zwei Prüfziffern, z. B. DE89 …"),
])
def test_a_wrong_iban_is_refused_with_a_german_reason(typed, message):
    assert iban_errors(typed) == [message]


def test_a_required_iban_left_empty_names_the_field():
    assert iban_errors("") == ["Bitte füllen Sie „IBAN“ aus."]


BBANS = st.text(alphabet="0123456789", min_size=18, max_size=18)


@given(BBANS)
def test_every_german_iban_with_correct_check_digits_is_accepted(bban):
    assert iban_errors(german_iban(bban)) == []


@given(BBANS, st.integers(min_value=2, max_value=21), st.integers(min_value=1, max_value=9))
def test_changing_any_one_digit_of_a_valid_iban_is_detected(bban, position, shift):
    iban = german_iban(bban)
    digit = str((int(iban[position]) + shift) % 10)
    changed = iban[:position] + digit + iban[position + 1:]
    assert changed != iban
    assert iban_errors(changed) == [CHECK_DIGITS_WRONG]
