"""Text a document can hold: the characters of XML 1.0, which DOCX is made of.

A title, a note, a clause value or a reason typed by a user ends up in a DOCX (XML) and a PDF.
XML 1.0 cannot hold the C0 control characters other than tab, line feed and carriage return,
lone UTF-16 surrogates (which no UTF-8 text can carry either) or U+FFFE and U+FFFF; DEL is
refused as well, as it is never meant. Such text is refused where it is typed, naming the
field and the character, instead of failing when the document is written.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNFIT", "character_name", "unfit_character"]

# What XML 1.0's Char production excludes below U+10000, plus DEL.
UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def unfit_character(text: str) -> str | None:
    """The first character of ``text`` that a document cannot hold, or None."""
    found = UNFIT.search(text)
    return found.group() if found else None


def character_name(ch: str) -> str:
    """A character as a user can find it: ``U+0001``, ``'😀' (U+1F600 GRINNING FACE)``."""
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "")
    if not name or UNFIT.match(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
        return f"{code} {name}".strip()
    return f"'{ch}' ({code} {name})"
