"""Assessing many cases at once: a CSV of facts in, a CSV of results out (pandas).

A bad row is reported with its row number and field and does not stop the others.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from procurement.assessment import Assessment
from procurement.engine import evaluate
from procurement.errors import InputError
from procurement.facts_input import parse_case
from procurement.model.common import Lang
from procurement.render import render
from procurement.ruleset import RuleSet
from procurement.suggest import did_you_mean

__all__ = ["ID_COLUMN", "MAX_CSV_BYTES", "BatchResult", "assess_frame", "read_cases_csv"]

ID_COLUMN = "case_id"
ROW_COLUMN = "row"
BAD_ROW_COLUMN = "__bad_row__"
MAX_CSV_BYTES = 20 * 1024 * 1024


@dataclass
class BatchResult:
    """The results table and the rows that could not be assessed."""

    frame: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)


def read_cases_csv(path: Path | str, ruleset: RuleSet) -> pd.DataFrame:
    """Read a CSV of cases as text; raise InputError for a file that cannot be used at all.

    Comma, semicolon (Swedish Excel) and tab separators are recognised from the header line;
    UTF-8 (with or without BOM) and Windows-1252 are read. Blank lines keep their row number
    and are skipped. A row with the wrong number of fields is kept as a row error.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            limit = MAX_CSV_BYTES // (1024 * 1024)
            raise InputError(str(path), f"the file is larger than {limit} MB")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not a CSV file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    text = _decode(raw, path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(str(path), "the file is empty: expected a header row of fact ids")
    header_line = lines[0]
    sep = (
        max((";", ",", "\t"), key=header_line.count)
        if any(c in header_line for c in ";,\t")
        else ","
    )
    try:
        records = list(csv.reader(lines, delimiter=sep, strict=True))
    except csv.Error as exc:
        raise InputError(str(path), f"not a readable CSV file ({exc})") from None
    header = [h.strip() for h in records[0]]
    check_columns(header, ruleset)
    rows: list[dict[str, str]] = []
    for number, fields in enumerate(records[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        row = {ROW_COLUMN: str(number)}
        if len(fields) != len(header):
            row[BAD_ROW_COLUMN] = f"expected {len(header)} fields, got {len(fields)}"
            fields = (fields + [""] * len(header))[: len(header)]
        row.update(zip(header, fields, strict=True))
        rows.append(row)
    return pd.DataFrame(rows, columns=[ROW_COLUMN, *header, BAD_ROW_COLUMN], dtype=object)


def _decode(raw: bytes, path: Path) -> str:
    if b"\0" in raw:
        raise InputError(str(path), "not a text file: expected a CSV file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict") if _cp1252_ok(raw) else _undecodable(path)


def _cp1252_ok(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(path: Path) -> str:
    raise InputError(str(path), "cannot decode the file: save it as UTF-8 CSV")


def check_columns(header: list[str], ruleset: RuleSet) -> None:
    """Every column must be a fact id (or the optional case id column), once."""
    seen: set[str] = set()
    for name in header:
        if name != ID_COLUMN and name not in ruleset.facts:
            hint = did_you_mean(name, [*ruleset.facts, ID_COLUMN])
            raise InputError(name or "(empty)", f"unknown column: expected a fact id{hint}")
        if name in seen:
            raise InputError(name, "the column appears twice")
        seen.add(name)


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
    """Assess every row. Row numbers count the header as row 1, as a spreadsheet shows them
    (taken from a ``row`` column when the reader supplied one)."""
    frame = frame.rename(columns=lambda c: str(c).strip())
    columns = result_columns(ruleset, list(frame.columns))
    rows: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for index, record in enumerate(frame.to_dict(orient="records")):
        row_number = int(record.pop(ROW_COLUMN, index + 2))
        bad_row = record.pop(BAD_ROW_COLUMN, None)
        out: dict[str, Any] = {ROW_COLUMN: row_number, **record}
        record.pop(ID_COLUMN, None)
        try:
            if isinstance(bad_row, str) and bad_row:
                raise InputError("row", bad_row, row_number)
            case = parse_case(ruleset, record, text=True, row=row_number, today=today, lang=lang)
        except InputError as exc:
            errors.append(exc)
            out["error"] = str(exc)
            rows.append(out)
            continue
        out.update(_result_cells(render(ruleset, evaluate(ruleset, case), lang)))
        rows.append(out)
    return BatchResult(pd.DataFrame(rows, columns=columns, dtype=object).fillna(""), errors)


def _result_cells(assessment: Assessment) -> dict[str, str]:
    cells = {
        "error": "",
        "as_of_applied": assessment.as_of.isoformat(),
        "value_band": assessment.value_band,
        "recommended_route": assessment.recommended_route or "",
    }
    for route_id, route in assessment.routes.items():
        cells[f"status_{route_id}"] = route.status
        for variant_id, variant in (route.variants or {}).items():
            cells[f"status_{route_id}_{variant_id}"] = variant.status
    cells["missing_facts"] = ";".join(assessment.missing_facts)
    cells["obligations"] = ";".join(
        o.id if o.status == "applies" else f"{o.id}?" for o in assessment.obligations
    )
    cells["warnings"] = ";".join(w.id for w in assessment.warnings)
    cells["ruleset_version"] = assessment.ruleset_version
    return cells
