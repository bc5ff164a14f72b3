"""Löschfrist fixes: an archive offer belongs to one closing of its case (a reopened case is
offered again, so case_id and reference are no longer unique; the older offers stay as
history), and a pending file removal has a kind (an upload, or a released case's evidence
bundle in the archive's drop folder)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 02:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("archive_offers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_archive_offers_case_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_archive_offers_reference"), type_="unique")
        batch_op.create_index(batch_op.f("ix_archive_offers_case_id"), ["case_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_archive_offers_reference"), ["reference"],
                              unique=False)
    with op.batch_alter_table("pending_file_removals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False,
                                      server_default="upload"))


def downgrade() -> None:
    """Revert this revision. Refused while a case has more than one offer (the unique
    constraints would not hold); pending bundle removals are dropped (their files stay)."""
    op.execute(sa.text("DELETE FROM pending_file_removals WHERE kind <> 'upload'"))
    with op.batch_alter_table("pending_file_removals", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("archive_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archive_offers_reference"))
        batch_op.drop_index(batch_op.f("ix_archive_offers_case_id"))
        batch_op.create_unique_constraint(batch_op.f("uq_archive_offers_reference"),
                                          ["reference"])
        batch_op.create_unique_constraint(batch_op.f("uq_archive_offers_case_id"), ["case_id"])
