"""Every clause-library failure mode, one fixture each: the right file, the exact line, a helpful
message.

Each directory under tests/fixtures/invalid_clauses/ holds ``clauses.yaml``: a copy of
tests/fixtures/invalid_clauses/base/clauses.yaml with exactly one defect, so the line of the
first issue is known. Every fixture is loaded against the shipped route rules.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from procurement.clauses.library import load_library
from procurement.core.errors import RuleLoadError
from procurement.core.ruleset import RuleSet
from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid_clauses"
BASE = INVALID / "base" / "clauses.yaml"
NOT_COPIES = ("17_empty_file", "18_list_not_mapping")

# (fixture directory, line of the first issue, substring of its message)
CASES: list[tuple[str, int, str]] = [
    # --- YAML ---------------------------------------------------------------------------------
    ("01_yaml_syntax_error", 28, "YAML syntax error: mapping values are not allowed"),
    ("02_duplicate_key", 9, "duplicate key 'level' (first defined on line 8)"),
    ("17_empty_file", 1, "the file is empty"),
    ("18_list_not_mapping", 1, "the file must be a mapping with 'clauses'"),
    # --- shape of the format (pydantic) ---------------------------------------------------------
    (
        "03_unknown_key_verfication",
        57,
        "unknown key 'verfication' (did you mean 'verification'?)",
    ),
    ("04_missing_key_placement", 35, "missing key 'placement'"),
    (
        "05_invalid_level",
        39,
        "clauses.level: Input should be 'bas', 'avancerad' or 'spjutspets' "
        "(did you mean 'avancerad'?) (got 'avancerd')",
    ),
    (
        "20_unknown_category",
        68,
        "(did you mean 'accessibility'?) (got 'accesibility')",
    ),
    (
        "14_empty_references",
        66,
        "a clause needs at least one legal reference in 'references'",
    ),
    (
        "15_choice_without_choices",
        43,
        "clauses.variables: a variable of type 'choice' needs 'choices'",
    ),
    (
        "16_minimum_greater_than_maximum",
        17,
        "clauses.variables: 'minimum' is greater than 'maximum'",
    ),
    (
        "21_unit_on_text_variable",
        14,
        "clauses.variables: 'minimum', 'maximum' and 'unit' are only for numbers",
    ),
    # --- checked against the route rules --------------------------------------------------------
    (
        "06_unknown_route",
        9,
        "routes: unknown route 'lou_social_consideration' "
        "(did you mean 'lou_social_considerations'?)",
    ),
    ("07_unknown_contract_type", 41, "contract_types: unknown 'goods'"),
    (
        "08_unknown_required_by",
        12,
        "required_by: unknown duty 'labour_law_condition' (did you mean 'labour_law_conditions'?)",
    ),
    (
        "09_when_unknown_fact",
        11,
        "condition 'risk_poor_work_conditions': unknown name 'risk_poor_work_conditions' "
        "(did you mean 'risk_poor_working_conditions'?)",
    ),
    (
        "10_when_syntax_error",
        73,
        "condition 'estimated_value_sek >= 100000 and (not urgent_unforeseeable': expected ')', "
        "found the end of the condition (column 60)",
    ),
    # --- texts and their variables -------------------------------------------------------------
    (
        "11_undeclared_placeholder",
        24,
        "text.sv: unknown variable or amount '{collective_agrement}' "
        "(did you mean 'collective_agreement'?)",
    ),
    ("12_declared_variable_unused", 25, "text.en: variable 'months' is declared but not used"),
    ("13_duplicate_clause_id", 66, "duplicate clause id 'base_labour_pay'"),
    # the message shows the placeholder as written
    ("19_placeholder_with_format_spec", 25, "'{months:>5}'"),
]


# Known defects of the loader: the row states the behaviour it should have.
XFAIL: dict[str, str] = {}  # fixtures that show a known bug (none at present)

_IDS = [name for name, _, _ in CASES]
_PARAMS = [
    pytest.param(
        *case,
        id=case[0],
        marks=[pytest.mark.xfail(strict=True, raises=AssertionError, reason=XFAIL[case[0]])]
        if case[0] in XFAIL
        else [],
    )
    for case in CASES
]


def _clause_file(name: str) -> Path:
    return INVALID / name / "clauses.yaml"


@pytest.mark.parametrize(("name", "line", "message"), _PARAMS)
def test_loader_reports_first_issue(ruleset: RuleSet, name: str, line: int, message: str) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, _clause_file(name))
    first = info.value.issues[0]
    assert Path(first.file) == _clause_file(name), str(info.value)
    assert first.line == line, str(first)
    assert message in first.message, str(first)
    assert "\n" not in first.message, "one issue, one line"
    assert str(info.value) == str(first)


def test_the_base_itself_loads(ruleset: RuleSet) -> None:
    """The base of every fixture loads, so each fixture's only problem is its defect."""
    library = load_library(ruleset, BASE)
    assert list(library.clauses) == [
        "base_labour_pay",
        "base_reservation_notice",
        "base_accessibility",
    ]
    assert set(library.conditions) == {"base_labour_pay", "base_accessibility"}


def test_the_base_loads_from_its_directory_too(ruleset: RuleSet) -> None:
    assert len(load_library(ruleset, BASE.parent)) == 3


def test_every_fixture_is_in_the_table() -> None:
    on_disk = sorted(p.name for p in INVALID.iterdir() if p.is_dir() and p.name != "base")
    assert len(on_disk) >= 18
    assert sorted(_IDS) == on_disk, "every fixture directory needs a row in CASES, and vice versa"
    assert len(set(_IDS)) == len(_IDS)


@pytest.mark.parametrize("name", _IDS)
def test_fixture_is_the_base_with_one_small_change(name: str) -> None:
    files = sorted(p.name for p in (INVALID / name).iterdir())
    assert files == ["clauses.yaml"]
    if name in NOT_COPIES:
        return
    before = BASE.read_text(encoding="utf-8").splitlines()
    after = _clause_file(name).read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 1 <= len(changed) <= 5, changed


def test_the_empty_file_is_empty_and_the_list_is_a_list() -> None:
    assert _clause_file("17_empty_file").read_text(encoding="utf-8").strip() == ""
    assert _clause_file("18_list_not_mapping").read_text(encoding="utf-8").startswith("- ")


def test_every_issue_of_a_fixture_names_its_file(ruleset: RuleSet) -> None:
    for name in _IDS:
        with pytest.raises(RuleLoadError) as info:
            load_library(ruleset, _clause_file(name))
        assert all(Path(i.file) == _clause_file(name) for i in info.value.issues), name
        assert all(i.line >= 1 for i in info.value.issues), name


def test_a_misspelt_placeholder_also_reports_the_variable_unused(ruleset: RuleSet) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, _clause_file("11_undeclared_placeholder"))
    messages = [i.message for i in info.value.issues]
    assert messages[1] == "text.sv: variable 'collective_agreement' is declared but not used"


def test_a_lone_brace_is_an_invalid_placeholder(ruleset: RuleSet, tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8").replace(
        "en: The delivery shall be accessible", "en: The delivery } shall be accessible"
    )
    path = tmp_path / "clauses.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, path)
    first = info.value.issues[0]
    assert (first.line, first.message) == (
        76,
        "text.en: invalid placeholder: Single '}' encountered in format string",
    )


def test_a_condition_over_a_non_fact_is_refused(ruleset: RuleSet, tmp_path: Path) -> None:
    """Clause conditions read facts only: not routes, not amounts."""
    text = BASE.read_text(encoding="utf-8").replace(
        "when: risk_poor_working_conditions",
        "when: route.direct_award == 'recommended'",
    )
    path = tmp_path / "clauses.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, path)
    first = info.value.issues[0]
    assert first.line == 11
    assert first.message == (
        "condition 'route.direct_award == 'recommended'': unknown name 'route.direct_award' "
        "(column 1)"
    )
