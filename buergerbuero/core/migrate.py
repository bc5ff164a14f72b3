"""Run Alembic migrations for the app's database from code (CLI, instance set-up, tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from flask import Flask


def alembic_config(app: Flask) -> Config:
    """Return an Alembic config pointing at the package's migrations and the app's database."""
    config = Config()
    config.set_main_option("script_location", "buergerbuero:migrations")
    config.set_main_option("sqlalchemy.url", app.config["DATABASE_URL"].replace("%", "%%"))
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    """Bring the database schema up to `revision`."""
    command.upgrade(alembic_config(app), revision)


def downgrade(app: Flask, revision: str) -> None:
    """Take the database schema back to `revision`."""
    command.downgrade(alembic_config(app), revision)
