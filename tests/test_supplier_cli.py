"""``python -m procurement check-supplier SUPPLIER.json`` (interface.md sections 2 and 3).

Suppliers come from the sample table data/suppliers/leverantorer.csv, written as JSON files
the way a user would: booleans as JSON booleans, counts as numbers, unanswered questions left
out. Invalid input exits 2 with one line on stderr that names the field; never a traceback.
"""

from __future__ import annotations

import csv
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from procurement.service import check_supplier
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import ROOT

SUPPLIERS_CSV = ROOT / "data" / "suppliers" / "leverantorer.csv"
CHECK_IDS = ("asf_definition", "reserved_4_18", "reserved_19_25", "reserved_19_25a")
ASF_STATUSES = {"met", "not_met", "incomplete"}
RESERVATION_STATUSES = {"eligible", "not_eligible", "incomplete"}
CRITERION_STATUSES = {"met", "not_met", "unknown"}
INTEGER_FACTS = ("employees_total", "employees_target_group")
# A few suppliers of different kinds: an ASF, a sheltered workshop, an idéburen association,
# a staff cooperative, an ordinary company, and one with unanswered questions.
SAMPLE = (
    "kooperativet-lindgarden-ek-for",
    "stenbacka-verkstader-ab",
    "foreningen-trappsteget-stodboende",
    "omsorgshanden-personalkooperativ-ek-for",
    "glansstad-lokalvard-ab",
    "hantverkshuset-sorbyn-ek-for",
)


def supplier_rows() -> dict[str, dict[str, str]]:
    with SUPPLIERS_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["supplier_id"]: row for row in csv.DictReader(fh)}


def supplier_facts(supplier_id: str) -> dict[str, Any]:
    """One supplier of leverantorer.csv as typed JSON facts; empty cells left out (unknown)."""
    facts: dict[str, Any] = {}
    for key, text in supplier_rows()[supplier_id].items():
        if key == "supplier_id" or text == "":
            continue
        facts[key] = int(text) if key in INTEGER_FACTS else {"true": True, "false": False}[text]
    return facts


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def check(path: Path, *extra: str) -> dict[str, Any]:
    proc = run_cli("check-supplier", path, *extra)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, Any]]]:
    """check-supplier on each sample supplier: default (sv), --lang en, --no-trace."""
    folder = tmp_path_factory.mktemp("suppliers")
    variants = {"sv": (), "en": ("--lang", "en"), "no_trace": ("--no-trace",)}
    jobs = [
        (sid, name, write_json(folder / f"{sid}.json", supplier_facts(sid)), args)
        for sid in SAMPLE
        for name, args in variants.items()
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        outputs = list(pool.map(lambda job: check(job[2], *job[3]), jobs))
    result: dict[str, dict[str, dict[str, Any]]] = {sid: {} for sid in SAMPLE}
    for (sid, name, _, _), output in zip(jobs, outputs, strict=True):
        result[sid][name] = output
    return result


# --- the output contract -----------------------------------------------------------------------


@pytest.mark.parametrize("supplier_id", SAMPLE)
def test_output_has_every_interface_key(reports: Any, supplier_id: str) -> None:
    report = reports[supplier_id]["sv"]
    asf = report["asf_definition"]
    assert asf["status"] in ASF_STATUSES
    assert asf["criteria"]
    assert set(asf["criteria"].values()) <= CRITERION_STATUSES
    for check_id in CHECK_IDS[1:]:
        assert report[check_id]["status"] in RESERVATION_STATUSES, check_id
        assert set(report[check_id]["criteria"].values()) <= CRITERION_STATUSES
    assert "target_group_share" in report["reserved_4_18"]
    share = report["reserved_4_18"]["target_group_share"]
    assert share is None or 0 <= share <= 1
    assert set(report["missing_evidence"]) == set(CHECK_IDS)
    for items in report["missing_evidence"].values():
        assert all(item["text"] for item in items)
    assert isinstance(report["missing_facts"], list)
    assert isinstance(report["trace"], list) and report["trace"]
    assert report["ruleset_version"]


def test_asf_criteria_are_the_business_plus_four_criteria(reports: Any) -> None:
    criteria = reports["kooperativet-lindgarden-ek-for"]["sv"]["asf_definition"]["criteria"]
    assert len(criteria) == 5
    assert "runs_business" in criteria


def test_target_group_share_is_computed_from_the_counts(reports: Any) -> None:
    for supplier_id in SAMPLE[:-1]:
        facts = supplier_facts(supplier_id)
        share = reports[supplier_id]["sv"]["reserved_4_18"]["target_group_share"]
        expected = facts["employees_target_group"] / facts["employees_total"]
        assert share == pytest.approx(expected), supplier_id


def test_unanswered_questions_make_the_checks_incomplete(reports: Any) -> None:
    # hantverkshuset-sorbyn: participation and the target-group count are unanswered.
    report = reports["hantverkshuset-sorbyn-ek-for"]["sv"]
    assert report["asf_definition"]["status"] == "incomplete"
    assert report["asf_definition"]["criteria"]["participation"] == "unknown"
    assert report["reserved_4_18"]["status"] == "incomplete"
    assert report["reserved_4_18"]["target_group_share"] is None
    assert {"participation_documented", "employees_target_group"} <= set(report["missing_facts"])
    assert any(item["kind"] == "answer" for item in report["missing_evidence"]["asf_definition"])


def test_a_supplier_that_keeps_its_profits_is_not_an_asf(reports: Any) -> None:
    report = reports["glansstad-lokalvard-ab"]["sv"]
    assert report["asf_definition"]["status"] == "not_met"
    assert report["asf_definition"]["criteria"]["reinvests_profits"] == "not_met"


@pytest.mark.parametrize("supplier_id", SAMPLE)
def test_cli_agrees_with_the_python_api(reports: Any, supplier_id: str) -> None:
    api = check_supplier(supplier_facts(supplier_id)).model_dump(mode="json", exclude={"trace"})
    cli = reports[supplier_id]["no_trace"]
    assert {k: cli[k] for k in CHECK_IDS} == {k: api[k] for k in CHECK_IDS}
    assert cli["missing_evidence"] == api["missing_evidence"]
    assert cli["missing_facts"] == api["missing_facts"]


# --- language and trace ------------------------------------------------------------------------


@pytest.mark.parametrize("supplier_id", SAMPLE)
def test_swedish_by_default_english_on_request(reports: Any, supplier_id: str) -> None:
    sv, en = reports[supplier_id]["sv"], reports[supplier_id]["en"]
    assert sv["language"] == "sv" and en["language"] == "en"
    for check_id in CHECK_IDS:
        assert sv[check_id]["status"] == en[check_id]["status"]
        assert sv[check_id]["criteria"] == en[check_id]["criteria"]
        assert sv[check_id]["label"] != en[check_id]["label"]
        for criterion, detail in sv[check_id]["details"].items():
            assert detail["reason"] != en[check_id]["details"][criterion]["reason"]
    sv_texts = [i["text"] for items in sv["missing_evidence"].values() for i in items]
    en_texts = [i["text"] for items in en["missing_evidence"].values() for i in items]
    assert len(sv_texts) == len(en_texts)
    assert all(s != e for s, e in zip(sv_texts, en_texts, strict=True))


def test_swedish_texts_are_swedish(reports: Any) -> None:
    report = reports["kooperativet-lindgarden-ek-for"]
    assert report["sv"]["asf_definition"]["label"].startswith("Arbetsintegrerande")
    assert "work" in report["en"]["asf_definition"]["label"].lower()


def test_lang_before_the_subcommand_works_too(tmp_path: Path, reports: Any) -> None:
    sid = SAMPLE[0]
    path = write_json(tmp_path / "s.json", supplier_facts(sid))
    proc = run_cli("--lang", "en", "check-supplier", path, "--no-trace")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["language"] == "en"
    assert out["asf_definition"]["label"] == reports[sid]["en"]["asf_definition"]["label"]


@pytest.mark.parametrize("supplier_id", SAMPLE)
def test_no_trace_leaves_out_only_the_trace(reports: Any, supplier_id: str) -> None:
    full, short = reports[supplier_id]["sv"], reports[supplier_id]["no_trace"]
    assert "trace" in full and "trace" not in short
    assert set(full) - set(short) == {"trace"}
    dated = ("trace", "as_of", "warnings", "facts")  # today's date, if run across midnight
    assert {k: v for k, v in full.items() if k not in dated} == {
        k: v for k, v in short.items() if k not in dated
    }
    assert full["facts"].keys() == short["facts"].keys()


def test_empty_object_is_all_incomplete(tmp_path: Path) -> None:
    out = check(write_json(tmp_path / "s.json", {}), "--no-trace")
    assert out["asf_definition"]["status"] == "incomplete"
    assert out["reserved_4_18"]["status"] == "incomplete"
    assert out["reserved_4_18"]["target_group_share"] is None
    assert "employees_total" in out["missing_facts"]


# --- invalid input: exit 2, one line naming the field ------------------------------------------


def base() -> dict[str, Any]:
    return supplier_facts("kooperativet-lindgarden-ek-for")


INVALID: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "target_group_above_total",
        json.dumps({**base(), "employees_total": 5, "employees_target_group": 6}),
        ("employees_target_group:", "employees_total"),
    ),
    (
        "negative_employees",
        json.dumps({**base(), "employees_total": -1}),
        ("employees_total:", ">= 0", "-1"),
    ),
    (
        "non_integer_count",
        json.dumps({**base(), "employees_target_group": 2.5}),
        ("employees_target_group:", "whole number", "2.5"),
    ),
    ("count_as_string", json.dumps({"employees_total": "20"}), ("employees_total:", "'20'")),
    ("count_as_bool", json.dumps({"employees_total": True}), ("employees_total:", "whole number")),
    ("count_nan", '{"employees_total": NaN}', ("employees_total:",)),
    (
        "unknown_fact",
        json.dumps({**base(), "runs_busines": True}),
        ("runs_busines:", "unknown fact", "did you mean 'runs_business'?"),
    ),
    (
        "route_fact_in_a_supplier",
        json.dumps({"buyer_type": "sub_central"}),
        ("buyer_type:", "unknown fact"),
    ),
    (
        "bool_as_string",
        json.dumps({**base(), "runs_business": "true"}),
        ("runs_business:", "true or false", "'true'"),
    ),
    ("bool_as_number", json.dumps({"sheltered_workshop": 1}), ("sheltered_workshop:", "true")),
    (
        "registered_but_not_ideburen",
        json.dumps({"registered_ideburen": True, "ideburen": False}),
        ("registered_ideburen:",),
    ),
    ("bad_date", json.dumps({"as_of": "2026-02-30"}), ("as_of:", "YYYY-MM-DD")),
    ("bad_json", '{"runs_business": tru', ("s.json", "invalid JSON", "line 1")),
    ("trailing_comma", '{"runs_business": true,}', ("s.json", "invalid JSON")),
    ("empty_file", "", ("s.json", "invalid JSON")),
    ("json_array", json.dumps([base()]), ("expected a JSON object",)),
    ("json_string", json.dumps("runs_business"), ("expected a JSON object",)),
]


@pytest.mark.parametrize(
    ("content", "needles"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_supplier_exits_2_with_one_line(
    tmp_path: Path, content: str, needles: tuple[str, ...]
) -> None:
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    line = assert_one_line_error(run_cli("check-supplier", path), *needles)
    assert line.startswith("error: ")


def test_impossible_combination_is_explained_in_english_too(tmp_path: Path) -> None:
    path = write_json(tmp_path / "s.json", {"employees_total": 2, "employees_target_group": 3})
    sv = assert_one_line_error(run_cli("check-supplier", path), "employees_target_group")
    en = assert_one_line_error(
        run_cli("check-supplier", path, "--lang", "en"), "employees_target_group", "more"
    )
    assert sv != en


def test_missing_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "saknas.json"
    assert_one_line_error(run_cli("check-supplier", path), "saknas.json", "cannot read")


def test_directory_instead_of_file_exits_2(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("check-supplier", tmp_path), str(tmp_path))


def test_file_over_one_megabyte_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"runs_business": true' + " " * (1024 * 1024) + "}", encoding="utf-8")
    assert_one_line_error(run_cli("check-supplier", path), "s.json", "larger than 1 MB")


def test_missing_argument_exits_2_with_usage() -> None:
    proc: subprocess.CompletedProcess[str] = run_cli("check-supplier")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "supplier" in proc.stderr
