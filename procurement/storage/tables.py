"""The database schema, as SQLAlchemy tables; Alembic's migrations create and change it.

Every name starts with ``vagval_`` so that Vägval can share a PostgreSQL database with other
applications without touching their tables.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["VERSION_TABLE", "assessments", "audit", "metadata", "shares", "users"]

VERSION_TABLE = "vagval_schema_version"

metadata = sa.MetaData()

assessments = sa.Table(
    "vagval_assessments",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("facts", sa.JSON, nullable=False),
    sa.Column("choices", sa.JSON, nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("recommended", sa.String(100), nullable=True),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("ruleset_id", sa.String(100), nullable=False),
    sa.Column("ruleset_version", sa.String(100), nullable=False),
    sa.Column("ruleset_reviewed", sa.Date, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # Revision 0002: the owner (the identity provider's issuer and subject; "local" for the
    # one user of an installation without sign-in), the owner's team, and the soft delete.
    sa.Column("owner_issuer", sa.String(255), nullable=False, server_default="local"),
    sa.Column("owner_subject", sa.String(255), nullable=False, server_default="local"),
    sa.Column("team", sa.String(200), nullable=True),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("deleted_by", sa.String(520), nullable=True),
    sa.Index("vagval_assessments_owner", "owner_issuer", "owner_subject"),
)

# Everyone who has signed in: what the identity provider said about them when they last did.
users = sa.Table(
    "vagval_users",
    metadata,
    sa.Column("issuer", sa.String(255), primary_key=True),
    sa.Column("subject", sa.String(255), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("email", sa.String(200), nullable=False),
    sa.Column("teams", sa.JSON, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Index("vagval_users_email", "email"),
)

# Who an assessment is shared with: a user (issuer and subject) or a team (issuer "").
shares = sa.Table(
    "vagval_shares",
    metadata,
    sa.Column(
        "assessment_id",
        sa.String(32),
        sa.ForeignKey("vagval_assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("issuer", sa.String(255), primary_key=True),
    sa.Column("grantee", sa.String(255), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("vagval_shares_grantee", "kind", "issuer", "grantee"),
)

# Who did what to which assessment, and when: ids and acts only, never titles, notes or facts.
audit = sa.Table(
    "vagval_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_issuer", sa.String(255), nullable=False),
    sa.Column("actor_subject", sa.String(255), nullable=False),
    sa.Column("act", sa.String(16), nullable=False),
    sa.Column("assessment_id", sa.String(32), nullable=True),
    sa.Column("detail", sa.String(520), nullable=True),
    sa.Index("vagval_audit_at", "at"),
    sa.Index("vagval_audit_assessment", "assessment_id"),
)
