"""A throwaway PostgreSQL server for the storage tests: a fresh cluster on a free port in
temporary directories, stopped and removed at the end, with a fresh empty database per test.

When ``VAGVAL_TEST_DATABASE_URL`` is set, that server is used instead: the tests create (and
at the end drop) their own databases on it, next to the one the address names.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg import sql

from tests.devserver import free_port

__all__ = ["ENV_URL", "PgServer", "PgUnavailable", "find_bindir", "start_server"]

ENV_URL = "VAGVAL_TEST_DATABASE_URL"
USER = "vagval"
# initdb refuses to run as root; the Debian package creates this user.
SERVICE_USER = "postgres"
INSTALL_HINT = (
    "install Debian's postgresql package (sudo apt-get install postgresql), or set "
    f"{ENV_URL} to a server the tests may create databases on"
)


class PgUnavailable(Exception):
    """No PostgreSQL server can be started or reached; the message says why."""


def find_bindir() -> Path | None:
    """The directory of initdb, pg_ctl and postgres: ``pg_config --bindir``, else the newest
    /usr/lib/postgresql/*/bin."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            done = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=False, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            done = None
        if done is not None and done.returncode == 0 and done.stdout.strip():
            candidates.append(Path(done.stdout.strip()))

    def version(path: str) -> tuple[int, ...]:
        found = re.search(r"/postgresql/([\d.]+)/bin$", path)
        return tuple(int(p) for p in found.group(1).split(".") if p) if found else ()

    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    candidates.extend(Path(p) for p in installed)
    for bindir in candidates:
        if all((bindir / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return bindir
    return None


def _libpq_uri(url: sa.URL) -> str:
    """The address as psycopg takes it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    url: sa.URL  # the maintenance database, with the driver name ``postgresql``
    description: str
    _stop: Any = None
    _created: list[str] = field(default_factory=list)

    def create_database(self) -> str:
        """A fresh, empty database; its address (``postgresql://…``, password included)."""
        name = f"vagval_test_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(_libpq_uri(self.url), autocommit=True, connect_timeout=30) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        """Drop the databases made on a given server, or stop and remove the throwaway one."""
        if self._stop is not None:
            stop, self._stop = self._stop, None
            stop()
            return
        created, self._created = self._created, []
        if not created:
            return
        try:
            with psycopg.connect(_libpq_uri(self.url), autocommit=True) as conn:
                for name in created:
                    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                    conn.execute(drop.format(sql.Identifier(name)))
        except psycopg.Error:
            pass  # best effort: the databases have unique names


def _given_server(text: str) -> PgServer:
    url = sa.make_url(text)
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise PgUnavailable(f"{ENV_URL} is not a postgresql:// address")
    url = url.set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    try:
        with psycopg.connect(_libpq_uri(url), autocommit=True, connect_timeout=10):
            pass
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PgUnavailable(f"{ENV_URL} ({shown}) cannot be reached: {detail}") from None
    return PgServer(url, f"the server of {ENV_URL} ({shown})")


def _as_service_user() -> dict[str, Any]:
    """subprocess arguments that run a PostgreSQL binary as a user it accepts."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise PgUnavailable(
            f"running as root and there is no '{SERVICE_USER}' user to run PostgreSQL as; "
            + INSTALL_HINT
        ) from None
    env = {**os.environ, "HOME": entry.pw_dir or "/", "USER": SERVICE_USER}
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": [], "env": env}


def _searchable(path: Path) -> bool:
    """Whether every user can reach into ``path`` (each directory on the way is o+x)."""
    path = path.resolve()
    return all(p.stat().st_mode & 0o001 for p in (path, *path.parents))


def _run(args: list[str], as_user: dict[str, Any], what: str, log: Path | None = None) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120, **as_user)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        if log is not None and log.exists():
            output += "\n" + log.read_text(errors="replace")[-3000:]
        raise PgUnavailable(f"{what} failed ({done.returncode}): {output[-3000:]}")


def _throwaway_server() -> PgServer:
    bindir = find_bindir()
    if bindir is None:
        raise PgUnavailable("PostgreSQL is not installed (no initdb found); " + INSTALL_HINT)
    as_user = _as_service_user()
    parent = Path(tempfile.gettempdir())
    if as_user and not _searchable(parent):
        parent = Path("/tmp")  # the service user must reach the directories
    base = Path(tempfile.mkdtemp(prefix="vagval-pg-", dir=parent))
    if as_user:
        os.chown(base, as_user["user"], as_user["group"])
    data, sockets, log = base / "data", base / "sockets", base / "server.log"

    def remove() -> None:
        shutil.rmtree(base, ignore_errors=True)

    try:
        sockets.mkdir()
        if as_user:
            os.chown(sockets, as_user["user"], as_user["group"])
        initdb = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER]
        _run([*initdb, "-E", "UTF8", "--no-locale", "--no-sync"], as_user, "initdb")
        port = 0
        for attempt in range(3):
            port = free_port()
            options = (
                f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                # Not UTC, so that the tests see timestamps come back in another zone.
                "-c timezone=Europe/Stockholm -c max_connections=200"
            )
            start = [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log)]
            try:
                _run([*start, "-w", "-t", "60", "start"], as_user, "pg_ctl start", log)
                break
            except PgUnavailable:
                if attempt == 2:
                    raise
    except BaseException:
        remove()
        raise

    def stop() -> None:
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=120,
            **as_user,
        )
        remove()

    url = sa.URL.create("postgresql", username=USER, host="127.0.0.1", port=port)
    server = PgServer(url.set(database="postgres"), f"a throwaway cluster in {base}", stop)
    try:
        with psycopg.connect(_libpq_uri(server.url), autocommit=True, connect_timeout=30):
            pass
    except psycopg.Error as exc:
        server.stop()
        raise PgUnavailable(f"the throwaway PostgreSQL server does not answer: {exc}") from None
    return server


def start_server() -> PgServer:
    """The server of ``VAGVAL_TEST_DATABASE_URL``, or else a throwaway cluster;
    :class:`PgUnavailable` when there is neither."""
    given = os.environ.get(ENV_URL, "").strip()
    if given:
        return _given_server(given)
    return _throwaway_server()
