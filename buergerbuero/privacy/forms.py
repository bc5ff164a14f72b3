"""The area's fixed form: confirming the deletion of one's account."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, PasswordField
from wtforms import validators as v

from common.i18n import _l

from ..core.webforms import GermanForm


class DeletionForm(GermanForm):
    """Delete the account: the password proves the person, the box confirms the consequence,
    the plan's fingerprint ties the confirmation to what the page showed."""

    password = PasswordField(
        _l("Ihr Passwort"), [v.InputRequired(_l("Bitte geben Sie Ihr Passwort an."))],
        render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(
        _l("Ich möchte mein Konto löschen. Mir ist bewusst, was mit meinen Anträgen geschieht."),
        [v.DataRequired(_l("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten."))])
    plan = HiddenField()
