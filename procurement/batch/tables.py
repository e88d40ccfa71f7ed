"""Reading and writing tables of facts: CSV (comma, semicolon or tab; UTF-8 or Windows-1252)
and Excel (.xlsx), one row per case, with row numbers as a spreadsheet shows them.

Uploaded files are bounded before and while they are parsed (their bytes, rows, columns and
cell length, and an Excel workbook's unpacked size: procurement/core/limits.py) and validated;
exported cells that a spreadsheet would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from procurement.batch.csvsafe import neutralise_frame, safe_text
from procurement.core.bounded import larger_than, limit_message, read_limited
from procurement.core.errors import InputError
from procurement.core.limits import (
    CELL_CHARS,
    MB,
    TABLE_BYTES,
    TABLE_COLUMNS,
    TABLE_ROWS,
    XLSX_MEMBER_BYTES,
    XLSX_MEMBERS,
    XLSX_RATIO,
    XLSX_RATIO_FROM,
    XLSX_STRINGS_BYTES,
    XLSX_UNPACKED_BYTES,
    shown_size,
)
from procurement.core.model.common import Lang
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


def read_table(
    path: Path | str, ruleset: RuleSet, id_column: str, lang: Lang = "en"
) -> pd.DataFrame:
    """Read a table of facts as text; raise InputError for a file that cannot be used at all.

    Blank rows keep their row number and are skipped. A row with the wrong number of fields
    is kept, marked as a row error. Columns must be fact ids, or ``id_column``. At most
    :data:`MAX_TABLE_BYTES` are read (a pipe or a device is refused), and the table's rows,
    columns and cells are bounded (procurement/core/limits.py); the limits' messages are in
    ``lang``.
    """
    path = Path(path)
    raw = read_limited(path, MAX_TABLE_BYTES, lang)
    return read_table_bytes(raw, str(path), ruleset, id_column, lang)


def read_table_bytes(
    raw: bytes, name: str, ruleset: RuleSet, id_column: str, lang: Lang = "en"
) -> pd.DataFrame:
    """:func:`read_table` of a file's content (an upload); errors name the file ``name``,
    whose suffix tells Excel from CSV."""
    path = Path(name)
    if len(raw) > MAX_TABLE_BYTES:
        raise InputError(name, larger_than(MAX_TABLE_BYTES, lang))
    if path.suffix.lower() in EXCEL_SUFFIXES:
        records = _excel_records(raw, path, id_column, lang)
    else:
        records = _csv_records(_decode(raw, path), path, lang)
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
    # One list per row (not a dict): a table of many rows stays small.
    rows: list[list[str | None]] = []
    for number, fields in enumerate(records[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        fields = list(fields)
        while len(fields) > len(header) and not fields[-1].strip():
            fields.pop()
        bad: str | None = None
        if len(fields) != len(header):
            bad = f"expected {len(header)} fields, got {len(fields)}"
            fields = (fields + [""] * len(header))[: len(header)]
        rows.append([str(number), *fields, bad])
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
    # Encoded as it is written: no whole-file string beside the bytes (for 100 000 rows the
    # string and its copy cost about a gigabyte).
    encoded = io.BytesIO()
    with io.TextIOWrapper(encoded, encoding="utf-8", newline="", write_through=False) as text:
        _write_csv(header, rows, text)
        text.flush()
        return encoded.getvalue()


def _write_csv(header: list[str], rows: Iterable[tuple[Any, ...]], handle: IO[str]) -> None:
    # Every text cell quoted, numbers not: a text cell is one cell whichever of comma and
    # semicolon the reader splits at (and its parts are neutralised in case it loses a quote);
    # line breaks inside cells are line feeds, records end with one.
    writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_value(v) for v in row] for row in rows)


def _csv_value(value: Any) -> Any:
    if type(value) is str:  # most cells: already made safe
        return value
    value = _plain(value)
    if value is None:
        return ""
    return value if isinstance(value, bool | int | float | str) else value.isoformat()


def _plain(value: Any) -> bool | int | float | str | dt.date | None:
    """A (made safe) cell as a plain Python value: numbers stay numbers (NumPy's too), an
    empty or not-a-number cell is None, anything else is its text, made safe."""
    if type(value) is str:
        return value
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
    # openpyxl takes a text starting with '=' for a formula and "#N/A" for an error value:
    # those cells are made as text cells (data type 's') by hand; any other text openpyxl
    # writes as text itself (a cell of our own for each would make this twice as slow).
    from openpyxl import Workbook
    from openpyxl.cell.cell import ERROR_CODES, Cell, WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAME)  # a fixed name: no user text names a sheet

    def text_cell(value: str, font: Font | None = None) -> Cell:
        written = WriteOnlyCell(sheet, value=value)
        written.data_type = "s"
        if font is not None:
            written.font = font
        return written

    def cell(value: Any) -> Any:
        value = _plain(value)
        if value == "":
            return None  # no cell
        if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            return text_cell(value)
        return value

    bold = Font(bold=True)
    sheet.append([text_cell(name, bold) for name in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    book.save(target)


def _csv_records(text: str, path: Path, lang: Lang = "en") -> list[list[str]]:
    # csv splits records itself, so quoted line breaks and characters such as U+2028 stay
    # inside their cell (str.splitlines would cut the row there).
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        return []
    separators = ";,\t"
    found = [c for c in separators if c in header_line]
    sep = max(found, key=header_line.count) if found else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    records: list[list[str]] = []
    same: dict[str, str] = {}  # equal cells share one string: a long table stays small
    try:
        for fields in reader:
            _check_shape(len(records) + 1, fields, path, lang)
            records.append([same.setdefault(f, f) for f in fields])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # far beyond CELL_CHARS
            where = {"row": str(reader.line_num), "column": "?"}
            too_long = limit_message("cell_too_long", lang, limit=CELL_CHARS, **where)
            raise InputError(str(path), too_long) from None
        raise InputError(str(path), f"not a readable CSV file ({exc})") from None
    return records


def _check_shape(row: int, fields: list[Any], path: Path, lang: Lang) -> None:
    """Refuse the ``row``-th row (1 is the header) when the table is now beyond its limits."""
    if row > TABLE_ROWS + 1:
        raise InputError(str(path), limit_message("too_many_rows", lang, limit=TABLE_ROWS))
    if len(fields) > TABLE_COLUMNS:
        column = _column_name(len(fields))
        wide = limit_message("too_many_columns", lang, limit=TABLE_COLUMNS, column=column)
        raise InputError(str(path), wide)
    for number, value in enumerate(fields, start=1):
        if isinstance(value, str) and len(value) > CELL_CHARS:
            where = {"row": str(row), "column": _column_name(number)}
            too_long = limit_message("cell_too_long", lang, limit=CELL_CHARS, **where)
            raise InputError(str(path), too_long)


def _column_name(number: int) -> str:
    """A column as a spreadsheet names it: 1 is A, 27 is AA, 16384 is XFD."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _check_workbook(raw: bytes, path: Path, lang: Lang) -> None:
    """Refuse a workbook (a zip file) that would unpack to too much, before it is parsed.

    The sizes a zip file declares are the most its parts unpack to (Python's zipfile stops
    there, and a part that holds more than it declares fails its checksum).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise InputError(str(path), f"not a readable Excel file ({type(exc).__name__})") from None
    if len(parts) > XLSX_MEMBERS:
        raise InputError(str(path), limit_message("xlsx_members", lang, limit=XLSX_MEMBERS))
    strings = _shared_strings_parts(archive, parts)
    total = 0
    for part in parts:
        limit = XLSX_STRINGS_BYTES if part.filename in strings else XLSX_MEMBER_BYTES
        member = part.filename[:80]
        if part.file_size > limit:
            big = limit_message("xlsx_member", lang, member=member, limit=shown_size(limit))
            raise InputError(str(path), big)
        packed = max(part.compress_size, 1)
        if part.file_size >= XLSX_RATIO_FROM and part.file_size > XLSX_RATIO * packed:
            ratio = limit_message("xlsx_ratio", lang, member=member, limit=XLSX_RATIO)
            raise InputError(str(path), ratio)
        total += part.file_size
    if total > XLSX_UNPACKED_BYTES:
        unpacked = limit_message("xlsx_unpacked", lang, limit=shown_size(XLSX_UNPACKED_BYTES))
        raise InputError(str(path), unpacked)


def _shared_strings_parts(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> set[str]:
    """The parts holding the workbook's shared strings, which openpyxl reads whole: the usual
    name, and any part the content types declare so."""
    found = {"xl/sharedStrings.xml"}
    declared = next((p for p in parts if p.filename == "[Content_Types].xml"), None)
    if declared is None or declared.file_size > MB:
        return found
    try:
        root = ElementTree.fromstring(archive.read(declared))
    except (ElementTree.ParseError, zipfile.BadZipFile, ValueError, OSError):
        return found  # openpyxl refuses the workbook in its turn
    for override in root:
        if str(override.get("ContentType", "")).endswith("sharedStrings+xml"):
            found.add(str(override.get("PartName", "")).lstrip("/"))
    return found


def _excel_records(raw: bytes, path: Path, id_column: str, lang: Lang = "en") -> list[list[str]]:
    from openpyxl import load_workbook

    _check_workbook(raw, path, lang)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(str(path), f"not a readable Excel file ({type(exc).__name__})") from None
    try:
        if not book.worksheets:
            raise InputError(str(path), "the workbook has no worksheet")
        sheet = book.worksheets[0]
        # The size the sheet declares (its <dimension>) is refused when too large; a smaller
        # one is not trusted (some programs write one smaller than the data).
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > TABLE_ROWS + 1 or columns > TABLE_COLUMNS:
            declared = limit_message(
                "xlsx_dimension",
                lang,
                rows=rows,
                columns=columns,
                row_limit=TABLE_ROWS,
                column_limit=TABLE_COLUMNS,
            )
            raise InputError(str(path), declared)
        values = _sheet_rows(book, sheet, path, lang)
        header = [_cell_text(v).strip() for v in values[0]] if values else []
        # A number cell of a fact column reads as Swedish text (2,5): the table parser then
        # takes it as it takes a typed cell. Other columns (the id) keep Python's text.
        comma = [
            i >= len(header) or header[i] != id_column
            for i in range(max(map(len, values), default=0))
        ]
        same: dict[str, str] = {}  # equal cells share one string
        rows_text = [
            [same.setdefault(t, t) for t in (_cell_text(v, comma[i]) for i, v in enumerate(row))]
            for row in values
        ]
        width = max((len(r) for r in rows_text), default=0)
        return [r + [""] * (width - len(r)) for r in rows_text]  # rows end at their last value
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"not a readable Excel file ({type(exc).__name__})") from None
    finally:
        book.close()


def _sheet_rows(book: Any, sheet: Any, path: Path, lang: Lang) -> list[list[Any]]:
    """The values of a read-only sheet's rows, each as long as its last cell, missing rows
    empty; refused as soon as a row, a column or a cell is beyond the limits.

    openpyxl's own rows are as wide as their last cell, whatever lies between (one cell in
    column XFD makes a row of 16 384 values), so its parser is read here directly, as its
    read-only worksheet reads it (tests/test_table_limits.py holds it to that).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    rows: list[list[Any]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            if index <= len(rows):  # a row written twice: openpyxl keeps the first
                continue
            if index > TABLE_ROWS + 1:
                raise InputError(str(path), limit_message("too_many_rows", lang, limit=TABLE_ROWS))
            rows.extend([] for _ in range(index - 1 - len(rows)))  # missing rows are empty
            width = max((int(c["column"]) for c in cells), default=0)
            if width > TABLE_COLUMNS:
                column = _column_name(width)
                wide = limit_message("too_many_columns", lang, limit=TABLE_COLUMNS, column=column)
                raise InputError(str(path), wide)
            row: list[Any] = [None] * width
            for cell in cells:
                row[int(cell["column"]) - 1] = cell["value"]
            _check_shape(index, row, path, lang)
            rows.append(row)
    return rows


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
