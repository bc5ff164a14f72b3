"""The definitions and code lists in services/ load as the product loads them."""

from __future__ import annotations

import re

import pytest

import forms
from buergerbuero.catalogue.definitions import definition_files

from .helpers import NAME_FIELD, SERVICES, codelists, definition, load, load_error

# The files `flask services load` and `init-instance` publish (not departments, not routing).
EVERY_DEFINITION = definition_files(SERVICES)
# External services (`external:`) are links to another portal: no steps, no rule tests.
EXTERNAL = [p for p in EVERY_DEFINITION if "\nexternal:" in p.read_text("utf-8")]
DEFINITIONS = [p for p in EVERY_DEFINITION if p not in EXTERNAL]


def test_there_are_definitions_to_check():
    assert DEFINITIONS, f"no service definitions found in {SERVICES}"


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.stem)
def test_every_shipped_definition_loads_with_the_shipped_code_lists(path):
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    assert spec.steps and all(step.fields for step in spec.steps)
    for field in spec.iter_fields():
        assert field.type in forms.field_types


def test_the_shipped_services_include_the_new_ones_and_the_library_as_external():
    names = {p.stem for p in DEFINITIONS}
    assert {"allgemeine-anfrage", "kita-voranmeldung", "barrierefreiheit-rueckmeldung"} <= names
    assert [p.stem for p in EXTERNAL] == ["stadtbibliothek"]


@pytest.mark.parametrize("path", EXTERNAL, ids=lambda p: p.stem)
def test_every_shipped_external_service_loads_as_a_link_without_steps(path):
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    assert spec.external.url.startswith("https://") and spec.external.provider
    assert spec.steps == () and spec.department == "" and forms.run_rule_tests(spec) == []


def test_a_select_with_options_from_gets_the_code_list_entries():
    path = SERVICES / "hundesteuer-anmeldung.yaml"
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    rasse = next(f for f in spec.iter_fields() if f.id == "rasse")
    assert rasse.options == codelists()["hunderassen"]
    assert rasse.option_label("labrador-retriever") == "Labrador Retriever"


def test_every_code_list_file_is_named_after_its_id():
    assert set(codelists()) == {p.stem for p in (SERVICES / "codelists").glob("*.yaml")}


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.stem)
def test_every_shipped_definition_has_rule_tests_and_all_pass(path):
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    results = forms.run_rule_tests(spec)
    assert results, f"{path.name} has no rule tests (tests:)"
    assert [(r.name, r.messages) for r in results if not r.passed] == []


# A rule broken on purpose must fail the definition's own tests: they test what they claim.
BROKEN_RULES = [
    ("hundesteuer-anmeldung", "120 + (len(hunde)", "100 + (len(hunde)",
     "Ein Hund kostet 120 €", "Gebühr: erwartet 120,00 €, berechnet 100,00 €"),
    ("hundesteuer-anmeldung", "- 1) * 180", "- 1) * 120",
     "Zwei Hunde kosten 120 € und 180 €", "Gebühr: erwartet 300,00 €, berechnet 240,00 €"),
    ("hundesteuer-anmeldung", "+ 600 * count", "+ 500 * count",
     "Ein gefährlicher Hund kostet 600 €, auch als einziger Hund",
     "Gebühr: erwartet 600,00 €, berechnet 500,00 €"),
    ("hundesteuer-anmeldung", "- 90 * count", "- 60 * count",
     "Ein zweiter Hund aus dem Tierheim zahlt im ersten Jahr 90 €",
     "Gebühr: erwartet 210,00 €, berechnet 240,00 €"),
    ("hundesteuer-anmeldung", "haltung_seit > today - 365)\n", "haltung_seit > today - 400)\n",
     "Nach dem ersten Jahr zahlt ein Hund aus dem Tierheim voll",
     "Gebühr: erwartet 120,00 €, berechnet 30,00 €"),
    ("hundesteuer-anmeldung", "tierheim and not gefaehrlich and", "tierheim and",
     "Ein gefährlicher Hund aus dem Tierheim bekommt keine Ermäßigung",
     "Gebühr: erwartet 600,00 €, berechnet 510,00 €"),
    ("hundesteuer-anmeldung", "visible_if: \"zahlweise == 'lastschrift'\", required_if: \"zahlweise"
     " == 'lastschrift'\"}\n      - {id: richtigkeit", "required_if: \"zahlweise == "
     "'lastschrift'\"}\n      - {id: richtigkeit", "Ohne Zahlweise ist die IBAN verborgen",
     "Feld „iban“ sollte verborgen sein, ist aber sichtbar"),
    ("hundesteuer-anmeldung", "visible_if: \"zahlweise == 'lastschrift'\", required_if: "
     "\"zahlweise == 'lastschrift'\"}\n      - {id: iban",
     "visible_if: \"zahlweise == 'lastschrift'\"}\n      - {id: iban",
     "Bei Lastschrift sind IBAN und Kontoinhaber Pflicht",
     "Feld „kontoinhaber“ sollte Pflichtfeld sein, ist aber freiwillig"),
    ("gewerbeanmeldung", "visible_if: \"rechtsform in ['ek',", "visible_if: \"rechtsform in "
     "['gbr', 'ek',", "Eine GbR braucht einen Namen, steht aber in keinem Register",
     "Feld „registerart“ sollte verborgen sein, ist aber sichtbar"),
    ("gewerbeanmeldung", "required_if: \"rechtsform != 'einzel'\"",
     "required_if: \"rechtsform == 'gmbh'\"",
     "Eine GbR braucht einen Namen, steht aber in keinem Register",
     "Feld „betriebsname“ sollte Pflichtfeld sein, ist aber freiwillig"),
    ("gewerbeanmeldung", "visible_if: \"registerart in ['hra', 'hrb']\"",
     "visible_if: \"registerart in ['hra', 'hrb', 'beantragt']\"",
     "Ein e. K. mit beantragter Eintragung nennt noch kein Gericht",
     "Feld „registergericht“ sollte verborgen sein, ist aber sichtbar"),
    ("gewerbeanmeldung", "expression: \"26\"", "expression: \"25\"",
     "Einzelunternehmen ohne Registereintrag und ohne Firmennamen",
     "Gebühr: erwartet 26,00 €, berechnet 25,00 €"),
    ("bewohnerparkausweis", "required_if: \"halter != 'selbst'\"",
     "required_if: \"halter == 'firmenwagen'\"",
     "Ein Leasingfahrzeug braucht den Nachweis der Nutzung",
     "Feld „nachweis“ sollte Pflichtfeld sein, ist aber freiwillig"),
    ("bewohnerparkausweis", "visible_if: \"halter != 'selbst'\"", "visible_if: \"true\"",
     "Eigenes Fahrzeug, ein Jahr, ohne Nachweis",
     "Feld „nachweis“ sollte verborgen sein, ist aber sichtbar"),
    ("bewohnerparkausweis", "61.40, 30.70", "60.40, 30.70",
     "Ein Firmenwagen braucht den Nachweis der Nutzung",
     "Gebühr: erwartet 61,40 €, berechnet 60,40 €"),
    ("bewohnerparkausweis", "61.40, 30.70", "61.40, 30.00",
     "Eigenes Fahrzeug, ein Jahr, ohne Nachweis", "Gebühr: erwartet 30,70 €, berechnet 30,00 €"),
    ("wunschkennzeichen", "expression: \"12.80\"", "expression: \"10.20\"",
     "Reservierung und Zuteilung kosten 12,80 €", "Gebühr: erwartet 12,80 €, berechnet 10,20 €"),
]


@pytest.mark.parametrize(("slug", "old", "new", "name", "message"), BROKEN_RULES,
                         ids=[f"{case[0]}:{case[4][:30]}" for case in BROKEN_RULES])
def test_a_broken_rule_fails_the_shipped_definitions_own_tests(slug, old, new, name, message):
    path = SERVICES / f"{slug}.yaml"
    text = path.read_text("utf-8")
    broken = text.replace(old, new, 1)
    assert broken != text, f"{old!r} not found in {path.name}"
    failed = {r.name: r.messages for r in forms.run_rule_tests(
        forms.load_definition(broken, str(path), codelists())) if not r.passed}
    assert message in failed.get(name, ()), failed


def test_the_manuals_example_of_rule_tests_is_a_passing_test_of_the_dog_tax():
    manual = (SERVICES.parent / "docs" / "service-definitions.md").read_text("utf-8")
    block = manual.split("```yaml\ntests:", 1)[1].split("```", 1)[0]
    example = block.split("\n", 1)[1]  # the entries below `tests:` and its comment
    path = SERVICES / "hundesteuer-anmeldung.yaml"
    own = path.read_text("utf-8")
    text = own[:own.index("\ntests:\n")] + "\ntests:\n" + example
    spec = forms.load_definition(text, "docs/service-definitions.md", codelists())
    (result,) = forms.run_rule_tests(spec)
    assert result.name == "Zwei Hunde, Zahlung per Überweisung" and result.passed, result


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.stem)
def test_shipped_date_limits_count_whole_years_in_years_not_in_days(path):
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    for field in (f for f in spec.iter_fields() if f.type == "date"):
        for key in ("min", "max"):
            bound = field.settings.get(key, "")
            assert not (bound.endswith("d") and int(bound[6:-1]) >= 365), (field.id, bound)


@pytest.mark.parametrize(("slug", "field_id", "bound"), [
    ("hundesteuer-anmeldung", "geburtsdatum", "today-18y"),
    ("gewerbeanmeldung", "geburtsdatum", "today-16y"),
    ("wunschkennzeichen", "geburtsdatum", "today-17y"),
    ("bewohnerparkausweis", "geburtsdatum", "today-17y"),
])
def test_shipped_minimum_ages_are_written_in_years(slug, field_id, bound):
    path = SERVICES / f"{slug}.yaml"
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    assert next(f for f in spec.iter_fields() if f.id == field_id).settings["max"] == bound


def test_the_dog_tax_postcode_is_a_postcode_field():
    path = SERVICES / "hundesteuer-anmeldung.yaml"
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    plz = next(f for f in spec.iter_fields() if f.id == "plz")
    assert plz.type == "postcode" and "pattern" not in plz.settings


UPLOAD_RULE = re.compile(r"\b(PDF|JPE?G|PNG|MB)\b")


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.stem)
def test_a_shipped_upload_says_what_is_allowed_once(path):
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    for field in (f for f in spec.iter_fields() if f.type == "file"):
        hint = forms.field_types["file"].build(field).kwargs["description"]
        assert not UPLOAD_RULE.search(field.help), (field.id, field.help)
        assert hint.count("Erlaubte Dateien:") == 1 and hint.count(" MB") == 1, hint


def test_an_upload_hint_is_the_help_then_the_allowed_files():
    field = forms.load_definition(definition(
        "- {id: n, type: file, label: N, help: Der Nachweis., accept: [pdf, png], "
        "max_size_mb: 2.5}"), "t.yaml", codelists()).step("angaben").fields[0]
    assert forms.field_types["file"].build(field).kwargs["description"] == (
        "Der Nachweis. Erlaubte Dateien: PDF, PNG; höchstens 2,5 MB.")


def test_filed_through_says_how_a_case_begins_and_refuses_anything_else():
    assert load(definition(NAME_FIELD)).filed_through == "catalogue"
    booked = load(definition(NAME_FIELD).replace("steps:", "filed_through: sprechstunde\nsteps:"))
    assert booked.filed_through == "sprechstunde"
    error = load_error(definition(NAME_FIELD).replace("steps:", "filed_through: telefon\nsteps:"))
    assert "filed_through" in str(error) and "sprechstunde" in str(error)
