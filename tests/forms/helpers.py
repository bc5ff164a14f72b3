"""Build small definitions as YAML text, load them, and validate answers through compiled forms."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, has_request_context, request
from flask_babel import Babel
from werkzeug.datastructures import MultiDict

import forms

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"
SOURCE = "testleistung.yaml"
HEADER = """\
slug: testleistung
version: 1
title: Testleistung
summary: Eine Leistung nur für Tests.
category: Tests
department: steueramt
processing_days: 14
retention_days: 365
reference_prefix: TST
steps:
  - id: angaben
    title: Angaben
    fields:
"""
NAME_FIELD = "- {id: name, type: text, label: Name}"
"""The smallest field list a definition can have."""
# A tiny app only to give FlaskForm its request context; no CSRF, WTForms' own translations.
FORM_APP = Flask(__name__)
FORM_APP.config.update(WTF_CSRF_ENABLED=False, WTF_I18N_ENABLED=False,
                       BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "buergerbuero" / "translations"))
# The language as the app picks it from Accept-Language (no accounts here); German by default.
Babel(FORM_APP, locale_selector=lambda: (request.accept_languages.best_match(("de", "en")) or "de")
      if has_request_context() else "de")


@cache
def codelists() -> dict[str, tuple[forms.Option, ...]]:
    """Return the code lists that ship beside the definitions."""
    return forms.load_codelists(SERVICES / "codelists")


def definition(fields: str, header: str = HEADER) -> str:
    """Return a complete definition whose first step holds the given YAML field list."""
    return header + textwrap.indent(textwrap.dedent(fields).strip("\n") + "\n", " " * 6)


def load(text: str) -> forms.ServiceSpec:
    """Load a definition with the shipped code lists."""
    return forms.load_definition(text, SOURCE, codelists())


def load_error(text: str) -> forms.DefinitionError:
    """Load a definition that must fail; return the error."""
    with pytest.raises(forms.DefinitionError) as caught:
        load(text)
    return caught.value


def line_containing(text: str, needle: str, occurrence: int = 1) -> int:
    """Return the 1-based line number of the n-th line of `text` that contains `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def submit_step(spec: forms.ServiceSpec, data: dict[str, Any] | MultiDict,
                step_id: str | None = None) -> tuple[bool, dict[str, Any], dict[str, Any]]:
    """Post `data` to a step's compiled form; return (valid, errors, normalised answers)."""
    step = spec.step(step_id or spec.steps[0].id)
    formdata = data if isinstance(data, MultiDict) else MultiDict(data)
    with FORM_APP.test_request_context(method="POST"):
        form = forms.step_form_class(spec, step.id)(formdata=formdata)
        valid = form.validate()
        return valid, form.errors, forms.step_answers(step, form) if valid else {}


def field_errors(spec: forms.ServiceSpec, field_id: str, value: Any) -> list[str]:
    """Return the messages of one field of the first step for one posted value."""
    _, errors, _ = submit_step(spec, {field_id: value})
    return errors.get(field_id, [])


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """Return a definition of about 4 KB whose groups alias each other into width**levels fields.

    Each line is one group field whose sub-fields are `width` copies of the line before (billion
    laughs, written as a form).
    """
    leaf = ", ".join(["{id: t, type: text, label: T}"] * width)
    lines = [f"- {{id: g0, type: group, label: G, fields: &f0 [{leaf}]}}"]
    for level in range(1, levels):
        inner = f"{{id: g, type: group, label: G, fields: *f{level - 1}}}"
        lines.append(f"- {{id: g{level}, type: group, label: G, "
                     f"fields: &f{level} [{', '.join([inner] * width)}]}}")
    return definition("\n".join(lines))


def rule_test_bomb(entries: int = 2000, tests: int = 100) -> str:
    """Return a definition whose rule tests all alias one group answer of `entries` entries."""
    fields = """\
        - id: hunde
          type: group
          label: Hunde
          repeat: {min: 1, max: 50}
          fields:
            - {id: name, type: text, label: Name}
        """
    many = ", ".join(["{name: Bello}"] * entries)
    tail = [f"  - {{name: t0, answers: {{hunde: &viele [{many}]}}, expect: {{visible: [hunde]}}}}"]
    tail += [f"  - {{name: t{n}, answers: {{hunde: *viele}}, expect: {{visible: [hunde]}}}}"
             for n in range(1, tests)]
    return definition(fields) + "tests:\n" + "\n".join(tail) + "\n"


DEEP_NESTING = {
    "flow": "[" * 3000 + "]" * 3000,
    "block, compact": "\n" + "  " + "- " * 3000 + "x",
    "block, indented": "\n" + "".join(" " * (2 + n) + "a:\n" for n in range(200)) + " " * 202 + "x",
}
"""Values nested 3000 (or 200) levels deep, in each style YAML has; each fits a `help:`."""
