"""Alembic's environment: always run from :mod:`procurement.storage.migrate` on a connection
it opened, never from a configuration file."""

from __future__ import annotations

from alembic import context

from procurement.storage.tables import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
