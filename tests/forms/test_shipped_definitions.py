"""The definitions and code lists in services/ load as the product loads them."""

from __future__ import annotations

import pytest

import forms
from buergerbuero.definitions import definition_files

from .helpers import SERVICES, codelists

# The files `flask services load` and `init-instance` publish (not departments, not routing).
DEFINITIONS = definition_files(SERVICES)


def test_there_are_definitions_to_check():
    assert DEFINITIONS, f"no service definitions found in {SERVICES}"


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.stem)
def test_every_shipped_definition_loads_with_the_shipped_code_lists(path):
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    assert spec.steps and all(step.fields for step in spec.steps)
    for field in spec.iter_fields():
        assert field.type in forms.field_types


def test_a_select_with_options_from_gets_the_code_list_entries():
    path = SERVICES / "hundesteuer-anmeldung.yaml"
    spec = forms.load_definition(path.read_text("utf-8"), str(path), codelists())
    rasse = next(f for f in spec.iter_fields() if f.id == "rasse")
    assert rasse.options == codelists()["hunderassen"]
    assert rasse.option_label("labrador-retriever") == "Labrador Retriever"


def test_every_code_list_file_is_named_after_its_id():
    assert set(codelists()) == {p.stem for p in (SERVICES / "codelists").glob("*.yaml")}
