"""Turning raw answers (JSON values or CSV text) into a validated, typed case."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from procurement.core.errors import InputError, UnsupportedDateError
from procurement.core.facts_input import Case, parse_case, parse_value
from procurement.core.numbers import NumberError
from tests.conftest import INTERFACE_BOOL_FACTS, INTERFACE_FACTS

TODAY = dt.date(2025, 6, 1)

BOOL_FACTS = list(INTERFACE_BOOL_FACTS)


def case(ruleset, data, **kwargs) -> Case:
    kwargs.setdefault("today", TODAY)
    return parse_case(ruleset, data, **kwargs)


def facts(ruleset, data, **kwargs) -> dict:
    result = dict(case(ruleset, data, **kwargs).facts)
    result.pop("as_of")
    return result


def error(ruleset, data, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        case(ruleset, data, **kwargs)
    return info.value


def test_the_declared_facts_are_those_of_the_interface_plus_vagvals_own(ruleset):
    # interface.md: facts may be added, the listed ones keep their names and types.
    added = {"court_review_urgent_need", "reserve_for_mission_organisations"}
    assert set(ruleset.facts) == {*INTERFACE_FACTS, *added}


# --- JSON values -------------------------------------------------------------------------------


def test_every_fact_type_from_json_values(ruleset):
    data = {
        "as_of": "2024-03-15",
        "buyer_type": "central_government",
        "contract_type": "social_services",
        "estimated_value_sek": 1234.5,
        "contract_duration_months": 24,
        **{f: i % 2 == 0 for i, f in enumerate(BOOL_FACTS)},
    }
    result = case(ruleset, data)
    assert result.as_of == dt.date(2024, 3, 15)
    assert result.as_of_defaulted is False
    assert result.facts == {**data, "as_of": dt.date(2024, 3, 15)}
    assert type(result.facts["contract_duration_months"]) is int


def test_json_document_round_trip(ruleset):
    raw = json.loads(
        '{"contract_type": "services", "buyer_type": "sub_central", '
        '"estimated_value_sek": 700000, "urgent_unforeseeable": false, "as_of": "2025-01-01"}'
    )
    assert facts(ruleset, raw) == {
        "contract_type": "services",
        "buyer_type": "sub_central",
        "estimated_value_sek": 700000,
        "urgent_unforeseeable": False,
    }


@pytest.mark.parametrize("fact", ["buyer_type", "contract_type"])
def test_every_enum_value_is_accepted(ruleset, fact):
    for value in ruleset.facts[fact].value_ids():
        assert facts(ruleset, {fact: value}) == {fact: value}


def test_integral_floats_become_ints(ruleset):
    assert facts(ruleset, {"estimated_value_sek": 700000.0}) == {"estimated_value_sek": 700000}
    assert type(facts(ruleset, {"estimated_value_sek": 700000.0})["estimated_value_sek"]) is int
    assert facts(ruleset, {"contract_duration_months": 36.0}) == {"contract_duration_months": 36}


def test_zero_is_a_valid_value_and_one_month_a_valid_duration(ruleset):
    assert facts(ruleset, {"estimated_value_sek": 0, "contract_duration_months": 1}) == {
        "estimated_value_sek": 0,
        "contract_duration_months": 1,
    }


def test_date_object_is_accepted(ruleset):
    assert case(ruleset, {"as_of": dt.date(2024, 1, 1)}).as_of == dt.date(2024, 1, 1)


# --- unknown -----------------------------------------------------------------------------------


def test_none_means_unknown(ruleset):
    data = {fact: None for fact in ruleset.facts}
    result = case(ruleset, data)
    assert result.facts == {"as_of": TODAY}
    assert result.as_of_defaulted is True


def test_absent_facts_are_unknown_never_false(ruleset):
    result = case(ruleset, {"urgent_unforeseeable": True})
    assert "single_supplier_only" not in result.facts
    assert result.facts["urgent_unforeseeable"] is True


# --- as_of --------------------------------------------------------------------------------------


def test_as_of_defaults_to_the_today_argument(ruleset):
    result = case(ruleset, {}, today=dt.date(2024, 2, 29))
    assert result.as_of == dt.date(2024, 2, 29)
    assert result.facts["as_of"] == dt.date(2024, 2, 29)
    assert result.as_of_defaulted is True


def test_as_of_given_is_not_defaulted(ruleset):
    result = case(ruleset, {"as_of": "2022-02-01"}, today=dt.date(2030, 1, 1))
    assert result.as_of == dt.date(2022, 2, 1)
    assert result.as_of_defaulted is False


def test_as_of_without_today_is_the_real_today(ruleset):
    result = parse_case(ruleset, {})
    assert result.as_of == dt.date.today()
    assert result.as_of_defaulted is True


@pytest.mark.parametrize("day", ["2022-01-31", "2021-12-31", "2000-01-01"])
def test_date_before_2022_02_01_is_refused_naming_that_date(ruleset, day):
    exc = error(ruleset, {"as_of": day})
    assert isinstance(exc, UnsupportedDateError)
    assert exc.field == "as_of"
    assert "2022-02-01" in str(exc)
    assert day in str(exc)


def test_unsupported_date_in_swedish(ruleset):
    exc = error(ruleset, {"as_of": "2021-06-01"}, lang="sv")
    assert "2022-02-01" in str(exc)
    assert "ligger före" in str(exc)


def test_defaulted_today_before_2022_02_01_is_refused_too(ruleset):
    exc = error(ruleset, {}, today=dt.date(2020, 1, 1))
    assert isinstance(exc, UnsupportedDateError)
    assert "2022-02-01" in str(exc)


@pytest.mark.parametrize(
    "raw", ["2025-13-01", "2025-02-30", "1 juni 2025", "", "yesterday", 20250101, True]
)
def test_invalid_date(ruleset, raw):
    exc = error(ruleset, {"as_of": raw})
    assert exc.field == "as_of"
    assert "expected a date YYYY-MM-DD" in exc.detail
    assert repr(raw) in exc.detail


def test_datetime_is_not_a_date(ruleset):
    exc = error(ruleset, {"as_of": dt.datetime(2025, 1, 1, 12, 0)})
    assert exc.field == "as_of"
    assert "expected a date YYYY-MM-DD" in exc.detail


# --- JSON errors --------------------------------------------------------------------------------


def test_unknown_fact_with_did_you_mean(ruleset):
    exc = error(ruleset, {"estimted_value_sek": 5})
    assert exc.field == "estimted_value_sek"
    assert "unknown fact" in exc.detail
    assert "did you mean 'estimated_value_sek'?" in exc.detail


def test_unknown_fact_without_a_close_match(ruleset):
    exc = error(ruleset, {"colour": "red"})
    assert exc.field == "colour"
    assert exc.detail == "unknown fact"


@pytest.mark.parametrize("raw", ["true", "ja", "false", 1, 0, "1"])
def test_bool_given_as_string_or_number_in_json_is_refused(ruleset, raw):
    exc = error(ruleset, {"urgent_unforeseeable": raw})
    assert exc.field == "urgent_unforeseeable"
    assert exc.detail == f"expected true or false, got {raw!r}"


@pytest.mark.parametrize("raw", [-1, -0.5, -700000])
def test_negative_value_is_refused(ruleset, raw):
    exc = error(ruleset, {"estimated_value_sek": raw})
    assert exc.field == "estimated_value_sek"
    assert "expected a number >= 0" in exc.detail
    assert repr(raw) in exc.detail


@pytest.mark.parametrize("raw", [12.5, 0.5, "12", True, "twelve"])
def test_non_integer_duration_is_refused(ruleset, raw):
    exc = error(ruleset, {"contract_duration_months": raw})
    assert exc.field == "contract_duration_months"
    assert "expected a whole number >= 1" in exc.detail


@pytest.mark.parametrize("raw", [0, -3])
def test_duration_below_one_is_refused(ruleset, raw):
    exc = error(ruleset, {"contract_duration_months": raw})
    assert exc.field == "contract_duration_months"
    assert exc.detail == f"expected a whole number >= 1, got {raw!r}"


@pytest.mark.parametrize("raw", ["700000", "700 000", True, False, [700000], {"v": 1}])
def test_number_of_the_wrong_json_type_is_refused(ruleset, raw):
    exc = error(ruleset, {"estimated_value_sek": raw})
    assert exc.field == "estimated_value_sek"
    assert "expected a number >= 0" in exc.detail


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(ruleset, raw):
    exc = error(ruleset, {"estimated_value_sek": raw})
    assert exc.field == "estimated_value_sek"


def test_invalid_enum_names_the_allowed_values_with_did_you_mean(ruleset):
    exc = error(ruleset, {"contract_type": "service"})
    assert exc.field == "contract_type"
    assert "expected one of supplies, services, works, social_services" in exc.detail
    assert "got 'service'" in exc.detail
    assert "did you mean 'services'?" in exc.detail


def test_invalid_enum_of_the_wrong_type(ruleset):
    exc = error(ruleset, {"buyer_type": 3})
    assert exc.field == "buyer_type"
    assert exc.detail == "expected one of central_government, sub_central, got 3"


def test_enum_values_are_case_sensitive(ruleset):
    exc = error(ruleset, {"contract_type": "Works"})
    assert "did you mean 'works'?" in exc.detail


def test_case_must_be_an_object(ruleset):
    exc = error(ruleset, [("contract_type", "works")])
    assert exc.field == "case"
    assert "JSON object" in exc.detail


def test_row_is_included_in_the_message(ruleset):
    exc = error(ruleset, {"estimated_value_sek": -1}, row=7)
    assert exc.row == 7
    assert str(exc).startswith("row 7: estimated_value_sek: ")


def test_message_names_the_field_first(ruleset):
    exc = error(ruleset, {"estimated_value_sek": -1})
    assert str(exc) == "estimated_value_sek: expected a number >= 0, got -1"


@pytest.mark.parametrize("fact", ["estimated_value_sek", "contract_duration_months"])
@pytest.mark.parametrize("raw", ["1" + "0" * 400, "1e400", "-1" + "0" * 400])
def test_huge_json_numbers_are_input_errors_not_crashes(ruleset, fact, raw):
    exc = error(ruleset, {fact: json.loads(raw)})
    assert exc.field == fact
    assert len(str(exc)) < 200


# --- CSV text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", True),
        ("Ja", True),
        ("JA", True),
        ("true", True),
        ("True", True),
        ("1", True),
        ("nej", False),
        ("Nej", False),
        ("false", False),
        ("FALSE", False),
        ("0", False),
        ("  ja  ", True),
    ],
)
def test_bool_from_text(ruleset, raw, expected):
    assert facts(ruleset, {"urgent_unforeseeable": raw}, text=True) == {
        "urgent_unforeseeable": expected
    }


@pytest.mark.parametrize("raw", ["", "   ", "\t"])
def test_empty_cell_is_unknown(ruleset, raw):
    data = {fact: raw for fact in ruleset.facts}
    result = case(ruleset, data, text=True)
    assert result.facts == {"as_of": TODAY}
    assert result.as_of_defaulted is True


@pytest.mark.parametrize("raw", ["kanske", "2", "y", "sann"])
def test_bool_from_text_refuses_other_words(ruleset, raw):
    exc = error(ruleset, {"general_interest": raw}, text=True)
    assert exc.field == "general_interest"
    assert exc.detail == f"expected true or false, got {raw!r}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("700000", 700000),
        ("700 000", 700000),
        ("700\u00a0000", 700000),
        ("700\u202f000", 700000),
        ("1 234,5", 1234.5),
        ("1234,5", 1234.5),
        ("1234.5", 1234.5),
        ("2 389 585", 2389585),
        ("0", 0),
        (" 650 000 ", 650000),
    ],
)
def test_swedish_numbers_from_text(ruleset, raw, expected):
    result = facts(ruleset, {"estimated_value_sek": raw}, text=True)
    assert result == {"estimated_value_sek": expected}
    assert type(result["estimated_value_sek"]) is type(expected)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("sjuhundratusen", "not_a_number"),
        ("1,234.5", "english_style"),
        ("1.800", "ambiguous_point"),  # 1 800 or 1,8? Never guessed.
        ("1,800,000", "english_style"),
        ("1 80 000", "bad_format_sv"),
        ("-5", "at_least"),
        ("-1 000", "at_least"),
        ("1e5", "not_a_number"),
        ("10 000 000 000 000 000", "too_large"),
    ],
)
def test_bad_numbers_from_text(ruleset, raw, reason):
    exc = error(ruleset, {"estimated_value_sek": raw}, text=True, row=4)
    assert isinstance(exc, NumberError)
    assert (exc.field, exc.row, exc.reason) == ("estimated_value_sek", 4, reason)
    assert str(exc).startswith("row 4: estimated_value_sek: ")
    assert f"“{raw}”" in exc.detail  # English by default, quoting the cell


def test_an_ambiguous_cell_is_explained_in_swedish(ruleset):
    exc = error(ruleset, {"estimated_value_sek": "1.800"}, text=True, row=3, lang="sv")
    assert str(exc).startswith("row 3: estimated_value_sek: ”1.800” är tvetydigt")
    assert "1\u00a0800 eller 1,8" in exc.detail


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("700 000 kr", 700000), ("1,8 mnkr", 1_800_000), ("250 tkr", 250_000), ("SEK 5 000", 5000)],
)
def test_kronor_words_in_a_cell(ruleset, raw, expected):
    assert facts(ruleset, {"estimated_value_sek": raw}, text=True) == {
        "estimated_value_sek": expected
    }


def test_integer_from_text(ruleset):
    assert facts(ruleset, {"contract_duration_months": "24"}, text=True) == {
        "contract_duration_months": 24
    }
    assert facts(ruleset, {"contract_duration_months": "36,0"}, text=True) == {
        "contract_duration_months": 36
    }


@pytest.mark.parametrize(
    ("raw", "reason"), [("12,5", "whole_number"), ("0", "at_least"), ("tolv", "not_a_number")]
)
def test_bad_integer_from_text(ruleset, raw, reason):
    exc = error(ruleset, {"contract_duration_months": raw}, text=True)
    assert isinstance(exc, NumberError)
    assert (exc.field, exc.reason) == ("contract_duration_months", reason)


def test_enum_and_date_from_text(ruleset):
    result = case(
        ruleset,
        {"contract_type": " works ", "buyer_type": "sub_central", "as_of": "2024-05-01"},
        text=True,
    )
    assert result.facts == {
        "contract_type": "works",
        "buyer_type": "sub_central",
        "as_of": dt.date(2024, 5, 1),
    }
    assert result.as_of_defaulted is False


def test_invalid_enum_from_text(ruleset):
    exc = error(ruleset, {"contract_type": "varor"}, text=True)
    assert exc.field == "contract_type"
    assert "expected one of supplies, services, works, social_services" in exc.detail


def test_invalid_date_from_text(ruleset):
    exc = error(ruleset, {"as_of": "2024-02-30"}, text=True)
    assert exc.field == "as_of"
    assert "expected a date YYYY-MM-DD" in exc.detail


def test_text_mode_turns_non_strings_into_text(ruleset):
    assert facts(
        ruleset, {"estimated_value_sek": 5000, "urgent_unforeseeable": True}, text=True
    ) == {
        "estimated_value_sek": 5000,
        "urgent_unforeseeable": True,
    }


# --- parse_value directly ----------------------------------------------------------------------


def test_parse_value_none_is_unknown(ruleset):
    for fact in ruleset.facts.values():
        assert parse_value(fact, None) is None
        assert parse_value(fact, "", text=True) is None


def test_parse_value_types(ruleset):
    f = ruleset.facts
    assert parse_value(f["counterpart_ideburen"], "nej", text=True) is False
    assert parse_value(f["estimated_value_sek"], "1 234,5", text=True) == 1234.5
    assert parse_value(f["contract_duration_months"], 12) == 12
    assert parse_value(f["contract_type"], "works") == "works"
    assert parse_value(f["as_of"], "2023-01-01") == dt.date(2023, 1, 1)
