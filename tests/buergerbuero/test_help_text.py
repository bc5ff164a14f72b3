"""Help texts: a small Markdown subset (emphasis, https and mailto links), everything else text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import render_template_string

import forms
from buergerbuero.core.help_text import help_text, text_blocks

from ..forms.helpers import definition, load


class Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Return the start tags of an HTML fragment."""
    parser = Tags()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(("source", "html"), [
    ("**Wichtig:** bitte *genau* angeben",
     "<strong>Wichtig:</strong> bitte <em>genau</em> angeben"),
    ("Siehe [Satzung](https://stadt.example/satzung.pdf).",
     'Siehe <a href="https://stadt.example/satzung.pdf">Satzung</a>.'),
    ("Fragen an [das Steueramt](mailto:steueramt@stadt.example)",
     'Fragen an <a href="mailto:steueramt@stadt.example">das Steueramt</a>'),
    ("Beginnt mit -----BEGIN PGP SIGNATURE-----", "Beginnt mit -----BEGIN PGP SIGNATURE-----"),
    ("2 * 60 € für den Zweithund, Feld hund_name", "2 * 60 € für den Zweithund, Feld hund_name"),
    ("Straße & Hausnummer", "Straße &amp; Hausnummer"),
    ("[leer]() und [Titel](https://stadt.example/ \"T\")",
     'leer und <a href="https://stadt.example/">Titel</a>'),
    ("", ""),
])
def test_the_subset_becomes_html_and_plain_text_stays_as_written(source, html):
    assert str(help_text(source)) == html


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klick](javascript:alert(1))",
    "[klick](JavaScript:alert(1))",
    "[klick](data:text/html,<b>x</b>)",
    "[klick](http://stadt.example/unverschluesselt)",
    "[klick](/intern/admin)",
    '[klick](https://stadt.example/" onmouseover="alert(1))',
    "![Bild](https://stadt.example/bild.png)",
    "[leer]()",
    '[mit Titel](https://stadt.example/ "Titel")',
    "[leer]() dann [gut](https://stadt.example/)",
    "# Überschrift\n\n- Liste\n\n> Zitat",
    "`code` und <b>fett</b>",
])
def test_nothing_but_emphasis_and_safe_links_becomes_markup(source):
    for tag, attributes in tags_of(str(help_text(source))):
        assert tag in ("strong", "em", "a"), source
        if tag == "a":
            assert set(attributes) == {"href"}, source
            assert attributes["href"].startswith(("https://", "mailto:")), source
        else:
            assert attributes == {}, source


def test_a_definitions_help_reaches_the_field_hint_formatted_and_escaped(app):
    spec = load(definition("""
        - id: name
          type: text
          label: Name
          help: "**Wie im Ausweis.** Mehr unter [Hilfe](https://stadt.example/hilfe). <b>x</b>"
    """))
    with app.test_request_context():
        form = forms.step_form_class(spec, "angaben")()
        html = render_template_string(
            '{% from "macros/forms.html" import field %}{{ field(form.name) }}', form=form)
    assert ('<div class="kern-hint" id="name-hint"><strong>Wie im Ausweis.</strong> Mehr unter '
            '<a href="https://stadt.example/hilfe">Hilfe</a>. &lt;b&gt;x&lt;/b&gt;</div>') in html


@pytest.mark.parametrize(("source", "html"), [
    ("# Titel\n\nText", "<h2>Titel</h2>\n<p>Text</p>\n"),
    ("### Unterpunkt\n\n#### tiefer", "<h3>Unterpunkt</h3>\n<h3>tiefer</h3>\n"),
    ("- eins\n- zwei", "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n"),
    ("3. drei\n4. vier", "<ol>\n<li>drei</li>\n<li>vier</li>\n</ol>\n"),
    ("Absatz *eins*\n\n**zwei** [Amt](mailto:amt@example.org)",
     '<p>Absatz <em>eins</em></p>\n<p><strong>zwei</strong> '
     '<a href="mailto:amt@example.org">Amt</a></p>\n'),
])
def test_longer_texts_get_paragraphs_lists_and_headings_under_the_page_title(source, html):
    assert str(text_blocks(source)) == html


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "> Zitat", "    code",
    "| a | b |\n|---|---|\n| 1 | 2 |", "---", '<img src=x onerror="alert(1)">',
    "[x](http://unsicher.example)",
])
def test_longer_texts_bring_no_markup_beyond_the_subset(source):
    html = str(text_blocks(source))
    assert re.sub(r"</?(p|ul|ol|li|h2|h3|em|strong|br)>", "", html).count("<") == 0, html


@pytest.mark.parametrize(("source", "href"), [
    ("[Datenschutz](/seiten/datenschutz)", "/seiten/datenschutz"),
    ("[Rückmeldung](/leistungen/barrierefreiheit-rueckmeldung)",
     "/leistungen/barrierefreiheit-rueckmeldung"),
    ("[x](//evil.example/)", None), ("[x](/\\evil.example)", "/%5Cevil.example"),
    ("[x](javascript:alert(1))", None), ("[x](http://evil.example)", None),
])
def test_longer_texts_link_to_paths_of_this_site_but_never_to_another_host(source, href):
    html = str(text_blocks(source))
    assert re.findall(r'href="([^"]*)"', html) == ([href] if href else [])


def test_help_texts_still_link_nowhere_but_https_and_mailto():
    assert "<a" not in str(help_text("[Datenschutz](/seiten/datenschutz)"))
