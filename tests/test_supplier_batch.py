"""``python -m procurement check-supplier-batch TABLE -o RESULTS`` and the sample supplier tables.

The 22 sample suppliers are in data/suppliers/ as comma CSV, semicolon CSV (UTF-8 with BOM,
CRLF) and Excel; all three must give the same results, written as CSV or Excel. A bad row is
reported with its row number and field and does not stop the others (exit 1); a file that cannot
be used at all exits 2 with one line. Exported cells that a spreadsheet would run as formulas
get a leading apostrophe.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart

from procurement.batch.suppliers import SUPPLIER_ID_COLUMN
from procurement.batch.tables import MAX_TABLE_BYTES, read_table
from procurement.service import check_supplier, default_supplier_ruleset
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import ROOT

SUPPLIERS = ROOT / "data" / "suppliers"
CSV_COMMA = SUPPLIERS / "leverantorer.csv"
CSV_SEMICOLON = SUPPLIERS / "leverantorer_semikolon.csv"
XLSX = SUPPLIERS / "leverantorer.xlsx"
INPUTS = {"comma": CSV_COMMA, "semicolon": CSV_SEMICOLON, "xlsx": XLSX}
OUTPUTS = ("csv", "xlsx")
CHECK_IDS = ("asf_definition", "reserved_4_18", "reserved_19_25", "reserved_19_25a")
INTEGER_FACTS = ("employees_total", "employees_target_group")
REQUIRED_COLUMNS = [
    "row",
    "supplier_id",
    "error",
    "asf_definition",
    "asf_definition.runs_business",
    "reserved_4_18",
    "reserved_4_18.target_group_share",
    "reserved_19_25",
    "reserved_19_25a",
    "missing_facts",
    "missing_evidence",
    "warnings",
    "ruleset_version",
]
STATUSES = {
    "asf_definition": {"met", "not_met", "incomplete"},
    "reserved_4_18": {"eligible", "not_eligible", "incomplete"},
    "reserved_19_25": {"eligible", "not_eligible", "incomplete"},
    "reserved_19_25a": {"eligible", "not_eligible", "incomplete"},
}


def csv_rows(path: Path = CSV_COMMA) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";" if "semikolon" in path.name else ",")
        return list(reader.fieldnames or []), list(reader)


HEADER, ROWS = csv_rows()
IDS = [r["supplier_id"] for r in ROWS]


def typed(column: str, text: str) -> Any:
    """The value a CSV cell stands for: None (unanswered), a bool, an int or the id text."""
    if column == "supplier_id":
        return text
    if text == "":
        return None
    if column in INTEGER_FACTS:
        return int(text)
    return {"true": True, "false": False}[text]


def read_output(path: Path) -> pd.DataFrame:
    """A results file (CSV or Excel) as text, empty cells as ''."""
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=object, keep_default_na=False)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def normalised(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows with numbers compared as numbers, so CSV text and Excel cells can be compared."""

    def value(cell: Any) -> Any:
        if isinstance(cell, bool):
            return str(cell).lower()
        if isinstance(cell, (int, float)):
            return round(float(cell), 12)
        try:
            return round(float(cell), 12)
        except ValueError:
            return cell

    return [{k: value(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]


def run_batch(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    proc = run_cli("check-supplier-batch", src, "-o", out, *extra)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def batches(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[subprocess.CompletedProcess[str], Path]]:
    """check-supplier-batch on each sample table, into CSV and into Excel."""
    folder = tmp_path_factory.mktemp("supplier_batch")
    jobs = [
        (name, suffix, src, folder / f"{name}_out.{suffix}")
        for name, src in INPUTS.items()
        for suffix in OUTPUTS
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        procs = list(pool.map(lambda job: run_batch(job[2], job[3]), jobs))
    return {(j[0], j[1]): (p, j[3]) for j, p in zip(jobs, procs, strict=True)}


# --- the Excel copy of the sample table --------------------------------------------------------


def test_xlsx_holds_exactly_the_same_facts_as_the_csv() -> None:
    book = load_workbook(XLSX, read_only=True)
    try:
        cells = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    assert list(cells[0]) == HEADER
    body = [row for row in cells[1:] if any(c is not None for c in row)]
    assert len(body) == len(ROWS) == 22
    for number, (row, source) in enumerate(zip(body, ROWS, strict=True), start=2):
        for column, cell in zip(HEADER, row, strict=True):
            expected = typed(column, source[column])
            assert cell == expected, (number, column, cell, expected)
            # Real Excel types: booleans are booleans, counts numbers, unanswered cells empty.
            assert type(cell) is type(expected), (number, column, type(cell))


def test_xlsx_has_typed_cells_not_text() -> None:
    book = load_workbook(XLSX)
    sheet = book.worksheets[0]
    kinds = {sheet.cell(row=1, column=i + 1).value: set() for i in range(len(HEADER))}
    for row in sheet.iter_rows(min_row=2):
        for column, cell in zip(HEADER, row, strict=True):
            kinds[column].add(cell.data_type if cell.value is not None else "empty")
    assert kinds["supplier_id"] == {"s"}
    assert kinds["employees_total"] == {"n"}
    assert kinds["employees_target_group"] == {"n", "empty"}
    assert kinds["runs_business"] == {"b"}
    assert kinds["participation_documented"] == {"b", "empty"}


def test_all_three_sample_tables_read_the_same() -> None:
    rs = default_supplier_ruleset()
    frames = [read_table(path, rs, SUPPLIER_ID_COLUMN) for path in INPUTS.values()]
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], frame)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_xlsx", SUPPLIERS / "make_xlsx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_workbook(tmp_path: Path) -> None:
    generator = _generator()
    assert generator.__doc__ and "python data/suppliers/make_xlsx.py" in generator.__doc__
    assert generator.write_workbook(tmp_path / "copy.xlsx") == 22

    def values(path: Path) -> list[tuple[Any, ...]]:
        book = load_workbook(path)
        return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]

    assert values(tmp_path / "copy.xlsx") == values(XLSX)


def test_generator_refuses_a_value_it_cannot_type(tmp_path: Path) -> None:
    generator = _generator()
    source = tmp_path / "bad.csv"
    source.write_text("supplier_id,runs_business\na,kanske\n", encoding="utf-8")
    with pytest.raises(ValueError, match="runs_business"):
        generator.write_workbook(tmp_path / "bad.xlsx", source)


def test_generator_runs_from_the_project_root(tmp_path: Path) -> None:
    # Run a copy, so the committed workbook is left alone.
    script = tmp_path / "make_xlsx.py"
    script.write_text((SUPPLIERS / "make_xlsx.py").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "leverantorer.csv").write_bytes(CSV_COMMA.read_bytes())
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "22 suppliers" in proc.stdout
    assert (tmp_path / "leverantorer.xlsx").exists()


# --- check-supplier-batch on the sample tables -------------------------------------------------


@pytest.mark.parametrize("source", list(INPUTS))
@pytest.mark.parametrize("suffix", OUTPUTS)
def test_batch_exits_0_with_one_row_per_supplier(batches: Any, source: str, suffix: str) -> None:
    proc, out = batches[(source, suffix)]
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [f"22 of 22 suppliers checked; results in {out}"]
    frame = read_output(out)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    assert missing == []
    assert frame["supplier_id"].tolist() == IDS
    assert [int(r) for r in frame["row"]] == list(range(2, 24))
    assert (frame["error"] == "").all()
    for check_id, allowed in STATUSES.items():
        assert set(frame[check_id]) <= allowed, check_id
    assert set(frame["asf_definition.runs_business"]) <= {"met", "not_met", "unknown"}
    assert frame["ruleset_version"].nunique() == 1


def test_batch_columns_include_every_criterion(batches: Any) -> None:
    frame = read_output(batches[("comma", "csv")][1])
    columns = list(frame.columns)
    report = check_supplier(typed_facts(ROWS[0]))
    for check_id in CHECK_IDS:
        for criterion in report.model_dump()[check_id]["criteria"]:
            assert f"{check_id}.{criterion}" in columns
    # Columns are in a fixed order: row, id, facts, then the results.
    assert columns[:2] == ["row", "supplier_id"]
    assert columns[2 : 2 + len(HEADER) - 1] == HEADER[1:]
    assert columns[-4:] == ["missing_facts", "missing_evidence", "warnings", "ruleset_version"]


def test_the_three_inputs_give_identical_csv_results(batches: Any) -> None:
    texts = {name: batches[(name, "csv")][1].read_bytes() for name in INPUTS}
    assert texts["semicolon"] == texts["comma"]
    assert texts["xlsx"] == texts["comma"]


def test_excel_results_match_csv_results(batches: Any) -> None:
    expected = normalised(read_output(batches[("comma", "csv")][1]))
    for name in INPUTS:
        out = batches[(name, "xlsx")][1]
        assert normalised(read_output(out)) == expected, name


def test_excel_results_read_back_with_openpyxl(batches: Any) -> None:
    out = batches[("xlsx", "xlsx")][1]
    book = load_workbook(out, read_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    header = list(rows[0])
    assert header[:2] == ["row", "supplier_id"]
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [r["supplier_id"] for r in body] == IDS
    assert [r["row"] for r in body] == list(range(2, 24))
    first = body[0]  # kooperativet-lindgarden: 9 of 20 employees in the target group
    assert first["reserved_4_18.target_group_share"] == pytest.approx(0.45)


def typed_facts(row: dict[str, str]) -> dict[str, Any]:
    return {
        k: typed(k, v) for k, v in row.items() if k != "supplier_id" and typed(k, v) is not None
    }


def test_batch_agrees_with_the_single_supplier_check(batches: Any) -> None:
    frame = read_output(batches[("comma", "csv")][1])
    for row, result in zip(ROWS, frame.to_dict(orient="records"), strict=True):
        report = check_supplier(typed_facts(row)).model_dump(mode="json")
        for check_id in CHECK_IDS:
            assert result[check_id] == report[check_id]["status"], (row["supplier_id"], check_id)
            for criterion, status in report[check_id]["criteria"].items():
                assert result[f"{check_id}.{criterion}"] == status
        share = report["reserved_4_18"]["target_group_share"]
        cell = result["reserved_4_18.target_group_share"]
        assert (cell == "") if share is None else float(cell) == pytest.approx(share)
        assert result["missing_facts"] == ";".join(report["missing_facts"])


def test_unanswered_cells_show_up_as_missing_facts(batches: Any) -> None:
    frame = read_output(batches[("semicolon", "csv")][1]).set_index("supplier_id")
    row = frame.loc["hantverkshuset-sorbyn-ek-for"]
    assert row["asf_definition"] == "incomplete"
    assert row["reserved_4_18.target_group_share"] == ""
    assert set(row["missing_facts"].split(";")) >= {
        "participation_documented",
        "employees_target_group",
    }
    assert row["missing_evidence"]
    complete = frame.loc["kooperativet-lindgarden-ek-for"]
    assert complete["missing_facts"] == ""


def test_batch_in_english(tmp_path: Path, batches: Any) -> None:
    proc = run_batch(XLSX, tmp_path / "en.csv", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    en = read_output(tmp_path / "en.csv")
    sv = read_output(batches[("comma", "csv")][1])
    for check_id in CHECK_IDS:
        assert en[check_id].tolist() == sv[check_id].tolist()
    pairs = zip(sv["missing_evidence"], en["missing_evidence"], strict=True)
    changed = [(s, e) for s, e in pairs if s]
    assert changed and all(s != e for s, e in changed)


# --- bad rows: reported with row number and field, the others assessed, exit 1 -----------------


def bad_table_lines() -> list[str]:
    lines = CSV_COMMA.read_text(encoding="utf-8").splitlines()[:7]  # header + 6 suppliers
    header = lines[0].split(",")
    total, target = header.index("employees_total"), header.index("employees_target_group")
    fields = [line.split(",") for line in lines]
    fields[2][target] = "99"  # row 3: more in the target group than employed
    fields[4][total] = "tjugo"  # row 6: not a number
    out = [",".join(f) for f in fields]
    out[5] += ",extra"  # row 7: one field too many
    out.insert(4, "")  # a blank row 5: the rows after it keep their spreadsheet numbers
    return out


EXPECTED_BAD = {
    3: ("employees_target_group", None),
    6: ("employees_total", "”tjugo” är inte ett tal"),
    7: ("row", "expected 18 fields, got 19"),
}


@pytest.mark.parametrize("suffix", OUTPUTS)
def test_bad_rows_are_reported_and_do_not_stop_the_others(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("\n".join(bad_table_lines()) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{suffix}"
    proc = run_batch(src, out)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[-1] == f"3 of 6 suppliers checked; results in {out}"
    errors = lines[:-1]
    assert len(errors) == 3, proc.stderr
    for line, (row, (field, detail)) in zip(errors, EXPECTED_BAD.items(), strict=True):
        assert line.startswith(f"error: row {row}: {field}: "), line
        assert detail is None or detail in line, line
    frame = read_output(out)
    assert [int(r) for r in frame["row"]] == [2, 3, 4, 6, 7, 8]
    by_row = {int(r["row"]): r for r in frame.to_dict(orient="records")}
    for row, result in by_row.items():
        if row in EXPECTED_BAD:
            field = EXPECTED_BAD[row][0]
            assert result["error"].startswith(f"row {row}: {field}: "), result["error"]
            assert all(result[c] == "" for c in CHECK_IDS)
        else:
            assert result["error"] == ""
            assert all(result[c] for c in CHECK_IDS)
    assert by_row[2]["supplier_id"] == IDS[0]
    assert by_row[8]["supplier_id"] == IDS[5]


def test_bad_cells_in_an_excel_table(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for number, source in enumerate(ROWS[:4], start=2):
        row = [typed(c, source[c]) for c in HEADER]
        if number == 3:
            row[HEADER.index("employees_target_group")] = 1000
        if number == 4:
            row[HEADER.index("employees_total")] = True  # a boolean in a count
        if number == 5:
            row[HEADER.index("runs_business")] = 2
        sheet.append(row)
    book.save(tmp_path / "bad.xlsx")
    proc = run_batch(tmp_path / "bad.xlsx", tmp_path / "out.xlsx")
    assert proc.returncode == 1, proc.stderr
    errors = proc.stderr.splitlines()[:-1]
    assert [e.split(":")[1:3] for e in errors] == [
        [" row 3", " employees_target_group"],
        [" row 4", " employees_total"],
        [" row 5", " runs_business"],
    ]
    frame = read_output(tmp_path / "out.xlsx")
    assert frame["error"].tolist()[0] == ""
    assert frame["asf_definition"].tolist()[0] == "met"


# --- files that cannot be used at all: exit 2, one line ----------------------------------------


def _not_a_zip(path: Path) -> None:
    path.write_text(CSV_COMMA.read_text(encoding="utf-8"), encoding="utf-8")


def _zip_not_a_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("leverantorer.csv", CSV_COMMA.read_text(encoding="utf-8"))


def _empty_workbook(path: Path) -> None:
    Workbook().save(path)


def _unknown_column(path: Path) -> None:
    book = Workbook()
    book.active.append(["supplier_id", "runs_busines"])
    book.active.append(["a", True])
    book.save(path)


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


MALFORMED = {
    "not_a_zip": (_not_a_zip, ("leverantorer.xlsx", "not a readable Excel file")),
    "zip_not_a_workbook": (_zip_not_a_workbook, ("leverantorer.xlsx", "not a readable Excel")),
    "empty_workbook": (_empty_workbook, ("leverantorer.xlsx", "empty")),
    "unknown_column": (_unknown_column, ("runs_busines", "did you mean 'runs_business'?")),
    "empty_file": (_empty_file, ("leverantorer.xlsx", "not a readable Excel file")),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_spreadsheet_exits_2_with_one_line(tmp_path: Path, case: str) -> None:
    make, needles = MALFORMED[case]
    src = tmp_path / "leverantorer.xlsx"
    make(src)
    out = tmp_path / "out.csv"
    assert_one_line_error(run_batch(src, out), *needles)
    assert not out.exists()


def _chart_sheet_only(path: Path) -> None:
    book = Workbook()
    book.create_chartsheet().add_chart(BarChart())
    book.remove(book.active)
    book.save(path)


def _broken_xml_part(path: Path) -> None:
    good = path.with_name("good.xlsx")
    _unknown_column(good)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            data = b"<not xml" if name == "xl/worksheets/sheet1.xml" else src.read(name)
            dst.writestr(name, data)


def _missing_sheet_part(path: Path) -> None:
    good = path.with_name("good.xlsx")
    _unknown_column(good)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            if name != "xl/worksheets/sheet1.xml":
                dst.writestr(name, src.read(name))


@pytest.mark.parametrize("make", [_chart_sheet_only, _missing_sheet_part])
def test_workbook_without_a_worksheet_exits_2(tmp_path: Path, make: Any) -> None:
    src = tmp_path / "leverantorer.xlsx"
    make(src)
    assert_one_line_error(run_batch(src, tmp_path / "out.csv"), "leverantorer.xlsx")


def test_workbook_with_a_broken_xml_part_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "leverantorer.xlsx"
    _broken_xml_part(src)
    assert_one_line_error(run_batch(src, tmp_path / "out.csv"), "leverantorer.xlsx")


def test_workbook_with_a_wrong_dimension_tag_is_read_in_full(tmp_path: Path) -> None:
    src = tmp_path / "leverantorer.xlsx"
    with zipfile.ZipFile(XLSX) as original, zipfile.ZipFile(src, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*>", b'<dimension ref="A1"/>', data)
            copy.writestr(name, data)
    proc = run_batch(src, tmp_path / "out.csv")
    assert proc.returncode == 0, proc.stderr
    assert read_output(tmp_path / "out.csv")["supplier_id"].tolist() == IDS


@pytest.mark.parametrize("name", ["leverantorer.csv", "leverantorer.xlsx"])
def test_file_over_the_size_limit_exits_2(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    with src.open("wb") as fh:
        fh.write(CSV_COMMA.read_bytes())
        fh.truncate(MAX_TABLE_BYTES + 1)  # sparse: cheap to create
    assert_one_line_error(run_batch(src, tmp_path / "out.csv"), name, "larger than 20 MB")


def test_missing_table_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "saknas.xlsx"
    assert_one_line_error(run_batch(src, tmp_path / "out.csv"), "saknas.xlsx", "cannot read")


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "saknas" / "out.xlsx"
    assert_one_line_error(run_batch(CSV_COMMA, out), "out.xlsx", "cannot write")


# --- formula injection -------------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "=1+1"]


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("injection")
    src = folder / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for supplier_id, row in zip(INJECTIONS, ROWS, strict=False):
            writer.writerow([supplier_id, *(row[c] for c in HEADER[1:])])
        writer.writerow(["ok", *(ROWS[0][c] for c in HEADER[1:-1]), "=2+2"])  # a bad fact cell
    outs = {suffix: folder / f"out.{suffix}" for suffix in OUTPUTS}
    with ThreadPoolExecutor(max_workers=2) as pool:
        procs = list(pool.map(lambda out: run_batch(src, out), outs.values()))
    for proc in procs:
        assert proc.returncode == 1, proc.stderr  # only the bad fact cell is an error
        assert "row 7: awarded_19_25_same_authority_last_3_years:" in proc.stderr
    return outs


def test_formulas_get_an_apostrophe_in_csv_output(injected: dict[str, Path]) -> None:
    with injected["csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["supplier_id"] for r in rows] == ["'" + s for s in INJECTIONS] + ["ok"]
    assert rows[-1]["awarded_19_25_same_authority_last_3_years"] == "'=2+2"
    assert not rows[-1]["error"].startswith(("=", "+", "-", "@"))


def test_formulas_get_an_apostrophe_in_excel_output(injected: dict[str, Path]) -> None:
    book = load_workbook(injected["xlsx"])
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("supplier_id") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert [c.value for c in cells] == ["'" + s for s in INJECTIONS] + ["ok"]
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    read_back = pd.read_excel(injected["xlsx"], dtype=str, keep_default_na=False)
    assert read_back["supplier_id"].tolist()[0] == '\'=HYPERLINK("http://x")'


def test_control_character_in_a_cell_does_not_crash_excel_output(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        ",".join(HEADER[:2]) + "\nkafe\x01asen,true\nok,true\n", encoding="utf-8", newline=""
    )
    out = tmp_path / "out.xlsx"
    proc = run_batch(src, out)
    assert proc.returncode in (0, 2), proc.stderr
    if proc.returncode == 2:
        assert_one_line_error(proc, "supplier_id")
    else:
        assert len(read_output(out)) == 2
