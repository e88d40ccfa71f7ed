"""Three-valued comparison and interval arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from procurement.core.conditions.logic import Interval, OneOf, arith, as_interval, compare, member

IV = Interval(100, 200)


def test_as_interval_wraps_numbers_and_keeps_intervals():
    assert as_interval(5) == Interval(5, 5)
    assert as_interval(IV) is IV


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_unknown_operand_gives_unknown(op):
    assert compare(op, None, 1) is None
    assert compare(op, 1, None) is None
    assert compare(op, None, IV) is None
    assert compare(op, IV, None) is None


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("==", 1, 1, True),
        ("==", 1, 2, False),
        ("!=", 1, 2, True),
        ("<", 1, 2, True),
        ("<", 2, 2, False),
        ("<=", 2, 2, True),
        (">", 3, 2, True),
        (">=", 2, 3, False),
        ("==", "works", "works", True),
        ("!=", "works", "supplies", True),
        ("<", dt.date(2023, 1, 1), dt.date(2024, 1, 1), True),
        (">=", dt.date(2024, 1, 1), dt.date(2024, 1, 1), True),
    ],
)
def test_plain_comparisons(op, left, right, expected):
    assert compare(op, left, right) is expected


# --- a number against an interval [100, 200] ---------------------------------------------------
# Rows: the number below, at the low end, inside, at the high end, above the interval.


@pytest.mark.parametrize(
    ("op", "below", "at_lo", "inside", "at_hi", "above"),
    [
        ("<", True, None, None, False, False),
        ("<=", True, True, None, None, False),
        (">", False, False, None, None, True),
        (">=", False, None, None, True, True),
        ("==", False, None, None, None, False),
        ("!=", True, None, None, None, True),
    ],
)
def test_number_op_interval(op, below, at_lo, inside, at_hi, above):
    assert compare(op, 99, IV) is below
    assert compare(op, 100, IV) is at_lo
    assert compare(op, 150, IV) is inside
    assert compare(op, 200, IV) is at_hi
    assert compare(op, 201, IV) is above


def test_number_op_interval_at_boundaries_in_detail():
    # 100 < y is false for y == 100 and true above it: unknown.
    assert compare("<", 100, IV) is None
    # 200 > y is true below 200 and false for y == 200: unknown.
    assert compare(">", 200, IV) is None
    # 100 > y is false for every y in [100, 200].
    assert compare(">", 100, IV) is False
    # 200 >= y holds for every y in [100, 200].
    assert compare(">=", 200, IV) is True
    # 100 <= y holds for every y in [100, 200].
    assert compare("<=", 100, IV) is True


@pytest.mark.parametrize(
    ("op", "below", "at_lo", "inside", "at_hi", "above"),
    [
        # interval OP number, with the number below / at lo / inside / at hi / above the interval
        ("<", False, False, None, None, True),
        ("<=", False, None, None, True, True),
        (">", True, None, None, False, False),
        (">=", True, True, None, None, False),
        ("==", False, None, None, None, False),
        ("!=", True, None, None, None, True),
    ],
)
def test_interval_op_number(op, below, at_lo, inside, at_hi, above):
    assert compare(op, IV, 99) is below
    assert compare(op, IV, 100) is at_lo
    assert compare(op, IV, 150) is inside
    assert compare(op, IV, 200) is at_hi
    assert compare(op, IV, 201) is above


def test_interval_against_interval():
    assert compare("<", Interval(1, 2), Interval(3, 4)) is True
    assert compare("<", Interval(1, 3), Interval(3, 4)) is None
    assert compare("<=", Interval(1, 3), Interval(3, 4)) is True
    assert compare(">", Interval(5, 6), Interval(3, 4)) is True
    assert compare(">=", Interval(4, 6), Interval(3, 4)) is True
    assert compare(">", Interval(4, 6), Interval(3, 4)) is None
    assert compare("==", Interval(1, 2), Interval(3, 4)) is False
    assert compare("!=", Interval(1, 2), Interval(3, 4)) is True
    assert compare("==", Interval(1, 3), Interval(2, 4)) is None


def test_point_intervals_compare_exactly():
    assert compare("==", Interval(5, 5), 5) is True
    assert compare("!=", Interval(5, 5), 5) is False
    assert compare("<", Interval(5, 5), 5) is False
    assert compare("<=", Interval(5, 5), 5) is True
    assert compare("==", Interval(5, 5), Interval(5, 5)) is True


# --- arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_arith_with_unknown_is_unknown(op):
    assert arith(op, None, 1) is None
    assert arith(op, 1, None) is None
    assert arith(op, IV, None) is None


def test_plain_arith():
    assert arith("+", 2, 3) == 5
    assert arith("-", 2, 3) == -1
    assert arith("*", 2, 3) == 6
    assert arith("/", 3, 2) == 1.5


def test_plain_division_by_zero_is_unknown():
    assert arith("/", 3, 0) is None
    assert arith("/", 0, 0) is None
    assert arith("/", 3, 0.0) is None


def test_interval_addition_and_subtraction():
    assert arith("+", IV, 10) == Interval(110, 210)
    assert arith("+", 10, IV) == Interval(110, 210)
    assert arith("+", IV, Interval(1, 2)) == Interval(101, 202)
    assert arith("-", IV, 10) == Interval(90, 190)
    assert arith("-", 300, IV) == Interval(100, 200)
    assert arith("-", IV, Interval(1, 2)) == Interval(98, 199)


def test_interval_multiplication_takes_the_extreme_products():
    assert arith("*", IV, 0.5) == Interval(50, 100)
    assert arith("*", IV, -1) == Interval(-200, -100)
    assert arith("*", Interval(-1, 2), Interval(-3, 4)) == Interval(-6, 8)


def test_interval_division():
    assert arith("/", IV, 2) == Interval(50, 100)
    assert arith("/", 100, Interval(2, 4)) == Interval(25, 50)
    assert arith("/", IV, Interval(-4, -2)) == Interval(-100, -25)


@pytest.mark.parametrize(
    "divisor", [0, Interval(0, 0), Interval(-1, 1), Interval(0, 5), Interval(-5, 0)]
)
def test_interval_division_by_a_range_containing_zero_is_unknown(divisor):
    assert arith("/", IV, divisor) is None


def test_interval_results_are_ordered():
    for op in "+-*/":
        result = arith(op, Interval(-3, 7), Interval(2, 5))
        assert isinstance(result, Interval)
        assert result.lo <= result.hi


# --- OneOf: a value known to be one of a few (an open route outcome) -----------------------


def test_one_of_equality_is_known_only_when_every_option_agrees():

    open_ = OneOf(frozenset({"possible", "not_possible", "uncertain"}))
    assert compare("==", open_, "recommended") is False
    assert compare("!=", open_, "recommended") is True
    assert compare("==", open_, "possible") is None
    assert compare("!=", open_, "possible") is None
    assert compare("==", "recommended", open_) is False


def test_one_of_membership():

    promotable = OneOf(frozenset({"possible", "recommended"}))
    both = frozenset({"recommended", "possible"})
    assert member(promotable, both, negated=False) is True
    assert member(promotable, both, negated=True) is False
    assert member(promotable, frozenset({"recommended"}), negated=False) is None
    assert member(promotable, frozenset({"not_possible"}), negated=False) is False
    assert member(None, both, negated=False) is None
    assert member("possible", both, negated=True) is False


def test_an_unknown_option_keeps_a_test_unknown_both_ways():
    maybe_none = OneOf(frozenset({"iop", None}))
    assert member(maybe_none, frozenset({"direct_award"}), negated=True) is None
    assert compare("!=", maybe_none, "direct_award") is None


def test_a_result_too_large_for_a_float_is_unknown_not_a_crash():
    """Issue 16: a product of facts past 10^308 met a float and raised OverflowError, which
    stopped the assessment (exit 3)."""
    huge = (10**15 - 1) ** 21
    assert arith("*", huge, 1.5) is None
    assert arith("/", huge, 3) is None
    assert arith("+", huge, 0.5) is None
    assert arith("*", huge, Interval(1.0, 2.0)) is None
    assert arith("*", huge, 2) == huge * 2  # whole numbers stay exact


def test_a_long_product_of_facts_in_a_condition_evaluates(tmp_path):
    from procurement.core.conditions import Symbol, SymbolKind, compile_condition
    from procurement.core.conditions.typecheck import NUMBER

    symbols = {"x": Symbol("x", SymbolKind.FACT, NUMBER), "y": Symbol("y", SymbolKind.FACT, NUMBER)}
    condition = compile_condition(" * ".join(["x"] * 22) + " * y > 1", symbols)
    assert condition.evaluate({"x": 10**15 - 1, "y": 0.5}) is None
    assert condition.evaluate({"x": 2, "y": 0.5}) is True
