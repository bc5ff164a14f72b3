"""Alembic migrations build exactly the models' schema and take it down again, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from buergerbuero import create_app, migrate
from common.db import Base

from . import support


def test_migrations_match_the_models_and_downgrade_cleanly(tmp_path):
    with support.fresh_database(str(tmp_path)) as url:
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url},
                         instance_path=str(tmp_path))
        migrate.upgrade(app)
        engine = create_engine(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        migrate.downgrade(app, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
