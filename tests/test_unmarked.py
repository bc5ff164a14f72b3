"""The scanner behind the translation test finds unmarked text and lets marked text pass."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from tests.unmarked import module_problems, template_problems

ENV = Environment(extensions=["jinja2.ext.i18n"])


@pytest.mark.parametrize("source", [
    "<p>Bitte warten</p>",
    "{% block title %}Leistungen{% endblock %}",
    '<nav aria-label="Hauptnavigation"></nav>',
    "{{ nav_link('x.y', 'Meine Anträge') }}",
    "{% set titles = {'success': 'Erledigt'} %}",
    "<a href=\"{{ url }}\">Weiter</a>",
])
def test_unmarked_template_text_is_found(tmp_path, source):
    path = tmp_path / "page.html"
    path.write_text(source, encoding="utf-8")
    assert template_problems(path, ENV)


@pytest.mark.parametrize("source", [
    "<p>{{ _('Bitte warten') }}</p>",
    "{% trans %}Bitte warten{% endtrans %}",
    '<nav aria-label="{{ _(\'Hauptnavigation\') }}" class="kern-nav"></nav>',
    "{{ nav_link('x.y', _('Meine Anträge')) }}",
    "{{ ngettext('%(num)d Datei', '%(num)d Dateien', n) }} · {{ x|localtime }}",
    "<a class=\"kern-link\" href=\"{{ url_for('catalogue.index') }}\">&nbsp;–</a>",
])
def test_marked_template_text_passes(tmp_path, source):
    path = tmp_path / "page.html"
    path.write_text(source, encoding="utf-8")
    assert template_problems(path, ENV) == []


@pytest.mark.parametrize("source, found", [
    ('MESSAGE = "Bitte füllen Sie das Feld aus."\n', True),
    ('x = f"Die Datei {name} ist zu groß."\n', True),
    ('MESSAGE = _l("Bitte füllen Sie das Feld aus.")\n', False),
    ('x = _("Die Datei %(name)s ist zu groß.", name=name)\n', False),
    ('log.warning("delivery failed for %s", ref)\n', False),
    ('def f():\n    """Zeigt die Seite."""\n', False),
    ('LEGAL = "Die deutsche Fassung ist maßgeblich."  # untranslated: the law\'s own words\n',
     False),
    ('STATE = "eingereicht"\n', False),
    ('line = f"{_(\'FEHLER\') if bad else \'OK\'} {name}"\n', True),
])
def test_german_module_strings_are_found_unless_marked(tmp_path, source, found):
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert bool(module_problems(path)) is found
