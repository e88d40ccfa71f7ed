"""The writer of the crash test (tests/test_storage_crash.py), run with ``sys.executable``.

It imports Vägval and loads the rules once, then serves commands read from stdin, one a line,
each answered on stdout. ``update URL REF``, ``create URL FIRST`` and ``open URL`` fork a
writer process (answer ``child PID``) that the test kills with SIGKILL at a random moment:

- ``update`` saves the assessment REF again and again, each time at the next revision;
- ``create`` saves new assessments, numbered from FIRST;
- ``open`` opens (and so creates or migrates) the store, then exits.

A writer reports ``PID saved N`` after each save is committed (``PID start`` and ``PID opened``
around the opening, ``PID error TEXT`` on failure). ``wait PID`` waits for a writer to end and
answers ``exited PID STATUS``. Forking from a process that has imported everything already
makes each writer start in milliseconds, so that the test can kill many of them.

Every version of an assessment that a writer saves is internally consistent: its title, notes,
facts, memo choices and (for ``update``) revision all carry the same number N, so that a
half-written version shows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procurement.core.ruleset import RuleSet
from procurement.documents.examples import example_cases
from procurement.service import default_ruleset
from procurement.storage.records import Record, SavedAssessment
from procurement.storage.service import make_record
from procurement.storage.store import open_store

BASE_VALUE = 100_000
# A few KB of notes, so that a save spans several database pages.
FILLER = "".join(f"rad {i:03d}: " + "åäö-xyz " * 7 + "\n" for i in range(64))


def build_record(rs: RuleSet, n: int, kind: str = "rev") -> Record:
    """Version ``n`` of an assessment: every part of it says ``n``."""
    facts = next(e for e in example_cases() if e.id == "fruktkorgar").facts()
    facts["estimated_value_sek"] = BASE_VALUE + n
    choices = {"case_number": f"{kind}-{n}", "author": "Skrivaren"}
    return make_record(rs, f"{kind} {n}", facts, choices, notes=f"{n}:\n{FILLER}")


def check_consistent(saved: SavedAssessment, kind: str = "rev") -> int:
    """The number ``n`` of a saved assessment, after checking that every part says it."""
    prefix = f"{kind} "
    assert saved.title.startswith(prefix), saved.title
    n = int(saved.title[len(prefix) :])
    assert saved.notes == f"{n}:\n{FILLER}".strip(), f"notes of {saved.title}: {saved.notes[:20]}"
    assert saved.facts["estimated_value_sek"] == BASE_VALUE + n, saved.facts
    assert saved.result.facts["estimated_value_sek"] == BASE_VALUE + n
    assert saved.choices.case_number == f"{kind}-{n}"
    if kind == "rev":
        assert saved.revision == n, (saved.revision, n)
    else:
        assert saved.revision == 1
    return n


def _say(line: str) -> None:
    # One write per line (shorter than PIPE_BUF), so lines of several processes never mix.
    os.write(1, (line + "\n").encode())


def _update(rs: RuleSet, url: str, ref: str) -> None:
    store = open_store(url)
    n = store.get(ref).revision
    while True:
        store.update(ref, build_record(rs, n + 1), expected_revision=n)
        n += 1
        _say(f"{os.getpid()} saved {n}")


def _create(rs: RuleSet, url: str, first: int) -> None:
    store = open_store(url)
    n = first
    while True:
        store.create(build_record(rs, n, "new"))
        _say(f"{os.getpid()} saved {n}")
        n += 1


def _open(url: str) -> None:
    _say(f"{os.getpid()} start")
    open_store(url).close()
    _say(f"{os.getpid()} opened")


def _child(rs: RuleSet, command: str, args: list[str]) -> None:
    try:
        if command == "update":
            _update(rs, args[0], args[1])
        elif command == "create":
            _create(rs, args[0], int(args[1]))
        else:
            _open(args[0])
    except BaseException as exc:  # reported to the test, which fails with it
        text = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        _say(f"{os.getpid()} error {text}")
        os._exit(1)
    os._exit(0)


def serve(stdin: Any = sys.stdin) -> None:
    """Answer the test's commands until stdin ends."""
    rs = default_ruleset()
    build_record(rs, 0)  # warm up: the first assessment loads what the engine caches
    _say("ready")
    for line in stdin:
        command, *args = line.split()
        if command in ("update", "create", "open"):
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _child(rs, command, args)
            _say(f"child {pid}")
        elif command == "wait":
            pid, status = os.waitpid(int(args[0]), 0)
            _say(f"exited {pid} {status}")
        else:
            _say(f"unknown {command}")


if __name__ == "__main__":
    serve()
