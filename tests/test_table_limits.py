"""Small files must not exhaust the server (issue 16, bounded work).

The bomb files are generated here (tests/bombs.py): a 100 KB workbook with one cell in column
XFD on 20 000 rows, a 1.5 MB workbook with one shared string of 1.5 GB, /dev/zero and a named
pipe given as input, and a valid table of 100 000 suppliers. Each runs in a child process
whose address space is limited (RLIMIT_AS, generous: several times what the fixed code needs,
a fraction of what the old code took), and must be refused with one clear line, or complete.
The row, column and cell limits and the workbook checks are tested with small limits patched
in. No test measures time.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from procurement.batch import tables
from procurement.batch.suppliers import SUPPLIER_ID_COLUMN as ID
from procurement.batch.tables import read_table, read_table_bytes
from procurement.core import bounded, limits
from procurement.core.bounded import read_limited
from procurement.core.errors import InputError
from procurement.core.ruleset import RuleSet
from procurement.service import default_supplier_ruleset
from tests.bombs import huge_shared_string_xlsx, minimal_xlsx, supplier_csv, wide_rows_xlsx
from tests.cli_helpers import assert_one_line_error
from tests.conftest import ROOT

# The address space a child may use: Python with pandas and openpyxl imported reserves about
# 0.4 GB; the bombs took 3.2 to 3.7 GB.
BOMB_LIMIT = 1024 * 1024 * 1024


@pytest.fixture(scope="module")
def rs() -> RuleSet:
    return default_supplier_ruleset()


def _limited(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_limited(
    args: list[str], limit: int = BOMB_LIMIT, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` from the project root with its address space limited to ``limit``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
        preexec_fn=lambda: _limited(limit),
    )


def cli_limited(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_limited(["-m", "procurement", *map(str, args)])


# --- the bombs, end to end through the command line ------------------------------------------


def test_a_cell_in_column_xfd_on_20000_rows_is_refused(tmp_path: Path) -> None:
    bomb = wide_rows_xlsx(tmp_path / "bred.xlsx")
    assert bomb.stat().st_size < 150_000
    proc = cli_limited("check-supplier-batch", bomb, "-o", tmp_path / "ut.csv")
    assert_one_line_error(proc, "bred.xlsx", "more than 200 columns", "column XFD")
    assert not (tmp_path / "ut.csv").exists()


def test_a_declared_dimension_beyond_the_limits_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = wide_rows_xlsx(tmp_path / "bred.xlsx", dimension="A1:XFD20001")
    proc = cli_limited("check-supplier-batch", bomb, "-o", tmp_path / "ut.csv")
    assert_one_line_error(proc, "declares 20,001 rows and 16,384 columns", "at most 100,000 rows")


def test_one_huge_shared_string_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = huge_shared_string_xlsx(tmp_path / "strang.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    proc = cli_limited("check-supplier-batch", bomb, "-o", tmp_path / "ut.csv")
    assert_one_line_error(proc, "strang.xlsx", "xl/sharedStrings.xml", "unpacks to more than 32 MB")


@pytest.mark.parametrize(
    "command",
    [
        ["check-supplier"],
        ["assess"],
        ["check-supplier-batch", "-o", "{tmp}/ut.csv"],
        ["assess-batch", "-o", "{tmp}/ut.csv"],
    ],
    ids=lambda c: c[0],
)
def test_dev_zero_is_refused_without_reading_it(tmp_path: Path, command: list[str]) -> None:
    name, *rest = command
    proc = cli_limited(name, "/dev/zero", *(a.format(tmp=tmp_path) for a in rest))
    assert_one_line_error(proc, "/dev/zero", "not a regular file")


@pytest.mark.parametrize("command", ["check-supplier", "check-supplier-batch"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "ror.csv"
    os.mkfifo(fifo)
    extra = ["-o", str(tmp_path / "ut.csv")] if command.endswith("batch") else []
    proc = cli_limited(command, fifo, *extra)  # a blocking open would hang until the timeout
    assert_one_line_error(proc, "ror.csv", "not a regular file")


def test_100000_valid_suppliers_are_checked_within_bounded_memory(tmp_path: Path) -> None:
    """Reading and checking a valid table of 100 000 suppliers (2.8 MB) stays within 1 GB of
    address space (0.4 GB of it the interpreter and its libraries); it took 3.66 GB."""
    table = supplier_csv(tmp_path / "leverantorer.csv", 100_000)
    script = textwrap.dedent(
        f"""
        from procurement.batch.suppliers import SUPPLIER_ID_COLUMN, check_frame
        from procurement.batch.tables import read_table
        from procurement.service import default_supplier_ruleset

        rs = default_supplier_ruleset()
        result = check_frame(read_table({str(table)!r}, rs, SUPPLIER_ID_COLUMN), rs, "sv")
        print(len(result.frame), len(result.errors), result.frame.iloc[-1]["supplier_id"])
        """
    )
    proc = run_limited(["-c", script])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["100000", "0", "s99999"]


# --- the limits, one by one ----------------------------------------------------------------


def _csv(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "t.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


HEADER = [ID, "runs_business"]


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "xlsx"])
def test_rows_beyond_the_limit_are_refused(
    tmp_path: Path, rs: RuleSet, monkeypatch: pytest.MonkeyPatch, excel: bool
) -> None:
    monkeypatch.setattr(tables, "TABLE_ROWS", 5)
    rows = [HEADER, *([f"s{i}", "true"] for i in range(5))]

    def read(rows: list[list[str]]) -> object:
        if excel:
            return read_table_bytes(minimal_xlsx(rows), "t.xlsx", rs, ID)
        return read_table(_csv(tmp_path, rows), rs, ID)

    assert len(read(rows)) == 5  # type: ignore[arg-type]
    with pytest.raises(InputError, match="more than 5 rows besides the header row"):
        read([*rows, ["s5", "true"]])
    with pytest.raises(InputError, match="fler än 5 rader utöver rubrikraden"):
        raw = minimal_xlsx([*rows, ["", ""]]) if excel else b"\n".join([b"a,b"] * 7)
        read_table_bytes(raw, "t.xlsx" if excel else "t.csv", rs, ID, "sv")


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "xlsx"])
def test_columns_and_cells_beyond_the_limits_are_refused(
    tmp_path: Path, rs: RuleSet, monkeypatch: pytest.MonkeyPatch, excel: bool
) -> None:
    monkeypatch.setattr(tables, "TABLE_COLUMNS", 3)
    monkeypatch.setattr(tables, "CELL_CHARS", 13)

    def read(rows: list[list[str]]) -> object:
        if excel:
            return read_table_bytes(minimal_xlsx(rows), "t.xlsx", rs, ID)
        return read_table(_csv(tmp_path, rows), rs, ID)

    assert len(read([HEADER, ["x" * 13, "true", ""]])) == 1  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"more than 3 columns \(a cell in column D\)"):
        read([HEADER, ["a", "true", "", "x"]])
    with pytest.raises(InputError, match="the cell in row 3, column A has more than 13 char"):
        read([HEADER, ["a", "true"], ["x" * 14, "true"]])


def test_a_cell_longer_than_the_csv_module_reads_is_named(tmp_path: Path, rs: RuleSet) -> None:
    path = _csv(tmp_path, [HEADER, ["s" * 200_000, "true"]])
    with pytest.raises(InputError, match="has more than 10,000 characters"):
        read_table(path, rs, ID)


def test_the_workbook_is_checked_before_it_is_parsed(
    rs: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = minimal_xlsx([HEADER, ["a" * 3000, "true"]])
    assert len(read_table_bytes(raw, "t.xlsx", rs, ID)) == 1
    cases = [
        ({"XLSX_MEMBERS": 4}, "the Excel file has more than 4 parts"),
        ({"XLSX_MEMBER_BYTES": 1024}, "part xl/worksheets/sheet1.xml of the Excel file unpacks"),
        ({"XLSX_UNPACKED_BYTES": 2048}, "the Excel file unpacks to more than 2 KB"),
        ({"XLSX_RATIO_FROM": 1000, "XLSX_RATIO": 10}, "compressed more than 10 times: the file"),
    ]
    for patches, message in cases:
        with monkeypatch.context() as patch:
            for name, value in patches.items():
                patch.setattr(tables, name, value)
            with pytest.raises(InputError, match=message):
                read_table_bytes(raw, "t.xlsx", rs, ID)


def test_a_shared_strings_part_named_otherwise_is_bounded_as_one(tmp_path: Path) -> None:
    for name in ("xl/sharedStrings.xml", "xl/strings/andra.xml"):
        bomb = huge_shared_string_xlsx(tmp_path / "s.xlsx", 40 * 1024 * 1024, name)
        with pytest.raises(InputError, match=f"the part {name} of the Excel file unpacks to"):
            tables._check_workbook(bomb.read_bytes(), Path("s.xlsx"), "en")


def test_the_messages_come_from_the_catalogue_in_both_languages() -> None:
    assert bounded.limit_message("too_many_rows", "sv", limit=100_000) == (
        "tabellen har fler än 100\u00a0000 rader utöver rubrikraden: dela upp den"
    )
    assert bounded.limit_message("too_many_rows", "en", limit=100_000) == (
        "the table has more than 100,000 rows besides the header row: split it"
    )
    assert bounded.larger_than(limits.TABLE_BYTES, "sv") == "filen är större än 20 MB"


# --- bounded reads ---------------------------------------------------------------------------


def test_read_limited_reads_a_file_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    with pytest.raises(InputError, match="larger than 99 bytes"):
        read_limited(path, 99)
    with pytest.raises(InputError, match="is a directory"):
        read_limited(tmp_path, 100)
    with pytest.raises(InputError, match="cannot read the file"):
        read_limited(tmp_path / "saknas.json", 100)
    with pytest.raises(InputError, match="är inte en vanlig fil"):
        read_limited("/dev/zero", 100, "sv")


def test_read_limited_stops_at_the_limit_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows while it is read (or claims to be smaller: /proc) is read up to the
    limit and one byte more."""
    path = tmp_path / "f.csv"
    path.write_bytes(b"y" * (3 * limits.MB))
    asked: list[int] = []
    real_open = os.fdopen

    def counting_open(fd: int, *args: object, **kwargs: object) -> object:
        handle = real_open(fd, *args, **kwargs)  # type: ignore[call-overload]

        class Counted:
            def __enter__(self) -> Counted:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def read(self, size: int) -> bytes:
                data: bytes = handle.read(size)
                asked.append(len(data))
                return data

        return Counted()

    monkeypatch.setattr(bounded.os, "fdopen", counting_open)
    with pytest.raises(InputError, match="larger than 1 MB"):
        read_limited(path, limits.MB)
    assert sum(asked) == limits.MB + 1
