"""Where saved assessments live: PostgreSQL from ``DATABASE_URL``, or else an SQLite file in
the data directory (``VAGVAL_DATA_DIR``, by default ``$XDG_DATA_HOME/vagval``); both are read
through :class:`~procurement.core.settings.Settings`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError

from procurement.core.errors import escaped
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
    the psycopg (3) driver; only PostgreSQL and SQLite are accepted.

    A password may hold any character, ``@`` and ``:`` too, written as is or percent-encoded
    (the user information ends at the last ``@``), or be given as ``?password=``; it is kept
    in the URL's password, never in its query, so that no rendering of the URL shows it. An
    address that cannot be used is a :class:`StorageError` naming its host, port and database
    only."""
    url = _parse(text)
    backend = url.get_backend_name()
    if backend == "postgres" or url.drivername in ("postgresql", "postgresql+psycopg2"):
        # psycopg 3 is the driver Vägval installs.
        url = url.set(drivername="postgresql+psycopg")
    elif backend not in ("postgresql", "sqlite"):
        raise StorageError("unsupported_url", scheme=escaped(backend))
    return url


def shown_url(url: sa.URL) -> str:
    """The address as it may be shown or logged: never the password, nor the query (which
    may hold one, or another secret such as ``sslpassword``)."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.set(query={}).render_as_string(hide_password=True)


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://(.*)\Z", re.DOTALL)
_PASSWORD = "password"


@dataclass(frozen=True)
class _Parts:
    """What an address says, as written (for a message: host, port and database only)."""

    userinfo: str | None
    host: str
    port: str | None
    tail: str  # the path and query after the host and port

    @property
    def database(self) -> str:
        return self.tail[1:].partition("?")[0] if self.tail.startswith("/") else ""

    def refused(self, key: str) -> StorageError:
        """An error naming the address by its host, port and database only."""
        return StorageError(
            key,
            host=escaped(self.host) or "–",
            port=escaped(self.port or "") or "–",
            database=escaped(self.database) or "–",
        )


def _split(rest: str) -> _Parts:
    """The parts of what follows ``scheme://``: the user information up to the last ``@``
    (so that a password's own ``@`` and ``:`` stay in it), then host and port up to the
    first ``/``, ``?`` or ``#``."""
    at = rest.rfind("@")
    userinfo, after = (rest[:at], rest[at + 1 :]) if at >= 0 else (None, rest)
    end = min((i for i in (after.find(c) for c in "/?#") if i >= 0), default=len(after))
    authority, tail = after[:end], after[end:]
    if authority.startswith("["):  # [IPv6]:port
        close = authority.find("]")
        host, port = authority[: close + 1], authority[close + 1 :]
        if close < 0 or (port and not port.startswith(":")):
            return _Parts(userinfo, authority, None, tail)
        port = port[1:]
    else:
        host, _, port = authority.partition(":")
    return _Parts(userinfo, host, port or None, tail)


def _parse(text: str) -> sa.URL:
    """``text`` as a SQLAlchemy URL (its password percent-encoded for SQLAlchemy's own
    parser), the password of ``?password=`` moved into the URL's password."""
    match = _SCHEME.match(text.strip())
    if match is None:
        # Not an address at all: nothing of it is shown (it may be a password alone).
        raise _Parts(None, "", None, "").refused("bad_url")
    scheme, rest = match.groups()
    if scheme.lower().startswith("sqlite"):
        try:
            return sa.make_url(text.strip())
        except (ArgumentError, ValueError):
            raise _Parts(None, "", None, "").refused("bad_url") from None
    parts = _split(rest)
    if parts.port is not None and not (parts.port.isascii() and parts.port.isdigit()):
        raise parts.refused("bad_url_port")
    if parts.port is not None and not 0 < int(parts.port) < 65536:  # not law: TCP ports
        raise parts.refused("bad_url_port")
    userinfo = ""
    if parts.userinfo is not None:
        user, colon, password = parts.userinfo.partition(":")
        userinfo = quote(unquote(user), safe="")
        if colon:
            userinfo += ":" + quote(unquote(password), safe="")
        userinfo += "@"
    port = f":{parts.port}" if parts.port else ""
    try:
        url = sa.make_url(f"{scheme}://{userinfo}{parts.host}{port}{parts.tail}")
    except (ArgumentError, ValueError):
        raise parts.refused("bad_url") from None
    given = url.query.get(_PASSWORD)
    if given is not None:
        if url.password is not None or not isinstance(given, str):
            raise parts.refused("bad_url_password_twice")
        query = {k: v for k, v in url.query.items() if k != _PASSWORD}
        url = url.set(password=given, query=query)
    return url
