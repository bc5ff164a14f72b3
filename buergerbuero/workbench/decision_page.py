"""The section "Bescheid" of the case page: the current draft or the issued Bescheid, its form
prefilled (the template of the outcome, the filed fee, the applicant's address) and what the
reader may do with it (issue, put forward, approve)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import current_user
from sqlalchemy.orm import Session

from ..models import Case, Decision, DecisionOutcome, DecisionState
from . import decision_letter as letter
from .decision_texts import OUTCOME_LABELS
from .decisions import current_decision, draft_version
from .forms import DecisionForm


@dataclass(frozen=True)
class DecisionSection:
    """What the section shows."""

    decision: Decision | None
    form: DecisionForm
    has_fee: bool
    placeholders: tuple[str, ...]

    @property
    def issued(self) -> bool:
        """Whether the Bescheid is issued (the section then only reports it)."""
        return self.decision is not None and self.decision.state is DecisionState.ISSUED

    @property
    def draft(self) -> bool:
        """Whether a draft is saved that its author may issue or put forward."""
        return self.decision is not None and self.decision.state is DecisionState.DRAFT

    @property
    def awaiting(self) -> bool:
        """Whether the draft waits for a second case worker's approval."""
        return self.decision is not None and \
            self.decision.state is DecisionState.AWAITING_APPROVAL

    @property
    def may_approve(self) -> bool:
        """Whether the reader may approve it: anyone of the department but its author."""
        return self.awaiting and self.decision.drafted_by_id != current_user.id

    @property
    def version(self) -> str:
        """Name the draft as read now; approving checks it is still the one saved."""
        return draft_version(self.decision) if self.decision else ""

    @property
    def placeholder_text(self) -> str:
        """List the placeholders a text may use, in braces."""
        return ", ".join("{" + name + "}" for name in self.placeholders)

    @property
    def outcome_label(self) -> Any:
        """Name the decision's outcome in the reader's language."""
        return OUTCOME_LABELS[self.decision.outcome] if self.decision else ""


def euros(cents: int | None) -> str:
    """Return cents as the form shows an amount in euros ("120,00"), or ""."""
    return "" if cents is None else f"{cents // 100},{cents % 100:02d}"


def prefilled_form(case: Case, decision: Decision | None) -> DecisionForm:
    """Return the form filled from the draft, or, without one, from the case's defaults."""
    if decision is not None and decision.state is not DecisionState.ISSUED:
        # The stored text is completed: offered for rework, it must complete to itself.
        data = {"entscheidung": decision.outcome.value, "tenor": letter.as_template(decision.body),
                "begruendung": decision.reasons, "gebuehr": euros(decision.fee_cents),
                "anschrift": decision.recipient}
        return DecisionForm(formdata=None, data=data).offer()
    spec = letter.case_spec(case)
    filed_fee = case.submission.fee_cents if case.submission is not None else None
    outcome = DecisionOutcome.BEWILLIGUNG
    try:
        body = letter.as_template(letter.fill(letter.template_for(spec, outcome),
                                              letter.placeholders(case, spec, filed_fee)))
    except letter.PlaceholderError:
        body = letter.template_for(spec, outcome)  # saving it will name the wrong placeholder
    data = {"entscheidung": outcome.value, "tenor": body,
            "gebuehr": euros(filed_fee) if spec is not None and spec.fee else "",
            "anschrift": "\n".join(letter.recipient_lines(case))}
    return DecisionForm(formdata=None, data=data).offer()


def decision_section(session: Session, case: Case, forms: dict[str, Any]) -> DecisionSection:
    """Return the section for the case page; a refused form (in `forms`) keeps what was typed."""
    decision = current_decision(session, case)
    form = forms.get("decision_form") or prefilled_form(case, decision)
    spec = letter.case_spec(case)
    names = set(letter.placeholders(case, spec, None)) - set(letter.FIXED)
    return DecisionSection(decision, form, has_fee=spec is not None and spec.fee is not None,
                           placeholders=(*letter.FIXED, *sorted(names)))
