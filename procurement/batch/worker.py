"""What a worker process does for a batch in the app: read a table, check or assess a slice
of its rows, write the results for a download.

The app (procurement/ui/batch_run.py) sends these functions to a small pool of worker
processes that the whole server shares, so that one user's large table takes a worker's
processor time and memory, not the server's: a batch in a thread of the server would hold
Python's global interpreter lock through every row (pandas and the rule engine are pure
Python) and every other user's page would wait for it. Everything sent and returned is plain
data that pickles (an error is a :class:`Failure`, never an exception with its traceback).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pandas as pd

from procurement.core.errors import InputError
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet

__all__ = [
    "Checked",
    "Failure",
    "Kind",
    "check_rows",
    "init_worker",
    "read_rows",
    "results_bytes",
]

Kind = Literal["suppliers", "cases"]


@dataclass(frozen=True)
class Failure:
    """An :class:`InputError` as data: what a worker returns for a file or row it refuses."""

    field: str
    detail: str
    row: int | None = None

    @classmethod
    def of(cls, error: InputError) -> Failure:
        return cls(error.field, error.detail, error.row)

    def error(self) -> InputError:
        return InputError(self.field, self.detail, self.row)


@dataclass(frozen=True)
class Checked:
    """The results of a slice of rows and the rows that could not be checked."""

    frame: pd.DataFrame
    failures: tuple[Failure, ...]


def init_worker(memory: int) -> None:
    """Start a worker: its address space is limited to ``memory`` bytes, so a table that
    slipped past the limits ends in a MemoryError in the worker, not in the server."""
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # a platform without the limit: the table limits still hold


@cache
def _rules(kind: Kind) -> RuleSet:
    """The rules a worker checks with, loaded once per worker process (the same the app
    loads: the shipped ones, or $VAGVAL_RULES)."""
    from procurement.service import default_ruleset, default_supplier_ruleset

    return default_supplier_ruleset() if kind == "suppliers" else default_ruleset()


def _id_column(kind: Kind) -> str:
    from procurement.batch.cases import ID_COLUMN
    from procurement.batch.suppliers import SUPPLIER_ID_COLUMN

    return SUPPLIER_ID_COLUMN if kind == "suppliers" else ID_COLUMN


def read_rows(raw: bytes, name: str, kind: Kind, lang: Lang) -> pd.DataFrame | Failure:
    """The uploaded table ``raw`` (named ``name``) read and checked against the limits."""
    from procurement.batch.tables import read_table_bytes

    try:
        return read_table_bytes(raw, name, _rules(kind), _id_column(kind), lang)
    except InputError as exc:
        return Failure.of(exc)


def check_rows(frame: pd.DataFrame, kind: Kind, lang: Lang) -> Checked:
    """Check (suppliers) or assess (cases) the rows of ``frame``, a slice of a table."""
    from procurement.batch.cases import assess_frame
    from procurement.batch.suppliers import check_frame

    run = check_frame if kind == "suppliers" else assess_frame
    result = run(frame, _rules(kind), lang)
    return Checked(result.frame, tuple(Failure.of(e) for e in result.errors))


def results_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    """The results as a download: CSV, or Excel for ``suffix`` .xlsx."""
    from procurement.batch.tables import table_bytes

    return table_bytes(frame, suffix)
