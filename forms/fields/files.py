"""The file field type: an upload checked by its content (magic bytes) and size, kept as a
reference {upload_id, name, sha256, size, media_type} in the storage of forms/fields/uploads.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from markupsafe import Markup
from werkzeug.datastructures import FileStorage
from wtforms import Field
from wtforms.fields.core import UnboundField
from wtforms.validators import StopValidation
from wtforms.widgets import html_params

from common.i18n import _

from ..exceptions import FormsError
from ..spec import FieldSpec
from ..texts import Shown, _l
from .base import FieldType
from .numbers import number_text
from .registry import register
from .uploads import (
    FILE_KINDS,
    ReceivedFile,
    UploadRefused,
    kind_of_media_type,
    readable_size,
    receive,
    shown_name,
    upload_backend,
)

KEEP_SUFFIX = "-vorhanden"
"""Suffix of the hidden input that carries an already uploaded file's id through a re-post."""
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DEFAULT_ACCEPT = ("pdf", "jpg", "png")
DEFAULT_MAX_MB = 10
MESSAGES = {
    "empty": _l("Die Datei ist leer."),
    "size": _l("Die Datei ist größer als %(limit)s MB. Bitte wählen Sie eine kleinere Datei."),
    "kind": _l("Die Datei ist keine %(kinds)s-Datei (geprüft wird der Inhalt, nicht der Name)."),
    "gone": _l(
        "Die zuvor hochgeladene Datei ist nicht mehr verfügbar. Bitte wählen Sie sie erneut."),
}


class UploadWidget:
    """A file input; with a file already uploaded, its name and a hidden input that keeps it."""

    input_type = "file"

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        kwargs.pop("required", None)  # the form is novalidate; a kept file needs no new choice
        accept = ",".join(s for key in field.accept for s in
                          (*FILE_KINDS[key].suffixes, FILE_KINDS[key].media_type))
        parts = []
        if field.kept:
            note = f"{field.id}-vorhanden"
            described = " ".join(filter(None, [kwargs.pop("aria-describedby", ""), note]))
            kwargs["aria-describedby"] = described
            parts.append(Markup(
                _('<p class="kern-body" id="%(note)s">Hochgeladen: <strong>%(name)s</strong> '
                  '(%(size)s). Ohne neue Auswahl bleibt diese Datei.</p>'))
                % {"note": note, "name": shown_name(field.kept),
                   "size": readable_size(field.kept["size"])})
            parts.append(Markup('<input type="hidden" name="{keep}" value="{token}">').format(
                keep=field.name + KEEP_SUFFIX, token=field.kept["upload_id"]))
        params = html_params(name=field.name, type="file", accept=accept, **kwargs)
        parts.append(Markup(f"<input {params}>"))
        return Markup("").join(parts)


class UploadField(Field):
    """A file input whose data is a stored upload's reference (or None).

    `received` is a file that came with this request, `kept` the reference of one uploaded
    before (from the draft, or from the hidden input after a refused re-post).
    """

    widget = UploadWidget()

    def __init__(self, label: str, validators: list[Any], accept: Iterable[str],
                 max_bytes: int, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.accept, self.max_bytes = tuple(accept), max_bytes
        self.received: ReceivedFile | None = None
        self.kept: dict[str, Any] | None = None
        self.kept_token: str | None = None

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.received, self.kept, self.kept_token = None, None, None
        super().process(formdata, data, extra_filters)
        if formdata is None:
            self.kept = self.data if isinstance(self.data, dict) else None
            return
        token = formdata.get(self.name + KEEP_SUFFIX)
        self.kept_token = token if isinstance(token, str) and TOKEN.match(token) else None

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        upload = next((v for v in valuelist if isinstance(v, FileStorage) and v.filename), None)
        if upload is not None:
            self.received = receive(upload, self.max_bytes)


class UploadPresence:
    """Validator: a required upload is a new file or one uploaded before."""

    def __init__(self, spec: FieldSpec) -> None:
        self.message = _l("Bitte laden Sie „%(label)s“ hoch.", label=spec.label) \
            if spec.required else ""
        self.field_flags = {"required": True} if spec.required else {"optional": True}

    def __call__(self, form: Any, field: UploadField) -> None:
        # A kept id is checked by UploadRules, which says so if it is no longer the user's.
        if self.message and field.received is None and field.kept is None \
                and field.kept_token is None:
            raise StopValidation(self.message)


class UploadRules:
    """Validator: a new file must pass size and content checks and is stored at once (so a
    refused other answer does not cost the upload); otherwise the kept file counts."""

    def __init__(self, accept: tuple[str, ...], max_mb: Any) -> None:
        self.accept, self.max_mb = accept, max_mb

    def __call__(self, form: Any, field: UploadField) -> None:
        if field.kept_token:
            field.kept = upload_backend().find(field.kept_token)
        if field.received is not None:
            problem = self.problem(field.received)
            if problem:
                raise StopValidation(problem)
            try:
                field.data = field.kept = upload_backend().store(field.received, field.kept)
            except UploadRefused as exc:
                raise StopValidation(str(exc)) from exc
            return
        if field.kept_token and field.kept is None:
            raise StopValidation(MESSAGES["gone"])
        if field.kept is not None and kind_of_media_type(field.kept["media_type"]) in self.accept:
            field.data = field.kept

    def problem(self, received: ReceivedFile) -> str | None:
        """Return what is wrong with a received file in German, or None."""
        if received.size == 0:
            return MESSAGES["empty"]
        if received.too_large:
            return MESSAGES["size"] % dict(limit=number_text(self.max_mb))
        if received.kind not in self.accept:
            kinds = _(" oder ").join(", ".join(FILE_KINDS[k].label for k in self.accept)
                                  .rsplit(", ", 1))
            return MESSAGES["kind"] % dict(kinds=kinds)
        return None


@register("file")
class FileType(FieldType):
    """An upload: `accept` (pdf, jpg, png, gif, webp, tiff, heic) checked by content,
    `max_size_mb`; stored as a reference to the upload, never the bytes."""

    multipart = True
    options_schema = {
        "accept": {"type": "array", "minItems": 1, "uniqueItems": True,
                   "items": {"type": "string", "enum": list(FILE_KINDS)}},
        "max_size_mb": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    }

    def presence(self, spec: FieldSpec) -> list[Any]:
        return [UploadPresence(spec)]

    def build(self, spec: FieldSpec) -> UnboundField:
        accept = tuple(spec.settings.get("accept", DEFAULT_ACCEPT))
        max_mb = spec.settings.get("max_size_mb", DEFAULT_MAX_MB)
        max_bytes = int(Decimal(str(max_mb)) * 1024 * 1024)
        chain = [*self.presence(spec), UploadRules(accept, max_mb)]
        return UploadField(spec.label, chain, accept=accept,
                           max_bytes=max_bytes, description=self.hint(spec, accept, max_mb))

    def hint(self, spec: FieldSpec, accept: tuple[str, ...], max_mb: Any) -> str:
        """Return the help text followed by what may be uploaded.

        The platform says what is allowed, once and from the settings that are checked; a help
        text is the administrator's own and says what the document is (the shipped ones do).
        """
        kinds = ", ".join(FILE_KINDS[k].label for k in accept)
        rule = _l("Erlaubte Dateien: %(kinds)s; höchstens %(size)s MB.", kinds=kinds,
                  size=Shown(number_text, max_mb))  # built once, shown in each reader's way
        return _l("%(help)s %(rule)s", help=spec.help, rule=rule) if spec.help else rule

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise FormsError(f"file field {spec.id!r} holds an upload that was not stored")
        return {k: data[k] for k in ("upload_id", "name", "sha256", "size", "media_type")}

    def display(self, spec: FieldSpec, value: Any) -> str:
        if not value:
            return "–"
        kind = kind_of_media_type(value["media_type"])
        label = FILE_KINDS[kind].label if kind else value["media_type"]
        return f"{shown_name(value)} ({readable_size(value['size'])}, {label})"



def file_references(fields: Iterable[FieldSpec], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every upload reference in the answers, groups included, in form order."""
    found: list[dict[str, Any]] = []
    for spec in fields:
        value = answers.get(spec.id)
        if spec.type == "file" and isinstance(value, dict):
            found.append(value)
        elif spec.fields and isinstance(value, list):
            for entry in value:
                found += file_references(spec.fields, entry if isinstance(entry, dict) else {})
    return found
