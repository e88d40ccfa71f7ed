"""The command line as a user runs it: ``python -m procurement ...`` in a subprocess.

interface.md section 3: invalid input exits 2 with one clear line on stderr naming the field;
never a traceback. Each example is run once per language (module-scoped fixture, in parallel).
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from procurement.core.ruleset import RuleSet
from procurement.service import assess
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import EXAMPLES, INTERFACE_OUTPUT_KEYS, ROOT

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
LANGS = ("sv", "en")
ROUTE_IDS = ("direct_award", "lou_social_considerations", "reserved_contract", "iop")
VARIANT_IDS = ("4_18", "19_25", "19_25a")
STATUSES = {"recommended", "possible", "not_possible", "uncertain"}
VALUE_BANDS = {"below_direct_award_limit", "below_eu_threshold", "above_eu_threshold", "uncertain"}
OUTPUT_KEYS = INTERFACE_OUTPUT_KEYS


def _texts(assessment: dict[str, Any]) -> list[str]:
    texts: list[str] = []
    for route in assessment["routes"].values():
        texts += [r["text"] for r in route["reasons"]]
        for variant in (route.get("variants") or {}).values():
            texts += [r["text"] for r in variant["reasons"]]
    texts += [o["text"] for o in assessment["obligations"]]
    texts += [w["text"] for w in assessment["warnings"]]
    return texts


def _decisions(assessment: dict[str, Any]) -> dict[str, Any]:
    """Everything but the texts: must not depend on the language."""
    return {
        "as_of": assessment["as_of"],
        "value_band": assessment["value_band"],
        "recommended_route": assessment["recommended_route"],
        "routes": {
            k: (r["status"], {v: x["status"] for v, x in (r.get("variants") or {}).items()})
            for k, r in assessment["routes"].items()
        },
        "obligations": [o["id"] for o in assessment["obligations"]],
        "warnings": [w["id"] for w in assessment["warnings"]],
        "missing_facts": assessment["missing_facts"],
    }


@pytest.fixture(scope="module")
def assessed() -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    """``assess`` run once per example and language."""
    jobs = [(p, lang) for p in EXAMPLE_FILES for lang in LANGS]

    def one(job: tuple[Path, str]) -> subprocess.CompletedProcess[str]:
        path, lang = job
        args: list[str | Path] = ["assess", path.relative_to(ROOT)]
        if lang != "sv":
            args += ["--lang", lang]
        return run_cli(*args)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, jobs))
    return {(p.stem, lang): r for (p, lang), r in zip(jobs, results, strict=True)}


def _output(assessed: dict[tuple[str, str], Any], stem: str, lang: str) -> dict[str, Any]:
    proc = assessed[(stem, lang)]
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, dict)
    return data


# --- assess: every example, both languages -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_assess_example_has_every_output_key(
    assessed: dict[tuple[str, str], Any], path: Path, lang: str, ruleset: RuleSet
) -> None:
    out = _output(assessed, path.stem, lang)
    case = json.loads(path.read_text(encoding="utf-8"))

    for key in OUTPUT_KEYS:
        assert key in out, key
    assert out["as_of"] == case["as_of"]
    assert isinstance(out["ruleset_version"], str) and out["ruleset_version"]
    assert out["value_band"] in VALUE_BANDS

    assert isinstance(out["thresholds"], dict) and out["thresholds"]
    for ident, amount in out["thresholds"].items():
        for key in ("unit", "valid_from", "source", "confirmed"):
            assert key in amount, (ident, key)
        assert isinstance(amount["confirmed"], bool)

    assert set(ROUTE_IDS) <= set(out["routes"])
    for route_id in ROUTE_IDS:
        route = out["routes"][route_id]
        assert route["status"] in STATUSES, route_id
        assert isinstance(route["reasons"], list) and route["reasons"], route_id
        for reason in route["reasons"]:
            assert isinstance(reason["text"], str) and reason["text"].strip()
            assert isinstance(reason["references"], list)
            assert all(isinstance(r, str) and r for r in reason["references"])
    variants = out["routes"]["reserved_contract"]["variants"]
    assert set(VARIANT_IDS) <= set(variants)
    for variant_id in VARIANT_IDS:
        assert variants[variant_id]["status"] in STATUSES, variant_id

    assert out["recommended_route"] is None or out["recommended_route"] in ROUTE_IDS
    if out["recommended_route"] is not None:
        assert out["routes"][out["recommended_route"]]["status"] == "recommended"

    assert isinstance(out["obligations"], list)
    for obligation in out["obligations"]:
        assert isinstance(obligation["id"], str) and obligation["id"]
        assert isinstance(obligation["text"], str) and obligation["text"].strip()
        assert isinstance(obligation["references"], list)
    assert isinstance(out["warnings"], list)
    for warning in out["warnings"]:
        assert isinstance(warning["id"], str) and warning["id"]
        assert isinstance(warning["text"], str) and warning["text"].strip()

    assert isinstance(out["missing_facts"], list)
    assert set(out["missing_facts"]) <= set(ruleset.facts)
    assert isinstance(out["trace"], list) and out["trace"]
    for entry in out["trace"]:
        assert "facts" in entry and "amounts" in entry


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_assess_example_is_swedish_by_default_and_english_on_request(
    assessed: dict[tuple[str, str], Any], path: Path
) -> None:
    sv = _output(assessed, path.stem, "sv")
    en = _output(assessed, path.stem, "en")
    sv_texts, en_texts = _texts(sv), _texts(en)
    assert "upphandling" in " ".join(sv_texts).lower()
    assert "procurement" in " ".join(en_texts).lower()
    assert "procurement" not in " ".join(sv_texts).lower()
    # No text left untranslated: not one reason, obligation or warning reads the same.
    assert set(sv_texts).isdisjoint(en_texts), set(sv_texts) & set(en_texts)
    # The language changes the words, never the decision.
    assert _decisions(sv) == _decisions(en)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_assess_cli_agrees_with_the_python_api(
    assessed: dict[tuple[str, str], Any], path: Path, ruleset: RuleSet
) -> None:
    out = _output(assessed, path.stem, "sv")
    api = assess(json.loads(path.read_text(encoding="utf-8")), lang="sv", ruleset=ruleset)
    assert _decisions(out) == _decisions(api.model_dump(mode="json"))


def test_no_trace_leaves_out_the_trace() -> None:
    proc = run_cli("assess", "data/examples/fruktkorgar.json", "--no-trace")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert "trace" not in out
    for key in OUTPUT_KEYS:
        if key != "trace":
            assert key in out, key


def test_assess_accepts_a_utf8_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    """Windows Notepad saves UTF-8 with a BOM."""
    case = tmp_path / "bom.json"
    case.write_bytes(b"\xef\xbb\xbf" + json.dumps({"as_of": "2025-06-01"}).encode())
    proc = run_cli("assess", case, "--no-trace")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["as_of"] == "2025-06-01"


def test_lint_accepts_the_shipped_rules() -> None:
    proc = run_cli("lint")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok:")


def test_lint_accepts_the_shipped_rules_named_explicitly() -> None:
    proc = run_cli("lint", "rules")
    assert proc.returncode == 0, proc.stderr


# --- invalid input: exit 2, one line naming the field ------------------------------------------

# (id, file content, needles that the one stderr line must contain)
INVALID_CASES: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("malformed_json", b'{"as_of": ', ("case.json", "JSON")),
    ("json_array", b'[{"as_of": "2025-06-01"}]', ("case", "object")),
    ("json_string", b'"sub_central"', ("case", "object")),
    ("empty_file", b"", ("case.json", "JSON")),
    (
        "unknown_fact_near_miss",
        b'{"estimated_value": 100000}',
        ("estimated_value", "unknown fact", "did you mean 'estimated_value_sek'"),
    ),
    ("unknown_fact_far_off", b'{"colour": "blue"}', ("colour", "unknown fact")),
    ("number_as_string", b'{"estimated_value_sek": "100000"}', ("estimated_value_sek", "number")),
    ("number_as_bool", b'{"estimated_value_sek": true}', ("estimated_value_sek", "number")),
    ("number_nan", b'{"estimated_value_sek": NaN}', ("estimated_value_sek", "number")),
    ("bool_as_yes", b'{"urgent_unforeseeable": "yes"}', ("urgent_unforeseeable", "true or false")),
    ("bool_as_one", b'{"single_supplier_only": 1}', ("single_supplier_only", "true or false")),
    ("negative_value", b'{"estimated_value_sek": -1}', ("estimated_value_sek", ">= 0")),
    ("duration_zero", b'{"contract_duration_months": 0}', ("contract_duration_months", ">= 1")),
    (
        "duration_fraction",
        b'{"contract_duration_months": 2.5}',
        ("contract_duration_months", "whole number"),
    ),
    ("invalid_enum", b'{"contract_type": "goods"}', ("contract_type", "goods", "supplies")),
    (
        "enum_wrong_case",
        b'{"contract_type": "Works"}',
        ("contract_type", "did you mean 'works'"),
    ),
    ("invalid_date", b'{"as_of": "2025-02-30"}', ("as_of", "YYYY-MM-DD")),
    ("date_as_number", b'{"as_of": 20250601}', ("as_of", "YYYY-MM-DD")),
    ("date_before_reform", b'{"as_of": "2021-12-31"}', ("as_of", "2021-12-31", "2022-02-01")),
    ("non_utf8", b'{"buyer_type": "sub_c\xe4l"}', ("case.json", "UTF-8")),
]


@pytest.mark.parametrize(
    ("content", "needles"), [c[1:] for c in INVALID_CASES], ids=[c[0] for c in INVALID_CASES]
)
def test_invalid_case_exits_2_with_one_line(
    tmp_path: Path, content: bytes, needles: tuple[str, ...]
) -> None:
    case = tmp_path / "case.json"
    case.write_bytes(content)
    assert_one_line_error(run_cli("assess", case), *needles)


def test_date_before_reform_is_explained_in_english_too(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"as_of": "2021-12-31"}', encoding="utf-8")
    sv = assert_one_line_error(run_cli("assess", case), "as_of", "2022-02-01")
    en = assert_one_line_error(run_cli("assess", case, "--lang", "en"), "as_of", "2022-02-01")
    assert sv != en


def test_missing_file_exits_2(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("assess", tmp_path / "nowhere.json"), "nowhere.json")


def test_directory_instead_of_file_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "case.json"
    folder.mkdir()
    assert_one_line_error(run_cli("assess", folder), "case.json")


def test_file_over_one_megabyte_exits_2(tmp_path: Path) -> None:
    case = tmp_path / "big.json"
    case.write_text(
        json.dumps({"as_of": "2025-06-01", "padding": "x" * (1024 * 1024)}), encoding="utf-8"
    )
    assert_one_line_error(run_cli("assess", case), "big.json", "1 MB")


def test_unknown_lang_exits_2() -> None:
    assert_one_line_error(
        run_cli("assess", "data/examples/fruktkorgar.json", "--lang", "de"), "--lang", "de"
    )


def test_unknown_subcommand_exits_2() -> None:
    assert_one_line_error(run_cli("frobnicate", "data/examples/fruktkorgar.json"), "frobnicate")


def test_missing_subcommand_exits_2() -> None:
    proc = run_cli()
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr


# --- bugs found: minimal reproductions, kept until fixed ---------------------------------------


def test_fixed_huge_integer_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"estimated_value_sek": 1' + "0" * 400 + "}", encoding="utf-8")
    assert_one_line_error(run_cli("assess", case), "estimated_value_sek")


def test_fixed_integer_beyond_str_digits_limit_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"estimated_value_sek": 1' + "0" * 5000 + "}", encoding="utf-8")
    assert_one_line_error(run_cli("assess", case))


def test_fixed_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"as_of": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert_one_line_error(run_cli("assess", case), "case.json")


def test_fixed_iso_week_date_is_rejected(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"as_of": "2025-W01-1"}', encoding="utf-8")
    assert_one_line_error(run_cli("assess", case), "as_of", "YYYY-MM-DD")


def test_lint_of_a_missing_directory_exits_2() -> None:
    proc = run_cli("lint", "no/such/rules")
    assert_one_line_error(proc, "no/such/rules", "no such file or directory")


def test_lint_checks_a_clause_library_on_its_own() -> None:
    proc = run_cli("lint", "rules/clauses")
    assert proc.returncode == 0, proc.stderr
    assert "clauses (version" in proc.stdout
