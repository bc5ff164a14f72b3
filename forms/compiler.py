"""Compile a definition's step into a flask-wtf form class, built once per definition version.

Conditions do not change the class: validation consults them (ConditionalForm.validate). A hidden
field is not validated at all; a field whose `required_if` holds must have an answer, checked with
its type's own required validator before its usual chain runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from threading import Lock
from typing import Any

import wtforms
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation, ValidationError

from .answers import posted_answers
from .conditions import FieldKey, Outcome, evaluate
from .fields import field_types
from .spec import FieldSpec, ServiceSpec, StepSpec

_cache: dict[tuple[str, int, str, str], type[FlaskForm]] = {}
_lock = Lock()


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


class StepForm(ConditionalForm, FlaskForm):
    """Base of every compiled step form (CSRF-protected).

    `known_answers` are the draft's answers of the other steps: conditions read them together
    with what this page posts.
    """

    _service: ServiceSpec | None = None
    _step: StepSpec | None = None

    class Meta(GermanMeta):
        pass

    def __init__(self, *args: Any, known_answers: Mapping[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known = dict(known_answers or {})

    def current_answers(self) -> dict[str, Any]:
        """Return the known answers with this page's (unvalidated) answers on top."""
        return {**self._known, **posted_answers(self._step, self)}

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        self._outcome = evaluate(self._service, self.current_answers())
        for spec in self._step.fields:
            for index, entry in enumerate(self[spec.id].entries if spec.fields else ()):
                entry.form._outcome, entry.form._key = self._outcome, (spec.id, index)
        return super().validate(extra_validators)


class GroupEntryForm(ConditionalForm, wtforms.Form):
    """Base of one entry of a repeatable group; CSRF lives on the enclosing step form."""

    class Meta(GermanMeta):
        pass


def step_form_class(spec: ServiceSpec, step_id: str) -> type[FlaskForm]:
    """Return the form class of one step, cached by (slug, version, sha256, step)."""
    key = (spec.slug, spec.version, spec.sha256, step_id)
    with _lock:
        if key not in _cache:
            step = spec.step(step_id)
            _cache[key] = _compile(f"Step_{spec.slug}_{step_id}", StepForm, step.fields,
                                   _service=spec, _step=step)
        return _cache[key]


def subform_class(fields: Iterable[FieldSpec]) -> type[wtforms.Form]:
    """Return a fresh form class for one entry of a group."""
    return _compile("GroupEntry", GroupEntryForm, fields)


def _compile(name: str, base: type, fields: Iterable[FieldSpec], **extra: Any) -> type:
    fields = tuple(fields)
    attributes = {spec.id: field_types[spec.type].build(spec) for spec in fields}
    return type(name, (base,), {**attributes, **extra,
                                "_field_specs": {spec.id: spec for spec in fields}})
