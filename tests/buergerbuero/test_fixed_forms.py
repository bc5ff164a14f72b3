"""The web app's fixed forms: one German base form, each form in its area's `forms.py`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from flask_wtf import FlaskForm

from buergerbuero.core.webforms import GermanForm

ROOT = Path(__file__).resolve().parents[2]


def web_app_forms() -> list[type]:
    """Return every FlaskForm subclass defined in buergerbuero (the app has imported them all)."""
    pending, found = [FlaskForm], []
    while pending:
        subclasses = pending.pop().__subclasses__()
        found += subclasses
        pending += subclasses
    return [form for form in found if form.__module__.startswith("buergerbuero.")]


def declares_locales(path: Path) -> bool:
    """Say whether the module assigns `locales` anywhere (a form's Meta choosing its language)."""
    return any(isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "locales"
                                                    for t in node.targets)
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def test_every_fixed_form_of_the_web_app_derives_from_the_german_base_form(app):
    forms = web_app_forms()
    assert len(forms) >= 10
    assert [form.__qualname__ for form in forms if not issubclass(form, GermanForm)] == []


def test_every_fixed_form_lives_in_its_areas_forms_module(app):
    misplaced = [f"{form.__module__}.{form.__qualname__}" for form in web_app_forms()
                 if form is not GermanForm
                 and not re.fullmatch(r"buergerbuero\.\w+\.forms", form.__module__)]
    assert misplaced == []


def test_the_german_locales_are_declared_once_per_form_base():
    declaring = sorted(str(path.relative_to(ROOT)) for package in ("buergerbuero", "forms")
                       for path in (ROOT / package).rglob("*.py") if declares_locales(path))
    assert declaring == ["buergerbuero/core/webforms.py", "forms/fields/compose.py"]
