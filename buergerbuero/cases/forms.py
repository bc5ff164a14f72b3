"""The fixed forms of the resident's case page beyond the message box: the answer to a
Rückfrage."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..core.forms import MessageForm


class AnswerForm(MessageForm):
    """The resident's answer to one Rückfrage: text and files, checked like a message's."""

    body = TextAreaField(
        _l("Ihre Antwort"),
        [v.DataRequired(_l("Bitte schreiben Sie Ihre Antwort.")),
         v.Length(max=5000, message=_l("Eine Antwort hat höchstens 5000 Zeichen."))])


def answer_prefix(query_id: int) -> str:
    """Return the prefix of one Rückfrage's answer form (several may stand on one page)."""
    return f"antwort-{query_id}"
