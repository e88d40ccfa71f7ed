"""Owners, teams, sharing, soft delete, the users who signed in, and the audit log.

Every assessment saved before this revision belongs to the local user (issuer and subject
"local"), the one user of an installation without sign-in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the owner and soft-delete columns, and the users, shares and audit tables."""
    with op.batch_alter_table("vagval_assessments") as batch:
        batch.add_column(
            sa.Column("owner_issuer", sa.String(255), nullable=False, server_default="local")
        )
        batch.add_column(
            sa.Column("owner_subject", sa.String(255), nullable=False, server_default="local")
        )
        batch.add_column(sa.Column("team", sa.String(200), nullable=True))
        batch.add_column(sa.Column("deleted_at", _WHEN, nullable=True))
        batch.add_column(sa.Column("deleted_by", sa.String(520), nullable=True))
        batch.create_index("vagval_assessments_owner", ["owner_issuer", "owner_subject"])
    op.create_table(
        "vagval_users",
        sa.Column("issuer", sa.String(255), primary_key=True),
        sa.Column("subject", sa.String(255), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("teams", sa.JSON, nullable=False),
        sa.Column("first_seen", _WHEN, nullable=False),
        sa.Column("last_seen", _WHEN, nullable=False),
    )
    op.create_index("vagval_users_email", "vagval_users", ["email"])
    op.create_table(
        "vagval_shares",
        sa.Column(
            "assessment_id",
            sa.String(32),
            sa.ForeignKey("vagval_assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("issuer", sa.String(255), primary_key=True),
        sa.Column("grantee", sa.String(255), primary_key=True),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_index("vagval_shares_grantee", "vagval_shares", ["kind", "issuer", "grantee"])
    op.create_table(
        "vagval_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("actor_issuer", sa.String(255), nullable=False),
        sa.Column("actor_subject", sa.String(255), nullable=False),
        sa.Column("act", sa.String(16), nullable=False),
        sa.Column("assessment_id", sa.String(32), nullable=True),
        sa.Column("detail", sa.String(520), nullable=True),
    )
    op.create_index("vagval_audit_at", "vagval_audit", ["at"])
    op.create_index("vagval_audit_assessment", "vagval_audit", ["assessment_id"])


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_table("vagval_audit")
    op.drop_table("vagval_shares")
    op.drop_table("vagval_users")
    with op.batch_alter_table("vagval_assessments") as batch:
        batch.drop_index("vagval_assessments_owner")
        for name in ("deleted_by", "deleted_at", "team", "owner_subject", "owner_issuer"):
            batch.drop_column(name)
