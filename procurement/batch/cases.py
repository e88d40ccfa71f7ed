"""Assessing many cases at once: a CSV of facts in, a CSV of results out (pandas).

A bad row is reported with its row number and field and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from procurement.batch.tables import BAD_ROW_COLUMN, MAX_TABLE_BYTES, ROW_COLUMN, read_table
from procurement.core.errors import InputError
from procurement.core.evaluation import Evaluation
from procurement.core.facts_input import Case
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.render import unconfirmed_references
from procurement.service import Vagval

__all__ = ["ID_COLUMN", "MAX_CSV_BYTES", "BatchResult", "assess_frame", "read_cases_csv"]

ID_COLUMN = "case_id"
MAX_CSV_BYTES = MAX_TABLE_BYTES


@dataclass
class BatchResult:
    """The results table and the rows that could not be assessed."""

    frame: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)


def read_cases_csv(path: Path | str, ruleset: RuleSet) -> pd.DataFrame:
    """Read a table (CSV or Excel) of cases; see :func:`procurement.batch.tables.read_table`."""
    return read_table(path, ruleset, ID_COLUMN)


def result_columns(ruleset: RuleSet, inputs: list[str]) -> list[str]:
    """The columns of a results table: row, case id, the input facts, then the results."""
    routes = [f"status_{r}" for r in ruleset.routes]
    variants = [f"status_{r.id}_{v.id}" for r in ruleset.routes.values() for v in r.variants]
    head = [ROW_COLUMN] + ([ID_COLUMN] if ID_COLUMN in inputs else [])
    facts = [c for c in inputs if c not in (ROW_COLUMN, ID_COLUMN, BAD_ROW_COLUMN)]
    tail = ["error", "as_of_applied", "value_band", "recommended_route", *routes, *variants]
    return head + facts + [*tail, "missing_facts", "obligations", "warnings", "ruleset_version"]


def assess_frame(
    frame: pd.DataFrame, ruleset: RuleSet, lang: Lang = "sv", today: dt.date | None = None
) -> BatchResult:
    """Assess every row of cases (see :func:`run_rows`)."""
    vagval = Vagval(ruleset)

    def parse(record: dict[str, Any], row: int) -> Case:
        return vagval.case(record, text=True, row=row, today=today, lang=lang)

    def cells(case: Case) -> dict[str, Any]:
        # A table shows statuses and ids only: no texts to render, no trace to keep.
        return _result_cells(ruleset, vagval.evaluate(case, trace=False))

    columns = result_columns(ruleset, [str(c).strip() for c in frame.columns])
    return run_rows(frame, ID_COLUMN, columns, parse, cells)


def run_rows(
    frame: pd.DataFrame,
    id_column: str,
    columns: list[str],
    parse: Callable[[dict[str, Any], int], Case],
    cells: Callable[[Case], dict[str, Any]],
) -> BatchResult:
    """Validate (``parse``) and evaluate (``cells``) every row; a bad row gets its error and
    does not stop the rest.

    Row numbers count the header as row 1, as a spreadsheet shows them (taken from a ``row``
    column when the reader supplied one).

    The memory a table takes stays near that of its results: each row is a list (not a dict),
    a row whose facts equal an earlier row's reuses its results (``cells`` depends on the case
    only), and equal cells share one string.
    """
    frame = frame.rename(columns=lambda c: str(c).strip())
    names = [str(c) for c in frame.columns]
    rows: list[list[Any]] = []
    errors: list[InputError] = []
    same: dict[str, str] = {}
    results: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
    for index, values in enumerate(frame.itertuples(index=False, name=None)):
        record = dict(zip(names, values, strict=True))
        row_number = int(record.pop(ROW_COLUMN, index + 2))
        bad_row = record.pop(BAD_ROW_COLUMN, None)
        out: dict[str, Any] = {ROW_COLUMN: row_number, **record}
        record.pop(id_column, None)
        try:
            if isinstance(bad_row, str) and bad_row:
                raise InputError("row", bad_row, row_number)
            case = parse(record, row_number)
        except InputError as exc:
            errors.append(exc)
            out["error"] = str(exc)
        else:
            key = _case_key(case)
            found = results.get(key)
            if found is None:
                found = {
                    k: same.setdefault(v, v) if isinstance(v, str) else v
                    for k, v in cells(case).items()
                }
                results[key] = found
                if len(results) > _RESULTS_KEPT:
                    results.popitem(last=False)
            else:
                results.move_to_end(key)
            out.update(found)
        rows.append(
            [same.setdefault(v, v) if isinstance(v, str) else v for v in map(out.get, columns)]
        )
    return BatchResult(pd.DataFrame(rows, columns=columns, dtype=object).fillna(""), errors)


# How many distinct rows' results are kept for the rows that repeat them.
_RESULTS_KEPT = 4096


def _case_key(case: Case) -> tuple[Any, ...]:
    """What a row's results depend on: its facts and the date applied."""
    facts = tuple(sorted((k, type(v).__name__, repr(v)) for k, v in case.facts.items()))
    return (facts, case.as_of, case.as_of_defaulted)


def _result_cells(ruleset: RuleSet, evaluation: Evaluation) -> dict[str, str]:
    """A row's result cells, read straight from the (language-free) evaluation; the same
    values the rendered assessment holds."""
    band = evaluation.outputs.get("value_band")
    cells = {
        "error": "",
        "as_of_applied": evaluation.as_of.isoformat(),
        "value_band": band or "uncertain",
        "recommended_route": evaluation.recommended_route or "",
    }
    for route_id, route in ruleset.routes.items():
        cells[f"status_{route_id}"] = evaluation.routes[route_id].status
        for variant in route.variants:
            target = evaluation.targets[f"{route_id}.{variant.id}"]
            cells[f"status_{route_id}_{variant.id}"] = target.status
    cells["missing_facts"] = ";".join(evaluation.missing_facts)
    cells["obligations"] = ";".join(
        o.id if o.status == "applies" else f"{o.id}?" for o in evaluation.obligations
    )
    warnings = [w.id for w in evaluation.warnings]
    if unconfirmed_references(evaluation):
        warnings.append("unconfirmed_references")
    cells["warnings"] = ";".join(warnings)
    cells["ruleset_version"] = ruleset.version
    return cells
