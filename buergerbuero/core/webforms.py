"""The base of every fixed form of the platform: built-in messages in the reader's language,
typed text trimmed.

WTForms' own messages ("Not a valid integer value.") come from WTForms' catalogue for the
request's language (flask-wtf's translations, whatever `WTF_I18N_ENABLED` says); outside a
request they stay German.

Trimming happens when a field is bound, so spaces (or zero-width characters) alone are no answer
for `DataRequired`, nothing stored starts or ends with stray blanks, and text is stored in NFC;
passwords are taken as typed.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import PasswordField, StringField
from wtforms.meta import DefaultMeta

from common.text import tidy

CODE_INPUT = {"class": "app-code-input", "spellcheck": "false", "autocapitalize": "off",
              "autocomplete": "off"}
"""render_kw of a text area holding code (YAML, OpenPGP): monospace, unwrapped, no spelling."""


def trim(value: Any) -> Any:
    """Return typed text in NFC without invisible ends (other values unchanged)."""
    return tidy(value) if isinstance(value, str) else value


def trimmed(unbound_field: Any, verbatim: tuple[str, ...], name: str) -> bool:
    """Say whether a field's text is trimmed: text fields, except passwords and `verbatim`."""
    cls = unbound_field.field_class
    return issubclass(cls, StringField) and not issubclass(cls, PasswordField) \
        and name not in verbatim


class GermanForm(FlaskForm):
    """A fixed form: messages in the reader's language; `Meta.verbatim` names text fields kept
    exactly as typed."""

    class Meta:
        locales = ("de_DE", "de")
        verbatim: tuple[str, ...] = ()

        def get_translations(self, form: Any) -> Any:
            """Return WTForms' messages for the request's language (German outside a request)."""
            if has_request_context() and "babel" in current_app.extensions:
                return translations
            return DefaultMeta.get_translations(self, form)

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            """Bind the field, adding the trim filter to text fields."""
            if trimmed(unbound_field, self.verbatim, options.get("name", "")):
                filters = [*unbound_field.kwargs.get("filters", ()), trim]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate, then turn lazy messages into text (what tests, JSON and sessions expect)."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.errors, list):
                field.errors[:] = [str(e) if isinstance(e, LazyString) else e
                                   for e in field.errors]
        return valid
