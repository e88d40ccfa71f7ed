"""Assessing many cases at once: a CSV of facts in, a CSV of results out (pandas).

A bad row is reported with its row number and field and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

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
    """
    frame = frame.rename(columns=lambda c: str(c).strip())
    rows: list[dict[str, Any]] = []
    errors: list[InputError] = []
    # The column names are strings (renamed above).
    records = cast(list[dict[str, Any]], frame.to_dict(orient="records"))
    for index, record in enumerate(records):
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
            rows.append(out)
            continue
        out.update(cells(case))
        rows.append(out)
    return BatchResult(pd.DataFrame(rows, columns=columns, dtype=object).fillna(""), errors)


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
