"""The app's supplier batch runs in the server's worker processes, with a progress bar and a
time budget, and its limits speak the user's language (issue 16, bounded work).

AppTest runs the page's script in this process; the rows are checked in the worker processes
of procurement/ui/batch_run.py. That they are, and not in the page's thread, is shown by
breaking the checking function in this process: the page still shows every result. The time
budget is shown with a clock that jumps past it after the first slice (no test measures
time).
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from procurement.batch import suppliers
from procurement.core import bounded, limits
from procurement.ui import batch_run
from tests.bombs import supplier_csv, wide_rows_xlsx
from tests.markdown_text import shown


def _batch(name: str, content: bytes, lang: str = "sv") -> AppTest:
    at = AppTest.from_string("from procurement.ui.pages.supplier import page\npage()\n")
    at.default_timeout = 120
    at.session_state["lang"] = lang
    at.run()
    at.file_uploader(key="supplier_batch").set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def progress(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every message the batch shows (the progress bar's texts among them), in order."""
    seen: list[tuple[str, dict[str, Any]]] = []
    real = batch_run.limit_message

    def record(key: str, lang: Any = "en", **values: Any) -> str:
        seen.append((key, values))
        return real(key, lang, **values)

    monkeypatch.setattr(batch_run, "limit_message", record)
    return seen


def _broken(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a batch was checked in the server's own process")


def test_the_batch_runs_in_a_worker_with_a_progress_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, progress: list[tuple[str, dict[str, Any]]]
) -> None:
    monkeypatch.setattr(suppliers, "check_frame", _broken)
    monkeypatch.setattr(suppliers, "run_rows", _broken)
    monkeypatch.setattr(batch_run, "BATCH_CHUNK_ROWS", 500)
    table = supplier_csv(tmp_path / "leverantorer.csv", 1_200).read_bytes()
    at = _batch("leverantorer.csv", table)
    assert not at.error, [e.value for e in at.error]
    frame = at.dataframe[0].value
    assert len(frame) == 1_000  # the first rows are shown, the downloads hold them all
    assert list(frame["supplier_id"][:2]) == ["s0", "s1"]
    assert set(frame["asf_definition"]) == {"incomplete", "not_met"}
    assert "de första 1\u00a0000 av 1\u00a0200 raderna" in shown(at.caption[-1].value)
    bar = [values for key, values in progress if key == "batch_progress"]
    assert bar == [
        {"done": 500, "total": 1_200},
        {"done": 1_000, "total": 1_200},
        {"done": 1_200, "total": 1_200},
    ]
    assert progress[0][0] == "batch_reading"
    # A rerun (a download's click) shows the results without checking again.
    progress.clear()
    at.run()
    assert len(at.dataframe[0].value) == 1_000 and progress == []
    # One pool for the whole server, of the workers the limits allow.
    pool = batch_run.worker_pool()
    assert pool is batch_run.worker_pool()
    assert pool._max_workers == limits.BATCH_WORKERS


def test_the_time_budget_stops_the_batch_and_keeps_the_rows_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, progress: list[tuple[str, dict[str, Any]]]
) -> None:
    monkeypatch.setattr(batch_run, "BATCH_CHUNK_ROWS", 500)

    def clock() -> float:  # past the budget as soon as one slice is done
        done = any(key == "batch_progress" for key, _ in progress)
        return 10.0**9 if done else 0.0

    monkeypatch.setattr(batch_run, "_clock", clock)
    table = supplier_csv(tmp_path / "leverantorer.csv", 1_200).read_bytes()
    at = _batch("leverantorer.csv", table, "en")
    assert len(at.dataframe[0].value) == 500
    warnings = [shown(w.value) for w in at.warning]
    budget = f"The time limit of {limits.BATCH_SECONDS} seconds was reached: 500 of 1,200 rows"
    assert any(w.startswith(budget) for w in warnings), warnings


def test_a_bomb_is_refused_in_the_users_language(tmp_path: Path) -> None:
    bomb = wide_rows_xlsx(tmp_path / "bred.xlsx").read_bytes()
    at = _batch("bred.xlsx", bomb)
    assert [shown(e.value) for e in at.error] == [
        "Filen kunde inte läsas: bred.xlsx: tabellen har fler än 200 kolumner (en cell i "
        "kolumn XFD): kolumnerna ska vara fakta-id:n"
    ]
    assert not at.dataframe


def test_a_worker_that_died_is_one_line_and_the_next_batch_gets_new_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cleared: list[bool] = []
    monkeypatch.setattr(batch_run.worker_pool, "clear", lambda: cleared.append(True))

    class DeadPool:
        def submit(self, *args: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_exception(BrokenProcessPool("a worker died"))
            return future

    monkeypatch.setattr(batch_run, "worker_pool", lambda: DeadPool())
    monkeypatch.setattr(batch_run.worker_pool, "clear", lambda: cleared.append(True), raising=False)
    at = _batch("leverantorer.csv", b"supplier_id,runs_business\na,true\n", "en")
    assert [shown(e.value) for e in at.error] == [bounded.limit_message("batch_failed", "en")]
    assert cleared == [True]
