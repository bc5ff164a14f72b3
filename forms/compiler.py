"""Compile a definition's step into a flask-wtf form class, built once per definition version."""

from __future__ import annotations

from collections.abc import Iterable
from threading import Lock

import wtforms
from flask_wtf import FlaskForm

from .fields import field_types
from .spec import FieldSpec, ServiceSpec

_cache: dict[tuple[str, int, str, str], type[FlaskForm]] = {}
_lock = Lock()


class GermanMeta:
    """WTForms' own messages (wrong number, bad choice) in German."""

    locales = ("de_DE", "de")


class StepForm(FlaskForm):
    """Base of every compiled step form (CSRF-protected)."""

    class Meta(GermanMeta):
        pass


class GroupEntryForm(wtforms.Form):
    """Base of one entry of a repeatable group; CSRF lives on the enclosing step form."""

    class Meta(GermanMeta):
        pass


def step_form_class(spec: ServiceSpec, step_id: str) -> type[FlaskForm]:
    """Return the form class of one step, cached by (slug, version, sha256, step)."""
    key = (spec.slug, spec.version, spec.sha256, step_id)
    with _lock:
        if key not in _cache:
            _cache[key] = _compile(f"Step_{spec.slug}_{step_id}", StepForm,
                                   spec.step(step_id).fields)
        return _cache[key]


def subform_class(fields: Iterable[FieldSpec]) -> type[wtforms.Form]:
    """Return a fresh form class for one entry of a group."""
    return _compile("GroupEntry", GroupEntryForm, fields)


def _compile(name: str, base: type, fields: Iterable[FieldSpec]) -> type:
    attributes = {spec.id: field_types[spec.type].build(spec) for spec in fields}
    return type(name, (base,), attributes)
