"""Write leverantorer.xlsx, an Excel copy of leverantorer.csv (the sample suppliers).

The workbook has one sheet, "leverantorer": a header row with the same columns as the CSV,
then one row per supplier in the same order. Cells are typed as a spreadsheet user would
enter them: ``true``/``false`` become real Excel booleans, employee counts become numbers,
and an empty CSV cell (an unanswered question) stays an empty cell. ``supplier_id`` stays
text. Any other value is refused, so the copy cannot silently drift from the CSV.

Run from the project root after changing leverantorer.csv::

    python data/suppliers/make_xlsx.py

Only the standard library and openpyxl are used.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "leverantorer.csv"
TARGET = HERE / "leverantorer.xlsx"
SHEET = "leverantorer"
TEXT_COLUMNS = frozenset({"supplier_id"})
INTEGER_COLUMNS = frozenset({"employees_total", "employees_target_group"})
BOOLEANS = {"true": True, "false": False}
# A fixed timestamp keeps the workbook's metadata the same on every run.
FIXED_TIME = dt.datetime(2026, 1, 1)


def cell_value(column: str, text: str) -> str | bool | int | None:
    """The typed Excel value of one CSV cell; None (an empty cell) for an unanswered question."""
    if column in TEXT_COLUMNS:
        return text
    if text == "":
        return None
    if column in INTEGER_COLUMNS:
        if not text.isdigit():
            raise ValueError(f"{column}: expected a whole number >= 0, got {text!r}")
        return int(text)
    if text not in BOOLEANS:
        raise ValueError(f"{column}: expected true or false, got {text!r}")
    return BOOLEANS[text]


def read_rows(source: Path = SOURCE) -> tuple[list[str], list[list[str | bool | int | None]]]:
    """The CSV's header and its rows as typed values."""
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = []
        for line, fields in enumerate(reader, start=2):
            if len(fields) != len(header):
                raise ValueError(f"{source.name} line {line}: expected {len(header)} fields")
            rows.append([cell_value(c, t) for c, t in zip(header, fields, strict=True)])
    return header, rows


def write_workbook(target: Path = TARGET, source: Path = SOURCE) -> int:
    """Write the workbook; return the number of suppliers written."""
    header, rows = read_rows(source)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    book.properties.creator = "data/suppliers/make_xlsx.py"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.save(target)
    return len(rows)


if __name__ == "__main__":
    count = write_workbook()
    print(f"wrote {count} suppliers to {TARGET}")
