"""Compose form classes from field specs: the base of the compiler's step forms and group entries.

It lives in `fields` so that the group type builds its entries without importing the compiler.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import wtforms
from wtforms.validators import StopValidation, ValidationError

from ..conditions import FieldKey, Outcome
from ..spec import FieldSpec
from .registry import field_types


class GermanMeta:
    """WTForms' own messages (wrong number, bad choice) in German."""

    locales = ("de_DE", "de")


class ConditionalForm:
    """Validation that consults the definition's conditions, field by field.

    Names start with an underscore: field ids cannot, so no field shadows them.
    """

    _field_specs: Mapping[str, FieldSpec] = {}
    _outcome: Outcome | None = None
    """What the conditions say; None validates as if there were none."""
    _key: FieldKey = ()
    """Where this form's fields sit: () on a step, (group id, entry index) in an entry."""

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        results = [self._validate_field(name, field, (extra_validators or {}).get(name, ()))
                   for name, field in self._fields.items()]  # type: ignore[attr-defined]
        return all(results)

    def _validate_field(self, name: str, field: Any, extra: Any) -> bool:
        spec, key, outcome = self._field_specs.get(name), (*self._key, name), self._outcome
        if spec is None or outcome is None:
            return field.validate(self, extra)
        if not outcome.shows(key):
            field.errors = []  # neither checked nor stored
            return True
        if key in outcome.required and not spec.required:
            message = missing_answer(self, field, spec)
            if message:
                field.errors = [message]
                return False
        return field.validate(self, extra)


def missing_answer(form: Any, field: Any, spec: FieldSpec) -> str | None:
    """Return the required message if the field has no answer (its type's own presence check)."""
    field.errors = list(field.process_errors)
    for validator in field_types[spec.type].presence(replace(spec, required=True)):
        try:
            validator(form, field)
        except (StopValidation, ValidationError) as exc:
            return exc.args[0] if exc.args and exc.args[0] else None
    return None


class GroupEntryForm(ConditionalForm, wtforms.Form):
    """Base of one entry of a repeatable group; CSRF lives on the enclosing step form."""

    class Meta(GermanMeta):
        pass


def subform_class(fields: Iterable[FieldSpec]) -> type[wtforms.Form]:
    """Return a fresh form class for one entry of a group."""
    return compose("GroupEntry", GroupEntryForm, fields)


def compose(name: str, base: type, fields: Iterable[FieldSpec], **extra: Any) -> type:
    """Return a new form class on base: one field per spec, built by its type, plus extra."""
    fields = tuple(fields)
    attributes = {spec.id: field_types[spec.type].build(spec) for spec in fields}
    return type(name, (base,), {**attributes, **extra,
                                "_field_specs": {spec.id: spec for spec in fields}})
