"""news and announcements: the editors' publications (news, press releases, öffentliche
Bekanntmachungen) and their attached files

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:33:40.113221
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import common.db

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: two new tables, nothing existing changes."""
    op.create_table('news_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('pressemitteilung', 'nachricht', 'bekanntmachung', name='newskind', native_enum=False, length=32), nullable=False),
    sa.Column('state', sa.Enum('entwurf', 'veroeffentlicht', 'zurueckgezogen', name='newsstate', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('teaser', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('publish_at', common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', common.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', common.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_news_items_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_items'))
    )
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.create_index('ix_news_items_listing', ['kind', 'state', 'publish_at'], unique=False)

    op.create_table('news_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', common.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['news_items.id'], name=op.f('fk_news_attachments_item_id_news_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_attachments')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_news_attachments_storage_name')),
    sa.UniqueConstraint('token', name=op.f('uq_news_attachments_token'))
    )
    with op.batch_alter_table('news_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_attachments_item_id'), ['item_id'], unique=False)


def downgrade() -> None:
    """Revert this revision (the publications are dropped with their tables)."""
    with op.batch_alter_table('news_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_attachments_item_id'))

    op.drop_table('news_attachments')
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.drop_index('ix_news_items_listing')

    op.drop_table('news_items')
