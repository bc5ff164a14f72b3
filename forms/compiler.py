"""Compile a definition's step into a flask-wtf form class, built once per definition version.

Conditions do not change the class: validation consults them (ConditionalForm.validate, in
fields/compose.py). A hidden field is not validated at all; a field whose `required_if` holds
must have an answer, checked with its type's own required validator before its usual chain runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from threading import Lock
from typing import Any

from flask_wtf import FlaskForm

from .answers import posted_answers
from .conditions import evaluate
from .fields.compose import ConditionalForm, GermanMeta, compose
from .spec import ServiceSpec, StepSpec

_cache: dict[tuple[str, int, str, str], type[FlaskForm]] = {}
_lock = Lock()


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


def step_form_class(spec: ServiceSpec, step_id: str) -> type[FlaskForm]:
    """Return the form class of one step, cached by (slug, version, sha256, step)."""
    key = (spec.slug, spec.version, spec.sha256, step_id)
    with _lock:
        if key not in _cache:
            step = spec.step(step_id)
            _cache[key] = compose(f"Step_{spec.slug}_{step_id}", StepForm, step.fields,
                                  _service=spec, _step=step)
        return _cache[key]
