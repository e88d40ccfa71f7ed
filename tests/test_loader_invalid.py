"""Every loader failure mode, one fixture each: the right file, the exact line, a helpful message.

Each directory under tests/fixtures/invalid_rules/ holds ``rules.yaml``: a copy of
tests/fixtures/minimal_rules/rules.yaml with exactly one defect, so the line of the first
issue is known. ``{file}`` in an expected message stands for that fixture's rules.yaml. The
fixtures of a directory entry that is not a regular file (``ENTRIES``) hold the minimal file
unchanged and, beside it, ``more.yaml``: a folder, a symbolic link to a device or to nothing.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from procurement.core.errors import RuleLoadError
from procurement.core.loader import load_ruleset
from tests.conftest import FIXTURES, ROOT

INVALID = FIXTURES / "invalid_rules"
MINIMAL = FIXTURES / "minimal_rules" / "rules.yaml"

# (fixture directory, line of the first issue, substring of its message)
CASES: list[tuple[str, int, str]] = [
    # --- YAML ---------------------------------------------------------------------------
    ("01_yaml_syntax_error", 47, "YAML syntax error: mapping values are not allowed"),
    ("02_duplicate_key", 124, "duplicate key 'priority' (first defined on line 122)"),
    ("03_alias", 48, "aliases ('*name') are not allowed"),
    ("43_custom_tag", 7, "tag '!custom' is not allowed"),
    ("44_tab_indentation", 47, "YAML syntax error"),
    ("26_empty_file", 1, "the file is empty"),
    ("27_list_not_mapping", 1, "the file must be a mapping of sections"),
    # --- shape of the format (pydantic) ---------------------------------------------------
    ("42_unknown_key_refrences", 128, "unknown key 'refrences' (did you mean 'references'?)"),
    ("24_unknown_section", 155, "unknown key 'recommendation' (did you mean 'recommendations'?)"),
    (
        "06_wrong_type_priority",
        122,
        "rules.priority: Input should be a valid integer, unable to parse string as an integer "
        "(got 'high')",
    ),
    ("07_missing_key_status", 120, "missing key 'status'"),
    (
        "08_invalid_status",
        124,
        "rules.status: Input should be 'recommended', 'possible', 'not_possible' or 'uncertain' "
        "(did you mean 'possible'?) (got 'posible')",
    ),
    ("28_text_missing_en", 48, "missing key 'en'"),
    (
        "19_overlapping_periods",
        73,
        "amounts: periods overlap: the one from 2022-01-01 runs into the one from 2024-01-01",
    ),
    (
        "20_valid_to_before_valid_from",
        77,
        "amounts.periods: valid_to 2021-12-31 is before valid_from 2022-01-01",
    ),
    (
        "21_verified_without_value",
        68,
        "amounts.periods: a period without 'value' cannot be 'verified: true'",
    ),
    # --- conditions -------------------------------------------------------------------------
    ("09_undeclared_fact", 151, "unknown name 'is_socail' (did you mean 'is_social'?)"),
    (
        "11_condition_syntax_error",
        133,
        "condition '(estimated_value_sek >= direct_award_limit': expected ')', "
        "found the end of the condition (column 43)",
    ),
    (
        "12_function_call",
        151,
        "function calls are not part of the condition language (__import__(...))",
    ),
    (
        "13_bool_compared_with_number",
        151,
        "cannot compare a bool with a number using '==' (column 11)",
    ),
    (
        "14_enum_value_not_allowed",
        143,
        "'servcies' is not a value of 'contract_type' (did you mean 'services'?); "
        "allowed: services, supplies",
    ),
    (
        "38_condition_not_boolean",
        151,
        "condition 'estimated_value_sek': a condition must be true or false, but this is a number",
    ),
    # --- references between sections --------------------------------------------------------
    (
        "10_undeclared_amount_in_derived",
        102,
        "unknown amount 'direct_award_limit_luo' (did you mean 'direct_award_limit_lou'?)",
    ),
    (
        "25_derived_cycle",
        97,
        "derived values depend on each other in a cycle: direct_award_limit -> direct_award_limit",
    ),
    (
        "37_estimation_unknown_amount",
        13,
        "estimation.rate: unknown amount 'eur_sek_rat' (did you mean 'eur_sek_rate'?)",
    ),
    (
        "15_duplicate_rule_id",
        148,
        "duplicate id 'reserved_workshops' in rules (first in {file}:140)",
    ),
    (
        "16_same_priority_same_target",
        132,
        "priority 10 for 'direct_award' is already used by rule 'direct_award_below_limit' "
        "({file}:122); precedence must be explicit",
    ),
    ("17_unknown_route", 121, "unknown target 'direct_awrd' (did you mean 'direct_award'?)"),
    (
        "18_route_with_variants",
        149,
        "'reserved' has variants; a rule targets one of them, e.g. 'reserved.<variant>'",
    ),
    ("39_duplicate_variant", 115, "duplicate variant 'workshops'"),
    (
        "36_recommendation_target_has_variants",
        158,
        "unknown target 'reserved' ('reserved' has variants; name one, e.g. 'reserved.<variant>')",
    ),
    (
        "45_duplicate_rank",
        162,
        "rank 10 is already used by 'recommend_direct_award' ({file}:157)",
    ),
    # --- texts and messages -----------------------------------------------------------------
    (
        "22_unknown_placeholder",
        126,
        "reason.sv: unknown placeholder '{direct_award_limt}' (did you mean 'direct_award_limit'?)",
    ),
    (
        "29_unknown_message_id",
        38,
        "unknown message 'unsupported_dates' (did you mean 'unsupported_date'?)",
    ),
    # Defects found by this suite and fixed in the loader:
    ("04_python_tag", 7, "tag '!!python/object:builtins.str' is not allowed"),
    ("05_unknown_key_whne", 123, "unknown key 'whne' (did you mean 'when'?)"),
    ("23_missing_engine_message", 16, "missing messages: yes"),
    ("30_invalid_yaml_date", 8, "invalid value '2026-13-15': month must be in 1..12"),
    ("31_python_tag_on_sequence", 168, "tag '!!python/object/apply:os.system' is not allowed"),
    (
        "32_unknown_section_obligation",
        162,
        "unknown key 'obligation' (did you mean 'obligations'?)",
    ),
    (
        "33_placeholder_in_default_reason",
        108,
        "default_reason.sv: unknown placeholder '{estimated_valu}' "
        "(did you mean 'estimated_value_sek'?)",
    ),
    ("34_duplicate_enum_value", 49, "duplicate value 'supplies'"),
    ("35_nan_amount_value", 70, "Input should be a finite number"),
    ("40_unquoted_yes_message", 25, "the key 'yes' is read as true by YAML; quote it: 'yes'"),
    ("41_deeply_nested_condition", 151, "nested more than 40 levels deep"),
    ("46_alias_in_list", 139, "aliases ('*name') are not allowed"),
    ("47_tagged_key", 172, "tag '!custom' is not allowed"),
    # Issue 16: numbers out of range, division by zero, entries that are not regular files.
    (
        "48_number_too_large",
        123,
        "the number 9999999999…999999 (400 digits) is too large: a number in a condition must "
        "be less than 1_000_000_000_000_000 (column 23)",
    ),
    (
        "49_decimal_too_many_digits",
        164,
        "the number 100000.00000000001 has more than 15 significant digits, which a condition "
        "cannot hold exactly (column 64)",
    ),
    (
        "50_division_by_zero",
        123,
        "condition 'estimated_value_sek / 0 < direct_award_limit': division by zero: "
        "the divisor is always 0 (column 21)",
    ),
    (
        "51_constant_too_large",
        133,
        "'*' of written numbers gives 1.00e+30, too large: a number in a condition must be "
        "less than 1_000_000_000_000_000 (column 40)",
    ),
    ("52_amount_too_large", 68, "'value' must be less than 1_000_000_000_000_000"),
    ("53_directory_entry", 1, "not a regular file: this is a directory"),
    (
        "54_symlink_to_device",
        1,
        "not a regular file: this is a symbolic link to a character device",
    ),
    ("55_symlink_to_nothing", 1, "not a regular file: this is a symbolic link to nothing"),
]

# Fixtures whose defect is a directory entry beside the valid rules.yaml, not in it.
ENTRIES = {"53_directory_entry", "54_symlink_to_device", "55_symlink_to_nothing"}

_IDS = [name for name, _, _ in CASES]


def _rule_file(name: str) -> Path:
    return INVALID / name / ("more.yaml" if name in ENTRIES else "rules.yaml")


def _expected(name: str, message: str) -> str:
    return message.replace("{file}", str(_rule_file(name)))


@pytest.mark.parametrize(("name", "line", "message"), CASES, ids=_IDS)
def test_loader_reports_first_issue(name: str, line: int, message: str) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(INVALID / name)
    first = info.value.issues[0]
    assert Path(first.file) == _rule_file(name), str(info.value)
    assert first.line == line, str(first)
    assert _expected(name, message) in first.message, str(first)
    assert "\n" not in first.message, "one issue, one line"
    assert str(info.value) == str(first)


@pytest.mark.parametrize(("name", "line", "message"), CASES, ids=_IDS)
def test_lint_reports_file_and_line(name: str, line: int, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "procurement", "lint", str(INVALID / name)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{_rule_file(name)}:{line}:" in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: {_rule_file(name)}:{line}: "), lines[0]
    assert _expected(name, message) in lines[0]
    # every issue is one "error: FILE:LINE: message" line, then one summary line
    assert all(text.startswith("error: ") for text in lines[:-1]), result.stderr
    assert lines[-1] == f"{len(lines) - 1} problem(s) in {INVALID / name}"
    assert result.stdout == ""


def test_every_fixture_is_in_the_table() -> None:
    on_disk = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
    assert len(on_disk) >= 15
    assert sorted(_IDS) == on_disk, "every fixture directory needs a row in CASES, and vice versa"
    assert len(set(_IDS)) == len(_IDS)


@pytest.mark.parametrize("name", _IDS)
def test_fixture_is_the_minimal_file_with_one_small_change(name: str) -> None:
    files = sorted(p.name for p in (INVALID / name).iterdir())
    if name in ENTRIES:
        assert files == ["more.yaml", "rules.yaml"]
        assert (INVALID / name / "rules.yaml").read_bytes() == MINIMAL.read_bytes()
        return
    assert files == ["rules.yaml"]
    if name in ("26_empty_file", "27_list_not_mapping"):
        return
    before = MINIMAL.read_text(encoding="utf-8").splitlines()
    after = _rule_file(name).read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 1 <= len(changed) <= 5, changed


def test_minimal_fixture_itself_is_valid() -> None:
    """The base of every fixture loads, so each fixture's only problem is its defect."""
    assert load_ruleset(MINIMAL.parent).meta.id == "minimal"
