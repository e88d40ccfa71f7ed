"""The app's own interface texts (data/ui/texts.yaml), Swedish first.

Legal texts, amounts and references come from the rules, never from here.
"""

from __future__ import annotations

from procurement.core.model.common import Lang
from procurement.core.resources import data_path
from procurement.core.textcatalogue import TextCatalogue

__all__ = ["PLAIN_ICON", "STATUS_ICON", "TEXTS_FILE", "t"]

TEXTS_FILE = data_path("ui", "texts.yaml")

# Shown with the status words, never instead of them. Material icons ship with Streamlit;
# the plain symbols are for exported Markdown.
STATUS_ICON = {
    "recommended": ":material/check_circle:",
    "possible": ":material/task_alt:",
    "not_possible": ":material/block:",
    "uncertain": ":material/help:",
    "met": ":material/check_circle:",
    "eligible": ":material/check_circle:",
    "not_met": ":material/block:",
    "not_eligible": ":material/block:",
    "incomplete": ":material/help:",
    "unknown": ":material/help:",
}
PLAIN_ICON = {
    "recommended": "✔",
    "possible": "○",
    "not_possible": "✖",
    "uncertain": "?",
    "met": "✔",
    "eligible": "✔",
    "not_met": "✖",
    "not_eligible": "✖",
    "incomplete": "?",
    "unknown": "?",
}


_CATALOGUE = TextCatalogue(TEXTS_FILE)


def t(key: str, lang: Lang, **params: object) -> str:
    """The interface text ``key`` in ``lang``, with ``{params}`` filled in."""
    return _CATALOGUE(key, lang, **params)
