"""The message catalogues: extract every marked string, bring English up to date, compile.

`python -m buergerbuero.core.catalogs update` (make translations) extracts what babel.cfg names
into a template, merges it into the English catalogue (new ids empty, vanished ones dropped) and
compiles; `compile` only compiles (make run and make test do it). The translation tests use
`extract` and `english` to find what is missing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "buergerbuero" / "translations"
PROJECT = "Bürgerbüro"  # untranslated: the project's name, in the catalogues' header
LANGUAGE_NAMES = {"en": "English"}
HEADER_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
TRANSLATED = ("en",)
"""The languages with a catalogue; German is the source and needs none."""


def po_path(language: str) -> Path:
    """Return where a language's catalogue lives."""
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Return a template catalogue of every marked string of the packages and templates
    (babel.cfg names the files and the keywords beyond gettext's, as `pybabel extract` reads)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog(project=PROJECT, locale=None, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)
    return template


def english(language: str = "en") -> Catalog:
    """Read a language's catalogue."""
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def update() -> None:
    """Merge the extracted strings into each catalogue and compile them."""
    template = extract()
    for language in TRANSLATED:
        path = po_path(language)
        catalogue = english(language) if path.exists() else new_catalogue(language)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        # A fixed header: dates that change with every run would make every merge conflict.
        catalogue.fuzzy = False
        catalogue.creation_date = catalogue.revision_date = HEADER_DATE
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            # No source locations: they change with every edit and make merges conflict.
            write_po(file, catalogue, width=100, no_location=True, sort_output=True,
                     ignore_obsolete=True)
    compile_all(force=True)


def new_catalogue(language: str) -> Catalog:
    """Return an empty catalogue for a language, with the project's header."""
    catalogue = Catalog(locale=language, project=PROJECT, version="", fuzzy=False,
                        copyright_holder=PROJECT, msgid_bugs_address="")
    catalogue.header_comment = (f"# {LANGUAGE_NAMES.get(language, language)} translations of "
                                f"{PROJECT} (source language: German).\n"
                                "# Update with: make translations")
    return catalogue


def compile_all(force: bool = False) -> None:
    """Compile each catalogue to the .mo file flask-babel reads, when the .po is newer."""
    for language in TRANSLATED:
        source = po_path(language)
        target = source.with_suffix(".mo")
        if force or not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            with target.open("wb") as file:
                write_mo(file, english(language))


if __name__ == "__main__":
    command = sys.argv[1:] or ["compile"]
    if command not in (["update"], ["compile"]):
        # A build tool for developers, like pybabel itself: its usage line is English.
        sys.exit("usage: python -m buergerbuero.core.catalogs update|compile")
    update() if command == ["update"] else compile_all()
