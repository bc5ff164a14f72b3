"""The info field type: a text to read on a step; no input, no answer, nothing stored."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape
from wtforms import Field
from wtforms.fields.core import UnboundField

from common.i18n import current_language

from ..spec import FieldSpec
from ..texts import _l, text_schema
from .base import FieldType
from .registry import register


def paragraphs(text: str) -> list[str]:
    """Split plain text at blank lines; no markup of any kind is interpreted."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def fallback_lang(text: Any) -> Markup:
    """Return ` lang="de"` for a definition's text shown in German on a page in another
    language (its paragraphs are plain text, so they cannot mark themselves)."""
    language = current_language()
    falls_back = getattr(text, "falls_back", None)
    return Markup(' lang="de"') if falls_back is not None and falls_back(language) else Markup("")


class InfoWidget:
    """Render the label as a heading and the text as escaped paragraphs in a KERN info box."""

    input_type = "info"

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        body = Markup("").join(
            Markup('<p class="kern-body">{}</p>').format(
                Markup("<br>").join(escape(line) for line in paragraph.splitlines()))
            for paragraph in paragraphs(str(field.text)))  # the reader's language
        return Markup(
            '<div class="kern-alert kern-alert--info app-info" id="{id}">'
            '<div class="kern-alert__header">'
            '<span class="kern-icon kern-icon--info" aria-hidden="true"></span>'
            '<p class="kern-title">{label}</p></div>'
            '<div class="kern-alert__body"{lang}>{body}</div></div>'
        ).format(id=field.id, label=field.label.text, body=body, lang=fallback_lang(field.text))


class InfoField(Field):
    """A field that only shows text: it reads nothing from the request and holds no data."""

    widget = InfoWidget()

    def __init__(self, label: str, text: str = "", **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.text = text

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors, self.raw_data, self.object_data, self.data = [], [], None, None


@register("info")
class InfoType(FieldType):
    """A hint or explanation between the questions (`text`: plain text, blank lines part it)."""

    has_answer = False
    options_schema = {"text": text_schema(5000)}
    required_options = ("text",)

    def presence(self, spec: FieldSpec) -> list[Any]:
        return []  # nothing to answer, so nothing can be missing

    def check(self, spec: FieldSpec) -> list[str]:
        return [_l("ein Hinweis (info) hat keine Antwort und kann nicht required sein")] \
            if spec.required else []

    def build(self, spec: FieldSpec) -> UnboundField:
        return InfoField(spec.label, text=spec.settings["text"], description=spec.help)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return None

    def display(self, spec: FieldSpec, value: Any) -> str:
        return ""
