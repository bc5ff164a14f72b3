"""case ids never reused: on SQLite the cases table counts with AUTOINCREMENT

A purged case's audit events keep its id (the hash chain covers `case_id`), so a new case must
never get that id again; SQLite, without AUTOINCREMENT, hands out the highest id again once its
row is deleted. PostgreSQL's sequences never go back: nothing to do there.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 02:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Rebuild the cases table with AUTOINCREMENT (SQLite only; rows, indexes, keys kept)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("cases", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    """Rebuild the cases table without AUTOINCREMENT (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("cases", recreate="always",
                              table_kwargs={"sqlite_autoincrement": False}):
        pass
