"""The fixed forms of the resident's case page: withdrawing the application (Rücknahme)."""

from __future__ import annotations

from wtforms import BooleanField, TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..core.webforms import GermanForm


class WithdrawalForm(GermanForm):
    """Withdraw the application: a reason may be given, the consequence must be confirmed."""

    reason = TextAreaField(
        _l("Grund der Rücknahme"),
        [v.Length(max=2000, message=_l("Höchstens 2000 Zeichen."))],
        description=_l("Freiwillig; das Amt liest ihn mit Ihrer Rücknahme."))
    confirm = BooleanField(
        _l("Ich nehme meinen Antrag zurück. Das Amt entscheidet dann nicht mehr darüber."),
        [v.DataRequired(_l("Bitte bestätigen Sie, dass Sie den Antrag zurücknehmen."))])
