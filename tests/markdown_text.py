"""What a reader sees of Markdown that procurement.ui.plain made literal: the escapes and
invisible word joiners dropped, hard line breaks as line breaks (for AppTest assertions)."""

from __future__ import annotations

import re

from procurement.ui.plain import WORD_JOINER

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """``markdown`` as read on screen when its text was escaped by ``plain``."""
    text = markdown.replace(WORD_JOINER, "").replace("&#32;", " ").replace("&#9;", "\t")
    return _ESCAPE.sub(r"\1", text.replace("  \n", "\n"))
