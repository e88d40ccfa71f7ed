"""Numbers as people type them: "1 800 000", "1,8", "2,5 mnkr" read the way a Swede means
them (Babel, sv_SE; en_GB for the English interface), and anything ambiguous refused.

"1.800" in Swedish could be 1 800 or 1,8, so it is refused with both readings suggested;
nothing is ever truncated or guessed. Messages name the field and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from procurement.core.errors import InputError
from procurement.core.formatting import format_number, format_quantity
from procurement.core.limits import NUMBER_LIMIT
from procurement.core.model.common import Lang
from procurement.core.texts import texts

__all__ = ["LARGEST", "NumberError", "parse_number"]

_TEXTS = texts("numbers")

LARGEST = NUMBER_LIMIT  # beyond any real amount or count; keeps floats exact
_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
_GROUP = {"sv": "\u00a0", "en": ","}
_SPACES = re.compile(r"[ \u00a0\u202f]")
_SHAPE = re.compile(r"[0-9 \u00a0\u202f.,]*[0-9]")
# Words for kronor, before or after the number, and how much each multiplies it.
_SEK_WORDS = re.compile(
    r"(?i)^(?:sek\s*)?(?P<n>.*?)\s*(?P<word>kr\.?|kronor|sek|tkr|mnkr|mkr|milj\.?|miljon|"
    r"miljoner|million|millions)?$"
)
_SCALE = {
    "tkr": 1000,
    "mnkr": 10**6,
    "mkr": 10**6,
    "milj": 10**6,
    "milj.": 10**6,
    "miljon": 10**6,
    "miljoner": 10**6,
    "million": 10**6,
    "millions": 10**6,
}


class NumberError(InputError):
    """A typed number that cannot be used; ``field`` is the field's label, ``reason`` the
    kind of problem (a key of data/texts/numbers.yaml)."""

    def __init__(self, field: str, reason: str, message: str, row: int | None = None) -> None:
        self.reason = reason
        super().__init__(field, message, row)


def parse_number(
    text: str,
    lang: Lang,
    *,
    label: str,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    unit: str | None = None,
    message_lang: Lang | None = None,
    point_decimal: bool = False,
) -> int | float | None:
    """The number ``text`` means, written the ``lang`` way; None when it is blank.

    Spaces (also no-break and narrow no-break) group thousands in both languages. With
    ``unit='SEK'`` the words kr, SEK, tkr (x 1 000), mnkr/Mkr/miljoner (x 1 000 000) are
    understood, with ``unit='share'`` a percent sign. ``point_decimal`` (for tables written by
    programs) reads a point in Swedish text as a decimal sign where it cannot be a thousands
    separator. Raise :class:`NumberError`, in ``message_lang`` (default ``lang``), naming
    ``label``.
    """
    said = text.strip()
    if not said:
        return None
    msg_lang = message_lang or lang

    def fail(reason: str, **params: object) -> NumberError:
        shown = said if len(said) <= 40 else said[:37] + "…"
        message = _TEXTS(reason, msg_lang, text=shown, **params)
        return NumberError(label, reason, message)

    body, scale = _unit(said, unit)
    negative = body[:1] in ("-", "\u2212")
    if body[:1] in ("-", "\u2212", "+"):
        body = body[1:].lstrip()
    if not _SHAPE.fullmatch(body):
        example = _TEXTS("example_integer" if integer else "example_number", msg_lang)
        raise fail("not_a_number", example=example)
    value = _decimal(body, lang, point_decimal, fail) * scale
    if negative:
        value = -value
    if abs(value) >= LARGEST:
        raise fail("too_large")
    if integer and value != value.to_integral_value():
        raise fail("whole_number")
    if minimum is not None and value < Decimal(str(minimum)):
        raise fail("at_least", bound=format_quantity(minimum, unit, msg_lang))
    if maximum is not None and value > Decimal(str(maximum)):
        raise fail("at_most", bound=format_quantity(maximum, unit, msg_lang))
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _unit(text: str, unit: str | None) -> tuple[str, Decimal]:
    """The number's own text and the factor its unit word gives."""
    if unit == "share" and text.endswith("%"):
        return text[:-1].rstrip(), Decimal("0.01")
    if unit == "SEK":
        match = _SEK_WORDS.match(text)
        if match and match.group("n"):
            word = (match.group("word") or "").lower()
            return match.group("n"), Decimal(_SCALE.get(word, 1))
    return text, Decimal(1)


def _decimal(
    body: str, lang: Lang, point_decimal: bool, fail: Callable[..., NumberError]
) -> Decimal:
    """The digits, separators and all, as a Decimal; strict about grouping (Babel)."""
    if lang == "sv" and "." in body:
        # A point is not Swedish: say what it could mean, and take it only where it can be
        # nothing but a decimal sign in a table written by a program.
        as_thousands = _strict(body.replace(".", " "), "sv")
        as_decimal = _strict(body.replace(".", ","), "sv") if body.count(".") == 1 else None
        if as_decimal is not None and as_thousands is None and point_decimal:
            return as_decimal
        if as_decimal is not None and as_thousands is not None:
            raise fail(
                "ambiguous_point",
                thousands=format_number(float(as_thousands), "sv"),
                decimal=format_number(float(as_decimal), "sv"),
            )
        if as_decimal is not None:
            raise fail("point_as_decimal", decimal=format_number(float(as_decimal), "sv"))
        if as_thousands is not None:
            raise fail("point_as_thousands", thousands=format_number(float(as_thousands), "sv"))
    value = _strict(body, lang) if "." not in body or lang == "en" else None
    if value is None and lang == "sv":
        english = _strict(body, "en")  # "1,800,000" or "1,234.5": written the English way
        if english is not None:
            raise fail("english_style", reading=format_number(float(english), "sv"))
    if value is None:
        raise fail(f"bad_format_{lang}")
    return value


def _strict(body: str, lang: Lang) -> Decimal | None:
    """``body`` read strictly in ``lang`` (spaces group thousands), or None."""
    if lang == "sv" and body.count(",") > 1:
        return None
    try:
        value = parse_decimal(_SPACES.sub(_GROUP[lang], body), locale=_LOCALES[lang], strict=True)
    except (NumberFormatError, ArithmeticError, ValueError):
        return None
    return Decimal(value)
