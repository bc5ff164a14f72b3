"""A service's pages: the steps that apply to the answers, and how many pages a resident sees.

The catalogue shows the count on a service's page; a draft's navigation goes by the same steps.
"""

from __future__ import annotations

from typing import Any

import forms


def applying(spec: forms.ServiceSpec, answers: dict[str, Any] | None) -> list[str]:
    """Return the ids of the steps that apply to the answers (all of them without answers)."""
    return spec.step_ids() if answers is None else forms.visible_steps(spec, answers)


def page_count(spec: forms.ServiceSpec, answers: dict[str, Any] | None = None) -> int:
    """Count the pages a resident goes through: the steps that apply and the review page."""
    return len(applying(spec, answers)) + 1


def page_range(spec: forms.ServiceSpec) -> tuple[int, int]:
    """Return the fewest and the most pages before any answer: steps with a condition may go."""
    fewest = sum(1 for step in spec.steps if step.visible_if is None) + 1
    return min(fewest, page_count(spec)), page_count(spec)
