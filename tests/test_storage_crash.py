"""The crash test: writers killed with SIGKILL in the middle of saving never leave a
half-written assessment, a lost committed save or a damaged database behind.

A writer process (tests/storage_writer.py) saves again and again; the test kills it at a random
moment after some saves, opens the database afresh and checks everything in it. Both backends:
an SQLite file and a real PostgreSQL server.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from procurement.core.ruleset import RuleSet
from procurement.storage.config import normalise_url
from procurement.storage.store import Store, open_store
from procurement.storage.tables import VERSION_TABLE
from tests.conftest import ROOT
from tests.storage_writer import build_record, check_consistent

WRITER = Path(__file__).resolve().parent / "storage_writer.py"
KILLS = 25
TIMEOUT = 60.0


class Writers:
    """The writer server: starts writer processes, kills them, and collects what they said."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.children: set[int] = set()
        self.pending: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.expect(lambda line: line == "ready")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("<eof>")

    def next_line(self) -> str:
        """The next line the writers print."""
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            pytest.fail(f"the writer said nothing for {TIMEOUT} s")
        if line == "<eof>":
            pytest.fail(f"the writer server ended ({self.process.poll()})")
        return line

    def expect(self, match: Callable[[str], bool]) -> str:
        """The first line not taken yet that matches, waiting for it if need be (an error of
        a writer fails the test). A writer may speak before its server names it, so lines
        that do not match are kept for later."""
        for index, line in enumerate(self.pending):
            if match(line):
                del self.pending[index]
                return line
        while True:
            line = self.next_line()
            if " error " in line:
                pytest.fail(f"a writer failed: {line}")
            if match(line):
                return line
            self.pending.append(line)

    def send(self, *words: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(" ".join(str(w) for w in words) + "\n")
        self.process.stdin.flush()

    def start(self, *command: object) -> int:
        """Fork a writer doing ``command``; its process id."""
        self.send(*command)
        pid = int(self.expect(lambda line: line.startswith("child ")).split()[1])
        self.children.add(pid)
        return pid

    def saves(self, pid: int, count: int) -> list[int]:
        """Wait until writer ``pid`` has reported ``count`` saves; their numbers."""
        saved: list[int] = []
        while len(saved) < count:
            line = self.expect(lambda line: line.startswith(f"{pid} saved "))
            saved.append(int(line.split()[2]))
        return saved

    def kill(self, pid: int, may_have_ended: bool = False) -> list[int]:
        """Kill writer ``pid`` with SIGKILL and wait for it to be gone (unless it had ended
        by itself, when ``may_have_ended``); every save number it reported not read yet."""
        os.kill(pid, signal.SIGKILL)
        self.send("wait", pid)
        saved: list[int] = []
        while True:
            line = self.expect(lambda line: line.startswith((f"{pid} ", f"exited {pid} ")))
            if line.startswith("exited"):
                status = int(line.split()[2])
                killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
                assert killed or (may_have_ended and status == 0), line
                self.children.discard(pid)
                return saved
            if line.startswith(f"{pid} saved "):
                saved.append(int(line.split()[2]))

    def close(self) -> None:
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def writers() -> Iterator[Writers]:
    """The writer server, shared by the tests of this module."""
    server = Writers()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def new_database(
    store_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[[], str]:
    """More fresh, empty databases of the backend of ``store_url``."""
    numbers = itertools.count()

    def make() -> str:
        if store_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'fresh-{next(numbers)}.sqlite3'}"
        return request.getfixturevalue("postgres_server").create_database()

    return make


def reopened(url: str) -> Store:
    """The store at ``url``, opened afresh; an SQLite file must pass its integrity check."""
    store = open_store(url)
    if store.backend == "sqlite":
        assert store.url.database is not None
        connection = sqlite3.connect(store.url.database)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            connection.close()
    return store


def pause() -> None:
    """A random short moment (a save takes a few milliseconds)."""
    time.sleep(random.uniform(0, 0.015))


def test_killed_while_updating(writers: Writers, store_url: str, ruleset: RuleSet) -> None:
    store = open_store(store_url)
    ref = store.create(build_record(ruleset, 1)).id
    store.close()
    last = 1
    for _ in range(KILLS):
        pid = writers.start("update", store_url, ref)
        reported = writers.saves(pid, random.randint(1, 4))
        pause()
        reported += writers.kill(pid)
        assert reported == list(range(last + 1, last + 1 + len(reported)))
        store = reopened(store_url)
        try:
            saved = store.get(ref)
            n = check_consistent(saved)
            # Every reported save was committed; at most one more finished unreported.
            assert reported[-1] <= n <= reported[-1] + 1, (reported, n)
            assert n >= last  # never backwards
            last = n
            assert [s.revision for s in store.list()] == [n]
        finally:
            store.close()
    store = reopened(store_url)
    try:  # the store still works as usual
        saved = store.update(ref, build_record(ruleset, last + 1), expected_revision=last)
        assert check_consistent(saved) == last + 1
    finally:
        store.close()


def test_killed_while_creating(writers: Writers, store_url: str) -> None:
    committed = 0
    for kill in range(6):
        pid = writers.start("create", store_url, 1000 * (kill + 1))
        reported = writers.saves(pid, random.randint(1, 5))
        pause()
        reported += writers.kill(pid)
        committed += len(reported)
        store = reopened(store_url)
        try:
            summaries = store.list()
            # Every reported one is there; at most one more finished unreported.
            assert committed <= len(summaries) <= committed + 1
            committed = len(summaries)
            numbers = {check_consistent(store.get(s.code), "new") for s in summaries}
            assert set(reported) <= numbers
        finally:
            store.close()


def _our_tables(url: str) -> tuple[set[str], list[str]]:
    engine = sa.create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            tables = {t for t in sa.inspect(connection).get_table_names() if "vagval" in t}
            versions: list[str] = []
            if VERSION_TABLE in tables:
                rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))
                versions = [row[0] for row in rows]
    finally:
        engine.dispose()
    return tables, versions


def test_killed_while_creating_the_schema(
    writers: Writers, new_database: Callable[[], str], ruleset: RuleSet
) -> None:
    # How long an uninterrupted first opening takes, as the test sees it.
    url = new_database()
    pid = writers.start("open", url)
    writers.expect(lambda line: line == f"{pid} start")
    began = time.monotonic()
    writers.expect(lambda line: line == f"{pid} opened")
    duration = time.monotonic() - began
    writers.send("wait", pid)
    writers.expect(lambda line: line.startswith(f"exited {pid} "))
    writers.children.discard(pid)
    for _ in range(6):
        url = new_database()
        pid = writers.start("open", url)
        writers.expect(lambda line, pid=pid: line == f"{pid} start")
        time.sleep(random.uniform(0, duration * 1.5))
        writers.kill(pid, may_have_ended=True)
        tables, versions = _our_tables(url)
        # Either nothing of the schema, or all of it.
        assert (tables, versions) in (
            (set(), []),
            (
                {"vagval_assessments", "vagval_users", "vagval_shares", "vagval_audit"}
                | {VERSION_TABLE},
                ["0002"],
            ),
        )
        store = reopened(url)
        try:
            saved = store.create(build_record(ruleset, 1))
            assert store.get(saved.code) == saved
            assert [s.id for s in store.list()] == [saved.id]
        finally:
            store.close()
