"""uploads belong to the draft they were uploaded for

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: add uploads.draft_id and fill it from the drafts' answers."""
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_uploads_draft_id'), ['draft_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_uploads_draft_id_drafts'), 'drafts',
                                    ['draft_id'], ['id'], ondelete='SET NULL')
    backfill()


def backfill() -> None:
    """Give every unfiled upload that a draft's answers reference to that draft."""
    connection = op.get_bind()
    drafts = sa.table('drafts', sa.column('id'), sa.column('user_id'),
                      sa.column('answers', sa.JSON))
    uploads = sa.table('uploads', sa.column('token'), sa.column('user_id'),
                       sa.column('case_id'), sa.column('draft_id'))
    for draft_id, user_id, answers in connection.execute(sa.select(drafts)).all():
        tokens = list(referenced_tokens(answers))
        if tokens:
            connection.execute(sa.update(uploads).where(
                uploads.c.token.in_(tokens), uploads.c.user_id == user_id,
                uploads.c.case_id.is_(None), uploads.c.draft_id.is_(None))
                .values(draft_id=draft_id))


def referenced_tokens(value: Any):
    """Yield every upload_id inside a draft's answers (groups included)."""
    if isinstance(value, dict):
        if isinstance(value.get('upload_id'), str):
            yield value['upload_id']
        for item in value.values():
            yield from referenced_tokens(item)
    elif isinstance(value, list):
        for item in value:
            yield from referenced_tokens(item)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_uploads_draft_id_drafts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_uploads_draft_id'))
        batch_op.drop_column('draft_id')
