"""The database schema, as SQLAlchemy tables; Alembic's migrations create and change it.

Every name starts with ``vagval_`` so that Vägval can share a PostgreSQL database with other
applications without touching their tables.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["VERSION_TABLE", "assessments", "metadata"]

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
)
