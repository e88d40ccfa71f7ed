"""Assessing many cases at once: a CSV of facts in, a CSV of results out (pandas).

A bad row is reported with its row number and field and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from procurement.engine import evaluate
from procurement.errors import InputError
from procurement.facts_input import parse_case
from procurement.model.common import Lang
from procurement.render import render
from procurement.ruleset import RuleSet
from procurement.suggest import did_you_mean

__all__ = ["ID_COLUMN", "MAX_CSV_BYTES", "BatchResult", "assess_frame", "read_cases_csv"]

ID_COLUMN = "case_id"
MAX_CSV_BYTES = 20 * 1024 * 1024


@dataclass
class BatchResult:
    """The results table and the rows that could not be assessed."""

    frame: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)


def read_cases_csv(path: Path | str, ruleset: RuleSet) -> pd.DataFrame:
    """Read a CSV of cases as text; raise InputError for a file that cannot be used at all."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror}") from None
    if size > MAX_CSV_BYTES:
        raise InputError(str(path), f"the file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB")
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig"
        )
    except (
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        UnicodeDecodeError,
        csv_error(),
    ) as exc:
        raise InputError(
            str(path), f"not a readable CSV file ({str(exc).splitlines()[0]})"
        ) from None
    check_columns(frame, ruleset)
    return frame


def csv_error() -> type[Exception]:
    """The csv module's error type (raised by pandas' python engine on bad dialects)."""
    import csv

    return csv.Error


def check_columns(frame: pd.DataFrame, ruleset: RuleSet) -> None:
    """Every column must be a fact id (or the optional case id column)."""
    for column in frame.columns:
        name = str(column).strip()
        if name != ID_COLUMN and name not in ruleset.facts:
            hint = did_you_mean(name, [*list(ruleset.facts), ID_COLUMN])
            raise InputError(name, f"unknown column: expected a fact id{hint}")
        if list(frame.columns).count(column) > 1:
            raise InputError(name, "the column appears twice")


def assess_frame(
    frame: pd.DataFrame, ruleset: RuleSet, lang: Lang = "sv", today: dt.date | None = None
) -> BatchResult:
    """Assess every row; row numbers count the header as row 1, as a spreadsheet shows them."""
    frame = frame.rename(columns=lambda c: str(c).strip())
    rows: list[dict[str, Any]] = []
    errors: list[InputError] = []
    variant_keys = [(r.id, v.id) for r in ruleset.routes.values() for v in r.variants]
    for index, record in enumerate(frame.to_dict(orient="records")):
        row_number = index + 2
        out: dict[str, Any] = {"row": row_number}
        if ID_COLUMN in record:
            out[ID_COLUMN] = record.pop(ID_COLUMN)
        out.update(record)
        try:
            case = parse_case(ruleset, record, text=True, row=row_number, today=today)
        except InputError as exc:
            errors.append(exc)
            out["error"] = str(exc)
            rows.append(out)
            continue
        assessment = render(ruleset, evaluate(ruleset, case), lang)
        out["error"] = ""
        out["as_of_applied"] = assessment.as_of.isoformat()
        out["value_band"] = assessment.value_band
        out["recommended_route"] = assessment.recommended_route or ""
        for route_id, route in assessment.routes.items():
            out[f"status_{route_id}"] = route.status
        for route_id, variant_id in variant_keys:
            variants = assessment.routes[route_id].variants or {}
            out[f"status_{route_id}_{variant_id}"] = variants[variant_id].status
        out["missing_facts"] = ";".join(assessment.missing_facts)
        out["obligations"] = ";".join(
            o.id if o.status == "applies" else f"{o.id}?" for o in assessment.obligations
        )
        out["warnings"] = ";".join(w.id for w in assessment.warnings)
        out["ruleset_version"] = assessment.ruleset_version
        rows.append(out)
    return BatchResult(pd.DataFrame(rows), errors)
