"""Safe output files (issue 16): the command line writes through an exclusive temporary file
(never a predictable name, never through a link planted there), refuses an output that is not
a regular file (a device, a FIFO, a directory, a link to one) and an output that is one of
its inputs, each in one line with exit status 2, and leaves no temporary file behind."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from procurement.core.errors import InputError
from procurement.core.output_file import check_output, write_output
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import ROOT

CASE = ROOT / "data" / "examples" / "anhorigstod-forening.json"
CASES_CSV = "case_id,contract_type,estimated_value_sek\na,services,100000\n"
SUPPLIERS_CSV = "supplier_id,runs_business,employees_total,employees_target_group\na,true,10,4\n"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path / "data"


def _left(directory: Path) -> list[str]:
    """Temporary files left in ``directory``."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- the helper ---------------------------------------------------------------------------------


def test_write_output_replaces_a_file_in_one_step_with_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    write_output(out, b"one")
    assert out.read_bytes() == b"one"
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600
    out.chmod(0o640)
    write_output(out, b"two")
    assert out.read_bytes() == b"two" and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert _left(tmp_path) == []


def test_a_link_planted_at_the_old_temporary_name_is_never_followed(tmp_path: Path) -> None:
    """Before: the data went to '.<name>.tmp' in the output's folder, through any link there."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / ".tree.svg.tmp").symlink_to(victim)
    proc = run_cli("tree", "-o", tmp_path / "tree.svg")
    assert proc.returncode == 0, proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert "<svg" in (tmp_path / "tree.svg").read_text(encoding="utf-8")


def test_a_link_at_the_output_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out.json"
    out.symlink_to(victim)
    write_output(out, b"new")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not out.is_symlink() and out.read_bytes() == b"new"


@pytest.mark.parametrize("kind", ["fifo", "directory", "link to a device", "link to a FIFO"])
def test_an_output_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out.json"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "directory":
        out.mkdir()
    elif kind == "link to a device":
        out.symlink_to("/dev/null")
    else:
        os.mkfifo(tmp_path / "fifo")
        out.symlink_to(tmp_path / "fifo")
    with pytest.raises(InputError) as info:
        write_output(out, b"x")
    assert "not a regular file" in str(info.value)
    assert out.exists() and not out.is_file()  # left as it was
    assert _left(tmp_path) == []


def test_an_output_that_is_an_input_is_refused_also_through_a_link(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("a", encoding="utf-8")
    (tmp_path / "alias.csv").symlink_to(source)
    os.link(source, tmp_path / "hard.csv")
    for out in (source, tmp_path / "alias.csv", tmp_path / "hard.csv"):
        with pytest.raises(InputError) as info:
            check_output(out, [source])
        assert "is also an input" in str(info.value)
    check_output(tmp_path / "new.csv", [source])  # a new file is never an input


# --- the commands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "content"),
    [("assess-batch", CASES_CSV), ("check-supplier-batch", SUPPLIERS_CSV)],
)
def test_a_batch_output_equal_to_its_input_is_refused(
    tmp_path: Path, command: str, content: str
) -> None:
    """Before: the input was overwritten by the results without a word."""
    table = tmp_path / "table.csv"
    table.write_text(content, encoding="utf-8")
    line = assert_one_line_error(run_cli(command, table, "-o", table), "is also an input")
    assert str(table) in line
    assert table.read_text(encoding="utf-8") == content


def test_memo_output_equal_to_the_case_or_the_choices_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "case.docx"
    case.write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    before = case.read_bytes()
    assert_one_line_error(run_cli("memo", case, "-o", case), "is also an input")
    assert case.read_bytes() == before


def test_a_batch_output_to_a_fifo_or_a_directory_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "cases.csv"
    table.write_text(CASES_CSV, encoding="utf-8")
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    # Before: the command blocked on the FIFO (or wrote the results into whoever read it).
    line = assert_one_line_error(
        run_cli("assess-batch", table, "-o", fifo, timeout=60), "not a regular file"
    )
    assert str(fifo) in line and stat.S_ISFIFO(fifo.stat().st_mode)
    assert_one_line_error(run_cli("assess-batch", table, "-o", tmp_path), "not a regular file")


def test_a_saved_export_never_replaces_a_device(tmp_path: Path) -> None:
    """Before (as root): /dev/full was replaced by a JSON file. A link to /dev/null stands in
    for the device here, so that the test is safe as any user."""
    assert run_cli("saved", "save", CASE, "--title", "Export").returncode == 0
    code = json.loads(run_cli("saved", "list", "--json").stdout)[0]["code"]
    device = tmp_path / "facts.json"
    device.symlink_to("/dev/null")
    choices = tmp_path / "choices.json"
    proc = run_cli("saved", "export", code, "--facts", device, "--clauses", choices)
    assert_one_line_error(proc, "not a regular file")
    assert device.is_symlink() and not choices.exists()
    assert_one_line_error(
        run_cli("saved", "export", code, "--facts", choices, "--clauses", choices),
        "--facts",
    )
    assert _left(tmp_path) == []


def test_an_output_in_a_missing_folder_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    line = assert_one_line_error(
        run_cli("tree", "-o", tmp_path / "missing" / "tree.svg"), "cannot write the file"
    )
    assert "tree.svg" in line
    assert not (tmp_path / "missing").exists() and _left(tmp_path) == []


def test_schema_never_writes_through_a_link_to_a_device(tmp_path: Path) -> None:
    (tmp_path / "rules.schema.json").symlink_to("/dev/null")
    line = assert_one_line_error(run_cli("schema", "-o", tmp_path), "not a regular file")
    assert "rules.schema.json" in line and (tmp_path / "rules.schema.json").is_symlink()
