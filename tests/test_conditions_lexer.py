"""Tokeniser of the condition language: kinds, texts, 1-based columns and errors."""

from __future__ import annotations

import pytest

from procurement.core.conditions import ConditionError, parse
from procurement.core.conditions.lexer import KEYWORDS, Token, tokenize


def kinds(source: str) -> list[str]:
    return [t.kind for t in tokenize(source)]


def test_tokens_carry_kind_text_and_column():
    tokens = tokenize("estimated_value_sek >= 1_000 and kind not in ['a']")
    assert tokens == [
        Token("name", "estimated_value_sek", 1),
        Token("op", ">=", 21),
        Token("number", "1_000", 24),
        Token("and", "and", 30),
        Token("name", "kind", 34),
        Token("not", "not", 39),
        Token("in", "in", 43),
        Token("op", "[", 46),
        Token("string", "'a'", 47),
        Token("op", "]", 50),
        Token("end", "", 51),
    ]


def test_end_token_is_one_past_the_last_character():
    assert tokenize("a")[-1] == Token("end", "", 2)
    assert tokenize("a   ")[-1] == Token("end", "", 5)


def test_whitespace_of_any_kind_is_skipped_but_counted_in_columns():
    tokens = tokenize("a\tand\n  b")
    assert [(t.kind, t.column) for t in tokens] == [
        ("name", 1),
        ("and", 3),
        ("name", 9),
        ("end", 10),
    ]


@pytest.mark.parametrize("word", sorted(KEYWORDS))
def test_keywords_get_their_own_kind(word):
    token = tokenize(word)[0]
    assert token.kind == word
    assert token.text == word


def test_keywords_are_case_sensitive_and_words_containing_them_are_names():
    assert kinds("AND andy notable in_force") == ["name", "name", "name", "name", "end"]


def test_names_may_contain_dots_and_digits_after_the_first_dot():
    tokens = tokenize("route.reserved_contract.4_18 == 'possible'")
    assert tokens[0] == Token("name", "route.reserved_contract.4_18", 1)
    assert tokens[1] == Token("op", "==", 30)


@pytest.mark.parametrize(
    ("source", "kind", "text"),
    [
        ("700000", "number", "700000"),
        ("700_000", "number", "700_000"),
        ("0.15", "number", "0.15"),
        ("1_234.5", "number", "1_234.5"),
        ("2023-01-01", "date", "2023-01-01"),
        ("'social_services'", "string", "'social_services'"),
        ('"social_services"', "string", '"social_services"'),
        ("''", "string", "''"),
    ],
)
def test_literal_tokens(source, kind, text):
    tokens = tokenize(source)
    assert tokens[0] == Token(kind, text, 1)
    assert tokens[1].kind == "end"


@pytest.mark.parametrize(
    "op", ["==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",", "+", "-", "*", "/"]
)
def test_every_operator_is_one_token(op):
    tokens = tokenize(f"a {op} b")
    assert tokens[1] == Token("op", op, 3)


def test_two_character_operators_win_over_one_character_ones():
    assert [t.text for t in tokenize("a<=b>=c!=d==e")][:-1] == [
        "a",
        "<=",
        "b",
        ">=",
        "c",
        "!=",
        "d",
        "==",
        "e",
    ]


def test_a_date_is_not_split_into_arithmetic():
    assert kinds("as_of < 2023-01-01") == ["name", "op", "date", "end"]


def test_numbers_with_minus_are_arithmetic_when_not_a_date():
    assert [(t.kind, t.text) for t in tokenize("10-2")] == [
        ("number", "10"),
        ("op", "-"),
        ("number", "2"),
        ("end", ""),
    ]


def test_strings_keep_other_quotes_and_spaces_inside():
    token = tokenize('"it\'s a value"')[0]
    assert token == Token("string", '"it\'s a value"', 1)


@pytest.mark.parametrize(
    ("source", "char", "column"),
    [
        ("$", "$", 1),
        ("a $ b", "$", 3),
        ("a == 1 & b", "&", 8),
        ("x = 1", "=", 3),
        ("a == 1 ; b", ";", 8),
        ("kind == 'open", "'", 9),
        ('kind == "open', '"', 9),
        ("a == 1.5.2", ".", 9),
        ("a == !b", "!", 6),
        ("värde > 1", "ä", 2),
    ],
)
def test_an_unexpected_character_is_one_other_token_at_its_column(source, char, column):
    """The lexer never fails: unknown characters become 'other' tokens, which the parser
    reports (see test_conditions_parser.py) at the same column."""
    others = [t for t in tokenize(source) if t.kind == "other"]
    assert others[0] == Token("other", char, column)
    with pytest.raises(ConditionError) as info:
        parse(source)
    assert info.value.column == column
    assert info.value.message == f"unexpected character {char!r}"
    assert f"(column {column})" in str(info.value)


def test_empty_source_is_just_the_end_token():
    assert tokenize("") == [Token("end", "", 1)]
