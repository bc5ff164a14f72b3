"""number, integer, phone, postcode, licence_plate, info and file: parse, check, store, show."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import FileStorage, MultiDict

import forms
from forms.fields import needs_multipart
from forms.fields.contact import phone_problem, postcode_problem
from forms.fields.numbers import number_text, parse_german_number
from forms.fields.uploads import (
    BACKEND_KEY,
    UploadRefused,
    detect_kind,
    display_name,
    readable_size,
)
from forms.fields.vehicles import NATIONAL_REFUSED_PAIRS, Plate, parse_plate, plate_problem

from .helpers import (
    FORM_APP,
    SOURCE,
    codelists,
    definition,
    field_errors,
    load,
    load_error,
    submit_step,
)

AREAS = frozenset(o.value for o in codelists()["kfz-unterscheidungszeichen"])


def one(declaration: str) -> forms.ServiceSpec:
    """Return the spec of a definition with this one field."""
    return load(definition(f"- {declaration}"))


def answer(spec: forms.ServiceSpec, field_id: str, value: Any) -> Any:
    """Post one value; return the stored answer (the step must be valid)."""
    valid, errors, answers = submit_step(spec, {field_id: value})
    assert valid, errors
    return answers[field_id]


def show(spec: forms.ServiceSpec, value: Any) -> str:
    """Return how the first field's stored answer is shown."""
    field = spec.steps[0].fields[0]
    return forms.field_types[field.type].display(field, value)


# --- number and integer -------------------------------------------------------------------

PRICE = one("{id: preis, type: number, label: Preis, min: 0, max: 10000, unit: EUR}")


@pytest.mark.parametrize("typed, value", [
    ("1.234,56", Decimal("1234.56")), ("1234,56", Decimal("1234.56")),
    ("1234.56", Decimal("1234.56")), ("1.234", Decimal(1234)), ("12.5", Decimal("12.5")),
    ("1 234,5", Decimal("1234.5")), ("1.234.567", Decimal(1234567)), ("-7", Decimal(-7)),
    ("\u22127,5", Decimal("-7.5")), ("+3", Decimal(3)), ("0,10", Decimal("0.1")),
])
def test_numbers_are_read_as_germans_write_them(typed, value):
    assert parse_german_number(typed) == value


@pytest.mark.parametrize("typed", ["12,345.6", "1.2.3", ",5", "5,", "1,2,3", "zwölf", "1e3",
                                   "12 34", "--1", "1.23,4"])
def test_a_number_in_no_german_notation_is_refused(typed):
    with pytest.raises(ValueError, match="Bitte geben Sie eine Zahl an"):
        parse_german_number(typed)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False))
def test_a_number_shown_the_german_way_reads_back_to_itself(value):
    assert parse_german_number(number_text(value, "de")) == value


def test_a_number_is_stored_as_a_json_number_and_shown_with_comma_and_unit():
    assert answer(PRICE, "preis", "1.234,56") == 1234.56
    assert answer(PRICE, "preis", "12") == 12 and isinstance(answer(PRICE, "preis", "12"), int)
    assert show(PRICE, 12345.5) == "12.345,5 EUR"
    assert show(PRICE, 1998) == "1998 EUR"  # four digits stay ungrouped (DIN 5008)


COUNT = one("{id: anzahl, type: integer, label: Anzahl}")
DIGITS_ONLY = "Bitte schreiben Sie die Zahl mit den Ziffern 0 bis 9, z. B. 1.234,56."
WHOLE_DIGITS_ONLY = "Bitte schreiben Sie die Zahl mit den Ziffern 0 bis 9, z. B. 1.234."


@pytest.mark.parametrize("typed", ["\u0661\u0662", "\U0001d7d7", "\uff11\uff12", "1\u0663",
                                   "\u0967.\u0968\u0969\u096a"],
                         ids=["arabic-indic", "math bold", "fullwidth", "mixed", "devanagari"])
def test_digits_other_than_0_to_9_are_refused_in_integer_and_number_fields(typed):
    assert field_errors(COUNT, "anzahl", typed) == [WHOLE_DIGITS_ONLY]  # a whole-number example
    assert field_errors(PRICE, "preis", typed + ",5") == [DIGITS_ONLY]


@pytest.mark.parametrize("typed, stored, shown", [
    ("12", 12, "12"), ("1.234", 1234, "1234"), ("12.345", 12345, "12.345"),
    ("1 234 567", 1234567, "1.234.567")])
def test_an_integer_of_digits_0_to_9_is_stored_and_shown_as_typed(typed, stored, shown):
    assert answer(COUNT, "anzahl", typed) == stored
    assert show(COUNT, stored) == shown


def test_zero_is_an_answer_and_garbage_gets_one_message():
    required = one("{id: anzahl, type: number, label: Anzahl, required: true}")
    assert answer(required, "anzahl", "0") == 0
    assert field_errors(required, "anzahl", "") == ["Bitte füllen Sie „Anzahl“ aus."]
    assert field_errors(required, "anzahl", "viele") == [
        "Bitte geben Sie eine Zahl an, z. B. 1.234,56."]


@pytest.mark.parametrize("typed", ["1e5", "viele", "12,5,3", "1,5"])
def test_an_integer_fields_format_message_gives_an_integer_example(typed):
    whole = one("{id: anzahl, type: integer, label: Anzahl}")
    assert field_errors(whole, "anzahl", typed) == [
        "Bitte geben Sie eine ganze Zahl an, z. B. 1.234."]


@pytest.mark.parametrize("declaration, typed, message", [
    ("{id: x, type: number, label: X, min: 0, max: 10000, unit: EUR}", "10000,01",
     "Bitte geben Sie eine Zahl von 0 EUR bis 10.000 EUR an."),
    ("{id: x, type: number, label: X, min: 0.5}", "0,49", "Die Zahl muss mindestens 0,5 sein."),
    ("{id: x, type: number, label: X, max: 3}", "3,01", "Die Zahl darf höchstens 3 sein."),
    ("{id: x, type: number, label: X}", "1,234",
     "Bitte geben Sie höchstens 2 Nachkommastellen an."),
    ("{id: x, type: number, label: X, decimals: 1}", "1,25",
     "Bitte geben Sie höchstens eine Nachkommastelle an."),
    ("{id: x, type: number, label: X, step: 0.25}", "1,3",
     "Bitte geben Sie ein Vielfaches von 0,25 an."),
    ("{id: x, type: integer, label: X, min: 1, step: 2}", "4",
     "Bitte geben Sie 1 plus ein Vielfaches von 2 an."),
    ("{id: x, type: integer, label: X}", "1,5", "Bitte geben Sie eine ganze Zahl an, z. B. 1.234."),
    ("{id: x, type: integer, label: X}", "9007199254740992",
     "Die Zahl hat zu viele Stellen (höchstens 15)."),
])
def test_a_number_outside_its_rules_is_refused_in_german(declaration, typed, message):
    assert field_errors(one(declaration), "x", typed) == [message]


@pytest.mark.parametrize("declaration, typed", [
    ("{id: x, type: number, label: X, min: 0, max: 10000}", "10000"),
    ("{id: x, type: number, label: X, decimals: 1}", "1,50"),  # a trailing zero adds nothing
    ("{id: x, type: number, label: X, step: 0.25}", "-1,75"),
    ("{id: x, type: integer, label: X, min: 1, step: 2}", "5"),
    ("{id: x, type: integer, label: X}", "2,0"),
])
def test_a_number_on_its_rules_is_accepted(declaration, typed):
    assert field_errors(one(declaration), "x", typed) == []


BOUNDED = one("{id: n, type: integer, label: N, min: -5, max: 5}")


@given(st.integers(min_value=-10**6, max_value=10**6))
@example(-5)
@example(5)
@example(-6)
@example(6)
def test_an_integer_is_accepted_exactly_within_its_bounds(number):
    errors = field_errors(BOUNDED, "n", number_text(number, "de"))
    assert (errors == []) == (-5 <= number <= 5)


@pytest.mark.parametrize("declaration, problem", [
    ("{id: x, type: number, label: X, min: 5, max: 1}", "min ist größer als max"),
    ("{id: x, type: number, label: X, decimals: 0, step: 0.5}",
     "step hat mehr Nachkommastellen als erlaubt (0)"),
    ("{id: x, type: integer, label: X, min: 1.5}",
     "erwartet eine ganze Zahl, gefunden eine Kommazahl"),
    ("{id: x, type: integer, label: X, decimals: 2}", "unbekannter Schlüssel „decimals“"),
    ("{id: x, type: number, label: X, step: 0}", "step: muss größer als 0 sein"),
])
def test_number_options_are_checked_when_the_definition_loads(declaration, problem):
    assert problem in str(load_error(definition(f"- {declaration}")))


# --- phone --------------------------------------------------------------------------------

PHONE = one("{id: tel, type: phone, label: Telefon}")


@pytest.mark.parametrize("typed, stored", [
    ("0611 1720", "+496111720"), ("0611/17 20", "+496111720"), ("(0611) 17-20", "+496111720"),
    ("+49 (0) 611 172-0", "+496111720"), ("0049 611 1720", "+496111720"),
    ("0151 23456789", "+4915123456789"), ("+44 20 7946 0958", "+442079460958"),
    ("+1 202-555-0143", "+12025550143"), ("0611\u00a01720", "+496111720"),
])
def test_a_phone_number_is_stored_in_e164(typed, stored):
    assert answer(PHONE, "tel", typed) == stored


@pytest.mark.parametrize("typed, message", [
    ("0800-FLOWERS", "Eine Telefonnummer besteht aus Ziffern"),
    ("0611 1720 x12", "Eine Telefonnummer besteht aus Ziffern"),
    ("06 11+17", "Eine Telefonnummer besteht aus Ziffern"),
    ("0611 17", "Diese Telefonnummer gibt es so nicht"),
    ("110", "Diese Telefonnummer gibt es so nicht"),
    ("0611 1234567890123", "Die Telefonnummer ist zu lang."),
    ("+49 611 1234567890123", "Die Telefonnummer ist zu lang."),
    ("+999 1234567", "Die Landesvorwahl ist unbekannt."),
])
def test_a_phone_number_that_cannot_exist_is_refused(typed, message):
    assert message in phone_problem(typed)
    assert message in field_errors(PHONE, "tel", typed)[0]


def test_a_field_for_german_numbers_refuses_foreign_ones_and_shows_them_readably():
    german = one("{id: tel, type: phone, label: Telefon, international: false}")
    assert field_errors(german, "tel", "+44 20 7946 0958") == [
        "Bitte geben Sie eine deutsche Telefonnummer an."]
    assert show(german, "+496111720") == "+49 611 1720"
    assert forms.field_types["phone"].to_form(german.steps[0].fields[0], "+496111720") == \
        "+49 611 1720"


# --- postcode -----------------------------------------------------------------------------

POSTCODE = one("{id: plz, type: postcode, label: PLZ}")


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
@example("00999")
@example("01000")
@example("01001")
@example("99998")
@example("99999")
def test_a_postcode_is_five_digits_from_01001_to_99998(typed):
    accepted = 1001 <= int(typed) <= 99998
    assert (postcode_problem(typed) is None) == accepted


@pytest.mark.parametrize("typed", ["6518", "651833", "65l83", "D-65183", "65 183"])
def test_a_postcode_not_of_five_digits_is_refused(typed):
    assert field_errors(POSTCODE, "plz", typed) == [
        "Eine Postleitzahl hat fünf Ziffern, z. B. 65183."]


def test_a_postcode_can_be_limited_to_a_list_or_to_prefixes():
    listed = one('{id: plz, type: postcode, label: PLZ, allowed: ["65183", "65185"], '
                 "outside_message: Nur für Wiesbaden-Mitte.}")
    assert answer(listed, "plz", " 65183 ") == "65183"
    assert field_errors(listed, "plz", "65187") == ["Nur für Wiesbaden-Mitte."]
    prefixed = one('{id: plz, type: postcode, label: PLZ, prefixes: ["651", "652"]}')
    assert field_errors(prefixed, "plz", "65299") == []
    assert field_errors(prefixed, "plz", "65399") == [
        "Diese Postleitzahl liegt nicht im Zuständigkeitsbereich."]


@pytest.mark.parametrize("options, problem", [
    ('allowed: ["65183"], prefixes: ["6"]', "allowed und prefixes schließen einander aus"),
    ('allowed: ["00123"]', "keine gültige Postleitzahl: 00123"),
    ('prefixes: ["651x"]', "der Anfang einer Postleitzahl, 1 bis 4 Ziffern"),
])
def test_postcode_options_are_checked_when_the_definition_loads(options, problem):
    text = definition(f"- {{id: plz, type: postcode, label: PLZ, {options}}}")
    assert problem in str(load_error(text))


# --- licence_plate ------------------------------------------------------------------------

PLATE = one("{id: kz, type: licence_plate, label: Kennzeichen, areas_from: "
            "kfz-unterscheidungszeichen}")


@pytest.mark.parametrize("typed, canonical", [
    ("wi-ab 123", "WI-AB 123"), ("WI AB123E", "WI-AB 123E"), ("wiab123", "WI-AB 123"),
    (" wi - ab 1 h ", "WI-AB 1H"), ("mü-b 1", "MÜ-B 1"), ("MÜB1", "MÜ-B 1"),
    ("HH-A 1", "HH-A 1"), ("b ab 1234", "B-AB 1234"),
])
def test_a_plate_is_stored_and_shown_canonically(typed, canonical):
    assert answer(PLATE, "kz", typed) == canonical
    assert show(PLATE, canonical) == canonical


@pytest.mark.parametrize("typed, message", [
    ("WI-AB 0123", "Die Zahl des Kennzeichens beginnt nicht mit 0."),
    ("WI-AB 12345", "Nach den Buchstaben folgt eine Zahl mit 1 bis 4 Ziffern"),
    ("WI-ABC 1", "Nach dem Unterscheidungszeichen folgen ein oder zwei Buchstaben"),
    ("WI-ÄB 1", "Umlaute (Ä, Ö, Ü) gibt es nur im Unterscheidungszeichen"),
    ("WI-AB 12X", "Am Ende ist nur E (Elektrofahrzeug) oder H (Oldtimer) möglich."),
    ("XQ-AB 1", "Das Unterscheidungszeichen „XQ“ kann hier nicht beantragt werden."),
    ("BD-A 1", "Das Unterscheidungszeichen „BD“ kann hier nicht beantragt werden."),
    ("BAB 1", "Bitte trennen Sie das Unterscheidungszeichen mit einem Bindestrich ab"),
    ("WI-AB-1", "Der Bindestrich steht nach dem Unterscheidungszeichen"),
    ("WI_AB 1", "Ein Kennzeichen enthält nur Buchstaben, Ziffern"),
    ("WIß-A 1", "Ein Kennzeichen enthält nur Buchstaben, Ziffern"),
    ("WÜM-AB 1234", "höchstens 8 Zeichen (ein E oder H mitgezählt); „WÜM-AB 1234“ hat 9"),
    ("WI-AB 1234E", "höchstens 8 Zeichen (ein E oder H mitgezählt); „WI-AB 1234E“ hat 9"),
])
def test_a_plate_that_cannot_be_issued_is_refused_in_german(typed, message):
    errors = field_errors(PLATE, "kz", typed)
    assert len(errors) == 1 and message in errors[0]


@pytest.mark.parametrize("pair", sorted(NATIONAL_REFUSED_PAIRS))
def test_the_refused_letter_pairs_are_refused_inside_the_letters_and_across_the_hyphen(pair):
    assert field_errors(PLATE, "kz", f"WI-{pair} 1") == [
        f"Die Buchstabenfolge „{pair}“ wird nicht vergeben."]
    area = next(a for a in sorted(AREAS) if a.endswith(pair[0]))
    assert field_errors(PLATE, "kz", f"{area}-{pair[1]} 1") == [
        f"„{area}-{pair[1]}“ ergibt zusammen „{pair}“; diese Buchstabenfolge wird nicht vergeben."]


def test_a_plate_field_takes_its_areas_refusals_and_suffixes_from_the_definition():
    local = {**codelists(), "kfz-wiesbaden": (forms.Option("WI", "Wiesbaden"),)}
    text = definition("- {id: kz, type: licence_plate, label: K, areas_from: kfz-wiesbaden, "
                      "refused_pairs: [SD], refused_combinations: [WI-PD, HH 88], "
                      "suffixes: [E]}")
    spec = forms.load_definition(text, SOURCE, local)
    assert field_errors(spec, "kz", "HL-AB 1")[0].startswith("Das Unterscheidungszeichen „HL“")
    assert field_errors(spec, "kz", "WI-SD 1") == ["Die Buchstabenfolge „SD“ wird nicht vergeben."]
    assert field_errors(spec, "kz", "WI-PD 7") == ["Die Kombination „WI-PD“ wird nicht vergeben."]
    assert field_errors(spec, "kz", "WI-HH 88") == [
        "Die Kombination „HH 88“ wird nicht vergeben."]
    assert field_errors(spec, "kz", "WI-HH 89") == []
    assert field_errors(spec, "kz", "WI-AB 1H") == [
        "Ein Kennzeichen mit H am Ende kann hier nicht beantragt werden."]


@pytest.mark.parametrize("declaration, problem", [
    ("{id: kz, type: licence_plate, label: K}", "Pflichtschlüssel „areas_from“ fehlt"),
    ("{id: kz, type: licence_plate, label: K, areas_from: gibts-nicht}",
     "steps.0.fields.0.areas_from: unbekannte Codeliste „gibts-nicht“"),
    ("{id: kz, type: licence_plate, label: K, areas_from: hunderassen}",
     "hunderassen: kein Unterscheidungszeichen: mischling"),
    ("{id: kz, type: licence_plate, label: K, areas_from: kfz-unterscheidungszeichen, "
     "refused_combinations: [WI AB]}", "hat nicht die erwartete Form: ein Unterscheidungs"),
])
def test_plate_options_are_checked_when_the_definition_loads(declaration, problem):
    assert problem in str(load_error(definition(f"- {declaration}")))


LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2)


@given(st.sampled_from(sorted(AREAS)), LETTERS, st.integers(1, 9999), st.sampled_from("EH "))
def test_every_issued_plate_reads_back_from_its_canonical_and_lowercase_forms(
        area, letters, number, suffix):
    plate = Plate(area, letters, str(number), suffix.strip())
    for typed in (plate.canonical(), plate.canonical().lower(),
                  f"{area} {letters}{number} {plate.suffix}"):
        assert parse_plate(typed, AREAS) == plate
    issued = plate_problem(plate) is None
    too_long = plate.length() > 8
    refused = letters in NATIONAL_REFUSED_PAIRS or area[-1] + letters[0] in NATIONAL_REFUSED_PAIRS
    assert issued == (not too_long and not refused)


# --- info ---------------------------------------------------------------------------------

INFO = load(definition("""
    - id: hinweis
      type: info
      label: "Hinweis <b>fett</b>"
      text: "Bitte halten Sie <script>alert(1)</script> bereit.\\n\\nZweiter Absatz."
    - {id: name, type: text, label: Name}
"""))


def test_an_info_shows_escaped_paragraphs_and_stores_nothing():
    with FORM_APP.test_request_context():
        html = forms.step_form_class(INFO, "angaben")(formdata=None)["hinweis"]()
    assert isinstance(html, Markup)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Hinweis &lt;b&gt;fett&lt;/b&gt;" in html and html.count('<p class="kern-body">') == 2
    valid, _, answers = submit_step(INFO, {"hinweis": "eingeschmuggelt", "name": "Erika"})
    assert valid and answers == {"name": "Erika"}
    rows = forms.review(INFO, answers)[0].rows
    assert [r.label for r in rows] == ["Name"]


def test_an_info_cannot_be_required():
    text = definition("- {id: h, type: info, label: H, text: T, required: true}")
    assert "kann nicht required sein" in str(load_error(text))


# --- file ---------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 40


class FakeStorage:
    """The app's part, for the engine alone: keeps files in a dict."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, Any]] = {}

    def store(self, received, replaces):
        token = f"token{len(self.files):011d}x"
        self.files[token] = {"upload_id": token, "name": received.name,
                             "sha256": received.sha256, "size": received.size,
                             "media_type": received.media_type}
        return self.files[token]

    def find(self, upload_id):
        return self.files.get(upload_id)


@pytest.fixture
def storage():
    """Register a fake upload storage on the engine's test app."""
    FORM_APP.extensions[BACKEND_KEY] = FakeStorage()
    yield FORM_APP.extensions[BACKEND_KEY]
    del FORM_APP.extensions[BACKEND_KEY]


FILE = one("{id: nachweis, type: file, label: Nachweis, accept: [pdf], max_size_mb: 0.001, "
           "required: true}")


def upload(content: bytes, name: str, content_type: str = "application/pdf") -> MultiDict:
    """Return form data with one file for the field `nachweis`."""
    return MultiDict({"nachweis": FileStorage(io.BytesIO(content), name, "nachweis",
                                              content_type)})


def test_a_file_is_judged_by_its_content_not_by_its_name_or_content_type(storage):
    valid, errors, _ = submit_step(FILE, upload(PNG, "scan.pdf"))
    assert not valid and errors["nachweis"] == [
        "Die Datei ist keine PDF-Datei (geprüft wird der Inhalt, nicht der Name)."]
    assert storage.files == {}
    valid, _, answers = submit_step(FILE, upload(PDF, "../../etc/Antrag.pdf", "image/png"))
    assert valid and answers["nachweis"] == {
        "upload_id": "token00000000000x", "name": "Antrag.pdf",
        "sha256": hashlib.sha256(PDF).hexdigest(), "size": len(PDF),
        "media_type": "application/pdf"}


def test_a_file_too_large_or_empty_or_missing_is_refused_in_german(storage):
    big = PDF + b"%" * 1024
    assert submit_step(FILE, upload(big, "a.pdf"))[1]["nachweis"] == [
        "Die Datei ist größer als 0,001 MB. Bitte wählen Sie eine kleinere Datei."]
    assert submit_step(FILE, upload(b"", "a.pdf"))[1]["nachweis"] == ["Die Datei ist leer."]
    assert submit_step(FILE, {})[1]["nachweis"] == ["Bitte laden Sie „Nachweis“ hoch."]
    assert storage.files == {}


def test_a_file_the_storage_refuses_gets_the_storages_german_message(storage):
    def refuse(received, replaces):
        raise UploadRefused("Für diesen Antrag ist kein Platz mehr.")

    storage.store = refuse
    valid, errors, _ = submit_step(FILE, upload(PDF, "a.pdf"))
    assert not valid and errors["nachweis"] == ["Für diesen Antrag ist kein Platz mehr."]


def test_storing_a_new_file_names_the_one_it_replaces(storage):
    _, _, first = submit_step(FILE, upload(PDF, "a.pdf"))
    seen = []
    store = storage.store
    storage.store = lambda received, replaces: seen.append(replaces) or store(received, replaces)
    data = upload(PDF, "b.pdf")
    data["nachweis-vorhanden"] = first["nachweis"]["upload_id"]
    assert submit_step(FILE, data)[0] and seen == [first["nachweis"]]


def test_a_file_uploaded_before_is_kept_by_its_id_and_an_unknown_id_is_refused(storage):
    _, _, first = submit_step(FILE, upload(PDF, "a.pdf"))
    token = first["nachweis"]["upload_id"]
    valid, _, again = submit_step(FILE, {"nachweis-vorhanden": token})
    assert valid and again == first
    valid, errors, _ = submit_step(FILE, {"nachweis-vorhanden": "someone-elses-token-0"})
    assert errors["nachweis"] == [
        "Die zuvor hochgeladene Datei ist nicht mehr verfügbar. Bitte wählen Sie sie erneut."]


def test_a_kept_file_is_shown_with_its_name_and_a_hidden_input(storage):
    reference = {"upload_id": "abcdefghijklmnop", "name": "<b>x</b>.pdf", "size": 2048,
                 "sha256": "0" * 64, "media_type": "application/pdf"}
    with FORM_APP.test_request_context():
        html = forms.step_form_class(FILE, "angaben")(formdata=None,
                                                      data={"nachweis": reference})["nachweis"]()
    assert "Hochgeladen: <strong>&lt;b&gt;x&lt;/b&gt;.pdf</strong> (2 KB)" in html
    assert '<input type="hidden" name="nachweis-vorhanden" value="abcdefghijklmnop">' in html
    assert 'accept=".pdf,application/pdf"' in html and 'type="file"' in html
    assert show(FILE, reference) == "<b>x</b>.pdf (2 KB, PDF)"


def test_a_file_is_named_and_shown_with_the_ending_of_its_detected_type(storage):
    _, _, answers = submit_step(FILE, upload(PDF, "Wesenstestfdp.hta"))
    assert answers["nachweis"]["name"] == "Wesenstestfdp.pdf"
    # A reference kept before files were named by their type is shown as it downloads, too.
    old = {**answers["nachweis"], "name": "Wesenstestfdp.hta"}
    with FORM_APP.test_request_context():
        html = forms.step_form_class(FILE, "angaben")(formdata=None,
                                                      data={"nachweis": old})["nachweis"]()
    assert "Hochgeladen: <strong>Wesenstestfdp.pdf</strong>" in html
    assert show(FILE, old).startswith("Wesenstestfdp.pdf (")


def test_a_file_in_a_group_is_stored_per_entry_and_its_step_posts_multipart(storage):
    grouped = load(definition("""
        - id: hunde
          type: group
          label: Hunde
          fields:
            - {id: nachweis, type: file, label: Nachweis}
    """))
    assert needs_multipart(grouped.steps[0].fields) and not needs_multipart(INFO.steps[0].fields)
    data = MultiDict({"hunde-0-nachweis": FileStorage(io.BytesIO(PDF), "wesenstest.pdf")})
    valid, _, answers = submit_step(grouped, data)
    assert valid and answers["hunde"][0]["nachweis"]["name"] == "wesenstest.pdf"


@pytest.mark.parametrize("content, kind", [
    (PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpg"),
    (b"GIF89a" + b"\0" * 20, "gif"), (b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 20, "webp"),
    (b"II*\x00\x08\x00\x00\x00" + b"\0" * 20, "tiff"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 20, "heic"),
    (b"<html><script>alert(1)</script>", None), (b"MZ\x90\x00" + b"\0" * 60, None),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
])
def test_file_kinds_are_recognised_by_their_magic_bytes(content, kind):
    assert detect_kind(content) == kind


@pytest.mark.parametrize("raw, shown", [
    ("C:\\Users\\erika\\Antrag.pdf", "Antrag.pdf"), ("../../etc/passwd", "passwd"),
    ("rechnung\u202egpj.exe", "rechnunggpj.exe"), (".htaccess", "htaccess"),
    ("a\nb\tc.pdf", "abc.pdf"), ("", "datei"), ("x" * 200 + ".pdf", "x" * 110 + ".pdf"),
    ("Bescheinigung für Ämter.pdf", "Bescheinigung für Ämter.pdf"),
])
def test_a_file_name_is_sanitised_for_display(raw, shown):
    assert display_name(raw) == shown


def test_sizes_read_the_german_way():
    assert [readable_size(n) for n in (812, 12_600, 4_718_592)] == [
        "812 Byte", "12,3 KB", "4,5 MB"]


CONDITIONAL = load(definition("""
    - {id: gefaehrlich, type: boolean, label: Gefährlicher Hund}
    - {id: nachweis, type: file, label: Wesenstest, accept: [pdf], required_if: "gefaehrlich"}
    - {id: gewicht, type: number, label: Gewicht, required_if: "gefaehrlich"}
"""))


def test_required_if_asks_for_a_file_and_a_number_with_their_own_presence_checks(storage):
    errors = submit_step(CONDITIONAL, {"gefaehrlich": "y", "gewicht": "  "})[1]
    assert errors == {"nachweis": ["Bitte laden Sie „Wesenstest“ hoch."],
                      "gewicht": ["Bitte füllen Sie „Gewicht“ aus."]}
    data = upload(PDF, "test.pdf")
    data.update({"gefaehrlich": "y", "gewicht": "0"})
    valid, _, answers = submit_step(CONDITIONAL, data)
    assert valid and answers["nachweis"]["name"] == "test.pdf" and answers["gewicht"] == 0
    assert submit_step(CONDITIONAL, {})[0]
