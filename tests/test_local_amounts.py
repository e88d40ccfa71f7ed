"""Amounts entered locally by an administrator (VAGVAL_LOCAL_AMOUNTS): merged, shown, stamped.

The fixture enters the SEK value of the sub-central threshold for 2026–27 (2 451 751 kr). A
value inside the range Vägval abstains on while that figure is unknown is then decided on
both sides of the figure; bad files are refused with ``file:line`` (one fixture per failure
mode under tests/fixtures/invalid_local_amounts/).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from procurement.authoring.catalogue import amount_rows
from procurement.core.engine import evaluate
from procurement.core.errors import RuleLoadError
from procurement.core.facts_input import parse_case
from procurement.core.loader import DEFAULT_RULES_DIR, load_ruleset
from procurement.core.local_amounts import ENV_VAR, local_amounts_path
from procurement.report.render import render
from tests.conftest import FIXTURES, ROOT

LOCAL = FIXTURES / "local_amounts" / "troskelvarden-2026.yaml"
INVALID = FIXTURES / "invalid_local_amounts"
AMOUNT = "eu_threshold_supplies_services_subcentral"


def _case(value: int) -> dict[str, object]:
    return {
        "as_of": "2026-06-01",
        "buyer_type": "sub_central",
        "contract_type": "services",
        "estimated_value_sek": value,
    }


def _band(rs, value: int) -> str:
    assessment = render(rs, evaluate(rs, parse_case(rs, _case(value))))
    return assessment.value_band


# The shipped rules with the frozen amounts of tests/law.py, where the 2026–27 SEK figures are
# not yet entered: what the local file is for, whatever the law's amounts become.
@pytest.fixture(scope="module")
def local_rs(frozen_dir):
    return load_ruleset(frozen_dir, LOCAL)


@pytest.fixture(scope="module")
def shipped_rs(frozen_dir):
    return load_ruleset(frozen_dir)


def test_the_local_period_replaces_the_shipped_one(local_rs, shipped_rs):
    shipped = shipped_rs.amounts[AMOUNT].period_on(__import__("datetime").date(2026, 6, 1))
    local = local_rs.amounts[AMOUNT].period_on(__import__("datetime").date(2026, 6, 1))
    assert shipped.value is None
    assert local.value == 2451751 and local.verified
    # The other periods of the amount, and the other amounts, are untouched.
    assert local_rs.amounts[AMOUNT].periods[:2] == shipped_rs.amounts[AMOUNT].periods[:2]
    assert local_rs.amounts["eu_threshold_works"] == shipped_rs.amounts["eu_threshold_works"]
    (entry,) = local_rs.local_periods
    assert (entry.amount, str(entry.valid_from), entry.replaced) == (AMOUNT, "2026-01-01", True)
    assert entry.where() == "troskelvarden-2026.yaml:6"


def test_version_is_stamped_with_the_local_file(local_rs, shipped_rs):
    assert shipped_rs.version.startswith(local_rs.meta.version + "+")
    assert local_rs.version.startswith(shipped_rs.version + ".local.")
    assessment = render(local_rs, evaluate(local_rs, parse_case(local_rs, _case(2_000_000))))
    assert assessment.ruleset_version == local_rs.version
    assert assessment.ruleset.version == local_rs.version


def test_a_value_vagval_abstains_on_is_decided_with_the_official_figure(local_rs, shipped_rs):
    # Inside the estimated range the shipped rules cannot decide ...
    assert _band(shipped_rs, 2_451_700) == "uncertain"
    # ... with the official figure both sides of it are decided.
    assert _band(local_rs, 2_451_750) == "below_eu_threshold"
    assert _band(local_rs, 2_451_751) == "above_eu_threshold"


def test_the_assessment_marks_the_amount_as_entered_locally(local_rs):
    assessment = render(local_rs, evaluate(local_rs, parse_case(local_rs, _case(2_451_751))))
    used = assessment.thresholds
    assert used[AMOUNT].entered_locally is True
    assert used[AMOUNT].confirmed is True
    assert used[AMOUNT].source.startswith("Upphandlingsmyndigheten")
    assert used["direct_award_limit_lou"].entered_locally is False


def test_the_catalogue_names_where_it_was_entered(local_rs, shipped_rs):
    rows = [r for r in amount_rows(local_rs) if r.id == AMOUNT]
    assert [r.entered_locally for r in rows] == ["", "", "troskelvarden-2026.yaml:6"]
    assert all(r.entered_locally == "" for r in amount_rows(shipped_rs))


def test_the_environment_variable_names_the_file(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert local_amounts_path() is None
    assert local_amounts_path({ENV_VAR: "  "}) is None
    assert local_amounts_path({ENV_VAR: str(LOCAL)}) == LOCAL


def test_a_directory_of_files_is_read(tmp_path):
    (tmp_path / "a.yaml").write_text(LOCAL.read_text(encoding="utf-8"), encoding="utf-8")
    rs = load_ruleset(DEFAULT_RULES_DIR, tmp_path)
    assert [p.amount for p in rs.local_periods] == [AMOUNT]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procurement", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )


def test_the_command_line_uses_the_local_amounts(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(_case(2_451_751)), encoding="utf-8")
    done = _cli("assess", str(case), "--no-trace", env={ENV_VAR: str(LOCAL)})
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["value_band"] == "above_eu_threshold"
    assert ".local." in out["ruleset_version"]
    lint = _cli("lint", env={ENV_VAR: str(LOCAL)})
    assert lint.returncode == 0, lint.stderr
    assert "local amount eu_threshold_supplies_services_subcentral" in lint.stdout


# (fixture, line, substring of the message)
INVALID_CASES = [
    (
        "01_unknown_amount",
        2,
        "unknown amount 'eu_threshold_work' (did you mean 'eu_threshold_works'?)",
    ),
    (
        "02_overlapping_period",
        4,
        "overlaps the period 2026-01-01–2027-12-31 of 'eu_threshold_works'",
    ),
    ("03_unknown_key", 7, "unknown key 'verifed' (did you mean 'verified'?)"),
    ("04_other_section", 9, "unknown key 'rules' (this file may hold only: amounts)"),
    ("05_unit_mismatch", 3, "unit 'EUR' differs from the unit 'SEK' of 'eu_threshold_works'"),
    ("06_yaml_syntax", 5, "YAML syntax error"),
    ("07_duplicate_amount", 9, "amount 'eu_threshold_works' is entered twice"),
    ("08_missing_source", 4, "missing key 'source'"),
    ("09_verified_without_value", 4, "a period without 'value' cannot be 'verified: true'"),
    ("10_empty", 1, "the file is empty"),
]


def test_every_failure_mode_has_a_fixture():
    assert sorted(p.stem for p in INVALID.glob("*.yaml")) == sorted(c[0] for c in INVALID_CASES)


@pytest.mark.parametrize(("name", "line", "message"), INVALID_CASES)
def test_a_bad_local_file_is_refused_with_file_and_line(name, line, message):
    path = INVALID / f"{name}.yaml"
    with pytest.raises(RuleLoadError) as caught:
        load_ruleset(DEFAULT_RULES_DIR, path)
    first = caught.value.issues[0]
    assert (Path(first.file).name, first.line) == (path.name, line), str(first)
    assert message in first.message


def test_a_bad_local_file_exits_2_from_the_command_line(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(_case(100)), encoding="utf-8")
    bad = INVALID / "01_unknown_amount.yaml"
    done = _cli("assess", str(case), env={ENV_VAR: str(bad)})
    assert done.returncode == 2
    assert "01_unknown_amount.yaml:2: unknown amount 'eu_threshold_work'" in done.stderr
    assert "Traceback" not in done.stderr
    lint = _cli("lint", env={ENV_VAR: str(bad)})
    assert lint.returncode == 1 and ":2: unknown amount 'eu_threshold_work'" in lint.stderr


def test_a_missing_local_file_is_named():
    with pytest.raises(RuleLoadError) as caught:
        load_ruleset(DEFAULT_RULES_DIR, FIXTURES / "no-such-file.yaml")
    assert "no such file or directory" in str(caught.value)
