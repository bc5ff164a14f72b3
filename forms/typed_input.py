"""A step's input exactly as typed, valid or not: kept when a step is saved for later before it
validates, and a step form rebuilt from it (showing no errors until the resident goes on).

Typed numbers mean what they meant in the language they were typed in ("2,000" is two
thousand in English, two in German): the input keeps that language, and a form rebuilt for a
reader of another language reads them in it and shows them in the reader's notation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, FormField

from common.i18n import current_language, force_locale

from .fields.files import KEEP_SUFFIX, UploadField
from .fields.numbers import GermanNumberField, number_text
from .fields.uploads import upload_backend

TypedInput = dict[str, list[str]]
"""Form field name → the values posted for it (several for a multiple choice); LANGUAGE_KEY →
the language it was typed in."""
LANGUAGE_KEY = "_sprache"
"""No field is named so: field ids start with a letter."""


def typed_input(form: Any, formdata: Mapping[str, Any]) -> TypedInput:
    """Return what was posted for the form's own fields, unvalidated, with their uploads.

    Only names of the form's fields are kept (undeclared input is not), NUL characters go (no
    database takes them), and an upload is kept by its id: a new file as stored by validation,
    or the one the page carried along.
    """
    kept: TypedInput = {LANGUAGE_KEY: [current_language()]}
    for field in input_fields(form):
        if isinstance(field, UploadField):
            token = (field.kept or {}).get("upload_id") or field.kept_token
            if token:
                kept[field.name + KEEP_SUFFIX] = [token]
        elif field.name in formdata:
            kept[field.name] = [str(v).replace("\x00", "") for v in formdata.getlist(field.name)]
    return kept


def form_from_typed_input(form_class: type, typed: TypedInput, **kwargs: Any) -> Any:
    """Return a step form filled with the typed input as posted; it is not validated."""
    typed = dict(typed)
    typed_in = (typed.pop(LANGUAGE_KEY, None) or [current_language()])[0]
    formdata = MultiDict([(k, v) for k, vs in typed.items() for v in vs])
    with force_locale(typed_in):  # numbers are read as the language they were typed in wrote them
        form = form_class(formdata=formdata, **kwargs)
    for field in input_fields(form):
        if isinstance(field, GermanNumberField) and field.data is not None \
                and typed_in != current_language():
            field.raw_data = [number_text(field.data)]  # shown, and posted again, the reader's way
    for field in input_fields(form):
        if isinstance(field, UploadField) and field.kept_token:
            # Still the resident's own, unsubmitted file? Then the page shows and keeps it.
            field.kept = upload_backend().find(field.kept_token)
    return form


def input_fields(fields: Any) -> Iterator[Field]:
    """Yield every input field of a form, inside the entries of groups too (no CSRF token)."""
    for field in fields:
        if isinstance(field, (FieldList, FormField)):  # a group, or one entry of it
            yield from input_fields(field)
        elif field.short_name != "csrf_token":
            yield field
