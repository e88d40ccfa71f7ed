"""Text a user typed or uploaded, shown by Streamlit exactly as written: never a link, an image,
an icon, a colour, maths or HTML.

Streamlit renders Markdown (GitHub-flavoured, with its own :colour[…] and :material/…:
extensions) in st.markdown, st.error, st.caption, headers and labels. :func:`plain` makes any
text literal there; :func:`show_error` is the one way a page shows an error that may quote
such text (an InputError quotes the bad value, key or file name).
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from procurement.core.model.common import Lang
from procurement.ui.texts import t

__all__ = ["WORD_JOINER", "plain", "plain_params", "show_error"]

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and then stands
# for itself: links, images, emphasis, code, HTML, tables, headings, $maths$, :directives[].
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Bare addresses (https://…, www.…, a@b.se) become links and :name: an emoji or icon *after*
# parsing, escaped or not. An invisible word joiner after ':' and '@' and inside 'www.' keeps
# the characters on screen as typed and breaks those patterns.
WORD_JOINER = "\u2060"
_AFTER_JOINER = re.compile(r"(\\[:@])|(?i:(www)(?=\\\.))")


def plain(text: object) -> str:
    """``text`` as Markdown that Streamlit shows character for character; a line break stays
    a line break, and leading spaces do not make a code block."""
    # A lone surrogate (e.g. "\\ud800" in an uploaded JSON file) cannot be sent to the
    # browser at all: it is shown as its escape.
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(_line(line) for line in lines)


def _line(line: str) -> str:
    escaped = _PUNCTUATION.sub(r"\\\1", line)
    escaped = _AFTER_JOINER.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, escaped)
    body = escaped.lstrip(" \t")
    indent = escaped[: len(escaped) - len(body)]
    return indent.replace(" ", "&#32;").replace("\t", "&#9;") + body


def plain_params(key: str, lang: Lang, **params: Any) -> str:
    """The interface text ``key`` with every parameter (user text) shown literally."""
    return t(key, lang, **{name: plain(value) for name, value in params.items()})


def show_error(
    error: BaseException | str,
    lang: Lang,
    key: str | None = None,
    *,
    where: Any = st,
    icon: str | None = None,
) -> None:
    """One red box with ``error`` as written (in the interface text ``key`` as its
    ``{error}`` when given); never a traceback."""
    text = plain_params(key, lang, error=str(error)) if key else plain(str(error))
    where.error(text, icon=icon)
