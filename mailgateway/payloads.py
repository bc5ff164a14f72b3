"""Typed outbox payloads: one frozen dataclass per kind, serialised and parsed here alone.

A new kind is one OutboxKind member and one payload type registered with `@payload_of`. The
stored JSON is the payload's fields by name (dataclasses as objects, tuples as lists), so what a
department finds in the envelope reads the same as before the types existed.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin, get_type_hints

from common.i18n import _l

from .exceptions import GatewayError
from .models import OutboxKind

PAYLOAD_TYPES: dict[OutboxKind, type[Payload]] = {}
"""Each kind's payload type, filled by `@payload_of`."""
T = TypeVar("T", bound="Payload")


@dataclass(frozen=True)
class Service:
    """The service version a case was filed under."""

    slug: str
    version: int
    sha256: str
    title: str


@dataclass(frozen=True)
class Applicant:
    """Who filed the case: the account's name and e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class Fee:
    """The fee the answers came to."""

    cents: int | None
    """None: the answers give no fee that can be computed; the department sets it."""
    currency: str
    label: str


@dataclass(frozen=True)
class Section:
    """One titled block of label/value rows, as on the review page and the receipt."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Forwarding:
    """Who handed a case on, from where and why (Weiterleitung)."""

    from_key: str = field(metadata={"key": "from"})
    from_name: str
    by: str
    reason: str
    at: str


@dataclass(frozen=True)
class Note:
    """A message in the case's message box, with the files it carries."""

    id: int
    author: str
    body: str
    sent_at: str
    attachments: tuple[Mapping[str, Any], ...] = ()
    """References to its files (upload_id, name, sha256, size, media type); their bytes travel
    inside the envelope (the app's `attachment_files` hook reads them)."""


@dataclass(frozen=True)
class Query:
    """A Rückfrage: what the department asks for, and by when."""

    id: int
    note: Note
    """The question as it stands in the message box (with any files the department sends)."""
    items: tuple[str, ...]
    """The information or documents asked for, one per entry."""
    answer_by: str
    """The answer deadline, an ISO date (local day of the municipality)."""


@dataclass(frozen=True)
class Letter:
    """A Bescheid's content: what its sealed PDF shows (rendered by the delivery job)."""

    decision_id: int
    outcome: str
    """bewilligung, teilbewilligung or ablehnung."""
    outcome_label: str
    dated: str
    """The letter's date, an ISO date."""
    recipient: tuple[str, ...]
    """The address block: the resident's name, then the lines of their address."""
    subject: str
    body: str
    """The decision itself (Tenor) as the case worker completed the template."""
    reasons: str
    """The reasons (Begründung); empty only for a full grant."""
    remedy: str
    """The Rechtsbehelfsbelehrung."""
    signed_by: str
    """The case worker who decided."""
    approved_by: str = ""
    """The second case worker who approved it (four-eyes), if the service asked for one."""
    fee: Fee | None = None
    retrieval: bool = True
    """Announced by retrieval (§ 41 Abs. 2a VwVfG, with consent); False: sent by post."""


@dataclass(frozen=True, kw_only=True)
class Payload:
    """What every outbox message names: its case and the department it goes to."""

    KIND: ClassVar[OutboxKind]
    SEALED: ClassVar[bool] = False
    """Travels with an Eingangsquittung sealed over the payload."""
    KEEPS_RECEIPT: ClassVar[bool] = False
    """The case keeps that sealed receipt as its document once delivered."""
    TO_RESIDENT: ClassVar[bool] = False
    """Goes to the case's resident (their box in the platform), not to its department."""
    DELIVERS_CASE: ClassVar[bool] = False
    """Puts the whole case into the department's Postfach (and so moves it to 'zugestellt')."""

    case_reference: str
    department: str
    department_name: str

    def files(self) -> tuple[Mapping[str, Any], ...]:
        """Return the references of the files whose bytes travel inside the envelope."""
        return ()


@dataclass(frozen=True, kw_only=True)
class CasePayload(Payload):
    """A filed case, whole or in part: what the sealed receipt shows."""

    SEALED = True

    service: Service
    submitted_at: str
    answers: Mapping[str, Any]
    review: tuple[Section, ...]

    @property
    def receipt_title(self) -> str:
        """Return the title of the receipt's overview section."""
        return _l("Antrag")

    def receipt_parties(self) -> tuple[tuple[str, str], ...]:
        """Return the receipt's rows naming who receives (and who filed) the case."""
        return ((_l("Empfänger"), self.department_name),)


def payload_of(kind: OutboxKind) -> Callable[[type[T]], type[T]]:
    """Register a payload type as the one of `kind`; a second one for a kind is an error."""
    def register(cls: type[T]) -> type[T]:
        if kind in PAYLOAD_TYPES:
            raise GatewayError(f"outbox kind {kind.value!r} has a payload type already")
        cls.KIND = kind
        PAYLOAD_TYPES[kind] = cls
        return cls
    return register


@payload_of(OutboxKind.SUBMISSION)
@dataclass(frozen=True, kw_only=True)
class SubmissionPayload(CasePayload):
    """A filed case for the department the routing chose."""

    KEEPS_RECEIPT = True
    DELIVERS_CASE = True

    applicant: Applicant
    fee: Fee | None = None
    attachments: tuple[Mapping[str, Any], ...] = ()
    """References to the case's uploads (upload_id, name, sha256, size, media type); their
    bytes travel inside the envelope."""

    def files(self) -> tuple[Mapping[str, Any], ...]:
        """Return the application's uploads."""
        return self.attachments

    def receipt_parties(self) -> tuple[tuple[str, str], ...]:
        """Return the responsible department and the applicant."""
        return ((_l("Zuständig"), self.department_name),
                (_l("Antragstellerin/Antragsteller"), self.applicant.name),
                (_l("Konto (E-Mail)"), self.applicant.email))


@payload_of(OutboxKind.FORWARD)
@dataclass(frozen=True, kw_only=True)
class ForwardPayload(SubmissionPayload):
    """The filed case again, for the department it was forwarded to."""

    KEEPS_RECEIPT = False

    forwarded: Forwarding

    @classmethod
    def of(cls, filed: SubmissionPayload, key: str, name: str,
           forwarding: Forwarding) -> ForwardPayload:
        """Return the filed case addressed to another department, with who forwarded it."""
        values = {f.name: getattr(filed, f.name) for f in fields(SubmissionPayload)}
        return cls(**{**values, "department": key, "department_name": name,
                      "forwarded": forwarding})


@payload_of(OutboxKind.COPY)
@dataclass(frozen=True, kw_only=True)
class CopyPayload(CasePayload):
    """The part of a case another body is entitled to by law, and nothing more."""

    recipient_title: str

    @property
    def receipt_title(self) -> str:
        """Return the copy's own title (e.g. "Mitteilung an das Finanzamt")."""
        return self.recipient_title


@payload_of(OutboxKind.MESSAGE)
@dataclass(frozen=True, kw_only=True)
class MessagePayload(Payload):
    """A resident's message to the case's department; it travels without a receipt PDF."""

    message: Note
    query_id: int | None = None
    """The Rückfrage this message answers, if it does."""

    def files(self) -> tuple[Mapping[str, Any], ...]:
        """Return the message's files."""
        return self.message.attachments


@payload_of(OutboxKind.WITHDRAWAL)
@dataclass(frozen=True, kw_only=True)
class WithdrawalPayload(Payload):
    """The resident withdraws the application (Rücknahme): the department is told, receipted."""

    by: str
    reason: str
    at: str


@dataclass(frozen=True, kw_only=True)
class ResidentPayload(Payload):
    """What a department sends into the resident's box; `department` is the sender."""

    TO_RESIDENT = True


@payload_of(OutboxKind.REPLY)
@dataclass(frozen=True, kw_only=True)
class ReplyPayload(ResidentPayload):
    """A department's message to the resident, with its files."""

    message: Note

    def files(self) -> tuple[Mapping[str, Any], ...]:
        """Return the message's files."""
        return self.message.attachments


@payload_of(OutboxKind.QUERY)
@dataclass(frozen=True, kw_only=True)
class QueryPayload(ResidentPayload):
    """A department's Rückfrage to the resident."""

    query: Query

    def files(self) -> tuple[Mapping[str, Any], ...]:
        """Return the files the department sends with its question."""
        return self.query.note.attachments


@payload_of(OutboxKind.DECISION)
@dataclass(frozen=True, kw_only=True)
class DecisionPayload(ResidentPayload):
    """A Bescheid: the delivery job renders the letter, seals it and keeps it with the case."""

    service: Service
    letter: Letter


CASE_DELIVERIES = tuple(k for k in OutboxKind if PAYLOAD_TYPES[k].DELIVERS_CASE)
"""The kinds whose delivery puts a case into a department's Postfach."""


def serialised(payload: Payload) -> dict[str, Any]:
    """Return the payload as the JSON object the outbox stores and the envelope carries."""
    return _dump(payload)


def payload_for(kind: OutboxKind | str, data: Mapping[str, Any]) -> Payload:
    """Parse a stored payload of that kind; raise GatewayError if it does not fit the type."""
    try:
        return _load(PAYLOAD_TYPES[OutboxKind(kind)], data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GatewayError(f"outbox payload of kind {kind!r} is malformed: {exc!r}") from exc


def _key(f: Any) -> str:
    return f.metadata.get("key", f.name)


def _dump(value: Any) -> Any:
    if is_dataclass(value):
        return {_key(f): _dump(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_dump(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _dump(item) for key, item in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _load(kind: Any, data: Any) -> Any:
    """Build a value of type `kind` from its JSON form (missing optional fields: defaults)."""
    origin = get_origin(kind)
    if is_dataclass(kind):
        hints = _hints(kind)
        given = {f.name: _load(hints[f.name], data[_key(f)]) for f in fields(kind)
                 if _key(f) in data or f.default is MISSING}
        return kind(**given)
    if origin is tuple:
        return tuple(_load(get_args(kind)[0], item) for item in data)
    if origin in (Union, types.UnionType):
        return None if data is None else _load(get_args(kind)[0], data)
    return data
