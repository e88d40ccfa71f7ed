"""Assessing a CSV of cases: ``assess-batch`` on the command line and ``assess_frame`` directly.

A bad row is reported with its row number and field and does not stop the others; the results
CSV is safe to open in a spreadsheet (no formula injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from procurement.batch.cases import ID_COLUMN, MAX_CSV_BYTES, assess_frame, read_cases_csv
from procurement.core.errors import InputError
from procurement.core.ruleset import RuleSet
from procurement.service import assess
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import EXAMPLES, ROOT

CASES_CSV = EXAMPLES / "exempelfall.csv"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
ROUTE_IDS = ("direct_award", "lou_social_considerations", "reserved_contract", "iop")
VARIANT_IDS = ("4_18", "19_25", "19_25a")
STATUS_COLUMNS = [f"status_{r}" for r in ROUTE_IDS] + [
    f"status_reserved_contract_{v}" for v in VARIANT_IDS
]
RESULT_COLUMNS = [
    "row",
    "case_id",
    "error",
    "value_band",
    "recommended_route",
    *STATUS_COLUMNS,
    "missing_facts",
    "obligations",
    "warnings",
    "ruleset_version",
]
GOOD_FACTS = {
    "as_of": "2026-11-22",
    "buyer_type": "sub_central",
    "contract_type": "services",
    "estimated_value_sek": "1050000",
    "contract_duration_months": "48",
}


def read_results(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(
            fh, delimiter=delimiter, lineterminator="\r\n" if delimiter == ";" else "\n"
        ).writerows(rows)
    return path


def _run_batch(
    src: Path, out: Path, *extra: str
) -> tuple[subprocess.CompletedProcess[str], list[str], list[dict[str, str]]]:
    proc = run_cli("assess-batch", src, "-o", out, *extra)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    header, rows = read_results(out) if out.exists() else ([], [])
    return proc, header, rows


@pytest.fixture(scope="module")
def batch_sv(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], list[str], list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("batch") / "results_sv.csv"
    return _run_batch(CASES_CSV.relative_to(ROOT), out)


@pytest.fixture(scope="module")
def batch_en(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], list[str], list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("batch") / "results_en.csv"
    return _run_batch(CASES_CSV.relative_to(ROOT), out, "--lang", "en")


@pytest.fixture(scope="module")
def single_assessments() -> dict[str, dict[str, Any]]:
    """``assess --no-trace`` on every example JSON file, as the user would run it."""

    def one(path: Path) -> dict[str, Any]:
        proc = run_cli("assess", path.relative_to(ROOT), "--no-trace")
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outputs = list(pool.map(one, EXAMPLE_FILES))
    return {p.stem: o for p, o in zip(EXAMPLE_FILES, outputs, strict=True)}


def _expected_row(assessment: dict[str, Any]) -> dict[str, str]:
    """What the batch row must say, derived from an ``assess`` JSON output."""
    expected = {
        "value_band": assessment["value_band"],
        "recommended_route": assessment["recommended_route"] or "",
        "missing_facts": ";".join(assessment["missing_facts"]),
        "warnings": ";".join(w["id"] for w in assessment["warnings"]),
        "ruleset_version": assessment["ruleset_version"],
    }
    for route_id in ROUTE_IDS:
        expected[f"status_{route_id}"] = assessment["routes"][route_id]["status"]
    for variant_id in VARIANT_IDS:
        expected[f"status_reserved_contract_{variant_id}"] = assessment["routes"][
            "reserved_contract"
        ]["variants"][variant_id]["status"]
    return expected


# --- assess-batch on the example cases ---------------------------------------------------------


def test_batch_of_examples_exits_0_with_every_result_column(batch_sv: Any) -> None:
    proc, header, rows = batch_sv
    assert proc.returncode == 0, proc.stderr
    missing = [c for c in RESULT_COLUMNS if c not in header]
    assert missing == []
    assert len(rows) == len(EXAMPLE_FILES)
    assert [r["case_id"] for r in rows] == [p.stem for p in EXAMPLE_FILES]
    assert [r["row"] for r in rows] == [str(i) for i in range(2, len(EXAMPLE_FILES) + 2)]
    assert all(r["error"] == "" for r in rows)
    assert f"{len(EXAMPLE_FILES)} of {len(EXAMPLE_FILES)}" in proc.stderr


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_batch_row_matches_assess_of_the_json_file(
    batch_sv: Any, single_assessments: dict[str, dict[str, Any]], path: Path
) -> None:
    _, _, rows = batch_sv
    row = next(r for r in rows if r["case_id"] == path.stem)
    single = single_assessments[path.stem]
    assert row["recommended_route"] == (single["recommended_route"] or "")
    expected = _expected_row(single)
    assert {k: row[k] for k in expected} == expected
    assert [o.rstrip("?") for o in row["obligations"].split(";") if o] == [
        o["id"] for o in single["obligations"]
    ]


def test_batch_in_english_gives_the_same_results(batch_sv: Any, batch_en: Any) -> None:
    proc_en, header_en, rows_en = batch_en
    assert proc_en.returncode == 0, proc_en.stderr
    _, header_sv, rows_sv = batch_sv
    assert header_en == header_sv
    for sv, en in zip(rows_sv, rows_en, strict=True):
        assert en["case_id"] == sv["case_id"]
        assert en["recommended_route"] == sv["recommended_route"]
        assert {c: en[c] for c in RESULT_COLUMNS} == {c: sv[c] for c in RESULT_COLUMNS}


def test_semicolon_separated_csv_is_read(tmp_path: Path, batch_sv: Any) -> None:
    """Swedish Excel writes ';' as separator, CRLF line ends and a UTF-8 byte order mark."""
    with CASES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    src = write_csv(tmp_path / "semikolon.csv", rows, delimiter=";", encoding="utf-8-sig")
    proc, header, results = _run_batch(src, tmp_path / "out.csv")
    assert proc.returncode == 0, proc.stderr
    _, header_sv, rows_sv = batch_sv
    assert header == header_sv
    assert results == rows_sv


def test_semicolon_csv_with_decimal_comma_and_swedish_words(
    tmp_path: Path, ruleset: RuleSet
) -> None:
    facts = json.loads((EXAMPLES / "mobler-ateranvandning.json").read_text(encoding="utf-8"))
    header = ["case_id", *facts]
    cells = [
        "möbler",
        *("ja" if v is True else "nej" if v is False else str(v) for v in facts.values()),
    ]
    cells[header.index("estimated_value_sek")] = "1 050 000,50"
    src = write_csv(
        tmp_path / "semikolon.csv", [header, cells], delimiter=";", encoding="utf-8-sig"
    )
    proc, _, results = _run_batch(src, tmp_path / "out.csv")
    assert proc.returncode == 0, proc.stderr
    assert results[0]["case_id"] == "möbler"
    single = assess({**facts, "estimated_value_sek": 1050000.5}, ruleset=ruleset).model_dump(
        mode="json"
    )
    expected = _expected_row(single)
    assert {k: results[0][k] for k in expected} == expected


# --- bad rows: reported, the others still assessed ---------------------------------------------


def test_bad_rows_are_reported_and_the_others_assessed(tmp_path: Path) -> None:
    header = ["case_id", *GOOD_FACTS]
    good = list(GOOD_FACTS.values())

    def with_(**changes: str) -> list[str]:
        return [GOOD_FACTS[k] if k not in changes else changes[k] for k in GOOD_FACTS]

    rows = [
        header,
        ["ok-1", *good],  # row 2
        ["bad-enum", *with_(contract_type="goods")],  # row 3
        ["empty-cell", *with_(estimated_value_sek="")],  # row 4: unknown, fine
        ["negative", *with_(estimated_value_sek="-5")],  # row 5
        ["ok-2", *with_(contract_type="works")],  # row 6
    ]
    out = tmp_path / "out.csv"
    proc, _, results = _run_batch(write_csv(tmp_path / "cases.csv", rows), out)

    assert proc.returncode == 1, proc.stderr
    assert out.exists()
    assert [r["row"] for r in results] == ["2", "3", "4", "5", "6"]
    by_id = {r["case_id"]: r for r in results}

    assert "row 3" in by_id["bad-enum"]["error"] and "contract_type" in by_id["bad-enum"]["error"]
    assert (
        "row 5" in by_id["negative"]["error"]
        and "estimated_value_sek" in by_id["negative"]["error"]
    )
    for case_id in ("bad-enum", "negative"):
        assert by_id[case_id]["value_band"] == ""
        assert by_id[case_id]["recommended_route"] == ""

    for case_id in ("ok-1", "empty-cell", "ok-2"):
        assert by_id[case_id]["error"] == "", by_id[case_id]["error"]
        assert by_id[case_id]["value_band"] != ""
        assert all(by_id[case_id][c] != "" for c in STATUS_COLUMNS)
    assert by_id["empty-cell"]["value_band"] == "uncertain"
    assert "estimated_value_sek" in by_id["empty-cell"]["missing_facts"].split(";")

    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 2, proc.stderr
    assert "row 3" in error_lines[0] and "contract_type" in error_lines[0]
    assert "row 5" in error_lines[1] and "estimated_value_sek" in error_lines[1]
    assert "3 of 5" in proc.stderr


def test_unknown_column_exits_2_with_did_you_mean(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "cases.csv", [["case_id", "as_of", "estimated_value"], ["a", "2025-06-01", "1"]]
    )
    assert_one_line_error(
        run_cli("assess-batch", src, "-o", tmp_path / "out.csv"),
        "estimated_value",
        "did you mean 'estimated_value_sek'",
    )


def test_empty_file_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "empty.csv"
    src.write_bytes(b"")
    assert_one_line_error(run_cli("assess-batch", src, "-o", tmp_path / "out.csv"), "empty.csv")


def test_binary_file_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "binary.csv"
    src.write_bytes(bytes(range(256)) * 16)
    assert_one_line_error(run_cli("assess-batch", src, "-o", tmp_path / "out.csv"), "binary.csv")


def test_file_over_the_size_limit_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "huge.csv"
    with src.open("wb") as fh:  # sparse: quick to make, still over the limit by its size
        fh.truncate(MAX_CSV_BYTES + 1)
    assert_one_line_error(
        run_cli("assess-batch", src, "-o", tmp_path / "out.csv"), "huge.csv", "larger"
    )


def test_missing_file_exits_2(tmp_path: Path) -> None:
    assert_one_line_error(
        run_cli("assess-batch", tmp_path / "nowhere.csv", "-o", tmp_path / "out.csv"), "nowhere.csv"
    )


def test_missing_output_option_exits_2() -> None:
    proc = run_cli("assess-batch", CASES_CSV.relative_to(ROOT))
    assert_one_line_error(proc, "-o")


# --- formula injection -------------------------------------------------------------------------


def test_formula_like_cells_are_neutralised(tmp_path: Path) -> None:
    nasty = ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)"]
    rows = [["case_id", "as_of"], *[[n, "2025-06-01"] for n in nasty], ["harmless", "2025-06-01"]]
    out = tmp_path / "out.csv"
    proc, _, results = _run_batch(write_csv(tmp_path / "cases.csv", rows), out)
    assert proc.returncode == 0, proc.stderr
    assert [r["case_id"] for r in results] == [*("'" + n for n in nasty), "harmless"]
    # No cell anywhere in the file starts with a formula trigger.
    with out.open(encoding="utf-8", newline="") as fh:
        for record in csv.reader(fh):
            for cell in record:
                assert not cell.startswith(("=", "+", "-", "@")), cell


# --- assess_frame directly ---------------------------------------------------------------------


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype=str)


def test_assess_frame_on_the_examples_matches_the_api(ruleset: RuleSet) -> None:
    frame = pd.read_csv(CASES_CSV, dtype=str, keep_default_na=False)
    result = assess_frame(frame, ruleset)
    assert result.errors == []
    assert list(result.frame["row"]) == list(range(2, len(EXAMPLE_FILES) + 2))
    for record in result.frame.to_dict(orient="records"):
        facts = json.loads((EXAMPLES / f"{record[ID_COLUMN]}.json").read_text(encoding="utf-8"))
        expected = _expected_row(assess(facts, ruleset=ruleset).model_dump(mode="json"))
        assert {k: record[k] for k in expected} == expected, record[ID_COLUMN]


def test_assess_frame_row_numbers_count_the_header_as_row_1(ruleset: RuleSet) -> None:
    frame = _frame(
        [
            {**GOOD_FACTS, "case_id": "a"},
            {**GOOD_FACTS, "case_id": "b", "contract_type": "goods"},
            {**GOOD_FACTS, "case_id": "c"},
            {**GOOD_FACTS, "case_id": "d", "estimated_value_sek": "-5"},
        ]
    )
    result = assess_frame(frame, ruleset)
    assert list(result.frame["row"]) == [2, 3, 4, 5]
    assert [(e.row, e.field) for e in result.errors] == [
        (3, "contract_type"),
        (5, "estimated_value_sek"),
    ]
    assert all(isinstance(e, InputError) for e in result.errors)
    assert str(result.errors[0]).startswith("row 3: contract_type:")
    assert str(result.errors[1]).startswith("row 5: estimated_value_sek:")
    errors = dict(zip(result.frame["case_id"], result.frame["error"], strict=True))
    assert errors["a"] == errors["c"] == ""
    assert errors["b"] == str(result.errors[0])
    assert errors["d"] == str(result.errors[1])
    assert set(result.frame.loc[result.frame["error"] == "", "value_band"]) == {
        "below_eu_threshold"
    }


def test_assess_frame_has_every_result_column(ruleset: RuleSet) -> None:
    result = assess_frame(_frame([{**GOOD_FACTS, "case_id": "a"}]), ruleset)
    missing = [c for c in RESULT_COLUMNS if c not in result.frame.columns]
    assert missing == []


def test_assess_frame_empty_cell_is_unknown(ruleset: RuleSet) -> None:
    result = assess_frame(_frame([{**GOOD_FACTS, "estimated_value_sek": "  "}]), ruleset)
    assert result.errors == []
    record = result.frame.iloc[0]
    assert record["error"] == ""
    assert record["value_band"] == "uncertain"
    assert "estimated_value_sek" in record["missing_facts"].split(";")


def test_assess_frame_reads_swedish_and_english_booleans(ruleset: RuleSet) -> None:
    rows = [
        {**GOOD_FACTS, "urgent_unforeseeable": word}
        for word in ("ja", "Nej", "true", "FALSE", "sant", "falskt")
    ]
    result = assess_frame(_frame(rows), ruleset)
    assert result.errors == []


def test_assess_frame_rejects_an_unreadable_boolean(ruleset: RuleSet) -> None:
    result = assess_frame(_frame([{**GOOD_FACTS, "urgent_unforeseeable": "kanske"}]), ruleset)
    assert [(e.row, e.field) for e in result.errors] == [(2, "urgent_unforeseeable")]


def test_assess_frame_defaults_as_of_to_today(ruleset: RuleSet) -> None:
    today = dt.date(2025, 6, 1)
    facts = {k: v for k, v in GOOD_FACTS.items() if k != "as_of"}
    empty_cell = assess_frame(_frame([{**facts, "as_of": ""}]), ruleset, today=today)
    no_column = assess_frame(_frame([facts]), ruleset, today=today)
    for result in (empty_cell, no_column):
        assert result.errors == []
        assert list(result.frame["as_of_applied"]) == ["2025-06-01"]


def test_assess_frame_date_before_reform_fails_only_its_row(ruleset: RuleSet) -> None:
    frame = _frame([{**GOOD_FACTS, "as_of": "2021-12-31"}, GOOD_FACTS])
    result = assess_frame(frame, ruleset)
    assert [(e.row, e.field) for e in result.errors] == [(2, "as_of")]
    assert list(result.frame["error"] == "") == [False, True]


def test_assess_frame_strips_column_names_and_works_without_case_id(ruleset: RuleSet) -> None:
    frame = _frame([{f" {k} ": v for k, v in GOOD_FACTS.items()}])
    result = assess_frame(frame, ruleset)
    assert result.errors == []
    assert "case_id" not in result.frame.columns
    assert result.frame.iloc[0]["value_band"] == "below_eu_threshold"


def test_assess_frame_language_does_not_change_the_ids(ruleset: RuleSet) -> None:
    frame = pd.read_csv(CASES_CSV, dtype=str, keep_default_na=False)
    sv = assess_frame(frame, ruleset, "sv").frame
    en = assess_frame(frame, ruleset, "en").frame
    pd.testing.assert_frame_equal(sv, en)


def test_assess_frame_on_an_empty_frame(ruleset: RuleSet) -> None:
    result = assess_frame(_frame([]), ruleset)
    assert result.errors == []
    assert len(result.frame) == 0


def test_read_cases_csv_names_an_unknown_column(tmp_path: Path, ruleset: RuleSet) -> None:
    src = write_csv(tmp_path / "cases.csv", [["case_id", "contract_typ"], ["a", "works"]])
    with pytest.raises(InputError) as info:
        read_cases_csv(src, ruleset)
    assert info.value.field == "contract_typ"
    assert "did you mean 'contract_type'" in str(info.value)


# --- bugs found: minimal reproductions, kept until fixed ---------------------------------------


def test_fixed_assess_frame_treats_nan_as_unknown(ruleset: RuleSet) -> None:
    frame = pd.DataFrame([{**GOOD_FACTS, "estimated_value_sek": float("nan")}])
    result = assess_frame(frame, ruleset)
    assert result.errors == []
    assert "estimated_value_sek" in result.frame.iloc[0]["missing_facts"].split(";")


def test_fixed_single_column_csv_is_read(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "cases.csv", [["as_of"], ["2025-06-01"], ["2024-01-01"]])
    proc, _, results = _run_batch(src, tmp_path / "out.csv")
    assert proc.returncode == 0, proc.stderr
    assert [r["as_of_applied"] for r in results] == ["2025-06-01", "2024-01-01"]


def test_fixed_row_number_after_a_blank_line(tmp_path: Path) -> None:
    src = tmp_path / "cases.csv"
    src.write_text("case_id,as_of\nA,2025-06-01\n\nB,2025-99-01\n", encoding="utf-8")
    proc, _, results = _run_batch(src, tmp_path / "out.csv")
    assert proc.returncode == 1
    assert "row 4" in results[-1]["error"], results[-1]["error"]


def test_fixed_row_with_an_extra_field(tmp_path: Path) -> None:
    src = tmp_path / "cases.csv"
    src.write_text("case_id,as_of\na,2025-06-01,extra\n", encoding="utf-8")
    proc, _, results = _run_batch(src, tmp_path / "out.csv")
    if proc.returncode == 2:  # rejecting the file is fine, if it says where
        assert "row 2" in proc.stderr or "line 2" in proc.stderr
    else:
        assert results[0]["case_id"] == "a"
        assert results[0]["as_of"] == "2025-06-01"


def test_fixed_unwritable_output_is_explained(tmp_path: Path) -> None:
    line = assert_one_line_error(
        run_cli(
            "assess-batch", CASES_CSV.relative_to(ROOT), "-o", tmp_path / "no-such-dir" / "out.csv"
        ),
        "out.csv",
    )
    assert "None" not in line


def test_fixed_duplicate_column_is_named(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "cases.csv", [["case_id", "as_of", "as_of"], ["a", "2025-06-01", "2025-06-01"]]
    )
    line = assert_one_line_error(run_cli("assess-batch", src, "-o", tmp_path / "out.csv"), "as_of")
    assert "as_of.1" not in line
    assert "twice" in line
