"""Reading and writing tables of facts: CSV (comma, semicolon or tab; UTF-8 or Windows-1252)
and Excel (.xlsx), one row per case, with row numbers as a spreadsheet shows them.

Uploaded files are size-limited and validated; exported cells that a spreadsheet would run
as formulas are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from procurement.batch.csvsafe import neutralise_frame, safe_text
from procurement.core.errors import InputError
from procurement.core.limits import TABLE_BYTES, larger_than
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean

__all__ = [
    "BAD_ROW_COLUMN",
    "EXCEL_SUFFIXES",
    "MAX_TABLE_BYTES",
    "ROW_COLUMN",
    "check_columns",
    "read_table",
    "read_table_bytes",
    "table_bytes",
    "write_table",
]

ROW_COLUMN = "row"
BAD_ROW_COLUMN = "__bad_row__"
# The limit of procurement.core.limits, named here for the batches (and the tests' patches).
MAX_TABLE_BYTES = TABLE_BYTES
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SHEET_NAME = "Sheet1"


def read_table(path: Path | str, ruleset: RuleSet, id_column: str) -> pd.DataFrame:
    """Read a table of facts as text; raise InputError for a file that cannot be used at all.

    Blank rows keep their row number and are skipped. A row with the wrong number of fields
    is kept, marked as a row error. Columns must be fact ids, or ``id_column``.
    """
    path = Path(path)
    return read_table_bytes(_read_bytes(path), str(path), ruleset, id_column)


def read_table_bytes(raw: bytes, name: str, ruleset: RuleSet, id_column: str) -> pd.DataFrame:
    """:func:`read_table` of a file's content (an upload); errors name the file ``name``,
    whose suffix tells Excel from CSV."""
    path = Path(name)
    if len(raw) > MAX_TABLE_BYTES:
        raise InputError(name, larger_than(MAX_TABLE_BYTES))
    if path.suffix.lower() in EXCEL_SUFFIXES:
        records = _excel_records(raw, path, id_column)
    else:
        records = _csv_records(_decode(raw, path), path)
    if not records or not any(c.strip() for c in records[0]):
        raise InputError(name, "the file is empty: expected a header row of fact ids")
    header = [h.strip() for h in records[0]]
    while (
        header
        and not header[-1]
        and all(len(r) < len(header) or not r[len(header) - 1].strip() for r in records[1:])
    ):
        header.pop()  # trailing empty columns, as spreadsheets save them
    check_columns(header, ruleset, id_column)
    rows: list[dict[str, str]] = []
    for number, fields in enumerate(records[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        row = {ROW_COLUMN: str(number)}
        fields = list(fields)
        while len(fields) > len(header) and not fields[-1].strip():
            fields.pop()
        if len(fields) != len(header):
            row[BAD_ROW_COLUMN] = f"expected {len(header)} fields, got {len(fields)}"
            fields = (fields + [""] * len(header))[: len(header)]
        row.update(zip(header, fields, strict=True))
        rows.append(row)
    return pd.DataFrame(rows, columns=[ROW_COLUMN, *header, BAD_ROW_COLUMN], dtype=object)


def write_table(frame: pd.DataFrame, path: Path | str) -> None:
    """Write results as CSV (UTF-8) or, for .xlsx, as Excel; formula cells neutralised."""
    path = Path(path)
    data = table_bytes(frame, path.suffix)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(str(path), f"cannot write the file: {exc.strerror or exc}") from None


def table_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    """The results as the bytes of a CSV (UTF-8) or, for ``suffix`` .xlsx, an Excel file, as
    :func:`write_table` writes them (for a download; nothing touches the disk)."""
    # Every text cell and column name is cleaned, then neutralised (procurement.batch.csvsafe).
    safe = neutralise_frame(frame)
    header = [str(c) for c in safe.columns]
    rows = safe.itertuples(index=False, name=None)
    if suffix.lower() in EXCEL_SUFFIXES:
        buffer = io.BytesIO()
        _write_excel(header, rows, buffer)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    _write_csv(header, rows, text)
    return text.getvalue().encode("utf-8")


def _write_csv(header: list[str], rows: Iterable[tuple[Any, ...]], handle: IO[str]) -> None:
    # Every text cell quoted, numbers not: a text cell is one cell whichever of comma and
    # semicolon the reader splits at (and its parts are neutralised in case it loses a quote);
    # line breaks inside cells are line feeds, records end with one.
    writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_value(v) for v in row] for row in rows)


def _csv_value(value: Any) -> Any:
    value = _plain(value)
    if value is None:
        return ""
    return value if isinstance(value, bool | int | float | str) else value.isoformat()


def _plain(value: Any) -> bool | int | float | str | dt.date | None:
    """A (made safe) cell as a plain Python value: numbers stay numbers (NumPy's too), an
    empty or not-a-number cell is None, anything else is its text, made safe."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else safe_text(str(value))
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    return safe_text(str(value))


def _write_excel(header: list[str], rows: Iterable[tuple[Any, ...]], target: IO[bytes]) -> None:
    # openpyxl writes a text cell starting with '=' as a formula (and "#N/A" as an error):
    # every text cell is written as text (data type 's') whatever it holds.
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAME)  # a fixed name: no user text names a sheet
    bold = Font(bold=True)

    def cell(value: Any, font: Font | None = None) -> Cell:
        value = _plain(value)
        written = WriteOnlyCell(sheet, value=value if value != "" else None)  # "": no cell
        if isinstance(value, str):
            written.data_type = "s"
        if font is not None:
            written.font = font
        return written

    sheet.append([cell(name, bold) for name in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    book.save(target)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_TABLE_BYTES:
            raise InputError(str(path), larger_than(MAX_TABLE_BYTES))
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not a table file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None


def _csv_records(text: str, path: Path) -> list[list[str]]:
    # csv splits records itself, so quoted line breaks and characters such as U+2028 stay
    # inside their cell (str.splitlines would cut the row there).
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        return []
    separators = ";,\t"
    found = [c for c in separators if c in header_line]
    sep = max(found, key=header_line.count) if found else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except csv.Error as exc:
        raise InputError(str(path), f"not a readable CSV file ({exc})") from None


def _excel_records(raw: bytes, path: Path, id_column: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(str(path), f"not a readable Excel file ({type(exc).__name__})") from None
    try:
        if not book.worksheets:
            raise InputError(str(path), "the workbook has no worksheet")
        sheet = book.worksheets[0]
        # Some programs write a <dimension> smaller than the data; do not trust it.
        sheet.reset_dimensions()
        values = list(sheet.iter_rows(values_only=True))
        header = [_cell_text(v).strip() for v in values[0]] if values else []
        # A number cell of a fact column reads as Swedish text (2,5): the table parser then
        # takes it as it takes a typed cell. Other columns (the id) keep Python's text.
        comma = [
            i >= len(header) or header[i] != id_column
            for i in range(max(map(len, values), default=0))
        ]
        rows = [[_cell_text(v, comma[i]) for i, v in enumerate(row)] for row in values]
        width = max((len(r) for r in rows), default=0)
        return [r + [""] * (width - len(r)) for r in rows]  # rows end at their last value
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"not a readable Excel file ({type(exc).__name__})") from None
    finally:
        book.close()


def _cell_text(value: Any, decimal_comma: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and decimal_comma and math.isfinite(value):
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _decode(raw: bytes, path: Path) -> str:
    if b"\0" in raw:
        raise InputError(str(path), "not a text file: expected a CSV file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(str(path), "cannot decode the file: save it as UTF-8 CSV") from None


def check_columns(header: list[str], ruleset: RuleSet, id_column: str) -> None:
    """Every column must be a fact id (or the optional id column), once."""
    seen: set[str] = set()
    for name in header:
        if name != id_column and name not in ruleset.facts:
            hint = did_you_mean(name, [*ruleset.facts, id_column])
            raise InputError(name or "(empty)", f"unknown column: expected a fact id{hint}")
        if name in seen:
            raise InputError(name, "the column appears twice")
        seen.add(name)
