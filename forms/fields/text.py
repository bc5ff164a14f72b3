"""Free-text field types: text, textarea and email."""

from __future__ import annotations

from typing import Any

from wtforms import EmailField, StringField, TextAreaField
from wtforms import validators as v
from wtforms.fields.core import UnboundField

from common.text import tidy

from ..patterns import PatternError, PatternRule, compile_pattern
from ..spec import FieldSpec
from ..texts import _l, text_schema
from .base import FieldType
from .registry import register

TEXT_OPTIONS = {
    "max_length": {"type": "integer", "minimum": 1, "maximum": 10000},
    "min_length": {"type": "integer", "minimum": 0, "maximum": 10000},
    "pattern": {"type": "string", "maxLength": 500},
    "pattern_message": text_schema(300),
    "autocomplete": {"type": "string", "maxLength": 50},
}


def length_and_pattern(spec: FieldSpec, default_max: int) -> list[Any]:
    """Return the length and pattern validators the definition asks for."""
    settings = spec.settings
    maximum = settings.get("max_length", default_max)
    minimum = settings.get("min_length", -1)
    chain: list[Any] = [
        v.Length(
            min=minimum,
            max=maximum,
            message=_l("Bitte geben Sie höchstens %(max)d Zeichen ein.", max=maximum)
            if minimum <= 0
            else _l("Bitte geben Sie %(min)d bis %(max)d Zeichen ein.", min=minimum, max=maximum),
        )
    ]
    if "pattern" in settings:
        message = settings.get("pattern_message", _l("Die Eingabe hat nicht das erwartete Format."))
        chain.append(PatternRule(settings["pattern"], message))
    return chain


class TrimmedType(FieldType):
    """Free text: a required answer counts after trimming (and NFC), so spaces or zero-width
    characters alone are no answer."""

    def presence(self, spec: FieldSpec) -> list[Any]:
        if spec.required:
            return [v.DataRequired(message=self.missing_message(spec))]
        return [v.Optional()]


@register("text")
class TextType(TrimmedType):
    """A single line of text."""

    options_schema = TEXT_OPTIONS

    def check(self, spec: FieldSpec) -> list[str]:
        try:
            compile_pattern(spec.settings.get("pattern", ""))
        except PatternError as exc:
            return [exc.args[0], *super().check(spec)]
        return super().check(spec)

    def build(self, spec: FieldSpec) -> UnboundField:
        chain = self.presence(spec) + length_and_pattern(spec, 200)
        render = {"autocomplete": spec.settings.get("autocomplete", "off")}
        return StringField(
            spec.label, chain, description=spec.help, filters=[_strip], render_kw=render
        )

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return data or None


@register("textarea")
class TextareaType(TextType):
    """Several lines of text."""

    control = "textarea"

    def build(self, spec: FieldSpec) -> UnboundField:
        chain = self.presence(spec) + length_and_pattern(spec, 5000)
        render = {"autocomplete": spec.settings["autocomplete"]} \
            if "autocomplete" in spec.settings else {}
        return TextAreaField(spec.label, chain, description=spec.help, filters=[_strip],
                             render_kw=render)


@register("email")
class EmailType(TrimmedType):
    """An e-mail address, checked for syntax (not deliverability)."""

    control = "email"

    options_schema = {"autocomplete": TEXT_OPTIONS["autocomplete"]}

    def build(self, spec: FieldSpec) -> UnboundField:
        chain = self.presence(spec) + [
            v.Length(max=254, message=_l("Eine E-Mail-Adresse hat höchstens 254 Zeichen.")),
            v.Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de.")
            ),
        ]
        render = {"autocomplete": spec.settings.get("autocomplete", "email")}
        return EmailField(
            spec.label, chain, description=spec.help, filters=[_strip], render_kw=render
        )


def _strip(value: Any) -> Any:
    return tidy(value) if isinstance(value, str) else value
