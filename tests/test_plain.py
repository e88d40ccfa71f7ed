"""procurement.ui.plain: any text, rendered as Markdown, shows its own characters and nothing
else: no link, image, emphasis, heading, list, table, code or HTML."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from procurement.ui.plain import WORD_JOINER, plain, plain_params
from tests.markdown_text import shown

# CommonMark with GitHub's tables, strikethrough and bare links (Streamlit renders GFM).
MD = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
MD.linkify.set({"fuzzy_link": False})

# The only tags plain text may produce: paragraphs and line breaks.
_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
_ALLOWED = {"p", "br"}

MARKUP = [
    "[Logga in här](https://example.com)",
    "![x](https://example.com/a.png)",
    "<img src=https://example.com/b.png>",
    "<script>alert(1)</script>",
    "**fet** _kursiv_ ~~struken~~ `kod`",
    "# Rubrik",
    "- punkt\n1. nummer\n> citat",
    "    indragen kod",
    "a | b\n---|---\n1 | 2",
    "Rubrik\n===",
    "$x^2$ och $$y$$",
    ":red[röd] :material/home: :smile:",
    "https://example.com www.example.com a@example.com",
    "[ref]: https://example.com\n[ref]",
    "&amp; &#42; \\* \\",
    "Titel med_understreck och 100 % och 5 < 6 > 4",
]


def rendered(markdown: str) -> str:
    return MD.render(markdown)


def shown_text(markup: str) -> str:
    """What a reader sees: the text of the HTML, line breaks as spaces, joiners dropped."""
    text = _TAG.sub(" ", markup)
    return html.unescape(text).replace(WORD_JOINER, "")


def tags(markup: str) -> set[str]:
    return {m.group(2) for m in _TAG.finditer(markup)}


def same_characters(a: str, b: str) -> bool:
    return a.split() == b.split()


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_shown_as_typed(text: str) -> None:
    out = rendered(plain(text))
    assert tags(out) <= _ALLOWED, out
    assert same_characters(shown_text(out), text), out


@pytest.mark.parametrize("text", MARKUP[:4])
def test_the_same_text_unescaped_would_be_markup(text: str) -> None:
    # The test can fail: without plain() these texts do become links, images or HTML.
    out = rendered(text)
    assert tags(out) - _ALLOWED or "<a " in out, out


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_text_renders_as_itself(text: str) -> None:
    out = rendered(plain(text))
    assert tags(out) <= _ALLOWED, (text, out)
    assert "<a " not in out and "<img" not in out
    assert same_characters(shown_text(out), text), (text, out)


@given(st.text(alphabet=st.sampled_from(list("[]()!<>:/@.wh*_`#|~$\\ \nx")), max_size=40))
def test_markdown_characters_in_any_order(text: str) -> None:
    out = rendered(plain(text))
    assert tags(out) <= _ALLOWED, (text, out)
    assert same_characters(shown_text(out), text), (text, out)


def test_escaping_rules() -> None:
    assert plain("[a](b)") == r"\[a\]\(b\)"
    assert plain("a*b_c") == r"a\*b\_c"
    assert plain("\\") == "\\\\"
    assert plain("1 < 2") == r"1 \< 2"
    # streamlit's :directives[], icons and emoji, bare links and e-mail addresses
    assert plain(":red[x]") == f"\\:{WORD_JOINER}red\\[x\\]"
    assert ":material/" not in plain(":material/home:")
    assert plain("https://x.se") == f"https\\:{WORD_JOINER}\\/\\/x\\.se"
    assert plain("a@b.se") == f"a\\@{WORD_JOINER}b\\.se"
    assert plain("WWW.x.se") == f"WWW{WORD_JOINER}\\.x\\.se"
    # line breaks stay line breaks; indentation never makes a code block
    assert plain("a\nb") == "a  \nb"
    assert plain("a\r\nb") == "a  \nb"
    assert plain("    kod") == "&#32;&#32;&#32;&#32;kod"
    assert plain("") == ""
    assert plain("Städning 2026") == "Städning 2026"


def test_plain_params_escapes_the_values_not_the_text() -> None:
    text = plain_params("import_error", "sv", error="[x](https://e.se)")
    assert text.startswith("Filen kunde inte läsas: ")
    assert "\\[x\\]\\(" in text


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=WORD_JOINER)))
def test_the_test_helper_reads_back_exactly_what_was_escaped(text: str) -> None:
    assert shown(plain(text)) == text.replace("\r\n", "\n").replace("\r", "\n")
