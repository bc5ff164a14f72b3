"""The fixed forms of Verwaltung → Konten: a staff account, and the filter of the list."""

from __future__ import annotations

from wtforms import EmailField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms import validators as v

from common.i18n import _, _l

from ..core.labels import department_name, label
from ..core.webforms import GermanForm
from ..models import STAFF_ROLES, Department


class AccountForm(GermanForm):
    """A staff account: name, address, role and (for case workers) departments.

    Choices are not checked by WTForms: `auth.staff` refuses an unknown role or department
    with its own German message, so the browser and the command line say the same.
    """

    display_name = StringField(_l("Name"), [
        v.DataRequired(_l("Bitte geben Sie den Namen an.")),
        v.Length(max=120, message=_l("Bitte höchstens 120 Zeichen."))],
        render_kw={"autocomplete": "off"})
    email = EmailField(_l("E-Mail-Adresse"), [
        v.DataRequired(_l("Bitte geben Sie die E-Mail-Adresse an.")),
        v.Length(max=254, message=_l("Eine E-Mail-Adresse hat höchstens 254 Zeichen.")),
        v.Email(_l("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de."))],
        description=_l("An diese Adresse geht der Link, mit dem das Passwort festgelegt wird."),
        render_kw={"autocomplete": "off"})
    role = RadioField(_l("Rolle"), [v.InputRequired(_l("Bitte wählen Sie eine Rolle."))],
                      choices=[], validate_choice=False)
    departments = SelectMultipleField(_l("Ämter"), choices=[], validate_choice=False,
                                      description=_l("Nur für die Sachbearbeitung: "
                                                     "mindestens ein Amt."))

    def offer(self, departments: list[Department]) -> AccountForm:
        """Fill the choices: the staff roles and every department by its name."""
        self.role.choices = [(r.value, label(r)) for r in STAFF_ROLES]
        self.departments.choices = [(d.key, str(department_name(d))) for d in departments]
        return self


class AccountFilter(GermanForm):
    """The list's filter (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    rolle = SelectField(_l("Rolle"), choices=[], validate_choice=False)
    amt = SelectField(_l("Amt"), choices=[], validate_choice=False)

    def offer(self, departments: list[Department]) -> AccountFilter:
        """Fill the choices: every role and department, or all."""
        self.rolle.choices = [("", _("alle")), *((r.value, label(r)) for r in STAFF_ROLES)]
        self.amt.choices = [("", _("alle")), *((d.key, str(department_name(d)))
                                               for d in departments)]
        return self
