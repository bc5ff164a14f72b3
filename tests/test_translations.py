"""The translation layer is whole: every user-facing string is marked, English is complete.

German is the source language (message ids are German), English must translate every id,
without a fuzzy flag and with the same placeholders. A template or module with unmarked text
fails with the line and the text, so a new page cannot slip past the layer.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from jinja2 import Environment

from buergerbuero.core import catalogs
from tests.unmarked import module_problems, template_problems

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
TEMPLATES = sorted((ROOT / "buergerbuero" / "templates").rglob("*.html"))
MODULES = sorted(path for package in ("buergerbuero", "forms", "signing", "mailgateway", "common")
                 for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    """The template catalogue `pybabel extract` would write for babel.cfg."""
    return catalogs.extract()


@pytest.fixture(scope="module")
def english() -> Catalog:
    """The English catalogue as committed."""
    return catalogs.english("en")


def ids(catalogue: Catalog) -> set[str | tuple[str, ...]]:
    """Return the message ids of a catalogue (a plural's id is its singular and plural)."""
    return {message.id for message in catalogue if message.id}


def test_extraction_finds_the_marked_strings_of_every_kind(extracted):
    found = ids(extracted)
    assert "Zum Inhalt springen" in found  # a template's _()
    assert "Bitte melden Sie sich an, um diese Seite zu sehen." in found  # a module's _l()


def test_plain_pybabel_extract_finds_the_same_strings(extracted, tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg",
                    "-o", str(template), "."], cwd=ROOT, check=True, capture_output=True)
    with template.open("rb") as file:
        assert ids(read_po(file)) == ids(extracted)


def test_every_id_has_an_english_translation_that_is_not_fuzzy(extracted, english):
    missing = [message.id for message in extracted if message.id
               and (english.get(message.id) is None or not _translated(english.get(message.id)))]
    assert not missing, "run `make translations` and translate in messages.po:\n" + "\n".join(
        map(str, missing))


def test_the_english_catalogue_holds_no_stale_ids(extracted, english):
    stale = ids(english) - ids(extracted)
    assert not stale, "run `make translations` to drop them:\n" + "\n".join(map(str, stale))


def test_every_translation_keeps_the_placeholders_of_its_id(english):
    # Babel's own check finds a placeholder the id lacks; the set comparison one it dropped.
    problems = [f"{message.id!r}: {errors}" for message, errors in english.check()]
    for message in english:
        ids_ = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(placeholders(text) for text in ids_))
        problems += [f"{message.id!r}: {text!r} has {sorted(placeholders(text))}, the id "
                     f"{sorted(wanted)}" for text in strings
                     if message.id and text and placeholders(text) != wanted]
    assert not problems, "\n".join(problems)


def placeholders(text: str) -> set[str]:
    """Return the named placeholders of a message (%(name)s, %(num)d)."""
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_template_marks_every_text(template):
    env = Environment(extensions=["jinja2.ext.i18n"])
    problems = template_problems(template, env)
    assert not problems, f"{template.name}: unmarked text (use _() or trans):\n" + "\n".join(
        problems)


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_marks_every_german_string(module):
    problems = module_problems(module)
    assert not problems, f"{module.name}: unmarked German (use _ or _l):\n" + "\n".join(problems)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return "fuzzy" not in message.flags and all(strings)
