"""Batches in the app: run in worker processes the server shares, with a time budget and a
progress bar.

Why processes: Streamlit runs each user's script in a thread of one server process. Checking
a table is pure Python (pandas, pydantic, the rule engine), so in a thread it would hold the
global interpreter lock for its whole run and every other user's page would wait for it
(the issue measured a fourfold slower page load beside one small upload). A thread that
"yields" does not help: the lock is handed over only every few milliseconds, and the batch
still takes most of them. A :class:`~concurrent.futures.ProcessPoolExecutor` of
:data:`~procurement.core.limits.BATCH_WORKERS` processes (started with ``spawn``: the
server has threads, which ``fork`` would copy in a locked state), made once per server
(``st.cache_resource``), does the work; the server's threads only wait for it, which
releases the lock. Each worker's address space is limited
(:data:`~procurement.core.limits.WORKER_MEMORY_BYTES`).

Fairness: a session sends one slice of :data:`~procurement.core.limits.BATCH_CHUNK_ROWS`
rows at a time and waits for it before sending the next, so the pool's queue takes slices
from every session in turn: a small table beside a large one waits for one slice, not for
the whole large table. The progress bar moves after each slice; after
:data:`~procurement.core.limits.BATCH_SECONDS` the batch stops and keeps the rows done.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from procurement.batch.worker import (
    Checked,
    Failure,
    Kind,
    check_rows,
    init_worker,
    read_rows,
    results_bytes,
)
from procurement.core.bounded import limit_message
from procurement.core.errors import InputError
from procurement.core.limits import (
    BATCH_CHUNK_ROWS,
    BATCH_SECONDS,
    BATCH_WORKERS,
    WORKER_MEMORY_BYTES,
)
from procurement.core.model.common import Lang

__all__ = ["BatchFailed", "BatchOutcome", "download_data", "run_batch", "worker_pool"]

T = TypeVar("T")

# The clock the time budget is measured on (a test replaces it).
_clock: Callable[[], float] = time.monotonic


class BatchFailed(Exception):
    """The worker could not finish (it ran out of memory, or died): one line for the user."""


@dataclass
class BatchOutcome:
    """The results of the rows done, the rows that failed, and whether time ran out."""

    frame: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)
    done: int = 0
    total: int = 0
    timed_out: bool = False


@st.cache_resource
def worker_pool() -> ProcessPoolExecutor:
    """The worker processes every session of this server shares (made on first use)."""
    return ProcessPoolExecutor(
        max_workers=BATCH_WORKERS,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(WORKER_MEMORY_BYTES,),
    )


def _wait(future: Future[T], deadline: float) -> T | None:
    """The future's result, or None once the deadline has passed (the future is cancelled
    if it has not started; a slice under way finishes in the worker and is dropped)."""
    try:
        return future.result(timeout=max(deadline - _clock(), 0.0))
    except FutureTimeout:
        future.cancel()
        return None
    except MemoryError:  # raised in the worker
        raise BatchFailed from None


def run_batch(
    raw: bytes,
    name: str,
    kind: Kind,
    lang: Lang,
) -> BatchOutcome:
    """Read the uploaded table and check (or assess) its rows in the workers, with a
    progress bar; InputError for a table that cannot be used at all, BatchFailed when the
    worker gave up. After BATCH_SECONDS no further slice is sent, and the outcome says how
    many rows were done."""
    deadline = _clock() + BATCH_SECONDS
    chunk_rows = BATCH_CHUNK_ROWS
    bar = st.progress(0.0, text=limit_message("batch_reading", lang))
    try:
        return _run(raw, name, kind, lang, deadline, chunk_rows, bar)
    except BrokenProcessPool:
        worker_pool.clear()  # the next batch gets fresh workers
        raise BatchFailed from None
    finally:
        bar.empty()


def _run(
    raw: bytes, name: str, kind: Kind, lang: Lang, deadline: float, chunk_rows: int, bar: Any
) -> BatchOutcome:
    pool = worker_pool()
    table = _wait(pool.submit(read_rows, raw, name, kind, lang), deadline)
    if isinstance(table, Failure):
        raise table.error()
    if table is None:
        return BatchOutcome(pd.DataFrame(), timed_out=True)
    total = len(table)
    parts: list[pd.DataFrame] = []
    errors: list[InputError] = []
    done = 0
    while done < total and _clock() < deadline:
        chunk = table.iloc[done : done + chunk_rows]
        checked: Checked | None = _wait(pool.submit(check_rows, chunk, kind, lang), deadline)
        if checked is None:
            break
        parts.append(checked.frame)
        errors.extend(f.error() for f in checked.failures)
        done += len(chunk)
        text = limit_message("batch_progress", lang, done=done, total=total)
        bar.progress(done / total, text=text)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return BatchOutcome(frame, errors, done, total, timed_out=done < total)


def download_data(frame: pd.DataFrame, suffix: str) -> Callable[[], bytes]:
    """The results as a download made when it is asked for, in a worker (an Excel file of
    many rows takes a while to write, and the server keeps no copy)."""
    return partial(_results_in_worker, frame, suffix)


def _results_in_worker(frame: pd.DataFrame, suffix: str) -> bytes:
    future: Future[Any] = worker_pool().submit(results_bytes, frame, suffix)
    data: bytes = future.result()
    return data
