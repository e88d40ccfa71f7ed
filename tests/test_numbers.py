"""Typed numbers read as a Swede means them (procurement.core.numbers), refused when in doubt."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procurement.core.formatting import format_number, format_quantity
from procurement.core.model.common import Lang
from procurement.core.numbers import LARGEST, NumberError, parse_number

VALUE = "Uppskattat värde"


def sv(text: str, **options: object) -> int | float | None:
    return parse_number(text, "sv", label=VALUE, **options)  # type: ignore[arg-type]


def en(text: str, **options: object) -> int | float | None:
    return parse_number(text, "en", label="Estimated value", **options)  # type: ignore[arg-type]


def refused(text: str, lang: Lang = "sv", **options: object) -> NumberError:
    label = VALUE if lang == "sv" else "Estimated value"
    with pytest.raises(NumberError) as info:
        parse_number(text, lang, label=label, **options)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 800 000", 1_800_000),
        ("1\u00a0800\u00a0000", 1_800_000),  # no-break spaces, as Babel writes them
        ("1\u202f800\u202f000", 1_800_000),  # narrow no-break spaces
        ("1800000", 1_800_000),
        ("1,8", 1.8),
        ("2,5", 2.5),
        ("0,5", 0.5),
        (",5", 0.5),
        ("1 800,25", 1800.25),
        ("  650 000  ", 650_000),
        ("0", 0),
        ("36,0", 36),
        ("+5", 5),
    ],
)
def test_swedish_numbers(text: str, expected: float) -> None:
    value = sv(text)
    assert value == expected
    assert type(value) is type(expected)  # whole numbers come back as int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,800,000", 1_800_000),
        ("1 800 000", 1_800_000),
        ("1800000", 1_800_000),
        ("1.8", 1.8),
        ("2.5", 2.5),
        ("1,800.5", 1800.5),
    ],
)
def test_english_numbers(text: str, expected: float) -> None:
    assert en(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_blank_is_no_answer(text: str) -> None:
    assert sv(text) is None
    assert en(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.800", "ambiguous_point"),
        ("1.8", "point_as_decimal"),
        ("1234.5", "point_as_decimal"),
        ("1.800.000", "point_as_thousands"),
        ("1,800,000", "english_style"),
        ("1,234.5", "english_style"),
        ("1 80 000", "bad_format_sv"),
        ("1  800", "bad_format_sv"),
        ("18 00", "bad_format_sv"),
        ("5,", "not_a_number"),
        ("abc", "not_a_number"),
        ("12a", "not_a_number"),
        ("1e5", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("1_000", "not_a_number"),
        ("\u0661\u0662", "not_a_number"),  # Arabic-Indic digits: not what a Swede types
        ("--5", "not_a_number"),
    ],
)
def test_swedish_refusals(text: str, reason: str) -> None:
    exc = refused(text)
    assert exc.reason == reason
    assert exc.field == VALUE
    assert str(exc).startswith(f"{VALUE}: ")
    assert text.strip() in exc.detail  # the message quotes what was typed


def test_an_ambiguous_point_names_both_readings_in_swedish() -> None:
    exc = refused("1.800")
    assert exc.detail == (
        "”1.800” är tvetydigt: en punkt kan skilja tusental eller decimaler. "
        "Menar du 1\u00a0800 eller 1,8? Skriv tusental med mellanslag och decimaler med komma."
    )


def test_a_point_decimal_is_told_how_to_write_it() -> None:
    assert "Skriv 1,8." in refused("1.8").detail
    assert "Skriv 1\u00a0800\u00a0000." in refused("1.800.000").detail
    assert "Menar du 1\u00a0800\u00a0000?" in refused("1,800,000").detail


@pytest.mark.parametrize("text", ["1,8", "2,5", "0,5", "1.800,5", "1 800,5"])
def test_english_refuses_a_decimal_comma(text: str) -> None:
    exc = refused(text, "en")
    assert exc.reason == "bad_format_en"
    assert exc.detail.startswith(f"“{text}” is not a well-formed number")
    assert str(exc).startswith("Estimated value: ")


def test_message_language_can_differ_from_the_writing() -> None:
    exc = refused("1.800", "sv", message_lang="en")
    assert exc.detail.startswith("“1.800” is ambiguous")


# --- bounds and whole numbers --------------------------------------------------------------


def test_an_integer_field_refuses_decimals_and_names_the_field() -> None:
    with pytest.raises(NumberError) as info:
        parse_number("2,5", "sv", label="Avtalstid", integer=True, minimum=1, unit="months")
    assert str(info.value) == "Avtalstid: ange ett heltal, inte ”2,5”."
    assert info.value.reason == "whole_number"
    assert parse_number("24", "sv", label="Avtalstid", integer=True) == 24
    assert parse_number("24,0", "sv", label="Avtalstid", integer=True) == 24


@pytest.mark.parametrize("text", ["-5", "\u22125", "- 1 000", "-0,5"])
def test_negative_values_are_refused_when_the_minimum_is_zero(text: str) -> None:
    exc = refused(text, minimum=0, unit="SEK")
    assert exc.reason == "at_least"
    assert "mindre än 0 kr" in exc.detail


def test_negative_values_are_read_without_a_minimum() -> None:
    assert sv("-5") == -5
    assert sv("\u22121,5") == -1.5  # Babel's minus sign


def test_minimum_and_maximum_in_the_fields_unit() -> None:
    exc = refused("0", integer=True, minimum=1, unit="months")
    assert "mindre än 1 månad" in exc.detail
    exc = refused("1,5", maximum=1, unit="share")
    assert exc.reason == "at_most"
    assert "större än 100 %" in exc.detail
    exc = refused("2", "en", maximum=1, unit="share")
    assert "greater than 100%" in exc.detail


def test_values_beyond_any_real_amount_are_refused() -> None:
    assert sv("999 999 999 999 999") == LARGEST - 1
    assert refused("1 000 000 000 000 000").reason == "too_large"
    assert refused("1 000 000 000 mnkr", unit="SEK").reason == "too_large"


def test_long_input_is_quoted_shortened() -> None:
    exc = refused("x" * 200)
    assert "x" * 37 + "…" in exc.detail
    assert "x" * 38 not in exc.detail


# --- unit words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 800 000 kr", 1_800_000),
        ("1 800 000kr", 1_800_000),
        ("1 800 000 kr.", 1_800_000),
        ("700 000 kronor", 700_000),
        ("700 000 SEK", 700_000),
        ("SEK 700 000", 700_000),
        ("250 tkr", 250_000),
        ("1,8 mnkr", 1_800_000),
        ("2,5 Mkr", 2_500_000),
        ("2,5 MKR", 2_500_000),
        ("3 miljoner", 3_000_000),
        ("1 miljon", 1_000_000),
        ("1,25 milj.", 1_250_000),
    ],
)
def test_kronor_words(text: str, expected: int) -> None:
    assert sv(text, unit="SEK") == expected


def test_kronor_words_in_english() -> None:
    assert en("SEK 1,800,000", unit="SEK") == 1_800_000
    assert en("1.8 million", unit="SEK") == 1_800_000


def test_unit_words_only_for_amounts() -> None:
    assert refused("5 kr", integer=True, unit="months").reason == "not_a_number"
    assert refused("5 kr").reason == "not_a_number"  # no unit: no words
    assert refused("kr", unit="SEK").reason == "not_a_number"


def test_a_share_may_be_given_in_percent() -> None:
    assert sv("20 %", unit="share") == 0.2
    assert sv("20%", unit="share") == 0.2
    assert sv("0,2", unit="share") == 0.2
    assert sv("12,5 %", unit="share") == 0.125


# --- what the app writes, the parser reads back --------------------------------------------

amounts = st.decimals(
    min_value=Decimal(-(10**14)), max_value=Decimal(10**14), places=4, allow_nan=False
).map(float)


@given(amounts, st.sampled_from(["sv", "en"]))
def test_formatted_numbers_parse_back(value: float, lang: Lang) -> None:
    assert parse_number(format_number(value, lang), lang, label="x") == value


@given(st.integers(min_value=0, max_value=10**14))
def test_formatted_amounts_parse_back_with_their_unit(value: int) -> None:
    for lang in ("sv", "en"):
        text = format_quantity(value, "SEK", lang)  # "1 800 000 kr", "SEK 1,800,000"
        assert parse_number(text, lang, label="x", unit="SEK", minimum=0) == value


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_clear_refusal(text: str) -> None:
    for lang in ("sv", "en"):
        try:
            value = parse_number(text, lang, label="Fältet", unit="SEK")  # type: ignore[arg-type]
        except NumberError as exc:
            assert str(exc).startswith("Fältet: ")
            assert exc.detail
        else:
            assert value is None or isinstance(value, (int, float))


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_swedish_point_is_never_taken_silently(head: int, tail: int) -> None:
    text = f"{head}.{tail:03d}"
    assert refused(text).reason == "ambiguous_point"
    assert refused(text, point_decimal=True).reason == "ambiguous_point"


def test_tables_may_have_a_point_where_it_can_only_be_decimals() -> None:
    assert sv("1234.5", point_decimal=True) == 1234.5
    assert sv("0.25", point_decimal=True) == 0.25
    assert sv("1.8", point_decimal=True) == 1.8
    assert refused("1.800", point_decimal=True).reason == "ambiguous_point"
