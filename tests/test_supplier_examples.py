"""The supplier examples in data/suppliers/exempel/ match the sample table and can be checked."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from procurement.core.facts_input import parse_value
from procurement.service import check_supplier, default_supplier_ruleset
from tests.conftest import ROOT

SUPPLIERS = ROOT / "data" / "suppliers"
EXAMPLES = sorted((SUPPLIERS / "exempel").glob("*.json"))


def _table_rows() -> dict[str, dict[str, str]]:
    with (SUPPLIERS / "leverantorer.csv").open(encoding="utf-8") as fh:
        return {row["supplier_id"]: row for row in csv.DictReader(fh)}


def test_there_are_supplier_examples_and_at_least_15_sample_suppliers() -> None:
    assert len(EXAMPLES) >= 5
    assert len(_table_rows()) >= 15


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_is_a_row_of_the_sample_table(path: Path) -> None:
    rs = default_supplier_ruleset()
    row = _table_rows()[path.stem]
    expected = {}
    for key, raw in row.items():
        if key != "supplier_id":
            value = parse_value(rs.facts[key], raw, text=True)
            if value is not None:
                expected[key] = value
    assert json.loads(path.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_example_is_checked_in_both_languages(path: Path, lang: str) -> None:
    report = check_supplier(json.loads(path.read_text(encoding="utf-8")), lang=lang)
    data = report.model_dump(mode="json")
    for check in ("asf_definition", "reserved_4_18", "reserved_19_25", "reserved_19_25a"):
        assert data[check]["status"] in {"met", "not_met", "incomplete", "eligible", "not_eligible"}
        assert data[check]["criteria"]
    assert set(data["missing_evidence"]) == set(report.checks)
