"""Reading and writing tables of facts: ``read_table`` and ``write_table`` (batch/tables.py).

CSV with comma, semicolon or tab, in UTF-8 (with or without BOM) or Windows-1252, and Excel
(.xlsx). Every value comes back as text; row numbers are the ones a spreadsheet shows (header =
row 1); a row with the wrong number of fields is kept and marked; columns must be fact ids.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart
from openpyxl.styles import PatternFill

from procurement.batch import tables
from procurement.batch.suppliers import SUPPLIER_ID_COLUMN
from procurement.batch.tables import BAD_ROW_COLUMN, ROW_COLUMN, read_table, write_table
from procurement.core.errors import InputError
from procurement.core.ruleset import RuleSet
from procurement.service import default_supplier_ruleset

ID = SUPPLIER_ID_COLUMN
HEADER = [ID, "runs_business", "employees_total", "employees_target_group"]
ROWS = [
    ["kafé-åsen", "true", "8", "5"],
    ["bolaget-öst", "false", "60", ""],
]


@pytest.fixture(scope="module")
def rs() -> RuleSet:
    """The shipped supplier rule set (rules/supplier/)."""
    return default_supplier_ruleset()


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows without the (empty) bad-row marker."""
    out = []
    for record in frame.to_dict(orient="records"):
        bad = record.pop(BAD_ROW_COLUMN)
        if isinstance(bad, str) and bad:
            record[BAD_ROW_COLUMN] = bad
        out.append(record)
    return out


def expected_records(rows: list[list[str]] = ROWS, first_row: int = 2) -> list[dict[str, str]]:
    return [
        {ROW_COLUMN: str(n), **dict(zip(HEADER, r, strict=True))}
        for n, r in enumerate(rows, start=first_row)
    ]


def workbook(path: Path, rows: list[list[Any]], extra_sheet: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = book.create_sheet("andra")
        other.append(["not_a_fact"])
        other.append(["x"])
    book.save(path)
    return path


# --- CSV: separators, encodings, line endings --------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_separator_and_line_ending_are_detected(
    tmp_path: Path, rs: RuleSet, sep: str, newline: str
) -> None:
    text = newline.join(sep.join(r) for r in [HEADER, *ROWS]) + newline
    frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert list(frame.columns) == [ROW_COLUMN, *HEADER, BAD_ROW_COLUMN]
    assert records(frame) == expected_records()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_give_the_same_text(tmp_path: Path, rs: RuleSet, encoding: str) -> None:
    text = "\r\n".join(";".join(r) for r in [HEADER, *ROWS]) + "\r\n"
    frame = read_table(write_text(tmp_path / "t.csv", text, encoding), rs, ID)
    assert list(frame.columns)[1] == ID  # no byte order mark left on the first column
    assert records(frame) == expected_records()
    assert frame[ID].tolist() == ["kafé-åsen", "bolaget-öst"]


def test_sample_files_in_both_csv_dialects_read_the_same(rs: RuleSet) -> None:
    folder = Path(__file__).resolve().parent.parent / "data" / "suppliers"
    comma = read_table(folder / "leverantorer.csv", rs, ID)
    semicolon = read_table(folder / "leverantorer_semikolon.csv", rs, ID)
    assert len(comma) == 22
    pd.testing.assert_frame_equal(comma, semicolon)


def test_values_stay_text_as_written(tmp_path: Path, rs: RuleSet) -> None:
    text = f"{ID},employees_total,runs_business\n007, 12 ,Ja\n"
    frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert records(frame) == [
        {ROW_COLUMN: "2", ID: "007", "employees_total": " 12 ", "runs_business": "Ja"}
    ]


def test_header_names_are_stripped(tmp_path: Path, rs: RuleSet) -> None:
    text = f" {ID} ; employees_total \na;1\n"
    frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert list(frame.columns) == [ROW_COLUMN, ID, "employees_total", BAD_ROW_COLUMN]


def test_id_column_is_optional(tmp_path: Path, rs: RuleSet) -> None:
    frame = read_table(write_text(tmp_path / "t.csv", "employees_total\n3\n"), rs, ID)
    assert records(frame) == [{ROW_COLUMN: "2", "employees_total": "3"}]


def test_quoted_separator_stays_in_its_field(tmp_path: Path, rs: RuleSet) -> None:
    text = f'{ID},employees_total\n"Nilsson, Berg & Co",4\n'
    frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert frame[ID].tolist() == ["Nilsson, Berg & Co"]
    assert frame[BAD_ROW_COLUMN].isna().all()


# --- CSV: blank lines, trailing empty columns, wrong field counts -------------------------------


def test_blank_lines_are_skipped_but_keep_row_numbers(tmp_path: Path, rs: RuleSet) -> None:
    lines = [",".join(HEADER), ",".join(ROWS[0]), "", "  ", ",,,", ",".join(ROWS[1]), "", ""]
    frame = read_table(write_text(tmp_path / "t.csv", "\n".join(lines)), rs, ID)
    assert [r[ROW_COLUMN] for r in records(frame)] == ["2", "6"]
    assert records(frame) == [expected_records()[0], {**expected_records()[1], ROW_COLUMN: "6"}]


def test_trailing_empty_columns_as_spreadsheets_save_them(tmp_path: Path, rs: RuleSet) -> None:
    # Swedish Excel: every line padded with ';' up to the widest used column.
    lines = [";".join([*HEADER, "", ""]), ";".join([*ROWS[0], "", ""]), ";".join(ROWS[1])]
    frame = read_table(write_text(tmp_path / "t.csv", "\r\n".join(lines) + "\r\n"), rs, ID)
    assert list(frame.columns) == [ROW_COLUMN, *HEADER, BAD_ROW_COLUMN]
    assert records(frame) == expected_records()


def test_trailing_empty_fields_on_one_row_are_not_a_wrong_count(
    tmp_path: Path, rs: RuleSet
) -> None:
    lines = [",".join(HEADER), ",".join([*ROWS[0], "", " "]), ",".join(ROWS[1])]
    frame = read_table(write_text(tmp_path / "t.csv", "\n".join(lines)), rs, ID)
    assert records(frame) == expected_records()


def test_wrong_field_counts_are_kept_and_marked(tmp_path: Path, rs: RuleSet) -> None:
    lines = [
        ",".join(HEADER),
        ",".join([*ROWS[0], "extra"]),  # one too many
        "kort,true",  # two too few
        ",".join(ROWS[1]),  # fine
    ]
    frame = read_table(write_text(tmp_path / "t.csv", "\n".join(lines)), rs, ID)
    got = records(frame)
    assert [r[ROW_COLUMN] for r in got] == ["2", "3", "4"]
    assert got[0][BAD_ROW_COLUMN] == "expected 4 fields, got 5"
    assert got[0][ID] == ROWS[0][0]
    assert got[1][BAD_ROW_COLUMN] == "expected 4 fields, got 2"
    assert got[1]["employees_total"] == ""  # padded, not shifted
    assert got[2] == {ROW_COLUMN: "4", **dict(zip(HEADER, ROWS[1], strict=True))}


def test_a_wrong_field_count_does_not_stop_the_batch(tmp_path: Path, rs: RuleSet) -> None:
    from procurement.batch.suppliers import check_frame

    lines = [",".join(HEADER), ",".join([*ROWS[0], "extra"]), ",".join(ROWS[1])]
    result = check_frame(read_table(write_text(tmp_path / "t.csv", "\n".join(lines)), rs, ID), rs)
    assert [str(e) for e in result.errors] == ["row 2: row: expected 4 fields, got 5"]
    assert result.frame["error"].tolist()[1] == ""
    assert result.frame["asf_definition"].tolist()[1] == "not_met"


def test_unicode_line_separator_inside_a_cell_does_not_split_the_row(
    tmp_path: Path, rs: RuleSet
) -> None:
    text = f"{ID},employees_total\nKafé\u2028Åsen,1\nb,2\n"
    frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert records(frame) == [
        {ROW_COLUMN: "2", ID: "Kafé\u2028Åsen", "employees_total": "1"},
        {ROW_COLUMN: "3", ID: "b", "employees_total": "2"},
    ]


def test_line_break_inside_a_quoted_field_is_kept(tmp_path: Path, rs: RuleSet) -> None:
    text = f'{ID},employees_total\n"Rad 1\nRad 2",1\nb,2\n'
    frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert frame[ID].tolist() == ["Rad 1\nRad 2", "b"]


# --- CSV: columns ------------------------------------------------------------------------------


def test_duplicate_column_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    text = f"{ID},employees_total,runs_business,employees_total\na,1,true,2\n"
    with pytest.raises(InputError) as info:
        read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert info.value.field == "employees_total"
    assert "twice" in str(info.value)


def test_duplicate_id_column_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    text = f"{ID},{ID}\na,b\n"
    with pytest.raises(InputError, match="twice") as info:
        read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert info.value.field == ID


@pytest.mark.parametrize(
    ("column", "suggestion"),
    [
        ("runs_busines", "runs_business"),
        ("employees_totl", "employees_total"),
        ("Supplier_ID", ID),
        ("RUNS_BUSINESS", "runs_business"),
    ],
)
def test_unknown_column_is_named_with_a_suggestion(
    tmp_path: Path, rs: RuleSet, column: str, suggestion: str
) -> None:
    text = f"{ID},{column}\na,1\n" if column != "Supplier_ID" else f"{column},runs_business\na,1\n"
    with pytest.raises(InputError) as info:
        read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    assert info.value.field == column
    assert "unknown column" in str(info.value)
    assert f"did you mean '{suggestion}'?" in str(info.value)


def test_unknown_column_without_a_close_match_has_no_suggestion(
    tmp_path: Path, rs: RuleSet
) -> None:
    with pytest.raises(InputError) as info:
        read_table(write_text(tmp_path / "t.csv", f"{ID},xyzzy\na,1\n"), rs, ID)
    assert str(info.value) == "xyzzy: unknown column: expected a fact id"


def test_empty_column_name_in_the_middle_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    with pytest.raises(InputError, match="unknown column") as info:
        read_table(write_text(tmp_path / "t.csv", f"{ID},,employees_total\na,x,1\n"), rs, ID)
    assert info.value.field == "(empty)"


def test_case_id_is_not_a_supplier_column(tmp_path: Path, rs: RuleSet) -> None:
    with pytest.raises(InputError, match="case_id: unknown column"):
        read_table(write_text(tmp_path / "t.csv", "case_id,employees_total\na,1\n"), rs, ID)


# --- CSV: files that cannot be used at all -----------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", " \n", ",,,\n", ";;\r\n;;\r\n"])
def test_empty_file_is_an_input_error(tmp_path: Path, rs: RuleSet, text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_table(write_text(tmp_path / "t.csv", text), rs, ID)


def test_header_only_gives_no_rows(tmp_path: Path, rs: RuleSet) -> None:
    frame = read_table(write_text(tmp_path / "t.csv", ",".join(HEADER) + "\n"), rs, ID)
    assert len(frame) == 0
    assert list(frame.columns) == [ROW_COLUMN, *HEADER, BAD_ROW_COLUMN]


def test_utf16_file_is_refused_as_not_text(tmp_path: Path, rs: RuleSet) -> None:
    path = write_text(tmp_path / "t.csv", "\t".join(HEADER) + "\n", "utf-16")
    with pytest.raises(InputError, match="not a text file"):
        read_table(path, rs, ID)


def test_unterminated_quote_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    path = write_text(tmp_path / "t.csv", f'{ID},employees_total\n"a,1\n')
    with pytest.raises(InputError, match="not a readable CSV file") as info:
        read_table(path, rs, ID)
    assert info.value.field == str(path)


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, rs: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_text(tmp_path / "t.csv", ",".join(HEADER) + "\n" + "a,true,1,1\n" * 200)
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 1024 * 1024 // 2)
    assert len(read_table(path, rs, ID)) == 200
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 1024)
    with pytest.raises(InputError, match="larger than"):
        read_table(path, rs, ID)


def test_missing_file_and_directory_are_input_errors(tmp_path: Path, rs: RuleSet) -> None:
    with pytest.raises(InputError, match="cannot read the file"):
        read_table(tmp_path / "saknas.csv", rs, ID)
    with pytest.raises(InputError, match="directory"):
        read_table(tmp_path, rs, ID)


# --- Excel: cell types become text -------------------------------------------------------------


def test_excel_cell_types_become_text(tmp_path: Path, rs: RuleSet) -> None:
    path = workbook(
        tmp_path / "t.xlsx",
        [
            [ID, "runs_business", "employees_total", "employees_target_group", "as_of"],
            ["text-id", True, 9, 3.0, dt.date(2026, 3, 1)],
            [1234567, False, 10.0, None, dt.datetime(2026, 3, 2, 14, 30)],
            [2.5, 1, 0.5, 0, "2026-03-03"],
            [None, "ja", None, None, None],
        ],
    )
    assert records(read_table(path, rs, ID)) == [
        {
            ROW_COLUMN: "2",
            ID: "text-id",
            "runs_business": "true",
            "employees_total": "9",
            "employees_target_group": "3",
            "as_of": "2026-03-01",
        },
        {
            ROW_COLUMN: "3",
            ID: "1234567",  # a numeric id comes back without '.0'
            "runs_business": "false",
            "employees_total": "10",
            "employees_target_group": "",  # an empty cell is an unanswered question
            "as_of": "2026-03-02",  # a date and time keeps only the date
        },
        {
            ROW_COLUMN: "4",
            ID: "2.5",
            "runs_business": "1",
            "employees_total": "0,5",  # a fact's number as a Swede writes it; the id is text
            "employees_target_group": "0",
            "as_of": "2026-03-03",
        },
        {
            ROW_COLUMN: "5",
            ID: "",
            "runs_business": "ja",
            "employees_total": "",
            "employees_target_group": "",
            "as_of": "",
        },
    ]


def counts(total: str, target: str) -> dict[str, str]:
    return {"employees_total": total, "employees_target_group": target}


def test_excel_blank_rows_and_formatted_empty_columns(tmp_path: Path, rs: RuleSet) -> None:
    path = tmp_path / "t.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["a", True, 8, 5])
    sheet.append([None, None, None, None])
    sheet.append(["b", False, 60, None])
    yellow = PatternFill("solid", fgColor="FFFF00")
    sheet.cell(row=1, column=9).fill = yellow  # a formatted empty column far to the right
    sheet.cell(row=8, column=2).fill = yellow  # a formatted empty row further down
    book.save(path)
    frame = read_table(path, rs, ID)
    assert list(frame.columns) == [ROW_COLUMN, *HEADER, BAD_ROW_COLUMN]
    assert records(frame) == [
        {ROW_COLUMN: "2", ID: "a", "runs_business": "true", **counts("8", "5")},
        {ROW_COLUMN: "4", ID: "b", "runs_business": "false", **counts("60", "")},
    ]


def test_excel_reads_only_the_first_sheet(tmp_path: Path, rs: RuleSet) -> None:
    path = workbook(tmp_path / "t.xlsx", [HEADER, ["a", True, 8, 5]], extra_sheet=True)
    assert read_table(path, rs, ID)[ID].tolist() == ["a"]


def test_excel_suffix_is_case_insensitive(tmp_path: Path, rs: RuleSet) -> None:
    path = workbook(tmp_path / "T.XLSX", [HEADER, ["a", True, 8, 5]])
    assert read_table(path, rs, ID)["employees_total"].tolist() == ["8"]


def test_excel_and_csv_of_the_same_table_read_the_same(tmp_path: Path, rs: RuleSet) -> None:
    typed = [["kafé-åsen", True, 8, 5], ["bolaget-öst", False, 60, None]]
    xlsx = read_table(workbook(tmp_path / "t.xlsx", [HEADER, *typed]), rs, ID)
    text = "\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n"
    csv_frame = read_table(write_text(tmp_path / "t.csv", text), rs, ID)
    pd.testing.assert_frame_equal(xlsx, csv_frame)


def test_excel_unknown_and_duplicate_columns(tmp_path: Path, rs: RuleSet) -> None:
    with pytest.raises(InputError, match="did you mean 'employees_total'"):
        read_table(workbook(tmp_path / "a.xlsx", [[ID, "employes_total"], ["a", 1]]), rs, ID)
    with pytest.raises(InputError, match="twice"):
        read_table(workbook(tmp_path / "b.xlsx", [[ID, ID], ["a", "b"]]), rs, ID)


def test_excel_stray_value_beside_the_header_is_an_empty_column_name(
    tmp_path: Path, rs: RuleSet
) -> None:
    path = workbook(tmp_path / "t.xlsx", [HEADER, ["a", True, 8, 5, None, "anteckning"]])
    with pytest.raises(InputError, match="unknown column") as info:
        read_table(path, rs, ID)
    assert info.value.field == "(empty)"


# --- Excel: files that cannot be used ----------------------------------------------------------


def test_excel_that_is_not_a_zip_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    path = write_text(tmp_path / "t.xlsx", ",".join(HEADER) + "\na,true,1,1\n")
    with pytest.raises(InputError, match="not a readable Excel file") as info:
        read_table(path, rs, ID)
    assert info.value.field == str(path)


def test_zip_that_is_not_a_workbook_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(InputError, match="not a readable Excel file"):
        read_table(path, rs, ID)


def test_empty_workbook_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    with pytest.raises(InputError, match="empty"):
        read_table(workbook(tmp_path / "t.xlsx", []), rs, ID)


def test_excel_header_only_gives_no_rows(tmp_path: Path, rs: RuleSet) -> None:
    assert len(read_table(workbook(tmp_path / "t.xlsx", [HEADER]), rs, ID)) == 0


def test_workbook_without_a_worksheet_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    book = Workbook()
    book.create_chartsheet().add_chart(BarChart())
    book.remove(book.active)
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(InputError):
        read_table(tmp_path / "t.xlsx", rs, ID)


def test_workbook_with_a_broken_xml_part_is_an_input_error(tmp_path: Path, rs: RuleSet) -> None:
    good = workbook(tmp_path / "good.xlsx", [HEADER, ["a", True, 8, 5]])
    broken = tmp_path / "t.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, b"<not xml" if name == "xl/workbook.xml" else src.read(name))
    with pytest.raises(InputError):
        read_table(broken, rs, ID)


def _with_dimension(source: Path, target: Path, ref: str | None) -> Path:
    """A copy of ``source`` whose sheet claims the used range is ``ref`` (None: no claim)."""
    tag = f'<dimension ref="{ref}"/>'.encode() if ref else b""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*>", tag, data)
            dst.writestr(name, data)
    return target


def test_excel_without_a_dimension_tag_is_read_in_full(tmp_path: Path, rs: RuleSet) -> None:
    good = workbook(tmp_path / "good.xlsx", [HEADER, ["a", True, 8, 5], ["b", False, 60, None]])
    path = _with_dimension(good, tmp_path / "t.xlsx", None)
    assert read_table(path, rs, ID)[ID].tolist() == ["a", "b"]


def test_excel_with_a_wrong_dimension_tag_is_read_in_full(tmp_path: Path, rs: RuleSet) -> None:
    good = workbook(tmp_path / "good.xlsx", [HEADER, ["a", True, 8, 5], ["b", False, 60, None]])
    path = _with_dimension(good, tmp_path / "t.xlsx", "A1")
    frame = read_table(path, rs, ID)
    assert list(frame.columns) == [ROW_COLUMN, *HEADER, BAD_ROW_COLUMN]
    assert frame[ID].tolist() == ["a", "b"]


# --- write_table -------------------------------------------------------------------------------


def result_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": [2, 3],
            ID: ["kafé-åsen", "=1+1"],
            "note": ["+46 8 123", "a=b"],
            "share": [0.45, ""],
        },
        dtype=object,
    )


def test_write_csv_is_utf8_and_neutralises_formulas(tmp_path: Path) -> None:
    frame = result_frame()
    before = frame.copy()
    write_table(frame, tmp_path / "out.csv")
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is untouched
    back = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(back.columns) == ["row", ID, "note", "share"]
    assert back.to_dict(orient="records") == [
        {"row": "2", ID: "kafé-åsen", "note": "'+46 8 123", "share": "0.45"},
        {"row": "3", ID: "'=1+1", "note": "a=b", "share": ""},
    ]


def test_write_xlsx_reads_back_with_text_not_formulas(tmp_path: Path) -> None:
    write_table(result_frame(), tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("row", ID, "note", "share")
    assert rows[1][:3] == (2, "kafé-åsen", "'+46 8 123")
    assert rows[1][3] == pytest.approx(0.45)
    assert rows[2][:3] == (3, "'=1+1", "a=b")
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    back = pd.read_excel(tmp_path / "out.xlsx", dtype=str, keep_default_na=False)
    assert back[ID].tolist() == ["kafé-åsen", "'=1+1"]


def test_write_neutralises_column_names(tmp_path: Path) -> None:
    write_table(pd.DataFrame({"=bad": ["x"]}), tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines() == ['"\'=bad"', '"x"']
    write_table(pd.DataFrame({"\x01=bad": ["x"]}), tmp_path / "out.xlsx")
    header = load_workbook(tmp_path / "out.xlsx").worksheets[0]["A1"]
    assert (header.value, header.data_type) == ("'=bad", "s")


# Cells that became formulas before: a control character removed after the check, a bare
# carriage return starting a new row, a part after a semicolon (Swedish Excel's separator).
PAYLOADS = [
    '\x01=HYPERLINK("http://x","y")',
    "\x00=1+1",
    "abc\r=1+1",
    "x;=1+1;",
    "\t=1+1",
    " =1+1",
    "#N/A",
]


def payload_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"row": list(range(2, len(PAYLOADS) + 2)), ID: PAYLOADS, "share": [0.5] * len(PAYLOADS)},
        dtype=object,
    )


def test_write_xlsx_writes_every_text_cell_as_text(tmp_path: Path) -> None:
    write_table(payload_frame(), tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [
        '\'=HYPERLINK("http://x","y")',
        "'=1+1",
        "abc\n'=1+1",
        "x;'=1+1;",
        "'\t'=1+1",
        "' =1+1",
        "#N/A",
    ]
    assert {c.data_type for c in cells} == {"s"}  # never "f" (formula) or "e" (error)
    numbers = [(row[0].data_type, row[2].data_type) for row in sheet.iter_rows(min_row=2)]
    assert set(numbers) == {("n", "n")}  # numbers stay numbers


def test_the_excel_writer_writes_text_as_text_even_unneutralised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Defence in depth: were a text starting with '=' to reach the writer, it stays text.
    monkeypatch.setattr(tables, "neutralise_frame", lambda frame: frame)
    frame = pd.DataFrame({"=1+1": ["=1+1", "#N/A", "#DIV/0!", "x", 3]}, dtype=object)
    write_table(frame, tmp_path / "out.xlsx")
    column = load_workbook(tmp_path / "out.xlsx").worksheets[0]["A"]
    assert [(c.value, c.data_type) for c in column] == [
        ("=1+1", "s"),
        ("=1+1", "s"),
        ("#N/A", "s"),
        ("#DIV/0!", "s"),
        ("x", "s"),
        (3, "n"),
    ]


def test_write_csv_quotes_every_text_cell_and_never_writes_a_bare_carriage_return(
    tmp_path: Path,
) -> None:
    write_table(payload_frame(), tmp_path / "out.csv")
    raw = (tmp_path / "out.csv").read_bytes()
    assert b"\r" not in raw
    assert b"\x00" not in raw and b"\x01" not in raw
    lines = raw.decode("utf-8").split("\n")
    assert lines[:3] == [
        '"row","supplier_id","share"',
        '2,"\'=HYPERLINK(""http://x"",""y"")",0.5',
        '3,"\'=1+1",0.5',
    ]
    back = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert back[ID].tolist() == [
        '\'=HYPERLINK("http://x","y")',
        "'=1+1",
        "abc\n'=1+1",
        "x;'=1+1;",
        "'\t'=1+1",
        "' =1+1",
        "#N/A",
    ]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_write_csv_read_at_any_separator_has_no_formula(tmp_path: Path, separator: str) -> None:
    # Swedish Excel splits a comma file at semicolons: every part must be inert on its own,
    # and a reader that loses track of the quotes splits inside a cell.
    write_table(payload_frame(), tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quoting=quoting)
        for record in reader:
            for field in record:
                inner = field.lstrip(' \t\n"')
                assert not inner.startswith(("=", "+", "-", "@")), (separator, record)


def test_write_keeps_numpy_numbers_as_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame({"row": [2, 3], "share": [0.25, float("nan")], ID: ["-a", "b"]})
    write_table(frame, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines() == [
        '"row","share","supplier_id"',
        '2,0.25,"\'-a"',
        '3,"","b"',
    ]
    write_table(frame, tmp_path / "out.xlsx")
    rows = list(load_workbook(tmp_path / "out.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[1:] == [(2, 0.25, "'-a"), (3, None, "b")]


def test_write_to_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "saknas" / "out.csv"
    with pytest.raises(InputError, match="cannot write the file") as info:
        write_table(result_frame(), target)
    assert info.value.field == str(target)


def test_written_csv_reads_back_as_the_same_table(tmp_path: Path, rs: RuleSet) -> None:
    frame = pd.DataFrame([dict(zip(HEADER, r, strict=True)) for r in ROWS], dtype=object)
    write_table(frame, tmp_path / "t.csv")
    assert records(read_table(tmp_path / "t.csv", rs, ID)) == expected_records()


def test_write_xlsx_with_a_control_character_does_not_crash(tmp_path: Path) -> None:
    frame = pd.DataFrame({ID: ["a\x01b", "c"]}, dtype=object)
    try:
        write_table(frame, tmp_path / "out.xlsx")
    except InputError:
        return  # refusing with a clear message is acceptable too
    assert load_workbook(tmp_path / "out.xlsx").worksheets[0].max_row == 3


# --- uploads: read from memory, named by the upload; results as bytes -----------------------


def test_an_upload_reads_as_its_file_would(tmp_path: Path, rs: RuleSet) -> None:
    text = "\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n"
    path = write_text(tmp_path / "t.csv", text)
    from_bytes = tables.read_table_bytes(text.encode(), "leverantörer.csv", rs, ID)
    pd.testing.assert_frame_equal(from_bytes, read_table(path, rs, ID))
    book = workbook(tmp_path / "t.xlsx", [HEADER, *ROWS])
    excel = tables.read_table_bytes(book.read_bytes(), "Leverantörer.XLSX", rs, ID)
    assert records(excel) == expected_records()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"supplier_id,runs_busines\n", "unknown column"),
        (b"\0\0", "not a text file"),
    ],
)
def test_an_upload_error_names_the_upload_never_a_path(
    rs: RuleSet, content: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        tables.read_table_bytes(content, "[lista](x).csv", rs, ID)
    assert "/" not in str(info.value).replace("(x)", "")  # no directory anywhere
    if message != "unknown column":
        assert info.value.field == "[lista](x).csv"


def test_an_upload_over_the_limit_is_refused(rs: RuleSet) -> None:
    with pytest.raises(InputError, match="larger than 20 MB") as info:
        tables.read_table_bytes(b"x" * (tables.MAX_TABLE_BYTES + 1), "stor.csv", rs, ID)
    assert info.value.field == "stor.csv"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_bytes_are_what_write_table_writes(tmp_path: Path, suffix: str) -> None:
    frame = result_frame()
    data = tables.table_bytes(frame, suffix)
    write_table(frame, tmp_path / f"out{suffix}")
    if suffix == ".csv":
        assert data == (tmp_path / "out.csv").read_bytes()
    else:  # a workbook's zip carries its time of writing; compare the cells
        ours = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        theirs = pd.read_excel(tmp_path / "out.xlsx", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(ours, theirs)
        assert ours[ID].tolist() == ["kafé-åsen", "'=1+1"]  # formulas neutralised


def test_an_excel_number_in_a_fact_column_reads_as_swedish_text(
    tmp_path: Path, rs: RuleSet
) -> None:
    # 1.125 written with a point would be ambiguous (1 125 or 1,125); the cell is a number.
    book = workbook(tmp_path / "t.xlsx", [[ID, "employees_total"], [1.125, 1.125], [2, 2.5]])
    assert [r["employees_total"] for r in records(read_table(book, rs, ID))] == [
        "1,125",
        "2,5",
    ]
    assert [r[ID] for r in records(read_table(book, rs, ID))] == ["1.125", "2"]
