"""The shipped clause library: it loads against the shipped rules, every clause is complete and
renders in Swedish and English, and filling a clause checks each value.

Values for every variable are generated from its declaration (type, minimum, maximum, choices),
so a new clause is covered without touching this file.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from procurement.clauses.fill import amount_texts, check_value, expected, fill_text, format_value
from procurement.clauses.library import DEFAULT_CLAUSES_DIR, ClauseLibrary, load_library
from procurement.clauses.model import CATEGORIES, LEVELS, PLACEMENTS, Clause, Variable
from procurement.core.errors import InputError, RuleLoadError
from procurement.core.formatting import format_quantity
from procurement.core.limits import NUMBER_LIMIT
from procurement.core.ruleset import RuleSet
from procurement.service import default_library
from tests.conftest import FIXTURES

DAY = dt.date(2026, 6, 1)
LANGS = ("sv", "en")
BASE = FIXTURES / "invalid_clauses" / "base" / "clauses.yaml"

LIBRARY: ClauseLibrary = default_library()
CLAUSE_IDS = list(LIBRARY.clauses)
WITH_VARIABLES = [c.id for c in LIBRARY.clauses.values() if c.variables]
VARIABLE_PAIRS = [(c.id, v.id) for c in LIBRARY.clauses.values() for v in c.variables]


@pytest.fixture(scope="module")
def library() -> ClauseLibrary:
    return LIBRARY


@pytest.fixture(scope="module")
def base_library(ruleset: RuleSet) -> ClauseLibrary:
    """The small fixture library; it has the only choice variable."""
    return load_library(ruleset, BASE)


def valid_value(var: Variable) -> Any:
    """A value the variable accepts, derived from its declaration only."""
    if var.type == "text":
        return f"Exempelvärde för {var.id}"
    if var.type == "choice":
        assert var.choices
        return var.choices[-1].id
    low = var.minimum if var.minimum is not None else 0
    if var.type == "integer":
        value = math.ceil(low) + 2
        return min(value, math.floor(var.maximum)) if var.maximum is not None else value
    if var.maximum is not None:
        return (low + var.maximum) / 2
    return low + 1.5


def valid_values(clause: Clause) -> dict[str, Any]:
    return {v.id: valid_value(v) for v in clause.variables}


def variable(clause_id: str, var_id: str, lib: ClauseLibrary = LIBRARY) -> Variable:
    return next(v for v in lib.clauses[clause_id].variables if v.id == var_id)


# --- the shipped library loads and is complete ------------------------------------------------


def test_the_shipped_library_loads_against_the_shipped_rules(ruleset: RuleSet) -> None:
    loaded = load_library(ruleset)
    assert list(loaded.clauses) == CLAUSE_IDS
    assert loaded.version == LIBRARY.version
    assert len(loaded.version) == 12
    assert all(Path(f).parent == DEFAULT_CLAUSES_DIR for f in loaded.files)


def test_the_library_has_at_least_20_clauses(library: ClauseLibrary) -> None:
    assert len(library) >= 20
    assert len(library) == len(library.clauses)


def test_default_library_is_loaded_once() -> None:
    assert default_library() is LIBRARY


@pytest.mark.parametrize(
    "category",
    ["employment", "labour_law", "reservation_notice", "award_criterion", "accessibility"],
)
def test_each_category_of_the_issue_is_present(library: ClauseLibrary, category: str) -> None:
    assert any(c.category == category for c in library.clauses.values())


def test_every_clause_uses_declared_categories_placements_and_levels(
    library: ClauseLibrary,
) -> None:
    for clause in library.clauses.values():
        assert clause.category in CATEGORIES
        assert clause.placement in PLACEMENTS
        assert clause.level in LEVELS


@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_every_clause_has_a_reference_verification_and_proportionality(clause_id: str) -> None:
    clause = LIBRARY.clauses[clause_id]
    assert len(clause.references) >= 1
    assert all(str(ref).strip() for ref in clause.references)
    for lang in LANGS:
        assert clause.verification.get(lang).strip()
        assert clause.proportionality.get(lang).strip()
        assert clause.title.get(lang).strip()
        assert clause.text.get(lang).strip()


def test_every_when_condition_is_compiled(library: ClauseLibrary) -> None:
    with_when = {c.id for c in library.clauses.values() if c.when is not None}
    assert set(library.conditions) == with_when


def test_every_clause_routes_and_contract_types_exist(
    library: ClauseLibrary, ruleset: RuleSet
) -> None:
    targets = set(ruleset.routes) | set(ruleset.targets)
    kinds = set(ruleset.facts["contract_type"].value_ids())
    for clause in library.clauses.values():
        assert set(clause.routes) <= targets, clause.id
        assert set(clause.contract_types) <= kinds, clause.id


# --- every clause renders -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_every_clause_renders_with_its_variables_filled(
    clause_id: str, lang: str, ruleset: RuleSet
) -> None:
    clause = LIBRARY.clauses[clause_id]
    values = valid_values(clause)
    text = fill_text(clause, values, lang, amounts=amount_texts(ruleset, DAY, lang))
    assert "{" not in text
    assert "}" not in text
    for var in clause.variables:
        if var.type == "text":
            assert values[var.id] in text
        shown = format_value(var, check_value(var, values[var.id], "f", lang), lang)
        assert shown in text, (var.id, shown)


def test_the_shipped_variables_are_integers_numbers_and_texts(library: ClauseLibrary) -> None:
    kinds = {v.type for c in library.clauses.values() for v in c.variables}
    assert kinds == {"integer", "number", "text"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_generated_values_also_fill_a_choice_variable(
    base_library: ClauseLibrary, ruleset: RuleSet, lang: str
) -> None:
    for clause in base_library.clauses.values():
        values = valid_values(clause)
        text = fill_text(clause, values, lang, amounts=amount_texts(ruleset, DAY, lang))
        assert "{" not in text
        assert "}" not in text
        for var in clause.variables:
            assert format_value(var, values[var.id], lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_choice_variable_renders_as_its_label(base_library: ClauseLibrary, lang: str) -> None:
    clause = base_library.clauses["base_reservation_notice"]
    amounts = {"reserved_4_18_min_share": "30 %"}
    text = fill_text(clause, {"subject": "städning", "group": "unemployed"}, lang, amounts=amounts)
    choices = {c.id: c.label.get(lang) for c in variable(clause.id, "group", base_library).choices}
    assert choices["unemployed"] in text
    assert choices["disability"] not in text
    assert "unemployed" not in text.replace(choices["unemployed"], "")


# --- the reservation share comes from the dated amount ---------------------------------------

RESERVATION_SHARE_CLAUSES = [
    c.id
    for c in LIBRARY.clauses.values()
    if "{reserved_4_18_min_share}" in c.text.sv and "{reserved_4_18_min_share}" in c.text.en
]


def test_the_4_18_clauses_use_the_share_amount() -> None:
    assert len(RESERVATION_SHARE_CLAUSES) >= 3
    assert all(c.startswith("reservation_4_18") for c in RESERVATION_SHARE_CLAUSES)


def test_the_share_amount_in_force_is_30_percent(ruleset: RuleSet) -> None:
    assert amount_texts(ruleset, DAY, "sv")["reserved_4_18_min_share"] == "30 %"
    assert amount_texts(ruleset, DAY, "en")["reserved_4_18_min_share"] == "30%"
    periods = ruleset.amounts["reserved_4_18_min_share"].periods
    in_force = [
        p for p in periods if p.valid_from <= DAY and (p.valid_to is None or p.valid_to >= DAY)
    ]
    assert [p.value for p in in_force] == [0.30]
    assert format_quantity(0.30, "share", "sv") == "30 %"


@pytest.mark.parametrize(("lang", "words"), [("sv", ("minst", "av")), ("en", ("at least", "of"))])
@pytest.mark.parametrize("clause_id", RESERVATION_SHARE_CLAUSES)
def test_the_reservation_share_is_filled_from_the_rules(
    clause_id: str, lang: str, words: tuple[str, str], ruleset: RuleSet
) -> None:
    clause = LIBRARY.clauses[clause_id]
    share = amount_texts(ruleset, DAY, lang)["reserved_4_18_min_share"]
    text = fill_text(clause, valid_values(clause), lang, amounts=amount_texts(ruleset, DAY, lang))
    before, after = words
    assert f"{before} {share} {after}" in " ".join(text.lower().split())


def test_the_share_follows_the_amounts_given(ruleset: RuleSet) -> None:
    clause = LIBRARY.clauses["reservation_4_18_qualification"]
    text = fill_text(clause, {}, "sv", amounts={"reserved_4_18_min_share": "40 %"})
    assert "minst 40 % av" in text
    assert "30 %" not in text


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("clause_id", "var_id"), VARIABLE_PAIRS)
def test_a_missing_variable_names_the_field_and_its_label(
    clause_id: str, var_id: str, lang: str, ruleset: RuleSet
) -> None:
    clause = LIBRARY.clauses[clause_id]
    values = valid_values(clause)
    del values[var_id]
    with pytest.raises(InputError) as info:
        fill_text(clause, values, lang, amounts=amount_texts(ruleset, DAY, lang))
    assert info.value.field == f"{clause_id}.{var_id}"
    assert variable(clause_id, var_id).label.get(lang) in info.value.detail
    assert clause.title.get(lang) in info.value.detail


def test_a_value_of_none_counts_as_missing() -> None:
    clause = LIBRARY.clauses["employment_commitment_positions"]
    values = {**valid_values(clause), "months": None}
    with pytest.raises(InputError) as info:
        fill_text(clause, values, "en")
    assert info.value.field == "employment_commitment_positions.months"


def test_the_field_prefix_replaces_the_clause_id() -> None:
    clause = LIBRARY.clauses["employment_commitment_positions"]
    values = valid_values(clause)
    del values["positions"]
    with pytest.raises(InputError) as info:
        fill_text(clause, values, "sv", field="clauses[2].variables")
    assert info.value.field == "clauses[2].variables.positions"


INTEGER = ("employment_commitment_positions", "positions")  # integer, minimum 1
SHARE = ("award_extra_positions", "weight")  # number, 0..1
TEXT = ("supply_chain_ilo_basic", "products")  # text, at most 300 characters


@pytest.mark.parametrize(
    ("where", "raw"),
    [
        pytest.param(INTEGER, True, id="bool-for-integer"),
        pytest.param(INTEGER, False, id="false-for-integer"),
        pytest.param(INTEGER, 1.5, id="fraction-for-integer"),
        pytest.param(INTEGER, 0, id="integer-below-minimum"),
        pytest.param(INTEGER, -3, id="negative-integer"),
        pytest.param(INTEGER, "3", id="string-for-integer"),
        pytest.param(INTEGER, math.nan, id="nan-for-integer"),
        pytest.param(INTEGER, math.inf, id="inf-for-integer"),
        pytest.param(SHARE, math.nan, id="nan-for-number"),
        pytest.param(SHARE, -math.inf, id="minus-inf-for-number"),
        pytest.param(SHARE, True, id="bool-for-number"),
        pytest.param(SHARE, -0.01, id="number-below-minimum"),
        pytest.param(SHARE, 1.01, id="number-above-maximum"),
        pytest.param(SHARE, [0.5], id="list-for-number"),
        pytest.param(TEXT, "", id="empty-text"),
        pytest.param(TEXT, "   \n\t ", id="blank-text"),
        pytest.param(TEXT, "x" * 301, id="too-long-text"),
        pytest.param(TEXT, 42, id="number-for-text"),
    ],
)
def test_a_wrong_value_is_an_input_error(where: tuple[str, str], raw: Any) -> None:
    clause_id, var_id = where
    clause = LIBRARY.clauses[clause_id]
    values = {**valid_values(clause), var_id: raw}
    with pytest.raises(InputError) as info:
        fill_text(clause, values, "sv")
    assert info.value.field == f"{clause_id}.{var_id}"
    assert expected(variable(clause_id, var_id), "sv") in info.value.detail
    assert repr(raw) in info.value.detail


@pytest.mark.parametrize("raw", ["elderly", "", "Disability", 1, None])
def test_an_unknown_choice_is_an_input_error(base_library: ClauseLibrary, raw: Any) -> None:
    clause = base_library.clauses["base_reservation_notice"]
    with pytest.raises(InputError) as info:
        fill_text(clause, {"subject": "städning", "group": raw}, "en", amounts={})
    assert info.value.field == "base_reservation_notice.group"
    if raw is not None:
        assert "'disability'" in info.value.detail
        assert "'unemployed'" in info.value.detail


def test_the_error_message_says_what_was_expected_in_each_language() -> None:
    var = variable(*INTEGER)
    assert expected(var, "sv") == "ett heltal ≥ 1"
    assert expected(var, "en") == "a whole number ≥ 1"
    share = variable(*SHARE)
    assert expected(share, "en") == "a number ≥ 0 ≤ 1"
    assert expected(variable(*TEXT), "en") == "a text (at most 300 characters)"


@pytest.mark.parametrize(
    ("where", "raw", "checked"),
    [
        pytest.param(INTEGER, 1, 1, id="integer-at-minimum"),
        pytest.param(INTEGER, 4.0, 4, id="whole-float-as-integer"),
        pytest.param(SHARE, 0, 0, id="number-at-minimum"),
        pytest.param(SHARE, 1, 1, id="number-at-maximum"),
        pytest.param(TEXT, "  två \n  ord ", "två ord", id="text-whitespace-collapsed"),
        pytest.param(TEXT, "x" * 300, "x" * 300, id="text-at-max-length"),
    ],
)
def test_boundary_values_are_accepted(where: tuple[str, str], raw: Any, checked: Any) -> None:
    result = check_value(variable(*where), raw, "f", "sv")
    assert result == checked
    assert type(result) is type(checked)


def test_an_unknown_extra_variable_gives_a_did_you_mean() -> None:
    clause = LIBRARY.clauses["employment_commitment_positions"]
    values = {**valid_values(clause), "positons": 3}
    with pytest.raises(InputError) as info:
        fill_text(clause, values, "en")
    assert info.value.field == "employment_commitment_positions.positons"
    assert "(did you mean 'positions'?)" in info.value.detail
    assert "positions, months, target_group, matching_party" in info.value.detail


def test_a_value_for_a_clause_without_variables_is_refused() -> None:
    clause = LIBRARY.clauses["employment_subcontractors"]
    assert not clause.variables
    with pytest.raises(InputError) as info:
        fill_text(clause, {"positions": 3}, "sv")
    assert info.value.field == "employment_subcontractors.positions"
    assert "did you mean" not in info.value.detail


@pytest.mark.parametrize("where", [INTEGER, ("employment_penalty", "penalty")], ids=["int", "num"])
def test_a_huge_integer_is_an_input_error_not_a_crash(where: tuple[str, str]) -> None:
    clause_id, var_id = where
    clause = LIBRARY.clauses[clause_id]
    values = {**valid_values(clause), var_id: 10**400}
    with pytest.raises(InputError) as info:
        fill_text(clause, values, "en")
    assert info.value.field == f"{clause_id}.{var_id}"
    # the bound is the one every number has (NUMBER_LIMIT): just below it is a number
    with pytest.raises(InputError):
        fill_text(clause, {**values, var_id: NUMBER_LIMIT}, "en")
    assert fill_text(clause, {**values, var_id: NUMBER_LIMIT - 1}, "en")


# --- loading from other sources ---------------------------------------------------------------


def test_a_directory_without_clause_files_is_an_error(ruleset: RuleSet, tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, tmp_path)
    assert "no clause files" in info.value.issues[0].message


def test_a_missing_path_is_an_error(ruleset: RuleSet, tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, tmp_path / "nope.yaml")
    assert info.value.issues[0].message == "no such file or directory"


def test_a_clause_id_repeated_in_a_second_file_is_reported_there(
    ruleset: RuleSet, tmp_path: Path
) -> None:
    text = BASE.read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_library(ruleset, tmp_path)
    first = info.value.issues[0]
    assert (Path(first.file).name, first.line) == ("b.yaml", 4)
    assert first.message == "duplicate clause id 'base_labour_pay'"
    assert len(info.value.issues) == 3


def test_the_version_changes_with_the_content(ruleset: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "clauses.yaml"
    path.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    before = load_library(ruleset, path).version
    path.write_text(BASE.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert load_library(ruleset, path).version != before
