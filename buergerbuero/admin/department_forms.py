"""The form for departments (Ämter) and their gateway destinations."""

from __future__ import annotations

from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms import validators as v

from mailgateway import transports

from ..labels import channel_label
from ..webforms import CODE_INPUT, GermanForm

FINGERPRINT, FINGERPRINT_HINT = ("Fingerabdruck des Schlüssels",
                                 "40 Hexadezimalzeichen, wie vom Amt mitgeteilt.")
PUBLIC_KEY, PUBLIC_KEY_HINT = ("Öffentlicher Schlüssel (OpenPGP)",
                               "Beginnt mit -----BEGIN PGP PUBLIC KEY BLOCK-----")


class DepartmentForm(GermanForm):
    """A department: name, channel, address, deadline, fallback and its pinned OpenPGP key."""

    key = StringField("Kennung", [
        v.DataRequired("Bitte geben Sie eine Kennung an."),
        v.Regexp(r"^[a-z0-9_-]{2,40}$", message="Nur Kleinbuchstaben, Ziffern, - und _, "
                 "2 bis 40 Zeichen.")], description="Zum Beispiel abfallwirtschaft; später "
                                                    "nicht änderbar.")
    name = StringField("Name", [v.DataRequired("Bitte geben Sie den Namen an."),
                                v.Length(max=200, message="Höchstens 200 Zeichen.")])
    channel = SelectField("Zustellweg", choices=[])
    address = StringField("Adresse", [v.Optional(), v.Length(max=500)],
                          description="E-Mail-Adresse (E-Mail) oder https-Adresse (Webhook); "
                                      "leer beim Postfach.")
    deadline_days = IntegerField("Frist in Tagen", [
        v.InputRequired("Bitte geben Sie eine Frist an."),
        v.NumberRange(1, 365, message="Zwischen 1 und 365 Tagen.")], default=14)
    fallback = SelectField("Ersatzweise an", choices=[])
    fingerprint = StringField(FINGERPRINT, [v.Optional()], description=FINGERPRINT_HINT)
    public_key = TextAreaField(PUBLIC_KEY, [v.Optional(), v.Length(max=20000)],
                               description=PUBLIC_KEY_HINT, render_kw={**CODE_INPUT, "rows": 12})

    def offer(self, others: list[tuple[str, str]]) -> DepartmentForm:
        """Fill the choices: the registered channels and the other departments as fallback."""
        self.channel.choices = [SelectChoice(c, channel_label(c)) for c in transports]
        self.fallback.choices = [SelectChoice("", "keines"),
                                 *(SelectChoice(k, n) for k, n in others)]
        return self


class NewDepartmentForm(DepartmentForm):
    """A department not yet known: without its pinned key nothing could be encrypted to it."""

    fingerprint = StringField(FINGERPRINT, [
        v.DataRequired("Bitte geben Sie den Fingerabdruck des Schlüssels an.")],
        description=FINGERPRINT_HINT)
    public_key = TextAreaField(PUBLIC_KEY, [
        v.DataRequired("Ein neues Amt braucht seinen öffentlichen Schlüssel."),
        v.Length(max=20000)], description=PUBLIC_KEY_HINT, render_kw={**CODE_INPUT, "rows": 12})
