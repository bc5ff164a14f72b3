"""What an English page should say, and a check of each page a walk reaches in English.

The expected English is never typed into the tests: the platform's own words come from the
English catalogue (messages.po, looked up by their German msgid, which is the German text as
the pages show it), a service's words from its definition in services/ (`{de: …, en: …}`).
Whatever has no English there is recorded as missing, so one run lists every gap.

`EnglishPage.check` runs axe (the walk's audit) and records, without stopping the walk: a
`<html lang>` other than "en", expected English not shown, and German left on the page (words
that are only German, outside any element marked `lang="de"`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "buergerbuero/translations/en/LC_MESSAGES/messages.po"
SERVICES = ROOT / "services"
SHOTS = os.environ.get("BROWSER_SHOTS")
"""A folder for the walk's screenshots, to look at the pages (none taken without it)."""
WIDENED = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Words a page in English never uses, unless inside an element marked lang="de".
GERMAN_WORDS = {
    "und", "oder", "der", "den", "dem", "des", "das", "ein", "eine", "einen", "Sie", "Ihre",
    "Ihren", "Ihrem", "Ihr", "für", "mit", "zum", "zur", "bei", "nach", "bitte", "Bitte",
    "nicht", "ist", "sind", "wird", "werden", "Antrag", "Anträge", "Angaben", "Weiter",
    "Zurück", "Pflichtfeld", "Datei", "Hund", "Hunde", "Gebühr", "Eingereicht",
    "Zuständig", "Dokumente", "Nachricht", "Verlauf", "Ja", "Nein", "ja", "nein", "Fehler",
    "Hinweis", "Schritt", "Prüfen", "prüfen", "gesiegelt", "Konto", "Anmelden", "Abmelden",
    "entfernen", "hinzufügen", "Weiteren",
}
# Visible text and accessible names, each with the language of its nearest `lang` ancestor.
TEXTS = """() => {
  const out = [], language = el => (el.closest('[lang]') || {}).lang || '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, template') || !n.data.trim()) continue;
    out.push([language(el), n.data.replace(/\\s+/g, ' ').trim()]);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
    for (const name of ['aria-label', 'title', 'placeholder', 'alt'])
      if (el.getAttribute(name)) out.push([language(el), el.getAttribute(name)]);
  out.push([document.documentElement.lang, document.title]);
  return out;
}"""


class Expected:
    """The English the finished product shows, from the catalogue and the definitions."""

    def __init__(self) -> None:
        self.catalogue: dict[str, str | None] = {}  # German form -> English (None: missing)
        with CATALOGUE.open("rb") as po:
            for message in read_po(po):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) \
                    else (message.string,)
                for german, english in zip(ids, (*strings, *strings), strict=False):
                    if german:  # a plural's English forms follow its German ones
                        self.catalogue.setdefault(german, None if message.fuzzy else english)
        self.missing: list[str] = []

    def ui(self, german: str) -> str:
        """The English of a platform text as German pages show it ("Antrag HST-2026-000001"
        finds the msgid "Antrag %(reference)s"); German (and recorded) where there is none."""
        english, params = self.catalogue.get(german), {}
        if german not in self.catalogue:
            english, params = self._with_placeholders(german)
        if not english:
            self.missing.append(f"catalogue: no English for {german!r}")
            return german
        values = {key: int(value) if value.isdigit() else value for key, value in params.items()}
        return english % values if values else english

    def _with_placeholders(self, german: str) -> tuple[str | None, dict[str, str]]:
        """The English of the msgid with placeholders that renders as `german` (the one with
        the most literal text wins) and the placeholders' values."""
        best, params, literal = None, {}, -1
        for msgid, english in self.catalogue.items():
            if "%(" not in msgid:
                continue
            pattern = "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part.replace("%%", "%"))
                for i, part in enumerate(PLACEHOLDER.split(msgid)))
            try:
                match = re.fullmatch(pattern, german, re.S)
            except re.error:  # one placeholder twice: never the text of a heading or label
                continue
            size = len(PLACEHOLDER.sub("", msgid))
            if match and size > literal:
                best, params, literal = english, match.groupdict(), size
        return best, params

    def text(self, value: Any, where: str) -> str:
        """The English of a definition's text ({de, en}); German (and recorded) without one."""
        if isinstance(value, dict) and value.get("en"):
            return str(value["en"])
        german = value.get("de") if isinstance(value, dict) else value
        self.missing.append(f"{where}: no English for {german!r}")
        return str(german)


@dataclass
class Service:
    """A shipped service definition and its code lists, as written in services/."""

    slug: str
    data: dict = field(init=False)

    def __post_init__(self) -> None:
        self.data = yaml.safe_load((SERVICES / f"{self.slug}.yaml").read_text("utf-8"))

    def where(self, *path: str) -> str:
        """Name a place in the definition for a report: file and key path."""
        return f"services/{self.slug}.yaml {'.'.join(path)}"

    def step(self, step_id: str) -> dict:
        """The step with this id."""
        return next(s for s in self.data["steps"] if s["id"] == step_id)

    def field(self, step_id: str, *ids: str) -> dict:
        """A field of a step, inside groups by a path of ids (("hunde", "rasse"))."""
        fields = self.step(step_id)["fields"]
        for field_id in ids:
            found = next(f for f in fields if f["id"] == field_id)
            fields = found.get("fields", [])
        return found

    @staticmethod
    def codelist(name: str) -> dict[str, Any]:
        """A code list's labels by value."""
        data = yaml.safe_load((SERVICES / "codelists" / f"{name}.yaml").read_text("utf-8"))
        return {entry["value"]: entry["label"] for entry in data["entries"]}


def german_left(texts: Iterable[tuple[str, str]]) -> list[str]:
    """The texts outside lang="de" that hold a German-only word."""
    found = []
    for language, text in texts:
        if language.startswith("en") and set(re.findall(r"\w+", text)) & GERMAN_WORDS:
            found.append(text[:100])
    return found


@dataclass
class EnglishPage:
    """Checks one English walk page by page; `problems` lists everything found."""

    walk: Any
    expected: Expected
    problems: list[str] = field(default_factory=list)

    def check(self, name: str, heading: str, *shown: str) -> None:
        """Audit the loaded page with axe and record what is not English on it."""
        page = self.walk.page
        self.check_page(name)
        h1 = " ".join(page.locator("h1").first.inner_text().split())
        if h1 != heading:
            self.problems.append(f"{name}: heading {h1!r}, expected {heading!r}")
        body = " ".join(page.locator("body").inner_text().split())
        self.problems += [f"{name}: English {text!r} not shown" for text in shown
                          if " ".join(text.split()) not in body]

    def check_page(self, name: str) -> None:
        """Audit the loaded page with axe; record a lang other than English and German left."""
        page = self.walk.page
        page.wait_for_load_state("load")
        self.walk.audit()
        lang = page.evaluate("document.documentElement.lang")
        if lang != "en":
            self.problems.append(f"{name}: <html lang={lang!r}>, not 'en'")
        self.problems += [f"{name}: German left: {text!r}"
                          for text in dict.fromkeys(german_left(page.evaluate(TEXTS)))]

    def label(self, name: str, control: str, text: str) -> None:
        """Record when the label of the control (a CSS selector) does not read `text`, with or
        without the required marker after it."""
        label = self.walk.page.locator(f"label[for='{control.lstrip('#')}'], "
                                       f"fieldset#{control.lstrip('#')} > legend").first
        shown = " ".join(label.inner_text().split()) if label.count() else "(no label)"
        # The required marker is the engine's; German left in it is found by `check`.
        if not re.fullmatch(rf"{re.escape(text)}( \(.+\))?", shown):
            self.problems.append(f"{name}: label of {control} reads {shown!r}, "
                                 f"expected {text!r}")

    def report(self) -> list[str]:
        """Every problem of the walk: missing English, pages, axe and the walk's own."""
        return [*dict.fromkeys(self.expected.missing), *self.problems, *self.walk.problems()]


def follow(walk, locator) -> None:
    """Click what leads to a new page and wait until that page has loaded."""
    page = walk.page
    with page.expect_event("framenavigated", predicate=lambda frame: frame == page.main_frame):
        locator.click()
    page.wait_for_load_state("load")


def screenshot(walk, name: str, check: EnglishPage) -> None:
    """At 320 CSS px the page must not scroll sideways; with BROWSER_SHOTS set, full-page
    shots at 1280 and 320 px go there."""
    page = walk.page
    shots = Path(SHOTS) if SHOTS else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    if shots:
        page.screenshot(path=str(shots / f"{name}-320.png"), full_page=True)
    if page.evaluate(WIDENED) > 0:
        check.problems.append(f"{name}: at 320 px the page scrolls sideways (WCAG 1.4.10)")
    page.set_viewport_size({"width": 1280, "height": 900})


def shown_in(walk, language: str) -> None:
    """Wait for the loaded page, require its <html lang>, and check it with axe."""
    walk.page.wait_for_load_state("load")
    expect(walk.page.locator("html")).to_have_attribute("lang", language)
    walk.audit()
