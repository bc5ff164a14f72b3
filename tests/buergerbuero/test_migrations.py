"""Alembic migrations build exactly the models' schema and take it down again, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from buergerbuero import create_app
from buergerbuero.core import migrate
from common.db import Base

from .. import support


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


def test_the_upload_draft_migration_gives_referenced_uploads_to_their_draft(tmp_path):
    with support.fresh_database(str(tmp_path)) as url:
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url},
                         instance_path=str(tmp_path))
        migrate.upgrade(app, "0005")
        engine = create_engine(url)
        with engine.begin() as connection:
            for statement in LEGACY_UPLOADS:
                connection.execute(text(statement))
        migrate.upgrade(app)
        with engine.connect() as connection:
            rows = dict(connection.execute(text("SELECT token, draft_id FROM uploads")).all())
        assert rows == {"im-entwurf-0000001": 1, "in-gruppe-00000002": 1,
                        "verwaist-000000003": None}
        engine.dispose()


LEGACY_UPLOADS = [
    "INSERT INTO users (id, email, password_hash, display_name, role, active) "
    "VALUES (1, 'a@example.org', 'x', 'A', 'resident', true)",
    "INSERT INTO service_definitions (id, slug, version, title, source, sha256, status) "
    "VALUES (1, 's', 1, 'S', '', '', 'published')",
    "INSERT INTO drafts (id, user_id, definition_id, answers, current_step, completed_steps, "
    "updated_at) VALUES (1, 1, 1, '{\"nachweis\": {\"upload_id\": \"im-entwurf-0000001\"}, "
    "\"hunde\": [{\"test\": {\"upload_id\": \"in-gruppe-00000002\"}}]}', '', '[]', "
    "CURRENT_TIMESTAMP)",
    *(f"INSERT INTO uploads (token, user_id, filename, media_type, size, sha256, storage_name) "
      f"VALUES ('{token}', 1, 'a.pdf', 'application/pdf', 1, '', '{token}')"
      for token in ("im-entwurf-0000001", "in-gruppe-00000002", "verwaist-000000003")),
]


def test_the_migrated_cases_table_never_hands_out_an_id_twice(tmp_path):
    """On SQLite the cases table counts with AUTOINCREMENT after the migrations, as a table
    made from the models does (a purged case's audit events keep its id)."""
    with support.fresh_database(str(tmp_path)) as url:
        if not url.startswith("sqlite"):
            pytest.skip("PostgreSQL's sequences never hand out an id twice")
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url},
                         instance_path=str(tmp_path))
        migrate.upgrade(app)
        engine = create_engine(url)
        with engine.connect() as connection:
            schema = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'cases'").scalar_one()
        engine.dispose()
        assert "AUTOINCREMENT" in schema
