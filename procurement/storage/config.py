"""Where saved assessments live: PostgreSQL from ``DATABASE_URL``, or else an SQLite file in
the data directory (``VAGVAL_DATA_DIR``, by default ``$XDG_DATA_HOME/vagval``); both are read
through :class:`~procurement.core.settings.Settings`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError

from procurement.core.settings import Settings
from procurement.storage.errors import StorageError

__all__ = ["DATABASE_FILE", "data_dir", "database_url", "normalise_url", "shown_url"]

DATABASE_FILE = "vagval.sqlite3"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The directory of the embedded database (``env``: default this process's environment)."""
    return Settings.from_env(env).data_directory()


def database_url(env: Mapping[str, str] | None = None) -> sa.URL:
    """The database to use: ``DATABASE_URL`` when set, else the embedded SQLite file."""
    settings = Settings.from_env(env)
    if settings.database_url:
        return normalise_url(settings.database_url)
    return sa.URL.create("sqlite", database=str(settings.data_directory() / DATABASE_FILE))


def normalise_url(text: str) -> sa.URL:
    """A database address as SQLAlchemy needs it: ``postgres://`` and ``postgresql://`` use
    the psycopg (3) driver; only PostgreSQL and SQLite are accepted."""
    try:
        url = sa.make_url(text)
    except ArgumentError as exc:
        raise StorageError("bad_url", detail=type(exc).__name__) from None
    backend = url.get_backend_name()
    if backend == "postgres" or url.drivername in ("postgresql", "postgresql+psycopg2"):
        # psycopg 3 is the driver Vägval installs.
        url = url.set(drivername="postgresql+psycopg")
    elif backend not in ("postgresql", "sqlite"):
        raise StorageError("unsupported_url", scheme=backend)
    return url


def shown_url(url: sa.URL) -> str:
    """The address as it may be shown or logged: never the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)
