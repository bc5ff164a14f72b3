"""The parsed, frozen form of a service definition that the rest of the engine works with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .exceptions import Problem
from .texts import Text, _l

FEE_LABEL = _l("Gebühr")
"""What a fee is called where the definition does not name it."""

if TYPE_CHECKING:
    from .expressions import Expression


@dataclass(frozen=True)
class Option:
    """One choice of a select, radio or multiselect field."""

    value: str
    """What is stored in the answers."""
    label: Text
    """What the resident reads."""
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Further facts a code list entry carries (e.g. house-number ranges of a parking zone)."""


@dataclass(frozen=True)
class Repeat:
    """How often a group may be filled in."""

    min: int = 1
    max: int = 1


@dataclass(frozen=True)
class FieldSpec:
    """One field of a step, as the administrator declared it."""

    id: str
    """Key of the answer; unique in the definition."""
    type: str
    """Id of the field-type plug-in."""
    label: Text
    """Question shown to the resident (untrusted text, always escaped)."""
    help: Text | str = ""
    """Hint under the label."""
    required: bool = False
    """Whether an answer is needed."""
    options: tuple[Option, ...] = ()
    """Choices, inline or resolved from `options_from`."""
    fields: tuple[FieldSpec, ...] = ()
    """Sub-fields of a group."""
    repeat: Repeat | None = None
    """Repetition bounds of a group."""
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Type-specific options (max_length, pattern, min, max, ...)."""
    line: int | None = None
    """Line in the YAML source, for messages."""
    visible_if: Expression | None = None
    """Shown, checked and stored only while this holds (None: always)."""
    required_if: Expression | None = None
    """Required while this holds (besides `required`, which always holds)."""

    def option_label(self, value: Any) -> Text | str:
        """Return the label of a stored choice, or the value itself if it is unknown."""
        return next((o.label for o in self.options if o.value == value), str(value))


@dataclass(frozen=True)
class StepSpec:
    """One page of the form."""

    id: str
    title: Text
    fields: tuple[FieldSpec, ...]
    intro: Text | str = ""
    visible_if: Expression | None = None
    """The step is skipped (and its answers dropped at submit) unless this holds."""


@dataclass(frozen=True)
class FeeSpec:
    """The fee of an application, computed from the answers."""

    expression: Expression
    """Gives the amount in `currency` (negative counts as 0; rounded to cents)."""
    currency: str = "EUR"
    label: Any = FEE_LABEL
    """What the review and the receipt call it (a Text, or FEE_LABEL)."""
    description: Text | str = ""
    """How the fee is made up, in words, for the service page before anyone starts."""


DECISION_NAMES = ("entscheidung", "gebuehr")
"""What a four-eyes condition may name besides the fields: the outcome and the fee in euros."""


@dataclass(frozen=True)
class DecisionSpec:
    """What a service says about its Bescheid."""

    remedy: str = "widerspruch"
    """widerspruch (§§ 68 ff. VwGO) or klage (the Land abolished the Vorverfahren here)."""
    four_eyes_if: Expression | None = None
    """When it holds (answers, `entscheidung`, `gebuehr`), a second case worker approves."""
    templates: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Outcome value -> the letter's text to complete; missing ones: the department's."""


@dataclass(frozen=True)
class RouteSpec:
    """One routing rule of a definition: the first whose `when` holds names the department."""

    when: Expression
    to: str


@dataclass(frozen=True)
class RecipientSpec:
    """A further body that receives only the named top-level fields (e.g. the tax office)."""

    department: str
    fields: tuple[str, ...]
    title: Text | str = ""


@dataclass(frozen=True)
class RuleExpectation:
    """What a rule test expects; only what is given is checked.

    Field references are ids of top-level fields, or `gruppe.N.feld` for the field of a group's
    N-th entry (counted from 1, as the review shows the entries).
    """

    visible: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    """Shown but not required."""
    check_fee: bool = False
    """Whether the fee is checked (`fee:` given, null included)."""
    fee_cents: int | None = None
    """The expected fee in cents; None: the service charges none."""
    department: str | None = None
    steps: tuple[str, ...] | None = None
    """The ids of the steps that apply, in any order (None: not checked)."""


@dataclass(frozen=True)
class RuleTestSpec:
    """A test inside a definition: given answers, what the rules must say about them."""

    name: str
    answers: Mapping[str, Any]
    """As stored in drafts: groups as lists of objects, dates as YYYY-MM-DD."""
    expect: RuleExpectation
    today: dt.date | None = None
    """The day the test is evaluated on (None: the day it runs)."""
    line: int | None = None


@dataclass(frozen=True)
class ExternalSpec:
    """Where an external service leads: another portal that residents use instead of a form."""

    url: str
    """An https address."""
    provider: Text
    """Who runs that portal, as the catalogue names it ("Stadtbibliothek Musterstadt")."""


@dataclass(frozen=True)
class ServiceSpec:
    """A whole service definition (one version)."""

    slug: str
    version: int
    title: Text
    summary: Text
    category: Text
    department: str
    processing_days: int
    retention_days: int
    reference_prefix: str
    steps: tuple[StepSpec, ...]
    sha256: str
    """Hash of the YAML source this spec was parsed from."""
    description: Text | str = ""
    purpose: Text | str = ""
    """What the data is processed for (`zweck`), for the privacy statement; "" if unsaid."""
    legal_basis: Text | str = ""
    """The legal basis of the processing (`rechtsgrundlage`); "" if unsaid."""
    documents: tuple[Text, ...] = ()
    """Documents the resident should have at hand."""
    keywords: tuple[Text, ...] = ()
    """Further words the catalogue search finds the service by (synonyms, everyday words)."""
    fee: FeeSpec | None = None
    """The fee, if the service costs one."""
    routing: tuple[RouteSpec, ...] = ()
    """Rules that pick another department than `department` for some answers."""
    recipients: tuple[RecipientSpec, ...] = ()
    """Bodies that by law receive part of the answers, one gateway message each."""
    tests: tuple[RuleTestSpec, ...] = ()
    """Rule tests: run on every save; publishing is refused while one fails."""
    query_days: int = 14
    """Days a resident has to answer a Rückfrage unless the case worker sets another day."""
    decision: DecisionSpec = DecisionSpec()
    archive_offer: bool = False
    """Anbietungspflicht (`archiv_anbieten`): a case is offered to the city archive before its
    Löschfrist deletes it."""
    """The Bescheid: remedy, four-eyes condition, templates."""
    external: ExternalSpec | None = None
    filed_through: str = "catalogue"
    """How a case begins: "catalogue" (started by the resident) or "sprechstunde" (only by
    booking a consultation slot: hidden from the catalogue, never started as a form)."""
    """Set for an external service: a link to another portal, never filed here (no steps)."""
    untranslated: tuple[Problem, ...] = field(default=(), compare=False)
    """Every text without English, located (all of them in a German-only definition)."""
    translated: int = field(default=0, compare=False)
    """How many texts have English."""

    def missing_english(self) -> list[str]:
        """Return the places (key paths, e.g. `steps.0.fields.2.label`) without English."""
        return [problem.path for problem in self.untranslated]

    def english_warnings(self) -> list[Problem]:
        """Return the texts without English of a half-translated definition (else nothing).

        A German-only definition is complete as it is; one with some English and not all of it
        loads too, and the administrator's check shows each gap with its line.
        """
        return list(self.untranslated) if self.translated and self.untranslated else []

    def step(self, step_id: str) -> StepSpec:
        """Return the step with this id; KeyError if there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def step_ids(self) -> list[str]:
        """Return the ids of all steps in order."""
        return [s.id for s in self.steps]

    def iter_fields(self) -> Iterator[FieldSpec]:
        """Yield every field, sub-fields of groups included."""
        stack = [f for s in self.steps for f in s.fields]
        while stack:
            spec = stack.pop(0)
            yield spec
            stack[0:0] = list(spec.fields)
