"""Opening the database: the engine with safe settings, the schema brought up to date, and
any database that is not Vägval's (or is damaged, or newer) refused with a clear error."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from procurement.storage.config import shown_url
from procurement.storage.errors import StorageError
from procurement.storage.tables import VERSION_TABLE

__all__ = ["MIGRATIONS", "connect_engine", "errors_as_storage", "migrate", "schema_heads"]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "vagval_write"
# SQLite's messages for a file that is not a database or is damaged.
_CORRUPT = ("file is not a database", "malformed", "not a database", "file is encrypted")


def connect_engine(url: sa.URL) -> sa.Engine:
    """An engine for ``url``. SQLite gets a data directory, write-ahead logging, full
    synchronous commits, a busy timeout, and transactions that really begin with BEGIN (write
    transactions with BEGIN IMMEDIATE, so that two writers never deadlock)."""
    where = shown_url(url)
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if url.database and url.database != ":memory:":
        _private_file(Path(url.database))
    engine = sa.create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    log.debug("using SQLite database %s", where)
    return engine


def _private_file(path: Path) -> None:
    """Make the SQLite file's directory (readable by its owner only, when made here) and the
    file itself, empty and readable and writable by its owner only (mode 0600), when it does
    not exist yet; SQLite gives its journal files the same mode."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError("not_a_directory", where=str(path.parent), detail=exc.strerror) from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return  # an existing file keeps its mode (and is checked when opened)
    except OSError as exc:
        raise StorageError("not_a_directory", where=str(path.parent), detail=exc.strerror) from None
    os.close(fd)


def writer(engine: sa.Engine) -> sa.Engine:
    """The same engine, for transactions that write."""
    return engine.execution_options(**{_WRITE: True})


@contextmanager
def errors_as_storage(url: sa.URL) -> Iterator[None]:
    """Turn a database failure into a :class:`StorageError` naming the database."""
    try:
        yield
    except StorageError:
        raise
    except DBAPIError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        if url.get_backend_name() == "sqlite" and any(m in detail for m in _CORRUPT):
            raise StorageError("corrupt_file", where=shown_url(url), detail=detail) from None
        raise StorageError("unreachable", where=shown_url(url), detail=detail) from None
    except SQLAlchemyError as exc:
        raise StorageError("unreachable", where=shown_url(url), detail=type(exc).__name__) from None


def _config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def schema_heads() -> set[str]:
    """Every schema revision this version of Vägval knows."""
    script = ScriptDirectory(str(MIGRATIONS))
    return {rev.revision for rev in script.walk_revisions()}


def migrate(engine: sa.Engine, url: sa.URL) -> None:
    """Bring the schema up to date in one transaction, after checking that the database is
    Vägval's own (or empty) and not newer than this program."""
    where = shown_url(url)
    with errors_as_storage(url), writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            # One process at a time creates or upgrades the schema.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(4185202611)"))
        tables = set(sa.inspect(connection).get_table_names())
        if VERSION_TABLE not in tables:
            ours = sorted(t for t in tables if t.startswith("vagval_"))
            # An SQLite file is Vägval's alone; a PostgreSQL database may be shared.
            foreign = ours or (sorted(tables) if connection.dialect.name == "sqlite" else [])
            if foreign:
                raise StorageError("foreign_database", where=where, tables=", ".join(foreign[:5]))
        else:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            unknown = set(context.get_current_heads()) - schema_heads()
            if unknown:
                raise StorageError("newer_database", where=where, revision=", ".join(unknown))
        command.upgrade(_config(connection), "head")
