"""outbox kind enum

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

KINDS = sa.Enum('submission', 'forward', 'copy', 'message', name='outboxkind', native_enum=False,
                length=32)


def upgrade() -> None:
    """Apply this revision: the outbox kind becomes the OutboxKind enum (same stored strings)."""
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=255), type_=KINDS,
                              existing_nullable=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=KINDS, type_=sa.String(length=255),
                              existing_nullable=False)
