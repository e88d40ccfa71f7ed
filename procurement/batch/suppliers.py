"""Checking many suppliers at once: a CSV or Excel table of suppliers in, results out.

A bad row is reported with its row number and field and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from procurement.batch.cases import BatchResult, run_rows
from procurement.batch.tables import BAD_ROW_COLUMN, ROW_COLUMN
from procurement.core.facts_input import Case
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.check_report import CheckReport
from procurement.service import Vagval

__all__ = ["SUPPLIER_ID_COLUMN", "check_frame", "supplier_result_columns"]

SUPPLIER_ID_COLUMN = "supplier_id"


def supplier_result_columns(ruleset: RuleSet, inputs: list[str]) -> list[str]:
    """Row, supplier id, the input facts, then each check's status, values and criteria."""
    head = [ROW_COLUMN] + ([SUPPLIER_ID_COLUMN] if SUPPLIER_ID_COLUMN in inputs else [])
    facts = [c for c in inputs if c not in (ROW_COLUMN, SUPPLIER_ID_COLUMN, BAD_ROW_COLUMN)]
    results: list[str] = ["error"]
    for check in ruleset.checks:
        results.append(check.spec.id)
        results += [f"{check.spec.id}.{name}" for name in check.spec.values]
        results += [f"{check.spec.id}.{c.id}" for c, _ in check.criteria]
    results += ["missing_facts", "missing_evidence", "warnings", "ruleset_version"]
    return head + facts + results


def check_frame(
    frame: pd.DataFrame, ruleset: RuleSet, lang: Lang = "sv", today: dt.date | None = None
) -> BatchResult:
    """Check every supplier row (see :func:`procurement.batch.cases.run_rows`)."""
    vagval = Vagval(supplier_rules=ruleset)

    def parse(record: dict[str, Any], row: int) -> Case:
        return vagval.supplier_case(record, text=True, row=row, today=today, lang=lang)

    def cells(case: Case) -> dict[str, Any]:
        return _cells(vagval.check_supplier(case, lang=lang))

    columns = supplier_result_columns(ruleset, [str(c).strip() for c in frame.columns])
    return run_rows(frame, SUPPLIER_ID_COLUMN, columns, parse, cells)


def _cells(report: CheckReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    cells: dict[str, Any] = {"error": ""}
    for check_id in report.checks:
        check = data[check_id]
        cells[check_id] = check["status"]
        for key, value in check.items():
            if key not in ("label", "status", "criteria", "details", "evidence", "references"):
                cells[f"{check_id}.{key}"] = "" if value is None else value
        for criterion, status in check["criteria"].items():
            cells[f"{check_id}.{criterion}"] = status
    cells["missing_facts"] = ";".join(report.missing_facts)
    cells["missing_evidence"] = " | ".join(
        f"{check_id}: {item['text']}"
        for check_id, items in data["missing_evidence"].items()
        for item in items
    )
    cells["warnings"] = ";".join(w.id for w in report.warnings)
    cells["ruleset_version"] = report.ruleset_version
    return cells
