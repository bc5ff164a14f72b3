"""Answers pass through the compiled forms: bounds, patterns, choices, check boxes and groups."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from forms.fields.dates import german

from .helpers import definition, field_errors, load, submit_step


def one_field(declaration: str):
    """Return the spec of a definition with one field."""
    return load(definition(f"- {declaration}"))


def day(offset: int) -> str:
    """Return today plus `offset` days as the date picker sends it."""
    return (dt.date.today() + dt.timedelta(days=offset)).isoformat()


ADULT = one_field("{id: geburt, type: date, label: Geburtsdatum, max: today-6570d}")
FUTURE = one_field("{id: beginn, type: date, label: Beginn, min: today}")
YEAR_2000 = one_field(
    '{id: tag, type: date, label: Tag, min: "2000-01-01", max: "2000-12-31"}')


@pytest.mark.parametrize("spec, field_id, accepted, refused, message", [
    (ADULT, "geburt", day(-6570), day(-6569), "Das Datum darf nicht nach dem {} liegen."),
    (FUTURE, "beginn", day(0), day(-1), "Das Datum darf nicht vor dem {} liegen."),
    (YEAR_2000, "tag", "2000-01-01", "1999-12-31", "Das Datum darf nicht vor dem {} liegen."),
    (YEAR_2000, "tag", "2000-12-31", "2001-01-01", "Das Datum darf nicht nach dem {} liegen."),
], ids=["today-6570d", "today", "iso min", "iso max"])
def test_a_date_on_its_bound_is_accepted_and_one_day_beyond_is_refused(
        spec, field_id, accepted, refused, message):
    assert field_errors(spec, field_id, accepted) == []
    bound = german(dt.date.fromisoformat(accepted))
    assert field_errors(spec, field_id, refused) == [message.format(bound)]


def test_a_date_written_the_german_way_is_accepted_and_stored_as_iso():
    valid, errors, answers = submit_step(YEAR_2000, {"tag": "17.05.2000"})
    assert (valid, errors, answers) == (True, {}, {"tag": "2000-05-17"})


@pytest.mark.parametrize("typed", ["31.02.2000", "gestern", "2000-13-01"])
def test_a_date_that_does_not_exist_is_refused_in_german(typed):
    assert field_errors(YEAR_2000, "tag", typed) == [
        "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."]


PLZ = one_field('{id: plz, type: text, label: Postleitzahl, pattern: "^[0-9]{5}$", '
                "pattern_message: Bitte geben Sie eine fünfstellige Postleitzahl an.}")


@pytest.mark.parametrize("typed", ["6518", "651833", "65l83"])
def test_a_text_that_misses_its_pattern_gets_the_definitions_message(typed):
    assert field_errors(PLZ, "plz", typed) == ["Bitte geben Sie eine fünfstellige Postleitzahl an."]


def test_a_text_that_misses_its_pattern_without_own_message_gets_a_german_default():
    spec = one_field('{id: chip, type: text, label: Chip, pattern: "^[0-9]{15}$"}')
    assert field_errors(spec, "chip", "12345") == ["Die Eingabe hat nicht das erwartete Format."]


def test_a_text_is_trimmed_before_it_is_checked_and_stored():
    valid, _, answers = submit_step(PLZ, {"plz": "  65183 "})
    assert valid and answers == {"plz": "65183"}


def test_a_text_longer_than_max_length_is_refused_and_max_length_itself_is_accepted():
    spec = one_field("{id: name, type: text, label: Name, max_length: 5}")
    assert field_errors(spec, "name", "Erika") == []
    assert field_errors(spec, "name", "Erikas") == ["Bitte geben Sie höchstens 5 Zeichen ein."]


def test_a_text_with_min_and_max_length_names_both_bounds():
    spec = one_field("{id: name, type: text, label: Name, min_length: 2, max_length: 5}")
    assert field_errors(spec, "name", "E") == ["Bitte geben Sie 2 bis 5 Zeichen ein."]


def test_a_required_text_left_empty_names_the_field():
    spec = one_field("{id: name, type: text, label: Nachname, required: true}")
    assert field_errors(spec, "name", "   ") == ["Bitte füllen Sie „Nachname“ aus."]


def test_an_optional_text_left_empty_is_stored_as_no_answer():
    spec = one_field("{id: name, type: text, label: Name, max_length: 5, pattern: '^x$'}")
    assert submit_step(spec, {"name": ""}) == (True, {}, {"name": None})


def test_an_invalid_email_is_refused_in_german():
    spec = one_field("{id: mail, type: email, label: E-Mail}")
    assert field_errors(spec, "mail", "erika(at)example.org") == [
        "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de."]


RASSE = one_field("{id: rasse, type: select, label: Rasse, required: true, "
                  "options_from: hunderassen}")


def test_a_select_refuses_a_value_that_is_not_among_its_options():
    assert field_errors(RASSE, "rasse", "wolf") == ["Keine gültige Auswahl."]
    assert field_errors(RASSE, "rasse", "dackel") == []


def test_a_required_select_left_at_its_prompt_names_the_field():
    assert field_errors(RASSE, "rasse", "") == ["Bitte füllen Sie „Rasse“ aus."]


def test_a_radio_refuses_a_value_that_is_not_among_its_options():
    spec = one_field("{id: zahlweise, type: radio, label: Zahlweise, "
                     "options: [{value: lastschrift, label: SEPA-Lastschrift}]}")
    assert field_errors(spec, "zahlweise", "bar") == ["Keine gültige Auswahl."]


def test_a_multiselect_stores_a_list_and_refuses_unknown_values():
    spec = one_field("{id: tage, type: multiselect, label: Tage, "
                     "options: [{value: mo, label: Montag}, {value: di, label: Dienstag}]}")
    valid, _, answers = submit_step(spec, MultiDict([("tage", "mo"), ("tage", "di")]))
    assert valid and answers == {"tage": ["mo", "di"]}
    assert submit_step(spec, MultiDict([("tage", "mo"), ("tage", "so")]))[0] is False
    assert submit_step(spec, {})[2:] == ({"tage": []},)


CONSENT = one_field("{id: richtig, type: boolean, label: Meine Angaben sind richtig., "
                    "required: true}")


def test_a_required_check_box_must_be_ticked_and_asks_for_the_tick():
    assert field_errors(CONSENT, "richtig", "") == [
        "Bitte setzen Sie das Häkchen bei „Meine Angaben sind richtig.“"]
    assert submit_step(CONSENT, {"richtig": "y"}) == (True, {}, {"richtig": True})


def test_a_check_box_required_by_a_condition_asks_for_the_tick():
    spec = load(definition("""\
        - {id: art, type: text, label: Art}
        - {id: ok, type: boolean, label: Ich bin einverstanden, required_if: "art == 'ja'"}
        """))
    assert submit_step(spec, {"art": "ja"})[1] == {
        "ok": ["Bitte setzen Sie das Häkchen bei „Ich bin einverstanden“."]}


def test_an_optional_check_box_left_empty_is_stored_as_no():
    spec = one_field("{id: tierheim, type: boolean, label: Aus dem Tierheim}")
    assert submit_step(spec, {}) == (True, {}, {"tierheim": False})


DOGS = load(definition("""\
    - id: hunde
      type: group
      label: Hunde
      repeat: {min: 1, max: 3}
      fields:
        - {id: hundename, type: text, label: Name des Hundes, required: true}
        - {id: rasse, type: select, label: Rasse, options_from: hunderassen}
        - {id: seit, type: date, label: Gehalten seit}
        - {id: tierheim, type: boolean, label: Aus dem Tierheim}
    """))


def dogs(count: int) -> dict[str, str]:
    """Return form data of `count` dogs."""
    data = {}
    for n in range(count):
        data |= {f"hunde-{n}-hundename": f"Hund {n}", f"hunde-{n}-rasse": "dackel",
                 f"hunde-{n}-seit": "2024-03-01"}
    return data


def test_group_answers_normalise_to_a_list_of_one_dict_per_entry():
    valid, errors, answers = submit_step(DOGS, {**dogs(2), "hunde-1-tierheim": "y"})
    assert valid, errors
    assert answers == {"hunde": [
        {"hundename": "Hund 0", "rasse": "dackel", "seit": "2024-03-01", "tierheim": False},
        {"hundename": "Hund 1", "rasse": "dackel", "seit": "2024-03-01", "tierheim": True},
    ]}


def test_a_group_below_repeat_min_gets_an_empty_entry_to_fill_in():
    valid, errors, _ = submit_step(DOGS, {})
    assert not valid
    assert errors == {"hunde": [
        {"hundename": ["Hunde 1: Bitte füllen Sie „Name des Hundes“ aus."]}]}


def test_a_group_never_yields_more_entries_than_repeat_max():
    _, _, answers = submit_step(DOGS, dogs(4))
    assert [d["hundename"] for d in answers["hunde"]] == ["Hund 0", "Hund 1", "Hund 2"]


def test_an_error_inside_a_group_entry_is_reported_at_that_entry_and_names_it():
    data = dogs(2) | {"hunde-1-rasse": "wolf"}
    _, errors, _ = submit_step(DOGS, data)
    assert errors == {"hunde": [{}, {"rasse": ["Hunde 2: Rasse: Keine gültige Auswahl."]}]}


def test_an_error_inside_a_group_entry_names_the_entry_by_its_item_label():
    spec = load(definition("""\
        - id: hunde
          type: group
          label: Hunde
          item_label: Hund
          repeat: {min: 1, max: 3}
          fields:
            - {id: chip, type: text, label: Chipnummer, pattern: "^[0-9]{15}$",
               pattern_message: Die Chipnummer besteht aus genau 15 Ziffern.}
        """))
    _, errors, _ = submit_step(spec, {"hunde-0-chip": "276098106543210", "hunde-1-chip": "12"})
    assert errors == {"hunde": [
        {}, {"chip": ["Hund 2: Chipnummer: Die Chipnummer besteht aus genau 15 Ziffern."]}]}


def test_a_group_with_repeat_min_zero_may_stay_empty():
    spec = load(definition("""\
        - id: kinder
          type: group
          label: Kinder
          repeat: {min: 0, max: 5}
          fields:
            - {id: kindname, type: text, label: Name, required: true}
        """))
    assert submit_step(spec, {}) == (True, {}, {"kinder": []})


def test_undeclared_input_never_reaches_the_answers():
    valid, _, answers = submit_step(PLZ, {"plz": "65183", "admin": "1", "plz-extra": "x"})
    assert valid and answers == {"plz": "65183"}


@pytest.mark.parametrize("typed", ["2000-05-1\u0667", "\U0001d7d0000-05-17", "17.05.\u0968000"],
                         ids=["arabic-indic", "math bold", "devanagari"])
def test_a_date_written_with_digits_other_than_0_to_9_is_refused_in_german(typed):
    assert field_errors(YEAR_2000, "tag", typed) == [
        "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."]


@pytest.mark.parametrize("blank", ["\u200b\u200b", "\ufeff", "\u2060 \u200d", "\u3164"],
                         ids=["zwsp", "bom", "joiners", "hangul filler"])
def test_a_required_text_of_invisible_characters_alone_names_the_field(blank):
    for kind in ("text", "textarea"):
        spec = one_field(f"{{id: name, type: {kind}, label: Nachname, required: true}}")
        assert field_errors(spec, "name", blank) == ["Bitte füllen Sie „Nachname“ aus."]


def test_a_text_answer_is_stored_in_nfc_without_invisible_ends():
    spec = one_field("{id: ort, type: text, label: Ort}")
    valid, _, answers = submit_step(spec, {"ort": "\ufeffMu\u0308nster\u200b "})
    assert valid and answers == {"ort": "Münster"}
    assert answers["ort"] == "M\u00fcnster"
