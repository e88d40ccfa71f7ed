"""Opening a database: where it is, a damaged or foreign one refused clearly, the schema."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from procurement.core.ruleset import RuleSet
from procurement.documents.examples import example_cases
from procurement.storage.config import (
    DATABASE_FILE,
    data_dir,
    database_url,
    normalise_url,
    shown_url,
)
from procurement.storage.database import schema_heads
from procurement.storage.errors import StorageError
from procurement.storage.records import Record
from procurement.storage.service import make_record
from procurement.storage.store import Store, open_store
from procurement.storage.tables import VERSION_TABLE, assessments, metadata
from tests.pgserver import PgServer

HEAD = "0002"


def a_record(rs: RuleSet, title: str = "Fruktkorgar") -> Record:
    """A record of a shipped example."""
    facts = next(e for e in example_cases() if e.id == "fruktkorgar").facts()
    return make_record(rs, title, facts, notes="anteckning")


def sqlite_url(path: Path) -> str:
    """The address of an SQLite file."""
    return f"sqlite:///{path}"


def schema_version(url: str) -> list[str]:
    """The schema revisions recorded in the database at ``url``."""
    engine = sa.create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    """Run SQL statements on the database at ``url`` in one transaction."""
    engine = sa.create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()


# --- where the database is ----------------------------------------------------------------------


def test_the_test_run_never_uses_the_users_database() -> None:
    assert "DATABASE_URL" not in os.environ
    assert Path(os.environ["VAGVAL_DATA_DIR"]).name.startswith("vagval-data")
    assert not str(database_url()).startswith(str(Path.home() / ".local" / "share"))


def test_database_url_precedence() -> None:
    env = {
        "DATABASE_URL": "postgres://u:pw@db.example:5433/vagval",
        "VAGVAL_DATA_DIR": "/srv/vagval",
        "XDG_DATA_HOME": "/xdg",
    }
    url = database_url(env)
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.password) == ("db.example", 5433, "vagval", "pw")
    assert database_url({**env, "DATABASE_URL": "  "}).database == f"/srv/vagval/{DATABASE_FILE}"
    assert database_url({"XDG_DATA_HOME": "/xdg"}).database == f"/xdg/vagval/{DATABASE_FILE}"
    assert database_url({"VAGVAL_DATA_DIR": " ", "XDG_DATA_HOME": "/xdg"}).database == (
        f"/xdg/vagval/{DATABASE_FILE}"
    )
    assert database_url({}).get_backend_name() == "sqlite"
    assert data_dir({}) == Path.home() / ".local" / "share" / "vagval"
    assert data_dir({"XDG_DATA_HOME": " "}) == Path.home() / ".local" / "share" / "vagval"
    assert data_dir({"VAGVAL_DATA_DIR": "~/saved"}) == Path.home() / "saved"


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg"),
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:////var/lib/vagval/v.sqlite3", "sqlite"),
        ("sqlite:///relative.sqlite3", "sqlite"),
    ],
)
def test_normalise_url(given: str, driver: str) -> None:
    url = normalise_url(given)
    assert url.drivername == driver
    assert url.database == sa.make_url(given).database


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("", "bad_url"),
        ("not a url", "bad_url"),
        ("://nothing", "bad_url"),
        ("mysql://u:p@h/db", "unsupported_url"),
        ("oracle://u:p@h/db", "unsupported_url"),
        ("http://example.org/", "unsupported_url"),
    ],
)
def test_a_bad_or_unsupported_url_is_refused(given: str, key: str) -> None:
    with pytest.raises(StorageError) as info:
        normalise_url(given)
    assert info.value.key == key
    assert "p@h" not in info.value.text("en")
    with pytest.raises(StorageError) as info:
        open_store(given)
    assert info.value.key == key


def test_a_shown_url_never_has_the_password() -> None:
    url = normalise_url("postgresql://anna:Hemlis-99@db.example/vagval")
    assert "Hemlis-99" not in shown_url(url)
    assert shown_url(url) == "postgresql+psycopg://anna:***@db.example/vagval"
    assert shown_url(normalise_url("sqlite:////data/v.sqlite3")) == "/data/v.sqlite3"


def test_the_default_sqlite_file_is_made_in_a_new_nested_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ruleset: RuleSet
) -> None:
    target = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(target))
    store = open_store()
    try:
        assert store.backend == "sqlite"
        assert store.where == str(target / DATABASE_FILE)
        store.create(a_record(ruleset))
    finally:
        store.close()
    assert (target / DATABASE_FILE).is_file()
    assert schema_version(sqlite_url(target / DATABASE_FILE)) == [HEAD]


def test_a_data_directory_that_cannot_be_made_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(blocker / "inside"))
    with pytest.raises(StorageError) as info:
        open_store()
    assert info.value.key == "not_a_directory"
    assert str(blocker / "inside") in info.value.text("en")


def test_an_empty_file_is_an_empty_database(tmp_path: Path, ruleset: RuleSet) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    store = open_store(sqlite_url(path))
    try:
        assert store.list() == []
        assert store.get(store.create(a_record(ruleset)).code).title == "Fruktkorgar"
    finally:
        store.close()


# --- a file that is not (or no longer) a Vägval database ----------------------------------------


def _use(url: str) -> None:
    """Open the store at ``url`` and read everything in it."""
    store = open_store(url)
    try:
        for summary in store.list():
            store.get(summary.id)
    finally:
        store.close()


def _truncated(tmp_path: Path, rs: RuleSet, fraction: float) -> Path:
    path = tmp_path / f"cut-{fraction}.sqlite3"
    store = open_store(sqlite_url(path))
    try:
        for n in range(20):
            store.create(a_record(rs, f"nr {n}"))
    finally:
        store.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(max(1, int(size * fraction)))
    return path


@pytest.mark.parametrize("kind", ["garbage", "text", "truncated-header", "truncated-half", "tail"])
def test_a_damaged_file_is_named_never_a_raw_error(
    tmp_path: Path, ruleset: RuleSet, kind: str
) -> None:
    path = tmp_path / "broken.sqlite3"
    if kind == "garbage":
        path.write_bytes(bytes(range(256)) * 64)
    elif kind == "text":
        path.write_text("Det här är ingen databas.\n" * 10, encoding="utf-8")
    else:
        fraction = {"truncated-header": 0.00005, "truncated-half": 0.5, "tail": 0.99}[kind]
        path = _truncated(tmp_path, ruleset, fraction)
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        _use(sqlite_url(path))
    assert info.value.key == "corrupt_file"
    assert info.value.params["where"] == str(path)
    assert str(path) in info.value.text("sv") and str(path) in info.value.text("en")
    assert path.read_bytes() == before  # a damaged file is left as it was


def test_an_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO customers (name) VALUES ('Kund')")
    connection.close()
    with pytest.raises(StorageError) as info:
        open_store(sqlite_url(path))
    assert info.value.key == "foreign_database"
    assert "customers" in info.value.text("en") and str(path) in info.value.text("en")
    with sqlite3.connect(path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    connection.close()
    assert tables == [("customers",)]


def test_a_table_of_ours_without_a_schema_version_is_refused(store_url: str) -> None:
    execute(store_url, "CREATE TABLE vagval_assessments (id VARCHAR(32) PRIMARY KEY)")
    with pytest.raises(StorageError) as info:
        open_store(store_url)
    assert info.value.key == "foreign_database"
    assert "vagval_assessments" in info.value.text("en")


def test_a_newer_schema_is_refused(store_url: str, ruleset: RuleSet) -> None:
    store = open_store(store_url)
    saved = store.create(a_record(ruleset))
    store.close()
    assert schema_version(store_url) == [HEAD]
    execute(store_url, f"UPDATE {VERSION_TABLE} SET version_num = '9999_from_the_future'")
    with pytest.raises(StorageError) as info:
        open_store(store_url)
    assert info.value.key == "newer_database"
    assert "9999_from_the_future" in info.value.text("en")
    assert schema_version(store_url) == ["9999_from_the_future"]  # left alone
    execute(store_url, f"UPDATE {VERSION_TABLE} SET version_num = '{HEAD}'")
    store = open_store(store_url)
    try:
        assert store.get(saved.code) == saved
    finally:
        store.close()


@pytest.mark.postgres
def test_a_shared_postgresql_database_is_accepted(
    postgres_server: PgServer, ruleset: RuleSet
) -> None:
    url = postgres_server.create_database()
    execute(
        url,
        "CREATE TABLE invoices (id SERIAL PRIMARY KEY, amount INTEGER)",
        "INSERT INTO invoices (amount) VALUES (100), (200)",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('their_own_revision')",
    )
    store = open_store(url)
    try:
        saved = store.create(a_record(ruleset))
        assert store.get(saved.code) == saved
    finally:
        store.close()
    engine = sa.create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            amounts = connection.execute(sa.text("SELECT amount FROM invoices ORDER BY id"))
            assert [row[0] for row in amounts] == [100, 200]
            theirs = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert [row[0] for row in theirs] == ["their_own_revision"]
    finally:
        engine.dispose()


# --- the schema ---------------------------------------------------------------------------------


def test_the_migrated_schema_is_the_tables_module(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []
        tables = set(sa.inspect(connection).get_table_names())
    assert tables == {
        "vagval_assessments",
        "vagval_users",
        "vagval_shares",
        "vagval_audit",
        VERSION_TABLE,
    }
    assert schema_heads() == {"0001", HEAD}


def test_opening_again_changes_nothing(
    store_url: str, ruleset: RuleSet, caplog: pytest.LogCaptureFixture
) -> None:
    first = open_store(store_url)
    saved = first.create(a_record(ruleset))
    first.close()
    caplog.set_level(logging.INFO, logger="alembic")
    second = open_store(store_url)
    try:
        assert "Running upgrade" not in caplog.text
        assert second.get(saved.id) == saved
        assert schema_version(store_url) == [HEAD]
        # Two stores open at once on the same database both work.
        third = open_store(store_url)
        try:
            assert [s.id for s in third.list()] == [saved.id]
        finally:
            third.close()
    finally:
        second.close()


# --- a damaged row ------------------------------------------------------------------------------


def test_a_damaged_row_names_its_code_and_the_list_still_works(
    store: Store, ruleset: RuleSet
) -> None:
    good = store.create(a_record(ruleset, "Hel"))
    bad = store.create(a_record(ruleset, "Skadad"))
    with store.engine.begin() as connection:
        damage = sa.update(assessments).where(assessments.c.id == bad.id)
        connection.execute(damage.values(result={"as_of": "not a date"}))
    for ref in (bad.code, bad.id):
        with pytest.raises(StorageError) as info:
            store.get(ref)
        assert info.value.key == "invalid_row"
        assert info.value.params["ref"] == bad.code
        assert bad.code in info.value.text("en")
        assert str(info.value.params["field"]).startswith("result")
    assert {s.id for s in store.list()} == {good.id, bad.id}
    assert store.get(good.code) == good
    # A damaged assessment can still be removed.
    store.delete(bad.code)
    assert [s.id for s in store.list()] == [good.id]


def test_json_that_is_not_json_names_the_code(tmp_path: Path, ruleset: RuleSet) -> None:
    # Only SQLite can hold it: PostgreSQL's json type refuses text that is not JSON.
    store = open_store(sqlite_url(tmp_path / "v.sqlite3"))
    try:
        bad = store.create(a_record(ruleset, "Trasig"))
        with store.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE vagval_assessments SET choices = '{not json'")
        with pytest.raises(StorageError) as info:
            store.get(bad.id)
        assert info.value.key == "invalid_row"
        assert (info.value.params["ref"], info.value.params["field"]) == (bad.code, "choices")
        assert [s.id for s in store.list()] == [bad.id]
    finally:
        store.close()


# --- a server that cannot be reached ------------------------------------------------------------


def test_an_unreachable_server_is_named_without_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the store tries it
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StorageError) as info:
        open_store(f"postgresql://someone:Geheim-1234@127.0.0.1:{port}/vagval")
    assert info.value.key == "unreachable"
    for text in (info.value.text("sv"), info.value.text("en"), str(info.value), caplog.text):
        assert "Geheim-1234" not in text
    assert f"127.0.0.1:{port}" in info.value.text("en")
    assert "***" in info.value.text("en")
