"""The fixed forms of the administrators' area: service definitions, departments (Ämter),
staff accounts and the filter of their list."""

from __future__ import annotations

from flask_wtf.file import FileField, FileSize
from wtforms import (
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import validators as v

from common.i18n import _, _l
from forms.yamlsource import MAX_SOURCE_BYTES
from mailgateway import app_transports

from ..core.labels import channel_label, department_name, label
from ..core.webforms import CODE_INPUT, GermanForm
from ..models import STAFF_ROLES, Department


class DefinitionForm(GermanForm):
    """A service definition, pasted or uploaded as a YAML file."""

    class Meta:
        verbatim = ("source",)  # YAML: leading indentation is meaning

    source = TextAreaField(_l("Definition (YAML)"), [v.Length(max=MAX_SOURCE_BYTES)],
                           render_kw={**CODE_INPUT, "rows": 30})
    upload = FileField(_l("oder als Datei hochladen"),
                       [FileSize(MAX_SOURCE_BYTES, message=_l("Die Datei ist zu groß (256 KiB)."))],
                       description=_l("Eine .yaml-Datei, wie sie der Export liefert."))

    def text(self) -> str | None:
        """Return the YAML from the upload or the text area; None (with an error) if neither."""
        if self.upload.data:
            raw = self.upload.data.read(MAX_SOURCE_BYTES + 1)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                self.upload.errors.append(_("Die Datei ist kein UTF-8-Text."))
                return None
        if self.source.data and self.source.data.strip():
            return self.source.data.replace("\r\n", "\n")
        self.source.errors.append(
            _("Bitte fügen Sie eine Definition ein oder laden Sie eine hoch."))
        return None


FINGERPRINT, FINGERPRINT_HINT = (_l("Fingerabdruck des Schlüssels"),
                                 _l("40 Hexadezimalzeichen, wie vom Amt mitgeteilt."))
PUBLIC_KEY, PUBLIC_KEY_HINT = (_l("Öffentlicher Schlüssel (OpenPGP)"),
                               _l("Beginnt mit -----BEGIN PGP PUBLIC KEY BLOCK-----"))


class DepartmentForm(GermanForm):
    """A department: name, channel, address, deadline, fallback and its pinned OpenPGP key."""

    key = StringField(_l("Kennung"), [
        v.DataRequired(_l("Bitte geben Sie eine Kennung an.")),
        v.Regexp(r"^[a-z0-9_-]{2,40}$",
                 message=_l("Nur Kleinbuchstaben, Ziffern, - und _, 2 bis 40 Zeichen."))],
        description=_l("Zum Beispiel abfallwirtschaft; später nicht änderbar."))
    name = StringField(_l("Name"), [v.DataRequired(_l("Bitte geben Sie den Namen an.")),
                                   v.Length(max=200, message=_l("Höchstens 200 Zeichen."))])
    name_en = StringField(_l("Name auf Englisch"), [v.Optional(), v.Length(
        max=200, message=_l("Höchstens 200 Zeichen."))], description=_l(
        "Für englische Seiten; leer: dort steht der deutsche Name."))
    channel = SelectField(_l("Zustellweg"), choices=[])
    address = StringField(_l("Adresse"), [v.Optional(), v.Length(max=500)], description=_l(
        "E-Mail-Adresse (E-Mail) oder https-Adresse (Webhook); leer beim Postfach."))
    deadline_days = IntegerField(_l("Frist in Tagen"), [
        v.InputRequired(_l("Bitte geben Sie eine Frist an.")),
        v.NumberRange(1, 365, message=_l("Zwischen 1 und 365 Tagen."))], default=14)
    fallback = SelectField(_l("Ersatzweise an"), choices=[])
    fingerprint = StringField(FINGERPRINT, [v.Optional()], description=FINGERPRINT_HINT)
    public_key = TextAreaField(PUBLIC_KEY, [v.Optional(), v.Length(max=20000)],
                               description=PUBLIC_KEY_HINT, render_kw={**CODE_INPUT, "rows": 12})

    def offer(self, others: list[tuple[str, str]]) -> DepartmentForm:
        """Fill the choices: the registered channels and the other departments as fallback."""
        self.channel.choices = [SelectChoice(c, channel_label(c)) for c in app_transports()]
        self.fallback.choices = [SelectChoice("", _("keines")),
                                 *(SelectChoice(k, n) for k, n in others)]
        return self


class NewDepartmentForm(DepartmentForm):
    """A department not yet known: without its pinned key nothing could be encrypted to it."""

    fingerprint = StringField(FINGERPRINT, [
        v.DataRequired(_l("Bitte geben Sie den Fingerabdruck des Schlüssels an."))],
        description=FINGERPRINT_HINT)
    public_key = TextAreaField(PUBLIC_KEY, [
        v.DataRequired(_l("Ein neues Amt braucht seinen öffentlichen Schlüssel.")),
        v.Length(max=20000)], description=PUBLIC_KEY_HINT, render_kw={**CODE_INPUT, "rows": 12})


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
