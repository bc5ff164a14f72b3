"""The command line's language and its click classes: every `flask` command of the platform is
built from these, so its help and output speak the language of the process's environment
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG: `LANG=en_GB.UTF-8` gives English, anything else German).

Apart from `cli.py` (which wires the commands to the app), so an area's commands can use them
without importing the instance set-up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import click
from babel.support import NullTranslations, Translations
from flask import has_app_context
from flask.cli import AppGroup, ScriptInfo

from common.i18n import LANGUAGES, SOURCE_LANGUAGE, force_locale

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where a process finds its language, first match wins (gettext's order)."""


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """Return the language of the command line: the environment's if the platform speaks it."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        for entry in environ.get(variable, "").split(":"):  # LANGUAGE is a list: en_GB:de
            code = entry.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
    return SOURCE_LANGUAGE


@contextmanager
def in_cli_language() -> Iterator[None]:
    """Translate with `_` in the command line's language while inside (needs an app context)."""
    with force_locale(cli_language()):
        yield


@cache
def _catalogue(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [language])


def cli_gettext(msgid: str, **params: Any) -> str:
    """Translate for a process without an app (launcher, supervisor) in the CLI's language."""
    text = _catalogue(cli_language()).gettext(msgid)
    return text % params if params else text


class InCliLanguage:
    """Mixin of a command or group: its help and its run in the command line's language."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run in the command line's language."""
        with _localised(ctx):
            return super().invoke(ctx)  # type: ignore[misc]

    def get_help(self, ctx: click.Context) -> str:
        """Return the help text in the command line's language."""
        with _localised(ctx):
            return super().get_help(ctx)  # type: ignore[misc]


class CliCommand(InCliLanguage, click.Command):
    """A command whose help and output are in the command line's language."""


class CliGroup(InCliLanguage, AppGroup):
    """A command group whose help, subcommands and output use the command line's language."""

    command_class = CliCommand


class CliOption(click.Option):
    """An option whose help text is translated when shown (click would fix it at import)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marked_help = kwargs.get("help")

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """Return the option's help row, its text in the command line's language."""
        if self.marked_help is not None:
            self.help = str(self.marked_help)
        return super().get_help_record(ctx)


def option(*names: str, **kwargs: Any) -> Any:
    """Declare a command's option whose help text is a marked (`_l`) message."""
    return click.option(*names, cls=CliOption, **kwargs)


@contextmanager
def _localised(ctx: click.Context) -> Iterator[None]:
    """Enter the app's context (if `flask` has not yet) and the command line's language."""
    # The app context is pushed here, not only around the callback, so that the help text and
    # the callback share one: a locale forced in one context is unknown to another.
    if not has_app_context():
        info = ctx.find_object(ScriptInfo)
        if info is None:  # a bare click invocation, no app: German
            yield
            return
        ctx.with_resource(info.load_app().app_context())
    with in_cli_language():
        yield
