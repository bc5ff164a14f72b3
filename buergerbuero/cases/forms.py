"""The fixed forms of the resident's case page beyond the message box: the answer to a
Rückfrage, and withdrawing the application (Rücknahme)."""

from __future__ import annotations

from wtforms import BooleanField, TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..core.forms import MessageForm
from ..core.webforms import GermanForm


class AnswerForm(MessageForm):
    """The resident's answer to one Rückfrage: text and files, checked like a message's."""

    body = TextAreaField(
        _l("Ihre Antwort"),
        [v.DataRequired(_l("Bitte schreiben Sie Ihre Antwort.")),
         v.Length(max=5000, message=_l("Eine Antwort hat höchstens 5000 Zeichen."))])


def answer_prefix(query_id: int) -> str:
    """Return the prefix of one Rückfrage's answer form (several may stand on one page)."""
    return f"antwort-{query_id}"


class WithdrawalForm(GermanForm):
    """Withdraw the application: a reason may be given, the consequence must be confirmed."""

    reason = TextAreaField(
        _l("Grund der Rücknahme"),
        [v.Length(max=2000, message=_l("Höchstens 2000 Zeichen."))],
        description=_l("Freiwillig; das Amt liest ihn mit Ihrer Rücknahme."))
    confirm = BooleanField(
        _l("Ich nehme meinen Antrag zurück. Das Amt entscheidet dann nicht mehr darüber."),
        [v.DataRequired(_l("Bitte bestätigen Sie, dass Sie den Antrag zurücknehmen."))])
