"""Parser of the condition language: precedence, literals, columns and syntax errors."""

from __future__ import annotations

import datetime as dt

import pytest

from procurement.core.conditions import ConditionError, parse
from procurement.core.conditions.ast import And, Arith, Compare, InList, Literal, Name, Not, Or


def shape(node):
    """A compact, column-free rendering of a tree, to compare structure."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Not):
        return ("not", shape(node.item))
    if isinstance(node, And):
        return ("and", *[shape(i) for i in node.items])
    if isinstance(node, Or):
        return ("or", *[shape(i) for i in node.items])
    if isinstance(node, (Compare, Arith)):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, InList):
        return (
            "not in" if node.negated else "in",
            shape(node.operand),
            tuple(i.value for i in node.items),
        )
    raise AssertionError(node)


# --- precedence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a or b and c", ("or", "a", ("and", "b", "c"))),
        ("a and b or c", ("or", ("and", "a", "b"), "c")),
        ("not a and b", ("and", ("not", "a"), "b")),
        ("not a or b", ("or", ("not", "a"), "b")),
        ("a or not b and c", ("or", "a", ("and", ("not", "b"), "c"))),
        ("not not a", ("not", ("not", "a"))),
        ("a and b and c", ("and", "a", "b", "c")),
        ("a or b or c", ("or", "a", "b", "c")),
        ("(a or b) and c", ("and", ("or", "a", "b"), "c")),
        ("not (a and b)", ("not", ("and", "a", "b"))),
        ("((a))", "a"),
        ("not x == 1", ("not", ("==", "x", 1))),
        ("x < 1 and y >= 2", ("and", ("<", "x", 1), (">=", "y", 2))),
    ],
)
def test_boolean_precedence_not_over_and_over_or(source, expected):
    assert shape(parse(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x == 1 + 2 * 3", ("==", "x", ("+", 1, ("*", 2, 3)))),
        ("x == 1 * 2 + 3", ("==", "x", ("+", ("*", 1, 2), 3))),
        ("x == (1 + 2) * 3", ("==", "x", ("*", ("+", 1, 2), 3))),
        ("x == 10 - 4 - 3", ("==", "x", ("-", ("-", 10, 4), 3))),
        ("x == 8 / 4 / 2", ("==", "x", ("/", ("/", 8, 4), 2))),
        ("x / y > 0.3", (">", ("/", "x", "y"), 0.3)),
        ("a + b < c - d", ("<", ("+", "a", "b"), ("-", "c", "d"))),
    ],
)
def test_arithmetic_precedence_and_left_associativity(source, expected):
    assert shape(parse(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("k in ['a', 'b']", ("in", "k", ("a", "b"))),
        ("k not in ['a']", ("not in", "k", ("a",))),
        ("not k in ['a']", ("not", ("in", "k", ("a",)))),
        ("k not in ['a'] and m", ("and", ("not in", "k", ("a",)), "m")),
        ('k in ["a", \'b\', "c"]', ("in", "k", ("a", "b", "c"))),
    ],
)
def test_in_and_not_in(source, expected):
    assert shape(parse(source)) == expected


def test_not_in_sets_negated_and_its_column_is_the_in():
    node = parse("kind not in ['works']")
    assert isinstance(node, InList)
    assert node.negated is True
    assert node.column == 10
    assert node.operand == Name(1, "kind")


# --- literals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("700000", 700000),
        ("700_000", 700000),
        ("1_000_000", 1000000),
        ("0.3", 0.3),
        ("1_234.5", 1234.5),
        ("2023-01-01", dt.date(2023, 1, 1)),
        ("'social_services'", "social_services"),
        ('"works"', "works"),
        ("true", True),
        ("false", False),
    ],
)
def test_literals(text, value):
    node = parse(f"x == {text}")
    assert isinstance(node, Compare)
    assert node.right == Literal(6, value)
    assert type(node.right.value) is type(value)


def test_integers_stay_ints_and_decimals_are_floats():
    assert type(parse("x == 700_000").right.value) is int
    assert type(parse("x == 0.5").right.value) is float


def test_a_lone_boolean_literal_is_a_condition():
    assert parse("true") == Literal(1, True)
    assert parse("  false") == Literal(3, False)


# --- columns --------------------------------------------------------------------------------


def test_node_columns_point_into_the_source():
    node = parse("a and not b == 1")
    assert isinstance(node, And)
    assert node.column == 1
    first, second = node.items
    assert first == Name(1, "a")
    assert isinstance(second, Not) and second.column == 7
    assert isinstance(second.item, Compare) and second.item.column == 13
    assert second.item.left == Name(11, "b")


def test_or_and_column_is_that_of_the_first_item():
    node = parse("  (x) or y")
    assert isinstance(node, Or)
    assert node.column == 4


# --- errors ----------------------------------------------------------------------------------


def error(source: str) -> ConditionError:
    with pytest.raises(ConditionError) as info:
        parse(source)
    return info.value


@pytest.mark.parametrize(
    ("source", "column", "fragment"),
    [
        ("$", 1, "unexpected character '$'"),
        ("a $ b", 3, "unexpected character '$'"),
        ("a and b # comment", 9, "unexpected character '#'"),
        ("(a or b) & c", 10, "unexpected character '&'"),
        ("k in ['a', ?]", 12, "unexpected character '?'"),
        ("x == 'open", 6, 'unexpected character "\'"'),
    ],
)
def test_unexpected_character(source, column, fragment):
    exc = error(source)
    assert exc.column == column
    assert fragment in exc.message


@pytest.mark.parametrize(
    ("source", "column"),
    [
        ("(a", 3),
        ("a and (b or c", 14),
        ("((a)", 5),
        ("not (x == 1", 12),
    ],
)
def test_unclosed_parenthesis_is_reported_where_the_closing_one_was_expected(source, column):
    exc = error(source)
    assert exc.column == column
    assert "expected ')'" in exc.message
    assert "the end of the condition" in exc.message


def test_unclosed_parenthesis_before_other_tokens_names_what_was_found():
    exc = error("(a b")
    assert exc.column == 4
    assert exc.message == "expected ')', found 'b'"


@pytest.mark.parametrize(
    ("source", "column", "found"),
    [
        ("a b", 3, "'b'"),
        ("a)", 2, "')'"),
        ("x == 1 2", 8, "'2'"),
        ("a and b c", 9, "'c'"),
        ("x < 1 < 2", 7, "'<'"),
        ("a not b", 3, "'not'"),
    ],
)
def test_trailing_tokens(source, column, found):
    exc = error(source)
    assert exc.column == column
    assert exc.message == f"expected 'and', 'or' or the end of the condition, found {found}"


@pytest.mark.parametrize(
    ("source", "column", "name"),
    [
        ("f(x)", 1, "f"),
        ("a and len(b) > 1", 7, "len"),
        ("x == max (1, 2)", 6, "max"),
    ],
)
def test_function_calls_are_refused(source, column, name):
    exc = error(source)
    assert exc.column == column
    assert "function calls are not part of the condition language" in exc.message
    assert f"{name}(...)" in exc.message


@pytest.mark.parametrize("source", ["", " ", "\t\n  "])
def test_empty_condition(source):
    exc = error(source)
    assert exc.column == 1
    assert exc.message == "the condition is empty"


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ("x ==", 5, "expected a name, a value or '(', found the end of the condition"),
        ("1 +", 4, "expected a name, a value or '(', found the end of the condition"),
        ("not", 4, "expected a name, a value or '(', found the end of the condition"),
        ("a and", 6, "expected a name, a value or '(', found the end of the condition"),
        ("and a", 1, "expected a name, a value or '(', found 'and'"),
        ("x == ]", 6, "expected a name, a value or '(', found ']'"),
        ("k in x", 6, "expected '[' after 'in', found 'x'"),
        ("k in ['a'", 10, "expected ',' or ']' in the list, found the end of the condition"),
        ("k in ['a' 'b']", 11, "expected ',' or ']' in the list, found \"'b'\""),
    ],
)
def test_other_syntax_errors(source, column, message):
    exc = error(source)
    assert exc.column == column
    assert exc.message == message


def test_list_items_must_be_literals():
    exc = error("k in ['a', b]")
    assert exc.column == 12
    assert exc.message == "a list may hold only literal values"


def test_invalid_date_literal():
    exc = error("as_of < 2023-02-30")
    assert exc.column == 9
    assert exc.message == "invalid date '2023-02-30'"


def test_error_text_includes_the_column():
    assert str(error("a b")).endswith("(column 3)")


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(ConditionError) as info:
        parse("(" * 200 + "a" + ")" * 200)
    assert "nested" in info.value.message
    with pytest.raises(ConditionError):
        parse("not " * 200 + "a")


def test_moderate_nesting_is_fine():
    assert shape(parse("(" * 10 + "a" + ")" * 10)) == "a"
    assert shape(parse("not not not a")) == ("not", ("not", ("not", "a")))


# --- numbers out of range (issue 16) -------------------------------------------------------
# Before, a 400-digit number loaded and every assessment then stopped with an OverflowError.


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("999_999_999_999_999", 10**15 - 1),
        ("999999999999999", 10**15 - 1),
        ("0", 0),
        ("000000000000000000000042", 42),
        ("99999999999999.9", 99999999999999.9),
        ("0.123456789012345", 0.123456789012345),
        ("0.000000000000000000001", 1e-21),
        ("1.500000000000000000000", 1.5),
    ],
)
def test_numbers_in_range_are_read(text, value):
    assert shape(parse(f"x < {text}")) == ("<", "x", value)


@pytest.mark.parametrize(
    "text",
    ["1_000_000_000_000_000", "1000000000000000", "1000000000000000.0", "9" * 400, "9" * 5000],
)
def test_a_number_of_the_limit_or_more_is_an_error(text):
    with pytest.raises(ConditionError) as info:
        parse(f"x < {text}")
    assert info.value.column == 5
    assert "is too large: a number in a condition must be less than 1_000_000_000_000_000" in (
        info.value.message
    )
    assert len(info.value.message) < 200, "a long number is cut in the message"


@pytest.mark.parametrize("text", ["0.1234567890123456", "99999999999999.99", "1.0000000000000001"])
def test_a_decimal_with_more_significant_digits_than_a_float_holds_is_an_error(text):
    with pytest.raises(ConditionError) as info:
        parse(f"x < {text}")
    assert info.value.column == 5
    assert info.value.message == (
        f"the number {text} has more than 15 significant digits, which a condition cannot "
        "hold exactly"
    )
